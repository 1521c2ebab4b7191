//! Uploaded documents (*documents*, « pièces jointes »): a call's text and
//! templates, an application's attachments, a meeting's agenda items'. Only PDF, DOCX, ODT, XLSX and
//! ODS are accepted, known by their content, never by their name or the
//! browser's word (see [`sniff`]); at most [`MAX_DOCUMENT_BYTES`]; stored
//! with their SHA-256 under a sanitised name ([`DocumentName`]).

mod name;
pub mod samples;
pub mod sniff;
#[cfg(test)]
mod tests;

use sha2::{Digest, Sha256};

use crate::ids::{AgendaItemId, AgreementId, ApplicationId, CallId, ReportId};

pub use name::DocumentName;

/// 10 Mo: a call's text with its annexes, a scanned signed form.
pub const MAX_DOCUMENT_BYTES: usize = 10 * 1024 * 1024;

/// The longest label (*intitulé*) a document is given.
pub const MAX_LABEL_CHARS: usize = 120;

crate::code_list!(
    /// What a document is, read from its bytes (*type de document*).
    DocumentKind {
        Pdf = "pdf", "PDF";
        Docx = "docx", "Word (DOCX)";
        Odt = "odt", "Texte OpenDocument (ODT)";
        Xlsx = "xlsx", "Excel (XLSX)";
        Ods = "ods", "Classeur OpenDocument (ODS)";
    }
);

impl DocumentKind {
    /// The extension its name is given, whatever it was sent as.
    pub fn extension(self) -> &'static str {
        self.code()
    }

    /// The `Content-Type` it is served with.
    pub fn mime(self) -> &'static str {
        match self {
            DocumentKind::Pdf => "application/pdf",
            DocumentKind::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            DocumentKind::Odt => "application/vnd.oasis.opendocument.text",
            DocumentKind::Xlsx => {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
            DocumentKind::Ods => "application/vnd.oasis.opendocument.spreadsheet",
        }
    }
}

crate::code_list!(
    /// What a document belongs to (*rattachement*): its owner decides who
    /// writes and reads it.
    OwnerKind {
        Call = "call", "Appel à projets";
        Application = "application", "Candidature";
        Agreement = "agreement", "Convention";
        Report = "report", "Bilan";
        AgendaItem = "agenda_item", "Point de l'ordre du jour";
    }
);

/// A document's owner: its kind and its id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentOwner {
    Call(CallId),
    Application(ApplicationId),
    /// The signed copy and the annexes of an agreement.
    Agreement(AgreementId),
    /// The file a porteur sent for a bilan.
    Report(ReportId),
    /// What a meeting's agenda item joins: a note, the slides presented.
    AgendaItem(AgendaItemId),
}

impl DocumentOwner {
    pub fn kind(self) -> OwnerKind {
        match self {
            DocumentOwner::Call(_) => OwnerKind::Call,
            DocumentOwner::Application(_) => OwnerKind::Application,
            DocumentOwner::Agreement(_) => OwnerKind::Agreement,
            DocumentOwner::Report(_) => OwnerKind::Report,
            DocumentOwner::AgendaItem(_) => OwnerKind::AgendaItem,
        }
    }

    pub fn id(self) -> i64 {
        match self {
            DocumentOwner::Call(id) => id.get(),
            DocumentOwner::Application(id) => id.get(),
            DocumentOwner::Agreement(id) => id.get(),
            DocumentOwner::Report(id) => id.get(),
            DocumentOwner::AgendaItem(id) => id.get(),
        }
    }

    /// The owner a stored (kind, id) pair names.
    pub fn from_parts(kind: OwnerKind, id: i64) -> DocumentOwner {
        match kind {
            OwnerKind::Call => DocumentOwner::Call(CallId::new(id)),
            OwnerKind::Application => DocumentOwner::Application(ApplicationId::new(id)),
            OwnerKind::Agreement => DocumentOwner::Agreement(AgreementId::new(id)),
            OwnerKind::Report => DocumentOwner::Report(ReportId::new(id)),
            OwnerKind::AgendaItem => DocumentOwner::AgendaItem(AgendaItemId::new(id)),
        }
    }
}

/// Why an upload is refused, in French for the form.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DocumentError {
    #[error("Le fichier choisi est vide.")]
    Empty,
    #[error("Le fichier dépasse 10 Mo : réduisez-le (images compressées, annexes à part).")]
    TooLarge,
    #[error(
        "Ce fichier n'est pas accepté : seuls les documents PDF, Word (DOCX), Excel (XLSX) et \
         OpenDocument (ODT, ODS) le sont, reconnus par leur contenu et non par leur nom."
    )]
    NotAccepted,
    #[error("L'intitulé tient en {MAX_LABEL_CHARS} caractères au plus.")]
    LabelTooLong,
}

/// A checked upload, ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDocument {
    pub name: DocumentName,
    pub kind: DocumentKind,
    /// What it is for, in a few words (« Texte de l'appel », « Modèle de
    /// bilan financier »); may be empty.
    pub label: String,
    /// The SHA-256 of `bytes`, in lowercase hexadecimal.
    pub sha256: String,
    pub bytes: Vec<u8>,
}

impl NewDocument {
    /// Checks a file as sent: its content decides its kind, its name is
    /// sanitised and given that kind's extension.
    pub fn check(
        file_name: &str,
        label: &str,
        bytes: Vec<u8>,
    ) -> Result<NewDocument, DocumentError> {
        let label = label.trim();
        if label.chars().count() > MAX_LABEL_CHARS {
            return Err(DocumentError::LabelTooLong);
        }
        let kind = sniff::detect(&bytes)?;
        Ok(NewDocument {
            name: DocumentName::sanitise(file_name, kind),
            kind,
            label: label.chars().filter(|c| !c.is_control()).collect(),
            sha256: sha256_hex(&bytes),
            bytes,
        })
    }

    pub fn size(&self) -> i64 {
        i64::try_from(self.bytes.len()).unwrap_or(i64::MAX)
    }
}

/// The SHA-256 of some bytes, in lowercase hexadecimal.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// A size as French pages show it: « 812 octets », « 245 Ko », « 1,5 Mo ».
pub fn size_label(bytes: i64) -> String {
    const KO: i64 = 1024;
    const MO: i64 = 1024 * 1024;
    match bytes {
        ..KO => format!("{} octet{}", bytes.max(0), if bytes > 1 { "s" } else { "" }),
        KO..MO => format!("{} Ko", (bytes + KO - 1) / KO),
        _ => {
            // Tenths of a Mo, rounded.
            let tenths = (bytes * 10 + MO / 2) / MO;
            match tenths % 10 {
                0 => format!("{} Mo", tenths / 10),
                rest => format!("{},{rest} Mo", tenths / 10),
            }
        }
    }
}
