//! Applications' shared SQL beside the calls' (`calls.rs`): who writes
//! them, their QPVs and their budget tables.

use crate::{Backend, Db};
use maillage_domain::accounts::Role;
use maillage_domain::calls::{
    ApplicationDraft, ApplicationStatus, BudgetLine, APPLICATION_FUNDERS,
};
use maillage_domain::funding::Funder;
use maillage_domain::ids::{ApplicationId, CallId, CiteId, PartnerId};
use maillage_store::{Actor, Scope, StoreError, StoreResult};

use super::calls::{joined, refused};

/// The porteur's Cité and partner: whose applications it writes.
pub(super) fn applicant(scope: &Scope) -> StoreResult<(CiteId, PartnerId)> {
    match scope {
        Scope::Cite {
            cite_id,
            role: Role::Porteur,
            partner_id: Some(partner_id),
            ..
        } => Ok((*cite_id, *partner_id)),
        _ => Err(StoreError::NotFound),
    }
}

impl Backend {
    /// Locks an application of the porteur's partner: its status and call.
    pub(super) async fn lock_application(
        tx: &mut sqlx::Transaction<'_, Db>,
        actor: &Actor,
        scope: &Scope,
        application_id: ApplicationId,
    ) -> StoreResult<(ApplicationStatus, CallId, CiteId)> {
        let (cite_id, partner_id) = applicant(scope)?;
        let (status, call_id) = sqlx::query_as(
            "UPDATE applications SET updated_at = $1
             WHERE id = $2 AND cite_id = $3 AND partner_id = $4
             RETURNING status, call_id",
        )
        .bind(actor.at)
        .bind(application_id)
        .bind(cite_id)
        .bind(partner_id)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or(StoreError::NotFound)?;
        Ok((status, call_id, cite_id))
    }

    /// Every QPV an application names must be its Cité's.
    pub(super) async fn check_qpvs(
        tx: &mut sqlx::Transaction<'_, Db>,
        cite_id: CiteId,
        application: &ApplicationDraft,
    ) -> StoreResult<()> {
        for qpv_id in &application.qpv_ids {
            let own: Option<i64> =
                sqlx::query_scalar("SELECT id FROM qpvs WHERE id = $1 AND cite_id = $2")
                    .bind(*qpv_id)
                    .bind(cite_id)
                    .fetch_optional(&mut **tx)
                    .await?;
            if own.is_none() {
                return Err(refused(
                    "qpvs",
                    "Choisissez les quartiers dans la liste de la Cité.",
                ));
            }
        }
        Ok(())
    }

    /// Replaces an application's budget table.
    pub(super) async fn write_budget(
        tx: &mut sqlx::Transaction<'_, Db>,
        application_id: ApplicationId,
        budget: &[BudgetLine],
    ) -> StoreResult<()> {
        sqlx::query("DELETE FROM application_budget_lines WHERE application_id = $1")
            .bind(application_id)
            .execute(&mut **tx)
            .await?;
        for (position, line) in (0i32..).zip(budget) {
            let line_id: i64 = sqlx::query_scalar(
                "INSERT INTO application_budget_lines (application_id, position, label, amount_cents)
                 VALUES ($1, $2, $3, $4) RETURNING id",
            )
            .bind(application_id)
            .bind(position)
            .bind(&line.label)
            .bind(line.amount_cents)
            .fetch_one(&mut **tx)
            .await?;
            for (funder, cents) in &line.shares {
                sqlx::query(
                    "INSERT INTO application_budget_shares (line_id, funder, amount_cents)
                     VALUES ($1, $2, $3)",
                )
                .bind(line_id)
                .bind(*funder)
                .bind(*cents)
                .execute(&mut **tx)
                .await?;
            }
        }
        Ok(())
    }

    pub(super) async fn budget_of(
        &self,
        application_id: ApplicationId,
    ) -> StoreResult<Vec<BudgetLine>> {
        let lines: Vec<(i64, String, i64)> = sqlx::query_as(
            "SELECT id, label, amount_cents FROM application_budget_lines
             WHERE application_id = $1 ORDER BY position",
        )
        .bind(application_id)
        .fetch_all(self.reader())
        .await?;
        let shares: Vec<(i64, Funder, i64)> = sqlx::query_as(
            "SELECT s.line_id, s.funder, s.amount_cents
             FROM application_budget_shares s
             JOIN application_budget_lines l ON l.id = s.line_id
             WHERE l.application_id = $1",
        )
        .bind(application_id)
        .fetch_all(self.reader())
        .await?;
        Ok(lines
            .into_iter()
            .map(|(line_id, label, amount_cents)| BudgetLine {
                label,
                amount_cents,
                shares: APPLICATION_FUNDERS
                    .iter()
                    .filter_map(|funder| {
                        shares
                            .iter()
                            .find(|(id, f, _)| *id == line_id && f == funder)
                            .map(|(_, f, cents)| (*f, *cents))
                    })
                    .collect(),
            })
            .collect())
    }

    pub(super) async fn write_application(
        tx: &mut sqlx::Transaction<'_, Db>,
        actor: &Actor,
        application_id: ApplicationId,
        application: &ApplicationDraft,
    ) -> StoreResult<()> {
        sqlx::query(
            "UPDATE applications SET project_title = $1, summary = $2, target_public = $3,
                 qpv_ids = $4, axis = $5, thematics = $6, expected_participants = $7,
                 starts_on = $8, ends_on = $9, asked_cents = $10, updated_at = $11
             WHERE id = $12",
        )
        .bind(&application.project_title)
        .bind(&application.summary)
        .bind(&application.target_public)
        .bind(joined(&application.qpv_ids, ","))
        .bind(application.axis)
        .bind(application.thematics.join(" "))
        .bind(application.expected_participants)
        .bind(application.starts_on)
        .bind(application.ends_on)
        .bind(application.asked_cents())
        .bind(actor.at)
        .bind(application_id)
        .execute(&mut **tx)
        .await?;
        Self::write_budget(tx, application_id, &application.budget).await
    }
}
