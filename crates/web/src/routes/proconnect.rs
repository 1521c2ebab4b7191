//! Sign-in with ProConnect (*connexion ProConnect*): the browser goes to the
//! provider with a fresh `state`, `nonce` and PKCE challenge, and comes back
//! with a code. The journey is kept by the store (once, ten minutes) and
//! bound to this browser by a cookie holding its `state`, so that nobody
//! can send someone else's return to another browser. An agent is matched
//! to an existing account by e-mail; none is ever created here.

use askama::Template;
use axum::extract::State;
use axum::http::header::SET_COOKIE;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use maillage_store::sign_in_flows::SignInFlow;
use serde::Deserialize;

use crate::auth::proconnect::{Agent, ProConnect, ProConnectError, JOURNEY_LIFETIME};
use crate::auth::session::{cookie, hash_session_id, set_cookie};
use crate::auth::{ClientInfo, CurrentUser};
use crate::error::{AppError, AppResult};
use crate::extract::Query;
use crate::routes::session::{local_path, open_session};
use crate::state::AppState;
use crate::views::{render, Layout};

/// How long before a confirmation's return the agent may have typed their
/// credentials (the provider's clock and ours may differ a little).
const CLOCK_SKEW: chrono::Duration = chrono::Duration::minutes(1);

const UNAVAILABLE: &str =
    "ProConnect ne répond pas pour le moment. Réessayez dans quelques minutes.";
const STALE_RETURN: &str = "Ce retour de ProConnect n'est pas valable : la connexion a expiré, a déjà servi ou a été commencée dans un autre navigateur. Recommencez la connexion.";
const REFUSED: &str = "La réponse de ProConnect n'a pas pu être vérifiée : par sécurité, vous n'êtes pas connecté. Recommencez la connexion ; si cela se reproduit, prévenez le coordinateur de votre Cité.";
const DENIED: &str = "ProConnect n'a pas confirmé votre identité. Recommencez la connexion.";
const OTHER_IDENTITY: &str = "Ce compte Maillage est relié à une autre identité ProConnect que celle qui vient de se présenter avec cette adresse : par sécurité, vous n'êtes pas connecté. Adressez-vous au coordinateur de votre Cité.";
const OTHER_AGENT: &str = "ProConnect a confirmé l'identité d'un autre agent que celui de cette session : l'action n'est pas confirmée.";

#[derive(Template)]
#[template(path = "proconnect/failed.html")]
struct FailedPage {
    layout: Layout,
    message: String,
}

#[derive(Template)]
#[template(path = "proconnect/unknown.html")]
struct UnknownAgentPage {
    layout: Layout,
    email: String,
}

fn journey_cookie_name(state: &AppState) -> &'static str {
    if state.config.https {
        "__Host-maillage-proconnect"
    } else {
        "maillage-proconnect"
    }
}

fn provider(state: &AppState) -> AppResult<&ProConnect> {
    state.proconnect.as_deref().ok_or(AppError::NotFound)
}

/// A page that says why nobody was signed in; the journey's cookie ends.
fn failed(state: &AppState, status: StatusCode, message: impl Into<String>) -> AppResult<Response> {
    let page = FailedPage {
        layout: Layout::anonymous("Connexion avec ProConnect", String::new()),
        message: message.into(),
    };
    Ok(without_journey(
        state,
        (status, render(&page)?).into_response(),
    ))
}

fn without_journey(state: &AppState, mut response: Response) -> Response {
    let clear = set_cookie(&state.config, journey_cookie_name(state), None);
    if let Ok(value) = clear.parse() {
        response.headers_mut().append(SET_COOKIE, value);
    }
    response
}

#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct StartQuery {
    retour: String,
}

/// « S'identifier avec ProConnect ».
pub async fn start(
    State(state): State<AppState>,
    user: Option<CurrentUser>,
    Query(query): Query<StartQuery>,
) -> AppResult<Response> {
    if user.is_some() {
        return Ok(Redirect::to("/").into_response());
    }
    begin(&state, &query.retour, false).await
}

/// Confirms a signed-in session with ProConnect, before an action that
/// wants a recent sign-in (as the password form of `/reconnexion` does).
pub async fn confirm(
    State(state): State<AppState>,
    _user: CurrentUser,
    Query(query): Query<StartQuery>,
) -> AppResult<Response> {
    begin(&state, &query.retour, true).await
}

