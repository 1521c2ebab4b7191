//! The programme's indicators (*indicateurs*) as an XLSX file: one sheet,
//! the sections one after the other, each indicator with its figure each
//! year and, for a Cité, the network's median. Figures are numbers a
//! spreadsheet can add; a masked one keeps its text (`< 5`). And an FSE+
//! operation's participant data, the lines as the domain writes them.

use rust_xlsxwriter::{Workbook, Worksheet, XlsxError};

use crate::financial::MONEY_FORMAT;
use crate::fit;
use crate::governance::{titled, FIRST_ROW};

/// Whole numbers with French thousands (see `MONEY_FORMAT`).
const COUNT_FORMAT: &str = "[$-40C]#,##0";

/// The sheet's name.
pub const INDICATORS_SHEET: &str = "Indicateurs";

/// A figure as the reader may read it.
#[derive(Debug, Clone, PartialEq)]
pub enum Figure {
    Count(i64),
    /// Integer cents, shown as euros.
    Euros(i64),
    /// A masked count, a median with a decimal: as shown on the page.
    Text(String),
}

/// One indicator's line.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorLine {
    pub section: String,
    pub label: String,
    /// One per year, in the years' order.
    pub figures: Vec<Figure>,
    /// The network's median, on a Cité's file.
    pub median: Option<Figure>,
}

/// The file: `title` above the table (« Indicateurs 2026 — Cité de
/// l'emploi d'Angers »), `years` and, when some line has one, the median's
/// column named `median_column`.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorsDoc {
    pub title: String,
    pub years: Vec<i32>,
    pub median_column: String,
    pub lines: Vec<IndicatorLine>,
}

pub fn indicators_xlsx(doc: &IndicatorsDoc) -> Vec<u8> {
    write(doc).expect("writing the indicators in memory")
}

fn write(doc: &IndicatorsDoc) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name(INDICATORS_SHEET)?;
    let with_median = doc.lines.iter().any(|l| l.median.is_some());
    let years: Vec<String> = doc.years.iter().map(i32::to_string).collect();
    let mut columns = vec!["Section", "Indicateur"];
    columns.extend(years.iter().map(String::as_str));
    if with_median {
        columns.push(&doc.median_column);
    }
    let framed = titled(sheet, &doc.title, &columns)?;
    let count = framed.clone().set_num_format(COUNT_FORMAT);
    let euros = framed.clone().set_num_format(MONEY_FORMAT);
    let write_figure =
        |sheet: &mut Worksheet, row: u32, col: u16, figure: &Figure| -> Result<(), XlsxError> {
            match figure {
                Figure::Count(n) => sheet.write_number_with_format(row, col, *n as f64, &count)?,
                Figure::Euros(cents) => {
                    sheet.write_number_with_format(row, col, *cents as f64 / 100.0, &euros)?
                }
                Figure::Text(text) => {
                    sheet.write_string_with_format(row, col, fit(text), &framed)?
                }
            };
            Ok(())
        };
    for (row, line) in (FIRST_ROW..).zip(&doc.lines) {
        sheet.write_string_with_format(row, 0, fit(&line.section), &framed)?;
        sheet.write_string_with_format(row, 1, fit(&line.label), &framed)?;
        for (col, figure) in (2u16..).zip(&line.figures) {
            write_figure(sheet, row, col, figure)?;
        }
        if let Some(median) = &line.median {
            write_figure(sheet, row, 2 + line.figures.len() as u16, median)?;
        }
    }
    sheet.set_column_width(0, 26)?;
    sheet.set_column_width(1, 44)?;
    for col in 2..columns.len() as u16 {
        sheet.set_column_width(col, 16)?;
    }
    workbook.save_to_buffer()
}

/// The FSE+ participants' sheet name.
pub const FSE_SHEET: &str = "Participants FSE+";

/// An operation's FSE+ participant data: `title` above the table, the
/// `columns` FSE+ asks, one line of texts per participant.
pub fn fse_participants_xlsx(title: &str, columns: &[&str], lines: &[Vec<String>]) -> Vec<u8> {
    fse(title, columns, lines).expect("writing the FSE+ participants in memory")
}

fn fse(title: &str, columns: &[&str], lines: &[Vec<String>]) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name(FSE_SHEET)?;
    let framed = titled(sheet, title, columns)?;
    for (row, line) in (FIRST_ROW..).zip(lines) {
        for (col, text) in (0u16..).zip(line) {
            sheet.write_string_with_format(row, col, fit(text), &framed)?;
        }
    }
    for col in 0..columns.len() as u16 {
        sheet.set_column_width(col, 18)?;
    }
    workbook.save_to_buffer()
}
