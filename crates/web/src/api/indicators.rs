//! `/indicators`: how many persons a Cité follows, by status, for those
//! who read its indicators (coordinators, co-pilots, the national team,
//! which gets every Cité); every count through the masking function.

use axum::extract::State;
use axum::Json;
use maillage_domain::accounts::Role;
use serde::Serialize;
use utoipa::ToSchema;

use super::problem::Refusals;
use super::{ApiError, ApiResult, ApiUser, Count};
use crate::state::AppState;

/// A Cité's persons by status.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CiteCounts {
    pub cite_id: i64,
    pub proposed: Count,
    pub active: Count,
    pub exited: Count,
    /// Of those who left, how many in durable employment.
    pub durable_employment: Count,
}

/// The persons by status, per Cité.
#[utoipa::path(get, path = "/indicators", tag = "Indicateurs",
    responses((status = 200, description = "Les effectifs par Cité", body = Vec<CiteCounts>), Refusals))]
pub async fn counts(
    user: ApiUser,
    State(state): State<AppState>,
) -> ApiResult<Json<Vec<CiteCounts>>> {
    let role = user.scope.role();
    if !matches!(role, Role::Coordinateur | Role::Pilote | Role::National) {
        return Err(ApiError::forbidden(
            "Les indicateurs sont réservés à la coordination, aux co-pilotes et à l'équipe nationale.",
        ));
    }
    let counts = state.store.counts(&user.scope).await?;
    Ok(Json(
        counts
            .into_iter()
            .map(|c| CiteCounts {
                cite_id: c.cite_id.get(),
                proposed: Count::for_role(role, c.proposed),
                active: Count::for_role(role, c.active),
                exited: Count::for_role(role, c.exited),
                durable_employment: Count::for_role(role, c.durable_employment),
            })
            .collect(),
    ))
}
