//! Paying a commitment: the schedule and the payments add up on the line
//! and in the national totals, never beyond the commitment nor a payment
//! beyond its instalment, even racing; another Cité's commitment is not found.

use chrono::NaiveDate;
use maillage_domain::accounts::Role;
use maillage_domain::funding::payments::{Instalment, Payment};
use maillage_domain::funding::{BudgetLine, Funder};
use maillage_domain::ids::{CommitmentId, InstalmentId, UserId};
use maillage_domain::Scope;

use super::funding::{allocation, commitment, is_refused, key, only_two_pass};
use super::{is_not_found, Fixture};
use crate::{Actor, Store, StoreError};

fn day(month: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, month, d).unwrap()
}

fn payment(euros: i64, instalment_id: Option<InstalmentId>) -> Payment {
    Payment {
        paid_on: day(3, 1),
        amount_cents: euros * 100,
        instalment_id,
    }
}

/// A 30 000 € commitment on Angers' 2026 actions line, given 60 000 €.
async fn committed(store: &dyn Store, f: &Fixture) -> CommitmentId {
    let (actor, coordinator) = (Actor::system(chrono::Utc::now()), &f.angers_coordinator);
    let line = key(2026, Funder::Anct, BudgetLine::Actions);
    store
        .set_allocation(&actor, coordinator, &allocation(line, 60_000))
        .await
        .unwrap();
    store
        .commit(
            &actor,
            coordinator,
            &commitment(line, 30_000, "Par'Emploi", None),
        )
        .await
        .unwrap()
}

pub async fn payments_are_scheduled_and_never_exceed_the_commitment(store: &dyn Store) {
    let f = Fixture::new(store).await;
    let (actor, coordinator) = (Actor::system(chrono::Utc::now()), &f.angers_coordinator);
    let id = committed(store, &f).await;
    let instalment = |label: &str, euros: i64, month: u32| Instalment {
        label: label.into(),
        planned_on: day(month, 1),
        amount_cents: euros * 100,
    };
    let advance = store
        .add_instalment(
            &actor,
            coordinator,
            id,
            &instalment("Avance à la signature", 15_000, 3),
        )
        .await
        .unwrap();
    let balance = instalment("Solde après les bilans", 15_001, 12);
    assert!(is_refused(
        store
            .add_instalment(&actor, coordinator, id, &balance)
            .await,
        "amount"
    ));
    store
        .add_instalment(
            &actor,
            coordinator,
            id,
            &instalment("Solde après les bilans", 15_000, 12),
        )
        .await
        .unwrap();
    store
        .record_payment(&actor, coordinator, id, &payment(15_000, Some(advance)))
        .await
        .unwrap();
    store
        .record_payment(&actor, coordinator, id, &payment(5_000, None))
        .await
        .unwrap();
    assert!(is_refused(
        store
            .record_payment(&actor, coordinator, id, &payment(10_001, None))
            .await,
        "amount"
    ));

    let file = store.commitment_file(coordinator, id).await.unwrap();
    assert_eq!(
        (file.commitment.year, file.commitment.paid),
        (2026, 2_000_000)
    );
    let balance = file.balance();
    assert_eq!(
        (balance.scheduled, balance.to_pay()),
        (3_000_000, 1_000_000)
    );
    let schedule: Vec<(&str, i64)> = file
        .instalments
        .iter()
        .map(|i| (i.label.as_str(), i.paid))
        .collect();
    assert_eq!(
        schedule,
        [
            ("Avance à la signature", 1_500_000),
            ("Solde après les bilans", 0)
        ]
    );
    assert_eq!(
        file.payments[0].instalment.as_deref(),
        Some("Avance à la signature")
    );
    let budget = store.budget(coordinator, 2026).await.unwrap();
    let line = budget.lines[0].balance;
    assert_eq!(
        (line.committed, line.paid, line.to_pay()),
        (3_000_000, 2_000_000, 1_000_000)
    );
    assert_eq!(budget.commitments[0].paid, 2_000_000);

    // Scope: the co-pilots read; another Cité's coordinator, the national
    // team and référents find nothing; only coordinators write.
    let pilote = Scope::Cite {
        user_id: UserId::new(1),
        cite_id: f.angers,
        role: Role::Pilote,
        partner_id: None,
    };
    assert_eq!(store.commitment_file(&pilote, id).await.unwrap(), file);
    assert!(matches!(
        store
            .record_payment(&actor, &pilote, id, &payment(1, None))
            .await,
        Err(StoreError::Forbidden)
    ));
    let vaulx = &f.vaulx_coordinator;
    assert!(is_not_found(store.commitment_file(vaulx, id).await));
    assert!(is_not_found(
        store
            .record_payment(&actor, vaulx, id, &payment(1, None))
            .await
    ));
    assert!(is_not_found(
        store
            .add_instalment(&actor, vaulx, id, &instalment("Avance", 1, 3))
            .await
    ));
    let national = Scope::National {
        user_id: UserId::new(1),
    };
    assert!(is_not_found(store.commitment_file(&national, id).await));
    // An instalment of another commitment is refused, nothing paid.
    let other = committed(store, &f).await;
    assert!(is_refused(
        store
            .record_payment(&actor, coordinator, other, &payment(1, Some(advance)))
            .await,
        "instalment_id"
    ));
    assert_eq!(
        store
            .commitment_file(coordinator, other)
            .await
            .unwrap()
            .commitment
            .paid,
        0
    );
    let totals = store.national_budget(&national, 2026).await.unwrap();
    assert_eq!(
        (totals[0].balance.committed, totals[0].balance.paid),
        (6_000_000, 2_000_000)
    );
}

