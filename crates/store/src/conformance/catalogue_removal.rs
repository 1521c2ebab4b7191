//! Removing catalogue entries: deleted when nothing points to them, archived
//! otherwise, and then out of search and exports until restored.

use maillage_domain::accounts::Role;
use maillage_domain::participants::pathway::StepStatus;
use maillage_domain::services::removal::Removal;
use maillage_domain::services::Catalogue;

use super::actions::ActionsFixture;
use super::{is_not_found, member, SMALL_CATALOGUE};
use crate::case_file::NewStep;
use crate::services::{CatalogueEntry, ServiceQuery};
use crate::{Actor, Store, StoreError};

pub async fn catalogue_entries_are_deleted_or_archived(store: &dyn Store) {
    let fx = ActionsFixture::new(store).await;
    let (actor, coordinator) = (Actor::system(chrono::Utc::now()), &fx.f.angers_coordinator);
    let catalogue = Catalogue::parse(SMALL_CATALOGUE, super::today()).unwrap();
    store
        .import_data_inclusion(&actor, coordinator, &catalogue)
        .await
        .unwrap();
    let all = ServiceQuery {
        limit: 50,
        ..ServiceQuery::default()
    };
    let listed = store.search_services(coordinator, &all).await.unwrap();
    let id_of = |name: &str| listed.iter().find(|s| s.name.starts_with(name)).unwrap();
    let (creche, workshop) = (id_of("Places en crèche"), id_of("Atelier des premiers pas"));
    let person = fx.person(store, 0, "Awa", false).await;
    let step = NewStep {
        label: creche.name.clone(),
        service_id: Some(creche.id),
        partner_id: Some(fx.partners[0]),
        planned_on: None,
        started_on: None,
        ended_on: None,
        status: StepStatus::Planned,
        result: None,
    };
    store
        .add_step(&actor, &fx.referents[0], person, &step)
        .await
        .unwrap();

    // Only editors of the Cité's catalogue remove; elsewhere it is missing.
    let pilote = member(store, fx.f.angers, Role::Pilote, None, "pilote@angers.fr").await;
    let creche_entry = CatalogueEntry::Service(creche.id);
    assert!(matches!(
        store
            .remove_catalogue_entry(&actor, &pilote, creche_entry)
            .await,
        Err(StoreError::Forbidden)
    ));
    assert!(is_not_found(
        store
            .remove_catalogue_entry(&actor, &fx.f.vaulx_coordinator, creche_entry)
            .await
    ));

    // A step mobilised the crèche: archived, its step keeps its name. Nothing
    // pointed to the workshop: deleted.
    let removed = store
        .remove_catalogue_entry(&actor, coordinator, creche_entry)
        .await;
    assert_eq!(removed.unwrap(), Removal::Archived);
    let workshop_entry = CatalogueEntry::Service(workshop.id);
    let removed = store
        .remove_catalogue_entry(&actor, coordinator, workshop_entry)
        .await;
    assert_eq!(removed.unwrap(), Removal::Deleted);
    let names = |rows: Vec<crate::services::ServiceListRow>| -> Vec<String> {
        rows.into_iter().map(|r| r.name).collect()
    };
    let left = names(store.search_services(coordinator, &all).await.unwrap());
    assert_eq!(left, ["Auto-école sociale"]);
    let with_archived = ServiceQuery {
        include_archived: true,
        ..all.clone()
    };
    let archived = store
        .search_services(coordinator, &with_archived)
        .await
        .unwrap();
    assert_eq!(archived.len(), 2);
    assert!(archived
        .iter()
        .any(|s| s.id == creche.id && s.archived_at.is_some()));
    assert!(is_not_found(store.service(coordinator, workshop.id).await));
    let file = store.case_file(&actor, coordinator, person).await.unwrap();
    assert_eq!(file.steps[0].label, creche.name);
    let exported = store
        .export_data_inclusion(&actor, coordinator)
        .await
        .unwrap();
    assert_eq!(
        exported.services.len(),
        1,
        "archived services are not exported"
    );
    assert!(is_not_found(
        store
            .remove_catalogue_entry(&actor, coordinator, creche_entry)
            .await
    ));

    // The crèche's structure still has it: archived, and its services leave search.
    let structure = CatalogueEntry::Structure(creche.structure_id);
    let removed = store
        .remove_catalogue_entry(&actor, coordinator, structure)
        .await;
    assert_eq!(removed.unwrap(), Removal::Archived);
    let archived = store.service(coordinator, creche.id).await.unwrap();
    assert!(
        archived.archived_at.is_some(),
        "archived with its structure"
    );
    // Its structure hides it: the structure comes back first.
    assert!(matches!(
        store
            .restore_catalogue_entry(&actor, coordinator, creche_entry)
            .await,
        Err(StoreError::Invalid {
            field: "structure",
            ..
        })
    ));
    store
        .restore_catalogue_entry(&actor, coordinator, structure)
        .await
        .unwrap();
    let shown = names(store.search_services(coordinator, &all).await.unwrap());
    assert_eq!(
        shown,
        ["Auto-école sociale"],
        "the crèche is still archived"
    );
    store
        .restore_catalogue_entry(&actor, coordinator, creche_entry)
        .await
        .unwrap();
    let shown = names(store.search_services(coordinator, &all).await.unwrap());
    assert_eq!(shown.len(), 2);
    assert!(is_not_found(
        store
            .restore_catalogue_entry(&actor, coordinator, structure)
            .await
    ));
    let log = store.audit_log(coordinator, 50).await.unwrap();
    for action in [
        "service.archive",
        "service.delete",
        "structure.archive",
        "service.restore",
    ] {
        assert!(log.iter().any(|row| row.action == action), "{action}");
    }
}
