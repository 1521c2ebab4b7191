//! The yearly bilan's texts: each Cité's and the network's kept apart per
//! year, rewritten in place, read by co-pilots, written by coordinators
//! and the national team only.

use chrono::{TimeZone, Utc};
use maillage_domain::accounts::Role;
use maillage_domain::indicators::bilan::{BilanPart, BilanTexts};

use super::fixture::{member, Fixture};
use super::network::national_team;
use crate::{Actor, Store, StoreError};

fn texts(pairs: &[(&str, &str)]) -> BilanTexts {
    BilanTexts::from_stored(
        pairs
            .iter()
            .map(|(part, text)| ((*part).to_owned(), (*text).to_owned())),
    )
}

pub async fn bilan_texts_are_kept_per_cite_and_year_and_written_by_their_owner(store: &dyn Store) {
    let f = Fixture::new(store).await;
    let (angers, vaulx) = (&f.angers_coordinator, &f.vaulx_coordinator);
    let pilote = member(store, f.angers, Role::Pilote, None, "pilote@angers.fr").await;
    let (_, referent) = f
        .angers_referent(store, "Mission locale", "ref@angers.fr")
        .await;
    let national = national_team(store).await;
    let first = Actor::system(Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap());
    let later = Actor::system(Utc.with_ymd_and_hms(2026, 12, 2, 9, 0, 0).unwrap());

    let written = texts(&[("context", "Quatre QPV."), ("outlook", "Un café emploi.")]);
    store
        .save_bilan(&first, angers, 2026, &written)
        .await
        .unwrap();
    store
        .save_bilan(
            &first,
            &national,
            2026,
            &texts(&[("federate", "84 Cités.")]),
        )
        .await
        .unwrap();

    let read = store.bilan(&pilote, 2026).await.unwrap();
    assert_eq!(read.texts, written);
    let edit = read.last_edit.unwrap();
    assert_eq!(edit.at, first.at);
    assert!(!edit.by.is_empty());
    // Another year, another Cité, the network: each its own.
    assert_eq!(
        store.bilan(angers, 2025).await.unwrap().texts,
        BilanTexts::default()
    );
    assert_eq!(
        store.bilan(vaulx, 2026).await.unwrap().texts,
        BilanTexts::default()
    );
    let network = store.bilan(&national, 2026).await.unwrap().texts;
    assert_eq!(network.get(BilanPart::Federate), "84 Cités.");
    assert_eq!(network.get(BilanPart::Context), "");
    // The network's texts have no Cité: saved again, still rewritten in place.
    store
        .save_bilan(
            &later,
            &national,
            2026,
            &texts(&[("federate", "85 Cités.")]),
        )
        .await
        .unwrap();
    let network = store.bilan(&national, 2026).await.unwrap().texts;
    assert_eq!(network, texts(&[("federate", "85 Cités.")]));

    // Saved again: rewritten in place, a part left empty cleared.
    let rewritten = texts(&[("context", "Cinq QPV.")]);
    store
        .save_bilan(&later, angers, 2026, &rewritten)
        .await
        .unwrap();
    let read = store.bilan(angers, 2026).await.unwrap();
    assert_eq!(read.texts, rewritten);
    assert_eq!(read.last_edit.unwrap().at, later.at);

    for (scope, what) in [(&pilote, "a co-pilot"), (&referent, "a référent")] {
        assert!(
            matches!(
                store.save_bilan(&later, scope, 2026, &written).await,
                Err(StoreError::Forbidden)
            ),
            "{what} writes no bilan"
        );
    }
    assert!(matches!(
        store.bilan(&referent, 2026).await,
        Err(StoreError::Forbidden)
    ));
    assert_eq!(store.bilan(angers, 2026).await.unwrap().texts, rewritten);
}
