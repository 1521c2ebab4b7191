//! Finding people and following up.

use maillage_domain::accounts::Role;
use maillage_domain::follow_up::TodoKind;
use maillage_domain::ids::{ParticipantId, PartnerId, UserId};
use maillage_domain::participants::outcomes::{Checkpoint, Outcome};
use maillage_domain::Scope;

use super::{cite_input, is_not_found, person, Fixture};
use crate::follow_up::{SearchFilters, TodoFilters, TodoLine};
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
        thematics: vec!["mobilite--preparer-un-permis".into()],
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
    let every = TodoFilters {
        per_page: 50,
        ..TodoFilters::default()
    };
    let todo = store.todo(&ml_ref, day(2025, 8, 10), &every).await.unwrap();
    let due: Vec<(Option<Checkpoint>, Option<chrono::NaiveDate>)> = of_kind(&todo, TodoKind::Check)
        .map(|l| (l.checkpoint, l.since))
        .collect();
    assert_eq!(
        due,
        vec![(Some(Checkpoint::SixMonths), Some(day(2025, 2, 28)))],
        "the +6 check of an exit on 28/02/2025"
    );
    assert_eq!(
        of_kind(&todo, TodoKind::WithoutLead).count(),
        2,
        "the two still active have no lead référent"
    );
    assert_eq!(of_kind(&todo, TodoKind::Referral).count(), 0);
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
    let counts = store
        .todo_counts(&ml_ref, day(2025, 8, 10), &every)
        .await
        .unwrap();
    assert_eq!(counts.of(TodoKind::WithoutLead), 1);
    assert!(store
        .todo(&cidff_ref, day(2025, 8, 10), &every)
        .await
        .unwrap()
        .is_empty());
    assert!(is_not_found(
        store.todo(&pilote, day(2025, 8, 10), &every).await
    ));
    todo_is_filtered_and_paged(store, &f, &ml_ref, &ids, cidff).await;

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

fn of_kind(lines: &[TodoLine], kind: TodoKind) -> impl Iterator<Item = &TodoLine> {
    lines.iter().filter(move |l| l.kind == kind)
}

/// Consents are renewed only while the follow-up runs; the lines come by
/// kind, filtered by référent and partner, a page at a time, and the counts
/// by kind match the lines.
async fn todo_is_filtered_and_paged(
    store: &dyn Store,
    f: &Fixture,
    ml_ref: &Scope,
    ids: &[ParticipantId],
    other_partner: PartnerId,
) {
    let coordinator = &f.angers_coordinator;
    let every = TodoFilters {
        per_page: 50,
        ..TodoFilters::default()
    };
    // 20/12/2026: the consents of February 2025 expire. Durand left on
    // 28/02/2025 and the Cité follows 12 months after the exit: her
    // follow-up ended on 28/02/2026, nobody asks her to renew.
    let today = day(2026, 12, 20);
    let all = store.todo(coordinator, today, &every).await.unwrap();
    let consents: Vec<ParticipantId> = of_kind(&all, TodoKind::Consent).map(|l| l.id).collect();
    assert_eq!(consents.len(), 2, "no renewal once the follow-up has ended");
    assert!(!consents.contains(&ids[2]));
    assert!(consents.contains(&ids[0]) && consents.contains(&ids[1]));
    // Her cohort keeps the length it was created with, as its checks do: a
    // Cité that now follows 24 months does not reopen her follow-up.
    follow_up_months(store, coordinator, 24).await;
    let longer = store.todo(coordinator, today, &every).await.unwrap();
    assert_eq!(of_kind(&longer, TodoKind::Consent).count(), 2);
    follow_up_months(store, coordinator, 12).await;

    // By kind, in the domain's order; the counts are the lines'.
    let ranks: Vec<usize> = all
        .iter()
        .map(|l| TodoKind::ALL.iter().position(|k| *k == l.kind).unwrap())
        .collect();
    assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "{ranks:?}");
    let counts = store.todo_counts(coordinator, today, &every).await.unwrap();
    assert_eq!(counts.total(), i64::try_from(all.len()).unwrap());
    for kind in TodoKind::ALL {
        let lines = i64::try_from(of_kind(&all, kind).count()).unwrap();
        assert_eq!(counts.of(kind), lines, "{kind:?}");
    }
    // One kind only.
    let only = TodoFilters {
        kind: Some(TodoKind::Consent),
        ..every.clone()
    };
    let consent_lines = store.todo(coordinator, today, &only).await.unwrap();
    assert!(consent_lines.iter().all(|l| l.kind == TodoKind::Consent));
    assert_eq!(consent_lines.len(), 2);

    // By référent: Élodie is the only one the Mission locale's référent leads.
    let mine = TodoFilters {
        lead_user_id: Some(ml_ref.user_id()),
        ..every.clone()
    };
    let lines = store.todo(coordinator, today, &mine).await.unwrap();
    assert!(!lines.is_empty());
    assert!(lines.iter().all(|l| l.id == ids[0]), "{lines:?}");
    let counts = store.todo_counts(coordinator, today, &mine).await.unwrap();
    assert_eq!(counts.total(), i64::try_from(lines.len()).unwrap());
    // By partner: nobody is led by the other partner.
    let theirs = TodoFilters {
        partner_id: Some(other_partner),
        ..every.clone()
    };
    assert!(store
        .todo(coordinator, today, &theirs)
        .await
        .unwrap()
        .is_empty());
    assert_eq!(
        store
            .todo_counts(coordinator, today, &theirs)
            .await
            .unwrap(),
        crate::follow_up::TodoCounts::default()
    );

    // A page at a time: the pages put together are the whole list.
    let mut paged = Vec::new();
    for page in 0..=i64::try_from(all.len()).unwrap() {
        let one = TodoFilters {
            page,
            per_page: 2,
            ..every.clone()
        };
        paged.extend(store.todo(coordinator, today, &one).await.unwrap());
    }
    let key = |l: &TodoLine| (l.kind, l.id, l.checkpoint);
    assert_eq!(
        paged.iter().map(key).collect::<Vec<_>>(),
        all.iter().map(key).collect::<Vec<_>>()
    );
}

/// Sets how long Angers follows people after their exit.
async fn follow_up_months(store: &dyn Store, coordinator: &Scope, months: i32) {
    let mut profile = cite_input("Angers", "49", "49007")
        .validate(crate::conformance::today())
        .unwrap();
    profile.follow_up_months = months;
    store
        .update_cite(&Actor::system(chrono::Utc::now()), coordinator, &profile)
        .await
        .unwrap();
}
