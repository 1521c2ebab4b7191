//! Angers' money in the demo: 100 000 € a year from the programme, split
//! 50 000 € for actions and 50 000 € for staff (*ingénierie*), with the CAF
//! co-funding the childcare answers; 2025's unspent 4 500 € carried over to
//! 2026 by the comité de pilotage.

use anyhow::Context;
use chrono::NaiveDate;
use maillage_domain::funding::{AllocationInput, CarryOverInput, CommitmentInput};
use maillage_domain::Scope;
use maillage_store::actions::ActionFilter;
use maillage_store::{Actor, Store};

const PAR_EMPLOI: &str = "Par'Emploi : solutions de garde pour reprendre un emploi";
const AVIP: &str = "Places en crèche AVIP";
const STAFF: &str = "Poste de chargée de mission Cité de l'emploi";

fn invalid(errors: maillage_domain::FieldErrors) -> anyhow::Error {
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
    for (year, funder, line, amount) in envelopes {
        let input = AllocationInput {
            year: year.into(),
            funder: funder.into(),
            line: line.into(),
            amount: amount.into(),
        };
        let allocation = input.validate(today).map_err(invalid)?;
        store
            .set_allocation(&actor, coordinator, &allocation)
            .await?;
    }
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
    for (year, funder, line, amount, label, funded, on) in commitments {
        let input = CommitmentInput {
            year: year.into(),
            funder: funder.into(),
            line: line.into(),
            amount: amount.into(),
            label: label.into(),
            action_id: funded.map(action).transpose()?.unwrap_or_default(),
            committed_on: on.into(),
        };
        let commitment = input.validate(today).map_err(invalid)?;
        store.commit(&actor, coordinator, &commitment).await?;
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
