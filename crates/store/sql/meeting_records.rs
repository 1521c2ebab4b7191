//! A meeting's invitations, replies, attendance and minutes (see
//! `maillage_store::meeting_records`).

use crate::{Backend, Db};
use chrono::{DateTime, Utc};
use maillage_domain::accounts::Role;
use maillage_domain::governance::{attendance_open, replies_open, Attendance, Reply};
use maillage_domain::ids::{CiteId, CommitteeId, InvitationId, MeetingId, UserId};
use maillage_domain::notifications::NotificationKind;
use maillage_store::async_trait;
use maillage_store::meeting_records::{CommitteeInvitationRow, InvitationRow, MinutesRow};
use maillage_store::notifications::Notice;
use maillage_store::{Actor, AuditEntry, MeetingRecordStore, Scope, StoreError, StoreResult};

use super::administered_cite;
use super::calls::refused;
use super::governance::{governance_reader, MEMBER_JOINS, MEMBER_ORDER};

/// The meeting, locked for a change (a no-op update takes PostgreSQL's
/// row lock; SQLite's writer is single anyway).
#[derive(sqlx::FromRow)]
pub(super) struct LockedMeeting {
    pub(super) committee_id: CommitteeId,
    pub(super) starts_at: DateTime<Utc>,
    pub(super) cancelled: bool,
}

const MINUTES_SELECT: &str = "SELECT mm.revision, mm.body, u.name AS written_by, mm.written_at
    FROM meeting_minutes mm
    JOIN meetings s ON s.id = mm.meeting_id
    LEFT JOIN users u ON u.id = mm.written_by";

impl Backend {
    pub(super) async fn lock_meeting(
        tx: &mut sqlx::Transaction<'_, Db>,
        cite_id: CiteId,
        id: MeetingId,
    ) -> StoreResult<LockedMeeting> {
        let meeting: LockedMeeting = sqlx::query_as(
            "UPDATE meetings SET cancelled = cancelled WHERE id = $1 AND cite_id = $2
             RETURNING committee_id, starts_at, cancelled",
        )
        .bind(id)
        .bind(cite_id)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or(StoreError::NotFound)?;
        if meeting.cancelled {
            return Err(refused("meeting", "Cette séance est annulée."));
        }
        Ok(meeting)
    }

    /// The latest revision of the minutes and its text.
    async fn last_minutes(
        tx: &mut sqlx::Transaction<'_, Db>,
        id: MeetingId,
    ) -> StoreResult<Option<(i32, String)>> {
        Ok(sqlx::query_as(
            "SELECT revision, body FROM meeting_minutes WHERE meeting_id = $1
             ORDER BY revision DESC LIMIT 1",
        )
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?)
    }
}

