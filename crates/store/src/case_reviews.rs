//! The case review (*commission de suivi des parcours*): the persons a
//! meeting of the commission reviews, each under the pseudonym given when
//! added (« M.D.-03 »), and what is decided about each.
//!
//! The pseudonym is all that the meeting's readers share. A reader who may
//! see a person's file (the Cité's coordinators, the référents of the
//! partners that follow it or to which it was shared with consent) also
//! gets the person's name and the decisions recorded about them; anyone
//! else gets the pseudonym alone, from the store itself, so that no page,
//! export or calendar built on it can carry the name. The decisions belong
//! to the file (audited as changes to it), never to the shared minutes.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use maillage_domain::governance::CaseDecision;
use maillage_domain::ids::{CaseReviewId, CommitteeId, MeetingId, ParticipantId};
use maillage_domain::Scope;

use crate::{Actor, StoreResult};

/// A person reviewed in a meeting, as a reader of the meeting gets it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseReviewRow {
    pub id: CaseReviewId,
    /// Within the meeting, from 1.
    pub number: i32,
    pub pseudonym: String,
    /// The person and the decisions about them, only for a reader who may
    /// see the file.
    pub person: Option<ReviewedPerson>,
}

/// Who a pseudonym stands for, for a reader who may see the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewedPerson {
    pub participant_id: ParticipantId,
    pub first_name: String,
    pub last_name: String,
    /// Oldest first.
    pub decisions: Vec<CaseDecisionRow>,
}

/// What the commission decided about a person.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct CaseDecisionRow {
    pub case_review_id: CaseReviewId,
    pub body: String,
    /// The author's name; `None` once the account is gone.
    pub decided_by: Option<String>,
    pub decided_at: DateTime<Utc>,
}

/// A review of the person, as their file lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileCaseReviewRow {
    pub id: CaseReviewId,
    pub meeting_id: MeetingId,
    pub committee_id: CommitteeId,
    pub committee_name: String,
    pub starts_at: DateTime<Utc>,
    pub pseudonym: String,
    /// Oldest first.
    pub decisions: Vec<CaseDecisionRow>,
}

#[async_trait]
pub trait CaseReviewStore {
    /// The coordinator puts a person of the Cité on the meeting's review,
    /// under the next number and the pseudonym of their initials. The
    /// meeting must be a commission's (`reviews_persons`), neither started
    /// nor cancelled; a person already on it is `Invalid`.
    async fn add_case_review(
        &self,
        actor: &Actor,
        scope: &Scope,
        meeting: MeetingId,
        participant: ParticipantId,
    ) -> StoreResult<CaseReviewId>;

    /// The coordinator takes a person off the review before the meeting
    /// starts.
    async fn remove_case_review(
        &self,
        actor: &Actor,
        scope: &Scope,
        meeting: MeetingId,
        review: CaseReviewId,
    ) -> StoreResult<()>;

    /// The meeting's reviews, by number, for a reader of the meeting: the
    /// person only where the reader may see the file, each such read in the
    /// person's access log.
    async fn case_reviews(
        &self,
        actor: &Actor,
        scope: &Scope,
        meeting: MeetingId,
    ) -> StoreResult<Vec<CaseReviewRow>>;

    /// The pseudonyms of the meeting's reviews, by number, for any reader
    /// of the meeting: what the shared minutes may name.
    async fn case_review_pseudonyms(
        &self,
        scope: &Scope,
        meeting: MeetingId,
    ) -> StoreResult<Vec<String>>;

    /// A reader who may see the person's file records what the commission
    /// decided about them, from the meeting's day on, not on a cancelled
    /// meeting; audited on the person. A review whose file the reader may
    /// not see is `NotFound`.
    async fn record_case_decision(
        &self,
        actor: &Actor,
        scope: &Scope,
        meeting: MeetingId,
        review: CaseReviewId,
        decision: &CaseDecision,
    ) -> StoreResult<()>;
}
