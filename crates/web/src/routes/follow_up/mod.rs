//! Finding people and following up: the filtered list of persons with its
//! CSV and Excel exports, and « À faire ». Only coordinators and référents
//! follow persons; for anyone else these URLs do not exist (404, the same
//! page as a missing id).

mod export;
mod filters;
mod search;
pub(crate) mod todo;

use axum::routing::get;
use axum::Router;
use chrono::NaiveDate;
use maillage_domain::accounts::Role;
use maillage_domain::names::list_name;

use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::views::format;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/personnes", get(search::list))
        .route("/personnes/export.csv", get(export::csv))
        .route("/personnes/export.xlsx", get(export::xlsx))
        .route("/a-faire", get(todo::show))
        .route("/a-faire/compteur", get(todo::counter))
}

/// Co-pilots, the national team and project carriers see counts only.
fn require_follow_up(user: &CurrentUser) -> AppResult<()> {
    match user.role() {
        Role::Coordinateur | Role::Referent => Ok(()),
        Role::National | Role::Pilote | Role::Porteur => Err(AppError::NotFound),
    }
}

pub use maillage_domain::participants::person::ParticipantStatus as Status;

/// The DSFR badge of a person's status, the same on lists and on the file.
pub trait StatusBadge {
    fn badge(self) -> &'static str;
}

impl StatusBadge for Status {
    fn badge(self) -> &'static str {
        match self {
            Status::Proposed => "fr-badge--new",
            Status::Active => "fr-badge--info",
            Status::Exited => "fr-badge--success",
            Status::NotAdmitted => "fr-badge--error",
        }
    }
}

/// A date that may not have happened yet (entry, exit): empty until then.
fn optional_date(date: Option<NaiveDate>) -> String {
    date.map(format::date).unwrap_or_default()
}

/// How many persons a picker lists, at most.
const PICKER_SIZE: i64 = 1000;

/// The persons the user follows whose status is one of `statuses`, as
/// choices of a form's select (« NOM Prénom », as the lists write them).
pub async fn person_choices(
    state: &AppState,
    user: &CurrentUser,
    statuses: &[Status],
) -> maillage_store::StoreResult<Vec<(String, String)>> {
    let filters = maillage_store::follow_up::SearchFilters {
        per_page: PICKER_SIZE,
        ..Default::default()
    };
    let (rows, _) = state.store.search(&user.scope, &filters).await?;
    Ok(rows
        .into_iter()
        .filter(|p| statuses.contains(&p.status))
        .map(|p| (p.id.to_string(), list_name(&p.first_name, &p.last_name)))
        .collect())
}
