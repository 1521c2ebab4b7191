//! Inside a participant's file: barriers (*freins*), pathway steps (*étapes*),
//! outcomes (*situations*), notes, and who read or changed it. Every function
//! checks the file's visibility first (see [`crate::participants`]).

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use maillage_domain::ids::{
    ActionId, AuditId, BarrierId, ConsentId, NoteId, ParticipantId, PartnerId, ServiceId, StepId,
};
use maillage_domain::participants::outcomes::{Checkpoint, Outcome};
use maillage_domain::participants::pathway::StepStatus;
use maillage_domain::participants::person::ConsentMethod;
use maillage_domain::Scope;

use crate::case_reviews::FileCaseReviewRow;
use crate::participants::ParticipantRow;
use crate::{Actor, StoreResult};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct BarrierRow {
    pub id: BarrierId,
    pub thematic: String,
    pub identified_on: NaiveDate,
    pub comment: Option<String>,
    pub lifted_on: Option<NaiveDate>,
    pub lifted_by_step_id: Option<StepId>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StepRow {
    pub id: StepId,
    pub label: String,
    pub service_id: Option<ServiceId>,
    /// The action this step is an enrolment in.
    pub action_id: Option<ActionId>,
    pub partner_id: Option<PartnerId>,
    pub partner_name: Option<String>,
    /// Specialised partners (SPIP, CSAPA…) are shown to other partners
    /// without their name.
    pub partner_sensitive: Option<bool>,
    pub planned_on: Option<NaiveDate>,
    pub started_on: Option<NaiveDate>,
    pub ended_on: Option<NaiveDate>,
    pub status: StepStatus,
    pub result: Option<String>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OutcomeRow {
    pub checkpoint: Checkpoint,
    pub outcome: Outcome,
    pub recorded_on: NaiveDate,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct NoteRow {
    pub id: NoteId,
    pub author_name: String,
    pub partner_name: Option<String>,
    pub private: bool,
    pub body: String,
    pub created_at: DateTime<Utc>,
}

/// One line of « Qui a consulté ce dossier ».
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AccessRow {
    pub at: DateTime<Utc>,
    pub user_name: Option<String>,
    pub organisation: Option<String>,
    pub action: String,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ConsentRow {
    pub id: ConsentId,
    pub given_on: NaiveDate,
    pub method: ConsentMethod,
    pub withdrawn_at: Option<DateTime<Utc>>,
    /// The partners it covers.
    #[sqlx(skip)]
    pub partners: Vec<PartnerId>,
}

/// One row of the consents query: a consent with one partner it covers
/// (none when it covers none), read in one round trip.
#[doc(hidden)]
#[derive(Debug, sqlx::FromRow)]
pub struct ConsentPartnerRow {
    #[sqlx(flatten)]
    pub consent: ConsentRow,
    pub partner_id: Option<PartnerId>,
}

impl ConsentPartnerRow {
    /// One consent per run of rows, with the partners of its rows.
    pub fn fold(rows: Vec<ConsentPartnerRow>) -> Vec<ConsentRow> {
        let mut consents: Vec<ConsentRow> = Vec::new();
        for row in rows {
            match consents.last_mut() {
                Some(last) if last.id == row.consent.id => last.partners.extend(row.partner_id),
                _ => {
                    let mut consent = row.consent;
                    consent.partners.extend(row.partner_id);
                    consents.push(consent);
                }
            }
        }
        consents
    }
}

/// A whole file, read in one transaction with one audit row.
#[derive(Debug, Clone)]
pub struct CaseFile {
    pub participant: ParticipantRow,
    pub barriers: Vec<BarrierRow>,
    pub steps: Vec<StepRow>,
    pub outcomes: Vec<OutcomeRow>,
    pub notes: Vec<NoteRow>,
    pub consents: Vec<ConsentRow>,
    /// Partners the file is shared with.
    pub shared_with: Vec<PartnerId>,
    /// The latest [`FILE_ACCESSES`] lines of its access log.
    pub accesses: Vec<AccessRow>,
    /// Older lines exist: the whole log is on its own page.
    pub more_accesses: bool,
    /// The commissions that reviewed the person, newest first.
    pub case_reviews: Vec<FileCaseReviewRow>,
}

/// How many lines of « Qui a consulté ce dossier » the file itself shows:
/// enough to see the latest readers; the log of a file followed for years
/// runs to hundreds of lines, paged on [`CaseFileStore::access_log`].
pub const FILE_ACCESSES: i64 = 20;

/// Which page of a file's access log to read.
#[derive(Debug, Clone, Copy)]
pub struct AccessPage {
    /// From 1; past the end, the last page.
    pub page: i64,
    pub per_page: i64,
    /// The newest line of the log as its first page showed it (none for the
    /// first page): later pages keep to it, so that lines written meanwhile
    /// (each page read writes one) do not shift them.
    pub until: Option<AuditId>,
}

/// One page of a file's access log, newest first.
#[derive(Debug, Clone)]
pub struct AccessLog {
    pub participant: ParticipantRow,
    pub rows: Vec<AccessRow>,
    /// Lines in the log, up to `until`.
    pub total: i64,
    /// The page shown.
    pub page: i64,
    /// The newest line paged, for the links to the other pages.
    pub until: AuditId,
}

#[derive(Debug, Clone)]
pub struct NewStep {
    pub label: String,
    pub service_id: Option<ServiceId>,
    pub partner_id: Option<PartnerId>,
    pub planned_on: Option<NaiveDate>,
    pub started_on: Option<NaiveDate>,
    pub ended_on: Option<NaiveDate>,
    pub status: StepStatus,
    pub result: Option<String>,
}

#[async_trait]
pub trait CaseFileStore {
    async fn case_file(
        &self,
        actor: &Actor,
        scope: &Scope,
        participant_id: ParticipantId,
    ) -> StoreResult<CaseFile>;

    /// One page of the file's access log: who read or changed it. Reading
    /// it is a read of the file, audited, and scoped like one.
    async fn access_log(
        &self,
        actor: &Actor,
        scope: &Scope,
        participant_id: ParticipantId,
        page: AccessPage,
    ) -> StoreResult<AccessLog>;

    async fn add_barrier(
        &self,
        actor: &Actor,
        scope: &Scope,
        participant_id: ParticipantId,
        thematic: &str,
        identified_on: NaiveDate,
        comment: Option<&str>,
    ) -> StoreResult<BarrierId>;
    async fn lift_barrier(
        &self,
        actor: &Actor,
        scope: &Scope,
        participant_id: ParticipantId,
        barrier_id: BarrierId,
        lifted_on: NaiveDate,
        step_id: Option<StepId>,
    ) -> StoreResult<()>;

    async fn add_step(
        &self,
        actor: &Actor,
        scope: &Scope,
        participant_id: ParticipantId,
        step: &NewStep,
    ) -> StoreResult<StepId>;

    /// Records (or corrects) the situation at a checkpoint; the exit
    /// situation also closes the follow-up's active phase.
    async fn record_outcome(
        &self,
        actor: &Actor,
        scope: &Scope,
        participant_id: ParticipantId,
        checkpoint: Checkpoint,
        outcome: Outcome,
        recorded_on: NaiveDate,
    ) -> StoreResult<()>;

    /// Private notes are read by their author's organisation only.
    async fn add_note(
        &self,
        actor: &Actor,
        scope: &Scope,
        participant_id: ParticipantId,
        body: &str,
        private: bool,
    ) -> StoreResult<NoteId>;
}
