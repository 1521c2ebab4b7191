//! E-mail (`domain::mail`): a reset link queued with its token in one
//! transaction, then the outbox as the worker reads and settles it. A
//! message is claimed for [`SENDING_LEASE`] before it is sent, so that two
//! workers never take the same one, and one that stopped mid-send is taken
//! again once its lease ends.
//!
//! [`SENDING_LEASE`]: maillage_domain::mail::SENDING_LEASE

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use maillage_domain::accounts::Email;
use maillage_domain::ids::UserId;
use maillage_domain::mail::{MailBody, OutboxMessage};
use maillage_domain::Scope;

use crate::accounts::NewAccount;
use crate::{Actor, StoreResult};

/// A link to queue, that opens the form to choose a password: its token's
/// hash, when it ends, its message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRequest {
    pub token_hash: String,
    pub expires_at: DateTime<Utc>,
    pub mail: MailBody,
}

#[async_trait]
pub trait MailStore {
    /// Queues `reset` for the active account of `email`, link and message
    /// together; nothing for an unknown or inactive address, or when the
    /// account got a link within `domain::mail::RESET_RESEND`. Whether it
    /// was queued: the page says the same either way.
    async fn request_password_reset(
        &self,
        actor: &Actor,
        email: &Email,
        reset: &LinkRequest,
    ) -> StoreResult<bool>;

    /// Creates an account in the scope's Cité (coordinators only, as
    /// `AccountStore::create_cite_account`) and queues its invitation
    /// (*invitation*), a link to choose its first password, together.
    async fn create_invited_account(
        &self,
        actor: &Actor,
        scope: &Scope,
        account: NewAccount,
        invitation: &LinkRequest,
    ) -> StoreResult<UserId>;

    /// A coordinator's reset of an account they may take over: its password
    /// becomes `password_hash` (one nobody knows), its sessions end, and it
    /// gets `link` to choose a new one.
    async fn send_password_link(
        &self,
        actor: &Actor,
        scope: &Scope,
        user_id: UserId,
        password_hash: &str,
        link: &LinkRequest,
    ) -> StoreResult<()>;

    /// Whether the link of `token_hash` still opens the form at `now`.
    async fn password_reset_open(&self, token_hash: &str, now: DateTime<Utc>) -> StoreResult<bool>;

    /// Sets the account's new password from its open link, spends the link
    /// and ends the account's sessions; `NotFound` for a link used,
    /// expired or unknown.
    async fn reset_password_by_link(
        &self,
        actor: &Actor,
        token_hash: &str,
        password_hash: &str,
    ) -> StoreResult<()>;

    /// Up to `limit` messages due at `now`, each claimed until its lease
    /// ends and its attempts counted.
    async fn claim_mail(&self, now: DateTime<Utc>, limit: i64) -> StoreResult<Vec<OutboxMessage>>;

    async fn mail_sent(&self, id: i64, at: DateTime<Utc>) -> StoreResult<()>;

    /// A failed attempt: tried again at `retry_at`, or given up (`None`).
    async fn mail_failed(
        &self,
        id: i64,
        error: &str,
        retry_at: Option<DateTime<Utc>>,
    ) -> StoreResult<()>;

    /// Messages waiting to be sent (given up ones are not).
    async fn outbox_backlog(&self) -> StoreResult<i64>;
}
