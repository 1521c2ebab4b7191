//! « Mes jetons d'accès »: each user makes tokens for the API in the Cité
//! they work in, sees each once, and revokes them (`crate::api`).

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use maillage_domain::api_tokens::{TokenAccess, TokenInput, TokenLifetime};
use maillage_domain::errors::FieldErrors;
use maillage_store::api_tokens::ApiTokenRow;
use serde::Deserialize;

use crate::api::auth::mint;
use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::extract::Path;
use crate::form::Form;
use crate::state::AppState;
use crate::views::{format, render, Layout};

pub const PATH: &str = "/compte/jetons";

/// A token as the list shows it.
struct TokenView {
    id: i64,
    name: String,
    prefix: String,
    access: &'static str,
    created: String,
    expires: String,
    last_used: String,
    /// « Actif », « Expiré » or « Révoqué ».
    state: &'static str,
    live: bool,
}

#[derive(Template)]
#[template(path = "api_tokens.html")]
struct TokensPage {
    layout: Layout,
    tokens: Vec<TokenView>,
    form: TokenForm,
    errors: FieldErrors,
    accesses: Vec<(String, String)>,
    lifetimes: Vec<(String, String)>,
    /// Just made: shown this once.
    secret: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct TokenForm {
    name: String,
    access: String,
    lifetime: String,
}

fn view(row: ApiTokenRow, now: chrono::DateTime<chrono::Utc>) -> TokenView {
    let (state, live) = match (row.revoked_at, row.expires_at <= now) {
        (Some(_), _) => ("Révoqué", false),
        (None, true) => ("Expiré", false),
        (None, false) => ("Actif", true),
    };
    TokenView {
        id: row.id,
        name: row.name,
        prefix: row.prefix,
        access: if row.can_write {
            TokenAccess::ReadWrite.label()
        } else {
            TokenAccess::Read.label()
        },
        created: format::date(maillage_domain::time::paris_date(row.created_at)),
        expires: format::date(maillage_domain::time::paris_date(row.expires_at)),
        last_used: row
            .last_used_at
            .map(|at| format::date(maillage_domain::time::paris_date(at)))
            .unwrap_or_else(|| "jamais".to_owned()),
        state,
        live,
    }
}

async fn page(
    state: &AppState,
    user: &CurrentUser,
    form: TokenForm,
    errors: FieldErrors,
    secret: Option<String>,
) -> AppResult<Response> {
    let now = state.now();
    let tokens = state
        .store
        .api_tokens(user.user_id)
        .await?
        .into_iter()
        .map(|row| view(row, now))
        .collect();
    let codes = |list: &[(&str, &str)]| {
        list.iter()
            .map(|(c, l)| ((*c).to_owned(), (*l).to_owned()))
            .collect::<Vec<_>>()
    };
    let page = TokensPage {
        layout: Layout::new("Mes jetons d'accès", user, PATH),
        tokens,
        form,
        errors,
        accesses: codes(&TokenAccess::ALL.map(|a| (a.code(), a.label()))),
        lifetimes: codes(&TokenLifetime::ALL.map(|l| (l.code(), l.label()))),
        secret,
    };
    Ok(render(&page)?.into_response())
}

/// An empty form, read-only for 90 days unless chosen otherwise.
fn blank_form() -> TokenForm {
    TokenForm {
        access: TokenAccess::Read.code().to_owned(),
        lifetime: TokenLifetime::Quarter.code().to_owned(),
        ..TokenForm::default()
    }
}

pub async fn show(State(state): State<AppState>, user: CurrentUser) -> AppResult<Response> {
    page(&state, &user, blank_form(), FieldErrors::new(), None).await
}

pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    Form(form): Form<TokenForm>,
) -> AppResult<Response> {
    // A token reads as much as an export: it wants as recent a sign-in.
    if let Err(reauth) = user.recent_sign_in(state.now(), PATH) {
        return Ok(reauth.into_response());
    }
    let input = TokenInput {
        name: form.name.clone(),
        access: form.access.clone(),
        lifetime: form.lifetime.clone(),
    };
    let draft = match input.validate() {
        Ok(draft) => draft,
        Err(errors) => return page(&state, &user, form, errors, None).await,
    };
    let (secret, token) = mint(user.user_id, user.scope.cite_id(), &draft, state.now());
    state.store.create_api_token(&user.actor(), &token).await?;
    page(
        &state,
        &user,
        TokenForm::default(),
        FieldErrors::new(),
        Some(secret),
    )
    .await
}

pub async fn revoke(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    state
        .store
        .revoke_api_token(&user.actor(), user.user_id, id)
        .await?;
    Ok(Redirect::to(PATH).into_response())
}
