//! The office documents Maillage writes and reads back: the funding agreement
//! (*convention*) and the qualitative report (*bilan qualitatif*) as DOCX, the
//! financial report (*bilan financier*) as an XLSX template the carrier fills in;
//! the governance exports (minutes as DOCX, decisions register and attendance
//! as XLSX); the programme's indicators as XLSX and the yearly bilan as DOCX.
//!
//! Pure functions: values in, bytes out (or bytes in, figures or the problems
//! found out). No database, no web; amounts are integer cents, shown the French
//! way (`100 000,00 €`), dates `23/11/2026`.

mod agreement;
mod bilan;
mod docx;
mod financial;
mod governance;
mod indicators;
mod qualitative;

use chrono::NaiveDate;

pub use agreement::{agreement_docx, AgreementDoc, Due, Party, YearAmount};
pub use bilan::{bilan_docx, BilanDoc, BilanPartDoc, BilanTable};
pub use financial::{
    filled_financial_report_xlsx, financial_report_xlsx, read_financial_report, CellProblem,
    FinancialActual, FinancialLine, SHEET_NAME,
};
pub use governance::{
    attendance_xlsx, decisions_register_xlsx, minutes_docx, AttendanceSheet, MemberAttendance,
    MinutesAttendee, MinutesDecision, MinutesDoc, MinutesFollowUp, RegisterLine, ATTENDANCE_SHEET,
    FIRST_ROW, REGISTER_SHEET,
};
pub use indicators::{
    fse_participants_xlsx, indicators_xlsx, Figure, IndicatorLine, IndicatorsDoc, FSE_SHEET,
    INDICATORS_SHEET,
};
pub use qualitative::{qualitative_report_docx, Fact, QualitativeReportDoc, Section};

/// What every report (*bilan*) starts with: whose report, on what, for when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportHeader {
    pub cite_name: String,
    pub carrier_name: String,
    pub project_title: String,
    pub reference: String,
    pub period: String,
}

impl ReportHeader {
    /// The header as label/value pairs, in the order both reports show them.
    fn rows(&self) -> [(&'static str, &str); 5] {
        [
            ("Cité de l'emploi", &self.cite_name),
            ("Porteur", &self.carrier_name),
            ("Projet", &self.project_title),
            ("Référence", &self.reference),
            ("Période", &self.period),
        ]
    }
}

/// `23/11/2026`.
/// Excel's limit on the length of a cell's text.
const MAX_CELL_CHARS: usize = 32_767;

/// `text` cut to what a cell holds; the financial reader compares labels
/// cut the same way.
fn fit(text: &str) -> String {
    text.chars().take(MAX_CELL_CHARS).collect()
}

fn french_date(day: NaiveDate) -> String {
    day.format("%d/%m/%Y").to_string()
}
