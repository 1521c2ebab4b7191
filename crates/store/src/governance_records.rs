//! What a meeting records (*relevé de décisions*) and what is to follow it
//! (*suites à donner*). The Cité's coordinators, co-pilots and référents
//! read them, like the meetings; its coordinators write them. A decision is
//! numbered within the write (`2026-COPIL-03`: the Paris year of its
//! meeting, the committee's kind, the next rank), tied at most to an
//! application, an action or a carry-over of the same Cité. A follow-up
//! item is carried by an account or a partner of the Cité; its owner (the
//! account, or any account of the partner) closes it too, and finds its
//! open items in « À faire » even when it does not read governance. Another
//! Cité's meeting or item is `NotFound`; every change is audited.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use maillage_domain::governance::decisions::DecisionNumber;
use maillage_domain::governance::follow_ups::{Closing, FollowUpDraft};
use maillage_domain::governance::{CommitteeKind, DecisionSubject, FollowUpStatus};
use maillage_domain::ids::{DecisionId, FollowUpItemId, MeetingId, PartnerId, UserId};
use maillage_domain::Scope;

use crate::governance::NewMember;
use crate::{Actor, StoreResult};

/// A decision as listed, with its meeting and what it is tied to.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct CommitteeDecisionRow {
    pub id: DecisionId,
    pub meeting_id: MeetingId,
    pub meeting_starts_at: DateTime<Utc>,
    pub committee_name: String,
    pub year: i32,
    pub kind: CommitteeKind,
    pub rank: i32,
    pub text: String,
    pub subject_kind: String,
    pub subject_id: Option<i64>,
    /// The application's project, the action's title or the carry-over's
    /// decision; `None` without a subject.
    pub subject_title: Option<String>,
}

impl CommitteeDecisionRow {
    /// `2026-COPIL-03`.
    pub fn number(&self) -> DecisionNumber {
        DecisionNumber {
            year: self.year,
            kind: self.kind,
            rank: u32::try_from(self.rank).unwrap_or_default(),
        }
    }

    /// What it is tied to; `None` (never written so) reads as no subject.
    pub fn subject(&self) -> DecisionSubject {
        DecisionSubject::from_parts(&self.subject_kind, self.subject_id)
            .unwrap_or(DecisionSubject::None)
    }
}

/// What the decision form offers as a subject: its kind's code, its id
/// and a label.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct SubjectChoice {
    /// `application`, `action` or `carry_over`.
    pub kind: String,
    pub id: i64,
    pub label: String,
}

/// A follow-up item as listed.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct FollowUpItemRow {
    pub id: FollowUpItemId,
    pub meeting_id: MeetingId,
    pub meeting_starts_at: DateTime<Utc>,
    pub committee_name: String,
    pub title: String,
    pub due_on: Option<NaiveDate>,
    pub owner_user_id: Option<UserId>,
    pub owner_partner_id: Option<PartnerId>,
    /// The account's or the partner's name.
    pub owner_name: String,
    pub status: FollowUpStatus,
    pub closing_note: String,
}

#[async_trait]
pub trait CommitteeRecordStore {
    /// Records a decision on a meeting of the coordinator's Cité, numbered
    /// next in its year and kind. A subject not of the Cité is `Invalid` on
    /// `subject`; an application's funding decision then points to it.
    async fn record_committee_decision(
        &self,
        actor: &Actor,
        scope: &Scope,
        meeting: MeetingId,
        text: &str,
        subject: DecisionSubject,
    ) -> StoreResult<(DecisionId, DecisionNumber)>;

    /// A meeting's decisions, by number.
    async fn meeting_decisions(
        &self,
        scope: &Scope,
        meeting: MeetingId,
    ) -> StoreResult<Vec<CommitteeDecisionRow>>;

    /// The Cité's register, by number; one year's only when given.
    async fn cite_decisions(
        &self,
        scope: &Scope,
        year: Option<i32>,
    ) -> StoreResult<Vec<CommitteeDecisionRow>>;

    /// The years the Cité's register holds, latest first.
    async fn decision_years(&self, scope: &Scope) -> StoreResult<Vec<i32>>;

    /// The Cité's applications, actions and carry-overs, for the decision
    /// form.
    async fn decision_subjects(&self, scope: &Scope) -> StoreResult<Vec<SubjectChoice>>;

    /// Adds a follow-up item to a meeting of the coordinator's Cité; an
    /// owner not of the Cité is `Invalid` on `owner`.
    async fn add_follow_up_item(
        &self,
        actor: &Actor,
        scope: &Scope,
        meeting: MeetingId,
        draft: &FollowUpDraft,
        owner: NewMember,
    ) -> StoreResult<FollowUpItemId>;

    /// A meeting's items, open first, by due date.
    async fn meeting_follow_ups(
        &self,
        scope: &Scope,
        meeting: MeetingId,
    ) -> StoreResult<Vec<FollowUpItemRow>>;

    /// The Cité's items, open first, by due date.
    async fn cite_follow_ups(&self, scope: &Scope) -> StoreResult<Vec<FollowUpItemRow>>;

    /// The open items the scope's account carries, itself or through its
    /// partner, by due date.
    async fn my_follow_ups(&self, scope: &Scope) -> StoreResult<Vec<FollowUpItemRow>>;

    /// One item, for a governance reader or its owner.
    async fn follow_up_item(
        &self,
        scope: &Scope,
        id: FollowUpItemId,
    ) -> StoreResult<FollowUpItemRow>;

    /// Closes an item, by a coordinator of its Cité or its owner; anyone
    /// else of the Cité is `Forbidden`, an item already closed `Invalid` on
    /// `status`.
    async fn close_follow_up_item(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: FollowUpItemId,
        closing: &Closing,
    ) -> StoreResult<()>;
}
