//! Pages of their own: health check, accessibility statement, audit log.

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::Json;
use maillage_domain::accounts::Role;

use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::state::AppState;
use crate::views::{audit, format, render, Layout};

/// For load balancers: answers 200 when the database answers.
pub async fn healthz(State(state): State<AppState>) -> Response {
    match state.store.cite_id_by_code("").await {
        Ok(_) => Json(serde_json::json!({ "status": "ok", "backend": state.store.backend() }))
            .into_response(),
        Err(error) => {
            tracing::error!(%error, "health check failed");
            (
                axum::http::StatusCode::SERVICE_UNAVAILABLE,
                Json(serde_json::json!({ "status": "indisponible" })),
            )
                .into_response()
        }
    }
}

#[derive(Template)]
#[template(path = "accessibility.html")]
struct AccessibilityPage {
    layout: Layout,
}

pub async fn accessibility(user: Option<CurrentUser>) -> AppResult<Response> {
    let title = "Déclaration d'accessibilité";
    let layout = match &user {
        Some(user) => Layout::new(title, user, "/accessibilite"),
        None => Layout::anonymous(title, String::new()),
    };
    Ok(render(&AccessibilityPage { layout })?.into_response())
}

pub struct AuditLine {
    pub at: String,
    pub who: String,
    pub organisation: String,
    pub action: &'static str,
    pub detail: String,
    pub ip: String,
}

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    layout: Layout,
    lines: Vec<AuditLine>,
    /// The national team's log: security events outside any Cité.
    national: bool,
}

/// A Cité's journal for its coordinators; for the national team, the
/// security events no Cité owns (failed sign-ins, its own refusals).
pub async fn audit_log(State(state): State<AppState>, user: CurrentUser) -> AppResult<Response> {
    let national = user.scope.role() == Role::National;
    if !national {
        user.require_coordinator()?;
    }
    let rows = state.store.audit_log(&user.scope, 200).await?;
    let lines = rows
        .into_iter()
        .map(|row| AuditLine {
            at: format::date_time(row.at),
            who: row.user_name.unwrap_or_else(|| "Système".to_owned()),
            organisation: row.organisation.unwrap_or_default(),
            action: audit::action_label(&row.action),
            detail: row.detail.unwrap_or_default(),
            ip: row.ip.unwrap_or_default(),
        })
        .collect();
    let page = AuditPage {
        layout: Layout::new(
            if national {
                "Journal de sécurité"
            } else {
                "Journal d'audit"
            },
            &user,
            "/journal",
        ),
        lines,
        national,
    };
    Ok(render(&page)?.into_response())
}
