//! The decisions a meeting records and what is to follow it: read like
//! the meetings, written by the Cité's coordinators; a follow-up item is
//! also read and closed by its owner.

use crate::{Backend, Db};
use chrono::{DateTime, Datelike, Utc};
use maillage_domain::governance::decisions::DecisionNumber;
use maillage_domain::governance::follow_ups::{Closing, FollowUpDraft};
use maillage_domain::governance::{CommitteeKind, DecisionSubject, FollowUpStatus};
use maillage_domain::ids::{CiteId, DecisionId, FollowUpItemId, MeetingId, PartnerId, UserId};
use maillage_domain::time::in_paris;
use maillage_store::async_trait;
use maillage_store::governance::NewMember;
use maillage_store::governance_records::{CommitteeDecisionRow, FollowUpItemRow, SubjectChoice};
use maillage_store::{Actor, AuditEntry, CommitteeRecordStore, Scope, StoreError, StoreResult};

use super::administered_cite;
use super::calls::refused;
use super::governance::governance_reader;
use maillage_domain::accounts::Role;

const DECISION_SELECT: &str = "SELECT d.id, d.meeting_id, s.starts_at AS meeting_starts_at,
        c.name AS committee_name, d.year, d.kind, d.rank, d.text, d.subject_kind, d.subject_id,
        CASE d.subject_kind
            WHEN 'none' THEN NULL
            WHEN 'application' THEN
                (SELECT a.project_title FROM applications a WHERE a.id = d.subject_id)
            WHEN 'carry_over' THEN
                (SELECT r.decision FROM carry_overs r WHERE r.id = d.subject_id)
            ELSE (SELECT t.title FROM actions t WHERE t.id = d.subject_id)
        END AS subject_title
    FROM committee_decisions d
    JOIN meetings s ON s.id = d.meeting_id
    JOIN committees c ON c.id = s.committee_id";

const DECISION_ORDER: &str = "ORDER BY d.year DESC, d.kind, d.rank";

const ITEM_SELECT: &str = "SELECT i.id, i.meeting_id, s.starts_at AS meeting_starts_at,
        c.name AS committee_name, i.title, i.due_on, i.owner_user_id, i.owner_partner_id,
        COALESCE(u.name, p.name) AS owner_name, i.status, i.closing_note
    FROM follow_up_items i
    JOIN meetings s ON s.id = i.meeting_id
    JOIN committees c ON c.id = s.committee_id
    LEFT JOIN users u ON u.id = i.owner_user_id
    LEFT JOIN partners p ON p.id = i.owner_partner_id";

/// Open first, then by due date (none last).
const ITEM_ORDER: &str = "ORDER BY CASE i.status WHEN 'open' THEN 0 ELSE 1 END,
        CASE WHEN i.due_on IS NULL THEN 1 ELSE 0 END, i.due_on, i.id";

/// Whether the scope's account carries an item, itself or through its
/// partner.
fn owns(scope: &Scope, user: Option<UserId>, partner: Option<PartnerId>) -> bool {
    user == Some(scope.user_id()) || (partner.is_some() && partner == scope.partner_id())
}

impl Backend {
    /// The title of what a decision is tied to, if it is of the Cité
    /// (an application once submitted); `Some("")` without a subject.
    async fn subject_title(
        tx: &mut sqlx::Transaction<'_, Db>,
        cite_id: CiteId,
        subject: DecisionSubject,
    ) -> StoreResult<Option<String>> {
        let sql = match subject {
            DecisionSubject::None => return Ok(Some(String::new())),
            DecisionSubject::Application(_) => {
                "SELECT a.project_title FROM applications a JOIN calls c ON c.id = a.call_id
                 WHERE a.id = $1 AND c.cite_id = $2 AND a.status = 'submitted'"
            }
            DecisionSubject::ActionCreated(_) | DecisionSubject::ActionStopped(_) => {
                "SELECT title FROM actions WHERE id = $1 AND cite_id = $2"
            }
            DecisionSubject::CarryOver(_) => {
                "SELECT decision FROM carry_overs WHERE id = $1 AND cite_id = $2"
            }
        };
        Ok(sqlx::query_scalar(sql)
            .bind(subject.id())
            .bind(cite_id)
            .fetch_optional(&mut **tx)
            .await?)
    }

