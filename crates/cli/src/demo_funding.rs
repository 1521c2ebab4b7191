//! Angers' money in the demo: 100 000 € a year from the programme, split
//! 50 000 € for actions and 50 000 € for staff (*ingénierie*), with the CAF
//! co-funding the childcare answers; 2025's unspent 4 500 € carried over to
//! 2026 by the comité de pilotage. Each commitment is paid half at signature
//! (*avance*) and the rest after the bilans (*solde*): 2025's balances are
//! paid, 2026's Par'Emploi has received part of its balance.

use anyhow::Context;
use chrono::NaiveDate;
use maillage_domain::funding::payments::{InstalmentInput, PaymentInput};
use maillage_domain::funding::{
    AllocationInput, CarryOverInput, Commitment, CommitmentInput, Funder,
};
use maillage_domain::ids::CommitmentId;
use maillage_domain::money::euros_input;
use maillage_domain::Scope;
use maillage_store::actions::ActionFilter;
use maillage_store::{Actor, Store};

const PAR_EMPLOI: &str = "Par'Emploi : solutions de garde pour reprendre un emploi";
const AVIP: &str = "Places en crèche AVIP";
const STAFF: &str = "Poste de chargée de mission Cité de l'emploi";

pub fn invalid(errors: maillage_domain::FieldErrors) -> anyhow::Error {
    anyhow::anyhow!("financement de démonstration invalide : {errors}")
}

pub async fn load(store: &dyn Store, coordinator: &Scope, today: NaiveDate) -> anyhow::Result<()> {
    let actor = Actor::system(chrono::Utc::now());
    let actions = store.actions(coordinator, &ActionFilter::default()).await?;
    let action = |title: &str| {
        actions
            .iter()
            .find(|a| a.title == title)
            .map(|a| a.id.to_string())
            .with_context(|| format!("action de démonstration absente : {title}"))
    };
    let envelopes = [
        ("2025", "anct", "actions", "50 000"),
        ("2025", "anct", "ingenierie", "50 000"),
        ("2026", "anct", "actions", "50 000"),
        ("2026", "anct", "ingenierie", "50 000"),
        ("2026", "caf", "actions", "20 000"),
    ];
    allocate(store, &actor, coordinator, &envelopes, today).await?;
    let commitments = [
        (
            "2025",
            "anct",
            "ingenierie",
            "50 000",
            STAFF,
            None,
            "2025-01-15",
        ),
        (
            "2025",
            "anct",
            "actions",
            "30 000",
            PAR_EMPLOI,
            Some(PAR_EMPLOI),
            "2025-02-10",
        ),
        (
            "2025",
            "anct",
            "actions",
            "15 500",
            AVIP,
            Some(AVIP),
            "2025-02-10",
        ),
        (
            "2026",
            "anct",
            "ingenierie",
            "50 000",
            STAFF,
            None,
            "2026-01-14",
        ),
        (
            "2026",
            "anct",
            "actions",
            "30 000",
            PAR_EMPLOI,
            Some(PAR_EMPLOI),
            "2026-02-09",
        ),
        (
            "2026",
            "caf",
            "actions",
            "8 000",
            PAR_EMPLOI,
            Some(PAR_EMPLOI),
            "2026-02-09",
        ),
        (
            "2026",
            "anct",
            "actions",
            "12 000",
            AVIP,
            Some(AVIP),
            "2026-02-09",
        ),
        (
            "2026",
            "caf",
            "actions",
            "12 000",
            AVIP,
            Some(AVIP),
            "2026-02-09",
        ),
    ];
    let mut lines = Vec::new();
    for (year, funder, line, amount, label, funded, on) in commitments {
        let action_id = funded.map(action).transpose()?.unwrap_or_default();
        lines.push((year, funder, line, amount, label, action_id, on));
    }
    let committed = commit(store, &actor, coordinator, &lines, today).await?;
    for (id, commitment) in &committed {
        let advance = commitment.amount_cents / 2;
        let balance_paid = match (commitment.key.year, commitment.label.as_str()) {
            (2025, _) => Some(("2026-01-20".to_owned(), commitment.amount_cents - advance)),
            (_, PAR_EMPLOI) if commitment.key.funder == Funder::Anct => {
                Some(("2026-07-01".to_owned(), 500_000))
            }
            _ => None,
        };
        pay(
            store,
            coordinator,
            &actor,
            *id,
            commitment,
            balance_paid,
            today,
        )
        .await?;
    }
    let carry = CarryOverInput {
        year: "2025".into(),
        funder: "anct".into(),
        line: "actions".into(),
        amount: "4 500".into(),
        decision: "Comité de pilotage du 11/12/2025".into(),
        decided_on: "2025-12-11".into(),
    };
    let carry = carry.validate(today).map_err(invalid)?;
    store.carry_over(&actor, coordinator, &carry).await?;
    Ok(())
}

/// Sets the envelope's lines, each `(year, funder, line, amount)`.
pub async fn allocate(
    store: &dyn Store,
    actor: &Actor,
    coordinator: &Scope,
    envelopes: &[(&str, &str, &str, &str)],
    today: NaiveDate,
) -> anyhow::Result<()> {
    for (year, funder, line, amount) in envelopes {
        let input = AllocationInput {
            year: (*year).into(),
            funder: (*funder).into(),
            line: (*line).into(),
            amount: (*amount).into(),
        };
        let allocation = input.validate(today).map_err(invalid)?;
        store
            .set_allocation(actor, coordinator, &allocation)
            .await?;
    }
    Ok(())
}

