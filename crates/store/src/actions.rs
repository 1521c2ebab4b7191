//! The Cité's actions (*actions*), their séances collectives, places and
//! waiting lists. Coordinators create and change actions; every member of the
//! Cité reads them; the national team does not (actions are per Cité).
//!
//! An enrolment (*inscription*) is a step of the person's pathway: enrolling
//! creates the step, placing or releasing updates it, in the same transaction.
//! Concurrent enrolments never exceed the capacity: each one locks the
//! action's row first.

use async_trait::async_trait;
use chrono::NaiveDate;
use maillage_domain::actions::{
    ActionDraft, ActionStatus, Candidate, EnrolmentDraft, EnrolmentStatus, PriorityRule,
    SeanceDraft, SeanceKind, Waiting,
};
use maillage_domain::cites::Axis;
use maillage_domain::ids::{ActionId, CiteId, EnrolmentId, ParticipantId, PartnerId, SeanceId};
use maillage_domain::Scope;

use crate::{Actor, StoreResult};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ActionRow {
    pub id: ActionId,
    pub cite_id: CiteId,
    pub axis: Axis,
    pub innovative: bool,
    pub title: String,
    pub carrier_partner_id: Option<PartnerId>,
    pub carrier_partner_name: Option<String>,
    /// data·inclusion thematic codes separated by spaces (see [`codes`]).
    pub thematics: String,
    pub publics: String,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    pub planned_budget_cents: Option<i64>,
    pub description: Option<String>,
    pub status: ActionStatus,
    pub results: Option<String>,
    pub capacity: Option<i32>,
    pub priority_rule: PriorityRule,
    /// The Cité's own axis it is filed under, if any.
    pub cite_axis: Option<String>,
    pub places_taken: i64,
    pub waiting: i64,
    /// Of those waiting, the single parents and the QPV residents (as they
    /// were when they asked): what a priority rule puts first.
    pub waiting_single_parents: i64,
    pub waiting_qpv_residents: i64,
}

/// The codes of a list column: spaces or commas separate them.
pub fn codes(list: &str) -> impl Iterator<Item = &str> {
    list.split(|c: char| c == ',' || c.is_whitespace())
        .filter(|s| !s.is_empty())
}

impl ActionRow {
    /// Who waits for a place, as the priority rules count them.
    pub fn waiting_list(&self) -> Waiting {
        let count = |n: i64| u32::try_from(n).unwrap_or(u32::MAX);
        Waiting {
            total: count(self.waiting),
            single_parents: count(self.waiting_single_parents),
            qpv_residents: count(self.waiting_qpv_residents),
        }
    }

    pub fn thematic_codes(&self) -> Vec<&str> {
        codes(&self.thematics).collect()
    }

    pub fn public_codes(&self) -> Vec<&str> {
        codes(&self.publics).collect()
    }

    /// Places left; `None` when the action has no limit.
    pub fn free_places(&self) -> Option<i64> {
        self.capacity
            .map(|capacity| (i64::from(capacity) - self.places_taken).max(0))
    }
}

#[derive(Debug, Clone, Default)]
pub struct ActionFilter {
    pub axis: Option<Axis>,
    pub status: Option<ActionStatus>,
}

/// A person linked to a séance, shown only to those who may see them.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LinkedPerson {
    pub seance_id: SeanceId,
    pub participant_id: ParticipantId,
    pub first_name: String,
    pub last_name: String,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SeanceRow {
    pub id: SeanceId,
    pub action_id: ActionId,
    pub kind: SeanceKind,
    pub held_on: NaiveDate,
    pub place: Option<String>,
    pub anonymous_count: i32,
    /// Every linked person, visible or not (a count is not personal).
    pub linked: i64,
    /// The linked persons the scope may see.
    #[sqlx(skip)]
    pub persons: Vec<LinkedPerson>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct EnrolmentRow {
    pub id: EnrolmentId,
    pub participant_id: ParticipantId,
    pub status: EnrolmentStatus,
    pub requested_on: NaiveDate,
    pub placed_on: Option<NaiveDate>,
    pub single_parent: bool,
    pub qpv_resident: bool,
    /// Empty when the scope may not see the person.
    pub first_name: Option<String>,
    pub last_name: Option<String>,
}

impl EnrolmentRow {
    pub fn visible(&self) -> bool {
        self.first_name.is_some()
    }

    pub fn candidate(&self) -> Candidate {
        Candidate {
            enrolment_id: self.id,
            requested_on: self.requested_on,
            single_parent: self.single_parent,
            qpv_resident: self.qpv_resident,
        }
    }
}

/// A person waiting, with their rank and why.
#[derive(Debug, Clone)]
pub struct WaitingRow {
    pub rank: usize,
    /// Empty for a person the scope may not see: their situation is theirs.
    pub reason: Option<String>,
    pub enrolment: EnrolmentRow,
}

/// The places and the waiting list of an action, in priority order.
#[derive(Debug, Clone, Default)]
pub struct Enrolments {
    pub placed: Vec<EnrolmentRow>,
    pub waiting: Vec<WaitingRow>,
}

/// What an enrolment gave: a place, or a rank on the waiting list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Enrolled {
    Placed {
        enrolment_id: EnrolmentId,
    },
    Waiting {
        enrolment_id: EnrolmentId,
        rank: usize,
    },
}

