//! `/actions`: the Cité's actions and their séances.

use axum::extract::State;
use axum::Json;
use chrono::NaiveDate;
use maillage_domain::ids::ActionId;
use maillage_store::actions::{ActionFilter, ActionRow, SeanceRow};
use serde::Serialize;
use utoipa::ToSchema;

use super::problem::Refusals;
use super::{ApiResult, ApiUser, Count, PageQuery, Paged};
use crate::extract::{Path, Query};
use crate::state::AppState;

/// An action of the Cité (*action*), on one of the three national axes.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Action {
    pub id: i64,
    pub title: String,
    /// `federate`, `reach_out` or `innovate`.
    pub axis: String,
    pub innovative: bool,
    pub carrier: Option<String>,
    /// data·inclusion thematics.
    pub thematics: Vec<String>,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    pub status: String,
    pub capacity: Option<i32>,
    pub places_taken: Count,
    pub waiting: Count,
}

impl Action {
    fn of(row: ActionRow, role: maillage_domain::accounts::Role) -> Action {
        Action {
            id: row.id.get(),
            title: row.title,
            axis: row.axis.code().to_owned(),
            innovative: row.innovative,
            carrier: row.carrier_partner_name,
            thematics: row
                .thematics
                .split_whitespace()
                .map(str::to_owned)
                .collect(),
            starts_on: row.starts_on,
            ends_on: row.ends_on,
            status: row.status.code().to_owned(),
            capacity: row.capacity,
            places_taken: Count::for_role(role, row.places_taken),
            waiting: Count::for_role(role, row.waiting),
        }
    }
}

/// A séance of an action: when, where, how many came.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Seance {
    pub id: i64,
    pub kind: String,
    pub held_on: NaiveDate,
    pub place: Option<String>,
    /// Everyone who came, persons of the Cité and anonymous attendees
    /// (withheld from the roles that see no person).
    pub attendees: Count,
}

/// A séance's attendance, for those who work with the persons: the page
/// masks its two parts apart, across séances (`domain::masking`), and a sum
/// beside them would give the small ones away.
fn attendees(role: maillage_domain::accounts::Role, count: i64) -> Count {
    match role.sees_persons() {
        true => Count::for_role(role, count),
        false => Count {
            count: None,
            shown: maillage_domain::masking::WITHHELD.to_owned(),
        },
    }
}

/// The Cité's actions, newest first.
#[utoipa::path(
    get,
    path = "/actions",
    tag = "Actions",
    params(PageQuery),
    responses(
        (status = 200, description = "Une page d'actions", body = Paged<Action>),
        Refusals,
    )
)]
pub async fn list(
    user: ApiUser,
    State(state): State<AppState>,
    Query(page): Query<PageQuery>,
) -> ApiResult<Json<Paged<Action>>> {
    let page = page.checked()?;
    let role = user.scope.role();
    let actions: Vec<Action> = state
        .store
        .actions(&user.scope, &ActionFilter::default())
        .await?
        .into_iter()
        .map(|row| Action::of(row, role))
        .collect();
    Ok(Json(page.of(&actions)))
}

/// The séances of one action of the Cité.
#[utoipa::path(
    get,
    path = "/actions/{id}/sessions",
    tag = "Actions",
    params(("id" = i64, Path, description = "L'action"), PageQuery),
    responses(
        (status = 200, description = "Une page de séances", body = Paged<Seance>),
        Refusals,
    )
)]
pub async fn sessions(
    user: ApiUser,
    State(state): State<AppState>,
    Path(id): Path<ActionId>,
    Query(page): Query<PageQuery>,
) -> ApiResult<Json<Paged<Seance>>> {
    let page = page.checked()?;
    let role = user.scope.role();
    state.store.action(&user.scope, id).await?;
    let seances: Vec<Seance> = state
        .store
        .seances(&user.scope, id)
        .await?
        .into_iter()
        .map(|row: SeanceRow| Seance {
            id: row.id.get(),
            kind: row.kind.code().to_owned(),
            held_on: row.held_on,
            place: row.place,
            attendees: attendees(role, i64::from(row.anonymous_count) + row.linked),
        })
        .collect();
    Ok(Json(page.of(&seances)))
}
