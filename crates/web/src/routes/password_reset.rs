//! Forgotten password (*mot de passe oublié*): whoever gives an address is
//! told the same thing, whether an account has it or not (no one learns who
//! has an account); the account, if any, gets a link by e-mail, valid for an
//! hour and once, that opens a form to choose a new password. Offered only
//! where messages leave (`Config::mail_enabled`).

use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use chrono::Duration;
use maillage_domain::accounts::{check_password, Email};
use maillage_domain::mail::{password_reset, MailBody, RESET_LIFETIME};
use maillage_store::mail::LinkRequest;
use serde::Deserialize;

use super::session::anonymous_form;
use crate::auth::session::{hash_session_id, random_token};
use crate::auth::{password, ClientInfo};
use crate::error::{AppError, AppResult};
use crate::extract::Path;
use crate::form::Form;
use crate::state::AppState;
use crate::views::{render, Layout};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/mot-de-passe-oublie", get(ask_page).post(ask))
        .route("/mot-de-passe/{token}", get(choose_page).post(choose))
}

#[derive(Template)]
#[template(path = "password/ask.html")]
struct AskPage {
    layout: Layout,
    email: String,
    error: Option<&'static str>,
    /// Asked: the page says a link is on its way, if the account exists.
    sent: bool,
}

#[derive(Template)]
#[template(path = "password/choose.html")]
struct ChoosePage {
    layout: Layout,
    token: String,
    error: Option<String>,
}

#[derive(Template)]
#[template(path = "password/closed.html")]
struct ClosedPage {
    layout: Layout,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AskForm {
    email: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ChooseForm {
    password: String,
    confirmation: String,
}

/// Where messages leave and passwords sign in.
fn enabled(state: &AppState) -> AppResult<()> {
    match state.config.mail_enabled && !state.config.password_sign_in_disabled {
        true => Ok(()),
        false => Err(AppError::NotFound),
    }
}

fn ask_response(
    state: &AppState,
    headers: &HeaderMap,
    email: String,
    error: Option<&'static str>,
    sent: bool,
) -> AppResult<Response> {
    anonymous_form(state, headers, |token| {
        let page = AskPage {
            layout: Layout::anonymous("Mot de passe oublié", token),
            email,
            error,
            sent,
        };
        let status = match error {
            Some(_) => StatusCode::UNPROCESSABLE_ENTITY,
            None => StatusCode::OK,
        };
        Ok((status, render(&page)?).into_response())
    })
}

async fn ask_page(State(state): State<AppState>, headers: HeaderMap) -> AppResult<Response> {
    enabled(&state)?;
    ask_response(&state, &headers, String::new(), None, false)
}

async fn ask(
    State(state): State<AppState>,
    client: ClientInfo,
    headers: HeaderMap,
    Form(form): Form<AskForm>,
) -> AppResult<Response> {
    enabled(&state)?;
    let Ok(email) = Email::parse(&form.email) else {
        let error = "Saisissez une adresse électronique au format nom@domaine.fr.";
        return ask_response(&state, &headers, form.email, Some(error), false);
    };
    let reset = link_request(&state, RESET_LIFETIME, password_reset);
    let actor = client.actor(None, None);
    if state
        .store
        .request_password_reset(&actor, &email, &reset)
        .await?
    {
        state.mail_queued.notify_one();
    }
    ask_response(&state, &headers, form.email, None, true)
}

/// A new link, valid for `lifetime`, and its message from `mail`: the
/// token travels in the link, only its hash is kept.
pub(crate) fn link_request(
    state: &AppState,
    lifetime: Duration,
    mail: impl FnOnce(&str) -> MailBody,
) -> LinkRequest {
    let token = random_token();
    let base = state.config.public_url.trim_end_matches('/');
    LinkRequest {
        token_hash: hash_session_id(&token),
        expires_at: state.now() + lifetime,
        mail: mail(&format!("{base}/mot-de-passe/{token}")),
    }
}

/// The link's token, checked open; every other case is the same page.
async fn open_token(state: &AppState, token: &str) -> AppResult<Option<String>> {
    enabled(state)?;
    let hash = hash_session_id(token);
    let well_formed = token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit());
    let open = well_formed && state.store.password_reset_open(&hash, state.now()).await?;
    Ok(open.then_some(hash))
}

fn closed(state: &AppState, headers: &HeaderMap) -> AppResult<Response> {
    anonymous_form(state, headers, |token| {
        let page = ClosedPage {
            layout: Layout::anonymous("Lien expiré", token),
        };
        Ok((StatusCode::NOT_FOUND, render(&page)?).into_response())
    })
}

fn choose_response(
    state: &AppState,
    headers: &HeaderMap,
    token: String,
    error: Option<String>,
) -> AppResult<Response> {
    anonymous_form(state, headers, |csrf| {
        let status = match error {
            Some(_) => StatusCode::UNPROCESSABLE_ENTITY,
            None => StatusCode::OK,
        };
        let page = ChoosePage {
            layout: Layout::anonymous("Nouveau mot de passe", csrf),
            token,
            error,
        };
        Ok((status, render(&page)?).into_response())
    })
}

async fn choose_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> AppResult<Response> {
    match open_token(&state, &token).await? {
        Some(_) => choose_response(&state, &headers, token, None),
        None => closed(&state, &headers),
    }
}

async fn choose(
    State(state): State<AppState>,
    client: ClientInfo,
    headers: HeaderMap,
    Path(token): Path<String>,
    Form(form): Form<ChooseForm>,
) -> AppResult<Response> {
    let Some(hash) = open_token(&state, &token).await? else {
        return closed(&state, &headers);
    };
    if let Err(message) = check_password(&form.password) {
        return choose_response(&state, &headers, token, Some(message));
    }
    if form.password != form.confirmation {
        let message = "Les deux mots de passe saisis diffèrent.".to_owned();
        return choose_response(&state, &headers, token, Some(message));
    }
    let hashed = password::hash(form.password).await;
    let actor = client.actor(None, None);
    match state
        .store
        .reset_password_by_link(&actor, &hash, &hashed)
        .await
    {
        Ok(()) => Ok(Redirect::to("/connexion?nouveau=1").into_response()),
        // Used meanwhile by another form: the link is spent.
        Err(maillage_store::StoreError::NotFound) => closed(&state, &headers),
        Err(error) => Err(error.into()),
    }
}
