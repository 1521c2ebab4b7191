//! Personal access tokens of the JSON API (*jetons d'accès*): made by their
//! user for the Cité they work in, kept by hash, revocable.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use maillage_domain::ids::{CiteId, UserId};

use crate::{Actor, StoreResult};

/// A token to record: its hash and what it allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewApiToken {
    pub user_id: UserId,
    /// The Cité it acts in; `None` for the national team.
    pub cite_id: Option<CiteId>,
    pub name: String,
    pub token_hash: String,
    pub prefix: String,
    pub can_write: bool,
    pub expires_at: DateTime<Utc>,
}

/// A token as its owner's list shows it (never the token itself).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ApiTokenRow {
    pub id: i64,
    pub user_id: UserId,
    /// The account is the national team's.
    pub national: bool,
    pub cite_id: Option<CiteId>,
    pub name: String,
    pub prefix: String,
    pub can_write: bool,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

#[async_trait]
pub trait ApiTokenStore {
    /// Records a token of `token.user_id`, who makes it (audited).
    async fn create_api_token(&self, actor: &Actor, token: &NewApiToken) -> StoreResult<i64>;

    /// The user's tokens, newest first.
    async fn api_tokens(&self, user_id: UserId) -> StoreResult<Vec<ApiTokenRow>>;

    /// Revokes one of the user's own tokens; `NotFound` for anyone else's.
    async fn revoke_api_token(&self, actor: &Actor, user_id: UserId, id: i64) -> StoreResult<()>;

    /// The live token of `token_hash` at `now` (not revoked, not expired,
    /// its account active), its last use noted at most once a minute.
    async fn use_api_token(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<ApiTokenRow>>;
}
