//! Pages of their own: health check, accessibility statement, audit log.

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::Json;
use maillage_domain::accounts::Role;
use maillage_domain::dates::parse_date;
use maillage_domain::journal::AuditFamily;
use maillage_store::audit::AuditFilter;

use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::extract::Query;
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
    query: JournalQuery,
    families: Vec<(String, String)>,
    /// The Cité's accounts, for « qui » (the national log has none).
    people: Vec<(String, String)>,
}

/// The journal's filters, as the form sends them: who, what, when.
#[derive(serde::Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct JournalQuery {
    qui: String,
    quoi: String,
    du: String,
    au: String,
}

impl JournalQuery {
    /// A value that is not one of the choices narrows nothing.
    fn filter(&self) -> AuditFilter {
        let family = AuditFamily::parse(&self.quoi);
        AuditFilter {
            family,
            // Unless asked for, successful sign-ins would bury the rest.
            hide_sign_ins: family.is_none(),
            user_id: self.qui.parse().ok(),
            from: parse_date(&self.du),
            to: parse_date(&self.au),
        }
    }
}

/// A Cité's journal for its coordinators; for the national team, the
/// security events no Cité owns (failed sign-ins, its own refusals).
pub async fn audit_log(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(query): Query<JournalQuery>,
) -> AppResult<Response> {
    let national = user.scope.role() == Role::National;
    let people = if national {
        Vec::new()
    } else {
        user.require_coordinator()?;
        let accounts = state.store.cite_accounts(&user.scope).await?;
        accounts
            .into_iter()
            .map(|a| (a.user_id.to_string(), a.name))
            .collect()
    };
    let rows = state
        .store
        .journal(&user.scope, &query.filter(), 200)
        .await?;
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
        query,
        families: crate::views::codes::closed_list::<AuditFamily>(),
        people,
    };
    Ok(render(&page)?.into_response())
}
