//! Sign-in (*connexion*), sign-out and switching Cité.

use askama::Template;
use axum::extract::State;
use axum::http::header::SET_COOKIE;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use maillage_domain::accounts::Email;
use maillage_domain::ids::{CiteId, UserId};
use maillage_store::accounts::NewSession;
use serde::Deserialize;

use crate::auth::password;
use crate::auth::session::{
    cookie, hash_session_id, random_token, session_cookie_name, set_cookie,
};
use crate::auth::{csrf, ClientInfo, CurrentUser};
use crate::error::{AppError, AppResult};
use crate::extract::Query;
use crate::form::Form;
use crate::state::AppState;
use crate::views::{render, Layout};

#[derive(Template)]
#[template(path = "sign_in.html")]
struct SignInPage {
    layout: Layout,
    email: String,
    error: Option<String>,
    notice: Option<&'static str>,
    /// Links can be sent by e-mail: « Mot de passe oublié ? » sends one.
    mail_enabled: bool,
    /// ProConnect's button, and the password form.
    proconnect: bool,
    password: bool,
}

#[derive(Deserialize, Default)]
pub struct SignInQuery {
    fin: Option<String>,
    /// Back from choosing a new password by link.
    nouveau: Option<String>,
}

const EXPIRED: &str = "Votre session a pris fin. Connectez-vous à nouveau.";
const NEW_PASSWORD: &str = "Votre nouveau mot de passe est enregistré. Connectez-vous avec lui.";

const WRONG_CREDENTIALS: &str = "Adresse électronique ou mot de passe incorrect.";
const THROTTLED: &str =
    "Trop de tentatives de connexion ont échoué. Par sécurité, réessayez dans 15 minutes.";
const PASSWORD_OFF: &str =
    "La connexion par mot de passe n'est pas ouverte sur ce service : identifiez-vous avec ProConnect.";
const NO_CITE: &str =
    "Votre compte n'est rattaché à aucune Cité de l'emploi. Contactez le coordinateur de votre Cité.";

/// Too many recent failures for this account or from this address: the
/// password is not even checked (sign-in and re-authentication alike).
async fn throttled(state: &AppState, email: &str, client: &ClientInfo) -> AppResult<bool> {
    let since = state.now() - state.config.throttle.window;
    let (by_account, by_address) = state
        .store
        .sign_in_failures(email, &client.ip, since)
        .await?;
    Ok(state.config.throttle.is_throttled(by_account, by_address))
}

/// The form, with a CSRF token in its own cookie since there is no session yet.
fn sign_in_response(
    state: &AppState,
    headers: &HeaderMap,
    email: String,
    error: Option<&str>,
    notice: Option<&'static str>,
) -> AppResult<Response> {
    anonymous_form(state, headers, |token| {
        let page = SignInPage {
            layout: Layout::anonymous("Connexion", token),
            email,
            error: error.map(str::to_owned),
            notice,
            mail_enabled: state.config.mail_enabled,
            proconnect: state.proconnect.is_some(),
            password: !state.config.password_sign_in_disabled,
        };
        let status = if error.is_some() {
            axum::http::StatusCode::UNPROCESSABLE_ENTITY
        } else {
            axum::http::StatusCode::OK
        };
        Ok((status, render(&page)?).into_response())
    })
}

/// A page with a form for who has no session (sign-in, an account
/// request): its CSRF token, given to `page`, travels in its own cookie.
pub(crate) fn anonymous_form(
    state: &AppState,
    headers: &HeaderMap,
    page: impl FnOnce(String) -> AppResult<Response>,
) -> AppResult<Response> {
    let name = csrf::anonymous_cookie_name(&state.config);
    let existing = cookie(headers, name)
        .filter(|t| t.len() == 64)
        .map(str::to_owned);
    let token = existing.clone().unwrap_or_else(random_token);
    let mut response = page(token.clone())?;
    if existing.is_none() {
        if let Ok(value) = set_cookie(&state.config, name, Some(&token)).parse() {
            response.headers_mut().append(SET_COOKIE, value);
        }
    }
    Ok(response)
}

