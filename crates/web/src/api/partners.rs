//! `/partners`: the partners of the token's Cité.

use axum::extract::State;
use axum::Json;
use maillage_store::partners::PartnerRow;
use serde::Serialize;
use utoipa::ToSchema;

use super::problem::Refusals;
use super::{ApiResult, ApiUser, PageQuery, Paged};
use crate::extract::Query;
use crate::state::AppState;

/// A partner (*partenaire*) of the Cité.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Partner {
    pub id: i64,
    pub name: String,
    /// Its category's code (`spe`, `association`…).
    pub category: String,
    /// Its national network's code (`france-travail`, `mission-locale`…).
    pub network: Option<String>,
    pub siret: Option<String>,
    pub city: Option<String>,
    pub archived: bool,
}

impl From<PartnerRow> for Partner {
    fn from(row: PartnerRow) -> Self {
        Partner {
            id: row.id.get(),
            name: row.name,
            category: row.category.code().to_owned(),
            network: row.network,
            siret: row.siret,
            city: row.city,
            archived: row.archived_at.is_some(),
        }
    }
}

/// The partners of the Cité by name (archived ones too, for its coordinators).
#[utoipa::path(
    get,
    path = "/partners",
    tag = "Partenaires",
    params(PageQuery),
    responses(
        (status = 200, description = "Une page de partenaires", body = Paged<Partner>),
        Refusals,
    )
)]
pub async fn list(
    user: ApiUser,
    State(state): State<AppState>,
    Query(page): Query<PageQuery>,
) -> ApiResult<Json<Paged<Partner>>> {
    let page = page.checked()?;
    let partners: Vec<Partner> = state
        .store
        .partners(&user.scope, user.scope.can_administer_cite())
        .await?
        .into_iter()
        .map(Partner::from)
        .collect();
    Ok(Json(page.of(&partners)))
}
