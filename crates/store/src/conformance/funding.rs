//! The Cité's money: envelope arithmetic, carry-over, commitments racing
//! for the last euros, and who reads and changes what.

use chrono::NaiveDate;
use maillage_domain::accounts::Role;
use maillage_domain::funding::{Allocation, BudgetLine, CarryOver, Commitment, Funder, LineKey};
use maillage_domain::ids::{ActionId, UserId};
use maillage_domain::Scope;

use super::{is_not_found, Fixture};
use crate::{Actor, Store, StoreError};

pub(super) fn key(year: i32, funder: Funder, line: BudgetLine) -> LineKey {
    LineKey { year, funder, line }
}

pub(super) fn allocation(key: LineKey, euros: i64) -> Allocation {
    Allocation {
        key,
        amount_cents: euros * 100,
    }
}

pub(super) fn commitment(
    key: LineKey,
    euros: i64,
    label: &str,
    action_id: Option<ActionId>,
) -> Commitment {
    Commitment {
        key,
        amount_cents: euros * 100,
        label: label.into(),
        action_id,
        committed_on: NaiveDate::from_ymd_opt(key.year, 2, 10).unwrap(),
    }
}

pub(super) fn is_refused<T: std::fmt::Debug>(result: Result<T, StoreError>, field: &str) -> bool {
    matches!(&result, Err(StoreError::Invalid { field: f, .. }) if *f == field)
}

pub async fn envelopes_commitments_and_carry_overs_add_up(store: &dyn Store) {
    let f = Fixture::new(store).await;
    let (actor, coordinator) = (Actor::system(chrono::Utc::now()), &f.angers_coordinator);
    let actions_2025 = key(2025, Funder::Anct, BudgetLine::Actions);
    store
        .set_allocation(&actor, coordinator, &allocation(actions_2025, 50_000))
        .await
        .unwrap();
    let vaulx_action = {
        let input = super::actions::action_input("Action de Vaulx", "", "request_date");
        let draft = input.validate(crate::conformance::today()).unwrap();
        store
            .create_action(&actor, &f.vaulx_coordinator, &draft)
            .await
            .unwrap()
    };
    let foreign = commitment(actions_2025, 100, "Action de Vaulx", Some(vaulx_action));
    assert!(is_refused(
        store.commit(&actor, coordinator, &foreign).await,
        "action_id"
    ));
    store
        .commit(
            &actor,
            coordinator,
            &commitment(actions_2025, 45_500, "Par'Emploi", None),
        )
        .await
        .unwrap();
    let too_much = commitment(actions_2025, 4_501, "Café emploi", None);
    assert!(is_refused(
        store.commit(&actor, coordinator, &too_much).await,
        "amount"
    ));

    let carry = |euros: i64| CarryOver {
        from: actions_2025,
        amount_cents: euros * 100,
        decision: "Comité de pilotage du 12/12/2025".into(),
        decided_on: NaiveDate::from_ymd_opt(2025, 12, 12).unwrap(),
    };
    assert!(is_refused(
        store.carry_over(&actor, coordinator, &carry(4_501)).await,
        "amount"
    ));
    store
        .carry_over(&actor, coordinator, &carry(4_500))
        .await
        .unwrap();
    // What was committed or carried out holds the envelope up.
    let lowered = allocation(actions_2025, 49_999);
    assert!(is_refused(
        store.set_allocation(&actor, coordinator, &lowered).await,
        "amount"
    ));

    for (key, euros) in [
        (key(2026, Funder::Anct, BudgetLine::Engineering), 50_000),
        (key(2026, Funder::Caf, BudgetLine::Actions), 20_000),
        (key(2026, Funder::Anct, BudgetLine::Actions), 50_000),
    ] {
        store
            .set_allocation(&actor, coordinator, &allocation(key, euros))
            .await
            .unwrap();
    }
    let budget = store.budget(coordinator, 2026).await.unwrap();
    let lines: Vec<(Funder, BudgetLine, i64, i64)> = budget
        .lines
        .iter()
        .map(|l| (l.funder, l.line, l.balance.allocated, l.balance.available()))
        .collect();
    assert_eq!(
        lines,
        [
            (Funder::Anct, BudgetLine::Actions, 5_000_000, 5_450_000),
            (Funder::Caf, BudgetLine::Actions, 2_000_000, 2_000_000),
            (Funder::Anct, BudgetLine::Engineering, 5_000_000, 5_000_000),
        ]
    );
    assert_eq!(budget.carry_overs.len(), 1);
    assert_eq!(
        (
            budget.carry_overs[0].from_year,
            budget.carry_overs[0].amount_cents
        ),
        (2025, 450_000)
    );
    let last_year = store.budget(coordinator, 2025).await.unwrap();
    assert_eq!(last_year.lines[0].balance.available(), 0);
    assert_eq!(last_year.commitments[0].label, "Par'Emploi");

    // Who reads: the Cité's coordinators and co-pilots; the national team its totals.
    let pilote = Scope::Cite {
        user_id: UserId::new(1),
        cite_id: f.angers,
        role: Role::Pilote,
        partner_id: None,
    };
    assert_eq!(store.budget(&pilote, 2026).await.unwrap(), budget);
    let change = allocation(key(2026, Funder::Caf, BudgetLine::Actions), 1);
    assert!(matches!(
        store.set_allocation(&actor, &pilote, &change).await,
        Err(StoreError::Forbidden)
    ));
    let referent = Scope::Cite {
        user_id: UserId::new(1),
        cite_id: f.angers,
        role: Role::Referent,
        partner_id: None,
    };
    assert!(is_not_found(store.budget(&referent, 2026).await));
    assert!(store
        .budget(&f.vaulx_coordinator, 2026)
        .await
        .unwrap()
        .lines
        .is_empty());
    let national = Scope::National {
        user_id: UserId::new(1),
    };
    assert!(is_not_found(store.budget(&national, 2026).await));
    assert!(is_not_found(store.national_budget(coordinator, 2026).await));
    let totals = store.national_budget(&national, 2026).await.unwrap();
    assert_eq!(totals.len(), 1);
    let angers = &totals[0];
    assert_eq!(
        (
            angers.cite_id,
            angers.balance.allocated,
            angers.balance.carried_in,
            angers.balance.committed,
            angers.balance.paid,
            angers.anct_allocated
        ),
        (f.angers, 12_000_000, 450_000, 0, 0, 10_000_000)
    );
}

