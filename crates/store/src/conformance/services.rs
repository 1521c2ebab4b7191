//! The service catalogue: data·inclusion import and export, search, who edits.

use maillage_domain::accounts::Role;
use maillage_domain::ids::UserId;
use maillage_domain::services::Catalogue;
use maillage_domain::Scope;

use super::{is_not_found, member, partner_input, Fixture};
use crate::services::{ImportCounts, ServiceQuery};
use crate::{Actor, Store, StoreError};

/// A small catalogue around Angers, sorted as exports are (source, id).
pub const SMALL_CATALOGUE: &str = r#"{
  "structures": [
    {"source": "test", "id": "mob", "nom": "Association Mobilité 49", "date_maj": "2026-09-01",
     "code_insee": "49353", "commune": "Trélazé", "reseaux_porteurs": ["wimoov"]},
    {"source": "test", "id": "rpe", "nom": "Relais petite enfance d'Angers", "date_maj": "2026-09-02",
     "siret": "13002526500013", "code_insee": "49007", "commune": "Angers", "latitude": 47.4712, "longitude": -0.5518}
  ],
  "services": [
    {"source": "test", "structure_id": "mob", "id": "auto-ecole", "nom": "Auto-école sociale",
     "description": "Préparer le permis B avec un accompagnement renforcé.", "date_maj": "2026-09-03",
     "thematiques": ["mobilite--preparer-un-permis"], "publics": ["jeunes"], "frais": "payant",
     "frais_precisions": "50 € d'adhésion", "nombre_semaines": 20, "volume_horaire_hebdomadaire": 4.5},
    {"source": "test", "structure_id": "rpe", "id": "creche", "nom": "Places en crèche à vocation d'insertion",
     "description": "Une place d'accueil pour l'enfant pendant la recherche d'emploi du parent.",
     "date_maj": "2026-09-04", "type": "accompagnement", "thematiques": ["famille--garde-denfants"],
     "publics": ["familles", "femmes"], "code_insee": "49007", "modes_accueil": ["en-presentiel"]},
    {"source": "test", "structure_id": "rpe", "id": "numerique", "nom": "Atelier des premiers pas",
     "description": "Maîtriser les bases du Numérique pour son insertion : courriel, démarches en ligne.", "date_maj": "2026-09-05",
     "type": "atelier", "thematiques": ["numerique--maitriser-les-fondamentaux-du-numerique"],
     "publics": ["tous-publics"], "zone_eligibilite": ["244900015"],
     "modes_mobilisation": ["telephoner", "se-presenter"], "mobilisable_par": ["usagers", "professionnels"]}
  ]
}"#;

async fn names(store: &dyn Store, scope: &Scope, query: ServiceQuery) -> Vec<String> {
    let query = ServiceQuery { limit: 50, ..query };
    let rows = store.search_services(scope, &query).await.unwrap();
    rows.into_iter().map(|r| r.name).collect()
}

fn text(words: &str) -> ServiceQuery {
    ServiceQuery {
        text: Some(words.into()),
        ..ServiceQuery::default()
    }
}

