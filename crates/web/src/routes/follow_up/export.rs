//! Exports of the filtered list (CSV for any spreadsheet, XLSX for Excel):
//! the list's columns, every row the filters match, up to a cap. Each export
//! is a bulk export of personal data: it needs a recent sign-in and is
//! written to the audit log.

use askama::Template;
use axum::extract::{RawQuery, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use maillage_domain::barriers::Vocabulary;
use maillage_domain::ids::ParticipantId;
use maillage_store::follow_up::ParticipantListRow;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, XlsxError};

use super::filters::{Choices, Filters};
use super::{optional_date, require_follow_up};
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::views::{format, render, Layout};

/// Beyond this, a file is no longer a working list: narrow the filters.
const EXPORT_CAP: i64 = 10_000;

const HEADER: [&str; 13] = [
    "Nom",
    "Prénom",
    "Date de naissance",
    "Cohorte",
    "Quartier prioritaire",
    "Partenaire",
    "Suivi par",
    "Date d'entrée",
    "Date de sortie",
    "Freins non levés",
    "Statut",
    "Freins à lever",
    "Thématiques des freins à lever (data·inclusion)",
];

/// Column widths of the Excel file, in characters.
const WIDTHS: [u16; 13] = [20, 18, 12, 16, 28, 28, 22, 12, 12, 10, 16, 36, 48];

/// The persons to export, with their open barriers named as the Cité
/// names them (« freins de la Cité ») and by their national codes.
struct Export {
    rows: Vec<ParticipantListRow>,
    /// Per person: the words (each once), then the thematic codes.
    barriers: HashMap<ParticipantId, (Vec<String>, Vec<String>)>,
}

impl Export {
    fn new(
        rows: Vec<ParticipantListRow>,
        open: Vec<(ParticipantId, String)>,
        vocabulary: &Vocabulary,
    ) -> Export {
        let mut barriers: HashMap<ParticipantId, (Vec<String>, Vec<String>)> = HashMap::new();
        for (person, thematic) in open {
            let (words, codes) = barriers.entry(person).or_default();
            let word = vocabulary.name_of(&thematic);
            if !words.contains(&word) {
                words.push(word);
            }
            codes.push(thematic);
        }
        Export { rows, barriers }
    }

    /// The two barrier cells of a person: words, then codes.
    fn barrier_cells(&self, row: &ParticipantListRow) -> [String; 2] {
        self.barriers
            .get(&row.id)
            .map(|(words, codes)| [words.join(", "), codes.join(", ")])
            .unwrap_or_default()
    }
}

#[derive(Template)]
#[template(path = "participants/list_export_refused.html")]
struct RefusedPage {
    layout: Layout,
    message: String,
    /// The list with the same filters.
    back: String,
}

fn refused(
    user: &CurrentUser,
    status: StatusCode,
    message: String,
    back: String,
) -> AppResult<Response> {
    let page = RefusedPage {
        layout: Layout::new("Export impossible", user, "/personnes"),
        message,
        back,
    };
    Ok((status, render(&page)?).into_response())
}

/// The rows to export, or the page that says why not.
async fn rows(
    state: &AppState,
    user: &CurrentUser,
    query: Option<&str>,
    kind: &str,
) -> AppResult<Result<Export, Response>> {
    require_follow_up(user)?;
    let here = match query {
        Some(q) if !q.is_empty() => format!("/personnes/export.{kind}?{q}"),
        _ => format!("/personnes/export.{kind}"),
    };
    if let Err(confirm) = user.recent_sign_in(state.now(), &here) {
        return Ok(Err(confirm.into_response()));
    }
    let choices = Choices::load(state, user).await?;
    let filters = Filters::parse(query, &choices);
    let back = match filters.query(None) {
        q if q.is_empty() => "/personnes".to_owned(),
        q => format!("/personnes?{q}"),
    };
    // An export must be exactly the list asked for: an ignored filter would widen it.
    if !filters.ignored.is_empty() {
        let message = "Les filtres de cet export ne sont pas valides. Revenez à la liste, \
                       choisissez les filtres dans le formulaire et relancez l'export."
            .to_owned();
        return refused(user, StatusCode::BAD_REQUEST, message, back).map(Err);
    }
    let search = filters.search(user, &choices, 0, EXPORT_CAP);
    let (rows, total) = state.store.search(&user.scope, &search).await?;
    if total > EXPORT_CAP {
        let message = format!(
            "Un export est limité à {} personnes. Affinez les filtres \
             (cohorte, quartier, statut…) et relancez l'export.",
            format::integer(EXPORT_CAP)
        );
        return refused(user, StatusCode::UNPROCESSABLE_ENTITY, message, back).map(Err);
    }
    let cite_id = user.scope.cite_id().ok_or(AppError::NotFound)?;
    let (open, vocabulary) = tokio::try_join!(
        state.store.open_barrier_thematics(&user.scope, &search),
        state.store.barrier_words(&user.scope, cite_id),
    )?;
    Ok(Ok(Export::new(rows, open, &vocabulary)))
}