#[async_trait]
pub trait ActionStore {
    /// The actions of the scope's Cité, by start date (newest first).
    async fn actions(&self, scope: &Scope, filter: &ActionFilter) -> StoreResult<Vec<ActionRow>>;
    async fn action(&self, scope: &Scope, action_id: ActionId) -> StoreResult<ActionRow>;

    /// Coordinators only.
    async fn create_action(
        &self,
        actor: &Actor,
        scope: &Scope,
        action: &ActionDraft,
    ) -> StoreResult<ActionId>;
    /// Coordinators only. Refuses a capacity below the places taken; a larger
    /// one gives the new places to the waiting list, by the action's rule.
    async fn update_action(
        &self,
        actor: &Actor,
        scope: &Scope,
        action_id: ActionId,
        action: &ActionDraft,
    ) -> StoreResult<()>;
    /// Demo and CLI: adds an action to a Cité without a user scope.
    async fn create_action_in(
        &self,
        actor: &Actor,
        cite_id: CiteId,
        action: &ActionDraft,
    ) -> StoreResult<ActionId>;

    /// Séances, newest first, with the linked persons the scope may see.
    async fn seances(&self, scope: &Scope, action_id: ActionId) -> StoreResult<Vec<SeanceRow>>;
    /// The action a séance of the scope's Cité belongs to.
    async fn seance_action(&self, scope: &Scope, seance_id: SeanceId) -> StoreResult<ActionId>;
    /// Coordinators and référents; every linked person must be visible.
    async fn add_seance(
        &self,
        actor: &Actor,
        scope: &Scope,
        action_id: ActionId,
        seance: &SeanceDraft,
    ) -> StoreResult<SeanceId>;
    /// Replaces the séance's fields and the links to persons the scope sees;
    /// links to persons it does not see are kept.
    async fn update_seance(
        &self,
        actor: &Actor,
        scope: &Scope,
        seance_id: SeanceId,
        seance: &SeanceDraft,
    ) -> StoreResult<()>;
    /// Coordinators only.
    async fn delete_seance(
        &self,
        actor: &Actor,
        scope: &Scope,
        seance_id: SeanceId,
    ) -> StoreResult<()>;
    /// Demo and CLI: an aller-vers séance counted anonymously, no person linked.
    async fn add_anonymous_seance_in(
        &self,
        actor: &Actor,
        cite_id: CiteId,
        action_id: ActionId,
        seance: &SeanceDraft,
    ) -> StoreResult<SeanceId>;

    /// Places and waiting list; persons the scope may not see are listed
    /// without name nor reason. Co-pilots and porteurs get `NotFound`.
    async fn enrolments(&self, scope: &Scope, action_id: ActionId) -> StoreResult<Enrolments>;
    /// A coordinator, or a référent who sees the person, enrols them: a place
    /// if one is free, the waiting list otherwise; the step is created.
    async fn enrol(
        &self,
        actor: &Actor,
        scope: &Scope,
        action_id: ActionId,
        enrolment: &EnrolmentDraft,
    ) -> StoreResult<Enrolled>;
    /// Ends an enrolment of action `action_id` (the person leaves or
    /// cancels); a freed place goes to the next in line at once. Returns the
    /// enrolment that got it. An enrolment of another action is `NotFound`.
    async fn release(
        &self,
        actor: &Actor,
        scope: &Scope,
        action_id: ActionId,
        enrolment_id: EnrolmentId,
    ) -> StoreResult<Option<EnrolmentId>>;
}
