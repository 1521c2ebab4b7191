//! Governance (*gouvernance*): a Cité's committees (*instances*), their
//! members and their meetings (*séances*). The Cité's coordinators,
//! co-pilots and référents read them; its coordinators write them. A
//! committee of another Cité is the same `NotFound` as a missing one; a
//! porteur and the national team find none for now (a porteur will see the
//! committees its partner sits in, the national team counts). Every change
//! is audited.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use maillage_domain::governance::{
    CommitteeDraft, CommitteeKind, MeetingDraft, MemberRole, Rhythm, Schedule,
};
use maillage_domain::ids::{CiteId, CommitteeId, CommitteeMemberId, MeetingId, PartnerId, UserId};
use maillage_domain::partners::PartnerCategory;
use maillage_domain::Scope;

use crate::{Actor, StoreResult};

/// A committee, with its count of members and its next meeting.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct CommitteeRow {
    pub id: CommitteeId,
    pub cite_id: CiteId,
    pub kind: CommitteeKind,
    pub name: String,
    /// RFC 5545 RRULE; `None` without a fixed rhythm.
    pub rrule: Option<String>,
    pub anchor: NaiveDate,
    /// Paris wall-clock minute of the day its meetings start.
    pub start_minute: i32,
    pub duration_minutes: i32,
    pub place: String,
    pub members: i64,
    /// The next meeting not cancelled, from the `now` asked about.
    pub next_meeting: Option<DateTime<Utc>>,
}

impl CommitteeRow {
    /// Its rhythm and times; `None` when the stored rule no longer reads
    /// (never written so by Maillage).
    pub fn schedule(&self) -> Option<Schedule> {
        let rhythm = match &self.rrule {
            None => Rhythm::None,
            Some(rule) => Rhythm::from_rrule(rule).ok()?,
        };
        let minute = u32::try_from(self.start_minute).ok()?;
        Some(Schedule {
            rhythm,
            start_time: NaiveTime::from_hms_opt(minute / 60, minute % 60, 0)?,
            duration_minutes: u32::try_from(self.duration_minutes).ok()?,
            anchor: self.anchor,
        })
    }
}

/// Who sits in a committee: an account or a partner (the organisation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NewMember {
    Account(UserId),
    Partner(PartnerId),
}

/// A member as listed: the account's or the partner's name.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct MemberRow {
    pub id: CommitteeMemberId,
    pub user_id: Option<UserId>,
    pub partner_id: Option<PartnerId>,
    pub name: String,
    /// The account's organisation, if any.
    pub organisation: Option<String>,
    pub role: MemberRole,
}

/// A meeting, with its committee's name and kind.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct MeetingRow {
    pub id: MeetingId,
    pub committee_id: CommitteeId,
    pub cite_id: CiteId,
    pub committee_name: String,
    pub kind: CommitteeKind,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub place: String,
    pub video_url: String,
    pub cancelled: bool,
    /// Bumped by each change: calendars update the same event.
    pub sequence: i32,
    pub updated_at: DateTime<Utc>,
    /// When the members were first invited.
    pub invited_at: Option<DateTime<Utc>>,
    /// The revision of the minutes the members read, once published.
    pub minutes_published_revision: Option<i32>,
    pub minutes_published_at: Option<DateTime<Utc>>,
}

/// A partner's attendance at the Cité's meetings (*assiduité*), its own
/// seat or its accounts'.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PartnerAttendanceRow {
    pub partner: String,
    pub category: PartnerCategory,
    /// Invitations whose attendance is noted, and those present or represented.
    pub noted: i64,
    pub present: i64,
}

/// One Cité's governance as the national team counts it: no names.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct CiteGovernanceRow {
    pub cite_id: CiteId,
    pub cite_name: String,
    /// COPIL meetings held (not cancelled, started) in the period.
    pub copils_held: i64,
    pub meetings_held: i64,
    /// Partner categories (*types d'acteurs*) among the committees'
    /// members, directly or through an account's partner.
    pub actor_types: i64,
    /// Invitations of the period's meetings whose attendance is noted, and
    /// those present or represented.
    pub attendance_noted: i64,
    pub attendance_present: i64,
}

#[async_trait]
pub trait GovernanceStore {
    /// Creates a committee of the coordinator's Cité; a name the Cité
    /// already gives a committee is a `Conflict` on `name`.
    async fn create_committee(
        &self,
        actor: &Actor,
        scope: &Scope,
        draft: &CommitteeDraft,
    ) -> StoreResult<CommitteeId>;

    /// The Cité's committees, by name, each with its next meeting after `now`.
    async fn committees(&self, scope: &Scope, now: DateTime<Utc>)
        -> StoreResult<Vec<CommitteeRow>>;

    async fn committee(
        &self,
        scope: &Scope,
        id: CommitteeId,
        now: DateTime<Utc>,
    ) -> StoreResult<CommitteeRow>;

    /// Adds an account of the Cité or one of its partners; anything else
    /// is `Invalid` on `member`, a member already there a `Conflict`.
    async fn add_committee_member(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: CommitteeId,
        member: NewMember,
        role: MemberRole,
    ) -> StoreResult<CommitteeMemberId>;

    /// Its members: co-pilots first, then by name.
    async fn committee_members(
        &self,
        scope: &Scope,
        id: CommitteeId,
    ) -> StoreResult<Vec<MemberRow>>;

    /// Plans meetings at these (start, end) instants, skipping those the
    /// committee already has at the same start; how many were added.
    async fn plan_meetings(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: CommitteeId,
        times: &[(DateTime<Utc>, DateTime<Utc>)],
    ) -> StoreResult<usize>;

    /// Adds a meeting by hand; one at the same start is a `Conflict` on `date`.
    async fn add_meeting(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: CommitteeId,
        draft: &MeetingDraft,
    ) -> StoreResult<MeetingId>;

    /// A committee's meetings, by start.
    async fn committee_meetings(
        &self,
        scope: &Scope,
        id: CommitteeId,
    ) -> StoreResult<Vec<MeetingRow>>;

    /// The Cité's meetings from `from`, by start, at most `limit`.
    async fn upcoming_meetings(
        &self,
        scope: &Scope,
        from: DateTime<Utc>,
        limit: i64,
    ) -> StoreResult<Vec<MeetingRow>>;

    async fn meeting(&self, scope: &Scope, id: MeetingId) -> StoreResult<MeetingRow>;

    /// Each partner's attendance at the Cité's meetings from `since` to
    /// `now`, by name.
    async fn partner_attendance(
        &self,
        scope: &Scope,
        since: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> StoreResult<Vec<PartnerAttendanceRow>>;

    /// Every active Cité's governance counts for meetings from `since` to
    /// `now`: the national team only, the others `NotFound`.
    async fn national_governance(
        &self,
        scope: &Scope,
        since: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> StoreResult<Vec<CiteGovernanceRow>>;

    /// Cancels a meeting (its sequence moves on); twice is `Invalid`.
    async fn cancel_meeting(&self, actor: &Actor, scope: &Scope, id: MeetingId) -> StoreResult<()>;
}
