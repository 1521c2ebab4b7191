//! Who calls the API: the live token of `Authorization: Bearer mlg_…`,
//! acting for its user in its Cité with the role they hold there now (a
//! role changed or a membership ended since the token was made counts).

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use chrono::{DateTime, Utc};
use maillage_domain::api_tokens::{TokenAccess, TokenDraft};
use maillage_domain::ids::{CiteId, UserId};
use maillage_domain::Scope;
use maillage_store::api_tokens::NewApiToken;
use maillage_store::Actor;

use super::{ApiError, ApiResult};
use crate::auth::session::{client_ip, hash_session_id, random_token};
use crate::auth::ClientInfo;
use crate::security::RequestId;
use crate::state::AppState;

/// Every token starts so: a secret scanner recognises a leaked one.
pub const TOKEN_PREFIX: &str = "mlg_";

/// A new token for `user_id` in `cite_id` (`None`: the national team):
/// the secret to show once, and what the store keeps (its hash).
pub fn mint(
    user_id: UserId,
    cite_id: Option<CiteId>,
    draft: &TokenDraft,
    now: DateTime<Utc>,
) -> (String, NewApiToken) {
    let secret = format!("{TOKEN_PREFIX}{}", random_token());
    let token = NewApiToken {
        user_id,
        cite_id,
        name: draft.name.clone(),
        token_hash: hash_session_id(&secret),
        prefix: secret.chars().take(12).collect(),
        can_write: draft.access == TokenAccess::ReadWrite,
        expires_at: now + draft.lifetime.duration(),
    };
    (secret, token)
}

/// The caller of an API request.
#[derive(Debug, Clone)]
pub struct ApiUser {
    pub scope: Scope,
    pub can_write: bool,
    pub client: ClientInfo,
    organisation: Option<String>,
}

impl ApiUser {
    pub fn actor(&self) -> Actor {
        self.client
            .actor(Some(self.scope.user_id()), self.organisation.clone())
    }

    /// A read-only token writes nothing.
    pub fn require_write(&self) -> ApiResult<()> {
        match self.can_write {
            true => Ok(()),
            false => Err(ApiError::forbidden(
                "Ce jeton ne permet que la lecture : créez un jeton « lecture et écriture ».",
            )),
        }
    }
}

const INVALID: &str = "Le jeton d'accès est absent, inconnu, expiré ou révoqué. \
                       Créez-en un sur la page « Mes jetons d'accès » de Maillage.";

impl FromRequestParts<AppState> for ApiUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> ApiResult<ApiUser> {
        let socket = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip());
        let client = ClientInfo {
            ip: client_ip(&state.config, &parts.headers, socket),
            request_id: parts
                .extensions
                .get::<RequestId>()
                .map(|r| r.0.clone())
                .unwrap_or_default(),
            at: state.now(),
        };
        let token = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|t| t.starts_with(TOKEN_PREFIX))
            .ok_or_else(|| ApiError::unauthorized(INVALID))?;
        let found = state
            .store
            .use_api_token(&hash_session_id(token), client.at)
            .await?
            .ok_or_else(|| ApiError::unauthorized(INVALID))?;
        let (scope, organisation) = match found.cite_id {
            None if found.national => (
                Scope::National {
                    user_id: found.user_id,
                },
                Some("Équipe nationale".to_owned()),
            ),
            None => return Err(ApiError::unauthorized(INVALID)),
            Some(cite_id) => {
                let memberships = state.store.memberships(found.user_id).await?;
                let membership = memberships
                    .into_iter()
                    .find(|m| m.cite_id == cite_id)
                    .ok_or_else(|| ApiError::unauthorized(INVALID))?;
                let organisation = membership
                    .partner_name
                    .clone()
                    .unwrap_or_else(|| membership.cite_name.clone());
                (
                    Scope::Cite {
                        user_id: found.user_id,
                        cite_id,
                        role: membership.role,
                        partner_id: membership.partner_id,
                    },
                    Some(organisation),
                )
            }
        };
        Ok(ApiUser {
            scope,
            can_write: found.can_write,
            client,
            organisation,
        })
    }
}
