//! Governance's shared SQL: committees, their members and meetings, read
//! as [`GovernanceReader`] says, written by the Cité's coordinators.

use crate::{Backend, Db};
use chrono::{DateTime, Timelike, Utc};
use maillage_domain::governance::{CommitteeDraft, MeetingDraft, MemberRole};
use maillage_domain::ids::{CiteId, CommitteeId, CommitteeMemberId, MeetingId, PartnerId, UserId};
use maillage_store::async_trait;
use maillage_store::governance::{
    CiteGovernanceRow, CommitteeRow, MeetingRow, MemberRow, NewMember, PartnerAttendanceRow,
};
use maillage_store::{Actor, AuditEntry, GovernanceStore, Scope, StoreError, StoreResult};
use sqlx::QueryBuilder;

use super::administered_cite;
use super::calls::refused;
use maillage_domain::accounts::Role;

/// Who reads a Cité's governance, and how much of it: its coordinators,
/// co-pilots and référents read every committee; a porteur only those
/// where its partner or its own account sits, with their meetings. Every
/// read of a committee or a meeting pushes [`GovernanceReader::push_visible`]:
/// one predicate, written once.
#[derive(Clone, Copy)]
pub(super) struct GovernanceReader {
    pub(super) cite_id: CiteId,
    /// The account and its partner a committee must count among its
    /// members; `None` reads every committee of the Cité.
    member_filter: Option<(UserId, Option<PartnerId>)>,
}

impl GovernanceReader {
    /// What spans every committee of the Cité (its decisions register,
    /// its follow-up list, its partners' attendance): `NotFound` to a
    /// reader of some committees only.
    pub(super) fn whole_cite(&self) -> StoreResult<CiteId> {
        match self.member_filter {
            None => Ok(self.cite_id),
            Some(_) => Err(StoreError::NotFound),
        }
    }

