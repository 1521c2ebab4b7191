//! Sessions stored in the database: the cookie holds a random id, the table
//! holds its SHA-256 (a copy of the table opens no session). The middleware
//! resolves the session once per request and hands a [`CurrentUser`] to
//! handlers through request extensions.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::header::{COOKIE, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::HeaderMap;
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Duration;
use maillage_domain::accounts::Role;
use maillage_domain::ids::UserId;
use maillage_domain::Scope;
use maillage_store::accounts::MembershipRow;
use maillage_store::Actor;
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::auth::csrf;
use crate::error::AppError;
use crate::state::{AppState, Config};

/// Where a request comes from, for the audit log and throttling.
#[derive(Debug, Clone)]
pub struct ClientInfo {
    pub ip: String,
    pub request_id: String,
    /// When the request arrived, by the application's clock: every rule and
    /// audit row of the request reads this one time.
    pub at: chrono::DateTime<chrono::Utc>,
}

impl ClientInfo {
    pub fn actor(&self, user_id: Option<UserId>, organisation: Option<String>) -> Actor {
        Actor {
            user_id,
            organisation,
            ip: Some(self.ip.clone()),
            request_id: Some(self.request_id.clone()),
            at: self.at,
        }
    }
}

/// The signed-in user, their current Cité and role.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub user_id: UserId,
    pub name: String,
    pub email: String,
    pub scope: Scope,
    pub memberships: Vec<MembershipRow>,
    pub csrf_token: String,
    pub session_hash: String,
    pub client: ClientInfo,
    /// When the password was last checked: bulk exports and role changes
    /// want a recent one.
    pub signed_in_at: chrono::DateTime<chrono::Utc>,
    /// Signed in with ProConnect: the ID token that ends its session there.
    pub id_token: Option<String>,
}

/// How recent a sign-in must be for bulk exports and role changes.
pub const RECENT_SIGN_IN_MINUTES: i64 = 10;

impl CurrentUser {
    /// `Err`: the password was checked more than ten minutes ago, and the
    /// answer is the page that asks for it, which then goes `back` here.
    pub fn recent_sign_in(
        &self,
        now: chrono::DateTime<chrono::Utc>,
        back: &str,
    ) -> Result<(), axum::response::Redirect> {
        if now - self.signed_in_at <= Duration::minutes(RECENT_SIGN_IN_MINUTES) {
            Ok(())
        } else {
            let query = serde_urlencoded::to_string([("retour", back)]).unwrap_or_default();
            Err(axum::response::Redirect::to(&format!(
                "/reconnexion?{query}"
            )))
        }
    }

    pub fn role(&self) -> Role {
        self.scope.role()
    }

    pub fn membership(&self) -> Option<&MembershipRow> {
        let cite_id = self.scope.cite_id()?;
        self.memberships.iter().find(|m| m.cite_id == cite_id)
    }

    /// The organisation the user acts for, as the audit log shows it.
    pub fn organisation(&self) -> String {
        match self.membership() {
            None => "ANCT – équipe nationale".to_owned(),
            Some(m) => m
                .partner_name
                .clone()
                .unwrap_or_else(|| m.cite_name.clone()),
        }
    }

    pub fn actor(&self) -> Actor {
        self.client
            .actor(Some(self.user_id), Some(self.organisation()))
    }

    /// Refuses anyone but the Cité's coordinators.
    pub fn require_coordinator(&self) -> Result<(), AppError> {
        if self.scope.can_administer_cite() {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }
}

/// Handlers that need a signed-in user take `CurrentUser`; anyone else is sent
/// to the sign-in page (htmx follows `HX-Redirect`).
impl<S: Send + Sync> FromRequestParts<S> for CurrentUser {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<CurrentUser>()
            .cloned()
            .ok_or_else(|| {
                if parts.headers.contains_key("hx-request") {
                    ([("hx-redirect", "/connexion")], "").into_response()
                } else {
                    Redirect::to("/connexion").into_response()
                }
            })
    }
}

impl<S: Send + Sync> axum::extract::OptionalFromRequestParts<S> for CurrentUser {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Option<Self>, Self::Rejection> {
        Ok(parts.extensions.get::<CurrentUser>().cloned())
    }
}

impl<S: Send + Sync> FromRequestParts<S> for ClientInfo {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<ClientInfo>()
            .cloned()
            .ok_or_else(|| AppError::Internal("client info missing".into()))
    }
}

pub fn session_cookie_name(config: &Config) -> &'static str {
    if config.https {
        "__Host-maillage"
    } else {
        "maillage"
    }
}

/// A cookie's value from the request headers.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

/// `Set-Cookie` for a session-scoped cookie (no `Max-Age`: the server decides
/// when it ends); `None` clears it.
pub fn set_cookie(config: &Config, name: &str, value: Option<&str>) -> String {
    let secure = if config.https { "; Secure" } else { "" };
    match value {
        Some(value) => format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax{secure}"),
        None => format!("{name}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}"),
    }
}

/// 32 random bytes, hex-encoded.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

pub fn hash_session_id(id: &str) -> String {
    hex::encode(Sha256::digest(id.as_bytes()))
}

/// The client's address: the socket's, or the last hop of `X-Forwarded-For`
/// when the socket is a configured trusted proxy (never a header otherwise,
/// or anyone could dodge throttling).
pub(crate) fn client_ip(config: &Config, headers: &HeaderMap, socket: Option<IpAddr>) -> String {
    let Some(socket) = socket else {
        return "inconnue".to_owned();
    };
    if config.trusted_proxies.contains(&socket) {
        let forwarded = headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .and_then(|v| v.trim().parse::<IpAddr>().ok());
        if let Some(ip) = forwarded {
            return ip.to_string();
        }
    }
    socket.to_string()
}

