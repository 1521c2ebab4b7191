//! The path and query extractors every route uses, so that a request axum
//! cannot parse answers a French page, never axum's English text:
//! - a path segment that cannot be an id (`abc`, an overflowing number) is
//!   the 404 of a missing id, so nobody learns which ids are well formed;
//! - a malformed query string (a repeated or unexpected parameter) is a 400.
//!
//! axum's own `Path` and `Query` are disallowed elsewhere (clippy.toml).
#![allow(clippy::disallowed_types)]

use axum::extract::rejection::PathRejection;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use crate::error::AppError;

/// Path parameters; any value that does not parse is a missing page.
pub struct Path<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for Path<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => Ok(Path(value)),
            Err(PathRejection::FailedToDeserializePathParams(error)) => {
                tracing::info!(error = %error.body_text(), "path refused");
                Err(AppError::NotFound)
            }
            Err(other) => Err(AppError::Internal(other.body_text())),
        }
    }
}

/// Query parameters; a malformed query string is a bad request.
pub struct Query<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for Query<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Query(value)| Query(value))
            .map_err(|rejection| {
                tracing::info!(error = %rejection.body_text(), "query refused");
                AppError::BadRequest(
                    "L'adresse de la page contient des paramètres inattendus ou mal formés. \
                     Revenez à la page précédente et recommencez."
                        .into(),
                )
            })
    }
}

/// For `#[serde(default, deserialize_with = "blank_as_none")]` on a query
/// field: an empty value (a form's « Tous ») is no value, anything else must
/// parse, or the query is malformed (the French 400 of [`Query`]).
pub fn blank_as_none<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: std::str::FromStr,
    T::Err: std::fmt::Display,
{
    let text = <String as serde::Deserialize>::deserialize(deserializer)?;
    match text.trim() {
        "" => Ok(None),
        value => value.parse().map(Some).map_err(serde::de::Error::custom),
    }
}