pub async fn sign_in_page(
    State(state): State<AppState>,
    user: Option<CurrentUser>,
    Query(query): Query<SignInQuery>,
    headers: HeaderMap,
) -> AppResult<Response> {
    if user.is_some() {
        return Ok(Redirect::to("/").into_response());
    }
    let notice = match (query.fin, query.nouveau) {
        (Some(_), _) => Some(EXPIRED),
        (None, Some(_)) => Some(NEW_PASSWORD),
        (None, None) => None,
    };
    sign_in_response(&state, &headers, String::new(), None, notice)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignInForm {
    email: String,
    password: String,
}

pub async fn sign_in(
    State(state): State<AppState>,
    client: ClientInfo,
    headers: HeaderMap,
    Form(form): Form<SignInForm>,
) -> AppResult<Response> {
    if state.config.password_sign_in_disabled {
        return sign_in_response(&state, &headers, form.email, Some(PASSWORD_OFF), None);
    }
    let email = Email::parse(&form.email)
        .map(Email::into_string)
        .unwrap_or_else(|_| form.email.trim().to_lowercase());
    let now = state.now();
    let actor = client.actor(None, None);
    if throttled(&state, &email, &client).await? {
        state
            .store
            .record_sign_in(&actor, &email, false, now, None)
            .await?;
        return sign_in_response(&state, &headers, form.email, Some(THROTTLED), None);
    }
    let credentials = state.store.credentials(&email).await?;
    let stored = credentials.as_ref().map_or_else(
        || password::DUMMY_HASH.to_owned(),
        |c| c.password_hash.clone(),
    );
    let verified = password::verify(form.password.clone(), stored).await;
    let (user, national) = match (credentials, verified) {
        (Some(c), Some(needs_rehash)) if c.active => {
            if needs_rehash {
                state
                    .store
                    .rehash_password(c.user_id, &password::hash(form.password).await)
                    .await?;
            }
            (c.user_id, c.national)
        }
        _ => {
            state
                .store
                .record_sign_in(&actor, &email, false, now, None)
                .await?;
            return sign_in_response(&state, &headers, form.email, Some(WRONG_CREDENTIALS), None);
        }
    };
    let opened = open_session(
        &state,
        &client,
        &headers,
        (user, national),
        &email,
        None,
        "/",
    );
    match opened.await? {
        Ok(response) => Ok(response),
        Err(message) => sign_in_response(&state, &headers, form.email, Some(&message), None),
    }
}

/// Opens a session for an account (`user`, national or not) whose holder
/// has proven who they are (password or ProConnect, whose ID token it
/// keeps), and sends them to `then`, a page of ours; `Err` tells why it
/// cannot, when the account opens no Cité.
pub(crate) async fn open_session(
    state: &AppState,
    client: &ClientInfo,
    headers: &HeaderMap,
    (user, national): (UserId, bool),
    email: &str,
    id_token: Option<String>,
    then: &str,
) -> AppResult<Result<Response, String>> {
    let now = state.now();
    // Archived Cités open nothing: a member of those only is told why.
    let memberships = state.store.memberships(user).await?;
    if memberships.is_empty() && !national {
        let archived = state.store.archived_cites_of(user).await?;
        return Ok(Err(if archived.is_empty() {
            NO_CITE.to_owned()
        } else {
            maillage_domain::cites::archived_cites_message(&archived)
        }));
    }
    // A new session id at every sign-in (no fixation); the old one, if any, ends.
    if let Some(old) = cookie(headers, session_cookie_name(&state.config)) {
        state.store.delete_session(&hash_session_id(old)).await?;
    }
    let id = random_token();
    state
        .store
        .create_session(NewSession {
            id_hash: hash_session_id(&id),
            user_id: user,
            csrf_token: random_token(),
            cite_id: memberships.first().map(|m| m.cite_id),
            now,
            id_token,
        })
        .await?;
    let organisation = memberships.first().map(|m| {
        m.partner_name
            .clone()
            .unwrap_or_else(|| m.cite_name.clone())
    });
    state
        .store
        .record_sign_in(
            &client.actor(Some(user), organisation),
            email,
            true,
            now,
            memberships.first().map(|m| m.cite_id),
        )
        .await?;
    let mut response = Redirect::to(local_path(then)).into_response();
    let session_cookie = set_cookie(&state.config, session_cookie_name(&state.config), Some(&id));
    let clear_csrf = set_cookie(
        &state.config,
        csrf::anonymous_cookie_name(&state.config),
        None,
    );
    for value in [session_cookie, clear_csrf] {
        if let Ok(value) = value.parse() {
            response.headers_mut().append(SET_COOKIE, value);
        }
    }
    Ok(Ok(response))
}

/// Ends every session of the user, not only this browser's: someone who signs
/// out on a shared computer also leaves the one they forgot elsewhere.
/// Signed in with ProConnect, the browser then goes to end the provider's
/// session too, which sends it back to the sign-in page.
pub async fn sign_out(State(state): State<AppState>, user: CurrentUser) -> AppResult<Response> {
    state.store.end_sessions(user.scope.user_id()).await?;
    let provider_logout = match (&state.proconnect, &user.id_token) {
        (Some(proconnect), Some(id_token)) => proconnect.logout_url(id_token).await,
        _ => None,
    };
    let mut response = match provider_logout {
        Some(url) => {
            let page = SigningOutPage {
                layout: Layout::anonymous("Déconnexion", String::new()),
                url,
            };
            render(&page)?.into_response()
        }
        None => Redirect::to("/connexion").into_response(),
    };
    if let Ok(value) = set_cookie(&state.config, session_cookie_name(&state.config), None).parse() {
        response.headers_mut().append(SET_COOKIE, value);
    }
    Ok(response)
}

#[derive(Template)]
#[template(path = "proconnect/signing_out.html")]
struct SigningOutPage {
    layout: Layout,
    /// The provider's sign-out page.
    url: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SwitchForm {
    cite_id: CiteId,
}

pub async fn switch_cite(
    State(state): State<AppState>,
    user: CurrentUser,
    Form(form): Form<SwitchForm>,
) -> AppResult<Redirect> {
    if !user.memberships.iter().any(|m| m.cite_id == form.cite_id) {
        return Err(AppError::NotFound);
    }
    state
        .store
        .set_session_cite(&user.session_hash, form.cite_id)
        .await?;
    Ok(Redirect::to("/"))
}

#[derive(Template)]
#[template(path = "reauth.html")]
struct ReauthPage {
    layout: Layout,
    back: String,
    error: Option<&'static str>,
    /// `/reconnexion/proconnect?retour=…`, when ProConnect may confirm.
    proconnect: Option<String>,
    password: bool,
}

#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct ReauthForm {
    retour: String,
    password: String,
}

/// Where to go once the password is confirmed: a page of ours, never
/// another site (`//evil.example`).
pub(crate) fn local_path(back: &str) -> &str {
    // Browsers drop tabs and line breaks from a Location (`/\t/evil`
    // becomes `//evil`): none is allowed, nor any other control or space.
    let plain = !back.chars().any(|c| c.is_control() || c.is_whitespace());
    if plain && back.starts_with('/') && !back.starts_with("//") && !back.contains('\\') {
        back
    } else {
        "/"
    }
}

fn reauth_response(
    state: &AppState,
    user: &CurrentUser,
    back: &str,
    error: Option<&'static str>,
) -> AppResult<Response> {
    let back = local_path(back);
    let page = ReauthPage {
        layout: Layout::new("Confirmez votre identité", user, ""),
        back: back.to_owned(),
        error,
        proconnect: state.proconnect.as_ref().map(|_| {
            let query = serde_urlencoded::to_string([("retour", back)]).unwrap_or_default();
            format!("/reconnexion/proconnect?{query}")
        }),
        password: !state.config.password_sign_in_disabled,
    };
    let status = if error.is_some() {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    } else {
        axum::http::StatusCode::OK
    };
    Ok((status, render(&page)?).into_response())
}

/// Asks for the password again before an action that wants a recent sign-in.
pub async fn reauth_page(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(query): Query<ReauthQuery>,
) -> AppResult<Response> {
    reauth_response(&state, &user, &query.retour, None)
}

#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct ReauthQuery {
    retour: String,
}

