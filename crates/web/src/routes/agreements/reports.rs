//! A bilan's page (*bilan qualitatif* or *bilan financier*). The porteur of
//! the funded partner writes the qualitative one beside what Maillage
//! already knows of the funded action, and sends the financial one as the
//! spreadsheet Maillage made (`documents.rs`); the Cité's coordinators and
//! co-pilots read both.

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use maillage_domain::agreements::{
    QualitativeInput, ReportKind, ReportState, QUALITATIVE_SECTIONS,
};
use maillage_domain::documents::DocumentOwner;
use maillage_domain::ids::ReportId;
use maillage_domain::masking::count_for;
use maillage_domain::money::format_euros;
use maillage_domain::FieldErrors;
use maillage_store::agreements::ReportFile;

use crate::auth::CurrentUser;
use crate::error::{checked, AppResult};
use crate::extract::{Path, Query};
use crate::form::Form;
use crate::routes::documents::DocumentsView;
use crate::routes::NoticeQuery;
use crate::state::AppState;
use crate::views::notice::Notice;
use crate::views::{format, Layout};

pub fn routes() -> axum::Router<AppState> {
    Router::new().route("/bilans/{id}", get(show).post(save))
}

/// What Maillage knows of the funded year, as (label, value): the amounts,
/// and the funded action's results, masked for the reader's role.
pub async fn facts(
    state: &AppState,
    user: &CurrentUser,
    file: &ReportFile,
) -> AppResult<Vec<(String, String)>> {
    let agreement = &file.agreement;
    let year = file.report.year;
    let mut facts = Vec::new();
    if let Some(y) = agreement.years.iter().find(|y| y.year == year) {
        facts.push((
            format!("Montant accordé pour {year}"),
            format_euros(y.amount_cents),
        ));
        facts.push(("Versé à ce jour".to_owned(), format_euros(y.paid)));
    }
    if let Some(action_id) = agreement.agreement.action_id {
        let role = user.role();
        for result in state.store.action_results(&user.scope, action_id).await? {
            let total = result.total_as(|n| count_for(role, n));
            facts.push((result.label, total));
        }
    }
    Ok(facts)
}

/// A line of the bilan financier as read back: budget, actual, gap.
pub struct LineView {
    pub label: String,
    pub budget: String,
    pub actual: String,
    pub gap: String,
}

#[derive(Template)]
#[template(path = "agreements/report.html")]
struct ReportPage {
    layout: Layout,
    file: ReportFile,
    kind: &'static str,
    due_on: String,
    state: &'static str,
    received_on: String,
    financial: bool,
    facts: Vec<(String, String)>,
    /// (field index, heading, text)
    sections: Vec<(usize, &'static str, String)>,
    lines: Vec<LineView>,
    totals: Option<LineView>,
    /// The porteur may still write it.
    can_write: bool,
    errors: FieldErrors,
    /// (cell, message) of a refused spreadsheet.
    problems: Vec<(String, String)>,
    /// The file sent for it and its annexes.
    documents: DocumentsView,
}

/// The bilan's page; `typed` is a refused form's text, `problems` a
/// refused spreadsheet's cells.
pub async fn page(
    state: &AppState,
    user: &CurrentUser,
    id: ReportId,
    notice: Option<&str>,
    typed: Option<Vec<String>>,
    errors: FieldErrors,
    problems: Vec<(String, String)>,
) -> AppResult<Response> {
    let file = state.store.report(&user.scope, id).await?;
    let facts = facts(state, user, &file).await?;
    let documents =
        DocumentsView::load(state, Some(&user.scope), DocumentOwner::Report(id)).await?;
    let r = &file.report;
    let report_state = ReportState::of(r.due_on, r.received_on.is_some(), state.today());
    let written: Vec<String> = typed.unwrap_or_else(|| {
        QUALITATIVE_SECTIONS
            .iter()
            .map(|heading| {
                file.sections
                    .iter()
                    .find(|s| s.heading == *heading)
                    .map(|s| s.text.clone())
                    .unwrap_or_default()
            })
            .collect()
    });
    let lines: Vec<LineView> = file
        .lines
        .iter()
        .map(|l| line_view(&l.label, l.budget_cents, l.actual_cents))
        .collect();
    let totals = (!file.lines.is_empty()).then(|| {
        let budget = file.lines.iter().map(|l| l.budget_cents).sum();
        let actual = file.lines.iter().map(|l| l.actual_cents).sum();
        line_view("Total", budget, actual)
    });
    let failed = !(errors.is_empty() && problems.is_empty());
    let page = ReportPage {
        layout: Layout::new(
            format!(
                "{} {} — {}",
                r.kind.label(),
                r.year,
                file.agreement.agreement.reference
            ),
            user,
            "/conventions",
        )
        .with_notice(Notice::of(notice)),
        kind: r.kind.label(),
        due_on: format::date(r.due_on),
        state: report_state.label(),
        received_on: r.received_on.map(format::date).unwrap_or_default(),
        financial: r.kind == ReportKind::Financial,
        facts,
        sections: QUALITATIVE_SECTIONS
            .iter()
            .enumerate()
            .zip(written)
            .map(|((index, heading), text)| (index, *heading, text))
            .collect(),
        lines,
        totals,
        can_write: user.role() == maillage_domain::accounts::Role::Porteur
            && r.received_on.is_none(),
        errors,
        problems,
        documents,
        file,
    };
    super::super::funding::answer(&page, failed)
}

fn line_view(label: &str, budget: i64, actual: i64) -> LineView {
    LineView {
        label: label.to_owned(),
        budget: format_euros(budget),
        actual: format_euros(actual),
        gap: format_euros(actual - budget),
    }
}

pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<ReportId>,
    Query(query): Query<NoticeQuery>,
) -> AppResult<Response> {
    page(
        &state,
        &user,
        id,
        query.fait.as_deref(),
        None,
        FieldErrors::new(),
        Vec::new(),
    )
    .await
}

pub async fn save(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<ReportId>,
    Form(input): Form<QualitativeInput>,
) -> AppResult<Response> {
    let errors = match input.validate() {
        Ok(sections) => {
            let transmit = input.transmit.is_some();
            let saved = state
                .store
                .save_qualitative(
                    &user.actor(),
                    &user.scope,
                    id,
                    &sections,
                    transmit,
                    state.today(),
                )
                .await;
            match checked(saved)? {
                Ok(()) => {
                    let notice = if transmit {
                        Notice::ReportTransmitted
                    } else {
                        Notice::ReportSaved
                    };
                    return Ok(Redirect::to(&notice.at(&format!("/bilans/{id}"))).into_response());
                }
                Err(errors) => errors,
            }
        }
        Err(errors) => errors,
    };
    page(
        &state,
        &user,
        id,
        None,
        Some(input.text),
        errors,
        Vec::new(),
    )
    .await
}
