//! What happens around a meeting (*séance*): the members invited
//! (*convocation*) and their replies, the attendance noted on the day
//! (*émargement*), and the minutes (*compte rendu*) kept revision by
//! revision. Readers are those of the Cité's governance; the coordinator
//! invites, notes attendance, writes and publishes the minutes; an invited
//! member (the account, or any account of the invited partner) replies.
//! Other members read only the published revision. Every change is audited.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use maillage_domain::governance::committees::ReplyKind;
use maillage_domain::governance::{Attendance, MemberRole, Reply};
use maillage_domain::ids::{
    CommitteeId, CommitteeMemberId, InvitationId, MeetingId, PartnerId, UserId,
};
use maillage_domain::Scope;

use crate::{Actor, StoreResult};

/// A member's invitation to a meeting, with the reply and the attendance.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct InvitationRow {
    pub id: InvitationId,
    pub member_id: CommitteeMemberId,
    pub user_id: Option<UserId>,
    pub partner_id: Option<PartnerId>,
    /// The account's or the partner's name.
    pub name: String,
    /// The account's organisation, if any.
    pub organisation: Option<String>,
    pub role: MemberRole,
    pub reply: Option<ReplyKind>,
    pub representative: String,
    pub replied_at: Option<DateTime<Utc>>,
    pub attendance: Option<Attendance>,
}

impl InvitationRow {
    /// The reply given, with the representative's name.
    pub fn reply(&self) -> Option<Reply> {
        Some(match self.reply? {
            ReplyKind::Coming => Reply::Coming,
            ReplyKind::Excused => Reply::Excused,
            ReplyKind::Represented => Reply::Represented {
                representative: self.representative.clone(),
            },
        })
    }

    /// Whether `scope`'s user answers this invitation: the invited
    /// account, or an account of the invited partner.
    pub fn answered_by(&self, scope: &Scope) -> bool {
        match scope {
            Scope::Cite {
                user_id,
                partner_id,
                ..
            } => {
                self.user_id == Some(*user_id)
                    || (self.partner_id.is_some() && self.partner_id == *partner_id)
            }
            Scope::National { .. } => false,
        }
    }
}

/// An invitation to one of a committee's meetings, with its meeting: what
/// the attendance export (*assiduité*) lays out member by meeting.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct CommitteeInvitationRow {
    pub meeting_id: MeetingId,
    #[sqlx(flatten)]
    pub invitation: InvitationRow,
}

/// One revision of the minutes.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct MinutesRow {
    pub revision: i32,
    pub body: String,
    /// The author's name; `None` once the account is gone.
    pub written_by: Option<String>,
    pub written_at: DateTime<Utc>,
}

#[async_trait]
pub trait MeetingRecordStore {
    /// Invites the committee's members not invited yet (all of them the
    /// first time; those added since, later); how many were invited. A
    /// cancelled or past meeting is `Invalid`.
    async fn invite_members(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: MeetingId,
    ) -> StoreResult<usize>;

    /// The meeting's invitations: co-pilots first, then by name.
    async fn invitations(&self, scope: &Scope, id: MeetingId) -> StoreResult<Vec<InvitationRow>>;

    /// Every invitation of every meeting of the committee, in one query:
    /// by member (co-pilots first, then by name), then by meeting start.
    /// Another Cité's committee is `NotFound`.
    async fn committee_invitations(
        &self,
        scope: &Scope,
        id: CommitteeId,
    ) -> StoreResult<Vec<CommitteeInvitationRow>>;

    /// The user's reply, for their own invitation (their account's, else
    /// their partner's); changed as often as needed until the meeting
    /// starts. Without an invitation, or once started or cancelled, `Invalid`.
    async fn reply_to_invitation(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: MeetingId,
        reply: &Reply,
    ) -> StoreResult<()>;

    /// Notes who was there, from the meeting's day on; an invitation of
    /// another meeting is `Invalid`, the whole sheet then unchanged.
    async fn record_attendance(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: MeetingId,
        sheet: &[(InvitationId, Attendance)],
    ) -> StoreResult<()>;

    /// Saves the minutes as a new revision (the previous ones are kept);
    /// its number. The same text as the last revision is `Invalid`.
    async fn save_minutes(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: MeetingId,
        body: &str,
    ) -> StoreResult<i32>;

    /// Every revision, newest first: the coordinator's history. Other
    /// readers find only the published one (see `minutes`).
    async fn minutes_history(&self, scope: &Scope, id: MeetingId) -> StoreResult<Vec<MinutesRow>>;

    /// The minutes a reader sees: for the coordinator, `revision` or the
    /// latest; for the other members, the published revision only.
    async fn minutes(
        &self,
        scope: &Scope,
        id: MeetingId,
        revision: Option<i32>,
    ) -> StoreResult<Option<MinutesRow>>;

    /// Publishes `revision`, the latest, to the members. Without minutes,
    /// when a later revision was saved meanwhile, or when it is already
    /// published, `Invalid`.
    async fn publish_minutes(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: MeetingId,
        revision: i32,
    ) -> StoreResult<()>;
}
