//! Maillage's web layer (axum): server-rendered DSFR pages, sessions, CSRF,
//! security headers, and the mapping of errors to French pages.
//!
//! A request flows one way: metrics → security headers and request id →
//! session (`CurrentUser` with its `Scope`, CSRF check) → handler → store →
//! template.

pub mod api;
pub mod assets;
pub mod auth;
pub mod error;
pub mod extract;
pub mod form;
pub mod mail;
pub mod metrics;
pub mod notify;
pub mod reference;
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
        .merge(metrics::routes())
        .merge(assets::router())
        .route_layer(middleware::from_fn(metrics::route_layer))
        .fallback(error::fallback)
        .layer(middleware::from_fn_with_state(
            state.clone(),
            auth::session::middleware,
        ))
        // After the session layer: the API's calls carry a token, not a
        // session cookie, and no CSRF token.
        .nest("/api/v1", api::router())
        .layer(middleware::from_fn_with_state(
            state.clone(),
            security::middleware,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            metrics::middleware,
        ))
        .with_state(state)
}

/// Removes ended sessions every ten minutes, so the table stays small.
pub async fn purge_sessions_forever(state: AppState) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(600));
    loop {
        tick.tick().await;
        let now = state.now();
        let policy = state.config.sessions;
        if let Err(error) = state
            .store
            .purge_sessions(now - policy.idle, now - policy.absolute)
            .await
        {
            tracing::warn!(%error, "session purge failed");
        }
    }
}
