//! Form bodies, parsed strictly: an unknown field is refused (the server does
//! not trust what the form allowed), repeated fields fill lists.

use axum::extract::{FromRequest, Request};
use serde::de::DeserializeOwned;

use crate::error::AppError;

pub struct Form<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Form<T> {
    type Rejection = AppError;

    async fn from_request(request: Request, _: &S) -> Result<Self, Self::Rejection> {
        let bytes = axum::body::to_bytes(request.into_body(), 1024 * 1024)
            .await
            .map_err(|_| {
                AppError::BadRequest("Le formulaire envoyé est trop volumineux.".into())
            })?;
        serde_html_form::from_bytes(&bytes).map(Form).map_err(|error| {
            tracing::info!(%error, "form refused");
            AppError::BadRequest(
                "Le formulaire envoyé contient des champs inattendus ou mal formés. Rechargez la page et recommencez."
                    .into(),
            )
        })
    }
}

/// True when htmx made the request: it gets the partial, not the whole page
/// (kanidm's `HxRequest`), so every URL also works without JavaScript.
pub struct HxRequest(pub bool);

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for HxRequest {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _: &S,
    ) -> Result<Self, Self::Rejection> {
        let partial =
            parts.headers.contains_key("hx-request") && !parts.headers.contains_key("hx-boosted");
        Ok(HxRequest(partial))
    }
}
