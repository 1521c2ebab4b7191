//! The instruction of a call (« instruction »): its review grid, its
//! reviewers (« instructeurs ») and their reviews. The coordinator writes
//! the grid and names the reviewers among the Cité's active members who are
//! not porteurs. A reviewer reads the call's submitted applications but its
//! own partner's, and scores them while the call is in instruction.
//!
//! Independence (« évaluation indépendante ») is enforced by the queries: a
//! reviewer reads the other reviewers' scores of an application only once
//! its own is submitted; the Cité's coordinators and co-pilots who are not
//! reviewers of the call read every submitted review; nobody else reads any.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use maillage_domain::accounts::Role;
use maillage_domain::calls::review::{Criterion, ReviewDraft};
use maillage_domain::ids::{ApplicationId, CallId, PartnerId, UserId};
use maillage_domain::Scope;

use crate::{Actor, StoreResult};

/// A criterion of a call's grid, by its position.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct CriterionRow {
    pub position: i32,
    pub label: String,
    pub weight: i32,
    pub max_score: i32,
}

/// A reviewer of a call, or a member who may become one.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ReviewerRow {
    pub user_id: UserId,
    pub name: String,
    pub role: Role,
    pub partner_id: Option<PartnerId>,
    pub partner_name: Option<String>,
}

/// A review the scope may read, its scores in the grid's order (`None`
/// where a draft leaves a criterion blank).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewRow {
    pub application_id: ApplicationId,
    pub reviewer_id: UserId,
    pub reviewer_name: String,
    pub comment: String,
    pub submitted_at: Option<DateTime<Utc>>,
    pub scores: Vec<Option<i32>>,
}

#[async_trait]
pub trait ReviewStore {
    /// The call's grid, by position, for whoever reads the call.
    async fn criteria(&self, scope: &Scope, call_id: CallId) -> StoreResult<Vec<CriterionRow>>;

    /// Replaces the grid; the coordinator's, refused (`Invalid` on
    /// `criteria`) once the instruction opens.
    async fn set_criteria(
        &self,
        actor: &Actor,
        scope: &Scope,
        call_id: CallId,
        criteria: &[Criterion],
    ) -> StoreResult<()>;

    /// The call's reviewers, for the Cité's coordinators and co-pilots.
    async fn reviewers(&self, scope: &Scope, call_id: CallId) -> StoreResult<Vec<ReviewerRow>>;

    /// The Cité's active members who may be named: not porteurs, not
    /// already reviewers. The coordinator's.
    async fn reviewer_candidates(
        &self,
        scope: &Scope,
        call_id: CallId,
    ) -> StoreResult<Vec<ReviewerRow>>;

    /// Names a reviewer (the coordinator); an account that is not an active
    /// member of the Cité, or a porteur, is refused (`Invalid` on `user_id`).
    async fn add_reviewer(
        &self,
        actor: &Actor,
        scope: &Scope,
        call_id: CallId,
        user_id: UserId,
    ) -> StoreResult<()>;

    /// Is the scope's user a reviewer of the call? `NotFound` when the call
    /// is not one the scope reads.
    async fn is_reviewer(&self, scope: &Scope, call_id: CallId) -> StoreResult<bool>;

    /// Saves the scope's review of an application, as a draft or submitted.
    /// `NotFound` unless the scope reviews the call; refused (`Invalid`)
    /// outside the instruction, for its own partner's application, or once
    /// submitted.
    async fn save_review(
        &self,
        actor: &Actor,
        scope: &Scope,
        application_id: ApplicationId,
        review: &ReviewDraft,
    ) -> StoreResult<()>;

    /// The reviews of the call's submitted applications that the scope may
    /// read (see the module's note), by application then reviewer.
    /// `NotFound` for anyone but the Cité's coordinators, co-pilots and the
    /// call's reviewers.
    async fn reviews(&self, scope: &Scope, call_id: CallId) -> StoreResult<Vec<ReviewRow>>;
}