pub async fn service_catalogue_round_trip_and_search(store: &dyn Store) {
    let f = Fixture::new(store).await;
    let actor = Actor::system(chrono::Utc::now());
    let mut input = partner_input("Relais petite enfance");
    input.siret = "13002526500013".into();
    let partner = store
        .create_partner(&actor, &f.angers_coordinator, &input.validate().unwrap())
        .await
        .unwrap();
    let referent = member(
        store,
        f.angers,
        Role::Referent,
        Some(partner),
        "ref@angers.fr",
    )
    .await;
    let catalogue = Catalogue::parse(SMALL_CATALOGUE, crate::conformance::today()).unwrap();
    let counts = store
        .import_data_inclusion(&actor, &referent, &catalogue)
        .await
        .unwrap();
    assert_eq!((counts.structures_created, counts.services_created), (2, 3));
    let exported = store
        .export_data_inclusion(&actor, &referent)
        .await
        .unwrap();
    assert_eq!(
        exported, catalogue,
        "import then export gives the file back"
    );
    let structures = store.structures(&referent).await.unwrap();
    let rpe = structures.iter().find(|s| s.source_id == "rpe").unwrap();
    assert_eq!(
        rpe.partner_id,
        Some(partner),
        "linked to the partner by SIRET"
    );
    assert_eq!(rpe.services, 2);

    let scope = &f.angers_coordinator;
    assert_eq!(
        names(store, scope, text("creche")).await,
        ["Places en crèche à vocation d'insertion"]
    );
    assert_eq!(
        names(store, scope, text("NUMERIQUE bases")).await,
        ["Atelier des premiers pas"]
    );
    assert_eq!(
        names(store, scope, text("numéri")).await,
        ["Atelier des premiers pas"]
    );
    assert!(names(store, scope, text("piscine")).await.is_empty());
    assert_eq!(
        names(store, scope, text("insertion")).await,
        [
            "Places en crèche à vocation d'insertion",
            "Atelier des premiers pas"
        ],
        "a word of the name weighs more than one of the description"
    );
    let mut by_structure = names(store, scope, text("relais enfance")).await;
    by_structure.sort();
    assert_eq!(
        by_structure,
        [
            "Atelier des premiers pas",
            "Places en crèche à vocation d'insertion"
        ],
        "found by their structure's name"
    );
    assert!(names(store, scope, text("mission locale")).await.is_empty());
    let mob = structures.iter().find(|s| s.source_id == "mob").unwrap();
    let mut renamed = catalogue.structures[0].clone();
    renamed.name = "Mission locale angevine".into();
    store
        .update_structure(&actor, scope, mob.id, &renamed, None)
        .await
        .unwrap();
    assert_eq!(
        names(store, scope, text("mission locale")).await,
        ["Auto-école sociale"],
        "the index follows the structure's new name"
    );
    let by = |thematic: Option<&str>, public: Option<&str>, communes: &[&str]| ServiceQuery {
        thematic: thematic.map(Into::into),
        public: public.map(Into::into),
        communes: communes.iter().map(|c| (*c).to_owned()).collect(),
        ..ServiceQuery::default()
    };
    assert_eq!(
        names(store, scope, by(Some("mobilite"), None, &[])).await,
        ["Auto-école sociale"]
    );
    assert_eq!(
        names(store, scope, by(Some("famille--garde-denfants"), None, &[])).await,
        ["Places en crèche à vocation d'insertion"]
    );
    assert_eq!(
        names(store, scope, by(None, Some("jeunes"), &[])).await,
        ["Auto-école sociale"]
    );
    // Trélazé: the EPCI-wide workshop, and the service located by its structure.
    assert_eq!(
        names(store, scope, by(None, None, &["49353"])).await,
        ["Atelier des premiers pas", "Auto-école sociale"]
    );
    assert_eq!(
        names(store, scope, by(None, None, &["49007"])).await.len(),
        2
    );
    assert!(names(store, scope, by(None, None, &["69256"]))
        .await
        .is_empty());
    assert!(names(store, &f.vaulx_coordinator, ServiceQuery::default())
        .await
        .is_empty());

    // A second import updates the same records.
    let changed = SMALL_CATALOGUE.replace("Auto-école sociale", "Auto-école solidaire");
    let counts = store
        .import_data_inclusion(
            &actor,
            scope,
            &Catalogue::parse(&changed, crate::conformance::today()).unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(
        counts,
        ImportCounts {
            structures_updated: 2,
            services_updated: 3,
            ..ImportCounts::default()
        }
    );
    assert_eq!(
        names(store, scope, text("solidaire")).await,
        ["Auto-école solidaire"]
    );
    assert!(
        names(store, scope, text("sociale")).await.is_empty(),
        "the index follows updates"
    );
    assert!(names(store, scope, text("mission")).await.is_empty());
}

/// The fixture's Cités, [`SMALL_CATALOGUE`] imported into Angers by its
/// coordinator.
pub async fn with_small_catalogue(store: &dyn Store) -> Fixture {
    let f = Fixture::new(store).await;
    let actor = Actor::system(chrono::Utc::now());
    let catalogue = Catalogue::parse(SMALL_CATALOGUE, crate::conformance::today()).unwrap();
    store
        .import_data_inclusion(&actor, &f.angers_coordinator, &catalogue)
        .await
        .unwrap();
    f
}

pub async fn service_catalogue_rights_and_atomic_import(store: &dyn Store) {
    let f = with_small_catalogue(store).await;
    let actor = Actor::system(chrono::Utc::now());
    let catalogue = Catalogue::parse(SMALL_CATALOGUE, crate::conformance::today()).unwrap();
    let pilote = member(store, f.angers, Role::Pilote, None, "pilote@angers.fr").await;
    assert_eq!(
        store.structures(&pilote).await.unwrap().len(),
        2,
        "pilotes read"
    );
    assert!(matches!(
        store
            .create_structure(&actor, &pilote, &catalogue.structures[0], None)
            .await,
        Err(StoreError::Forbidden)
    ));
    assert!(matches!(
        store
            .import_data_inclusion(&actor, &pilote, &catalogue)
            .await,
        Err(StoreError::Forbidden)
    ));
    let national = Scope::National {
        user_id: UserId::new(1),
    };
    assert!(is_not_found(store.structures(&national).await));

    let service_id = store
        .search_services(
            &f.angers_coordinator,
            &ServiceQuery {
                limit: 10,
                ..text("creche")
            },
        )
        .await
        .unwrap()[0]
        .id;
    assert!(is_not_found(
        store.service(&f.vaulx_coordinator, service_id).await
    ));
    let mut service = store
        .service(&f.angers_coordinator, service_id)
        .await
        .unwrap()
        .to_domain();
    service.name = "Crèche AVIP".into();
    assert!(store
        .update_service(&actor, &f.vaulx_coordinator, service_id, &service)
        .await
        .is_err());
    store
        .update_service(&actor, &f.angers_coordinator, service_id, &service)
        .await
        .unwrap();
    assert_eq!(
        store.service(&pilote, service_id).await.unwrap().name,
        "Crèche AVIP"
    );
    let duplicate = store
        .create_service(&actor, &f.angers_coordinator, &service)
        .await;
    assert!(matches!(
        duplicate,
        Err(StoreError::Conflict { field: "id", .. })
    ));

    // A service whose structure is nowhere: nothing of the file is kept.
    let mut structure = catalogue.structures[0].clone();
    structure.id = "nouvelle".into();
    let mut orphan = catalogue.services[0].clone();
    orphan.id = "orpheline".into();
    orphan.structure_id = "absente".into();
    let bad = Catalogue {
        structures: vec![structure],
        services: vec![orphan],
    };
    assert!(matches!(
        store
            .import_data_inclusion(&actor, &f.angers_coordinator, &bad)
            .await,
        Err(StoreError::Invalid {
            field: "structure_id",
            ..
        })
    ));
    assert_eq!(
        store.structures(&f.angers_coordinator).await.unwrap().len(),
        2
    );
}