pub async fn payments_racing_for_the_last_euros_never_overpay(store: &dyn Store) {
    let f = Fixture::new(store).await;
    let (actor, coordinator) = (Actor::system(chrono::Utc::now()), &f.angers_coordinator);
    let id = committed(store, &f).await;
    let attempts = (0..6).map(|_| {
        let (actor, scope) = (actor.clone(), coordinator.clone());
        async move {
            store
                .record_payment(&actor, &scope, id, &payment(12_000, None))
                .await
        }
    });
    only_two_pass(attempts).await;
    let file = store.commitment_file(coordinator, id).await.unwrap();
    assert_eq!(file.commitment.paid, 2_400_000);
}

/// A payment linked to an instalment never takes it past its own amount, even
/// racing; unlinked, the rest of the commitment stays payable.
pub async fn a_payment_never_takes_its_instalment_past_its_amount(store: &dyn Store) {
    let f = Fixture::new(store).await;
    let (actor, coordinator) = (Actor::system(chrono::Utc::now()), &f.angers_coordinator);
    let id = committed(store, &f).await;
    let advance = Instalment {
        label: "Avance à la signature".into(),
        planned_on: day(3, 1),
        amount_cents: 1_000_000,
    };
    let advance = store
        .add_instalment(&actor, coordinator, id, &advance)
        .await
        .unwrap();
    store
        .record_payment(&actor, coordinator, id, &payment(4_000, Some(advance)))
        .await
        .unwrap();
    assert!(is_refused(
        store
            .record_payment(&actor, coordinator, id, &payment(6_001, Some(advance)))
            .await,
        "amount"
    ));
    // Two payments of 4 000 € race for the advance's last 6 000 €: one passes.
    let attempts = (0..2).map(|_| {
        let (actor, scope) = (actor.clone(), coordinator.clone());
        async move {
            store
                .record_payment(&actor, &scope, id, &payment(4_000, Some(advance)))
                .await
        }
    });
    let passed = futures::future::join_all(attempts)
        .await
        .into_iter()
        .filter(Result::is_ok)
        .count();
    assert_eq!(passed, 1);
    store
        .record_payment(&actor, coordinator, id, &payment(2_000, Some(advance)))
        .await
        .unwrap();
    store
        .record_payment(&actor, coordinator, id, &payment(20_000, None))
        .await
        .unwrap();
    let file = store.commitment_file(coordinator, id).await.unwrap();
    assert_eq!(file.instalments[0].paid, 1_000_000);
    assert_eq!(file.commitment.paid, 3_000_000);
}
