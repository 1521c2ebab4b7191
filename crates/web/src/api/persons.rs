//! `/cohorts` and `/persons`: the Cité's cohorts, and the persons the
//! token's user may see (coordinators, and référents for the files their
//! partner leads or that are shared with it). Reading a file is audited as
//! opening its page is.

use axum::extract::State;
use axum::Json;
use chrono::NaiveDate;
use maillage_domain::ids::ParticipantId;
use maillage_store::follow_up::SearchFilters;
use maillage_store::participants::CohortRow;
use serde::Serialize;
use utoipa::ToSchema;

use super::problem::Refusals;
use super::{ApiResult, ApiUser, Count, PageQuery, Paged};
use crate::extract::{Path, Query};
use crate::state::AppState;

/// A cohort (*cohorte*): the persons a Cité follows from one year's intake.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Cohort {
    pub id: i64,
    pub name: String,
    pub year: i32,
    pub target_size: i32,
    pub intake_start: NaiveDate,
    pub intake_end: NaiveDate,
    pub follow_up_months: i32,
    pub members: Count,
}

/// A person as a list shows them.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PersonSummary {
    pub id: i64,
    pub first_name: String,
    pub last_name: String,
    /// `proposed`, `active`, `exited`…
    pub status: String,
    pub cohort: Option<String>,
    pub lead_partner: String,
    pub entry_date: Option<NaiveDate>,
    pub exit_date: Option<NaiveDate>,
    pub open_barriers: i64,
}

/// A person's file: who they are, their barriers.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Person {
    pub id: i64,
    pub first_name: String,
    pub last_name: String,
    pub birth_date: NaiveDate,
    pub status: String,
    pub cohort: Option<String>,
    pub qpv: Option<String>,
    pub entry_date: Option<NaiveDate>,
    pub exit_date: Option<NaiveDate>,
    pub barriers: Vec<Barrier>,
}

/// A barrier (*frein*) found in the file, by its data·inclusion thematic.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Barrier {
    pub thematic: String,
    pub identified_on: NaiveDate,
    pub lifted_on: Option<NaiveDate>,
}

/// A situation recorded at a checkpoint (*bilan*: exit, +6, +12 months).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Outcome {
    pub checkpoint: String,
    pub outcome: String,
    pub recorded_on: NaiveDate,
}

/// The Cité's cohorts.
#[utoipa::path(get, path = "/cohorts", tag = "Personnes", params(PageQuery),
    responses((status = 200, description = "Une page de cohortes", body = Paged<Cohort>), Refusals))]
pub async fn cohorts(
    user: ApiUser,
    State(state): State<AppState>,
    Query(page): Query<PageQuery>,
) -> ApiResult<Json<Paged<Cohort>>> {
    let page = page.checked()?;
    let role = user.scope.role();
    let cohorts: Vec<Cohort> = state
        .store
        .cohorts(&user.scope)
        .await?
        .into_iter()
        .map(|row: CohortRow| Cohort {
            id: row.id.get(),
            name: row.name,
            year: row.year,
            target_size: row.target_size,
            intake_start: row.intake_start,
            intake_end: row.intake_end,
            follow_up_months: row.follow_up_months,
            members: Count::for_role(role, row.members),
        })
        .collect();
    Ok(Json(page.of(&cohorts)))
}

/// The persons the token's user may see, by name.
#[utoipa::path(get, path = "/persons", tag = "Personnes", params(PageQuery),
    responses((status = 200, description = "Une page de personnes", body = Paged<PersonSummary>), Refusals))]
pub async fn list(
    user: ApiUser,
    State(state): State<AppState>,
    Query(page): Query<PageQuery>,
) -> ApiResult<Json<Paged<PersonSummary>>> {
    let page = page.checked()?;
    let filters = SearchFilters {
        page: page.page - 1,
        per_page: page.per_page,
        ..SearchFilters::default()
    };
    let (rows, total) = state.store.search(&user.scope, &filters).await?;
    // A tool paging through persons exports them: audited as one.
    state
        .store
        .audit_export(&user.actor(), &user.scope, "API (personnes)", rows.len())
        .await?;
    let data = rows
        .into_iter()
        .map(|row| PersonSummary {
            id: row.id.get(),
            first_name: row.first_name,
            last_name: row.last_name,
            status: row.status.code().to_owned(),
            cohort: row.cohort_name,
            lead_partner: row.lead_partner_name,
            entry_date: row.entry_date,
            exit_date: row.exit_date,
            open_barriers: row.open_barriers,
        })
        .collect();
    Ok(Json(Paged {
        data,
        page: page.page,
        per_page: page.per_page,
        total,
    }))
}

/// One person's file (the read is audited, as on its page).
#[utoipa::path(get, path = "/persons/{id}", tag = "Personnes",
    params(("id" = i64, Path, description = "La personne")),
    responses((status = 200, description = "Le dossier", body = Person), Refusals))]
pub async fn show(
    user: ApiUser,
    State(state): State<AppState>,
    Path(id): Path<ParticipantId>,
) -> ApiResult<Json<Person>> {
    let file = state
        .store
        .case_file(&user.actor(), &user.scope, id)
        .await?;
    let person = file.participant;
    Ok(Json(Person {
        id: person.id.get(),
        first_name: person.first_name,
        last_name: person.last_name,
        birth_date: person.birth_date,
        status: person.status.code().to_owned(),
        cohort: person.cohort_name,
        qpv: person.qpv_name,
        entry_date: person.entry_date,
        exit_date: person.exit_date,
        barriers: file
            .barriers
            .into_iter()
            .map(|b| Barrier {
                thematic: b.thematic,
                identified_on: b.identified_on,
                lifted_on: b.lifted_on,
            })
            .collect(),
    }))
}

/// The situations recorded in one person's file (an audited read).
#[utoipa::path(get, path = "/persons/{id}/outcomes", tag = "Personnes",
    params(("id" = i64, Path, description = "La personne")),
    responses((status = 200, description = "Les situations", body = Vec<Outcome>), Refusals))]
pub async fn outcomes(
    user: ApiUser,
    State(state): State<AppState>,
    Path(id): Path<ParticipantId>,
) -> ApiResult<Json<Vec<Outcome>>> {
    let file = state
        .store
        .case_file(&user.actor(), &user.scope, id)
        .await?;
    Ok(Json(
        file.outcomes
            .into_iter()
            .map(|o| Outcome {
                checkpoint: o.checkpoint.code().to_owned(),
                outcome: o.outcome.code().to_owned(),
                recorded_on: o.recorded_on,
            })
            .collect(),
    ))
}
