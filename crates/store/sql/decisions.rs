//! Decisions' shared SQL: recorded on a locked application, checked by the
//! domain, audited; and the action an accepted application becomes.

use crate::{Backend, Db};
use maillage_domain::actions::{ActionDraft, ActionStatus, PriorityRule};
use maillage_domain::calls::decision::{check_all_decided, check_amount, Decision, Outcome};
use maillage_domain::calls::{ApplicationStatus, CallStatus};
use maillage_domain::cites::Axis;
use maillage_domain::ids::{ActionId, ApplicationId, CallId, CiteId};
use maillage_domain::money::format_euros;
use maillage_store::async_trait;
use maillage_store::calls::ApplicationRow;
use maillage_store::decisions::DecisionRow;
use maillage_store::{Actor, AuditEntry, CallStore, DecisionStore, Scope, StoreError, StoreResult};

use super::applications::applicant;
use super::calls::{refused, reviewer_cite};

const DECISION_COLUMNS: &str = "d.application_id, a.call_id, c.status AS call_status,
    a.project_title, p.name AS partner_name, a.asked_cents, d.outcome, d.amount_cents, d.reason,
    d.decided_on, d.committee, u.name AS decided_by_name, d.action_id,
    ac.title AS action_title, d.committee_decision_id, cd.meeting_id AS committee_meeting_id,
    cd.year AS committee_decision_year, cd.kind AS committee_decision_kind,
    cd.rank AS committee_decision_rank
    FROM application_decisions d
    JOIN applications a ON a.id = d.application_id
    JOIN calls c ON c.id = a.call_id
    JOIN partners p ON p.id = a.partner_id
    LEFT JOIN users u ON u.id = d.decided_by
    LEFT JOIN actions ac ON ac.id = d.action_id
    LEFT JOIN committee_decisions cd ON cd.id = d.committee_decision_id";

/// What the journal keeps of a decision.
fn summary(decision: &Decision) -> String {
    let amount = decision
        .amount_cents
        .map(|cents| format!(" {}", format_euros(cents)))
        .unwrap_or_default();
    format!(
        "{}{amount} le {} ({}){}",
        decision.outcome.label(),
        decision.decided_on.format("%d/%m/%Y"),
        decision.committee,
        match decision.reason.is_empty() {
            true => String::new(),
            false => format!(" : {}", decision.reason),
        }
    )
}

/// The action an accepted application becomes: the project as the
/// porteur described it, carried by its partner, with the amount granted
/// as its budget and the expected participants as its places.
fn action_of(row: &ApplicationRow, amount_cents: Option<i64>) -> ActionDraft {
    ActionDraft {
        title: row.project_title.clone(),
        axis: row.axis,
        innovative: row.axis == Axis::Innovate,
        carrier_partner_id: Some(row.partner_id),
        thematics: row
            .thematic_codes()
            .into_iter()
            .map(str::to_owned)
            .collect(),
        publics: Vec::new(),
        starts_on: row.starts_on,
        ends_on: Some(row.ends_on),
        planned_budget_cents: amount_cents,
        description: Some(row.summary.clone()),
        status: ActionStatus::Planned,
        results: None,
        capacity: Some(row.expected_participants),
        priority_rule: PriorityRule::RequestDate,
        cite_axis: None,
    }
}

