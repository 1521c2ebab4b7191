//! The governance exports: a meeting's published minutes (*compte rendu*)
//! as DOCX, the Cité's decisions register (*registre des décisions*) and a
//! committee's attendance over its meetings (*assiduité*) as XLSX.
//!
//! Plain values in, bytes out: the web fetches and checks who may read,
//! these only lay the values out. Dates `23/11/2026`, times `14 h 00`.

use chrono::{NaiveDate, NaiveDateTime};
use maillage_domain::governance::rhythm::french_time;
use maillage_domain::governance::Attendance;
use rust_xlsxwriter::{Format, FormatBorder, Workbook, Worksheet, XlsxError};

use crate::docx::{Column, Document, Run};
use crate::{fit, french_date};

/// A member as the minutes list them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MinutesAttendee {
    pub name: String,
    pub organisation: String,
    /// « Présent », « Excusé », « Représenté par Mme X »…
    pub status: String,
}

/// A decision recorded at the meeting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MinutesDecision {
    /// `2026-COPIL-03`.
    pub number: String,
    pub text: String,
    /// What it is about; empty without a subject.
    pub subject: String,
}

/// Something to follow the meeting (*suite à donner*).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MinutesFollowUp {
    pub title: String,
    pub owner: String,
    pub due_on: Option<NaiveDate>,
    /// « Ouverte », « Faite »…
    pub status: String,
}

/// Everything the minutes' document says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MinutesDoc {
    pub committee: String,
    /// « Comité de pilotage »…
    pub kind: String,
    /// Start and end, Paris time.
    pub starts: NaiveDateTime,
    pub ends: NaiveDateTime,
    pub place: String,
    pub revision: i32,
    pub attendees: Vec<MinutesAttendee>,
    /// The agenda's titles, in order.
    pub agenda: Vec<String>,
    /// As typed: one paragraph per line.
    pub body: String,
    pub decisions: Vec<MinutesDecision>,
    pub follow_ups: Vec<MinutesFollowUp>,
    /// The pseudonyms of the persons a commission reviewed: never a name.
    pub case_reviews: Vec<String>,
}

fn column(title: &str, percent: u32) -> Column<'_> {
    Column {
        title,
        percent,
        right: false,
    }
}

/// The published minutes as a DOCX file.
pub fn minutes_docx(doc: &MinutesDoc) -> Vec<u8> {
    let mut out = Document::new(&format!("Compte rendu — {}", doc.committee));
    let date = french_date(doc.starts.date());
    let hours = format!(
        "de {} à {}",
        french_time(doc.starts.time()),
        french_time(doc.ends.time())
    );
    let place = if doc.place.trim().is_empty() {
        "Non précisé"
    } else {
        doc.place.as_str()
    };
    let revision = format!("Version {}", doc.revision);
    out.pairs(&[
        ("Instance", &doc.kind),
        ("Date", &date),
        ("Horaire", &hours),
        ("Lieu", place),
        ("Compte rendu", &revision),
    ]);

    out.heading(1, "Membres");
    if doc.attendees.is_empty() {
        out.paragraph(&[Run::Plain("Aucun membre convoqué.")]);
    } else {
        let rows: Vec<Vec<String>> = doc
            .attendees
            .iter()
            .map(|a| vec![a.name.clone(), a.organisation.clone(), a.status.clone()])
            .collect();
        out.table(
            &[
                column("Membre", 35),
                column("Structure", 35),
                column("Présence", 30),
            ],
            &rows,
            false,
        );
    }

    out.heading(1, "Ordre du jour");
    if doc.agenda.is_empty() {
        out.paragraph(&[Run::Plain("Aucun point inscrit.")]);
    }
    for (i, title) in doc.agenda.iter().enumerate() {
        out.paragraph(&[
            Run::Bold(&format!("{}.", i + 1)),
            Run::Plain(" "),
            Run::Plain(title),
        ]);
    }

    out.heading(1, "Compte rendu");
    if doc.body.trim().is_empty() {
        out.paragraph(&[Run::Plain("Non renseigné.")]);
    } else {
        out.text(&doc.body);
    }

    if !doc.case_reviews.is_empty() {
        out.heading(1, "Situations examinées");
        out.paragraph(&[Run::Plain(
            "Les personnes sont désignées par leur pseudonyme ; ce que la commission \
             a décidé pour chacune est inscrit à son dossier.",
        )]);
        out.paragraph(&[Run::Plain(&doc.case_reviews.join(", "))]);
    }

    out.heading(1, "Décisions");
    if doc.decisions.is_empty() {
        out.paragraph(&[Run::Plain("Aucune décision enregistrée.")]);
    }
    for decision in &doc.decisions {
        out.paragraph(&[
            Run::Bold(&decision.number),
            Run::Plain(" — "),
            Run::Plain(&decision.text),
        ]);
        if !decision.subject.is_empty() {
            out.paragraph(&[Run::Plain("Objet : "), Run::Plain(&decision.subject)]);
        }
    }

    out.heading(1, "Suites à donner");
    if doc.follow_ups.is_empty() {
        out.paragraph(&[Run::Plain("Aucune suite à donner.")]);
    } else {
        let rows: Vec<Vec<String>> = doc
            .follow_ups
            .iter()
            .map(|f| {
                vec![
                    f.title.clone(),
                    f.owner.clone(),
                    f.due_on.map(french_date).unwrap_or_default(),
                    f.status.clone(),
                ]
            })
            .collect();
        out.table(
            &[
                column("Action", 40),
                column("Porteur", 25),
                column("Échéance", 15),
                column("État", 20),
            ],
            &rows,
            false,
        );
    }
    out.finish()
}

