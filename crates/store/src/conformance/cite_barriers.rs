//! A Cité's barrier vocabulary (« freins de la Cité »): words named by its
//! coordinators only, read by its members, persons counted once per word,
//! and removing a word leaves persons' barriers as they were.

use maillage_domain::accounts::Role;
use maillage_domain::barriers::{BarrierWordDraft, Vocabulary};
use maillage_domain::ids::{ParticipantId, UserId};
use maillage_domain::Scope;

use super::case_file::person;
use super::{is_not_found, Fixture};
use crate::cite_barriers::{PersonsLifted, WordCounts};
use crate::{Actor, Store, StoreError};

fn draft(label: &str, thematics: &[&'static str]) -> BarrierWordDraft {
    BarrierWordDraft {
        label: label.into(),
        thematics: thematics.to_vec(),
    }
}

fn labels(vocabulary: &Vocabulary) -> Vec<&str> {
    vocabulary
        .words()
        .iter()
        .map(|w| w.label.as_str())
        .collect()
}

fn counts(identified: i64, lifted: i64) -> PersonsLifted {
    PersonsLifted { identified, lifted }
}

/// A person proposed by `lead` with these barriers (thematic, lifted).
async fn with_barriers(
    store: &dyn Store,
    lead: &Scope,
    cohort_id: maillage_domain::ids::CohortId,
    first_name: &str,
    barriers: &[(&str, bool)],
) -> ParticipantId {
    let actor = Actor::system(chrono::Utc::now());
    let day = chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
    let mut draft = person(&[]);
    draft.first_name = first_name.into();
    let (id, _) = store
        .propose(&actor, lead, cohort_id, &draft, None, day)
        .await
        .unwrap();
    for (thematic, lifted) in barriers {
        let barrier = store
            .add_barrier(&actor, lead, id, thematic, day, None)
            .await
            .unwrap();
        if *lifted {
            store
                .lift_barrier(&actor, lead, id, barrier, day, None)
                .await
                .unwrap();
        }
    }
    id
}

pub async fn cite_barrier_words_are_named_by_coordinators_and_count_persons_once(
    store: &dyn Store,
) {
    let f = Fixture::new(store).await;
    let actor = Actor::system(chrono::Utc::now());
    let coordinator = &f.angers_coordinator;
    let (_, lead) = f
        .angers_referent(store, "Mission locale", "lead@angers.fr")
        .await;
    let mobility = store
        .add_barrier_word(&actor, coordinator, &draft("Mobilité", &["mobilite"]))
        .await
        .unwrap();
    let childcare = store
        .add_barrier_word(
            &actor,
            coordinator,
            &draft("Garde d'enfants", &["famille--garde-denfants"]),
        )
        .await
        .unwrap();

    // Only the Cité's coordinators name words; a code maps to one word.
    assert!(matches!(
        store
            .add_barrier_word(&actor, &lead, &draft("Santé", &["sante"]))
            .await,
        Err(StoreError::Forbidden)
    ));
    // Checked again when saved, whatever the form saw: the same code, a
    // thematic of a category another word maps, the same name.
    for (label, thematics, field) in [
        ("Enfants", &["famille--garde-denfants"][..], "thematics"),
        ("Permis", &["mobilite--preparer-un-permis"][..], "thematics"),
        ("MOBILITE", &["sante"][..], "label"),
    ] {
        let refused = store
            .add_barrier_word(&actor, coordinator, &draft(label, thematics))
            .await;
        assert!(
            matches!(&refused, Err(StoreError::Invalid { field: f, .. }) if *f == field),
            "{label}: {refused:?}"
        );
    }
    for foreign in [
        store
            .update_barrier_word(&actor, &f.vaulx_coordinator, mobility, &draft("X", &[]))
            .await,
        store
            .remove_barrier_word(&actor, &f.vaulx_coordinator, mobility)
            .await,
        store
            .move_barrier_word(&actor, &f.vaulx_coordinator, mobility, true)
            .await,
    ] {
        assert!(is_not_found(foreign));
    }
    assert!(is_not_found(
        store.barrier_words(&f.vaulx_coordinator, f.angers).await
    ));
    let read = store.barrier_words(&lead, f.angers).await.unwrap();
    assert_eq!(labels(&read), ["Mobilité", "Garde d'enfants"]);
    assert_eq!(read.words()[0].thematics, ["mobilite"]);
    assert!(store
        .barrier_words(&f.vaulx_coordinator, f.vaulx)
        .await
        .unwrap()
        .is_empty());

    // Two mobility barriers of one person count one person.
    let cohort_id = f.cohort(store, 2026).await;
    let amina = with_barriers(
        store,
        &lead,
        cohort_id,
        "Amina",
        &[
            ("mobilite--preparer-un-permis", false),
            ("mobilite--acceder-a-un-vehicule", false),
            ("famille--garde-denfants", true),
        ],
    )
    .await;
    with_barriers(
        store,
        &lead,
        cohort_id,
        "Binta",
        &[
            ("mobilite--preparer-un-permis", true),
            ("numerique--maitriser-les-fondamentaux-du-numerique", false),
        ],
    )
    .await;
    let pilote = Scope::Cite {
        user_id: UserId::new(2),
        cite_id: f.angers,
        role: Role::Pilote,
        partner_id: None,
    };
    let expected = WordCounts {
        words: vec![(mobility, counts(2, 1)), (childcare, counts(1, 1))],
        others: counts(1, 0),
    };
    let mut by_word = store.barriers_by_word(&pilote).await.unwrap();
    by_word.words.sort_by_key(|(id, _)| *id);
    assert_eq!(by_word, expected);
    assert!(matches!(
        store.barriers_by_word(&lead).await,
        Err(StoreError::Forbidden)
    ));
    assert_eq!(
        store.barriers_by_word(&f.vaulx_coordinator).await.unwrap(),
        WordCounts::default()
    );

    // Reordered, re-mapped, removed: persons' barriers stay as they were.
    store
        .move_barrier_word(&actor, coordinator, childcare, true)
        .await
        .unwrap();
    store
        .move_barrier_word(&actor, coordinator, childcare, true)
        .await
        .unwrap();
    store
        .update_barrier_word(
            &actor,
            coordinator,
            mobility,
            &draft("Permis", &["mobilite--preparer-un-permis"]),
        )
        .await
        .unwrap();
    let read = store.barrier_words(coordinator, f.angers).await.unwrap();
    assert_eq!(labels(&read), ["Garde d'enfants", "Permis"]);
    store
        .remove_barrier_word(&actor, coordinator, childcare)
        .await
        .unwrap();
    let by_word = store.barriers_by_word(coordinator).await.unwrap();
    assert_eq!(by_word.of(mobility), counts(2, 1));
    assert_eq!(by_word.others, counts(2, 0));
    let file = store.case_file(&actor, coordinator, amina).await.unwrap();
    assert_eq!(file.barriers.len(), 3);
    let log = store.audit_log(coordinator, 100).await.unwrap();
    for action in [
        "cite.barriers.create",
        "cite.barriers.update",
        "cite.barriers.move",
        "cite.barriers.delete",
    ] {
        assert!(log.iter().any(|row| row.action == action), "{action}");
    }
}