/// Don't write `last_seen_at` on every request: a minute's precision is
/// plenty for a two-hour idle timeout.
const TOUCH_EVERY: i64 = 60;

async fn load_user(
    state: &AppState,
    headers: &HeaderMap,
    client: &ClientInfo,
) -> Result<Option<CurrentUser>, AppError> {
    let Some(id) = cookie(headers, session_cookie_name(&state.config)) else {
        return Ok(None);
    };
    let hash = hash_session_id(id);
    let Some(session) = state.store.session(&hash).await? else {
        return Ok(None);
    };
    let now = state.now();
    if !session.active
        || !state
            .config
            .sessions
            .is_alive(session.created_at, session.last_seen_at, now)
    {
        state.store.delete_session(&hash).await?;
        return Ok(None);
    }
    if now - session.last_seen_at >= Duration::seconds(TOUCH_EVERY) {
        state.store.touch_session(&hash, now).await?;
    }
    let memberships = session.memberships;
    let scope = if session.national {
        Scope::National {
            user_id: session.user_id,
        }
    } else {
        let Some(m) = memberships
            .iter()
            .find(|m| Some(m.cite_id) == session.cite_id)
            .or_else(|| memberships.first())
        else {
            return Ok(None);
        };
        Scope::Cite {
            user_id: session.user_id,
            cite_id: m.cite_id,
            role: m.role,
            partner_id: m.partner_id,
        }
    };
    Ok(Some(CurrentUser {
        user_id: session.user_id,
        name: session.user_name,
        email: session.email,
        scope,
        memberships,
        csrf_token: session.csrf_token,
        session_hash: hash,
        client: client.clone(),
        signed_in_at: session.created_at,
        id_token: session.id_token,
    }))
}

/// Resolves the client, the session and, for state-changing requests, checks
/// the CSRF token and the `Origin`.
pub async fn middleware(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let socket = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip());
    let request_id = request
        .extensions()
        .get::<crate::security::RequestId>()
        .map(|r| r.0.clone())
        .unwrap_or_default();
    let client = ClientInfo {
        ip: client_ip(&state.config, request.headers(), socket),
        request_id,
        at: state.now(),
    };
    let user = match load_user(&state, request.headers(), &client).await {
        Ok(user) => user,
        Err(error) => return error.into_response(),
    };
    let had_cookie = cookie(request.headers(), session_cookie_name(&state.config)).is_some();
    let (mut parts, body) = request.into_parts();
    let expected = user.as_ref().map(|u| u.csrf_token.clone()).or_else(|| {
        cookie(&parts.headers, csrf::anonymous_cookie_name(&state.config)).map(str::to_owned)
    });
    let body = if csrf::is_unsafe(&parts.method) {
        match csrf::verify(&state.config, &parts.headers, body, expected.as_deref()).await {
            Ok(body) => body,
            Err(error) => {
                let actor = client.actor(user.as_ref().map(|u| u.user_id), None);
                let entry =
                    maillage_store::AuditEntry::new("csrf_refused", "request", None::<i64>, None)
                        .detail(parts.uri.path().to_owned());
                if let Err(e) = state.store.audit(&actor, entry).await {
                    tracing::warn!(error = %e, "could not audit a CSRF refusal");
                }
                return error.into_response();
            }
        }
    } else {
        body
    };
    parts.extensions.insert(client);
    let signed_in = user.is_some();
    if let Some(user) = &user {
        parts.extensions.insert(user.clone());
    }
    let mut response = next.run(Request::from_parts(parts, body)).await;
    if let (Some(user), Some(marker)) = (
        &user,
        response
            .extensions_mut()
            .remove::<crate::error::ErrorPageMarker>(),
    ) {
        // Same page for a missing id and a forbidden one, but within the user's menu.
        response = crate::error::signed_in_error_page(user, response.status(), marker);
    }
    if had_cookie && !signed_in && !response.headers().contains_key(SET_COOKIE) {
        // The session ended (timeout, sign-out elsewhere): drop the dead cookie.
        if let Ok(value) =
            set_cookie(&state.config, session_cookie_name(&state.config), None).parse()
        {
            response.headers_mut().append(SET_COOKIE, value);
        }
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_are_hardened_and_secure_on_https() {
        let http = Config::default();
        assert_eq!(session_cookie_name(&http), "maillage");
        assert_eq!(
            set_cookie(&http, "maillage", Some("v")),
            "maillage=v; Path=/; HttpOnly; SameSite=Lax"
        );
        let https = Config {
            https: true,
            ..Config::default()
        };
        assert_eq!(session_cookie_name(&https), "__Host-maillage");
        assert_eq!(
            set_cookie(&https, "__Host-maillage", None),
            "__Host-maillage=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0; Secure"
        );
    }

    #[test]
    fn forwarded_addresses_are_believed_only_from_trusted_proxies() {
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-for", "203.0.113.5, 10.0.0.2".parse().unwrap());
        let proxy: IpAddr = "10.0.0.1".parse().unwrap();
        let direct = Config::default();
        assert_eq!(client_ip(&direct, &headers, Some(proxy)), "10.0.0.1");
        let behind = Config {
            trusted_proxies: vec![proxy],
            ..Config::default()
        };
        assert_eq!(client_ip(&behind, &headers, Some(proxy)), "10.0.0.2");
        assert_eq!(
            client_ip(&behind, &HeaderMap::new(), Some(proxy)),
            "10.0.0.1"
        );
        assert_eq!(client_ip(&behind, &headers, None), "inconnue");
    }
}
