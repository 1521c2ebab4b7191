//! The web layer's error policy, in one place:
//! - `NotFound` (and any record the user may not see) → 404, the same page as
//!   an id that does not exist, so nobody learns what exists elsewhere;
//! - `Forbidden` (a role that may not do this) → 403;
//! - `BadRequest` (malformed form, bad CSRF token…) → 400 or 403 with a French
//!   explanation;
//! - anything else → 500 with a generic French page; the cause goes to the log
//!   with the request id, never to the browser.
//!
//! Field-level problems are not errors here: handlers re-render their form.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use maillage_domain::FieldErrors;
use maillage_store::{StoreError, StoreResult};

use crate::views::ErrorPage;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("page introuvable")]
    NotFound,
    #[error("accès refusé")]
    Forbidden,
    #[error("requête refusée : {0}")]
    BadRequest(String),
    #[error("jeton de sécurité invalide")]
    Csrf,
    #[error("erreur interne : {0}")]
    Internal(String),
}

impl From<StoreError> for AppError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::NotFound => AppError::NotFound,
            StoreError::Forbidden => AppError::Forbidden,
            StoreError::Conflict { message, .. } | StoreError::Invalid { message, .. } => {
                AppError::BadRequest(message)
            }
            other => AppError::Internal(other.to_string()),
        }
    }
}

/// A store call's outcome for a form: its value, or the field it refused
/// (`Invalid`, `Conflict`: a broken rule or uniqueness) as the form's error
/// to re-render; anything else stays an error page (404, 403, 500).
pub fn checked<T>(result: StoreResult<T>) -> AppResult<Result<T, FieldErrors>> {
    match result {
        Ok(value) => Ok(Ok(value)),
        Err(StoreError::Invalid { field, message } | StoreError::Conflict { field, message }) => {
            Ok(Err(FieldErrors::single(field, message)))
        }
        Err(other) => Err(other.into()),
    }
}

impl From<askama::Error> for AppError {
    fn from(error: askama::Error) -> Self {
        AppError::Internal(format!("template : {error}"))
    }
}

pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    fn status(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Forbidden | AppError::Csrf => StatusCode::FORBIDDEN,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn page(&self) -> ErrorPage {
        let (title, message) = match self {
            AppError::NotFound => (
                "Page introuvable",
                "La page que vous cherchez n'existe pas, ou vous n'y avez pas accès. \
                 Vérifiez l'adresse, ou revenez à l'accueil."
                    .to_owned(),
            ),
            AppError::Forbidden => (
                "Accès refusé",
                "Votre rôle ne permet pas cette action. Adressez-vous au coordinateur de votre Cité."
                    .to_owned(),
            ),
            AppError::Csrf => (
                "Formulaire expiré",
                "Pour votre sécurité, ce formulaire n'a pas été pris en compte : il a expiré ou ne vient pas \
                 de Maillage. Revenez en arrière, rechargez la page et recommencez."
                    .to_owned(),
            ),
            AppError::BadRequest(message) => ("Demande incorrecte", message.clone()),
            AppError::Internal(_) => (
                "Erreur inattendue",
                "Une erreur est survenue de notre côté. Elle a été enregistrée ; réessayez dans quelques \
                 instants."
                    .to_owned(),
            ),
        };
        ErrorPage {
            layout: crate::views::Layout::anonymous(title, String::new()),
            status: self.status().as_u16(),
            title,
            message,
        }
    }
}

/// Left on error responses so that the session middleware, which knows the
/// user, can render the page again inside their usual header and menu.
#[derive(Clone)]
pub struct ErrorPageMarker {
    pub title: &'static str,
    pub message: String,
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let AppError::Internal(cause) = &self {
            tracing::error!(%cause, "server error");
        }
        let status = self.status();
        let page = self.page();
        let body = page.render().unwrap_or_else(|_| "Erreur".to_owned());
        let mut response = (status, Html(body)).into_response();
        response.extensions_mut().insert(ErrorPageMarker {
            title: page.title,
            message: page.message,
        });
        response
    }
}

/// The error page for a signed-in user, with their header and menu.
pub fn signed_in_error_page(
    user: &crate::auth::CurrentUser,
    status: StatusCode,
    marker: ErrorPageMarker,
) -> Response {
    let page = ErrorPage {
        layout: crate::views::Layout::new(marker.title, user, ""),
        status: status.as_u16(),
        title: marker.title,
        message: marker.message,
    };
    match page.render() {
        Ok(body) => (status, Html(body)).into_response(),
        Err(_) => status.into_response(),
    }
}

/// The 404 page for URLs that match no route.
pub async fn fallback() -> AppError {
    AppError::NotFound
}