    /// Whether the scope reads the meeting (and so its follow-up items).
    async fn reads_meeting(&self, scope: &Scope, meeting: MeetingId) -> StoreResult<bool> {
        let Ok(reader) = governance_reader(scope) else {
            return Ok(false);
        };
        match self.visible_meeting(&reader, meeting).await {
            Ok(()) => Ok(true),
            Err(StoreError::NotFound) => Ok(false),
            Err(other) => Err(other),
        }
    }

    /// The name of an account or partner of the Cité, `None` otherwise.
    async fn owner_name(
        tx: &mut sqlx::Transaction<'_, Db>,
        cite_id: CiteId,
        owner: NewMember,
    ) -> StoreResult<Option<String>> {
        let (sql, id) = match owner {
            NewMember::Account(user) => (
                "SELECT u.name FROM users u JOIN memberships ms ON ms.user_id = u.id
                 WHERE u.id = $1 AND ms.cite_id = $2 AND u.active = TRUE",
                user.get(),
            ),
            NewMember::Partner(partner) => (
                "SELECT name FROM partners WHERE id = $1 AND cite_id = $2
                   AND archived_at IS NULL",
                partner.get(),
            ),
        };
        Ok(sqlx::query_scalar(sql)
            .bind(id)
            .bind(cite_id)
            .fetch_optional(&mut **tx)
            .await?)
    }
}

#[async_trait]
impl CommitteeRecordStore for Backend {
    async fn record_committee_decision(
        &self,
        actor: &Actor,
        scope: &Scope,
        meeting: MeetingId,
        text: &str,
        subject: DecisionSubject,
    ) -> StoreResult<(DecisionId, DecisionNumber)> {
        let cite_id = administered_cite(scope)?;
        let mut tx = self.begin_write().await?;
        Self::lock_meeting(&mut tx, cite_id, meeting).await?;
        let (starts_at, kind, cancelled): (DateTime<Utc>, CommitteeKind, bool) = sqlx::query_as(
            "SELECT s.starts_at, c.kind, s.cancelled
             FROM meetings s JOIN committees c ON c.id = s.committee_id
             WHERE s.id = $1 AND s.cite_id = $2",
        )
        .bind(meeting)
        .bind(cite_id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StoreError::NotFound)?;
        if cancelled {
            return Err(refused(
                "meeting",
                "Cette séance est annulée : elle ne prend pas de décision.",
            ));
        }
        let Some(title) = Self::subject_title(&mut tx, cite_id, subject).await? else {
            return Err(refused(
                "subject",
                "Choisissez une candidature déposée, une action ou un report de crédits de la Cité.",
            ));
        };
        // The Cité's committees of this kind, locked: two decisions of the
        // same kind never take the same rank (the UNIQUE constraint backs it).
        sqlx::query(
            "UPDATE committees SET updated_at = updated_at WHERE cite_id = $1 AND kind = $2",
        )
        .bind(cite_id)
        .bind(kind)
        .execute(&mut *tx)
        .await?;
        let year = in_paris(starts_at).year();
        let last: Option<i32> = sqlx::query_scalar(
            "SELECT MAX(rank) FROM committee_decisions
             WHERE cite_id = $1 AND year = $2 AND kind = $3",
        )
        .bind(cite_id)
        .bind(year)
        .bind(kind)
        .fetch_one(&mut *tx)
        .await?;
        let last = last.map(|rank| DecisionNumber {
            year,
            kind,
            rank: u32::try_from(rank).unwrap_or_default(),
        });
        let number = DecisionNumber::next(year, kind, last);
        let id: DecisionId = sqlx::query_scalar(
            "INSERT INTO committee_decisions (meeting_id, cite_id, year, kind, rank, text,
                                              subject_kind, subject_id, created_by, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
        )
        .bind(meeting)
        .bind(cite_id)
        .bind(year)
        .bind(kind)
        .bind(i32::try_from(number.rank).unwrap_or(i32::MAX))
        .bind(text)
        .bind(subject.code())
        .bind(subject.id())
        .bind(actor.user_id)
        .bind(actor.at)
        .fetch_one(&mut *tx)
        .await?;
        if let DecisionSubject::Application(application) = subject {
            // Its funding decision, when taken, points to this one.
            sqlx::query(
                "UPDATE application_decisions SET committee_decision_id = $1, updated_at = $2
                 WHERE application_id = $3",
            )
            .bind(id)
            .bind(actor.at)
            .bind(application)
            .execute(&mut *tx)
            .await?;
        }
        let detail = match title.is_empty() {
            true => number.to_string(),
            false => format!("{number} — {} : {title}", subject.label()),
        };
        let entry =
            AuditEntry::new("decision.record", "decision", Some(id), Some(cite_id)).detail(detail);
        Self::commit_audited(tx, actor, &entry).await?;
        Ok((id, number))
    }

