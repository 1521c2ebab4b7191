//! Knowing a document by its bytes (*reconnaissance du contenu*): a PDF
//! starts with `%PDF-`; DOCX, XLSX, ODT and ODS are ZIP files, told apart
//! by their directory. OpenDocument's first entry is `mimetype`, stored
//! uncompressed, holding the exact media type; Office Open XML holds
//! `[Content_Types].xml` and its main part (`word/document.xml`,
//! `xl/workbook.xml`). Nothing is decompressed but `mimetype`, and only its
//! first bytes: a ZIP bomb costs nothing here.

use std::io::{Cursor, Read};

use super::{DocumentError, DocumentKind, MAX_DOCUMENT_BYTES};

const ODT_MIME: &[u8] = b"application/vnd.oasis.opendocument.text";
const ODS_MIME: &[u8] = b"application/vnd.oasis.opendocument.spreadsheet";

/// The kind of an uploaded file, or why it is refused.
pub fn detect(bytes: &[u8]) -> Result<DocumentKind, DocumentError> {
    if bytes.is_empty() {
        return Err(DocumentError::Empty);
    }
    if bytes.len() > MAX_DOCUMENT_BYTES {
        return Err(DocumentError::TooLarge);
    }
    if bytes.starts_with(b"%PDF-") {
        return Ok(DocumentKind::Pdf);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return zip_kind(bytes).ok_or(DocumentError::NotAccepted);
    }
    Err(DocumentError::NotAccepted)
}

/// An office document's kind from its ZIP directory; `None` for any other
/// or unreadable archive.
fn zip_kind(bytes: &[u8]) -> Option<DocumentKind> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    if let Some(kind) = open_document_kind(&mut archive) {
        return Some(kind);
    }
    let has = |name: &str| archive.index_for_name(name).is_some();
    if !has("[Content_Types].xml") {
        return None;
    }
    if has("word/document.xml") {
        Some(DocumentKind::Docx)
    } else if has("xl/workbook.xml") {
        Some(DocumentKind::Xlsx)
    } else {
        None
    }
}

fn open_document_kind(archive: &mut zip::ZipArchive<Cursor<&[u8]>>) -> Option<DocumentKind> {
    let mut first = archive.by_index(0).ok()?;
    if first.name().ok()? != "mimetype" {
        return None;
    }
    let mut mime = Vec::with_capacity(64);
    // One byte more than the longest type: a longer content is not it.
    let limit = ODS_MIME.len().max(ODT_MIME.len()) as u64 + 1;
    first.by_ref().take(limit).read_to_end(&mut mime).ok()?;
    match mime.as_slice() {
        ODT_MIME => Some(DocumentKind::Odt),
        ODS_MIME => Some(DocumentKind::Ods),
        _ => None,
    }
}
