//! « Mes notifications »: each user chooses, per kind, to be told at once,
//! in the daily digest, or never (`domain::notifications`).

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use maillage_domain::errors::FieldErrors;
use maillage_domain::notifications::{Frequency, NotificationKind};

use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::extract::Query;
use crate::form::Form;
use crate::state::AppState;
use crate::views::{render, Layout};

pub const PATH: &str = "/compte/notifications";

#[derive(Template)]
#[template(path = "notifications.html")]
struct PreferencesPage {
    layout: Layout,
    /// (field name, legend, chosen frequency's code).
    kinds: Vec<(&'static str, &'static str, String)>,
    frequencies: Vec<(String, String)>,
    errors: FieldErrors,
    saved: bool,
    /// Messages leave: without SMTP, the page says nothing is sent yet.
    mail_enabled: bool,
}

#[derive(serde::Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct PageQuery {
    enregistre: Option<String>,
}

pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(query): Query<PageQuery>,
) -> AppResult<Response> {
    let chosen: BTreeMap<_, _> = state
        .store
        .notification_preferences(user.user_id)
        .await?
        .into_iter()
        .collect();
    let kinds = NotificationKind::ALL
        .iter()
        .map(|kind| {
            let frequency = chosen
                .get(kind)
                .copied()
                .unwrap_or_else(|| kind.default_frequency());
            (kind.code(), kind.label(), frequency.code().to_owned())
        })
        .collect();
    let page = PreferencesPage {
        layout: Layout::new("Mes notifications", &user, PATH),
        kinds,
        frequencies: Frequency::ALL
            .iter()
            .map(|f| (f.code().to_owned(), f.label().to_owned()))
            .collect(),
        errors: FieldErrors::new(),
        saved: query.enregistre.is_some(),
        mail_enabled: state.config.mail_enabled,
    };
    Ok(render(&page)?.into_response())
}

/// Every kind with one of the frequencies: the form always sends them all,
/// so anything else is a forged form.
pub async fn save(
    State(state): State<AppState>,
    user: CurrentUser,
    Form(form): Form<BTreeMap<String, String>>,
) -> AppResult<Response> {
    let forged = || AppError::BadRequest("Le formulaire des notifications est incomplet.".into());
    let mut choices = Vec::new();
    for (field, value) in &form {
        if field == "csrf_token" {
            continue;
        }
        let kind = NotificationKind::parse(field).ok_or_else(forged)?;
        let frequency = Frequency::parse(value).ok_or_else(forged)?;
        choices.push((kind, frequency));
    }
    if choices.len() != NotificationKind::ALL.len() {
        return Err(forged());
    }
    state
        .store
        .set_notification_preferences(&user.actor(), user.user_id, &choices)
        .await?;
    Ok(Redirect::to(&format!("{PATH}?enregistre=1")).into_response())
}
