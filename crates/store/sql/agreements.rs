//! Agreements and bilans, shared SQL. Drawing an agreement locks the
//! application, then commits each year on its envelope line the way
//! `funding.rs` does (line locked, balance read, the domain decides), all
//! in one transaction: an agreement exists with all its commitments or not
//! at all.

use crate::{Backend, Db};
use chrono::{Datelike, NaiveDate};
use maillage_domain::accounts::Role;
use maillage_domain::agreements::{
    self as rules, check_agreement, check_signed_on, AgreementDraft, ReportKind,
};
use maillage_domain::calls::CallStatus;
use maillage_domain::documents::{DocumentOwner, NewDocument};
use maillage_domain::funding::{BudgetLine, Commitment, Funder, LineKey};
use maillage_domain::ids::{ActionId, AgreementId, ApplicationId, CiteId, PartnerId, ReportId};
use maillage_store::agreements::{
    AgreementBasis, AgreementFile, AgreementRow, AwaitedReportRow, ReportFile, ReportLineRow,
    ReportRow,
};
use maillage_store::{
    async_trait, Actor, AgreementStore, AuditEntry, Scope, StoreError, StoreResult,
};

use super::calls::refused;

/// An agreement's row; `g` is the agreement, `a` its application, `d` its
/// decision.
const AGREEMENT_SELECT: &str = "SELECT g.id, g.reference, g.cite_id, c.name AS cite_name,
        c.epci AS cite_epci, g.application_id, k.title AS call_title, a.project_title,
        a.summary, a.partner_id, p.name AS partner_name, p.siret AS partner_siret,
        a.starts_on, a.ends_on, d.decided_on, COALESCE(d.committee, '') AS committee,
        d.action_id, g.advance_percent, g.drawn_on, g.signed_on
    FROM agreements g
    JOIN applications a ON a.id = g.application_id
    JOIN calls k ON k.id = a.call_id
    JOIN partners p ON p.id = a.partner_id
    JOIN cites c ON c.id = g.cite_id
    JOIN application_decisions d ON d.application_id = a.id";

/// Who reads agreements: the Cité's coordinators and co-pilots (every
/// partner), a porteur (its partner's only).
fn reader(scope: &Scope) -> StoreResult<(CiteId, Option<PartnerId>)> {
    match scope {
        Scope::Cite {
            cite_id,
            role: Role::Coordinateur | Role::Pilote,
            ..
        } => Ok((*cite_id, None)),
        Scope::Cite {
            cite_id,
            role: Role::Porteur,
            partner_id: Some(partner_id),
            ..
        } => Ok((*cite_id, Some(*partner_id))),
        _ => Err(StoreError::NotFound),
    }
}

/// Who writes bilans: the porteur of the funded partner.
fn reporter(scope: &Scope) -> StoreResult<(CiteId, PartnerId)> {
    super::applications::applicant(scope)
}

impl Backend {
    /// Marks a bilan received.
    async fn receive(
        tx: &mut sqlx::Transaction<'_, Db>,
        actor: &Actor,
        id: ReportId,
        today: NaiveDate,
    ) -> StoreResult<()> {
        sqlx::query("UPDATE reports SET received_on = $1, received_by = $2 WHERE id = $3")
            .bind(today)
            .bind(actor.user_id)
            .bind(id)
            .execute(&mut **tx)
            .await?;
        Ok(())
    }

    /// Locks a bilan of the porteur's partner that is not yet received.
    async fn lock_report(
        tx: &mut sqlx::Transaction<'_, Db>,
        actor: &Actor,
        scope: &Scope,
        id: ReportId,
        kind: ReportKind,
    ) -> StoreResult<CiteId> {
        let (cite_id, partner_id) = reporter(scope)?;
        let received: Option<NaiveDate> = sqlx::query_scalar(
            "UPDATE reports SET updated_at = $1
             WHERE id = $2 AND cite_id = $3 AND kind = $4
               AND agreement_id IN (SELECT g.id FROM agreements g
                                    JOIN applications a ON a.id = g.application_id
                                    WHERE a.partner_id = $5)
             RETURNING received_on",
        )
        .bind(actor.at)
        .bind(id)
        .bind(cite_id)
        .bind(kind)
        .bind(partner_id)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or(StoreError::NotFound)?;
        if received.is_some() {
            return Err(refused("report", "Ce bilan a déjà été transmis."));
        }
        Ok(cite_id)
    }

