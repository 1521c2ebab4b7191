//! `/services`: the Cité's catalogue in data·inclusion's format, as its
//! export gives it (and audited as one).

use axum::extract::State;
use axum::Json;
use utoipa::ToSchema;

use super::problem::Refusals;
use super::{ApiResult, ApiUser};
use crate::state::AppState;

/// A data·inclusion file (schema 1.0): the structures and their services.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct Catalogue {
    /// data·inclusion structures.
    structures: Vec<serde_json::Value>,
    /// data·inclusion services, each with its structure's id.
    services: Vec<serde_json::Value>,
}

/// The Cité's whole catalogue.
#[utoipa::path(get, path = "/services", tag = "Offre de services",
    responses((status = 200, description = "Le catalogue data·inclusion", body = Catalogue), Refusals))]
pub async fn catalogue(
    user: ApiUser,
    State(state): State<AppState>,
) -> ApiResult<Json<serde_json::Value>> {
    let catalogue = state
        .store
        .export_data_inclusion(&user.actor(), &user.scope)
        .await?;
    Ok(Json(catalogue.to_json()))
}
