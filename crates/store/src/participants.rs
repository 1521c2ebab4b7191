//! The shared case file: cohorts, referrals and participants' files.
//!
//! Who sees a person (DESIGN.md): the Cité's coordinators; the lead partner;
//! another partner only while the file is shared with it *and* an unwithdrawn
//! consent covers it. Co-pilots and the national team never do. Anything else
//! is `NotFound`, exactly like an id that does not exist.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use maillage_domain::ids::{CiteId, CohortId, ParticipantId, PartnerId, QpvId, ReferralId, UserId};
use maillage_domain::participants::cohorts::{CohortDraft, Intake, ReferralStatus};
use maillage_domain::participants::person::{
    Answer, EducationLevel, EmploymentStatus, ParticipantDraft, ParticipantStatus, Sex,
};
use maillage_domain::Scope;

use crate::{Actor, StoreResult};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CohortRow {
    pub id: CohortId,
    pub name: String,
    pub year: i32,
    pub target_size: i32,
    pub intake_start: NaiveDate,
    pub intake_end: NaiveDate,
    pub follow_up_months: i32,
    pub intake_closed_at: Option<DateTime<Utc>>,
    /// Persons who entered the cohort.
    pub members: i64,
}

impl CohortRow {
    pub fn intake(&self, today: NaiveDate) -> Intake {
        Intake::on(
            self.intake_start,
            self.intake_end,
            self.intake_closed_at.is_some(),
            today,
        )
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ReferralRow {
    pub id: ReferralId,
    pub participant_id: ParticipantId,
    pub first_name: String,
    pub last_name: String,
    pub cohort_id: CohortId,
    pub cohort_name: String,
    pub from_partner_id: PartnerId,
    pub from_partner_name: String,
    pub proposed_on: NaiveDate,
    pub motive: Option<String>,
    pub status: ReferralStatus,
    pub decided_on: Option<NaiveDate>,
    pub refusal_reason: Option<String>,
    /// The Cité's delay after which an undecided proposal expires.
    pub referral_expiry_days: i32,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ParticipantRow {
    pub id: ParticipantId,
    pub cite_id: CiteId,
    pub cohort_id: Option<CohortId>,
    pub first_name: String,
    pub last_name: String,
    pub birth_date: NaiveDate,
    pub sex: Sex,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
    pub qpv_id: Option<QpvId>,
    pub employment_status: EmploymentStatus,
    pub education: EducationLevel,
    pub rsa: Answer,
    pub single_parent: Answer,
    pub rqth: Answer,
    pub france_travail_id: Option<String>,
    pub lead_partner_id: PartnerId,
    pub lead_user_id: Option<UserId>,
    pub status: ParticipantStatus,
    pub entry_date: Option<NaiveDate>,
    pub exit_date: Option<NaiveDate>,
    /// Read along with the file, so its page needs no list of cohorts or QPVs.
    pub cohort_name: Option<String>,
    pub qpv_name: Option<String>,
    /// INSEE codes of the QPV's communes, separated by spaces or commas.
    pub qpv_communes: Option<String>,
}

/// A coordinator's answer to a referral.
#[derive(Debug, Clone)]
pub enum Decision {
    Accept { entry_date: NaiveDate },
    Refuse { reason: String },
}

#[async_trait]
pub trait ParticipantStore {
    /// Coordinators create the Cité's cohorts.
    async fn create_cohort(
        &self,
        actor: &Actor,
        scope: &Scope,
        cohort: &CohortDraft,
    ) -> StoreResult<CohortId>;
    /// The Cité's cohorts with how many entered (every member of the Cité).
    async fn cohorts(&self, scope: &Scope) -> StoreResult<Vec<CohortRow>>;
    async fn close_cohort_intake(
        &self,
        actor: &Actor,
        scope: &Scope,
        cohort_id: CohortId,
    ) -> StoreResult<()>;

    /// A référent proposes a person to a cohort of the Cité from their partner;
    /// gives the participant and referral ids.
    async fn propose(
        &self,
        actor: &Actor,
        scope: &Scope,
        cohort_id: CohortId,
        person: &ParticipantDraft,
        motive: Option<&str>,
        today: NaiveDate,
    ) -> StoreResult<(ParticipantId, ReferralId)>;

    /// Referrals the scope may see: all of the Cité for coordinators, those
    /// of their partner for référents.
    async fn referrals(&self, scope: &Scope) -> StoreResult<Vec<ReferralRow>>;

    /// Accepting enters the person in the cohort (the entry date must fall in
    /// its intake window); refusing needs a reason.
    async fn decide_referral(
        &self,
        actor: &Actor,
        scope: &Scope,
        referral_id: ReferralId,
        decision: &Decision,
        today: NaiveDate,
    ) -> StoreResult<()>;

    /// Reads a file, writing the audit row in the same transaction.
    async fn participant(
        &self,
        actor: &Actor,
        scope: &Scope,
        participant_id: ParticipantId,
    ) -> StoreResult<ParticipantRow>;

    /// Shares a file with another partner its consent covers (coordinator or
    /// the lead partner's référents).
    async fn share(
        &self,
        actor: &Actor,
        scope: &Scope,
        participant_id: ParticipantId,
        partner_id: PartnerId,
    ) -> StoreResult<()>;

    /// Withdraws every consent of the person: shared partners lose access on
    /// the very next request.
    async fn withdraw_consent(
        &self,
        actor: &Actor,
        scope: &Scope,
        participant_id: ParticipantId,
    ) -> StoreResult<()>;
}
