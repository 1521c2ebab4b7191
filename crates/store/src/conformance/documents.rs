//! Documents: who attaches, lists, downloads and removes them, per owner;
//! their bytes and SHA-256 kept as sent; every act in the audit log.

use chrono::{Duration, TimeZone, Utc};
use maillage_domain::accounts::Role;
use maillage_domain::calls::CallStatus;
use maillage_domain::documents::{samples, sha256_hex, DocumentOwner, NewDocument};
use maillage_domain::ids::DocumentId;

use super::calls::{application, published_call, qpv};
use super::{is_not_found, member, Fixture};
use crate::documents::Reader;
use crate::{Actor, Store, StoreError};

pub(super) fn pdf(name: &str) -> NewDocument {
    NewDocument::check(name, "Texte de l'appel", samples::pdf(name, &["Objet"])).unwrap()
}

fn is_refused<T: std::fmt::Debug>(result: Result<T, StoreError>) -> bool {
    matches!(
        &result,
        Err(StoreError::Invalid {
            field: "fichier",
            ..
        })
    )
}

pub async fn documents_are_scoped_by_their_owner_and_keep_their_sha256(store: &dyn Store) {
    let f = Fixture::new(store).await;
    let actor = Actor::system(Utc::now());
    let coordinator = &f.angers_coordinator;
    let pilote = member(store, f.angers, Role::Pilote, None, "pilote@angers.fr").await;
    let partner = f.partner(store, "Mobil'Emploi").await;
    let porteur = member(store, f.angers, Role::Porteur, Some(partner), "p@mobil.fr").await;
    let other_partner = f.partner(store, "Autre association").await;
    let other = member(
        store,
        f.angers,
        Role::Porteur,
        Some(other_partner),
        "p@autre.fr",
    )
    .await;
    let vaulx = &f.vaulx_coordinator;

    // A draft call's documents: its coordinators and co-pilots only.
    let draft = super::calls::call_input("AAP brouillon")
        .validate(super::today())
        .unwrap();
    let draft_call = store
        .create_call(&actor, coordinator, &draft)
        .await
        .unwrap();
    let owner = DocumentOwner::Call(draft_call);
    let text = pdf("appel.pdf");
    for scope in [&pilote, &porteur, vaulx] {
        assert!(is_not_found(
            store.add_document(&actor, scope, owner, &text).await
        ));
    }
    let id = store
        .add_document(&actor, coordinator, owner, &text)
        .await
        .unwrap();
    assert!(is_not_found(store.documents(Reader::Anyone, owner).await));
    assert!(is_not_found(
        store.documents(Reader::Member(&porteur), owner).await
    ));
    assert!(is_not_found(
        store.download_document(&actor, Reader::Anyone, id).await
    ));
    assert!(is_not_found(
        store
            .download_document(&actor, Reader::Member(vaulx), id)
            .await
    ));
    let listed = store
        .documents(Reader::Member(&pilote), owner)
        .await
        .unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(
        (
            listed[0].name.as_str(),
            listed[0].size,
            listed[0].sha256.as_str()
        ),
        ("appel.pdf", text.size(), sha256_hex(&text.bytes).as_str())
    );
    let file = store
        .download_document(&actor, Reader::Member(&pilote), id)
        .await
        .unwrap();
    assert_eq!(file.content, text.bytes);
    assert_eq!(sha256_hex(&file.content), file.row.sha256);
    assert!(store
        .check_documents_writable(coordinator, owner)
        .await
        .is_ok());
    assert!(is_not_found(
        store.check_documents_writable(&pilote, owner).await
    ));

    // Published: anyone reads it.
    store
        .set_call_status(&actor, coordinator, draft_call, CallStatus::Published)
        .await
        .unwrap();
    assert_eq!(
        store.documents(Reader::Anyone, owner).await.unwrap().len(),
        1
    );
    let public = store
        .download_document(&actor, Reader::Anyone, id)
        .await
        .unwrap();
    assert_eq!(public.content, text.bytes);

    // An application's documents: its porteur while a draft; the Cité's
    // reviewers once submitted; nobody else.
    let call = published_call(store, coordinator, "AAP 2023").await;
    let quartier = qpv(store, coordinator, "QN04901M", "49007").await;
    let application_id = store
        .create_application(
            &actor,
            &porteur,
            call,
            &application("Projet", vec![quartier]),
        )
        .await
        .unwrap();
    let owner = DocumentOwner::Application(application_id);
    for scope in [coordinator, &pilote, &other, vaulx] {
        assert!(is_not_found(
            store.add_document(&actor, scope, owner, &text).await
        ));
    }
    let budget = pdf("budget.pdf");
    let attached = store
        .add_document(&actor, &porteur, owner, &budget)
        .await
        .unwrap();
    for reader in [
        Reader::Anyone,
        Reader::Member(coordinator),
        Reader::Member(&other),
    ] {
        assert!(is_not_found(store.documents(reader, owner).await));
        assert!(is_not_found(
            store.download_document(&actor, reader, attached).await
        ));
    }
    assert!(is_not_found(
        store.removable_document(coordinator, attached).await
    ));
    let deadline = Utc.with_ymd_and_hms(2023, 10, 6, 10, 0, 0).unwrap();
    store
        .submit_application(
            &actor,
            &porteur,
            application_id,
            deadline - Duration::days(1),
        )
        .await
        .unwrap();
    assert!(is_refused(
        store.add_document(&actor, &porteur, owner, &text).await
    ));
    assert!(is_refused(
        store.remove_document(&actor, &porteur, attached).await
    ));
    assert!(is_refused(
        store.check_documents_writable(&porteur, owner).await
    ));
    assert_eq!(
        store
            .documents(Reader::Member(coordinator), owner)
            .await
            .unwrap()
            .len(),
        1
    );
    let reviewed = store
        .download_document(&actor, Reader::Member(&pilote), attached)
        .await
        .unwrap();
    assert_eq!(reviewed.content, budget.bytes);
    assert!(is_not_found(
        store.documents(Reader::Member(&other), owner).await
    ));

    // Removal: the coordinator removes the call's file; the id then answers 404.
    assert!(is_not_found(
        store.remove_document(&actor, &pilote, id).await
    ));
    assert_eq!(
        store.removable_document(coordinator, id).await.unwrap().id,
        id
    );
    let removed = store
        .remove_document(&actor, coordinator, id)
        .await
        .unwrap();
    assert_eq!(removed.name, "appel.pdf");
    assert!(is_not_found(
        store.download_document(&actor, Reader::Anyone, id).await
    ));
    assert!(store
        .documents(Reader::Anyone, DocumentOwner::Call(draft_call))
        .await
        .unwrap()
        .is_empty());
    assert!(is_not_found(
        store
            .download_document(
                &actor,
                Reader::Member(coordinator),
                DocumentId::new(999_999)
            )
            .await
    ));

    let log = store.audit_log(coordinator, 200).await.unwrap();
    let count = |action: &str| log.iter().filter(|row| row.action == action).count();
    assert_eq!(count("document.upload"), 2);
    assert!(count("document.download") >= 2);
    assert_eq!(count("document.remove"), 1);
    assert!(count("document.download_refused") >= 1);
}