/// Runs racing attempts: exactly two pass, the others are refused on their
/// amount.
pub(super) async fn only_two_pass<T: std::fmt::Debug>(
    attempts: impl Iterator<Item = impl std::future::Future<Output = Result<T, StoreError>>>,
) {
    let results = futures::future::join_all(attempts).await;
    let passed = results.iter().filter(|r| r.is_ok()).count();
    assert_eq!(passed, 2, "{results:?}");
    assert!(results
        .into_iter()
        .filter(|r| r.is_err())
        .all(|r| is_refused(r, "amount")));
}

pub async fn commitments_racing_for_the_last_euros_never_both_pass(store: &dyn Store) {
    let f = Fixture::new(store).await;
    let (actor, coordinator) = (Actor::system(chrono::Utc::now()), &f.angers_coordinator);
    let line = key(2026, Funder::Anct, BudgetLine::Actions);
    store
        .set_allocation(&actor, coordinator, &allocation(line, 50_000))
        .await
        .unwrap();
    let attempts = (0..6).map(|i| {
        let (actor, scope) = (actor.clone(), coordinator.clone());
        async move {
            let wanted = commitment(line, 20_000, &format!("Action {i}"), None);
            store.commit(&actor, &scope, &wanted).await
        }
    });
    only_two_pass(attempts).await;
    let budget = store.budget(coordinator, 2026).await.unwrap();
    assert_eq!(budget.lines[0].balance.available(), 1_000_000);
}
