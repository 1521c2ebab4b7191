//! Fills in a generated financial report the way another program would: by
//! editing the worksheet's XML inside the XLSX (no cached formula results
//! unless a test writes some).

// Each test binary includes this file and uses part of it.
#![allow(dead_code)]

use std::io::{Cursor, Read, Write};

use regex::{Captures, Regex};
use zip::write::SimpleFileOptions;
use zip::{ZipArchive, ZipWriter};

const SHEET: &str = "xl/worksheets/sheet1.xml";
const WORKBOOK: &str = "xl/workbook.xml";

pub struct Edited {
    parts: Vec<(String, String)>,
}

impl Edited {
    pub fn open(xlsx: &[u8]) -> Edited {
        let mut archive = ZipArchive::new(Cursor::new(xlsx)).expect("an XLSX");
        let parts = (0..archive.len())
            .map(|i| {
                let mut file = archive.by_index(i).expect("a part");
                let mut text = String::new();
                file.read_to_string(&mut text).expect("an XML part");
                (file.name().expect("a part name").into_owned(), text)
            })
            .collect();
        Edited { parts }
    }

    fn part(&mut self, name: &str) -> &mut String {
        &mut self
            .parts
            .iter_mut()
            .find(|(n, _)| n == name)
            .expect("a part of the template")
            .1
    }

    /// Replaces cell `cell` (which must exist) by `content`, its style kept.
    fn replace_cell(mut self, cell: &str, attributes: &str, content: &str) -> Edited {
        let pattern = Regex::new(&format!(r#"<c r="{cell}"( [^>]*?)?(/>|>.*?</c>)"#)).unwrap();
        let style = Regex::new(r#"s="\d+""#).unwrap();
        let xml = self.part(SHEET);
        let found = pattern
            .find(xml)
            .unwrap_or_else(|| panic!("no cell {cell}"));
        let s = style
            .find(found.as_str())
            .map(|m| format!(" {}", m.as_str()))
            .unwrap_or_default();
        let new = format!(r#"<c r="{cell}"{s}{attributes}>{content}</c>"#);
        xml.replace_range(found.range(), &new);
        self
    }

    /// A number as a spreadsheet stores it (`1234.5`).
    pub fn number(self, cell: &str, value: &str) -> Edited {
        self.replace_cell(cell, "", &format!("<v>{value}</v>"))
    }

    pub fn text(self, cell: &str, value: &str) -> Edited {
        self.replace_cell(
            cell,
            r#" t="inlineStr""#,
            &format!("<is><t>{value}</t></is>"),
        )
    }

    /// A typed cell (`b` boolean, `e` error…) with its raw value.
    pub fn typed(self, cell: &str, kind: &str, value: &str) -> Edited {
        self.replace_cell(cell, &format!(r#" t="{kind}""#), &format!("<v>{value}</v>"))
    }

    pub fn clear(self, cell: &str) -> Edited {
        self.replace_cell(cell, "", "")
    }

    /// A formula cell keeping its formula, with `value` as its cached result.
    pub fn cached(self, cell: &str, formula: &str, value: &str) -> Edited {
        self.replace_cell(cell, "", &format!("<f>{formula}</f><v>{value}</v>"))
    }

    /// Drops every formula's cached result, as programs that do not compute do.
    pub fn without_cached_results(mut self) -> Edited {
        let cached = Regex::new(r"</f><v>[^<]*</v>").unwrap();
        let xml = self.part(SHEET);
        *xml = cached.replace_all(xml, "</f>").into_owned();
        self
    }

    /// Shifts by `by` every row numbered `from` or more.
    fn shift_rows(&mut self, from: u32, by: i32) {
        let reference = Regex::new(r#"(<row r="|<c r="[A-Z]+)(\d+)""#).unwrap();
        let xml = self.part(SHEET);
        *xml = reference
            .replace_all(xml, |c: &Captures| {
                let row: u32 = c[2].parse().unwrap();
                let row = if row >= from {
                    row.checked_add_signed(by).unwrap()
                } else {
                    row
                };
                format!(r#"{}{row}""#, &c[1])
            })
            .into_owned();
    }

    /// Removes row `row` (1-based), the following rows moving up.
    pub fn remove_row(mut self, row: u32) -> Edited {
        let pattern = Regex::new(&format!(r#"<row r="{row}"[^>]*>.*?</row>"#)).unwrap();
        let xml = self.part(SHEET);
        *xml = pattern.replace(xml, "").into_owned();
        self.shift_rows(row + 1, -1);
        self
    }

    /// Inserts a line `label` with an amount at row `row` (1-based).
    pub fn insert_row(mut self, row: u32, label: &str) -> Edited {
        self.shift_rows(row, 1);
        let xml = self.part(SHEET);
        let at = xml
            .find(&format!(r#"<row r="{}""#, row + 1))
            .expect("a following row");
        xml.insert_str(
            at,
            &format!(
                r#"<row r="{row}"><c r="A{row}" t="inlineStr"><is><t>{label}</t></is></c><c r="B{row}"><v>0</v></c><c r="C{row}"><v>10</v></c></row>"#
            ),
        );
        self
    }

    /// Adds a row of one text cell after the last row.
    pub fn append_row(mut self, cell: &str, row: u32, value: &str) -> Edited {
        let xml = self.part(SHEET);
        let at = xml.find("</sheetData>").expect("sheet data");
        xml.insert_str(
            at,
            &format!(
                r#"<row r="{row}"><c r="{cell}" t="inlineStr"><is><t>{value}</t></is></c></row>"#
            ),
        );
        self
    }

    pub fn rename_sheet(mut self, name: &str) -> Edited {
        let xml = self.part(WORKBOOK);
        *xml = xml.replace(r#"name="Bilan financier""#, &format!(r#"name="{name}""#));
        self
    }

    /// Replaces the worksheet's XML outright.
    pub fn sheet_xml(mut self, edit: impl FnOnce(&str) -> String) -> Edited {
        let xml = self.part(SHEET);
        *xml = edit(xml);
        self
    }

    pub fn bytes(&self) -> Vec<u8> {
        let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
        for (name, text) in &self.parts {
            zip.start_file(name.as_str(), SimpleFileOptions::default())
                .unwrap();
            zip.write_all(text.as_bytes()).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }
}
