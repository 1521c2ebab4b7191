//! A small WordprocessingML writer, shared by both DOCX documents: a title,
//! headings, paragraphs of plain and bold runs, and bordered tables. Every
//! piece of text goes through [`xml::escape`].

mod package;
mod xml;

use xml::escape;

/// A piece of a paragraph: plain or bold text.
pub(crate) enum Run<'a> {
    Plain(&'a str),
    Bold(&'a str),
}

/// How a table column is laid out: its share of the page width and whether
/// its cells are right-aligned (amounts, dates).
pub(crate) struct Column<'a> {
    pub title: &'a str,
    pub percent: u32,
    pub right: bool,
}

/// Usable page width in twentieths of a point (A4 less 2 cm margins).
const PAGE_WIDTH: u32 = 9638;

/// A document being written; [`Document::finish`] packages it.
pub(crate) struct Document {
    title: String,
    body: String,
}

impl Document {
    /// A document whose first paragraph is `title` in the Title style.
    pub fn new(title: &str) -> Document {
        let mut document = Document {
            title: title.to_owned(),
            body: String::new(),
        };
        document.styled_paragraph(Some("Title"), None, &[Run::Plain(title)]);
        document
    }

    /// Heading 1 or 2.
    pub fn heading(&mut self, level: u8, text: &str) {
        let style = if level <= 1 { "Heading1" } else { "Heading2" };
        self.styled_paragraph(Some(style), None, &[Run::Plain(text)]);
    }

    pub fn paragraph(&mut self, runs: &[Run]) {
        self.styled_paragraph(None, None, runs);
    }

    /// Text typed by a person: each line its own paragraph, blank lines kept
    /// as paragraph breaks only.
    pub fn text(&mut self, text: &str) {
        for line in text.lines().map(str::trim_end).filter(|l| !l.is_empty()) {
            self.paragraph(&[Run::Plain(line)]);
        }
    }

    /// A table with a bold header row; `bold_last` sets the last row in bold
    /// (a total).
    pub fn table(&mut self, columns: &[Column], rows: &[Vec<String>], bold_last: bool) {
        let widths: Vec<u32> = columns
            .iter()
            .map(|c| PAGE_WIDTH * c.percent / 100)
            .collect();
        self.open_table(&widths);
        let header: Vec<String> = columns.iter().map(|c| c.title.to_owned()).collect();
        self.row(columns, &widths, &header, true, true);
        for (i, row) in rows.iter().enumerate() {
            let bold = bold_last && i + 1 == rows.len();
            self.row(columns, &widths, row, bold, false);
        }
        self.close_table();
    }

    /// Label/value pairs as a two-column table without a header.
    pub fn pairs(&mut self, pairs: &[(&str, &str)]) {
        let widths = [PAGE_WIDTH * 35 / 100, PAGE_WIDTH * 65 / 100];
        let columns = [
            Column {
                title: "",
                percent: 35,
                right: false,
            },
            Column {
                title: "",
                percent: 65,
                right: false,
            },
        ];
        self.open_table(&widths);
        for (label, value) in pairs {
            self.body.push_str("<w:tr>");
            self.cell(&columns[0], widths[0], &[Run::Bold(label)]);
            self.cell(&columns[1], widths[1], &[Run::Plain(value)]);
            self.body.push_str("</w:tr>");
        }
        self.close_table();
    }

    /// The DOCX file.
    pub fn finish(self) -> Vec<u8> {
        package::package(&self.title, &self.body)
    }

    /// A full-width bordered table with these column widths.
    fn open_table(&mut self, widths: &[u32]) {
        self.body.push_str(
            r#"<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="5000" w:type="pct"/></w:tblPr><w:tblGrid>"#,
        );
        for width in widths {
            self.body
                .push_str(&format!(r#"<w:gridCol w:w="{width}"/>"#));
        }
        self.body.push_str("</w:tblGrid>");
    }

    fn close_table(&mut self) {
        self.body.push_str("</w:tbl>");
        // Word needs a paragraph between two tables and after the last one.
        self.paragraph(&[]);
    }

    fn row(
        &mut self,
        columns: &[Column],
        widths: &[u32],
        cells: &[String],
        bold: bool,
        header: bool,
    ) {
        self.body.push_str("<w:tr>");
        if header {
            self.body.push_str("<w:trPr><w:tblHeader/></w:trPr>");
        }
        for ((column, width), text) in columns.iter().zip(widths).zip(cells) {
            let run = if bold {
                Run::Bold(text)
            } else {
                Run::Plain(text)
            };
            self.cell(column, *width, &[run]);
        }
        self.body.push_str("</w:tr>");
    }

    fn cell(&mut self, column: &Column, width: u32, runs: &[Run]) {
        self.body.push_str(&format!(
            r#"<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>"#
        ));
        let align = column.right.then_some("right");
        self.styled_paragraph(None, align, runs);
        self.body.push_str("</w:tc>");
    }

    fn styled_paragraph(&mut self, style: Option<&str>, align: Option<&str>, runs: &[Run]) {
        self.body.push_str("<w:p>");
        if style.is_some() || align.is_some() {
            self.body.push_str("<w:pPr>");
            if let Some(style) = style {
                self.body
                    .push_str(&format!(r#"<w:pStyle w:val="{style}"/>"#));
            }
            if let Some(align) = align {
                self.body.push_str(&format!(r#"<w:jc w:val="{align}"/>"#));
            }
            self.body.push_str("</w:pPr>");
        }
        for run in runs {
            let (text, bold) = match run {
                Run::Plain(text) => (text, false),
                Run::Bold(text) => (text, true),
            };
            self.body.push_str("<w:r>");
            if bold {
                self.body.push_str("<w:rPr><w:b/><w:bCs/></w:rPr>");
            }
            self.body.push_str(&format!(
                r#"<w:t xml:space="preserve">{}</w:t></w:r>"#,
                escape(text)
            ));
        }
        self.body.push_str("</w:p>");
    }
}

/// A DOCX's document part, for the tests to find what it says.
#[cfg(test)]
pub(crate) fn document_xml(docx: &[u8]) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).expect("a DOCX");
    let mut part = zip.by_name("word/document.xml").expect("the document part");
    let mut xml = String::new();
    part.read_to_string(&mut xml).unwrap();
    xml
}
