//! Calls for projects (« appels à projets ») and applications
//! (« candidatures »). A Cité's coordinators write its calls, its co-pilots
//! read them; anyone, signed in or not, reads a call once published. A
//! porteur writes its partner's applications and nobody else's; the Cité's
//! coordinators and co-pilots read the applications once submitted. What
//! a scope may not see answers `NotFound`, like what does not exist.
//!
//! The store never reads the clock: a submission is checked against the
//! caller's `now` (`domain::calls::check_submission`).

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use maillage_domain::calls::{
    ApplicationDraft, ApplicationStatus, BudgetLine, CallDraft, CallStatus, Extension,
};
use maillage_domain::cites::Axis;
use maillage_domain::codes::Codes;
use maillage_domain::ids::{ApplicationId, CallId, CiteId, PartnerId};
use maillage_domain::Scope;

use crate::{Actor, StoreResult};

/// A call as stored, with its Cité's name for the public page.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct CallRow {
    pub id: CallId,
    pub cite_id: CiteId,
    pub cite_name: String,
    pub title: String,
    pub text: String,
    pub axes: Codes<Axis>,
    /// data·inclusion thematic codes separated by spaces.
    pub thematics: String,
    pub total_cents: i64,
    pub yearly_cents: i64,
    pub years: i32,
    pub opens_on: NaiveDate,
    pub deadline: DateTime<Utc>,
    pub status: CallStatus,
}

impl CallRow {
    pub fn thematic_codes(&self) -> Vec<&str> {
        crate::actions::codes(&self.thematics).collect()
    }
}

/// An application as stored, without its budget table.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ApplicationRow {
    pub id: ApplicationId,
    pub call_id: CallId,
    pub call_title: String,
    pub partner_id: PartnerId,
    pub partner_name: String,
    pub project_title: String,
    pub summary: String,
    pub target_public: String,
    /// QPV ids separated by commas.
    pub qpv_ids: String,
    pub axis: Axis,
    /// data·inclusion thematic codes separated by spaces.
    pub thematics: String,
    pub expected_participants: i32,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    /// What the Cité is asked for (its share of every budget line).
    pub asked_cents: i64,
    pub status: ApplicationStatus,
    pub submitted_at: Option<DateTime<Utc>>,
}

impl ApplicationRow {
    pub fn thematic_codes(&self) -> Vec<&str> {
        crate::actions::codes(&self.thematics).collect()
    }

    pub fn qpv_codes(&self) -> Vec<&str> {
        crate::actions::codes(&self.qpv_ids).collect()
    }
}

/// An application and its budget table, lines in their order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Application {
    pub row: ApplicationRow,
    pub budget: Vec<BudgetLine>,
}

#[async_trait]
pub trait CallStore {
    /// A draft call of the coordinator's Cité.
    async fn create_call(
        &self,
        actor: &Actor,
        scope: &Scope,
        call: &CallDraft,
    ) -> StoreResult<CallId>;

    /// Changes a draft call; refused (`Invalid`) once published.
    async fn update_call(
        &self,
        actor: &Actor,
        scope: &Scope,
        call_id: CallId,
        call: &CallDraft,
    ) -> StoreResult<()>;

    /// Moves a call one step of its lifecycle (publish, close…); refused
    /// (`Invalid`) when the domain does not allow that step.
    async fn set_call_status(
        &self,
        actor: &Actor,
        scope: &Scope,
        call_id: CallId,
        to: CallStatus,
    ) -> StoreResult<()>;

    /// Pushes the deadline later; refused (`Invalid`) otherwise.
    async fn extend_call(
        &self,
        actor: &Actor,
        scope: &Scope,
        call_id: CallId,
        extension: &Extension,
    ) -> StoreResult<()>;

    /// The scope's Cité's calls, latest deadline first: every call for its
    /// coordinators and co-pilots, the published ones for other members.
    async fn calls(&self, scope: &Scope) -> StoreResult<Vec<CallRow>>;

    /// A call of the scope's Cité, as [`CallStore::calls`] lists them.
    async fn call(&self, scope: &Scope, call_id: CallId) -> StoreResult<CallRow>;

    /// A published call, for anyone, signed in or not.
    async fn public_call(&self, call_id: CallId) -> StoreResult<CallRow>;

    /// Every Cité's published calls, latest deadline first, for anyone.
    async fn public_calls(&self) -> StoreResult<Vec<CallRow>>;

    /// A draft application of the porteur's partner to a published call of
    /// its Cité; its QPVs must be the Cité's.
    async fn create_application(
        &self,
        actor: &Actor,
        scope: &Scope,
        call_id: CallId,
        application: &ApplicationDraft,
    ) -> StoreResult<ApplicationId>;

    /// Changes a draft application of the porteur's partner.
    async fn update_application(
        &self,
        actor: &Actor,
        scope: &Scope,
        application_id: ApplicationId,
        application: &ApplicationDraft,
    ) -> StoreResult<()>;

    /// Submits a draft (« dépôt »); refused (`Invalid`) after the call's
    /// deadline, read against the caller's `now`.
    async fn submit_application(
        &self,
        actor: &Actor,
        scope: &Scope,
        application_id: ApplicationId,
        now: DateTime<Utc>,
    ) -> StoreResult<()>;

    /// Withdraws a draft or submitted application (« retrait »).
    async fn withdraw_application(
        &self,
        actor: &Actor,
        scope: &Scope,
        application_id: ApplicationId,
    ) -> StoreResult<()>;

    /// The porteur's partner's applications, most recent first.
    async fn my_applications(&self, scope: &Scope) -> StoreResult<Vec<ApplicationRow>>;

    /// An application with its budget: the porteur's partner's own, or, for
    /// the Cité's coordinators and co-pilots, one that was submitted.
    async fn application(
        &self,
        scope: &Scope,
        application_id: ApplicationId,
    ) -> StoreResult<Application>;

    /// A call's submitted applications, for the Cité's coordinators and
    /// co-pilots.
    async fn call_applications(
        &self,
        scope: &Scope,
        call_id: CallId,
    ) -> StoreResult<Vec<ApplicationRow>>;
}
