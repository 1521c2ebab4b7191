//! Decisions on applications (« décisions »), recorded by the Cité's
//! coordinators or co-pilots while the call is in instruction or decided,
//! read by the porteur once the call is decided; and the Cité's action an
//! accepted application becomes (« action de la Cité »), so that its
//! participants and results feed the bilan without retyping.

use async_trait::async_trait;
use chrono::NaiveDate;
use maillage_domain::calls::decision::{Decision, Outcome};
use maillage_domain::calls::CallStatus;
use maillage_domain::governance::{CommitteeKind, DecisionNumber};
use maillage_domain::ids::{ActionId, ApplicationId, CallId, DecisionId, MeetingId};
use maillage_domain::Scope;

use crate::{Actor, StoreResult};

/// A decision with what pages show beside it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct DecisionRow {
    pub application_id: ApplicationId,
    pub call_id: CallId,
    pub call_status: CallStatus,
    pub project_title: String,
    pub partner_name: String,
    pub asked_cents: i64,
    pub outcome: Outcome,
    pub amount_cents: Option<i64>,
    pub reason: String,
    pub decided_on: NaiveDate,
    pub committee: String,
    pub decided_by_name: Option<String>,
    pub action_id: Option<ActionId>,
    pub action_title: Option<String>,
    /// The committee decision that took it (*décidé en séance*), if recorded.
    pub committee_decision_id: Option<DecisionId>,
    pub committee_meeting_id: Option<MeetingId>,
    pub committee_decision_year: Option<i32>,
    pub committee_decision_kind: Option<CommitteeKind>,
    pub committee_decision_rank: Option<i32>,
}

impl DecisionRow {
    /// The committee decision's meeting and number (`2026-CSTRAT-01`).
    pub fn committee_decision(&self) -> Option<(MeetingId, DecisionNumber)> {
        Some((
            self.committee_meeting_id?,
            DecisionNumber {
                year: self.committee_decision_year?,
                kind: self.committee_decision_kind?,
                rank: u32::try_from(self.committee_decision_rank?).ok()?,
            },
        ))
    }
}

#[async_trait]
pub trait DecisionStore {
    /// Records or changes the decision on a submitted application (the
    /// Cité's coordinators and co-pilots); refused (`Invalid`) when the call
    /// is not in instruction or decided, or the amount exceeds the asked.
    async fn record_decision(
        &self,
        actor: &Actor,
        scope: &Scope,
        application_id: ApplicationId,
        decision: &Decision,
    ) -> StoreResult<()>;

    /// The decisions of a call, for its Cité's coordinators and co-pilots.
    async fn decisions(&self, scope: &Scope, call_id: CallId) -> StoreResult<Vec<DecisionRow>>;

    /// The decision on an application the scope reads: always for the
    /// Cité's coordinators and co-pilots, once the call is decided for the
    /// porteur. `None` when there is none yet (or none to show).
    async fn decision(
        &self,
        scope: &Scope,
        application_id: ApplicationId,
    ) -> StoreResult<Option<DecisionRow>>;

    /// The porteur's partner's decisions the calls have made public.
    async fn my_decisions(&self, scope: &Scope) -> StoreResult<Vec<DecisionRow>>;

    /// Creates the Cité's action from an accepted application (the
    /// coordinator): its title, summary, carrier, axis, barriers, calendar,
    /// granted amount and places; the decision then names it.
    async fn create_action_from_application(
        &self,
        actor: &Actor,
        scope: &Scope,
        application_id: ApplicationId,
    ) -> StoreResult<ActionId>;

    /// Ties an accepted application to an existing action of the Cité.
    async fn link_action(
        &self,
        actor: &Actor,
        scope: &Scope,
        application_id: ApplicationId,
        action_id: ActionId,
    ) -> StoreResult<()>;
}