    /// Pushes « the committee `c` is visible to this reader », binding its
    /// own values.
    pub(super) fn push_visible(&self, query: &mut QueryBuilder<'_, Db>) {
        query.push("c.cite_id = ").push_bind(self.cite_id);
        if let Some((user_id, partner_id)) = self.member_filter {
            query
                .push(
                    " AND EXISTS (SELECT 1 FROM committee_members cm
                     WHERE cm.committee_id = c.id AND (cm.user_id = ",
                )
                .push_bind(user_id)
                .push(" OR cm.partner_id = ")
                .push_bind(partner_id)
                .push("))");
        }
    }
}

/// The reader of the scope's governance; `NotFound` to the national team.
pub(super) fn governance_reader(scope: &Scope) -> StoreResult<GovernanceReader> {
    match *scope {
        Scope::Cite {
            cite_id,
            role: Role::Coordinateur | Role::Pilote | Role::Referent,
            ..
        } => Ok(GovernanceReader {
            cite_id,
            member_filter: None,
        }),
        Scope::Cite {
            cite_id,
            user_id,
            role: Role::Porteur,
            partner_id,
        } => Ok(GovernanceReader {
            cite_id,
            member_filter: Some((user_id, partner_id)),
        }),
        _ => Err(StoreError::NotFound),
    }
}

/// The reader of a calendar feed: the coordinator's carries every
/// committee, anyone else's only the committees they sit in.
pub(super) fn feed_reader(scope: &Scope) -> StoreResult<GovernanceReader> {
    let reader = governance_reader(scope)?;
    Ok(match scope.role() {
        Role::Coordinateur => reader,
        _ => GovernanceReader {
            member_filter: Some((scope.user_id(), scope.partner_id())),
            ..reader
        },
    })
}

/// The committees `reader` sees, with their next meeting from `now`; the
/// caller adds its conditions and order.
fn committees_query<'a>(reader: &GovernanceReader, now: DateTime<Utc>) -> QueryBuilder<'a, Db> {
    let mut query = QueryBuilder::new(
        "SELECT c.id, c.cite_id, c.kind, c.name, c.rrule, c.anchor,
            c.start_minute, c.duration_minutes, c.place,
            (SELECT COUNT(*) FROM committee_members m WHERE m.committee_id = c.id) AS members,
            (SELECT MIN(s.starts_at) FROM meetings s
             WHERE s.committee_id = c.id AND s.cancelled = FALSE AND s.starts_at >= ",
    );
    query
        .push_bind(now)
        .push(") AS next_meeting FROM committees c WHERE ");
    reader.push_visible(&mut query);
    query
}

/// The meetings `reader` sees; the caller adds its conditions and order.
fn meetings_query<'a>(reader: &GovernanceReader) -> QueryBuilder<'a, Db> {
    let mut query = QueryBuilder::new(MEETING_SELECT);
    query.push(" WHERE ");
    reader.push_visible(&mut query);
    query
}

/// A committee member's name (`u` the account, `p` the partner) and the
/// account's organisation in the Cité `$2` (`up`), from `m`.
pub(super) const MEMBER_JOINS: &str = "LEFT JOIN users u ON u.id = m.user_id
    LEFT JOIN partners p ON p.id = m.partner_id
    LEFT JOIN memberships ms ON ms.user_id = m.user_id AND ms.cite_id = $2
    LEFT JOIN partners up ON up.id = ms.partner_id";

/// Co-pilots first, then members, then guests; by name within each.
pub(super) const MEMBER_ORDER: &str =
    "CASE m.role WHEN 'co_pilot' THEN 0 WHEN 'member' THEN 1 ELSE 2 END, COALESCE(u.name, p.name)";

pub(super) const MEETING_SELECT: &str =
    "SELECT s.id, s.committee_id, s.cite_id, c.name AS committee_name,
        c.kind, s.starts_at, s.ends_at, s.place, s.video_url, s.cancelled, s.sequence,
        s.updated_at, s.invited_at, s.minutes_published_revision, s.minutes_published_at
    FROM meetings s JOIN committees c ON c.id = s.committee_id";

impl Backend {
    /// `NotFound` unless `reader` sees the committee.
    pub(super) async fn visible_committee(
        &self,
        reader: &GovernanceReader,
        id: CommitteeId,
    ) -> StoreResult<()> {
        let mut query = QueryBuilder::new("SELECT c.id FROM committees c WHERE c.id = ");
        query.push_bind(id).push(" AND ");
        reader.push_visible(&mut query);
        let found: Option<CommitteeId> = query
            .build_query_scalar()
            .fetch_optional(self.reader())
            .await?;
        found.map(|_| ()).ok_or(StoreError::NotFound)
    }

    /// `NotFound` unless `reader` sees the meeting.
    pub(super) async fn visible_meeting(
        &self,
        reader: &GovernanceReader,
        id: MeetingId,
    ) -> StoreResult<()> {
        let mut query = QueryBuilder::new(
            "SELECT s.id FROM meetings s JOIN committees c ON c.id = s.committee_id
             WHERE s.id = ",
        );
        query.push_bind(id).push(" AND ");
        reader.push_visible(&mut query);
        let found: Option<MeetingId> = query
            .build_query_scalar()
            .fetch_optional(self.reader())
            .await?;
        found.map(|_| ()).ok_or(StoreError::NotFound)
    }

    /// The meetings `reader` sees from `from` (until `until` if given), in
    /// order, at most `limit`.
    pub(super) async fn meetings_from(
        &self,
        reader: &GovernanceReader,
        from: DateTime<Utc>,
        until: Option<DateTime<Utc>>,
        limit: i64,
    ) -> StoreResult<Vec<MeetingRow>> {
        let mut query = meetings_query(reader);
        query.push(" AND s.starts_at >= ").push_bind(from);
        if let Some(until) = until {
            query.push(" AND s.starts_at < ").push_bind(until);
        }
        query.push(" ORDER BY s.starts_at LIMIT ").push_bind(limit);
        Ok(query.build_query_as().fetch_all(self.reader()).await?)
    }

    /// The committee of the coordinator's Cité, locked for a change.
    async fn lock_committee(
        tx: &mut sqlx::Transaction<'_, Db>,
        actor: &Actor,
        scope: &Scope,
        id: CommitteeId,
    ) -> StoreResult<(CiteId, String)> {
        let cite_id = administered_cite(scope)?;
        sqlx::query_as(
            "UPDATE committees SET updated_at = $1 WHERE id = $2 AND cite_id = $3
             RETURNING cite_id, name",
        )
        .bind(actor.at)
        .bind(id)
        .bind(cite_id)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or(StoreError::NotFound)
    }

    async fn insert_meeting(
        tx: &mut sqlx::Transaction<'_, Db>,
        actor: &Actor,
        cite_id: CiteId,
        id: CommitteeId,
        draft: &MeetingDraft,
    ) -> StoreResult<Option<MeetingId>> {
        Ok(sqlx::query_scalar(
            "INSERT INTO meetings (committee_id, cite_id, starts_at, ends_at, place, video_url,
                                   created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $7)
             ON CONFLICT (committee_id, starts_at) DO NOTHING RETURNING id",
        )
        .bind(id)
        .bind(cite_id)
        .bind(draft.starts_at)
        .bind(draft.ends_at)
        .bind(&draft.place)
        .bind(&draft.video_url)
        .bind(actor.at)
        .fetch_optional(&mut **tx)
        .await?)
    }
}

#[async_trait]
impl GovernanceStore for Backend {
    async fn create_committee(
        &self,
        actor: &Actor,
        scope: &Scope,
        draft: &CommitteeDraft,
    ) -> StoreResult<CommitteeId> {
        let cite_id = administered_cite(scope)?;
        let schedule = &draft.schedule;
        let start = schedule.start_time;
        let mut tx = self.begin_write().await?;
        let id: CommitteeId = sqlx::query_scalar(
            "INSERT INTO committees (cite_id, kind, name, rrule, anchor, start_minute,
                                     duration_minutes, place, created_by, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id",
        )
        .bind(cite_id)
        .bind(draft.kind)
        .bind(&draft.name)
        .bind(schedule.rhythm.to_rrule())
        .bind(schedule.anchor)
        .bind(i32::try_from(start.hour() * 60 + start.minute()).unwrap_or_default())
        .bind(i32::try_from(schedule.duration_minutes).unwrap_or(i32::MAX))
        .bind(&draft.place)
        .bind(actor.user_id)
        .bind(actor.at)
        .fetch_one(&mut *tx)
        .await?;
        let entry = AuditEntry::new("committee.create", "committee", Some(id), Some(cite_id))
            .detail(format!("{} — {}", draft.name, schedule.describe()));
        Self::commit_audited(tx, actor, &entry).await?;
        Ok(id)
    }

