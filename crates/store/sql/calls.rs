//! Calls for projects and applications, shared SQL. Each change locks its
//! row first with an `UPDATE … RETURNING` (a row lock on PostgreSQL, the
//! write lock on SQLite), reads what the rule needs inside the same
//! transaction and lets the domain decide.

use crate::{Backend, Db};
use chrono::{DateTime, Utc};
use maillage_domain::accounts::Role;
use maillage_domain::calls::{
    check_extension, check_submission, ApplicationDraft, CallDraft, CallStatus, Extension,
};
use maillage_domain::ids::{ApplicationId, CallId, CiteId};
use maillage_domain::time::in_paris;
use maillage_store::async_trait;
use maillage_store::calls::{Application, ApplicationRow, CallRow};
use maillage_store::{Actor, AuditEntry, CallStore, Scope, StoreError, StoreResult};

use super::applications::applicant;
use super::reviews::DESIGNATED;

const CALL_COLUMNS: &str = "c.id, c.cite_id, t.name AS cite_name, c.title, c.text, c.axes,
    c.thematics, c.total_cents, c.yearly_cents, c.years, c.opens_on, c.deadline, c.status
    FROM calls c JOIN cites t ON t.id = c.cite_id";

const APPLICATION_COLUMNS: &str = "a.id, a.call_id, c.title AS call_title, a.partner_id,
    p.name AS partner_name, a.project_title, a.summary, a.target_public, a.qpv_ids, a.axis,
    a.thematics, a.expected_participants, a.starts_on, a.ends_on, a.asked_cents, a.status,
    a.submitted_at
    FROM applications a JOIN calls c ON c.id = a.call_id JOIN partners p ON p.id = a.partner_id";

/// The Cité whose calls and submitted applications the scope reads in
/// full: its coordinators' and co-pilots'.
pub(super) fn reviewer_cite(scope: &Scope) -> Option<CiteId> {
    match scope {
        Scope::Cite {
            cite_id,
            role: Role::Coordinateur | Role::Pilote,
            ..
        } => Some(*cite_id),
        _ => None,
    }
}

pub(super) fn refused(field: &'static str, message: impl Into<String>) -> StoreError {
    StoreError::Invalid {
        field,
        message: message.into(),
    }
}

fn paris(at: DateTime<Utc>) -> String {
    in_paris(at).format("%d/%m/%Y %H:%M").to_string()
}

pub(super) fn joined<T: ToString>(items: impl IntoIterator<Item = T>, separator: &str) -> String {
    items
        .into_iter()
        .map(|item| item.to_string())
        .collect::<Vec<_>>()
        .join(separator)
}

impl Backend {
    /// Locks a call of `cite_id`: its status and deadline.
    async fn lock_call(
        tx: &mut sqlx::Transaction<'_, Db>,
        actor: &Actor,
        cite_id: CiteId,
        call_id: CallId,
    ) -> StoreResult<(CallStatus, DateTime<Utc>)> {
        sqlx::query_as(
            "UPDATE calls SET updated_at = $1 WHERE id = $2 AND cite_id = $3
             RETURNING status, deadline",
        )
        .bind(actor.at)
        .bind(call_id)
        .bind(cite_id)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or(StoreError::NotFound)
    }

    async fn write_call(
        tx: &mut sqlx::Transaction<'_, Db>,
        actor: &Actor,
        call_id: CallId,
        call: &CallDraft,
    ) -> StoreResult<()> {
        sqlx::query(
            "UPDATE calls SET title = $1, text = $2, axes = $3, thematics = $4, total_cents = $5,
                 yearly_cents = $6, years = $7, opens_on = $8, deadline = $9, updated_at = $10
             WHERE id = $11",
        )
        .bind(&call.title)
        .bind(&call.text)
        .bind(joined(call.axes.iter().map(|a| a.code()), ","))
        .bind(call.thematics.join(" "))
        .bind(call.total_cents)
        .bind(call.yearly_cents)
        .bind(call.years)
        .bind(call.opens_on)
        .bind(call.deadline)
        .bind(actor.at)
        .bind(call_id)
        .execute(&mut **tx)
        .await?;
        Ok(())
    }
}

