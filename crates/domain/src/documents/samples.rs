//! Small valid documents built from text (*documents types*): the demo's
//! call text and bilan template, and the tests' real files. Each is the
//! least its format needs to open in a reader (LibreOffice, Acrobat).

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::CompressionMethod;

/// A one-page PDF with a title and lines of text (Helvetica, WinAnsi: the
/// French accents print; what Latin-1 lacks prints as `?`).
pub fn pdf(title: &str, lines: &[&str]) -> Vec<u8> {
    let mut content = b"BT /F1 16 Tf 56 780 Td (".to_vec();
    content.extend(pdf_text(title));
    content.extend_from_slice(b") Tj /F1 11 Tf 0 -28 Td 14 TL");
    for line in lines.iter().flat_map(|line| wrapped(line, 90)) {
        content.extend_from_slice(b" (");
        content.extend(pdf_text(&line));
        content.extend_from_slice(b") Tj T*");
    }
    content.extend_from_slice(b" ET");
    let mut stream = format!("<< /Length {} >>\nstream\n", content.len()).into_bytes();
    stream.extend(content);
    stream.extend_from_slice(b"\nendstream");
    let objects: [Vec<u8>; 5] = [
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] \
          /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>"
            .to_vec(),
        stream,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
            .to_vec(),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (number, body) in (1..).zip(&objects) {
        offsets.push(out.len());
        out.extend(format!("{number} 0 obj\n").into_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).into_bytes());
    for offset in offsets {
        out.extend(format!("{offset:010} 00000 n \n").into_bytes());
    }
    out.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .into_bytes(),
    );
    out
}

/// A paragraph cut into lines of at most `width` characters, between words.
fn wrapped(paragraph: &str, width: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    for word in paragraph.split_whitespace() {
        let last = lines
            .last_mut()
            .filter(|l| l.chars().count() + word.chars().count() < width);
        match last {
            Some(line) if !line.is_empty() => {
                line.push(' ');
                line.push_str(word);
            }
            Some(line) => line.push_str(word),
            None => lines.push(word.to_owned()),
        }
    }
    lines
}

/// A PDF literal string's bytes: Latin-1, with its delimiters escaped.
fn pdf_text(text: &str) -> Vec<u8> {
    let mut bytes = Vec::new();
    for c in text.chars() {
        match c {
            '(' | ')' | '\\' => bytes.extend([b'\\', c as u8]),
            c => bytes.push(u8::try_from(u32::from(c)).unwrap_or(b'?')),
        }
    }
    bytes
}

fn xml_text(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A ZIP of `(name, content)` entries, the first stored, the others deflated.
fn zip(entries: &[(&str, String)]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (index, (name, content)) in entries.iter().enumerate() {
        let method = if index == 0 {
            CompressionMethod::Stored
        } else {
            CompressionMethod::Deflated
        };
        let options = SimpleFileOptions::default().compression_method(method);
        // Writing to memory cannot fail.
        if writer.start_file(*name, options).is_ok() {
            let _ = writer.write_all(content.as_bytes());
        }
    }
    writer.finish().map(Cursor::into_inner).unwrap_or_default()
}

/// A Word document (DOCX): a title and paragraphs.
pub fn docx(title: &str, paragraphs: &[&str]) -> Vec<u8> {
    let paragraph = |text: &str, style: &str| {
        format!(
            "<w:p>{style}<w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
            xml_text(text)
        )
    };
    let mut body = paragraph(title, "<w:pPr><w:pStyle w:val=\"Title\"/></w:pPr>");
    for text in paragraphs {
        body.push_str(&paragraph(text, ""));
    }
    const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
    const PKG: &str = "http://schemas.openxmlformats.org/package/2006";
    const DOC: &str =
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument";
    zip(&[
        (
            "[Content_Types].xml",
            format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"{PKG}/content-types\">\
                 <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
                 <Default Extension=\"xml\" ContentType=\"application/xml\"/>\
                 <Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>\
                 </Types>"
            ),
        ),
        (
            "_rels/.rels",
            format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"{PKG}/relationships\">\
                 <Relationship Id=\"rId1\" Type=\"{DOC}\" Target=\"word/document.xml\"/></Relationships>"
            ),
        ),
        (
            "word/document.xml",
            format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"{W}\">\
                 <w:body>{body}</w:body></w:document>"
            ),
        ),
    ])
}

/// An OpenDocument text (ODT): a title and paragraphs.
pub fn odt(title: &str, paragraphs: &[&str]) -> Vec<u8> {
    let mut body = format!(
        "<text:h text:outline-level=\"1\">{}</text:h>",
        xml_text(title)
    );
    for text in paragraphs {
        body.push_str(&format!("<text:p>{}</text:p>", xml_text(text)));
    }
    open_document(
        "application/vnd.oasis.opendocument.text",
        &format!("<office:text>{body}</office:text>"),
    )
}

/// An OpenDocument spreadsheet (ODS): one sheet of text cells.
pub fn ods(rows: &[&[&str]]) -> Vec<u8> {
    let table: String = rows
        .iter()
        .map(|row| {
            let cells: String = row
                .iter()
                .map(|cell| {
                    format!(
                        "<table:table-cell office:value-type=\"string\"><text:p>{}</text:p></table:table-cell>",
                        xml_text(cell)
                    )
                })
                .collect();
            format!("<table:table-row>{cells}</table:table-row>")
        })
        .collect();
    open_document(
        "application/vnd.oasis.opendocument.spreadsheet",
        &format!(
            "<office:spreadsheet><table:table table:name=\"Feuille1\">{table}</table:table></office:spreadsheet>"
        ),
    )
}

fn open_document(mime: &str, body: &str) -> Vec<u8> {
    const OFFICE: &str = "urn:oasis:names:tc:opendocument:xmlns:office:1.0";
    zip(&[
        ("mimetype", mime.to_owned()),
        (
            "META-INF/manifest.xml",
            format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
                 <manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.2\">\
                 <manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"{mime}\"/>\
                 <manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>\
                 </manifest:manifest>"
            ),
        ),
        (
            "content.xml",
            format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content xmlns:office=\"{OFFICE}\" \
                 xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" \
                 xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" office:version=\"1.2\">\
                 <office:body>{body}</office:body></office:document-content>"
            ),
        ),
    ])
}
