//! The documents of an agreement that Maillage writes: the agreement
//! itself (DOCX), each year's bilan financier template (XLSX) and bilan
//! qualitatif (DOCX), and the filled template read back. Each download is
//! audited as an export, scoped as the agreement is read.

use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::DefaultBodyLimit;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use maillage_domain::agreements::{year_budget, ReportKind};
use maillage_domain::documents::{DocumentKind, DocumentName};
use maillage_domain::ids::{AgreementId, ReportId};
use maillage_domain::FieldErrors;
use maillage_office::{
    AgreementDoc, Due, Fact, FinancialLine, Party, QualitativeReportDoc, ReportHeader, Section,
    YearAmount,
};
use maillage_store::agreements::{AgreementFile, ReportFile, ReportLineRow};
use maillage_store::AuditEntry;

use crate::auth::CurrentUser;
use crate::error::{checked, AppError, AppResult};
use crate::extract::Path;
use crate::routes::documents::upload::sent_form;
use crate::routes::documents::MAX_UPLOAD_BODY;
use crate::state::AppState;
use crate::views::notice::Notice;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/conventions/{id}/convention.docx", get(agreement_docx))
        .route("/bilans/{id}/modele.xlsx", get(financial_template))
        .route("/bilans/{id}/bilan.docx", get(qualitative_docx))
        .route(
            "/bilans/{id}/fichier",
            post(upload_financial).layer(DefaultBodyLimit::max(MAX_UPLOAD_BODY)),
        )
}

/// A generated file, audited as an export of what it names.
async fn generated(
    state: &AppState,
    user: &CurrentUser,
    entry: AuditEntry,
    (name, kind, bytes): (String, DocumentKind, Vec<u8>),
) -> AppResult<Response> {
    state.store.audit(&user.actor(), entry).await?;
    let name = DocumentName::sanitise(&name, kind);
    Ok(crate::routes::documents::attachment(&name, kind, bytes))
}

fn agreement_doc(file: &AgreementFile) -> AgreementDoc {
    let a = &file.agreement;
    let dues = |cents: bool| {
        move |(label, due_on, amount): (String, chrono::NaiveDate, i64)| Due {
            label,
            due_on,
            cents: cents.then_some(amount),
        }
    };
    AgreementDoc {
        reference: a.reference.clone(),
        funder: Party {
            name: a.cite_name.clone(),
            siret: None,
            address: a.cite_epci.clone(),
        },
        cite_name: a.cite_name.clone(),
        carrier: Party {
            name: a.partner_name.clone(),
            siret: a.partner_siret.clone(),
            address: None,
        },
        call_title: a.call_title.clone(),
        project_title: a.project_title.clone(),
        object: a.summary.clone(),
        decided_on: a.decided_on,
        committee: a.committee.clone(),
        yearly: file
            .years
            .iter()
            .map(|y| YearAmount {
                year: y.year,
                cents: y.amount_cents,
            })
            .collect(),
        instalments: file
            .instalments
            .iter()
            .map(|i| {
                (
                    format!("{} {}", i.label, i.year),
                    i.planned_on,
                    i.amount_cents,
                )
            })
            .map(dues(true))
            .collect(),
        reports: file
            .reports
            .iter()
            .map(|r| (format!("{} {}", r.kind.label(), r.year), r.due_on, 0))
            .map(dues(false))
            .collect(),
    }
}

pub async fn agreement_docx(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<AgreementId>,
) -> AppResult<Response> {
    let file = state.store.agreement(&user.scope, id).await?;
    let bytes = maillage_office::agreement_docx(&agreement_doc(&file));
    let reference = &file.agreement.reference;
    let entry = AuditEntry::new(
        "agreement.export",
        "agreement",
        Some(id),
        Some(file.agreement.cite_id),
    )
    .detail(reference.clone());
    generated(
        &state,
        &user,
        entry,
        (format!("{reference}.docx"), DocumentKind::Docx, bytes),
    )
    .await
}

fn header(file: &ReportFile) -> ReportHeader {
    let a = &file.agreement.agreement;
    ReportHeader {
        cite_name: a.cite_name.clone(),
        carrier_name: a.partner_name.clone(),
        project_title: a.project_title.clone(),
        reference: a.reference.clone(),
        period: format!("Année {}", file.report.year),
    }
}

