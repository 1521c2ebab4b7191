//! The JSON API (`/api/v1`): what a partner's own tools read from Maillage,
//! and the few things they may write, with a personal access token
//! (`Authorization: Bearer mlg_…`). Every call is scoped by the token's
//! user and Cité and audited exactly as the pages are (the same store
//! calls); what is not theirs answers the same 404 as what does not exist.
//! Errors are `application/problem+json` in French (RFC 9457). The OpenAPI
//! 3.1 document is generated from the handlers (`utoipa`) and served at
//! `/api/v1/openapi.json`, read by people at `/api/v1`.

mod actions;
pub mod auth;
mod docs;
mod indicators;
mod partners;
mod persons;
mod problem;
mod referrals;
mod services;

use axum::routing::{get, post};
use axum::{middleware, Json, Router};
use serde::{Deserialize, Serialize};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{IntoParams, Modify, OpenApi, ToSchema};

pub use auth::{ApiUser, TOKEN_PREFIX};
pub use problem::{ApiError, ApiResult};

use crate::state::AppState;

/// Mounted at `/api/v1`, outside the pages' session and CSRF layer: a
/// token is not a cookie, no other site can send it.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(docs::page))
        .route("/openapi.json", get(openapi_json))
        .route("/partners", get(partners::list))
        .route("/services", get(services::catalogue))
        .route("/actions", get(actions::list))
        .route("/actions/{id}/sessions", get(actions::sessions))
        .route("/cohorts", get(persons::cohorts))
        .route("/persons", get(persons::list))
        .route("/persons/{id}", get(persons::show))
        .route("/persons/{id}/outcomes", get(persons::outcomes))
        .route("/referrals", get(referrals::list))
        .route("/referrals/{id}/decision", post(referrals::decide))
        .route("/indicators", get(indicators::counts))
        .route_layer(middleware::from_fn(crate::metrics::route_layer))
        .fallback(problem::not_found)
        .method_not_allowed_fallback(problem::method_not_allowed)
        .layer(middleware::map_response(problem::as_problem))
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "API de Maillage",
        version = "1",
        description = "Les données d'une Cité de l'emploi pour les outils de ses partenaires. \
                       Chaque appel porte un jeton d'accès personnel (en-tête \
                       « Authorization: Bearer mlg_… »), créé sur la page « Mes jetons d'accès ». \
                       Le jeton agit pour son titulaire dans sa Cité, avec ses droits, et chaque \
                       lecture d'une personne est tracée comme dans l'application."
    ),
    paths(
        partners::list,
        services::catalogue,
        actions::list,
        actions::sessions,
        persons::cohorts,
        persons::list,
        persons::show,
        persons::outcomes,
        referrals::list,
        referrals::decide,
        indicators::counts,
    ),
    components(schemas(problem::Problem)),
    modifiers(&BearerToken),
    security(("jeton" = [])),
    servers((url = "/api/v1"))
)]
pub struct ApiDoc;

struct BearerToken;

impl Modify for BearerToken {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "jeton",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("Jeton d'accès personnel (mlg_…)"))
                    .build(),
            ),
        );
    }
}

/// The OpenAPI document, built once.
fn document() -> &'static utoipa::openapi::OpenApi {
    static DOCUMENT: std::sync::OnceLock<utoipa::openapi::OpenApi> = std::sync::OnceLock::new();
    DOCUMENT.get_or_init(ApiDoc::openapi)
}

async fn openapi_json() -> Json<&'static utoipa::openapi::OpenApi> {
    Json(document())
}

/// `?page=1&per_page=50`: pages start at 1; at most 200 items each.
#[derive(Debug, Clone, Copy, Deserialize, IntoParams)]
#[serde(default, deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// The page, from 1.
    #[param(minimum = 1, maximum = 1000000)]
    page: i64,
    /// Items per page, 1 to 200.
    #[param(minimum = 1, maximum = 200)]
    per_page: i64,
}

impl Default for PageQuery {
    fn default() -> Self {
        PageQuery {
            page: 1,
            per_page: 50,
        }
    }
}

impl PageQuery {
    /// Checked bounds: a bad page is a French 400, never a panic.
    fn checked(self) -> ApiResult<PageQuery> {
        if !(1..=1_000_000).contains(&self.page) || !(1..=200).contains(&self.per_page) {
            return Err(ApiError::bad_request(
                "« page » commence à 1 et « per_page » va de 1 à 200.",
            ));
        }
        Ok(self)
    }

    fn offset(self) -> usize {
        usize::try_from((self.page - 1) * self.per_page).unwrap_or(usize::MAX)
    }

    /// One page of `items`, with how many there are in all.
    fn of<T: Clone>(self, items: &[T]) -> Paged<T> {
        let data = items
            .iter()
            .skip(self.offset())
            .take(usize::try_from(self.per_page).unwrap_or(0))
            .cloned()
            .collect();
        Paged {
            data,
            page: self.page,
            per_page: self.per_page,
            total: i64::try_from(items.len()).unwrap_or(i64::MAX),
        }
    }
}

/// A page of a list: its items, where it stands, how many in all.
#[derive(Debug, Serialize, ToSchema)]
pub struct Paged<T> {
    pub data: Vec<T>,
    pub page: i64,
    pub per_page: i64,
    pub total: i64,
}

/// A count of persons, as the caller's role may read it: co-pilots and the
/// national team get no exact count under 5 (`domain::masking`).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Count {
    /// The exact count, when the role may read it.
    pub count: Option<i64>,
    /// The count as the pages show it (« < 5 » when masked).
    pub shown: String,
}

impl Count {
    pub fn for_role(role: maillage_domain::accounts::Role, count: i64) -> Count {
        Count {
            count: maillage_domain::masking::may_reveal(role, count).then_some(count),
            shown: maillage_domain::masking::count_for(role, count),
        }
    }
}
