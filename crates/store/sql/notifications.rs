//! Notifications (`maillage_store::notifications`).

use chrono::{DateTime, Duration, NaiveDate, Utc};
use maillage_domain::accounts::Role;
use maillage_domain::agreements::REPORT_NOTICE_DAYS;
use maillage_domain::follow_up::TodoKind;
use maillage_domain::ids::{CiteId, MeetingId, PartnerId, UserId};
use maillage_domain::mail::MailBody;
use maillage_domain::notifications::{Frequency, NotificationKind, CALL_CLOSING_NOTICE_DAYS};
use maillage_store::follow_up::TodoFilters;
use maillage_store::governance::MeetingRow;
use maillage_store::notifications::{Notice, NotificationStore, PendingNotification};
use maillage_store::{async_trait, Actor, AuditEntry, Scope, StoreResult};

use crate::{Backend, Db};

/// How many files « À faire » reads for one référent's daily look.
const DUE_PER_REFERENT: i64 = 500;

impl Backend {
    /// Records `notice` for `users`, in the transaction of the event it
    /// tells: each as they chose (nothing for « never », nor for an
    /// inactive account, nor twice about one thing).
    pub(crate) async fn notify_in(
        tx: &mut sqlx::Transaction<'_, Db>,
        at: DateTime<Utc>,
        users: &[UserId],
        notice: &Notice,
    ) -> StoreResult<usize> {
        let default = notice.kind.default_frequency();
        let mut recorded = 0;
        for user in users {
            recorded += sqlx::query(
                "INSERT INTO notifications (user_id, kind, path, about, frequency, created_at)
                 SELECT u.id, $2, $3, $4, COALESCE(np.frequency, $5), $6
                 FROM users u
                 LEFT JOIN notification_preferences np ON np.user_id = u.id AND np.kind = $2
                 WHERE u.id = $1 AND u.active AND COALESCE(np.frequency, $5) <> $7
                 ON CONFLICT (user_id, about) DO NOTHING",
            )
            .bind(user)
            .bind(notice.kind)
            .bind(&notice.path)
            .bind(&notice.about)
            .bind(default)
            .bind(at)
            .bind(Frequency::Never)
            .execute(&mut **tx)
            .await?
            .rows_affected();
        }
        Ok(usize::try_from(recorded).unwrap_or(usize::MAX))
    }

    /// The coordinators of a Cité, who decide its referrals and follow its calls.
    pub(crate) async fn coordinators_of(
        tx: &mut sqlx::Transaction<'_, Db>,
        cite_id: CiteId,
    ) -> StoreResult<Vec<UserId>> {
        Ok(sqlx::query_scalar(
            "SELECT user_id FROM memberships WHERE cite_id = $1 AND role = $2 ORDER BY user_id",
        )
        .bind(cite_id)
        .bind(Role::Coordinateur)
        .fetch_all(&mut **tx)
        .await?)
    }

    /// Each lead référent's checks and consents falling due, as « À faire »
    /// lists them (the rules stay there).
    async fn due_follow_ups(&self, today: NaiveDate) -> StoreResult<Vec<(UserId, Notice)>> {
        let leads: Vec<(UserId, CiteId, Role, Option<PartnerId>)> = sqlx::query_as(
            "SELECT DISTINCT p.lead_user_id, p.cite_id, m.role, m.partner_id
             FROM participants p
             JOIN memberships m ON m.user_id = p.lead_user_id AND m.cite_id = p.cite_id
             JOIN users u ON u.id = p.lead_user_id AND u.active
             JOIN cites c ON c.id = p.cite_id AND c.archived_at IS NULL
             WHERE p.status IN ('active', 'exited')
             ORDER BY p.lead_user_id, p.cite_id",
        )
        .fetch_all(self.reader())
        .await?;
        let mut notices = Vec::new();
        for (user_id, cite_id, role, partner_id) in leads {
            let scope = Scope::Cite {
                user_id,
                cite_id,
                role,
                partner_id,
            };
            let filters = TodoFilters {
                kind: None,
                lead_user_id: Some(user_id),
                partner_id: None,
                page: 0,
                per_page: DUE_PER_REFERENT,
            };
            for line in self.todo_lines(&scope, today, &filters).await? {
                let notice = match (line.kind, line.checkpoint, line.since) {
                    (TodoKind::Check, Some(checkpoint), _) => Notice {
                        kind: NotificationKind::CheckDue,
                        path: format!("/a-faire?genre=bilan&referent={user_id}"),
                        about: format!("check:{}:{}", line.id, checkpoint.code()),
                    },
                    (TodoKind::Consent, _, Some(given_on)) => Notice {
                        kind: NotificationKind::ConsentToRenew,
                        path: format!("/a-faire?genre=consentement&referent={user_id}"),
                        about: format!("consent:{}:{given_on}", line.id),
                    },
                    _ => continue,
                };
                notices.push((user_id, notice));
            }
        }
        Ok(notices)
    }