pub async fn reauth(
    State(state): State<AppState>,
    user: CurrentUser,
    client: ClientInfo,
    Form(form): Form<ReauthForm>,
) -> AppResult<Response> {
    if state.config.password_sign_in_disabled {
        return reauth_response(&state, &user, &form.retour, Some(PASSWORD_OFF));
    }
    let now = state.now();
    let credentials = state
        .store
        .credentials(&user.email)
        .await?
        .ok_or(AppError::NotFound)?;
    if throttled(&state, &user.email, &client).await? {
        return reauth_response(&state, &user, &form.retour, Some(THROTTLED));
    }
    if password::verify(form.password, credentials.password_hash)
        .await
        .is_none()
    {
        state
            .store
            .record_sign_in(&user.actor(), &user.email, false, now, user.scope.cite_id())
            .await?;
        return reauth_response(&state, &user, &form.retour, Some("Mot de passe incorrect."));
    }
    state.store.confirm_session(&user.session_hash, now).await?;
    Ok(Redirect::to(local_path(&form.retour)).into_response())
}

#[cfg(test)]
mod tests {
    use super::local_path;

    #[test]
    fn only_paths_of_ours_are_returned_to() {
        assert_eq!(local_path("/exports?annee=2026"), "/exports?annee=2026");
        for elsewhere in [
            "https://evil.example",
            "//evil.example",
            "/\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/ /evil.example",
            "",
        ] {
            assert_eq!(local_path(elsewhere), "/", "{elsewhere:?}");
        }
    }
}