impl Backend {
    /// The call moves to decided once every submitted application has a
    /// decision (`set_call_status`, inside its transaction).
    pub(super) async fn check_all_decided(
        tx: &mut sqlx::Transaction<'_, Db>,
        call_id: CallId,
    ) -> StoreResult<()> {
        let undecided: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM applications a
             WHERE a.call_id = $1 AND a.status = 'submitted'
                 AND NOT EXISTS (SELECT 1 FROM application_decisions d
                                 WHERE d.application_id = a.id)",
        )
        .bind(call_id)
        .fetch_one(&mut **tx)
        .await?;
        check_all_decided(undecided).map_err(|message| refused("status", message))
    }

    /// Locks an accepted decision of the coordinator's Cité whose
    /// application has no action yet: its amount.
    async fn lock_acceptance(
        tx: &mut sqlx::Transaction<'_, Db>,
        actor: &Actor,
        cite_id: CiteId,
        application_id: ApplicationId,
    ) -> StoreResult<Option<i64>> {
        let (outcome, amount_cents, action_id): (Outcome, Option<i64>, Option<ActionId>) =
            sqlx::query_as(
                "UPDATE application_decisions SET updated_at = $1
                 WHERE application_id = $2
                     AND application_id IN (SELECT id FROM applications WHERE cite_id = $3)
                 RETURNING outcome, amount_cents, action_id",
            )
            .bind(actor.at)
            .bind(application_id)
            .bind(cite_id)
            .fetch_optional(&mut **tx)
            .await?
            .ok_or(StoreError::NotFound)?;
        if outcome != Outcome::Accepted {
            return Err(refused(
                "action_id",
                "Seule une candidature retenue devient une action de la Cité.",
            ));
        }
        if action_id.is_some() {
            return Err(refused(
                "action_id",
                "Cette candidature est déjà liée à une action de la Cité.",
            ));
        }
        Ok(amount_cents)
    }

    async fn set_action(
        tx: sqlx::Transaction<'_, Db>,
        actor: &Actor,
        cite_id: CiteId,
        application_id: ApplicationId,
        action_id: ActionId,
    ) -> StoreResult<()> {
        let mut tx = tx;
        sqlx::query("UPDATE application_decisions SET action_id = $1 WHERE application_id = $2")
            .bind(action_id)
            .bind(application_id)
            .execute(&mut *tx)
            .await?;
        let entry = AuditEntry::new(
            "application.action",
            "application",
            Some(application_id),
            Some(cite_id),
        )
        .detail(format!("action n° {action_id}"));
        Self::commit_audited(tx, actor, &entry).await
    }
}

