//! ProConnect journeys (*parcours de connexion*): what the browser's trip to
//! the provider must find again on its return. Kept by the hash of their
//! `state`, taken once.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use maillage_domain::ids::UserId;

use crate::StoreResult;

/// A journey to the provider and back.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct SignInFlow {
    pub state_hash: String,
    pub nonce: String,
    pub pkce_verifier: String,
    /// The page of ours to open once back.
    pub return_to: String,
    /// Confirms a signed-in session (*reconnexion*) instead of opening one.
    pub reauth: bool,
    pub created_at: DateTime<Utc>,
}

#[async_trait]
pub trait SignInFlowStore {
    /// Keeps `flow`, and forgets the journeys begun before `expired_before`
    /// that never came back.
    async fn begin_sign_in_flow(
        &self,
        flow: &SignInFlow,
        expired_before: DateTime<Utc>,
    ) -> StoreResult<()>;

    /// The journey of `state_hash`, removed so that it serves once; `None`
    /// when unknown, already taken, or begun before `expired_before`.
    async fn take_sign_in_flow(
        &self,
        state_hash: &str,
        expired_before: DateTime<Utc>,
    ) -> StoreResult<Option<SignInFlow>>;

    /// Binds the account to the ProConnect identity `sub` at its first
    /// ProConnect sign-in; `false` when it is bound to another one (or
    /// another account holds `sub`): the sign-in is refused.
    async fn bind_proconnect(&self, user_id: UserId, sub: &str) -> StoreResult<bool>;

    /// A session confirmed with ProConnect keeps that sign-in's ID token,
    /// so that signing out ends the provider's session too.
    async fn keep_id_token(&self, session_hash: &str, id_token: &str) -> StoreResult<()>;
}
