//! The financial report (*bilan financier*): an XLSX template generated from
//! the agreed budget lines (*postes*), filled in by the carrier (actual
//! spending only: every other cell is protected), then read back.
//!
//! Layout (shared by the writer and the reader):
//! rows 1–6 the title and the report header, row 7 how to fill it in, row 8
//! the column titles, one row per budget line from row 9, then the total row.

mod read;

use rust_xlsxwriter::{
    utility::row_col_to_cell, Color, DataValidation, DataValidationRule, Format, FormatAlign,
    FormatBorder, Formula, Workbook, Worksheet, XlsxError,
};

pub use read::read_financial_report;

use crate::{fit, ReportHeader};

/// The sheet the reader looks for.
pub const SHEET_NAME: &str = "Bilan financier";

const COLUMN_TITLES: [&str; 4] = ["Poste", "Budget prévu", "Dépenses réelles", "Écart"];
const TOTAL_LABEL: &str = "Total";
const INSTRUCTIONS: &str = "Saisissez les dépenses réelles de chaque poste dans les cellules \
     jaunes (en euros, 0 s'il n'y en a pas). Les autres cellules sont protégées.";
/// Row (0-based) of the column titles; budget lines follow it.
const TITLES_ROW: u32 = 7;
const FIRST_LINE: u32 = TITLES_ROW + 1;
/// Columns (0-based): label, budget, actual, difference (*écart*).
const LABEL: u16 = 0;
const BUDGET: u16 = 1;
const ACTUAL: u16 = 2;
const GAP: u16 = 3;
/// Euros with two decimals. The leading French locale tag (LCID 40C) makes
/// LibreOffice show `100 000,00 €` whatever its own locale; Excel shows the
/// reader's separators.
pub(crate) const MONEY_FORMAT: &str = r#"[$-40C]#,##0.00\ "€""#;

/// A budget line as agreed (*poste du budget prévisionnel*).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FinancialLine {
    pub label: String,
    pub budget_cents: i64,
}

/// A budget line with what was actually spent on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FinancialActual {
    pub label: String,
    pub budget_cents: i64,
    pub actual_cents: i64,
}

impl FinancialActual {
    /// Actual minus budget (*écart*): negative when less was spent.
    pub fn gap_cents(&self) -> i64 {
        self.actual_cents - self.budget_cents
    }
}

/// Why a filled-in report was refused, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellProblem {
    /// The cell, as the spreadsheet names it (« C9 »); empty when the problem
    /// is the whole file (unreadable, no such sheet).
    pub cell: String,
    /// In French, for the carrier.
    pub message: String,
}

impl std::fmt::Display for CellProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.cell.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{} : {}", self.cell, self.message)
        }
    }
}

/// The template for these budget lines, as an XLSX file.
pub fn financial_report_xlsx(header: &ReportHeader, lines: &[FinancialLine]) -> Vec<u8> {
    // With every text cut to Excel's limit, only a budget of more than a
    // million lines could fail here.
    template(header, lines, &[]).expect("writing the financial report template in memory")
}

/// The template as a carrier sends it back, its actual column filled in:
/// the demo's received bilan.
pub fn filled_financial_report_xlsx(header: &ReportHeader, actuals: &[FinancialActual]) -> Vec<u8> {
    let lines: Vec<FinancialLine> = actuals
        .iter()
        .map(|a| FinancialLine {
            label: a.label.clone(),
            budget_cents: a.budget_cents,
        })
        .collect();
    let spent: Vec<i64> = actuals.iter().map(|a| a.actual_cents).collect();
    template(header, &lines, &spent).expect("writing the financial report in memory")
}

/// The template; `spent` fills the first lines' actual cells.
fn template(
    header: &ReportHeader,
    lines: &[FinancialLine],
    spent: &[i64],
) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name(SHEET_NAME)?;
    // Formulas saved without a result (the writer's default is 0): a program
    // that fills in the actual column without computing would leave stale
    // results that no longer add up. Excel and LibreOffice compute on load
    // and save real ones.
    sheet.set_formula_result_default("");
    let bold = Format::new().set_bold();
    let framed = Format::new().set_border(FormatBorder::Thin);
    let money = framed.clone().set_num_format(MONEY_FORMAT);
    let input = money
        .clone()
        .set_unlocked()
        .set_background_color(Color::RGB(0xFFF6C8));
    let total = money.clone().set_bold();

    sheet.write_string_with_format(0, 0, "Bilan financier", &bold.clone().set_font_size(14))?;
    for (row, (label, value)) in (1..).zip(header.rows()) {
        sheet.write_string_with_format(row, 0, label, &bold)?;
        sheet.write_string(row, 1, fit(value))?;
    }
    let wrapped = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    sheet.merge_range(
        TITLES_ROW - 1,
        LABEL,
        TITLES_ROW - 1,
        GAP,
        INSTRUCTIONS,
        &wrapped,
    )?;
    sheet.set_row_height(TITLES_ROW - 1, 32)?;
    let titles = framed
        .clone()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center);
    for (col, title) in (0..).zip(COLUMN_TITLES) {
        sheet.write_string_with_format(TITLES_ROW, col, title, &titles)?;
    }

    let total_row = total_row(lines.len());
    for ((row, line), actual) in (FIRST_LINE..)
        .zip(lines)
        .zip(spent.iter().map(Some).chain(std::iter::repeat(None)))
    {
        sheet.write_string_with_format(row, LABEL, fit(&line.label), &framed)?;
        sheet.write_number_with_format(row, BUDGET, euros(line.budget_cents), &money)?;
        match actual {
            Some(cents) => sheet.write_number_with_format(row, ACTUAL, euros(*cents), &input)?,
            None => sheet.write_blank(row, ACTUAL, &input)?,
        };
        gap(sheet, row, &money)?;
    }
    sheet.write_string_with_format(total_row, LABEL, TOTAL_LABEL, &framed.clone().set_bold())?;
    for col in [BUDGET, ACTUAL] {
        let column = |row| row_col_to_cell(row, col);
        let sum = format!("=SUM({}:{})", column(FIRST_LINE), column(total_row - 1));
        sheet.write_formula_with_format(total_row, col, Formula::new(sum), &total)?;
    }
    gap(sheet, total_row, &total)?;

    if !lines.is_empty() {
        let rule = DataValidation::new()
            .allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0))
            .set_error_title("Montant invalide")?
            .set_error_message("Indiquez un montant en euros, positif ou nul.")?;
        sheet.add_data_validation(FIRST_LINE, ACTUAL, total_row - 1, ACTUAL, &rule)?;
    }
    sheet.set_column_width(LABEL, 42)?;
    for col in [BUDGET, ACTUAL, GAP] {
        sheet.set_column_width(col, 18)?;
    }
    sheet.set_print_fit_to_pages(1, 0);
    sheet.protect();
    workbook.save_to_buffer()
}

/// The difference cell of a row: actual minus budget.
fn gap(sheet: &mut Worksheet, row: u32, format: &Format) -> Result<(), XlsxError> {
    let formula = format!(
        "={}-{}",
        row_col_to_cell(row, ACTUAL),
        row_col_to_cell(row, BUDGET)
    );
    sheet.write_formula_with_format(row, GAP, Formula::new(formula), format)?;
    Ok(())
}

/// The row (0-based) of the total, after `count` lines.
fn total_row(count: usize) -> u32 {
    FIRST_LINE.saturating_add(u32::try_from(count).unwrap_or(u32::MAX))
}

fn euros(cents: i64) -> f64 {
    cents as f64 / 100.0
}