#[async_trait]
impl DecisionStore for Backend {
    async fn record_decision(
        &self,
        actor: &Actor,
        scope: &Scope,
        application_id: ApplicationId,
        decision: &Decision,
    ) -> StoreResult<()> {
        let cite_id = reviewer_cite(scope).ok_or(StoreError::NotFound)?;
        let mut tx = self.begin_write().await?;
        let (status, call_id, asked_cents): (ApplicationStatus, CallId, i64) = sqlx::query_as(
            "UPDATE applications SET updated_at = $1
             WHERE id = $2 AND cite_id = $3 AND status <> 'draft'
             RETURNING status, call_id, asked_cents",
        )
        .bind(actor.at)
        .bind(application_id)
        .bind(cite_id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StoreError::NotFound)?;
        if status != ApplicationStatus::Submitted {
            return Err(refused(
                "outcome",
                "Seule une candidature déposée reçoit une décision.",
            ));
        }
        let call_status: CallStatus = sqlx::query_scalar("SELECT status FROM calls WHERE id = $1")
            .bind(call_id)
            .fetch_one(&mut *tx)
            .await?;
        call_status
            .check_deciding()
            .map_err(|message| refused("outcome", message))?;
        if let Some(amount) = decision.amount_cents {
            check_amount(amount, asked_cents).map_err(|message| refused("amount", message))?;
        }
        let before: Option<(Outcome, Option<i64>)> = sqlx::query_as(
            "SELECT outcome, amount_cents FROM application_decisions WHERE application_id = $1",
        )
        .bind(application_id)
        .fetch_optional(&mut *tx)
        .await?;
        // An action stays tied only to an application still accepted.
        sqlx::query(
            "INSERT INTO application_decisions (application_id, outcome, amount_cents, reason,
                 decided_on, committee, decided_by, created_at, updated_at,
                 committee_decision_id)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8,
                 -- A committee may have decided before the outcome is typed.
                 (SELECT MAX(id) FROM committee_decisions
                  WHERE subject_kind = 'application' AND subject_id = $1))
             ON CONFLICT (application_id) DO UPDATE SET outcome = $2, amount_cents = $3,
                 reason = $4, decided_on = $5, committee = $6, decided_by = $7, updated_at = $8,
                 action_id = CASE WHEN $2 = 'accepted' THEN application_decisions.action_id END",
        )
        .bind(application_id)
        .bind(decision.outcome)
        .bind(decision.amount_cents)
        .bind(&decision.reason)
        .bind(decision.decided_on)
        .bind(&decision.committee)
        .bind(actor.user_id)
        .bind(actor.at)
        .execute(&mut *tx)
        .await?;
        let detail = match before {
            Some((outcome, amount)) => format!(
                "{}{} → {}",
                outcome.label(),
                amount
                    .map(|c| format!(" {}", format_euros(c)))
                    .unwrap_or_default(),
                summary(decision)
            ),
            None => summary(decision),
        };
        let entry = AuditEntry::new(
            "application.decide",
            "application",
            Some(application_id),
            Some(cite_id),
        )
        .detail(detail);
        Self::commit_audited(tx, actor, &entry).await
    }

    async fn decisions(&self, scope: &Scope, call_id: CallId) -> StoreResult<Vec<DecisionRow>> {
        reviewer_cite(scope).ok_or(StoreError::NotFound)?;
        let call = self.call(scope, call_id).await?;
        Ok(sqlx::query_as(&format!(
            "SELECT {DECISION_COLUMNS} WHERE a.call_id = $1 AND a.cite_id = $2
             ORDER BY a.submitted_at, a.id"
        ))
        .bind(call.id)
        .bind(call.cite_id)
        .fetch_all(self.reader())
        .await?)
    }

    async fn decision(
        &self,
        scope: &Scope,
        application_id: ApplicationId,
    ) -> StoreResult<Option<DecisionRow>> {
        let application = self.application(scope, application_id).await?;
        let manages = reviewer_cite(scope).is_some();
        let own = applicant(scope).is_ok_and(|(_, partner)| partner == application.row.partner_id);
        if !manages && !own {
            return Ok(None);
        }
        let row: Option<DecisionRow> = sqlx::query_as(&format!(
            "SELECT {DECISION_COLUMNS} WHERE d.application_id = $1"
        ))
        .bind(application.row.id)
        .fetch_optional(self.reader())
        .await?;
        Ok(row.filter(|d| manages || d.call_status.decisions_are_published()))
    }

    async fn my_decisions(&self, scope: &Scope) -> StoreResult<Vec<DecisionRow>> {
        let (cite_id, partner_id) = applicant(scope)?;
        let rows: Vec<DecisionRow> = sqlx::query_as(&format!(
            "SELECT {DECISION_COLUMNS} WHERE a.cite_id = $1 AND a.partner_id = $2
             ORDER BY a.id DESC"
        ))
        .bind(cite_id)
        .bind(partner_id)
        .fetch_all(self.reader())
        .await?;
        Ok(rows
            .into_iter()
            .filter(|d| d.call_status.decisions_are_published())
            .collect())
    }

    async fn create_action_from_application(
        &self,
        actor: &Actor,
        scope: &Scope,
        application_id: ApplicationId,
    ) -> StoreResult<ActionId> {
        let cite_id = crate::sql::administered_cite(scope)?;
        let application = self.application(scope, application_id).await?;
        let mut tx = self.begin_write().await?;
        let amount = Self::lock_acceptance(&mut tx, actor, cite_id, application_id).await?;
        let draft = action_of(&application.row, amount);
        let action_id = Self::insert_action_in(&mut tx, actor, cite_id, &draft).await?;
        Self::set_action(tx, actor, cite_id, application_id, action_id).await?;
        Ok(action_id)
    }

    async fn link_action(
        &self,
        actor: &Actor,
        scope: &Scope,
        application_id: ApplicationId,
        action_id: ActionId,
    ) -> StoreResult<()> {
        let cite_id = crate::sql::administered_cite(scope)?;
        let mut tx = self.begin_write().await?;
        Self::lock_acceptance(&mut tx, actor, cite_id, application_id).await?;
        let own: Option<i64> =
            sqlx::query_scalar("SELECT id FROM actions WHERE id = $1 AND cite_id = $2")
                .bind(action_id)
                .bind(cite_id)
                .fetch_optional(&mut *tx)
                .await?;
        if own.is_none() {
            return Err(refused("action_id", "Choisissez une action de la Cité."));
        }
        Self::set_action(tx, actor, cite_id, application_id, action_id).await
    }
}
