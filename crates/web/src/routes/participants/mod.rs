//! A person's file (*dossier*): `/personnes/{id}` and every action posted
//! from it.
//!
//! Every action answers like the page: a file the user may not see is the
//! 404 of a missing id (the store decides, on every call). A bad form
//! re-renders the whole file with the errors next to the fields (422);
//! success redirects back to the section with a notice (PRG).

mod accesses;
mod file;
mod follow;
mod pathway;
mod sharing;
mod suggestions;
mod view;

use std::str::FromStr;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use chrono::NaiveDate;
use maillage_domain::ids::{BarrierId, ParticipantId};
use maillage_domain::FieldErrors;

use crate::error::{AppError, AppResult};
use crate::extract::Path;
use crate::state::AppState;
use crate::views::notice::Notice;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/personnes/{id}", get(file::show))
        .route("/personnes/{id}/consultations", get(accesses::show))
        .route("/personnes/{id}/referent", post(sharing::set_lead))
        .route("/personnes/{id}/freins", post(pathway::add_barrier))
        .route(
            "/personnes/{id}/freins/{barrier_id}/lever",
            post(pathway::lift_barrier),
        )
        .route("/personnes/{id}/etapes", post(pathway::add_step))
        .route("/personnes/{id}/situations", post(follow::record_outcome))
        .route("/personnes/{id}/notes", post(follow::add_note))
        .route("/personnes/{id}/partages", post(sharing::share))
        .route(
            "/personnes/{id}/consentement/retirer",
            post(sharing::withdraw_consent),
        )
}

/// Back to a section of the file, with its notice (before the anchor).
fn back_to(id: ParticipantId, done: Notice, section: &str) -> Response {
    let file = done.at(&format!("/personnes/{id}"));
    Redirect::to(&format!("{file}#{section}")).into_response()
}

/// Ids in the path: a malformed one answers the same 404 as a missing one.
async fn path_id<T: FromStr>(parts: &mut Parts, name: &str) -> Result<T, AppError> {
    let Path(params) = Path::<Vec<(String, String)>>::from_request_parts(parts, &()).await?;
    params
        .iter()
        .find(|(key, _)| key == name)
        .and_then(|(_, value)| value.parse().ok())
        .ok_or(AppError::NotFound)
}

/// The person's id in `/personnes/{id}/…`.
pub struct FileId(pub ParticipantId);

impl<S: Send + Sync> FromRequestParts<S> for FileId {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        path_id(parts, "id").await.map(FileId)
    }
}

/// The barrier's id in `/personnes/{id}/freins/{barrier_id}/lever`.
pub struct BarrierOnFile(pub BarrierId);

impl<S: Send + Sync> FromRequestParts<S> for BarrierOnFile {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        path_id(parts, "barrier_id").await.map(BarrierOnFile)
    }
}

fn today(state: &AppState) -> NaiveDate {
    state.today()
}

/// An optional id chosen in a select: it must be one of `allowed`, whatever
/// the form offered.
fn choice_id<T: FromStr + PartialEq>(
    errors: &mut FieldErrors,
    field: &'static str,
    input: &str,
    allowed: impl IntoIterator<Item = T>,
) -> Option<T> {
    let input = input.trim();
    if input.is_empty() {
        return None;
    }
    let id = input
        .parse::<T>()
        .ok()
        .filter(|id| allowed.into_iter().any(|a| a == *id));
    if id.is_none() {
        errors.add(field, "Choisissez une réponse dans la liste.");
    }
    id
}

/// Every service of the Cité's catalogue, as the step form offers them.
async fn services_catalogue(
    state: &AppState,
    user: &crate::auth::CurrentUser,
) -> AppResult<Vec<maillage_store::services::ServiceListRow>> {
    Ok(state.reference.of(state, user).await?.services.clone())
}
