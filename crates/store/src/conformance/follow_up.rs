//! Finding people and following up.

use maillage_domain::accounts::Role;
use maillage_domain::ids::UserId;
use maillage_domain::participants::outcomes::{Checkpoint, Outcome};
use maillage_domain::Scope;

use super::{is_not_found, person, Fixture};
use crate::follow_up::SearchFilters;
use crate::participants::Decision;
use crate::{Actor, Store, StoreError};

fn day(y: i32, m: u32, d: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

pub async fn search_and_todo(store: &dyn Store) {
    let f = Fixture::new(store).await;
    let actor = Actor::system(chrono::Utc::now());
    let ml = f.partner(store, "Mission locale").await;
    let cidff = f.partner(store, "CIDFF").await;
    let ml_ref = f.referent(store, ml, "ml@angers.fr").await;
    let cidff_ref = f.referent(store, cidff, "cidff@angers.fr").await;
    let cohort_id = f.cohort(store, 2025).await;
    let mut ids = Vec::new();
    for (first, last) in [
        ("Élodie", "Lefèvre"),
        ("Karim", "Benali"),
        ("Marie", "Durand"),
    ] {
        let mut draft = person(&[]);
        draft.first_name = first.into();
        draft.last_name = last.into();
        let (id, referral) = store
            .propose(&actor, &ml_ref, cohort_id, &draft, None, day(2025, 2, 1))
            .await
            .unwrap();
        store
            .decide_referral(
                &actor,
                &f.angers_coordinator,
                referral,
                &Decision::Accept {
                    entry_date: day(2025, 2, 3),
                },
                day(2025, 2, 3),
            )
            .await
            .unwrap();
        ids.push(id);
    }
    store
        .add_barrier(
            &actor,
            &ml_ref,
            ids[1],
            "mobilite--preparer-un-permis",
            day(2025, 2, 3),
            None,
        )
        .await
        .unwrap();

    let filters = |text: &str| SearchFilters {
        text: Some(text.into()),
        per_page: 50,
        ..SearchFilters::default()
    };
    let (rows, total) = store
        .search(&ml_ref, &filters("elodie lefe"))
        .await
        .unwrap();
    assert_eq!(
        (total, rows[0].id),
        (1, ids[0]),
        "accent- and case-insensitive, partial"
    );
    let (_, total) = store
        .search(
            &ml_ref,
            &SearchFilters {
                per_page: 50,
                ..SearchFilters::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(total, 3);
    let by_barrier = SearchFilters {
        thematic: Some("mobilite--preparer-un-permis".into()),
        per_page: 50,
        ..SearchFilters::default()
    };
    let (rows, _) = store
        .search(&f.angers_coordinator, &by_barrier)
        .await
        .unwrap();
    assert_eq!((rows.len(), rows[0].open_barriers), (1, 1));
    let page = SearchFilters {
        per_page: 2,
        page: 1,
        ..SearchFilters::default()
    };
    let (rows, total) = store.search(&ml_ref, &page).await.unwrap();
    assert_eq!((rows.len(), total), (1, 3));
    assert_eq!(
        store.search(&cidff_ref, &filters("")).await.unwrap().1,
        0,
        "not followed, not found"
    );
    let pilote = Scope::Cite {
        user_id: UserId::new(1),
        cite_id: f.angers,
        role: Role::Pilote,
        partner_id: None,
    };
    assert!(is_not_found(store.search(&pilote, &filters("")).await));

    // Exit in February 2025: +6 and +12 month checks fall due.
    store
        .record_outcome(
            &actor,
            &ml_ref,
            ids[2],
            Checkpoint::Exit,
            Outcome::Cdi,
            day(2025, 2, 28),
        )
        .await
        .unwrap();
    let todo = store.todo(&ml_ref, day(2025, 8, 10)).await.unwrap();
    let due: Vec<(Checkpoint, chrono::NaiveDate)> =
        todo.checks_due.iter().map(|(_, c, d)| (*c, *d)).collect();
    assert_eq!(due, vec![(Checkpoint::SixMonths, day(2025, 8, 28))]);
    assert_eq!(
        todo.without_lead.len(),
        2,
        "the two still active have no lead référent"
    );
    assert!(todo.referrals_waiting.is_empty());
    let ml_user = ml_ref.user_id();
    store
        .set_lead_user(&actor, &ml_ref, ids[0], ml_user)
        .await
        .unwrap();
    let wrong = store
        .set_lead_user(&actor, &f.angers_coordinator, ids[1], cidff_ref.user_id())
        .await;
    assert!(matches!(
        wrong,
        Err(StoreError::Invalid {
            field: "user_id",
            ..
        })
    ));
    assert_eq!(
        store
            .todo(&ml_ref, day(2025, 8, 10))
            .await
            .unwrap()
            .without_lead
            .len(),
        1
    );
    let consents = store
        .todo(&ml_ref, day(2026, 12, 20))
        .await
        .unwrap()
        .consents_expiring;
    assert_eq!(
        consents.len(),
        3,
        "consents of January 2026 are up for renewal"
    );
    assert!(store
        .todo(&cidff_ref, day(2025, 8, 10))
        .await
        .unwrap()
        .checks_due
        .is_empty());

    let counts = store.counts(&pilote).await.unwrap();
    assert_eq!(
        (
            counts[0].active,
            counts[0].exited,
            counts[0].durable_employment
        ),
        (2, 1, 1)
    );
    let national = store
        .counts(&Scope::National {
            user_id: UserId::new(1),
        })
        .await
        .unwrap();
    assert_eq!(national.len(), 1, "only Cités with persons");
}