    async fn committees(
        &self,
        scope: &Scope,
        now: DateTime<Utc>,
    ) -> StoreResult<Vec<CommitteeRow>> {
        let mut query = committees_query(&governance_reader(scope)?, now);
        query.push(" ORDER BY c.name");
        Ok(query.build_query_as().fetch_all(self.reader()).await?)
    }

    async fn committee(
        &self,
        scope: &Scope,
        id: CommitteeId,
        now: DateTime<Utc>,
    ) -> StoreResult<CommitteeRow> {
        let mut query = committees_query(&governance_reader(scope)?, now);
        query.push(" AND c.id = ").push_bind(id);
        query
            .build_query_as()
            .fetch_optional(self.reader())
            .await?
            .ok_or(StoreError::NotFound)
    }

    async fn add_committee_member(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: CommitteeId,
        member: NewMember,
        role: MemberRole,
    ) -> StoreResult<CommitteeMemberId> {
        let mut tx = self.begin_write().await?;
        let (cite_id, committee) = Self::lock_committee(&mut tx, actor, scope, id).await?;
        // Only an account or a partner of the committee's own Cité.
        let (user_id, partner_id, name): (Option<i64>, Option<i64>, Option<String>) = match member {
            NewMember::Account(user) => {
                let name = sqlx::query_scalar(
                    "SELECT u.name FROM users u JOIN memberships ms ON ms.user_id = u.id
                     WHERE u.id = $1 AND ms.cite_id = $2 AND u.active = TRUE",
                )
                .bind(user)
                .bind(cite_id)
                .fetch_optional(&mut *tx)
                .await?;
                (Some(user.get()), None, name)
            }
            NewMember::Partner(partner) => {
                let name = sqlx::query_scalar(
                    "SELECT name FROM partners WHERE id = $1 AND cite_id = $2
                       AND archived_at IS NULL",
                )
                .bind(partner)
                .bind(cite_id)
                .fetch_optional(&mut *tx)
                .await?;
                (None, Some(partner.get()), name)
            }
        };
        let name = name.ok_or_else(|| {
            refused(
                "member",
                "Choisissez un compte ou un partenaire de la Cité.",
            )
        })?;
        let added: Option<CommitteeMemberId> = sqlx::query_scalar(
            "INSERT INTO committee_members (committee_id, user_id, partner_id, role, created_at)
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING id",
        )
        .bind(id)
        .bind(user_id)
        .bind(partner_id)
        .bind(role)
        .bind(actor.at)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(member_id) = added else {
            return Err(StoreError::Conflict {
                field: "member",
                message: format!("{name} est déjà membre de cette instance."),
            });
        };
        let entry = AuditEntry::new("committee.member_add", "committee", Some(id), Some(cite_id))
            .detail(format!("{committee} : {name} ({})", role.label()));
        Self::commit_audited(tx, actor, &entry).await?;
        Ok(member_id)
    }

