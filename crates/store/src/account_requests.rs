//! Account requests (« demandes de compte ») sent from a published call's
//! public page by anyone; read and decided by the call's Cité's
//! coordinators only. Accepting one creates, in one transaction, the
//! porteur account and, when no partner of the Cité has that SIRET, the
//! partner. Every step is audited.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use maillage_domain::account_requests::{AccountRequestDraft, RequestStatus};
use maillage_domain::ids::{AccountRequestId, CallId, PartnerId, UserId};
use maillage_domain::Scope;

use crate::{Actor, StoreResult};

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct AccountRequestRow {
    pub id: AccountRequestId,
    pub call_id: CallId,
    pub call_title: String,
    pub structure_name: String,
    pub siret: String,
    pub contact_name: String,
    pub email: String,
    pub message: String,
    pub status: RequestStatus,
    pub reason: Option<String>,
    pub created_at: DateTime<Utc>,
    /// The Cité's partner that has this SIRET, if any: accepting reuses it.
    pub known_partner: Option<String>,
}

/// What an acceptance created.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Accepted {
    pub user_id: UserId,
    pub partner_id: PartnerId,
    /// `false` when a partner of the Cité already had the SIRET.
    pub partner_created: bool,
}

#[async_trait]
pub trait AccountRequestStore {
    /// Records a request to the Cité of a published call, for anyone; a
    /// second pending request of the same address to the Cité is a
    /// `Conflict` on `email`.
    async fn request_account(
        &self,
        actor: &Actor,
        call_id: CallId,
        request: &AccountRequestDraft,
    ) -> StoreResult<AccountRequestId>;

    /// The coordinator's Cité's pending requests, oldest first.
    async fn pending_account_requests(&self, scope: &Scope) -> StoreResult<Vec<AccountRequestRow>>;

    /// A request of the coordinator's Cité, whatever its status.
    async fn account_request(
        &self,
        scope: &Scope,
        request_id: AccountRequestId,
    ) -> StoreResult<AccountRequestRow>;

    /// Accepts a pending request: the porteur account (with this password
    /// hash) of the partner with its SIRET, created if the Cité has none.
    async fn accept_account_request(
        &self,
        actor: &Actor,
        scope: &Scope,
        request_id: AccountRequestId,
        password_hash: &str,
    ) -> StoreResult<Accepted>;

    /// Refuses a pending request, with the reason.
    async fn refuse_account_request(
        &self,
        actor: &Actor,
        scope: &Scope,
        request_id: AccountRequestId,
        reason: &str,
    ) -> StoreResult<()>;
}