/// A commitment as the funding page takes it: year, funder, line, amount,
/// label, the action funded (its id, or empty) and the day committed.
pub type CommitmentLine<'a> = (&'a str, &'a str, &'a str, &'a str, &'a str, String, &'a str);

/// Commits each line: their ids with what was committed.
pub async fn commit(
    store: &dyn Store,
    actor: &Actor,
    coordinator: &Scope,
    lines: &[CommitmentLine<'_>],
    today: NaiveDate,
) -> anyhow::Result<Vec<(CommitmentId, Commitment)>> {
    let mut committed = Vec::new();
    for (year, funder, line, amount, label, action_id, on) in lines {
        let input = CommitmentInput {
            year: (*year).into(),
            funder: (*funder).into(),
            line: (*line).into(),
            amount: (*amount).into(),
            label: (*label).into(),
            action_id: action_id.clone(),
            committed_on: (*on).into(),
        };
        let commitment = input.validate(today).map_err(invalid)?;
        let id = store.commit(actor, coordinator, &commitment).await?;
        committed.push((id, commitment));
    }
    Ok(committed)
}

/// Half at signature, paid that day; the balance due after the bilans, on
/// 15 December, paid when `balance_paid` says (day, cents): for Angers in
/// January for 2025's, 5 000 € of it in July for 2026's Par'Emploi.
pub async fn pay(
    store: &dyn Store,
    coordinator: &Scope,
    actor: &Actor,
    id: CommitmentId,
    commitment: &Commitment,
    balance_paid: Option<(String, i64)>,
    today: NaiveDate,
) -> anyhow::Result<()> {
    let year = commitment.key.year;
    let advance = commitment.amount_cents / 2;
    let schedule = [
        (
            "Avance à la signature",
            commitment.committed_on.to_string(),
            advance,
        ),
        (
            "Solde après les bilans",
            format!("{year}-12-15"),
            commitment.amount_cents - advance,
        ),
    ];
    let mut instalments = Vec::new();
    for (label, planned_on, cents) in schedule {
        let input = InstalmentInput {
            label: label.into(),
            planned_on,
            amount: euros_input(cents),
        };
        let instalment = input.validate(today).map_err(invalid)?;
        instalments.push(
            store
                .add_instalment(actor, coordinator, id, &instalment)
                .await?,
        );
    }
    let payments = std::iter::once((commitment.committed_on.to_string(), advance, instalments[0]))
        .chain(balance_paid.map(|(on, cents)| (on, cents, instalments[1])));
    for (paid_on, cents, instalment) in payments {
        let input = PaymentInput {
            paid_on,
            amount: euros_input(cents),
            instalment_id: instalment.to_string(),
        };
        let payment = input.validate(today).map_err(invalid)?;
        store
            .record_payment(actor, coordinator, id, &payment)
            .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use maillage_domain::accounts::Role;
    use maillage_domain::funding::BudgetLine;
    use maillage_domain::ids::UserId;
    use maillage_domain::Scope;
    use maillage_store::{CiteStore, FundingStore};

    #[tokio::test]
    async fn angers_pays_half_at_signature_and_part_of_the_balance() {
        let (store, path) = crate::demo::loaded_for_test("demo-funding").await;
        let angers = store.cite_id_by_code("angers").await.unwrap().unwrap();
        let pilote = Scope::Cite {
            user_id: UserId::new(1),
            cite_id: angers,
            role: Role::Pilote,
            partner_id: None,
        };
        let paid = |lines: &[maillage_store::funding::LineRow]| -> Vec<(BudgetLine, i64, i64)> {
            lines
                .iter()
                .map(|l| (l.line, l.balance.committed, l.balance.paid))
                .collect()
        };
        let last_year = store.budget(&pilote, 2025).await.unwrap();
        assert!(
            last_year.lines.iter().all(|l| l.balance.to_pay() == 0),
            "2025 is paid"
        );
        let year = store.budget(&pilote, 2026).await.unwrap();
        assert_eq!(
            paid(&year.lines),
            [
                // ANCT: Par'Emploi 15 000 + 5 000 of its balance, AVIP 6 000.
                (BudgetLine::Actions, 4_200_000, 2_600_000),
                (BudgetLine::Actions, 2_000_000, 1_000_000),
                (BudgetLine::Engineering, 5_000_000, 2_500_000),
            ]
        );
        let par_emploi = year
            .commitments
            .iter()
            .find(|c| c.label == super::PAR_EMPLOI && c.amount_cents == 3_000_000)
            .unwrap();
        let file = store.commitment_file(&pilote, par_emploi.id).await.unwrap();
        let schedule: Vec<(&str, i64, i64)> = file
            .instalments
            .iter()
            .map(|i| (i.label.as_str(), i.amount_cents, i.paid))
            .collect();
        assert_eq!(
            schedule,
            [
                ("Avance à la signature", 1_500_000, 1_500_000),
                ("Solde après les bilans", 1_500_000, 500_000),
            ]
        );
        store.close().await;
        let _ = std::fs::remove_file(&path);
    }
}