async fn begin(state: &AppState, return_to: &str, reauth: bool) -> AppResult<Response> {
    let proconnect = provider(state)?;
    let (url, journey) = match proconnect.authorize(reauth).await {
        Ok(found) => found,
        Err(error) => {
            tracing::warn!(%error, "ProConnect: discovery failed");
            return failed(state, StatusCode::BAD_GATEWAY, UNAVAILABLE);
        }
    };
    let now = state.now();
    state
        .store
        .begin_sign_in_flow(
            &SignInFlow {
                state_hash: hash_session_id(&journey.state),
                nonce: journey.nonce,
                pkce_verifier: journey.pkce_verifier,
                return_to: local_path(return_to).to_owned(),
                reauth,
                created_at: now,
            },
            now - JOURNEY_LIFETIME,
        )
        .await?;
    let mut response = Redirect::to(&url).into_response();
    let bound = set_cookie(
        &state.config,
        journey_cookie_name(state),
        Some(&journey.state),
    );
    if let Ok(value) = bound.parse() {
        response.headers_mut().append(SET_COOKIE, value);
    }
    Ok(response)
}

/// What the provider adds to its redirect: a code, or an error.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ReturnQuery {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
}

/// The browser's return from the provider.
pub async fn back(
    State(state): State<AppState>,
    client: ClientInfo,
    user: Option<CurrentUser>,
    headers: HeaderMap,
    Query(query): Query<ReturnQuery>,
) -> AppResult<Response> {
    let proconnect = provider(&state)?;
    let now = state.now();
    let returned = query.state.unwrap_or_default();
    // Bound to this browser: the state must be the one its cookie holds.
    if returned.is_empty() || cookie(&headers, journey_cookie_name(&state)) != Some(&returned) {
        return failed(&state, StatusCode::BAD_REQUEST, STALE_RETURN);
    }
    let Some(flow) = state
        .store
        .take_sign_in_flow(&hash_session_id(&returned), now - JOURNEY_LIFETIME)
        .await?
    else {
        return failed(&state, StatusCode::BAD_REQUEST, STALE_RETURN);
    };
    let code = match (query.code, query.error) {
        (Some(code), None) if !code.is_empty() => code,
        _ => return failed(&state, StatusCode::UNAUTHORIZED, DENIED),
    };
    let agent = match proconnect
        .finish(code, flow.pkce_verifier.clone(), flow.nonce.clone())
        .await
    {
        Ok(agent) => agent,
        Err(ProConnectError::Unreachable(error)) => {
            tracing::warn!(%error, "ProConnect: unreachable");
            return failed(&state, StatusCode::BAD_GATEWAY, UNAVAILABLE);
        }
        Err(ProConnectError::Refused(error)) => {
            tracing::warn!(%error, "ProConnect: answer refused");
            return failed(&state, StatusCode::UNAUTHORIZED, REFUSED);
        }
    };
    if flow.reauth {
        return confirmed(&state, user, &agent, &flow).await;
    }
    let email = agent.email.as_str();
    let account = state
        .store
        .credentials(email)
        .await?
        .filter(|account| account.active);
    let Some(account) = account else {
        state
            .store
            .record_sign_in(&client.actor(None, None), email, false, now, None)
            .await?;
        let page = UnknownAgentPage {
            layout: Layout::anonymous("Aucun compte Maillage", String::new()),
            email: email.to_owned(),
        };
        return Ok(without_journey(
            &state,
            (StatusCode::FORBIDDEN, render(&page)?).into_response(),
        ));
    };
    // The address brings the account only with the identity it was first
    // signed in with.
    if !state
        .store
        .bind_proconnect(account.user_id, &agent.subject)
        .await?
    {
        state
            .store
            .record_sign_in(&client.actor(None, None), email, false, now, None)
            .await?;
        return failed(&state, StatusCode::FORBIDDEN, OTHER_IDENTITY);
    }
    let opened = open_session(
        &state,
        &client,
        &headers,
        (account.user_id, account.national),
        email,
        Some(agent.id_token),
        &flow.return_to,
    )
    .await?;
    match opened {
        Ok(response) => Ok(without_journey(&state, response)),
        Err(message) => failed(&state, StatusCode::FORBIDDEN, message),
    }
}

/// A confirmation's return: the same agent, who has just typed their
/// credentials at the provider, confirms the session.
async fn confirmed(
    state: &AppState,
    user: Option<CurrentUser>,
    agent: &Agent,
    flow: &SignInFlow,
) -> AppResult<Response> {
    let Some(user) = user else {
        return Ok(without_journey(
            state,
            Redirect::to("/connexion?fin=1").into_response(),
        ));
    };
    let fresh = agent
        .authenticated_at
        .is_some_and(|at| at >= flow.created_at - CLOCK_SKEW);
    if !user.email.eq_ignore_ascii_case(agent.email.as_str()) || !fresh {
        return failed(state, StatusCode::FORBIDDEN, OTHER_AGENT);
    }
    state
        .store
        .confirm_session(&user.session_hash, state.now())
        .await?;
    state
        .store
        .keep_id_token(&user.session_hash, &agent.id_token)
        .await?;
    Ok(without_journey(
        state,
        Redirect::to(local_path(&flow.return_to)).into_response(),
    ))
}
