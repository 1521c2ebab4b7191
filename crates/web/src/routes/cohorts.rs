//! Cohorts of the Cité: the list every member reads, and the coordinator's
//! creation and closing of intakes on the same page.

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use chrono::Datelike;
use chrono::NaiveDate;
use maillage_domain::accounts::Role;
use maillage_domain::ids::CohortId;
use maillage_domain::masking::{count_for, may_reveal};
use maillage_domain::participants::cohorts::{CohortInput, Intake, DEFAULT_FOLLOW_UP_MONTHS};
use maillage_domain::FieldErrors;
use maillage_store::participants::CohortRow;

use super::NoticeQuery;
use crate::auth::CurrentUser;
use crate::error::{checked, AppResult};
use crate::extract::{Path, Query};
use crate::form::Form;
use crate::state::AppState;
use crate::views::notice::Notice;
use crate::views::{format, render, Layout};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/cohortes", get(list).post(create))
        .route("/cohortes/{id}/cloturer", post(close))
}

/// A cohort as the list shows it.
pub struct CohortView {
    pub id: CohortId,
    pub name: String,
    pub year: i32,
    pub intake: String,
    pub follow_up_months: i32,
    pub members: i64,
    pub target_size: i32,
    /// « 42 / 90 (47 %) », the count masked for those who see no person.
    pub fill: String,
    /// Whether the progress bar may show the exact count.
    pub exact: bool,
    pub intake_state: &'static str,
    /// Entries can still be closed early.
    pub closable: bool,
}

impl CohortView {
    fn new(row: CohortRow, role: Role, today: NaiveDate) -> Self {
        let intake = row.intake(today);
        let exact = may_reveal(role, row.members);
        let share = if exact {
            format!(
                " ({})",
                format::percent(
                    (100.0 * row.members as f64 / f64::from(row.target_size.max(1))).round()
                )
            )
        } else {
            String::new()
        };
        CohortView {
            intake: format!(
                "du {} au {}",
                format::date(row.intake_start),
                format::date(row.intake_end)
            ),
            fill: format!(
                "{} / {}{share}",
                count_for(role, row.members),
                format::integer(i64::from(row.target_size)),
            ),
            exact,
            intake_state: intake.label(),
            closable: intake != Intake::Closed,
            id: row.id,
            name: row.name,
            year: row.year,
            follow_up_months: row.follow_up_months,
            members: row.members,
            target_size: row.target_size,
        }
    }
}

#[derive(Template)]
#[template(path = "cohorts/list.html")]
struct ListPage {
    layout: Layout,
    cohorts: Vec<CohortView>,
    can_edit: bool,
    form: CohortInput,
    errors: FieldErrors,
}

async fn list_page(
    state: &AppState,
    user: &CurrentUser,
    form: CohortInput,
    errors: FieldErrors,
    notice_code: Option<&str>,
) -> AppResult<Response> {
    let cohorts = state.store.cohorts(&user.scope).await?;
    let status = crate::views::form_status(&errors);
    let page = ListPage {
        layout: Layout::new("Cohortes", user, "/cohortes").with_notice(Notice::of(notice_code)),
        cohorts: cohorts
            .into_iter()
            .map(|row| CohortView::new(row, user.scope.role(), state.today()))
            .collect(),
        can_edit: user.scope.can_administer_cite(),
        form,
        errors,
    };
    Ok((status, render(&page)?).into_response())
}

async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(query): Query<NoticeQuery>,
) -> AppResult<Response> {
    // The usual case: this year's cohort, followed as long as the Cité follows.
    let follow_up_months = match user.scope.cite_id() {
        Some(cite_id) => {
            state
                .store
                .cite(&user.scope, cite_id)
                .await?
                .follow_up_months
        }
        None => DEFAULT_FOLLOW_UP_MONTHS,
    };
    let form = CohortInput {
        year: state.today().year().to_string(),
        follow_up_months: follow_up_months.to_string(),
        ..CohortInput::default()
    };
    list_page(
        &state,
        &user,
        form,
        FieldErrors::new(),
        query.fait.as_deref(),
    )
    .await
}

async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    Form(form): Form<CohortInput>,
) -> AppResult<Response> {
    user.require_coordinator()?;
    let draft = match form.validate(state.today()) {
        Ok(draft) => draft,
        Err(errors) => return list_page(&state, &user, form, errors, None).await,
    };
    let created = state
        .store
        .create_cohort(&user.actor(), &user.scope, &draft)
        .await;
    match checked(created)? {
        Ok(_) => Ok(Redirect::to(&Notice::CohortCreated.at("/cohortes")).into_response()),
        Err(errors) => list_page(&state, &user, form, errors, None).await,
    }
}

async fn close(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<CohortId>,
) -> AppResult<Redirect> {
    user.require_coordinator()?;
    state
        .store
        .close_cohort_intake(&user.actor(), &user.scope, id)
        .await?;
    Ok(Redirect::to(&Notice::EntriesClosed.at("/cohortes")))
}
