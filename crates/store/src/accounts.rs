//! Accounts, Cité memberships, sessions and sign-in attempts.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use maillage_domain::accounts::Role;
use maillage_domain::ids::{CiteId, PartnerId, UserId};
use maillage_domain::Scope;

use crate::{Actor, StoreResult};

/// What sign-in needs to check a password.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Credentials {
    pub user_id: UserId,
    pub password_hash: String,
    pub active: bool,
    pub national: bool,
}

/// A live session with the user it belongs to and their memberships, read
/// in one query: every request starts with it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SessionRow {
    pub user_id: UserId,
    pub csrf_token: String,
    pub cite_id: Option<CiteId>,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    pub user_name: String,
    pub email: String,
    pub national: bool,
    pub active: bool,
    pub id_token: Option<String>,
    #[sqlx(skip)]
    pub memberships: Vec<MembershipRow>,
}

/// One row of the session query: the session with one of the user's
/// memberships (none for the national team).
#[doc(hidden)]
#[derive(Debug, sqlx::FromRow)]
pub struct SessionMembershipRow {
    #[sqlx(flatten)]
    pub session: SessionRow,
    pub m_cite_id: Option<CiteId>,
    pub m_cite_code: Option<String>,
    pub m_cite_name: Option<String>,
    pub m_reference_version: Option<i64>,
    pub m_role: Option<Role>,
    pub m_partner_id: Option<PartnerId>,
    pub m_partner_name: Option<String>,
}

impl SessionMembershipRow {
    /// The session of the first row with the memberships of all rows.
    pub fn fold(rows: Vec<SessionMembershipRow>) -> Option<SessionRow> {
        let mut rows = rows.into_iter();
        let first = rows.next()?;
        let mut session = first.session.clone();
        session.memberships = std::iter::once(first)
            .chain(rows)
            .filter_map(|row| {
                Some(MembershipRow {
                    cite_id: row.m_cite_id?,
                    cite_code: row.m_cite_code?,
                    cite_name: row.m_cite_name?,
                    reference_version: row.m_reference_version?,
                    role: row.m_role?,
                    partner_id: row.m_partner_id,
                    partner_name: row.m_partner_name,
                })
            })
            .collect();
        Some(session)
    }
}

/// A user's place in one Cité.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MembershipRow {
    pub cite_id: CiteId,
    pub cite_code: String,
    pub cite_name: String,
    /// Bumped by every change to the Cité's reference data (partners,
    /// accounts, services, actions): what a cached copy is checked against.
    pub reference_version: i64,
    pub role: Role,
    pub partner_id: Option<PartnerId>,
    pub partner_name: Option<String>,
}

/// An account as a coordinator sees it in their Cité.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AccountRow {
    pub user_id: UserId,
    pub email: String,
    pub name: String,
    pub active: bool,
    pub role: Role,
    pub partner_id: Option<PartnerId>,
    pub partner_name: Option<String>,
    pub created_at: DateTime<Utc>,
    /// The account's Cités that the viewing coordinator does not coordinate
    /// (`maillage_domain::accounts::may_take_over`); 0 where nobody asked.
    #[sqlx(default)]
    pub foreign_cites: i64,
}

/// A new user. `membership` is `None` for the national team.
#[derive(Debug, Clone)]
pub struct NewAccount {
    pub email: String,
    pub name: String,
    pub password_hash: String,
    pub membership: Option<NewMembership>,
}

#[derive(Debug, Clone)]
pub struct NewMembership {
    pub cite_id: CiteId,
    pub role: Role,
    pub partner_id: Option<PartnerId>,
}

#[derive(Debug, Clone)]
pub struct NewSession {
    pub id_hash: String,
    pub user_id: UserId,
    pub csrf_token: String,
    pub cite_id: Option<CiteId>,
    pub now: DateTime<Utc>,
    /// Signed in with ProConnect: its ID token, that ends the provider's
    /// session at sign-out.
    pub id_token: Option<String>,
}

#[async_trait]
pub trait AccountStore {
    async fn credentials(&self, email: &str) -> StoreResult<Option<Credentials>>;