    async fn committee_members(
        &self,
        scope: &Scope,
        id: CommitteeId,
    ) -> StoreResult<Vec<MemberRow>> {
        let reader = governance_reader(scope)?;
        // Through the committee: one not seen is NotFound, not empty.
        self.visible_committee(&reader, id).await?;
        Ok(sqlx::query_as(&format!(
            "SELECT m.id, m.user_id, m.partner_id, COALESCE(u.name, p.name) AS name,
                        up.name AS organisation, m.role
                 FROM committee_members m
                 {MEMBER_JOINS}
                 WHERE m.committee_id = $1
                 ORDER BY {MEMBER_ORDER}"
        ))
        .bind(id)
        .bind(reader.cite_id)
        .fetch_all(self.reader())
        .await?)
    }

    async fn plan_meetings(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: CommitteeId,
        times: &[(DateTime<Utc>, DateTime<Utc>)],
    ) -> StoreResult<usize> {
        let mut tx = self.begin_write().await?;
        let (cite_id, committee) = Self::lock_committee(&mut tx, actor, scope, id).await?;
        let place: String = sqlx::query_scalar("SELECT place FROM committees WHERE id = $1")
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
        let mut added = 0;
        for (starts_at, ends_at) in times {
            let draft = MeetingDraft {
                starts_at: *starts_at,
                ends_at: *ends_at,
                place: place.clone(),
                video_url: String::new(),
            };
            if Self::insert_meeting(&mut tx, actor, cite_id, id, &draft)
                .await?
                .is_some()
            {
                added += 1;
            }
        }
        let entry = AuditEntry::new("meeting.plan", "committee", Some(id), Some(cite_id))
            .detail(format!("{committee} : {added} séance(s) planifiée(s)"));
        Self::commit_audited(tx, actor, &entry).await?;
        Ok(added)
    }

    async fn add_meeting(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: CommitteeId,
        draft: &MeetingDraft,
    ) -> StoreResult<MeetingId> {
        let mut tx = self.begin_write().await?;
        let (cite_id, committee) = Self::lock_committee(&mut tx, actor, scope, id).await?;
        let meeting_id = Self::insert_meeting(&mut tx, actor, cite_id, id, draft)
            .await?
            .ok_or_else(|| StoreError::Conflict {
                field: "date",
                message: "Cette instance a déjà une séance à cette date et cette heure.".into(),
            })?;
        let entry = AuditEntry::new("meeting.add", "meeting", Some(meeting_id), Some(cite_id))
            .detail(committee);
        Self::commit_audited(tx, actor, &entry).await?;
        Ok(meeting_id)
    }

    async fn committee_meetings(
        &self,
        scope: &Scope,
        id: CommitteeId,
    ) -> StoreResult<Vec<MeetingRow>> {
        let reader = governance_reader(scope)?;
        self.visible_committee(&reader, id).await?;
        let mut query = meetings_query(&reader);
        query
            .push(" AND s.committee_id = ")
            .push_bind(id)
            .push(" ORDER BY s.starts_at");
        Ok(query.build_query_as().fetch_all(self.reader()).await?)
    }

    async fn upcoming_meetings(
        &self,
        scope: &Scope,
        from: DateTime<Utc>,
        limit: i64,
    ) -> StoreResult<Vec<MeetingRow>> {
        self.meetings_from(&governance_reader(scope)?, from, None, limit)
            .await
    }

    async fn meeting(&self, scope: &Scope, id: MeetingId) -> StoreResult<MeetingRow> {
        let mut query = meetings_query(&governance_reader(scope)?);
        query.push(" AND s.id = ").push_bind(id);
        query
            .build_query_as()
            .fetch_optional(self.reader())
            .await?
            .ok_or(StoreError::NotFound)
    }

