//! The instruction's shared SQL: the grid, the reviewers and the reviews.
//! Who reads which score is decided here, in the queries, not by the pages
//! (see `maillage_store::reviews`).

use crate::{Backend, Db};
use chrono::{DateTime, Utc};
use maillage_domain::accounts::Role;
use maillage_domain::calls::review::{check_conflict, Criterion, ReviewDraft};
use maillage_domain::calls::CallStatus;
use maillage_domain::ids::{ApplicationId, CallId, CiteId, PartnerId, UserId};
use maillage_store::async_trait;
use maillage_store::reviews::{CriterionRow, ReviewRow, ReviewerRow};
use maillage_store::{Actor, AuditEntry, CallStore, ReviewStore, Scope, StoreError, StoreResult};

use super::calls::{refused, reviewer_cite};

/// Is `user` a reviewer of the call? As SQL, the call being `a.call_id`.
pub(super) const DESIGNATED: &str =
    "EXISTS (SELECT 1 FROM call_reviewers cr WHERE cr.call_id = a.call_id AND cr.user_id = ";

const REVIEWER_COLUMNS: &str = "u.id AS user_id, u.name, m.role, m.partner_id,
    p.name AS partner_name
    FROM memberships m JOIN users u ON u.id = m.user_id
    LEFT JOIN partners p ON p.id = m.partner_id";

/// A review as read, one row per score (none for a blank draft).
#[derive(sqlx::FromRow)]
struct ScoreLine {
    application_id: ApplicationId,
    reviewer_id: UserId,
    reviewer_name: String,
    comment: String,
    submitted_at: Option<DateTime<Utc>>,
    position: Option<i32>,
    score: Option<i32>,
}

/// Gathers each review's scores in the grid's `width` positions.
fn gathered(lines: Vec<ScoreLine>, width: usize) -> Vec<ReviewRow> {
    let mut reviews: Vec<ReviewRow> = Vec::new();
    for line in lines {
        let same = reviews.last().is_some_and(|r| {
            r.application_id == line.application_id && r.reviewer_id == line.reviewer_id
        });
        if !same {
            reviews.push(ReviewRow {
                application_id: line.application_id,
                reviewer_id: line.reviewer_id,
                reviewer_name: line.reviewer_name,
                comment: line.comment,
                submitted_at: line.submitted_at,
                scores: vec![None; width],
            });
        }
        if let (Some(review), Some(position), Some(score)) =
            (reviews.last_mut(), line.position, line.score)
        {
            if let Some(slot) = usize::try_from(position)
                .ok()
                .and_then(|at| review.scores.get_mut(at))
            {
                *slot = Some(score);
            }
        }
    }
    reviews
}

impl Backend {
    /// Is `user_id` a reviewer of `call_id`?
    pub(super) async fn designated(&self, call_id: CallId, user_id: UserId) -> StoreResult<bool> {
        let found: Option<i64> = sqlx::query_scalar(
            "SELECT user_id FROM call_reviewers WHERE call_id = $1 AND user_id = $2",
        )
        .bind(call_id)
        .bind(user_id)
        .fetch_optional(self.reader())
        .await?;
        Ok(found.is_some())
    }

    /// The call's status, the coordinator's Cité's, locked.
    async fn lock_call_status(
        tx: &mut sqlx::Transaction<'_, Db>,
        actor: &Actor,
        cite_id: CiteId,
        call_id: CallId,
    ) -> StoreResult<CallStatus> {
        sqlx::query_scalar(
            "UPDATE calls SET updated_at = $1 WHERE id = $2 AND cite_id = $3 RETURNING status",
        )
        .bind(actor.at)
        .bind(call_id)
        .bind(cite_id)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or(StoreError::NotFound)
    }
}

#[async_trait]
impl ReviewStore for Backend {
    async fn criteria(&self, scope: &Scope, call_id: CallId) -> StoreResult<Vec<CriterionRow>> {
        let call = self.call(scope, call_id).await?;
        Ok(sqlx::query_as(
            "SELECT position, label, weight, max_score FROM call_criteria
             WHERE call_id = $1 ORDER BY position",
        )
        .bind(call.id)
        .fetch_all(self.reader())
        .await?)
    }