    async fn agreement_file(
        &self,
        cite_id: CiteId,
        partner_id: Option<PartnerId>,
        id: AgreementId,
    ) -> StoreResult<AgreementFile> {
        let agreement: AgreementRow = sqlx::query_as(&format!(
            "{AGREEMENT_SELECT} WHERE g.id = $1 AND g.cite_id = $2
                 AND ($3 IS NULL OR a.partner_id = $3)"
        ))
        .bind(id)
        .bind(cite_id)
        .bind(partner_id)
        .fetch_optional(self.reader())
        .await?
        .ok_or(StoreError::NotFound)?;
        let years = sqlx::query_as(
            "SELECT y.year, y.amount_cents, y.commitment_id,
                    CAST(COALESCE((SELECT SUM(p.amount_cents) FROM payments p
                                   WHERE p.commitment_id = y.commitment_id), 0) AS BIGINT) AS paid
             FROM agreement_years y WHERE y.agreement_id = $1 ORDER BY y.year",
        )
        .bind(id)
        .fetch_all(self.reader())
        .await?;
        let instalments = sqlx::query_as(
            "SELECT i.id, y.year, i.label, i.planned_on, i.amount_cents
             FROM agreement_years y
             JOIN payment_instalments i ON i.commitment_id = y.commitment_id
             WHERE y.agreement_id = $1 ORDER BY i.planned_on, i.id",
        )
        .bind(id)
        .fetch_all(self.reader())
        .await?;
        let reports = sqlx::query_as(
            "SELECT id, agreement_id, year, kind, due_on, received_on FROM reports
             WHERE agreement_id = $1 ORDER BY year, kind DESC",
        )
        .bind(id)
        .fetch_all(self.reader())
        .await?;
        let budget = self.budget_of(agreement.application_id).await?;
        Ok(AgreementFile {
            agreement,
            years,
            instalments,
            reports,
            budget,
        })
    }