#[async_trait]
impl MeetingRecordStore for Backend {
    async fn invite_members(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: MeetingId,
    ) -> StoreResult<usize> {
        let cite_id = administered_cite(scope)?;
        let mut tx = self.begin_write().await?;
        let meeting = Self::lock_meeting(&mut tx, cite_id, id).await?;
        if !replies_open(meeting.starts_at, actor.at) {
            return Err(refused(
                "invite",
                "Cette séance a commencé : il n'est plus temps de convoquer.",
            ));
        }
        let invited = sqlx::query(
            "INSERT INTO meeting_invitations (meeting_id, member_id, invited_at)
             SELECT $1, m.id, $2 FROM committee_members m WHERE m.committee_id = $3
             ON CONFLICT (meeting_id, member_id) DO NOTHING",
        )
        .bind(id)
        .bind(actor.at)
        .bind(meeting.committee_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if invited == 0 {
            return Err(refused(
                "invite",
                "Tous les membres de l'instance sont déjà convoqués (ajoutez d'abord des membres).",
            ));
        }
        sqlx::query("UPDATE meetings SET invited_at = COALESCE(invited_at, $1) WHERE id = $2")
            .bind(actor.at)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        // The accounts of the members just invited: a member's own, or
        // those of a partner member in the Cité.
        let accounts: Vec<UserId> = sqlx::query_scalar(
            "SELECT DISTINCT COALESCE(m.user_id, ms.user_id)
             FROM meeting_invitations i
             JOIN committee_members m ON m.id = i.member_id
             LEFT JOIN memberships ms ON m.partner_id IS NOT NULL
                  AND ms.partner_id = m.partner_id AND ms.cite_id = $3
             WHERE i.meeting_id = $1 AND i.invited_at = $2
               AND COALESCE(m.user_id, ms.user_id) IS NOT NULL",
        )
        .bind(id)
        .bind(actor.at)
        .bind(cite_id)
        .fetch_all(&mut *tx)
        .await?;
        let notice = Notice {
            kind: NotificationKind::MeetingInvitation,
            path: format!("/seances/{id}"),
            about: format!("meeting:{id}"),
        };
        Self::notify_in(&mut tx, actor.at, &accounts, &notice).await?;
        let entry = AuditEntry::new("meeting.invite", "meeting", Some(id), Some(cite_id))
            .detail(format!("{invited} membre(s) convoqué(s)"));
        Self::commit_audited(tx, actor, &entry).await?;
        Ok(usize::try_from(invited).unwrap_or(usize::MAX))
    }

    async fn invitations(&self, scope: &Scope, id: MeetingId) -> StoreResult<Vec<InvitationRow>> {
        let reader = governance_reader(scope)?;
        self.visible_meeting(&reader, id).await?;
        Ok(sqlx::query_as(&format!(
            "SELECT i.id, i.member_id, m.user_id, m.partner_id,
                    COALESCE(u.name, p.name) AS name, up.name AS organisation, m.role,
                    i.reply, i.representative, i.replied_at, i.attendance
             FROM meeting_invitations i
             JOIN committee_members m ON m.id = i.member_id
             {MEMBER_JOINS}
             WHERE i.meeting_id = $1
             ORDER BY {MEMBER_ORDER}"
        ))
        .bind(id)
        .bind(reader.cite_id)
        .fetch_all(self.reader())
        .await?)
    }

    async fn committee_invitations(
        &self,
        scope: &Scope,
        id: CommitteeId,
    ) -> StoreResult<Vec<CommitteeInvitationRow>> {
        let reader = governance_reader(scope)?;
        self.visible_committee(&reader, id).await?;
        Ok(sqlx::query_as(&format!(
            "SELECT i.meeting_id, i.id, i.member_id, m.user_id, m.partner_id,
                    COALESCE(u.name, p.name) AS name, up.name AS organisation, m.role,
                    i.reply, i.representative, i.replied_at, i.attendance
             FROM meeting_invitations i
             JOIN meetings s ON s.id = i.meeting_id
             JOIN committee_members m ON m.id = i.member_id
             {MEMBER_JOINS}
             WHERE s.committee_id = $1 AND s.cite_id = $2
             ORDER BY {MEMBER_ORDER}, m.id, s.starts_at"
        ))
        .bind(id)
        .bind(reader.cite_id)
        .fetch_all(self.reader())
        .await?)
    }

    async fn reply_to_invitation(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: MeetingId,
        reply: &Reply,
    ) -> StoreResult<()> {
        // A meeting of a committee the reader does not sit in is NotFound,
        // not « not invited ».
        let reader = governance_reader(scope)?;
        self.visible_meeting(&reader, id).await?;
        let cite_id = reader.cite_id;
        let mut tx = self.begin_write().await?;
        let meeting = Self::lock_meeting(&mut tx, cite_id, id).await?;
        if !replies_open(meeting.starts_at, actor.at) {
            return Err(refused(
                "reply",
                "La séance a commencé : les réponses sont closes.",
            ));
        }
        // The account's own invitation first, else its partner's.
        let partner_id = match scope {
            Scope::Cite { partner_id, .. } => *partner_id,
            Scope::National { .. } => None,
        };
        let invitation: Option<(InvitationId, String)> = sqlx::query_as(
            "SELECT i.id, COALESCE(u.name, p.name) FROM meeting_invitations i
             JOIN committee_members m ON m.id = i.member_id
             LEFT JOIN users u ON u.id = m.user_id
             LEFT JOIN partners p ON p.id = m.partner_id
             WHERE i.meeting_id = $1 AND (m.user_id = $2 OR m.partner_id = $3)
             ORDER BY CASE WHEN m.user_id IS NULL THEN 1 ELSE 0 END
             LIMIT 1",
        )
        .bind(id)
        .bind(scope.user_id())
        .bind(partner_id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some((invitation_id, member)) = invitation else {
            return Err(refused("reply", "Vous n'êtes pas convoqué à cette séance."));
        };
        let representative = match reply {
            Reply::Represented { representative } => representative.as_str(),
            Reply::Coming | Reply::Excused => "",
        };
        sqlx::query(
            "UPDATE meeting_invitations
             SET reply = $1, representative = $2, replied_by = $3, replied_at = $4
             WHERE id = $5",
        )
        .bind(reply.kind())
        .bind(representative)
        .bind(actor.user_id)
        .bind(actor.at)
        .bind(invitation_id)
        .execute(&mut *tx)
        .await?;
        let entry = AuditEntry::new("meeting.reply", "meeting", Some(id), Some(cite_id))
            .detail(format!("{member} : {}", reply.label()));
        Self::commit_audited(tx, actor, &entry).await
    }

    async fn record_attendance(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: MeetingId,
        sheet: &[(InvitationId, Attendance)],
    ) -> StoreResult<()> {
        let cite_id = administered_cite(scope)?;
        let mut tx = self.begin_write().await?;
        let meeting = Self::lock_meeting(&mut tx, cite_id, id).await?;
        if !attendance_open(meeting.starts_at, actor.at) {
            return Err(refused(
                "attendance",
                "L'émargement s'ouvre le jour de la séance.",
            ));
        }
        for (invitation, attendance) in sheet {
            let noted = sqlx::query(
                "UPDATE meeting_invitations SET attendance = $1 WHERE id = $2 AND meeting_id = $3",
            )
            .bind(attendance)
            .bind(invitation)
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if noted == 0 {
                return Err(refused(
                    "attendance",
                    "Un membre de la feuille n'est pas convoqué à cette séance. Rechargez la page.",
                ));
            }
        }
        let present = sheet
            .iter()
            .filter(|(_, attendance)| attendance.counts_as_present())
            .count();
        let entry =
            AuditEntry::new("meeting.attendance", "meeting", Some(id), Some(cite_id)).detail(
                format!("{present} présent(s) ou représenté(s) sur {}", sheet.len()),
            );
        Self::commit_audited(tx, actor, &entry).await
    }

    async fn save_minutes(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: MeetingId,
        body: &str,
    ) -> StoreResult<i32> {
        let cite_id = administered_cite(scope)?;
        let mut tx = self.begin_write().await?;
        Self::lock_meeting(&mut tx, cite_id, id).await?;
        let last = Self::last_minutes(&mut tx, id).await?;
        if last.as_ref().is_some_and(|(_, text)| text == body) {
            return Err(refused(
                "body",
                "Ce texte est celui de la dernière révision : rien à enregistrer.",
            ));
        }
        let revision = last.map_or(1, |(revision, _)| revision + 1);
        sqlx::query(
            "INSERT INTO meeting_minutes (meeting_id, revision, body, written_by, written_at)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id)
        .bind(revision)
        .bind(body)
        .bind(actor.user_id)
        .bind(actor.at)
        .execute(&mut *tx)
        .await?;
        // The text itself stays out of the journal: a case review's
        // minutes speak of persons, under pseudonyms.
        let entry = AuditEntry::new("meeting.minutes_save", "meeting", Some(id), Some(cite_id))
            .detail(format!("révision {revision}"));
        Self::commit_audited(tx, actor, &entry).await?;
        Ok(revision)
    }

    async fn minutes_history(&self, scope: &Scope, id: MeetingId) -> StoreResult<Vec<MinutesRow>> {
        let cite_id = administered_cite(scope)?;
        self.visible_meeting(&governance_reader(scope)?, id).await?;
        Ok(sqlx::query_as(&format!(
            "{MINUTES_SELECT} WHERE mm.meeting_id = $1 AND s.cite_id = $2
             ORDER BY mm.revision DESC"
        ))
        .bind(id)
        .bind(cite_id)
        .fetch_all(self.reader())
        .await?)
    }

    async fn minutes(
        &self,
        scope: &Scope,
        id: MeetingId,
        revision: Option<i32>,
    ) -> StoreResult<Option<MinutesRow>> {
        let reader = governance_reader(scope)?;
        self.visible_meeting(&reader, id).await?;
        // The coordinator reads any revision; the members the published one.
        let which = match scope.role() {
            Role::Coordinateur => {
                "COALESCE($3, (SELECT MAX(revision) FROM meeting_minutes WHERE meeting_id = $1))"
            }
            _ => "s.minutes_published_revision AND COALESCE($3, mm.revision) = mm.revision",
        };
        Ok(sqlx::query_as(&format!(
            "{MINUTES_SELECT} WHERE mm.meeting_id = $1 AND s.cite_id = $2 AND mm.revision = {which}"
        ))
        .bind(id)
        .bind(reader.cite_id)
        .bind(revision)
        .fetch_optional(self.reader())
        .await?)
    }

    async fn publish_minutes(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: MeetingId,
        revision: i32,
    ) -> StoreResult<()> {
        let cite_id = administered_cite(scope)?;
        let mut tx = self.begin_write().await?;
        Self::lock_meeting(&mut tx, cite_id, id).await?;
        let latest = Self::last_minutes(&mut tx, id).await?.map(|(r, _)| r);
        match latest {
            None => {
                return Err(refused(
                    "publish",
                    "Rédigez le compte rendu avant de le publier.",
                ))
            }
            // Another save came in while the coordinator was reading.
            Some(latest) if latest != revision => {
                return Err(refused(
                    "publish",
                    "Une révision plus récente a été enregistrée : relisez-la avant de publier.",
                ))
            }
            Some(_) => {}
        }
        let published = sqlx::query(
            "UPDATE meetings SET minutes_published_revision = $1, minutes_published_at = $2
             WHERE id = $3
               AND (minutes_published_revision IS NULL OR minutes_published_revision <> $1)",
        )
        .bind(revision)
        .bind(actor.at)
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if published == 0 {
            return Err(refused("publish", "Cette révision est déjà publiée."));
        }
        let entry = AuditEntry::new(
            "meeting.minutes_publish",
            "meeting",
            Some(id),
            Some(cite_id),
        )
        .detail(format!("révision {revision}"));
        Self::commit_audited(tx, actor, &entry).await?;
        Ok(())
    }
}
