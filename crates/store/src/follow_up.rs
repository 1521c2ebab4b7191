//! Finding people and following up: search with filters, « À faire », the
//! counts co-pilots and the national team see.

use async_trait::async_trait;
use chrono::NaiveDate;
use maillage_domain::ids::{CiteId, CohortId, ParticipantId, QpvId, UserId};
use maillage_domain::participants::indicators::{BarrierCount, OutcomeCount};
use maillage_domain::participants::outcomes::Checkpoint;
use maillage_domain::participants::person::ParticipantStatus;
use maillage_domain::Scope;

use crate::participants::ReferralRow;
use crate::{Actor, StoreResult};

#[derive(Debug, Clone, Default)]
pub struct SearchFilters {
    /// Already folded by `search_key`.
    pub text: Option<String>,
    pub cohort_id: Option<CohortId>,
    pub qpv_id: Option<QpvId>,
    /// An open barrier of this data·inclusion thematic.
    pub thematic: Option<String>,
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

/// A person to act on, and why.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TodoPerson {
    pub id: ParticipantId,
    pub first_name: String,
    pub last_name: String,
    /// The date that makes it due (exit, last activity, consent…).
    pub since: Option<NaiveDate>,
}

#[derive(Debug, Clone, Default)]
pub struct Todo {
    /// +6 or +12 month checks due within the look-ahead, with their checkpoint.
    pub checks_due: Vec<(TodoPerson, Checkpoint, NaiveDate)>,
    pub referrals_waiting: Vec<ReferralRow>,
    pub without_lead: Vec<TodoPerson>,
    pub inactive: Vec<TodoPerson>,
    pub consents_expiring: Vec<TodoPerson>,
}

impl Todo {
    pub fn count(&self) -> usize {
        self.checks_due.len()
            + self.referrals_waiting.len()
            + self.without_lead.len()
            + self.inactive.len()
            + self.consents_expiring.len()
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

    /// Records an export of persons (CSV, XLSX) in the audit log.
    async fn audit_export(
        &self,
        actor: &Actor,
        scope: &Scope,
        format: &str,
        rows: usize,
    ) -> StoreResult<()>;

    async fn todo(&self, scope: &Scope, today: NaiveDate) -> StoreResult<Todo>;

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