    async fn meeting_decisions(
        &self,
        scope: &Scope,
        meeting: MeetingId,
    ) -> StoreResult<Vec<CommitteeDecisionRow>> {
        let reader = governance_reader(scope)?;
        self.visible_meeting(&reader, meeting).await?;
        let cite_id = reader.cite_id;
        Ok(sqlx::query_as(&format!(
            "{DECISION_SELECT} WHERE d.meeting_id = $1 AND d.cite_id = $2 {DECISION_ORDER}"
        ))
        .bind(meeting)
        .bind(cite_id)
        .fetch_all(self.reader())
        .await?)
    }

    async fn cite_decisions(
        &self,
        scope: &Scope,
        year: Option<i32>,
    ) -> StoreResult<Vec<CommitteeDecisionRow>> {
        let cite_id = governance_reader(scope)?.whole_cite()?;
        Ok(sqlx::query_as(&format!(
            "{DECISION_SELECT} WHERE d.cite_id = $1 AND ($2 IS NULL OR d.year = $2)
             {DECISION_ORDER}"
        ))
        .bind(cite_id)
        .bind(year)
        .fetch_all(self.reader())
        .await?)
    }

    async fn decision_years(&self, scope: &Scope) -> StoreResult<Vec<i32>> {
        let cite_id = governance_reader(scope)?.whole_cite()?;
        Ok(sqlx::query_scalar(
            "SELECT DISTINCT year FROM committee_decisions WHERE cite_id = $1 ORDER BY year DESC",
        )
        .bind(cite_id)
        .fetch_all(self.reader())
        .await?)
    }

    async fn decision_subjects(&self, scope: &Scope) -> StoreResult<Vec<SubjectChoice>> {
        let cite_id = administered_cite(scope)?;
        Ok(sqlx::query_as(
            "SELECT 'application' AS kind, a.id, a.project_title AS label
             FROM applications a JOIN calls c ON c.id = a.call_id
             WHERE c.cite_id = $1 AND a.status = 'submitted'
             UNION ALL
             SELECT 'action' AS kind, id, title AS label FROM actions WHERE cite_id = $1
             UNION ALL
             SELECT 'carry_over' AS kind, id, decision AS label FROM carry_overs
             WHERE cite_id = $1
             ORDER BY 1, 3, 2",
        )
        .bind(cite_id)
        .fetch_all(self.reader())
        .await?)
    }

    async fn add_follow_up_item(
        &self,
        actor: &Actor,
        scope: &Scope,
        meeting: MeetingId,
        draft: &FollowUpDraft,
        owner: NewMember,
    ) -> StoreResult<FollowUpItemId> {
        let cite_id = administered_cite(scope)?;
        let mut tx = self.begin_write().await?;
        Self::lock_meeting(&mut tx, cite_id, meeting).await?;
        let name = Self::owner_name(&mut tx, cite_id, owner)
            .await?
            .ok_or_else(|| refused("owner", "Choisissez un compte ou un partenaire de la Cité."))?;
        let (user, partner) = match owner {
            NewMember::Account(user) => (Some(user), None),
            NewMember::Partner(partner) => (None, Some(partner)),
        };
        let id: FollowUpItemId = sqlx::query_scalar(
            "INSERT INTO follow_up_items (meeting_id, cite_id, title, due_on, owner_user_id,
                                          owner_partner_id, created_by, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
        )
        .bind(meeting)
        .bind(cite_id)
        .bind(&draft.title)
        .bind(draft.due_on)
        .bind(user)
        .bind(partner)
        .bind(actor.user_id)
        .bind(actor.at)
        .fetch_one(&mut *tx)
        .await?;
        let entry = AuditEntry::new(
            "follow_up_item.add",
            "follow_up_item",
            Some(id),
            Some(cite_id),
        )
        .detail(format!("{} ({name})", draft.title));
        Self::commit_audited(tx, actor, &entry).await?;
        Ok(id)
    }

