//! The API's error policy: every error is `application/problem+json`
//! (RFC 9457) with a French title and detail, whoever made it (a handler,
//! an extractor, a route that does not exist, a method it does not take).
//! The statuses are the pages': 404 alike for what does not exist and what
//! is not the caller's; a well-formed request that a rule refuses is 409.

use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use maillage_store::StoreError;
use serde::Serialize;
use utoipa::ToSchema;

use crate::error::{AppError, ErrorPageMarker};

pub const PROBLEM_JSON: &str = "application/problem+json";

/// An error, as RFC 9457 describes it.
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    /// `about:blank`: the status says what kind of error it is.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
}

/// The refusals any call may meet, as the OpenAPI document lists them.
#[derive(utoipa::IntoResponses)]
#[allow(dead_code)]
pub enum Refusals {
    /// Paramètres incorrects.
    #[response(status = 400, content_type = "application/problem+json")]
    BadRequest(Problem),
    /// Jeton absent, inconnu, expiré ou révoqué.
    #[response(status = 401, content_type = "application/problem+json")]
    Unauthorized(Problem),
    /// Le rôle ou le jeton ne permet pas cette action.
    #[response(status = 403, content_type = "application/problem+json")]
    Forbidden(Problem),
    /// Introuvable, ou pas à la portée du jeton.
    #[response(status = 404, content_type = "application/problem+json")]
    NotFound(Problem),
}

#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    title: &'static str,
    detail: String,
}

pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub fn new(status: StatusCode, title: &'static str, detail: impl Into<String>) -> Self {
        ApiError {
            status,
            title,
            detail: detail.into(),
        }
    }

    pub fn bad_request(detail: impl Into<String>) -> Self {
        ApiError::new(StatusCode::BAD_REQUEST, "Demande incorrecte", detail)
    }

    pub fn unauthorized(detail: impl Into<String>) -> Self {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            "Jeton d'accès manquant ou invalide",
            detail,
        )
    }

    pub fn forbidden(detail: impl Into<String>) -> Self {
        ApiError::new(StatusCode::FORBIDDEN, "Accès refusé", detail)
    }

    /// The cause goes to the log, never to the caller.
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        tracing::error!(%cause, "API server error");
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Erreur inattendue",
            "Une erreur est survenue de notre côté. Elle a été enregistrée ; réessayez \
             dans quelques instants.",
        )
    }

    pub fn not_found() -> Self {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "Ressource introuvable",
            "Cette ressource n'existe pas, ou votre jeton n'y donne pas accès.",
        )
    }
}

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::NotFound => ApiError::not_found(),
            StoreError::Forbidden => {
                ApiError::forbidden("Le rôle du titulaire du jeton ne permet pas cette action.")
            }
            // A rule the resource's state breaks (already decided, outside
            // the intake window): the request was well formed.
            StoreError::Invalid { message, .. } | StoreError::Conflict { message, .. } => {
                ApiError::new(StatusCode::CONFLICT, "Demande refusée", message)
            }
            other => ApiError::internal(other),
        }
    }
}

/// An extractor's refusal (`Path`, `Query`), said the API's way.
impl From<AppError> for ApiError {
    fn from(error: AppError) -> Self {
        match error {
            AppError::NotFound => ApiError::not_found(),
            AppError::BadRequest(message) => ApiError::bad_request(message),
            AppError::Forbidden | AppError::Csrf => {
                ApiError::forbidden("Le rôle du titulaire du jeton ne permet pas cette action.")
            }
            AppError::Internal(cause) => ApiError::internal(cause),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let problem = Problem {
            kind: "about:blank".into(),
            title: self.title.into(),
            status: self.status.as_u16(),
            detail: self.detail,
        };
        let body = serde_json::to_string(&problem).unwrap_or_default();
        let mut response = (self.status, body).into_response();
        response
            .headers_mut()
            .insert(CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
        if self.status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                axum::http::header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"maillage\""),
            );
        }
        response
    }
}

pub async fn not_found() -> ApiError {
    ApiError::not_found()
}

pub async fn method_not_allowed() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "Méthode non prise en charge",
        "Cette adresse de l'API ne prend pas cette méthode HTTP.",
    )
}

/// Any error answer that is not yet a problem (an HTML error page from a
/// shared extractor, a framework's empty body) becomes one.
pub async fn as_problem(response: Response) -> Response {
    let status = response.status();
    let is_problem = response
        .headers()
        .get(CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(PROBLEM_JSON.as_bytes()));
    if !(status.is_client_error() || status.is_server_error()) || is_problem {
        return response;
    }
    let detail = response
        .extensions()
        .get::<ErrorPageMarker>()
        .map(|marker| marker.message.clone());
    let error = match (status, detail) {
        (StatusCode::NOT_FOUND, _) => ApiError::not_found(),
        (_, Some(detail)) => ApiError::new(status, "Demande incorrecte", detail),
        _ => ApiError::new(
            status,
            "Demande incorrecte",
            "La demande n'a pas pu être traitée telle qu'elle a été envoyée.",
        ),
    };
    error.into_response()
}