    /// Records an attempt in the audit log too, in the user's first Cité
    /// when known so that its coordinators see it.
    async fn record_sign_in(
        &self,
        actor: &Actor,
        email: &str,
        success: bool,
        at: DateTime<Utc>,
        cite_id: Option<CiteId>,
    ) -> StoreResult<()>;

    /// Failures since `since` for this account and for this client address.
    async fn sign_in_failures(
        &self,
        email: &str,
        ip: &str,
        since: DateTime<Utc>,
    ) -> StoreResult<(i64, i64)>;

    /// Replaces a hash made with weaker parameters, at sign-in.
    async fn rehash_password(&self, user_id: UserId, password_hash: &str) -> StoreResult<()>;

    /// Creates the account (and its membership) for the CLI or the demo.
    async fn create_account(&self, actor: &Actor, account: NewAccount) -> StoreResult<UserId>;

    /// Creates an account in the scope's Cité (coordinators only); the partner
    /// must be one of the Cité's.
    async fn create_cite_account(
        &self,
        actor: &Actor,
        scope: &Scope,
        account: NewAccount,
    ) -> StoreResult<UserId>;

    /// The accounts of the scope's Cité (coordinators only).
    async fn cite_accounts(&self, scope: &Scope) -> StoreResult<Vec<AccountRow>>;

    /// Sets a new password for an account of the scope's Cité and ends all its
    /// sessions (coordinators only, for an account they may take over).
    async fn reset_password(
        &self,
        actor: &Actor,
        scope: &Scope,
        user_id: UserId,
        password_hash: &str,
    ) -> StoreResult<()>;

    /// Sets a password from the CLI, ending all sessions of the account.
    async fn set_password_by_email(
        &self,
        actor: &Actor,
        email: &str,
        password_hash: &str,
    ) -> StoreResult<()>;

    /// Adds a Cité to an existing account (CLI and demo: a co-pilot of several Cités).
    async fn add_membership(
        &self,
        actor: &Actor,
        user_id: UserId,
        membership: NewMembership,
    ) -> StoreResult<()>;

    async fn memberships(&self, user_id: UserId) -> StoreResult<Vec<MembershipRow>>;

    async fn create_session(&self, session: NewSession) -> StoreResult<()>;
    /// The session, its user and the user's memberships.
    async fn session(&self, id_hash: &str) -> StoreResult<Option<SessionRow>>;
    async fn touch_session(&self, id_hash: &str, now: DateTime<Utc>) -> StoreResult<()>;
    /// The password was just typed again (*reconnexion*): the session counts
    /// as signed in now, for the actions that want a recent sign-in.
    async fn confirm_session(&self, id_hash: &str, now: DateTime<Utc>) -> StoreResult<()>;
    async fn set_session_cite(&self, id_hash: &str, cite_id: CiteId) -> StoreResult<()>;
    async fn delete_session(&self, id_hash: &str) -> StoreResult<()>;
    /// Changes an account's role in the scope's Cité, and the partner it
    /// acts for (coordinators only, never their own); the partner must be
    /// an active one of the Cité.
    async fn change_role(
        &self,
        actor: &Actor,
        scope: &Scope,
        user_id: UserId,
        role: Role,
        partner_id: Option<PartnerId>,
    ) -> StoreResult<()>;
    /// Deactivates an account (its sessions end at once) or activates it
    /// again (coordinators only, for an account they may take over, never
    /// their own).
    async fn set_account_active(
        &self,
        actor: &Actor,
        scope: &Scope,
        user_id: UserId,
        active: bool,
    ) -> StoreResult<()>;
    /// Ends every session of the account (*déconnexion*: signing out in one
    /// browser signs out of all of them).
    async fn end_sessions(&self, user_id: UserId) -> StoreResult<()>;
    /// Removes an account from the scope's Cité (coordinators only, never
    /// themselves): its files there go back to its partner, its sessions end.
    async fn end_membership(
        &self,
        actor: &Actor,
        scope: &Scope,
        user_id: UserId,
    ) -> StoreResult<()>;
    /// Removes sessions idle since `idle_before` or started before `started_before`.
    async fn purge_sessions(
        &self,
        idle_before: DateTime<Utc>,
        started_before: DateTime<Utc>,
    ) -> StoreResult<u64>;
}