/// `personnes-<Cité>-<date>.<extension>`, safe in a header.
fn file_name(state: &AppState, user: &CurrentUser, extension: &str) -> String {
    let cite: String = user
        .membership()
        .map(|m| m.cite_code.as_str())
        .unwrap_or("cite")
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    let today = state.today().format("%Y-%m-%d");
    format!("personnes-{cite}-{today}.{extension}")
}

fn status_label(row: &ParticipantListRow) -> &'static str {
    row.status.label()
}

/// A spreadsheet runs a cell that starts with one of these as a formula:
/// text typed in a form must stay text (OWASP « CSV injection »).
fn inert(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

fn csv_bytes(export: &Export) -> Result<Vec<u8>, csv::Error> {
    // The byte order mark makes Excel read UTF-8; `;` is French Excel's separator.
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer("\u{feff}".as_bytes().to_vec());
    writer.write_record(HEADER)?;
    for row in &export.rows {
        let [words, codes] = export.barrier_cells(row);
        writer.write_record([
            inert(&row.last_name),
            inert(&row.first_name),
            format::date(row.birth_date),
            inert(row.cohort_name.as_deref().unwrap_or_default()),
            inert(row.qpv_name.as_deref().unwrap_or("Hors QPV")),
            inert(&row.lead_partner_name),
            inert(row.lead_user_name.as_deref().unwrap_or_default()),
            optional_date(row.entry_date),
            optional_date(row.exit_date),
            row.open_barriers.to_string(),
            status_label(row).to_owned(),
            inert(&words),
            codes,
        ])?;
    }
    writer
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))
}

fn excel_date(date: NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    let year =
        u16::try_from(date.year()).map_err(|_| XlsxError::DateTimeRangeError(date.to_string()))?;
    // Month and day always fit.
    ExcelDateTime::from_ymd(year, date.month() as u8, date.day() as u8)
}

fn xlsx_bytes(export: &Export) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    let day = Format::new().set_num_format("dd/mm/yyyy");
    let sheet = workbook.add_worksheet();
    sheet.set_name("Personnes")?;
    for (col, (title, width)) in (0u16..).zip(HEADER.iter().zip(WIDTHS)) {
        sheet.write_string_with_format(0, col, *title, &bold)?;
        sheet.set_column_width(col, width)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    for (line, row) in (1u32..).zip(&export.rows) {
        let [words, codes] = export.barrier_cells(row);
        let texts = [
            (0, row.last_name.as_str()),
            (1, row.first_name.as_str()),
            (3, row.cohort_name.as_deref().unwrap_or_default()),
            (4, row.qpv_name.as_deref().unwrap_or("Hors QPV")),
            (5, row.lead_partner_name.as_str()),
            (6, row.lead_user_name.as_deref().unwrap_or_default()),
            (10, status_label(row)),
            (11, words.as_str()),
            (12, codes.as_str()),
        ];
        for (col, text) in texts {
            sheet.write_string(line, col, text)?;
        }
        let dates = [
            (2, Some(row.birth_date)),
            (7, row.entry_date),
            (8, row.exit_date),
        ];
        for (col, date) in dates {
            if let Some(date) = date {
                sheet.write_date_with_format(line, col, &excel_date(date)?, &day)?;
            }
        }
        // Counts are small; the conversion is exact.
        sheet.write_number(line, 9, row.open_barriers as f64)?;
    }
    workbook.save_to_buffer()
}

/// One export: the rows, the file, then the audit row.
async fn export(
    state: &AppState,
    user: &CurrentUser,
    query: Option<&str>,
    kind: &'static str,
    content_type: &'static str,
    build: fn(&Export) -> Result<Vec<u8>, String>,
) -> AppResult<Response> {
    let export = match rows(state, user, query, kind).await? {
        Ok(export) => export,
        Err(page) => return Ok(page),
    };
    let body = build(&export).map_err(|e| AppError::Internal(format!("export {kind} : {e}")))?;
    state
        .store
        .audit_export(&user.actor(), &user.scope, kind, export.rows.len())
        .await?;
    let disposition = format!("attachment; filename=\"{}\"", file_name(state, user, kind));
    Ok((
        [
            (CONTENT_TYPE, content_type.to_owned()),
            (CONTENT_DISPOSITION, disposition),
        ],
        body,
    )
        .into_response())
}

pub async fn csv(
    State(state): State<AppState>,
    user: CurrentUser,
    RawQuery(query): RawQuery,
) -> AppResult<Response> {
    let build = |export: &Export| csv_bytes(export).map_err(|e| e.to_string());
    export(
        &state,
        &user,
        query.as_deref(),
        "csv",
        "text/csv; charset=utf-8",
        build,
    )
    .await
}

pub async fn xlsx(
    State(state): State<AppState>,
    user: CurrentUser,
    RawQuery(query): RawQuery,
) -> AppResult<Response> {
    let build = |export: &Export| xlsx_bytes(export).map_err(|e| e.to_string());
    let content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    export(&state, &user, query.as_deref(), "xlsx", content_type, build).await
}
