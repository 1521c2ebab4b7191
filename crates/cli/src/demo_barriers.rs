//! Angers' barrier vocabulary (« freins de la Cité »): the four words its
//! team uses, each mapped to the data·inclusion thematics the demo's persons
//! are recorded with, so that every barrier of its cohort reads under one.

use anyhow::Context;
use maillage_domain::barriers::{BarrierWordInput, Vocabulary};
use maillage_domain::Scope;
use maillage_store::{Actor, Store};

/// Angers' four barriers, in its order, and the codes of each.
pub const ANGERS_WORDS: [(&str, &[&str]); 4] = [
    (
        "Mobilité",
        &[
            "mobilite",
            "mobilite--preparer-un-permis",
            "mobilite--acceder-a-un-vehicule",
        ],
    ),
    ("Garde d'enfants", &["famille--garde-denfants"]),
    (
        "Maîtrise du français",
        &["lecture-ecriture-calcul--maitriser-le-francais"],
    ),
    (
        "Lien avec l'entreprise",
        &[
            "trouver-un-emploi--convaincre-un-recruteur-en-entretien",
            "trouver-un-emploi--repondre-a-des-offres-demploi",
            "preparer-sa-candidature--developper-son-reseau",
        ],
    ),
];

/// Names Angers' words, as its coordinator would on « Freins de la Cité ».
pub async fn load(store: &dyn Store, coordinator: &Scope) -> anyhow::Result<()> {
    let actor = Actor::system(chrono::Utc::now());
    let cite_id = coordinator.cite_id().context("Cité absente")?;
    let mut vocabulary = Vocabulary::default();
    for (label, thematics) in ANGERS_WORDS {
        let word = BarrierWordInput {
            label: label.into(),
            thematics: thematics.iter().map(|t| (*t).to_owned()).collect(),
        }
        .validate(&vocabulary, None)
        .map_err(|e| anyhow::anyhow!("frein de démonstration invalide ({label}) : {e}"))?;
        store.add_barrier_word(&actor, coordinator, &word).await?;
        vocabulary = store.barrier_words(coordinator, cite_id).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use maillage_domain::accounts::Role;
    use maillage_domain::ids::UserId;
    use maillage_domain::Scope;
    use maillage_store::{CiteBarrierStore, CiteStore};

    #[tokio::test]
    async fn every_barrier_of_angers_reads_under_its_four_words() {
        let (store, path) = crate::demo::loaded_for_test("demo-barriers").await;
        let angers = store.cite_id_by_code("angers").await.unwrap().unwrap();
        let pilote = Scope::Cite {
            user_id: UserId::new(1),
            cite_id: angers,
            role: Role::Pilote,
            partner_id: None,
        };
        let vocabulary = store.barrier_words(&pilote, angers).await.unwrap();
        let labels: Vec<&str> = vocabulary
            .words()
            .iter()
            .map(|w| w.label.as_str())
            .collect();
        assert_eq!(
            labels,
            super::ANGERS_WORDS.map(|(label, _)| label),
            "Angers' four words, in its order"
        );
        let counts = store.barriers_by_word(&pilote).await.unwrap();
        for word in vocabulary.words() {
            assert!(counts.of(word.id).identified >= 5, "{}", word.label);
        }
        assert_eq!(counts.others.identified, 0, "no barrier outside the words");
        store.close().await;
        let _ = std::fs::remove_file(&path);
    }
}