/// The agreed budget lines of the bilan's year.
fn budget_lines(file: &ReportFile) -> Vec<FinancialLine> {
    let years = file.agreement.years.len();
    let index = file
        .agreement
        .years
        .iter()
        .position(|y| y.year == file.report.year)
        .unwrap_or(0);
    file.agreement
        .budget
        .iter()
        .map(|line| FinancialLine {
            label: line.label.clone(),
            budget_cents: year_budget(line.amount_cents, years, index),
        })
        .collect()
}

/// A bilan of `kind`, as its reader may see it; another kind is a 404.
async fn report_of(
    state: &AppState,
    user: &CurrentUser,
    id: ReportId,
    kind: ReportKind,
) -> AppResult<ReportFile> {
    let file = state.store.report(&user.scope, id).await?;
    if file.report.kind != kind {
        return Err(AppError::NotFound);
    }
    Ok(file)
}

fn export_entry(file: &ReportFile) -> AuditEntry {
    let r = &file.report;
    AuditEntry::new(
        "report.export",
        "report",
        Some(r.id),
        Some(file.agreement.agreement.cite_id),
    )
    .detail(format!("{} {}", r.kind.label(), r.year))
}

fn file_name(file: &ReportFile, extension: &str) -> String {
    let r = &file.report;
    let kind = match r.kind {
        ReportKind::Qualitative => "bilan-qualitatif",
        ReportKind::Financial => "bilan-financier",
    };
    format!(
        "{}-{kind}-{}.{extension}",
        file.agreement.agreement.reference, r.year
    )
}

pub async fn financial_template(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<ReportId>,
) -> AppResult<Response> {
    let file = report_of(&state, &user, id, ReportKind::Financial).await?;
    let bytes = maillage_office::financial_report_xlsx(&header(&file), &budget_lines(&file));
    let name = file_name(&file, "xlsx");
    generated(
        &state,
        &user,
        export_entry(&file),
        (name, DocumentKind::Xlsx, bytes),
    )
    .await
}

pub async fn qualitative_docx(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<ReportId>,
) -> AppResult<Response> {
    let file = report_of(&state, &user, id, ReportKind::Qualitative).await?;
    let facts = super::reports::facts(&state, &user, &file)
        .await?
        .into_iter()
        .map(|(label, value)| Fact { label, value })
        .collect();
    let doc = QualitativeReportDoc {
        header: header(&file),
        facts,
        sections: file
            .sections
            .iter()
            .map(|s| Section {
                heading: s.heading.clone(),
                text: s.text.clone(),
            })
            .collect(),
    };
    let bytes = maillage_office::qualitative_report_docx(&doc);
    let name = file_name(&file, "docx");
    generated(
        &state,
        &user,
        export_entry(&file),
        (name, DocumentKind::Docx, bytes),
    )
    .await
}

/// The porteur sends the filled template back: read, checked line by line
/// against the agreed budget, recorded; a refused file names its cells.
pub async fn upload_financial(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<ReportId>,
    multipart: Result<Multipart, MultipartRejection>,
) -> AppResult<Response> {
    let file = report_of(&state, &user, id, ReportKind::Financial).await?;
    let label = format!("Bilan financier {} rempli", file.report.year);
    let problems = match sent_form(multipart, &label).await.document {
        Err(message) => vec![(String::new(), message)],
        Ok(sent) if sent.kind != DocumentKind::Xlsx => vec![(
            String::new(),
            "Déposez le modèle XLSX du bilan financier, rempli.".to_owned(),
        )],
        Ok(sent) => match maillage_office::read_financial_report(&sent.bytes, &budget_lines(&file))
        {
            Err(problems) => problems.into_iter().map(|p| (p.cell, p.message)).collect(),
            Ok(actuals) => {
                let lines: Vec<ReportLineRow> = actuals
                    .into_iter()
                    .map(|a| ReportLineRow {
                        label: a.label,
                        budget_cents: a.budget_cents,
                        actual_cents: a.actual_cents,
                    })
                    .collect();
                let received = state
                    .store
                    .receive_financial(&user.actor(), &user.scope, id, &lines, &sent, state.today())
                    .await;
                match checked(received)? {
                    Ok(()) => {
                        let to = Notice::ReportTransmitted.at(&format!("/bilans/{id}"));
                        return Ok(Redirect::to(&to).into_response());
                    }
                    Err(errors) => refused(&errors),
                }
            }
        },
    };
    super::reports::page(&state, &user, id, None, None, FieldErrors::new(), problems).await
}

fn refused(errors: &FieldErrors) -> Vec<(String, String)> {
    errors
        .iter()
        .map(|(_, message)| (String::new(), message.to_owned()))
        .collect()
}