/// A line of the decisions register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterLine {
    pub number: String,
    /// The meeting's day, Paris time.
    pub meeting_on: NaiveDate,
    pub committee: String,
    pub text: String,
    pub subject: String,
}

/// The register's sheet name.
pub const REGISTER_SHEET: &str = "Décisions";
/// The attendance's sheet name.
pub const ATTENDANCE_SHEET: &str = "Présences";

/// The day as Excel counts it (days since 30/12/1899).
fn serial(day: NaiveDate) -> f64 {
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30).expect("a real date");
    (day - epoch).num_days() as f64
}

/// Row 0 the title, row 2 the column titles; returns the header format.
pub(crate) fn titled(
    sheet: &mut Worksheet,
    title: &str,
    columns: &[&str],
) -> Result<Format, XlsxError> {
    let framed = Format::new().set_border(FormatBorder::Thin);
    sheet.write_string_with_format(
        0,
        0,
        fit(title),
        &Format::new().set_bold().set_font_size(14),
    )?;
    let header = framed.clone().set_bold().set_text_wrap();
    for (col, name) in (0..).zip(columns) {
        sheet.write_string_with_format(2, col, *name, &header)?;
    }
    sheet.set_freeze_panes(3, 0)?;
    // Printed (and judged by LibreOffice) one page wide.
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    Ok(framed)
}

/// The first row (0-based) of the figures in both sheets.
pub const FIRST_ROW: u32 = 3;

/// The decisions register as an XLSX file; `title` above the table
/// (« Registre des décisions 2027 »).
pub fn decisions_register_xlsx(title: &str, lines: &[RegisterLine]) -> Vec<u8> {
    register(title, lines).expect("writing the decisions register in memory")
}

fn register(title: &str, lines: &[RegisterLine]) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name(REGISTER_SHEET)?;
    let framed = titled(
        sheet,
        title,
        &[
            "Numéro",
            "Date de la séance",
            "Instance",
            "Décision",
            "Objet",
        ],
    )?;
    let date = framed.clone().set_num_format("dd/mm/yyyy");
    let wrapped = framed.clone().set_text_wrap();
    for (row, line) in (FIRST_ROW..).zip(lines) {
        sheet.write_string_with_format(row, 0, fit(&line.number), &framed)?;
        sheet.write_number_with_format(row, 1, serial(line.meeting_on), &date)?;
        sheet.write_string_with_format(row, 2, fit(&line.committee), &framed)?;
        sheet.write_string_with_format(row, 3, fit(&line.text), &wrapped)?;
        sheet.write_string_with_format(row, 4, fit(&line.subject), &wrapped)?;
    }
    for (col, width) in [(0, 16), (1, 14), (2, 30), (3, 60), (4, 36)] {
        sheet.set_column_width(col, width)?;
    }
    workbook.save_to_buffer()
}

/// A member's attendance at each meeting of the sheet, in its order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberAttendance {
    pub name: String,
    pub organisation: String,
    /// `None`: not invited, or not noted.
    pub marks: Vec<Option<Attendance>>,
}

impl MemberAttendance {
    /// Present or represented over noted; `None` when nothing was noted.
    pub fn rate(&self) -> Option<f64> {
        let noted: Vec<Attendance> = self.marks.iter().flatten().copied().collect();
        if noted.is_empty() {
            return None;
        }
        let there = noted.iter().filter(|a| a.counts_as_present()).count();
        Some(there as f64 / noted.len() as f64)
    }
}

/// A committee's attendance: one row per member, one column per meeting
/// (its day), then the member's rate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttendanceSheet {
    pub committee: String,
    pub meetings: Vec<NaiveDate>,
    pub members: Vec<MemberAttendance>,
}

/// The attendance as an XLSX file.
pub fn attendance_xlsx(doc: &AttendanceSheet) -> Vec<u8> {
    attendance(doc).expect("writing the attendance in memory")
}

fn attendance(doc: &AttendanceSheet) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name(ATTENDANCE_SHEET)?;
    let days: Vec<String> = doc.meetings.iter().copied().map(french_date).collect();
    let mut columns: Vec<&str> = vec!["Membre", "Structure"];
    columns.extend(days.iter().map(String::as_str));
    columns.push("Taux de présence");
    let framed = titled(sheet, &format!("Présences — {}", doc.committee), &columns)?;
    let percent = framed.clone().set_num_format("0 %");
    let rate_col = u16::try_from(doc.meetings.len() + 2).unwrap_or(u16::MAX);
    for (row, member) in (FIRST_ROW..).zip(&doc.members) {
        sheet.write_string_with_format(row, 0, fit(&member.name), &framed)?;
        sheet.write_string_with_format(row, 1, fit(&member.organisation), &framed)?;
        for (col, mark) in (2..rate_col).zip(&member.marks) {
            match mark {
                Some(mark) => sheet.write_string_with_format(row, col, mark.label(), &framed)?,
                None => sheet.write_blank(row, col, &framed)?,
            };
        }
        match member.rate() {
            Some(rate) => sheet.write_number_with_format(row, rate_col, rate, &percent)?,
            None => sheet.write_blank(row, rate_col, &framed)?,
        };
    }
    sheet.set_column_width(0, 28)?;
    sheet.set_column_width(1, 28)?;
    for col in 2..rate_col {
        sheet.set_column_width(col, 12)?;
    }
    sheet.set_column_width(rate_col, 12)?;
    workbook.save_to_buffer()
}

#[cfg(test)]
#[path = "governance_tests.rs"]
mod tests;
