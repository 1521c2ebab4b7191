//! Le Mans' agreements in the demo: the 2023 call's accepted projects
//! get their agreement, drawn and signed in late 2023 on the Cité's 2024
//! envelope (100 000 € of programme credits for actions); each advance is
//! paid at signature, and Mob'In sent its 2024 bilan financier in time;
//! the CIDFF's pathway for women still waits for its agreement.

use anyhow::Context;
use chrono::NaiveDate;
use maillage_domain::agreements::{project_years, AgreementInput, ReportKind};
use maillage_domain::calls::decision::Outcome;
use maillage_domain::documents::{samples, NewDocument};
use maillage_domain::funding::payments::Payment;
use maillage_domain::funding::{Allocation, BudgetLine, Funder, LineKey};
use maillage_domain::Scope;
use maillage_office::{FinancialActual, ReportHeader};
use maillage_store::agreements::{AgreementFile, ReportLineRow};
use maillage_store::{Actor, Store};

const STILL_TO_DRAW: &str = "Parcours emploi des femmes des Sablons";

fn day(y: i32, m: u32, d: u32) -> anyhow::Result<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d).context("date de démonstration invalide")
}

pub async fn load(
    store: &dyn Store,
    coordinator: &Scope,
    carriers: &[Scope],
) -> anyhow::Result<()> {
    let actor = Actor::system(chrono::Utc::now());
    let (drawn_on, signed_on) = (day(2023, 11, 24)?, day(2023, 12, 1)?);
    let allocation = Allocation {
        key: LineKey {
            year: 2024,
            funder: Funder::Anct,
            line: BudgetLine::Actions,
        },
        amount_cents: 10_000_000,
    };
    store
        .set_allocation(&actor, coordinator, &allocation)
        .await?;
    let (_, decisions) = crate::demo_instruction::decisions(store, coordinator).await?;
    let mut first = None;
    // The CIDFF pathway's agreement is still to be drawn.
    let granted = decisions
        .iter()
        .filter(|d| d.outcome == Outcome::Accepted && d.project_title != STILL_TO_DRAW);
    for decision in granted {
        let basis = store
            .agreement_basis(coordinator, decision.application_id)
            .await?;
        let granted = basis
            .accepted_cents
            .context("décision de démonstration sans montant")?;
        let years = project_years(basis.starts_on, basis.ends_on);
        let draft = AgreementInput::proposed(granted, &years)
            .validate(&years, granted)
            .map_err(|e| anyhow::anyhow!("convention de démonstration invalide : {e}"))?;
        let id = store
            .create_agreement(
                &actor,
                coordinator,
                decision.application_id,
                &draft,
                drawn_on,
            )
            .await?;
        let file = store.agreement(coordinator, id).await?;
        store
            .sign_agreement(
                &actor,
                coordinator,
                id,
                signed_on,
                &signed_copy(&file)?,
                signed_on,
            )
            .await?;
        for year in &file.years {
            let advance = file
                .instalments
                .iter()
                .find(|i| i.year == year.year && i.planned_on == drawn_on)
                .map(|i| (i.id, i.amount_cents));
            if let Some((instalment_id, amount_cents)) = advance {
                let payment = Payment {
                    paid_on: day(2023, 12, 15)?,
                    amount_cents,
                    instalment_id: Some(instalment_id),
                };
                store
                    .record_payment(&actor, coordinator, year.commitment_id, &payment)
                    .await?;
            }
        }
        let partner_id = file.agreement.partner_id;
        first.get_or_insert((file, partner_id));
    }
    // The first agreement's porteur sent its bilan financier: spent a
    // little less than planned on each line.
    let (file, partner_id) = first.context("aucune convention de démonstration")?;
    let porteur = carriers
        .iter()
        .find(|c| c.partner_id() == Some(partner_id))
        .context("porteur de démonstration absent")?;
    let report = file
        .reports
        .iter()
        .find(|r| r.kind == ReportKind::Financial)
        .context("bilan de démonstration absent")?;
    let lines: Vec<ReportLineRow> = file
        .budget
        .iter()
        .map(|line| ReportLineRow {
            label: line.label.clone(),
            budget_cents: line.amount_cents,
            actual_cents: line.amount_cents * 95 / 100,
        })
        .collect();
    let sent = financial_file(&file, report.year, &lines)?;
    store
        .receive_financial(&actor, porteur, report.id, &lines, &sent, day(2025, 3, 20)?)
        .await?;
    Ok(())
}

/// The scan the coordinator uploads with the signature: a page that
/// names the parties and the amount.
fn signed_copy(file: &AgreementFile) -> anyhow::Result<NewDocument> {
    let a = &file.agreement;
    let amount = format!(
        "Montant total : {}",
        maillage_domain::money::format_euros(file.total_cents())
    );
    let parties = format!("Entre {} et {}.", a.cite_name, a.partner_name);
    let pdf = samples::pdf(
        &format!("Convention {} signée", a.reference),
        &[&parties, &a.project_title, &amount, "Lu et approuvé."],
    );
    let name = format!("{}-signee.pdf", a.reference);
    NewDocument::check(&name, "Convention signée", pdf)
        .map_err(|e| anyhow::anyhow!("copie signée de démonstration : {e}"))
}

/// The template the porteur filled in and sent back.
fn financial_file(
    file: &AgreementFile,
    year: i32,
    lines: &[ReportLineRow],
) -> anyhow::Result<NewDocument> {
    let a = &file.agreement;
    let header = ReportHeader {
        cite_name: a.cite_name.clone(),
        carrier_name: a.partner_name.clone(),
        project_title: a.project_title.clone(),
        reference: a.reference.clone(),
        period: format!("Année {year}"),
    };
    let actuals: Vec<FinancialActual> = lines
        .iter()
        .map(|l| FinancialActual {
            label: l.label.clone(),
            budget_cents: l.budget_cents,
            actual_cents: l.actual_cents,
        })
        .collect();
    let xlsx = maillage_office::filled_financial_report_xlsx(&header, &actuals);
    let name = format!("{}-bilan-financier-{year}.xlsx", a.reference);
    NewDocument::check(&name, &format!("Bilan financier {year} rempli"), xlsx)
        .map_err(|e| anyhow::anyhow!("bilan financier de démonstration : {e}"))
}
