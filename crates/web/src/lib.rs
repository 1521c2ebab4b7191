//! Maillage's web layer (axum): server-rendered DSFR pages, sessions, CSRF,
//! security headers, and the mapping of errors to French pages.
//!
//! A request flows one way: security headers and request id → session
//! (`CurrentUser` with its `Scope`, CSRF check) → handler → store → template.

pub mod assets;
pub mod auth;
pub mod error;
pub mod form;
mod routes;
pub mod security;
pub mod state;
pub mod views;

use axum::middleware;
use axum::Router;

pub use state::{AppState, Clock, Config, ManualClock, SystemClock};

/// The whole application, ready to serve.
pub fn router(state: AppState) -> Router {
    routes::router()
        .merge(assets::router())
        .fallback(error::fallback)
        .layer(middleware::from_fn_with_state(state.clone(), auth::session::middleware))
        .layer(middleware::from_fn_with_state(state.clone(), security::middleware))
        .with_state(state)
}
