//! The indicators' file read back through calamine: figures are numbers a
//! spreadsheet adds up, a masked one keeps its text.

#[path = "common/samples.rs"]
mod samples;

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use maillage_office::{indicators_xlsx, INDICATORS_SHEET};

#[test]
fn figures_read_back_as_numbers_and_masked_ones_as_text() {
    let bytes = indicators_xlsx(&samples::indicators());
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).unwrap();
    let range = book.worksheet_range(INDICATORS_SHEET).unwrap();
    let cell = |row: u32, col: u32| range.get_value((row, col)).cloned();
    assert_eq!(
        cell(0, 0),
        Some(Data::String(
            "Indicateurs 2026 — Cité de l'emploi d'Angers".into()
        ))
    );
    assert_eq!(
        cell(2, 4),
        Some(Data::String("Médiane des Cités en 2026".into()))
    );
    assert_eq!(cell(3, 2), Some(Data::String("< 5".into())));
    assert_eq!(cell(3, 3), Some(Data::Float(1234.0)));
    assert_eq!(cell(4, 3), Some(Data::Float(12_345.5)));
    assert_eq!(cell(4, 4), Some(Data::Float(5_000.0)));
}
