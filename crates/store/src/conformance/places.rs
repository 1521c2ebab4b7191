//! Places taken at the same time: parallel enrolments never exceed the
//! capacity, and releases racing enrolments on one action neither fail nor
//! leave a free place while someone waits, and releases crossing two actions
//! both complete.

use super::actions::{action_input, request, ActionsFixture};
use crate::actions::Enrolled;
use crate::{Actor, Store};

pub async fn concurrent_enrolments_never_exceed_capacity(store: &dyn Store) {
    let fx = ActionsFixture::new(store).await;
    let (actor, coordinator) = (Actor::system(chrono::Utc::now()), &fx.f.angers_coordinator);
    let draft = action_input("Places en crèche AVIP", "8", "request_date")
        .validate(crate::conformance::today())
        .unwrap();
    let action = store
        .create_action(&actor, coordinator, &draft)
        .await
        .unwrap();
    let mut persons = Vec::new();
    for i in 0..20 {
        persons.push(
            fx.person(store, i % 2, &format!("Personne {i}"), i % 3 == 0)
                .await,
        );
    }
    let enrolments = persons.iter().enumerate().map(|(i, person)| {
        let (actor, scope) = (actor.clone(), fx.referents[i % 2].clone());
        async move {
            store
                .enrol(&actor, &scope, action, &request(*person, 1 + i as u32))
                .await
        }
    });
    let results = futures::future::join_all(enrolments).await;
    let placed = results
        .iter()
        .filter(|r| matches!(r, Ok(Enrolled::Placed { .. })))
        .count();
    let waiting = results
        .iter()
        .filter(|r| matches!(r, Ok(Enrolled::Waiting { .. })))
        .count();
    assert_eq!((placed, waiting), (8, 12), "{results:?}");
    let row = store.action(coordinator, action).await.unwrap();
    assert_eq!((row.places_taken, row.waiting), (8, 12));
    let list = store.enrolments(coordinator, action).await.unwrap();
    let ranks: Vec<usize> = list.waiting.iter().map(|w| w.rank).collect();
    assert_eq!(ranks, (1..=12).collect::<Vec<_>>());
}

pub async fn concurrent_releases_and_enrolments_keep_places_consistent(store: &dyn Store) {
    let fx = ActionsFixture::new(store).await;
    let (actor, coordinator) = (Actor::system(chrono::Utc::now()), &fx.f.angers_coordinator);
    let draft = action_input("Places en crèche AVIP", "3", "single_parent_first")
        .validate(crate::conformance::today())
        .unwrap();
    let action = store
        .create_action(&actor, coordinator, &draft)
        .await
        .unwrap();
    let mut placed = Vec::new();
    for i in 0..6 {
        let person = fx
            .person(store, i % 2, &format!("Inscrite {i}"), i % 2 == 0)
            .await;
        let enrolled = store
            .enrol(&actor, coordinator, action, &request(person, 1 + i as u32))
            .await
            .unwrap();
        if let Enrolled::Placed { enrolment_id } = enrolled {
            placed.push(enrolment_id);
        }
    }
    assert_eq!(placed.len(), 3);
    let mut newcomers = Vec::new();
    for i in 0..6 {
        newcomers.push(
            fx.person(store, i % 2, &format!("Nouvelle {i}"), i % 3 == 0)
                .await,
        );
    }
    // Each placed person leaves while newcomers ask for a place.
    let releases = placed.iter().map(|enrolment| {
        let (actor, scope) = (actor.clone(), coordinator.clone());
        async move {
            store
                .release(&actor, &scope, action, *enrolment)
                .await
                .map(|_| ())
        }
    });
    let enrolments = newcomers.iter().enumerate().map(|(i, person)| {
        let (actor, scope) = (actor.clone(), fx.referents[i % 2].clone());
        async move {
            store
                .enrol(&actor, &scope, action, &request(*person, 10 + i as u32))
                .await
                .map(|_| ())
        }
    });
    let (released, enrolled) = futures::future::join(
        futures::future::join_all(releases),
        futures::future::join_all(enrolments),
    )
    .await;
    assert!(released.iter().all(Result::is_ok), "{released:?}");
    assert!(enrolled.iter().all(Result::is_ok), "{enrolled:?}");
    // Every place is taken again, by someone who waited or a newcomer.
    let row = store.action(coordinator, action).await.unwrap();
    assert_eq!((row.places_taken, row.waiting), (3, 6));
    let list = store.enrolments(coordinator, action).await.unwrap();
    assert_eq!(list.placed.len(), 3);
    assert!(list.placed.iter().all(|e| !placed.contains(&e.id)));
    let ranks: Vec<usize> = list.waiting.iter().map(|w| w.rank).collect();
    assert_eq!(ranks, (1..=6).collect::<Vec<_>>());
}

pub async fn crossed_releases_on_two_actions_both_complete(store: &dyn Store) {
    let fx = ActionsFixture::new(store).await;
    let (actor, coordinator) = (Actor::system(chrono::Utc::now()), &fx.f.angers_coordinator);
    let mut actions = Vec::new();
    for title in ["Places en crèche AVIP", "Solidair'Mam"] {
        let draft = action_input(title, "1", "request_date")
            .validate(crate::conformance::today())
            .unwrap();
        actions.push(
            store
                .create_action(&actor, coordinator, &draft)
                .await
                .unwrap(),
        );
    }
    let awa = fx.person(store, 0, "Awa", false).await;
    let binta = fx.person(store, 1, "Binta", false).await;
    // Awa has the crèche's place and waits for Solidair'Mam; Binta the reverse.
    let mut placed = Vec::new();
    for (action, first, second) in [(actions[0], awa, binta), (actions[1], binta, awa)] {
        let Enrolled::Placed { enrolment_id } = store
            .enrol(&actor, coordinator, action, &request(first, 1))
            .await
            .unwrap()
        else {
            panic!("the first request takes the place");
        };
        placed.push((action, enrolment_id));
        store
            .enrol(&actor, coordinator, action, &request(second, 2))
            .await
            .unwrap();
    }
    // Each release gives its place to the person the other one releases.
    let releases = placed.iter().map(|&(action, enrolment)| {
        let (actor, scope) = (actor.clone(), coordinator.clone());
        async move { store.release(&actor, &scope, action, enrolment).await }
    });
    let results = futures::future::join_all(releases).await;
    assert!(
        results.iter().all(|r| matches!(r, Ok(Some(_)))),
        "{results:?}"
    );
    for action in actions {
        let row = store.action(coordinator, action).await.unwrap();
        assert_eq!((row.places_taken, row.waiting), (1, 0));
    }
}