    /// Bilans awaited within the notice period or late, for the porteurs
    /// of the funded partner; calls closing within the week, for the
    /// coordinators.
    async fn due_deadlines(&self, today: NaiveDate) -> StoreResult<Vec<(UserId, Notice)>> {
        let reports: Vec<(UserId, i64, i32)> = sqlx::query_as(
            "SELECT m.user_id, r.id, r.year
             FROM reports r
             JOIN agreements a ON a.id = r.agreement_id
             JOIN applications ap ON ap.id = a.application_id
             JOIN memberships m ON m.cite_id = r.cite_id AND m.partner_id = ap.partner_id
                  AND m.role = $1
             WHERE r.received_on IS NULL AND r.due_on <= $2
             ORDER BY m.user_id, r.id",
        )
        .bind(Role::Porteur)
        .bind(today + Duration::days(REPORT_NOTICE_DAYS))
        .fetch_all(self.reader())
        .await?;
        let calls: Vec<(UserId, i64)> = sqlx::query_as(
            "SELECT m.user_id, c.id
             FROM calls c
             JOIN memberships m ON m.cite_id = c.cite_id AND m.role = $1
             WHERE c.status = 'published' AND c.deadline >= $2 AND c.deadline <= $3
             ORDER BY m.user_id, c.id",
        )
        .bind(Role::Coordinateur)
        .bind(maillage_domain::time::paris_midnight(today))
        .bind(maillage_domain::time::paris_midnight(
            today + Duration::days(CALL_CLOSING_NOTICE_DAYS + 1),
        ))
        .fetch_all(self.reader())
        .await?;
        let reports = reports.into_iter().map(|(user_id, id, year)| {
            let notice = Notice {
                kind: NotificationKind::BilanDue,
                path: format!("/bilans/{id}"),
                about: format!("report:{id}:{year}"),
            };
            (user_id, notice)
        });
        let calls = calls.into_iter().map(|(user_id, id)| {
            let notice = Notice {
                kind: NotificationKind::CallClosing,
                path: format!("/appels/{id}"),
                about: format!("call-closing:{id}"),
            };
            (user_id, notice)
        });
        Ok(reports.chain(calls).collect())
    }
}

#[async_trait]
impl NotificationStore for Backend {
    async fn notification_preferences(
        &self,
        user_id: UserId,
    ) -> StoreResult<Vec<(NotificationKind, Frequency)>> {
        Ok(sqlx::query_as(
            "SELECT kind, frequency FROM notification_preferences WHERE user_id = $1",
        )
        .bind(user_id)
        .fetch_all(self.reader())
        .await?)
    }

    async fn set_notification_preferences(
        &self,
        actor: &Actor,
        user_id: UserId,
        choices: &[(NotificationKind, Frequency)],
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("DELETE FROM notification_preferences WHERE user_id = $1")
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        for (kind, frequency) in choices {
            sqlx::query(
                "INSERT INTO notification_preferences (user_id, kind, frequency)
                 VALUES ($1, $2, $3)",
            )
            .bind(user_id)
            .bind(kind)
            .bind(frequency)
            .execute(&mut *tx)
            .await?;
        }
        let entry = AuditEntry::new("account.notifications", "user", Some(user_id), None);
        Self::commit_audited(tx, actor, &entry).await
    }

    async fn due_notices(&self, today: NaiveDate) -> StoreResult<Vec<(UserId, Notice)>> {
        let mut notices = self.due_follow_ups(today).await?;
        notices.extend(self.due_deadlines(today).await?);
        Ok(notices)
    }

    async fn notify(&self, at: DateTime<Utc>, notices: &[(UserId, Notice)]) -> StoreResult<usize> {
        let mut tx = self.begin_write().await?;
        let mut recorded = 0;
        for (user, notice) in notices {
            recorded += Self::notify_in(&mut tx, at, &[*user], notice).await?;
        }
        tx.commit().await?;
        Ok(recorded)
    }

    async fn pending_notifications(
        &self,
        frequency: Frequency,
        before: Option<DateTime<Utc>>,
        limit: i64,
    ) -> StoreResult<Vec<PendingNotification>> {
        Ok(sqlx::query_as(
            "SELECT n.id, n.user_id, u.email, n.kind, n.path, n.about
             FROM notifications n JOIN users u ON u.id = n.user_id AND u.active
             WHERE n.outbox_id IS NULL AND n.frequency = $1
               AND ($2 IS NULL OR n.created_at < $2)
             ORDER BY n.user_id, n.id
             LIMIT $3",
        )
        .bind(frequency)
        .bind(before)
        .bind(limit)
        .fetch_all(self.reader())
        .await?)
    }

    async fn queue_notification_mail(
        &self,
        ids: &[i64],
        to: &str,
        kind: &str,
        mail: &MailBody,
        calendar: Option<&str>,
        at: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let mut tx = self.begin_write().await?;
        let outbox_id: i64 = sqlx::query_scalar(
            "INSERT INTO outbox
                 (kind, to_address, subject, body, calendar, created_at, next_attempt_at)
             VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
        )
        .bind(kind)
        .bind(to)
        .bind(&mail.subject)
        .bind(&mail.text)
        .bind(calendar)
        .bind(at)
        .fetch_one(&mut *tx)
        .await?;
        for id in ids {
            // Told by another worker meanwhile: this message is dropped.
            let marked = sqlx::query(
                "UPDATE notifications SET outbox_id = $1 WHERE id = $2 AND outbox_id IS NULL",
            )
            .bind(outbox_id)
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if marked == 0 {
                tx.rollback().await?;
                return Ok(false);
            }
        }
        tx.commit().await?;
        Ok(true)
    }

    async fn invited_meeting(&self, id: MeetingId) -> StoreResult<Option<MeetingRow>> {
        Ok(sqlx::query_as(&format!(
            "{} WHERE s.id = $1",
            super::governance::MEETING_SELECT
        ))
        .bind(id)
        .fetch_optional(self.reader())
        .await?)
    }
}
