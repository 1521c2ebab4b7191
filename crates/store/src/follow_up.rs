//! Finding people and following up: search with filters, « À faire », the
//! counts co-pilots and the national team see.

use async_trait::async_trait;
use chrono::NaiveDate;
use maillage_domain::follow_up::TodoKind;
use maillage_domain::ids::{CiteId, CohortId, ParticipantId, PartnerId, QpvId, UserId};
use maillage_domain::participants::indicators::{BarrierCount, OutcomeCount};
use maillage_domain::participants::outcomes::Checkpoint;
use maillage_domain::participants::person::ParticipantStatus;
use maillage_domain::Scope;

use crate::{Actor, StoreResult};

#[derive(Debug, Clone, Default)]
pub struct SearchFilters {
    /// Already folded by `search_key`.
    pub text: Option<String>,
    pub cohort_id: Option<CohortId>,
    pub qpv_id: Option<QpvId>,
    /// An open barrier under one of these data·inclusion codes: a
    /// thematic, or a whole category (`mobilite` covers its thematics), as
    /// a Cité's barrier word maps them. Empty: no filter.
    pub thematics: Vec<String>,
    pub status: Option<String>,
    pub lead_user_id: Option<UserId>,
    /// Zero-based page; `per_page` rows each.
    pub page: i64,
    pub per_page: i64,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ParticipantListRow {
    pub id: ParticipantId,
    pub first_name: String,
    pub last_name: String,
    pub birth_date: NaiveDate,
    pub status: ParticipantStatus,
    pub cohort_name: Option<String>,
    pub qpv_name: Option<String>,
    pub lead_partner_name: String,
    pub lead_user_name: Option<String>,
    pub entry_date: Option<NaiveDate>,
    pub exit_date: Option<NaiveDate>,
    pub open_barriers: i64,
}

/// Which lines of « À faire » to read.
#[derive(Debug, Clone, Default)]
pub struct TodoFilters {
    /// One kind only (*genre*); every kind when `None`.
    pub kind: Option<TodoKind>,
    /// Files whose lead référent is this account.
    pub lead_user_id: Option<UserId>,
    /// Files led by this partner.
    pub partner_id: Option<PartnerId>,
    /// Zero-based page; `per_page` lines each.
    pub page: i64,
    pub per_page: i64,
}

/// A line of « À faire »: a person to act on, and why.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TodoLine {
    pub kind: TodoKind,
    pub id: ParticipantId,
    pub first_name: String,
    pub last_name: String,
    /// The date that makes it due: the exit (checks), the proposal
    /// (referrals), the entry (without lead, inactive), the consent.
    pub since: Option<NaiveDate>,
    /// The check to make, for [`TodoKind::Check`].
    pub checkpoint: Option<Checkpoint>,
    /// The cohort and the partner that proposed, for referrals.
    pub cohort_name: Option<String>,
    pub from_partner_name: Option<String>,
}

/// How many lines of each kind « À faire » holds (kinds with none absent).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TodoCounts(pub Vec<(TodoKind, i64)>);

impl TodoCounts {
    pub fn of(&self, kind: TodoKind) -> i64 {
        self.0
            .iter()
            .find(|(k, _)| *k == kind)
            .map_or(0, |(_, n)| *n)
    }

    pub fn total(&self) -> i64 {
        self.0.iter().map(|(_, n)| n).sum()
    }
}

/// Persons of a Cité by status, for those who see counts only.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CiteCounts {
    pub cite_id: CiteId,
    pub proposed: i64,
    pub active: i64,
    pub exited: i64,
    pub durable_employment: i64,
}

#[async_trait]
pub trait FollowUpStore {
    /// Persons the scope may see, filtered; with the total for pagination.
    async fn search(
        &self,
        scope: &Scope,
        filters: &SearchFilters,
    ) -> StoreResult<(Vec<ParticipantListRow>, i64)>;

    /// The open barriers (person, thematic) of the persons [`search`]
    /// finds with these filters (its page ignored), for exports to name them.
    ///
    /// [`search`]: FollowUpStore::search
    async fn open_barrier_thematics(
        &self,
        scope: &Scope,
        filters: &SearchFilters,
    ) -> StoreResult<Vec<(ParticipantId, String)>>;

    /// Records an export of persons (CSV, XLSX) in the audit log.
    async fn audit_export(
        &self,
        actor: &Actor,
        scope: &Scope,
        format: &str,
        rows: usize,
    ) -> StoreResult<()>;

    /// « À faire »: the lines of one page, by kind (in [`TodoKind::ALL`]'s
    /// order), then by date and name. Only the filters' kind is read.
    async fn todo(
        &self,
        scope: &Scope,
        today: NaiveDate,
        filters: &TodoFilters,
    ) -> StoreResult<Vec<TodoLine>>;

    /// The number of lines of each kind, counted by the database, under the
    /// référent and partner filters (the kind and the page are ignored).
    async fn todo_counts(
        &self,
        scope: &Scope,
        today: NaiveDate,
        filters: &TodoFilters,
    ) -> StoreResult<TodoCounts>;

    /// Counts by status: the scope's Cité, or every Cité for the national team.
    async fn counts(&self, scope: &Scope) -> StoreResult<Vec<CiteCounts>>;

    /// The Cité's barriers by thematic and situations by checkpoint, counted
    /// over all its persons: for its co-pilots and coordinators only.
    async fn indicators(
        &self,
        scope: &Scope,
    ) -> StoreResult<(Vec<BarrierCount>, Vec<OutcomeCount>)>;

    /// Names the lead référent, a référent of the lead partner (coordinators
    /// and the lead partner's référents).
    async fn set_lead_user(
        &self,
        actor: &Actor,
        scope: &Scope,
        participant_id: ParticipantId,
        user_id: UserId,
    ) -> StoreResult<()>;
}