    async fn partner_attendance(
        &self,
        scope: &Scope,
        since: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> StoreResult<Vec<PartnerAttendanceRow>> {
        let cite_id = governance_reader(scope)?.whole_cite()?;
        Ok(sqlx::query_as(
            "SELECT p.name AS partner, p.category,
                    COUNT(i.attendance) AS noted,
                    CAST(SUM(CASE WHEN i.attendance IN ('present', 'represented')
                                  THEN 1 ELSE 0 END) AS BIGINT) AS present
             FROM meetings s
             JOIN meeting_invitations i ON i.meeting_id = s.id
             JOIN committee_members m ON m.id = i.member_id
             LEFT JOIN memberships ms ON ms.user_id = m.user_id AND ms.cite_id = s.cite_id
             JOIN partners p ON p.id = COALESCE(m.partner_id, ms.partner_id)
             WHERE s.cite_id = $1 AND s.cancelled = FALSE
               AND s.starts_at >= $2 AND s.starts_at < $3
             GROUP BY p.id, p.name, p.category
             ORDER BY p.name",
        )
        .bind(cite_id)
        .bind(since)
        .bind(now)
        .fetch_all(self.reader())
        .await?)
    }

    async fn national_governance(
        &self,
        scope: &Scope,
        since: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> StoreResult<Vec<CiteGovernanceRow>> {
        if !matches!(scope, Scope::National { .. }) {
            return Err(StoreError::NotFound);
        }
        // One row a Cité; each count a correlated subquery on the Cité's
        // own indexes (meetings by Cité and start, invitations by meeting).
        Ok(sqlx::query_as(
            "SELECT c.id AS cite_id, c.name AS cite_name,
                (SELECT COUNT(*) FROM meetings s JOIN committees k ON k.id = s.committee_id
                 WHERE s.cite_id = c.id AND k.kind = 'copil' AND s.cancelled = FALSE
                   AND s.starts_at >= $1 AND s.starts_at < $2) AS copils_held,
                (SELECT COUNT(*) FROM meetings s
                 WHERE s.cite_id = c.id AND s.cancelled = FALSE
                   AND s.starts_at >= $1 AND s.starts_at < $2) AS meetings_held,
                (SELECT COUNT(DISTINCT p.category) FROM committee_members m
                 JOIN committees k ON k.id = m.committee_id
                 LEFT JOIN memberships ms ON ms.user_id = m.user_id AND ms.cite_id = k.cite_id
                 JOIN partners p ON p.id = COALESCE(m.partner_id, ms.partner_id)
                 WHERE k.cite_id = c.id) AS actor_types,
                (SELECT COUNT(i.attendance) FROM meeting_invitations i
                 JOIN meetings s ON s.id = i.meeting_id
                 WHERE s.cite_id = c.id AND s.starts_at >= $1 AND s.starts_at < $2)
                    AS attendance_noted,
                (SELECT COUNT(*) FROM meeting_invitations i
                 JOIN meetings s ON s.id = i.meeting_id
                 WHERE s.cite_id = c.id AND s.starts_at >= $1 AND s.starts_at < $2
                   AND i.attendance IN ('present', 'represented')) AS attendance_present
             FROM cites c
             WHERE c.archived_at IS NULL
             ORDER BY c.name",
        )
        .bind(since)
        .bind(now)
        .fetch_all(self.reader())
        .await?)
    }

    async fn cancel_meeting(&self, actor: &Actor, scope: &Scope, id: MeetingId) -> StoreResult<()> {
        let cite_id = administered_cite(scope)?;
        let mut tx = self.begin_write().await?;
        let cancelled: bool = sqlx::query_scalar(
            "UPDATE meetings SET updated_at = $1 WHERE id = $2 AND cite_id = $3
             RETURNING cancelled",
        )
        .bind(actor.at)
        .bind(id)
        .bind(cite_id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StoreError::NotFound)?;
        if cancelled {
            return Err(refused("meeting", "Cette séance est déjà annulée."));
        }
        sqlx::query("UPDATE meetings SET cancelled = TRUE, sequence = sequence + 1 WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let entry = AuditEntry::new("meeting.cancel", "meeting", Some(id), Some(cite_id));
        Self::commit_audited(tx, actor, &entry).await
    }
}