    /// Commits one planned year of an agreement on the Cité's ANCT
    /// « actions » line, with its instalments, and plans its bilans.
    async fn commit_year(
        tx: &mut sqlx::Transaction<'_, Db>,
        actor: &Actor,
        cite_id: CiteId,
        agreement: (AgreementId, &str, Option<ActionId>),
        year: &rules::PlannedYear,
        today: NaiveDate,
    ) -> StoreResult<()> {
        let (agreement_id, label, action_id) = agreement;
        let commitment = Commitment {
            key: LineKey {
                year: year.year,
                funder: Funder::Anct,
                line: BudgetLine::Actions,
            },
            amount_cents: year.amount_cents,
            label: label.to_owned(),
            action_id,
            committed_on: today,
        };
        // A year beyond its line names the year.
        let commitment_id = Self::insert_commitment(tx, actor, cite_id, &commitment)
            .await
            .map_err(|error| match error {
                StoreError::Invalid { field, message } => {
                    refused(field, format!("{} : {message}", year.year))
                }
                other => other,
            })?;
        for instalment in &year.instalments {
            sqlx::query(
                "INSERT INTO payment_instalments (commitment_id, cite_id, label, planned_on,
                                                  amount_cents, created_by, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(commitment_id)
            .bind(cite_id)
            .bind(instalment.label)
            .bind(instalment.planned_on)
            .bind(instalment.amount_cents)
            .bind(actor.user_id)
            .bind(actor.at)
            .execute(&mut **tx)
            .await?;
        }
        sqlx::query(
            "INSERT INTO agreement_years (agreement_id, year, amount_cents, commitment_id)
             VALUES ($1, $2, $3, $4)",
        )
        .bind(agreement_id)
        .bind(year.year)
        .bind(year.amount_cents)
        .bind(commitment_id)
        .execute(&mut **tx)
        .await?;
        for kind in ReportKind::ALL {
            sqlx::query(
                "INSERT INTO reports (agreement_id, cite_id, year, kind, due_on, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(agreement_id)
            .bind(cite_id)
            .bind(year.year)
            .bind(kind)
            .bind(year.reports_due_on)
            .bind(actor.at)
            .execute(&mut **tx)
            .await?;
        }
        Ok(())
    }
}

#[async_trait]
impl AgreementStore for Backend {
    async fn agreement_basis(
        &self,
        scope: &Scope,
        application_id: ApplicationId,
    ) -> StoreResult<AgreementBasis> {
        let (cite_id, partner_id) = reader(scope)?;
        sqlx::query_as(
            "SELECT a.id AS application_id, a.project_title, p.name AS partner_name,
                    k.status AS call_status, a.starts_on, a.ends_on,
                    CASE WHEN d.outcome = 'accepted' THEN d.amount_cents END AS accepted_cents,
                    g.id AS agreement_id
             FROM applications a
             JOIN calls k ON k.id = a.call_id
             JOIN partners p ON p.id = a.partner_id
             LEFT JOIN application_decisions d ON d.application_id = a.id
             LEFT JOIN agreements g ON g.application_id = a.id
             WHERE a.id = $1 AND a.cite_id = $2 AND a.status = 'submitted'
               AND ($3 IS NULL OR a.partner_id = $3)",
        )
        .bind(application_id)
        .bind(cite_id)
        .bind(partner_id)
        .fetch_optional(self.reader())
        .await?
        .ok_or(StoreError::NotFound)
    }

    async fn create_agreement(
        &self,
        actor: &Actor,
        scope: &Scope,
        application_id: ApplicationId,
        draft: &AgreementDraft,
        today: NaiveDate,
    ) -> StoreResult<AgreementId> {
        let cite_id = super::administered_cite(scope)?;
        let mut tx = self.begin_write().await?;
        let (project_title, starts_on, ends_on, call_status): (
            String,
            NaiveDate,
            NaiveDate,
            CallStatus,
        ) = sqlx::query_as(
            "UPDATE applications SET updated_at = $1
                 WHERE id = $2 AND cite_id = $3 AND status = 'submitted'
                 RETURNING project_title, starts_on, ends_on,
                           (SELECT status FROM calls WHERE calls.id = applications.call_id)",
        )
        .bind(actor.at)
        .bind(application_id)
        .bind(cite_id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StoreError::NotFound)?;
        let decision: Option<(Option<i64>, Option<ActionId>)> = sqlx::query_as(
            "SELECT CASE WHEN outcome = 'accepted' THEN amount_cents END, action_id
             FROM application_decisions WHERE application_id = $1",
        )
        .bind(application_id)
        .fetch_optional(&mut *tx)
        .await?;
        let (accepted, action_id) = decision.unwrap_or((None, None));
        let call_allows = matches!(call_status, CallStatus::Decided | CallStatus::Agreements);
        let granted =
            check_agreement(accepted, call_allows).map_err(|m| refused("application", m))?;
        let years = rules::project_years(starts_on, ends_on);
        let total: i64 = draft.years.iter().map(|y| y.amount_cents).sum();
        if total != granted || draft.years.iter().any(|y| !years.contains(&y.year)) {
            return Err(refused(
                "amount",
                "Les montants par année doivent couvrir les années du projet et faire le montant accordé.",
            ));
        }
        let exists: Option<i64> =
            sqlx::query_scalar("SELECT id FROM agreements WHERE application_id = $1")
                .bind(application_id)
                .fetch_optional(&mut *tx)
                .await?;
        if exists.is_some() {
            return Err(refused(
                "application",
                "Cette candidature a déjà sa convention.",
            ));
        }
        let number: i64 = sqlx::query_scalar(
            "SELECT CAST(COUNT(*) + 1 AS BIGINT) FROM agreements WHERE cite_id = $1",
        )
        .bind(cite_id)
        .fetch_one(&mut *tx)
        .await?;
        let reference = rules::reference(today.year(), number);
        let id: AgreementId = sqlx::query_scalar(
            "INSERT INTO agreements (application_id, cite_id, reference, advance_percent, drawn_on,
                                     created_by, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $7)
             RETURNING id",
        )
        .bind(application_id)
        .bind(cite_id)
        .bind(&reference)
        .bind(i32::try_from(draft.advance_percent).unwrap_or(0))
        .bind(today)
        .bind(actor.user_id)
        .bind(actor.at)
        .fetch_one(&mut *tx)
        .await?;
        let label = format!("{reference} — {project_title}");
        for year in rules::schedule(draft, today, starts_on, ends_on) {
            Self::commit_year(
                &mut tx,
                actor,
                cite_id,
                (id, &label, action_id),
                &year,
                today,
            )
            .await?;
        }
        let entry = AuditEntry::new("agreement.create", "agreement", Some(id), Some(cite_id))
            .detail(format!("{label} : {total} centimes"));
        Self::commit_audited(tx, actor, &entry).await?;
        Ok(id)
    }

    async fn agreements(&self, scope: &Scope) -> StoreResult<Vec<AgreementRow>> {
        let (cite_id, partner_id) = reader(scope)?;
        Ok(sqlx::query_as(&format!(
            "{AGREEMENT_SELECT} WHERE g.cite_id = $1 AND ($2 IS NULL OR a.partner_id = $2)
             ORDER BY g.drawn_on DESC, g.id DESC"
        ))
        .bind(cite_id)
        .bind(partner_id)
        .fetch_all(self.reader())
        .await?)
    }

    async fn agreement(&self, scope: &Scope, id: AgreementId) -> StoreResult<AgreementFile> {
        let (cite_id, partner_id) = reader(scope)?;
        self.agreement_file(cite_id, partner_id, id).await
    }

    async fn sign_agreement(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: AgreementId,
        signed_on: NaiveDate,
        signed_copy: &NewDocument,
        today: NaiveDate,
    ) -> StoreResult<()> {
        let cite_id = super::administered_cite(scope)?;
        let mut tx = self.begin_write().await?;
        let decided_on: Option<NaiveDate> = sqlx::query_scalar(
            "UPDATE agreements SET signed_on = $1, updated_at = $2
             WHERE id = $3 AND cite_id = $4 AND signed_on IS NULL
             RETURNING (SELECT d.decided_on FROM application_decisions d
                        WHERE d.application_id = agreements.application_id)",
        )
        .bind(signed_on)
        .bind(actor.at)
        .bind(id)
        .bind(cite_id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(decided_on) = decided_on else {
            // Not updated: signed already, or not the Cité's.
            let exists: Option<AgreementId> =
                sqlx::query_scalar("SELECT id FROM agreements WHERE id = $1 AND cite_id = $2")
                    .bind(id)
                    .bind(cite_id)
                    .fetch_optional(&mut *tx)
                    .await?;
            return Err(match exists {
                Some(_) => refused("signed_on", "Cette convention est déjà signée."),
                None => StoreError::NotFound,
            });
        };
        check_signed_on(signed_on, decided_on, today).map_err(|m| refused("signed_on", m))?;
        Self::insert_document(
            &mut tx,
            actor,
            cite_id,
            DocumentOwner::Agreement(id),
            signed_copy,
        )
        .await?;
        let entry = AuditEntry::new("agreement.sign", "agreement", Some(id), Some(cite_id))
            .detail(format!("signée le {}", signed_on.format("%d/%m/%Y")));
        Self::commit_audited(tx, actor, &entry).await
    }

    async fn report(&self, scope: &Scope, id: ReportId) -> StoreResult<ReportFile> {
        let (cite_id, partner_id) = reader(scope)?;
        let report: ReportRow = sqlx::query_as(
            "SELECT id, agreement_id, year, kind, due_on, received_on FROM reports
             WHERE id = $1 AND cite_id = $2",
        )
        .bind(id)
        .bind(cite_id)
        .fetch_optional(self.reader())
        .await?
        .ok_or(StoreError::NotFound)?;
        // The agreement's own scope decides: another partner's is NotFound.
        let agreement = self
            .agreement_file(cite_id, partner_id, report.agreement_id)
            .await?;
        let lines = sqlx::query_as(
            "SELECT label, budget_cents, actual_cents FROM report_lines
             WHERE report_id = $1 ORDER BY position",
        )
        .bind(id)
        .fetch_all(self.reader())
        .await?;
        let sections = sqlx::query_as(
            "SELECT heading, text FROM report_sections WHERE report_id = $1 ORDER BY position",
        )
        .bind(id)
        .fetch_all(self.reader())
        .await?;
        Ok(ReportFile {
            report,
            agreement,
            lines,
            sections,
        })
    }

    async fn save_qualitative(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: ReportId,
        sections: &[(String, String)],
        transmit: bool,
        today: NaiveDate,
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        let cite_id = Self::lock_report(&mut tx, actor, scope, id, ReportKind::Qualitative).await?;
        sqlx::query("DELETE FROM report_sections WHERE report_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        for (position, (heading, text)) in (0i32..).zip(sections) {
            sqlx::query(
                "INSERT INTO report_sections (report_id, position, heading, text)
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(id)
            .bind(position)
            .bind(heading)
            .bind(text)
            .execute(&mut *tx)
            .await?;
        }
        let action = if transmit {
            Self::receive(&mut tx, actor, id, today).await?;
            "report.transmit"
        } else {
            "report.save"
        };
        let entry = AuditEntry::new(action, "report", Some(id), Some(cite_id))
            .detail(ReportKind::Qualitative.label());
        Self::commit_audited(tx, actor, &entry).await
    }

    async fn receive_financial(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: ReportId,
        lines: &[ReportLineRow],
        file: &NewDocument,
        today: NaiveDate,
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        let cite_id = Self::lock_report(&mut tx, actor, scope, id, ReportKind::Financial).await?;
        Self::insert_document(&mut tx, actor, cite_id, DocumentOwner::Report(id), file).await?;
        for (position, line) in (0i32..).zip(lines) {
            sqlx::query(
                "INSERT INTO report_lines (report_id, position, label, budget_cents, actual_cents)
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(id)
            .bind(position)
            .bind(&line.label)
            .bind(line.budget_cents)
            .bind(line.actual_cents)
            .execute(&mut *tx)
            .await?;
        }
        Self::receive(&mut tx, actor, id, today).await?;
        let spent: i64 = lines.iter().map(|l| l.actual_cents).sum();
        let entry =
            AuditEntry::new("report.transmit", "report", Some(id), Some(cite_id)).detail(format!(
                "{} : {spent} centimes dépensés",
                ReportKind::Financial.label()
            ));
        Self::commit_audited(tx, actor, &entry).await
    }

    async fn awaited_reports(
        &self,
        scope: &Scope,
        until: NaiveDate,
    ) -> StoreResult<Vec<AwaitedReportRow>> {
        let (cite_id, partner_id) = match scope {
            Scope::Cite {
                cite_id,
                role: Role::Coordinateur,
                ..
            } => (*cite_id, None),
            Scope::Cite {
                cite_id,
                role: Role::Porteur,
                partner_id: Some(partner_id),
                ..
            } => (*cite_id, Some(*partner_id)),
            _ => return Ok(Vec::new()),
        };
        Ok(sqlx::query_as(
            "SELECT r.id, r.agreement_id, g.reference, p.name AS partner_name, a.project_title,
                    r.year, r.kind, r.due_on
             FROM reports r
             JOIN agreements g ON g.id = r.agreement_id
             JOIN applications a ON a.id = g.application_id
             JOIN partners p ON p.id = a.partner_id
             WHERE r.cite_id = $1 AND r.received_on IS NULL AND r.due_on <= $2
               AND ($3 IS NULL OR a.partner_id = $3)
             ORDER BY r.due_on, r.id",
        )
        .bind(cite_id)
        .bind(until)
        .bind(partner_id)
        .fetch_all(self.reader())
        .await?)
    }
}