    async fn meeting_follow_ups(
        &self,
        scope: &Scope,
        meeting: MeetingId,
    ) -> StoreResult<Vec<FollowUpItemRow>> {
        let reader = governance_reader(scope)?;
        self.visible_meeting(&reader, meeting).await?;
        let cite_id = reader.cite_id;
        Ok(sqlx::query_as(&format!(
            "{ITEM_SELECT} WHERE i.meeting_id = $1 AND i.cite_id = $2 {ITEM_ORDER}"
        ))
        .bind(meeting)
        .bind(cite_id)
        .fetch_all(self.reader())
        .await?)
    }

    async fn cite_follow_ups(&self, scope: &Scope) -> StoreResult<Vec<FollowUpItemRow>> {
        let cite_id = governance_reader(scope)?.whole_cite()?;
        Ok(
            sqlx::query_as(&format!("{ITEM_SELECT} WHERE i.cite_id = $1 {ITEM_ORDER}"))
                .bind(cite_id)
                .fetch_all(self.reader())
                .await?,
        )
    }

    async fn my_follow_ups(&self, scope: &Scope) -> StoreResult<Vec<FollowUpItemRow>> {
        let Some(cite_id) = scope.cite_id() else {
            return Ok(Vec::new());
        };
        Ok(sqlx::query_as(&format!(
            "{ITEM_SELECT} WHERE i.cite_id = $1 AND i.status = 'open'
               AND (i.owner_user_id = $2 OR i.owner_partner_id = $3) {ITEM_ORDER}"
        ))
        .bind(cite_id)
        .bind(scope.user_id())
        .bind(scope.partner_id())
        .fetch_all(self.reader())
        .await?)
    }

    async fn follow_up_item(
        &self,
        scope: &Scope,
        id: FollowUpItemId,
    ) -> StoreResult<FollowUpItemRow> {
        let cite_id = scope.cite_id().ok_or(StoreError::NotFound)?;
        let row: FollowUpItemRow =
            sqlx::query_as(&format!("{ITEM_SELECT} WHERE i.id = $1 AND i.cite_id = $2"))
                .bind(id)
                .bind(cite_id)
                .fetch_optional(self.reader())
                .await?
                .ok_or(StoreError::NotFound)?;
        let reads = owns(scope, row.owner_user_id, row.owner_partner_id)
            || self.reads_meeting(scope, row.meeting_id).await?;
        reads.then_some(row).ok_or(StoreError::NotFound)
    }

    async fn close_follow_up_item(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: FollowUpItemId,
        closing: &Closing,
    ) -> StoreResult<()> {
        let cite_id = scope.cite_id().ok_or(StoreError::NotFound)?;
        let mut tx = self.begin_write().await?;
        let (meeting, status, user, partner, title): (
            MeetingId,
            FollowUpStatus,
            Option<UserId>,
            Option<PartnerId>,
            String,
        ) = sqlx::query_as(
            "UPDATE follow_up_items SET updated_at = $1 WHERE id = $2 AND cite_id = $3
             RETURNING meeting_id, status, owner_user_id, owner_partner_id, title",
        )
        .bind(actor.at)
        .bind(id)
        .bind(cite_id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StoreError::NotFound)?;
        let coordinates = scope.role() == Role::Coordinateur;
        if !coordinates && !owns(scope, user, partner) {
            // Rolled back before reading through another connection. A
            // reader of the item's meeting sees the item, may not close it.
            drop(tx);
            return Err(match self.reads_meeting(scope, meeting).await? {
                true => StoreError::Forbidden,
                false => StoreError::NotFound,
            });
        }
        if status != FollowUpStatus::Open {
            return Err(refused("status", "Cette suite est déjà close."));
        }
        sqlx::query(
            "UPDATE follow_up_items SET status = $1, closing_note = $2, closed_by = $3,
                    closed_at = $4
             WHERE id = $5",
        )
        .bind(closing.status)
        .bind(&closing.note)
        .bind(actor.user_id)
        .bind(actor.at)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        let entry = AuditEntry::new(
            "follow_up_item.close",
            "follow_up_item",
            Some(id),
            Some(cite_id),
        )
        .detail(format!("{title} : {}", closing.status.label()));
        Self::commit_audited(tx, actor, &entry).await
    }
}
