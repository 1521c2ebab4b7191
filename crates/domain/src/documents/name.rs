//! A stored document's name (*nom du fichier*): what the sender called it,
//! cleaned so that it can travel in a header and be saved anywhere.

use std::fmt;

use super::DocumentKind;

/// The longest name kept, extension excluded, in characters.
const MAX_STEM_CHARS: usize = 100;

/// A sanitised file name: no folder, no control character, no character
/// that a file system refuses, no leading dot, at most 100 characters
/// before an extension that is always its kind's.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DocumentName(String);

impl DocumentName {
    pub fn sanitise(sent: &str, kind: DocumentKind) -> DocumentName {
        // The last part of a path, whichever separator the sender's system uses.
        let base = sent.rsplit(['/', '\\']).next().unwrap_or_default();
        let cleaned: String = base
            .chars()
            .filter(|c| !c.is_control())
            .map(|c| match c {
                '"' | '<' | '>' | ':' | '|' | '?' | '*' | ';' => '_',
                c => c,
            })
            .collect();
        let cleaned = cleaned.trim().trim_start_matches('.');
        let stem = match cleaned.rsplit_once('.') {
            Some((stem, _extension)) => stem,
            None => cleaned,
        };
        let stem: String = stem.trim().chars().take(MAX_STEM_CHARS).collect();
        let stem = match stem.trim_end_matches('.').trim() {
            "" => "document",
            stem => stem,
        };
        DocumentName(format!("{stem}.{}", kind.extension()))
    }

    /// A name read back from storage, already sanitised when stored.
    pub fn from_stored(name: String) -> DocumentName {
        DocumentName(name)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The name in plain ASCII, for the `filename=` of old clients.
    pub fn ascii_fallback(&self) -> String {
        self.0
            .chars()
            .map(|c| {
                if c.is_ascii_graphic() || c == ' ' {
                    c
                } else {
                    '_'
                }
            })
            .map(|c| if c == '\\' || c == '%' { '_' } else { c })
            .collect()
    }
}

impl fmt::Display for DocumentName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
