//! The parts of the files the app sends that tests read back.

use std::io::{Cursor, Read};

/// The DOCX's document part.
pub fn docx_text(bytes: &[u8]) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a DOCX");
    let mut part = zip.by_name("word/document.xml").expect("the document");
    let mut xml = String::new();
    part.read_to_string(&mut xml).unwrap();
    xml
}