#[async_trait]
impl CallStore for Backend {
    async fn create_call(
        &self,
        actor: &Actor,
        scope: &Scope,
        call: &CallDraft,
    ) -> StoreResult<CallId> {
        let cite_id = crate::sql::administered_cite(scope)?;
        let mut tx = self.begin_write().await?;
        let id: CallId = sqlx::query_scalar(
            "INSERT INTO calls (cite_id, title, text, total_cents, yearly_cents, years, opens_on,
                                deadline, status, created_at, updated_at)
             VALUES ($1, '', '', 1, 1, 1, $2, $3, 'draft', $4, $4) RETURNING id",
        )
        .bind(cite_id)
        .bind(call.opens_on)
        .bind(call.deadline)
        .bind(actor.at)
        .fetch_one(&mut *tx)
        .await?;
        Self::write_call(&mut tx, actor, id, call).await?;
        let entry =
            AuditEntry::new("call.create", "call", Some(id), Some(cite_id)).detail(&call.title);
        Self::commit_audited(tx, actor, &entry).await?;
        Ok(id)
    }

    async fn update_call(
        &self,
        actor: &Actor,
        scope: &Scope,
        call_id: CallId,
        call: &CallDraft,
    ) -> StoreResult<()> {
        let cite_id = crate::sql::administered_cite(scope)?;
        let mut tx = self.begin_write().await?;
        let (status, _) = Self::lock_call(&mut tx, actor, cite_id, call_id).await?;
        if !status.is_editable() {
            return Err(refused(
                "title",
                "Un appel publié ne se modifie plus : prorogez sa date limite si besoin.",
            ));
        }
        Self::write_call(&mut tx, actor, call_id, call).await?;
        let entry = AuditEntry::new("call.update", "call", Some(call_id), Some(cite_id))
            .detail(&call.title);
        Self::commit_audited(tx, actor, &entry).await
    }

    async fn set_call_status(
        &self,
        actor: &Actor,
        scope: &Scope,
        call_id: CallId,
        to: CallStatus,
    ) -> StoreResult<()> {
        let cite_id = crate::sql::administered_cite(scope)?;
        let mut tx = self.begin_write().await?;
        let (status, _) = Self::lock_call(&mut tx, actor, cite_id, call_id).await?;
        status
            .check_transition(to)
            .map_err(|message| refused("status", message))?;
        if to == CallStatus::Decided {
            Self::check_all_decided(&mut tx, call_id).await?;
        }
        sqlx::query("UPDATE calls SET status = $1 WHERE id = $2")
            .bind(to)
            .bind(call_id)
            .execute(&mut *tx)
            .await?;
        // Listed so the audit labels' test finds them.
        let audit_actions: [&str; 3] = ["call.publish", "call.close", "call.advance"];
        let action = match to {
            CallStatus::Published => audit_actions[0],
            CallStatus::Closed => audit_actions[1],
            _ => audit_actions[2],
        };
        let entry = AuditEntry::new(action, "call", Some(call_id), Some(cite_id)).detail(format!(
            "{} → {}",
            status.label(),
            to.label()
        ));
        Self::commit_audited(tx, actor, &entry).await
    }

    async fn extend_call(
        &self,
        actor: &Actor,
        scope: &Scope,
        call_id: CallId,
        extension: &Extension,
    ) -> StoreResult<()> {
        let cite_id = crate::sql::administered_cite(scope)?;
        let mut tx = self.begin_write().await?;
        let (status, deadline) = Self::lock_call(&mut tx, actor, cite_id, call_id).await?;
        check_extension(status, deadline, extension.deadline)
            .map_err(|message| refused("deadline_date", message))?;
        sqlx::query("UPDATE calls SET deadline = $1 WHERE id = $2")
            .bind(extension.deadline)
            .bind(call_id)
            .execute(&mut *tx)
            .await?;
        let entry =
            AuditEntry::new("call.extend", "call", Some(call_id), Some(cite_id)).detail(format!(
                "{} → {} : {}",
                paris(deadline),
                paris(extension.deadline),
                extension.reason
            ));
        Self::commit_audited(tx, actor, &entry).await
    }

    async fn calls(&self, scope: &Scope) -> StoreResult<Vec<CallRow>> {
        let cite_id = scope.cite_id().ok_or(StoreError::NotFound)?;
        let every = reviewer_cite(scope).is_some();
        Ok(sqlx::query_as(&format!(
            "SELECT {CALL_COLUMNS} WHERE c.cite_id = $1 AND ($2 OR c.status <> 'draft')
             ORDER BY c.deadline DESC, c.id DESC"
        ))
        .bind(cite_id)
        .bind(every)
        .fetch_all(self.reader())
        .await?)
    }

    async fn call(&self, scope: &Scope, call_id: CallId) -> StoreResult<CallRow> {
        let cite_id = scope.cite_id().ok_or(StoreError::NotFound)?;
        let every = reviewer_cite(scope).is_some();
        sqlx::query_as(&format!(
            "SELECT {CALL_COLUMNS} WHERE c.id = $1 AND c.cite_id = $2
                 AND ($3 OR c.status <> 'draft')"
        ))
        .bind(call_id)
        .bind(cite_id)
        .bind(every)
        .fetch_optional(self.reader())
        .await?
        .ok_or(StoreError::NotFound)
    }

    async fn public_call(&self, call_id: CallId) -> StoreResult<CallRow> {
        sqlx::query_as(&format!(
            "SELECT {CALL_COLUMNS} WHERE c.id = $1 AND c.status <> 'draft'"
        ))
        .bind(call_id)
        .fetch_optional(self.reader())
        .await?
        .ok_or(StoreError::NotFound)
    }

    async fn public_calls(&self) -> StoreResult<Vec<CallRow>> {
        Ok(sqlx::query_as(&format!(
            "SELECT {CALL_COLUMNS} WHERE c.status <> 'draft' ORDER BY c.deadline DESC, c.id DESC"
        ))
        .fetch_all(self.reader())
        .await?)
    }

    async fn create_application(
        &self,
        actor: &Actor,
        scope: &Scope,
        call_id: CallId,
        application: &ApplicationDraft,
    ) -> StoreResult<ApplicationId> {
        let (cite_id, partner_id) = applicant(scope)?;
        let mut tx = self.begin_write().await?;
        let status: CallStatus = sqlx::query_scalar(
            "SELECT status FROM calls WHERE id = $1 AND cite_id = $2 AND status <> 'draft'",
        )
        .bind(call_id)
        .bind(cite_id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StoreError::NotFound)?;
        if status != CallStatus::Published {
            return Err(refused(
                "project_title",
                "Cet appel à projets ne reçoit pas de candidatures.",
            ));
        }
        Self::check_qpvs(&mut tx, cite_id, application).await?;
        let id: ApplicationId = sqlx::query_scalar(
            "INSERT INTO applications (call_id, cite_id, partner_id, project_title, summary,
                 target_public, axis, expected_participants, starts_on, ends_on, asked_cents,
                 status, created_by, created_at, updated_at)
             VALUES ($1, $2, $3, '', '', '', $4, 1, $5, $6, 0, 'draft', $7, $8, $8)
             RETURNING id",
        )
        .bind(call_id)
        .bind(cite_id)
        .bind(partner_id)
        .bind(application.axis)
        .bind(application.starts_on)
        .bind(application.ends_on)
        .bind(actor.user_id)
        .bind(actor.at)
        .fetch_one(&mut *tx)
        .await?;
        Self::write_application(&mut tx, actor, id, application).await?;
        let entry = AuditEntry::new("application.create", "application", Some(id), Some(cite_id))
            .detail(&application.project_title);
        Self::commit_audited(tx, actor, &entry).await?;
        Ok(id)
    }

    async fn update_application(
        &self,
        actor: &Actor,
        scope: &Scope,
        application_id: ApplicationId,
        application: &ApplicationDraft,
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        let (status, _, cite_id) =
            Self::lock_application(&mut tx, actor, scope, application_id).await?;
        if !status.is_editable() {
            return Err(refused(
                "project_title",
                "Seule une candidature en brouillon peut être modifiée.",
            ));
        }
        Self::check_qpvs(&mut tx, cite_id, application).await?;
        Self::write_application(&mut tx, actor, application_id, application).await?;
        let entry = AuditEntry::new(
            "application.update",
            "application",
            Some(application_id),
            Some(cite_id),
        )
        .detail(&application.project_title);
        Self::commit_audited(tx, actor, &entry).await
    }

    async fn submit_application(
        &self,
        actor: &Actor,
        scope: &Scope,
        application_id: ApplicationId,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        let (status, call_id, cite_id) =
            Self::lock_application(&mut tx, actor, scope, application_id).await?;
        if !status.is_editable() {
            return Err(refused(
                "status",
                "Seule une candidature en brouillon peut être déposée.",
            ));
        }
        let (call_status, deadline): (CallStatus, DateTime<Utc>) =
            sqlx::query_as("SELECT status, deadline FROM calls WHERE id = $1")
                .bind(call_id)
                .fetch_one(&mut *tx)
                .await?;
        check_submission(call_status, deadline, now)
            .map_err(|message| refused("status", message))?;
        sqlx::query(
            "UPDATE applications SET status = 'submitted', submitted_at = $1 WHERE id = $2",
        )
        .bind(now)
        .bind(application_id)
        .execute(&mut *tx)
        .await?;
        let entry = AuditEntry::new(
            "application.submit",
            "application",
            Some(application_id),
            Some(cite_id),
        );
        Self::commit_audited(tx, actor, &entry).await
    }

    async fn withdraw_application(
        &self,
        actor: &Actor,
        scope: &Scope,
        application_id: ApplicationId,
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        let (status, call_id, cite_id) =
            Self::lock_application(&mut tx, actor, scope, application_id).await?;
        let call_status: CallStatus = sqlx::query_scalar("SELECT status FROM calls WHERE id = $1")
            .bind(call_id)
            .fetch_one(&mut *tx)
            .await?;
        status
            .check_withdrawal(call_status)
            .map_err(|message| refused("status", message))?;
        sqlx::query("UPDATE applications SET status = 'withdrawn' WHERE id = $1")
            .bind(application_id)
            .execute(&mut *tx)
            .await?;
        let entry = AuditEntry::new(
            "application.withdraw",
            "application",
            Some(application_id),
            Some(cite_id),
        );
        Self::commit_audited(tx, actor, &entry).await
    }

    async fn my_applications(&self, scope: &Scope) -> StoreResult<Vec<ApplicationRow>> {
        let (cite_id, partner_id) = applicant(scope)?;
        Ok(sqlx::query_as(&format!(
            "SELECT {APPLICATION_COLUMNS} WHERE a.cite_id = $1 AND a.partner_id = $2
             ORDER BY a.id DESC"
        ))
        .bind(cite_id)
        .bind(partner_id)
        .fetch_all(self.reader())
        .await?)
    }

    async fn application(
        &self,
        scope: &Scope,
        application_id: ApplicationId,
    ) -> StoreResult<Application> {
        let cite_id = scope.cite_id().ok_or(StoreError::NotFound)?;
        // A porteur reads its partner's; the coordination, what was
        // submitted; a reviewer of the call, what was submitted but its own
        // partner's.
        let partner_id = applicant(scope).ok().map(|(_, partner_id)| partner_id);
        let manages = reviewer_cite(scope).is_some();
        let row: ApplicationRow = sqlx::query_as(&format!(
            "SELECT {APPLICATION_COLUMNS} WHERE a.id = $1 AND a.cite_id = $2
                 AND (a.partner_id = $3 OR ($4 AND a.status <> 'draft')
                      OR (a.status = 'submitted' AND ($5 IS NULL OR a.partner_id <> $5)
                          AND {DESIGNATED}$6)))"
        ))
        .bind(application_id)
        .bind(cite_id)
        .bind(partner_id)
        .bind(manages)
        .bind(scope.partner_id())
        .bind(scope.user_id())
        .fetch_optional(self.reader())
        .await?
        .ok_or(StoreError::NotFound)?;
        let budget = self.budget_of(application_id).await?;
        Ok(Application { row, budget })
    }

    async fn call_applications(
        &self,
        scope: &Scope,
        call_id: CallId,
    ) -> StoreResult<Vec<ApplicationRow>> {
        let call = self.call(scope, call_id).await?;
        let manages = reviewer_cite(scope).is_some();
        if !manages && !self.designated(call.id, scope.user_id()).await? {
            return Err(StoreError::NotFound);
        }
        // A reviewer is not shown its own partner's application.
        let own_partner = match manages {
            true => None,
            false => scope.partner_id(),
        };
        Ok(sqlx::query_as(&format!(
            "SELECT {APPLICATION_COLUMNS} WHERE a.call_id = $1 AND a.cite_id = $2
                 AND a.status = 'submitted' AND ($3 IS NULL OR a.partner_id <> $3)
             ORDER BY a.submitted_at, a.id"
        ))
        .bind(call.id)
        .bind(call.cite_id)
        .bind(own_partner)
        .fetch_all(self.reader())
        .await?)
    }
}