    async fn set_criteria(
        &self,
        actor: &Actor,
        scope: &Scope,
        call_id: CallId,
        criteria: &[Criterion],
    ) -> StoreResult<()> {
        let cite_id = crate::sql::administered_cite(scope)?;
        let mut tx = self.begin_write().await?;
        let status = Self::lock_call_status(&mut tx, actor, cite_id, call_id).await?;
        status
            .check_grid_change()
            .map_err(|message| refused("criteria", message))?;
        sqlx::query("DELETE FROM call_criteria WHERE call_id = $1")
            .bind(call_id)
            .execute(&mut *tx)
            .await?;
        for (position, criterion) in (0i32..).zip(criteria) {
            sqlx::query(
                "INSERT INTO call_criteria (call_id, position, label, weight, max_score)
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(call_id)
            .bind(position)
            .bind(&criterion.label)
            .bind(criterion.weight)
            .bind(criterion.max_score)
            .execute(&mut *tx)
            .await?;
        }
        let detail = criteria
            .iter()
            .map(|c| format!("{} (×{}, /{})", c.label, c.weight, c.max_score))
            .collect::<Vec<_>>()
            .join(" ; ");
        let entry =
            AuditEntry::new("call.grid", "call", Some(call_id), Some(cite_id)).detail(detail);
        Self::commit_audited(tx, actor, &entry).await
    }

    async fn reviewers(&self, scope: &Scope, call_id: CallId) -> StoreResult<Vec<ReviewerRow>> {
        let cite_id = reviewer_cite(scope).ok_or(StoreError::NotFound)?;
        let call = self.call(scope, call_id).await?;
        Ok(sqlx::query_as(&format!(
            "SELECT {REVIEWER_COLUMNS}
             JOIN call_reviewers r ON r.user_id = u.id AND r.call_id = $1
             WHERE m.cite_id = $2 ORDER BY u.name, u.id"
        ))
        .bind(call.id)
        .bind(cite_id)
        .fetch_all(self.reader())
        .await?)
    }

    async fn reviewer_candidates(
        &self,
        scope: &Scope,
        call_id: CallId,
    ) -> StoreResult<Vec<ReviewerRow>> {
        let cite_id = crate::sql::administered_cite(scope)?;
        let call = self.call(scope, call_id).await?;
        Ok(sqlx::query_as(&format!(
            "SELECT {REVIEWER_COLUMNS}
             WHERE m.cite_id = $1 AND m.role <> $2 AND u.active
                 AND NOT EXISTS (SELECT 1 FROM call_reviewers r
                                 WHERE r.call_id = $3 AND r.user_id = u.id)
             ORDER BY u.name, u.id"
        ))
        .bind(cite_id)
        .bind(Role::Porteur)
        .bind(call.id)
        .fetch_all(self.reader())
        .await?)
    }

    async fn add_reviewer(
        &self,
        actor: &Actor,
        scope: &Scope,
        call_id: CallId,
        user_id: UserId,
    ) -> StoreResult<()> {
        let cite_id = crate::sql::administered_cite(scope)?;
        let mut tx = self.begin_write().await?;
        let status = Self::lock_call_status(&mut tx, actor, cite_id, call_id).await?;
        status
            .check_reviewer_change()
            .map_err(|message| refused("user_id", message))?;
        let member: Option<String> = sqlx::query_scalar(
            "SELECT u.name FROM memberships m JOIN users u ON u.id = m.user_id
             WHERE m.user_id = $1 AND m.cite_id = $2 AND m.role <> $3 AND u.active",
        )
        .bind(user_id)
        .bind(cite_id)
        .bind(Role::Porteur)
        .fetch_optional(&mut *tx)
        .await?;
        let name = member.ok_or_else(|| {
            refused(
                "user_id",
                "Choisissez un membre actif de la Cité qui n'est pas porteur de projet.",
            )
        })?;
        sqlx::query(
            "INSERT INTO call_reviewers (call_id, user_id, created_at) VALUES ($1, $2, $3)
             ON CONFLICT DO NOTHING",
        )
        .bind(call_id)
        .bind(user_id)
        .bind(actor.at)
        .execute(&mut *tx)
        .await?;
        let entry =
            AuditEntry::new("call.reviewer", "call", Some(call_id), Some(cite_id)).detail(name);
        Self::commit_audited(tx, actor, &entry).await
    }

    async fn is_reviewer(&self, scope: &Scope, call_id: CallId) -> StoreResult<bool> {
        let call = self.call(scope, call_id).await?;
        self.designated(call.id, scope.user_id()).await
    }

    async fn save_review(
        &self,
        actor: &Actor,
        scope: &Scope,
        application_id: ApplicationId,
        review: &ReviewDraft,
    ) -> StoreResult<()> {
        let cite_id = scope.cite_id().ok_or(StoreError::NotFound)?;
        let reviewer = scope.user_id();
        let mut tx = self.begin_write().await?;
        // The application, locked, if the scope reviews its call.
        let found: Option<(CallId, PartnerId)> = sqlx::query_as(
            "UPDATE applications SET updated_at = $1
             WHERE id = $2 AND cite_id = $3 AND status = 'submitted'
                 AND EXISTS (SELECT 1 FROM call_reviewers cr
                             WHERE cr.call_id = applications.call_id AND cr.user_id = $4)
             RETURNING call_id, partner_id",
        )
        .bind(actor.at)
        .bind(application_id)
        .bind(cite_id)
        .bind(reviewer)
        .fetch_optional(&mut *tx)
        .await?;
        let (call_id, partner_id) = found.ok_or(StoreError::NotFound)?;
        let status: CallStatus = sqlx::query_scalar("SELECT status FROM calls WHERE id = $1")
            .bind(call_id)
            .fetch_one(&mut *tx)
            .await?;
        status
            .check_scoring()
            .map_err(|message| refused("scores", message))?;
        check_conflict(scope.partner_id(), partner_id)
            .map_err(|message| refused("scores", message))?;
        let width: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM call_criteria WHERE call_id = $1")
                .bind(call_id)
                .fetch_one(&mut *tx)
                .await?;
        if usize::try_from(width).ok() != Some(review.scores.len()) {
            return Err(refused("scores", "La grille a changé : rechargez la page."));
        }
        let submitted: Option<Option<DateTime<Utc>>> = sqlx::query_scalar(
            "SELECT submitted_at FROM application_reviews
             WHERE application_id = $1 AND reviewer_id = $2",
        )
        .bind(application_id)
        .bind(reviewer)
        .fetch_optional(&mut *tx)
        .await?;
        if submitted.flatten().is_some() {
            return Err(refused(
                "scores",
                "Cette évaluation est rendue : elle ne se modifie plus.",
            ));
        }
        sqlx::query(
            "INSERT INTO application_reviews (application_id, reviewer_id, comment, submitted_at,
                                              created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $5)
             ON CONFLICT (application_id, reviewer_id)
             DO UPDATE SET comment = $3, submitted_at = $4, updated_at = $5",
        )
        .bind(application_id)
        .bind(reviewer)
        .bind(&review.comment)
        .bind(review.submit.then_some(actor.at))
        .bind(actor.at)
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM review_scores WHERE application_id = $1 AND reviewer_id = $2")
            .bind(application_id)
            .bind(reviewer)
            .execute(&mut *tx)
            .await?;
        for (position, score) in (0i32..).zip(&review.scores) {
            let Some(score) = score else { continue };
            sqlx::query(
                "INSERT INTO review_scores (application_id, reviewer_id, position, score)
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(application_id)
            .bind(reviewer)
            .bind(position)
            .bind(*score)
            .execute(&mut *tx)
            .await?;
        }
        let action = match review.submit {
            true => "application.review_submit",
            false => "application.review_draft",
        };
        let entry = AuditEntry::new(action, "application", Some(application_id), Some(cite_id));
        Self::commit_audited(tx, actor, &entry).await
    }

    async fn reviews(&self, scope: &Scope, call_id: CallId) -> StoreResult<Vec<ReviewRow>> {
        let call = self.call(scope, call_id).await?;
        let designated = self.designated(call.id, scope.user_id()).await?;
        let manages = reviewer_cite(scope).is_some();
        if !designated && !manages {
            return Err(StoreError::NotFound);
        }
        // A reviewer reads the others' submitted reviews of an application
        // only once its own is submitted; a coordinator or co-pilot who does
        // not review the call reads every submitted review.
        let lines: Vec<ScoreLine> = sqlx::query_as(
            "SELECT r.application_id, r.reviewer_id, u.name AS reviewer_name, r.comment,
                    r.submitted_at, s.position, s.score
             FROM application_reviews r
             JOIN applications a ON a.id = r.application_id
             JOIN users u ON u.id = r.reviewer_id
             LEFT JOIN review_scores s
                 ON s.application_id = r.application_id AND s.reviewer_id = r.reviewer_id
             WHERE a.call_id = $1 AND a.cite_id = $2 AND a.status = 'submitted'
                 AND (r.reviewer_id = $3
                      OR (r.submitted_at IS NOT NULL
                          AND ($4 OR EXISTS (
                              SELECT 1 FROM application_reviews mine
                              WHERE mine.application_id = r.application_id
                                  AND mine.reviewer_id = $3
                                  AND mine.submitted_at IS NOT NULL))))
             ORDER BY r.application_id, u.name, r.reviewer_id, s.position",
        )
        .bind(call.id)
        .bind(call.cite_id)
        .bind(scope.user_id())
        .bind(manages && !designated)
        .fetch_all(self.reader())
        .await?;
        let width: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM call_criteria WHERE call_id = $1")
                .bind(call.id)
                .fetch_one(self.reader())
                .await?;
        Ok(gathered(lines, usize::try_from(width).unwrap_or(0)))
    }
}
