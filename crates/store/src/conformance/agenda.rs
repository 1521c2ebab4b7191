//! A meeting's agenda: items in the coordinator's order, edited, moved and
//! removed by the coordinator only, frozen once the meeting is cancelled or
//! its minutes published; their attachments read by whoever reads the
//! meeting, never by another Cité.

use chrono::{Duration, Utc};
use maillage_domain::accounts::Role;
use maillage_domain::documents::DocumentOwner;
use maillage_domain::governance::{AgendaItemDraft, CommitteeKind, Direction};
use maillage_domain::ids::{AgendaItemId, MeetingId};
use maillage_domain::Scope;

use super::documents::pdf;
use super::governance_records::{committee, is_refused, meeting};
use super::{is_not_found, member, Fixture};
use crate::documents::Reader;
use crate::{Actor, Store, StoreError};

fn draft(title: &str) -> AgendaItemDraft {
    AgendaItemDraft {
        title: title.into(),
        description: String::new(),
    }
}

async fn titles(store: &dyn Store, scope: &Scope, meeting: MeetingId) -> Vec<String> {
    let rows = store.agenda(scope, meeting).await.unwrap();
    rows.into_iter().map(|row| row.title).collect()
}

/// A new committee of Angers of `kind`, named `name`, and a meeting of it
/// in a month.
async fn new_meeting(store: &dyn Store, f: &Fixture, kind: CommitteeKind, name: &str) -> MeetingId {
    let actor = Actor::system(Utc::now());
    let coordinator = &f.angers_coordinator;
    let id = store
        .create_committee(&actor, coordinator, &committee(kind, name))
        .await
        .unwrap();
    meeting(store, coordinator, id, Utc::now() + Duration::days(30)).await
}

pub async fn agenda_items_are_ordered_and_written_by_the_coordinator(store: &dyn Store) {
    let f = Fixture::new(store).await;
    let actor = Actor::system(Utc::now());
    let coordinator = &f.angers_coordinator;
    let vaulx = &f.vaulx_coordinator;
    let pilote = member(store, f.angers, Role::Pilote, None, "pilote@angers.fr").await;
    let (_, referent) = f
        .angers_referent(store, "Mission locale", "ref@angers.fr")
        .await;
    let seance = new_meeting(store, &f, CommitteeKind::Copil, "COPIL").await;
    let add = |title: &'static str| {
        let actor = &actor;
        async move {
            store
                .add_agenda_item(actor, coordinator, seance, &draft(title))
                .await
        }
    };
    let welcome = add("Accueil").await.unwrap();
    let budget = add("Budget 2027").await.unwrap();
    let misc = add("Questions diverses").await.unwrap();
    assert_eq!(
        titles(store, &referent, seance).await,
        ["Accueil", "Budget 2027", "Questions diverses"]
    );

    // Up and down swap with the neighbour; at either end nothing moves.
    let step = |id, direction| store.move_agenda_item(&actor, coordinator, id, direction);
    step(misc, Direction::Up).await.unwrap();
    step(welcome, Direction::Up).await.unwrap();
    step(budget, Direction::Down).await.unwrap();
    assert_eq!(
        titles(store, &pilote, seance).await,
        ["Accueil", "Questions diverses", "Budget 2027"]
    );
    step(budget, Direction::Up).await.unwrap();
    assert_eq!(
        titles(store, coordinator, seance).await,
        ["Accueil", "Budget 2027", "Questions diverses"]
    );

    let amended = AgendaItemDraft {
        title: "Budget 2027 et reports".into(),
        description: "Présenté par la DDETS.\nVote.".into(),
    };
    store
        .update_agenda_item(&actor, coordinator, budget, &amended)
        .await
        .unwrap();
    let row = store.agenda_item(&referent, budget).await.unwrap();
    assert_eq!(
        (row.title.as_str(), row.description.as_str(), row.meeting_id),
        (
            "Budget 2027 et reports",
            "Présenté par la DDETS.\nVote.",
            seance
        )
    );

    // Co-pilots and référents read, only the coordinator writes.
    for scope in [&pilote, &referent] {
        assert!(matches!(
            store
                .add_agenda_item(&actor, scope, seance, &draft("Autre"))
                .await,
            Err(StoreError::Forbidden)
        ));
        assert!(matches!(
            store
                .update_agenda_item(&actor, scope, budget, &amended)
                .await,
            Err(StoreError::Forbidden)
        ));
        assert!(matches!(
            store
                .move_agenda_item(&actor, scope, misc, Direction::Up)
                .await,
            Err(StoreError::Forbidden)
        ));
        assert!(matches!(
            store.remove_agenda_item(&actor, scope, misc).await,
            Err(StoreError::Forbidden)
        ));
    }
    // Another Cité's meeting and items are as missing ones.
    assert!(is_not_found(store.agenda(vaulx, seance).await));
    assert!(is_not_found(store.agenda_item(vaulx, budget).await));
    assert!(is_not_found(
        store
            .add_agenda_item(&actor, vaulx, seance, &draft("Intrus"))
            .await
    ));
    assert!(is_not_found(
        store
            .update_agenda_item(&actor, vaulx, budget, &amended)
            .await
    ));
    assert!(is_not_found(
        store
            .move_agenda_item(&actor, vaulx, misc, Direction::Up)
            .await
    ));
    assert!(is_not_found(
        store.remove_agenda_item(&actor, vaulx, misc).await
    ));
    assert!(is_not_found(
        store
            .agenda_item(coordinator, AgendaItemId::new(999_999))
            .await
    ));

    let removed = store
        .remove_agenda_item(&actor, coordinator, welcome)
        .await
        .unwrap();
    assert_eq!(removed.title, "Accueil");
    assert!(is_not_found(store.agenda_item(coordinator, welcome).await));
    // A new item goes last, after a removal too.
    add("Tour de table").await.unwrap();
    assert_eq!(
        titles(store, coordinator, seance).await,
        [
            "Budget 2027 et reports",
            "Questions diverses",
            "Tour de table"
        ]
    );

    // Once the minutes are published, or the meeting cancelled, the agenda
    // is the record: it no longer changes.
    store
        .save_minutes(&actor, coordinator, seance, "Séance tenue.")
        .await
        .unwrap();
    store
        .publish_minutes(&actor, coordinator, seance, 1)
        .await
        .unwrap();
    assert!(is_refused(add("Trop tard").await, "meeting"));
    assert!(is_refused(
        store
            .update_agenda_item(&actor, coordinator, budget, &amended)
            .await,
        "meeting"
    ));
    let other = new_meeting(store, &f, CommitteeKind::Cotech, "COTECH").await;
    let item = store
        .add_agenda_item(&actor, coordinator, other, &draft("Point d'étape"))
        .await
        .unwrap();
    store
        .cancel_meeting(&actor, coordinator, other)
        .await
        .unwrap();
    assert!(is_refused(
        store
            .move_agenda_item(&actor, coordinator, item, Direction::Up)
            .await,
        "meeting"
    ));
    assert!(is_refused(
        store.remove_agenda_item(&actor, coordinator, item).await,
        "meeting"
    ));
    assert_eq!(titles(store, coordinator, other).await, ["Point d'étape"]);

    let log = store.audit_log(coordinator, 200).await.unwrap();
    let count = |action: &str| log.iter().filter(|row| row.action == action).count();
    assert_eq!(count("agenda_item.add"), 5);
    assert_eq!(count("agenda_item.move"), 2);
    assert_eq!(count("agenda_item.update"), 1);
    assert_eq!(count("agenda_item.remove"), 1);
}

pub async fn agenda_attachments_are_read_like_the_meeting(store: &dyn Store) {
    let f = Fixture::new(store).await;
    let actor = Actor::system(Utc::now());
    let coordinator = &f.angers_coordinator;
    let vaulx = &f.vaulx_coordinator;
    let pilote = member(store, f.angers, Role::Pilote, None, "pilote@angers.fr").await;
    let (partner, referent) = f
        .angers_referent(store, "Mission locale", "ref@angers.fr")
        .await;
    let porteur = member(store, f.angers, Role::Porteur, Some(partner), "p@ml.fr").await;
    let seance = new_meeting(store, &f, CommitteeKind::Copil, "COPIL").await;
    let item = store
        .add_agenda_item(&actor, coordinator, seance, &draft("Budget 2027"))
        .await
        .unwrap();
    let owner = DocumentOwner::AgendaItem(item);
    let slides = pdf("diaporama.pdf");
    for scope in [&pilote, &referent, &porteur, vaulx] {
        assert!(is_not_found(
            store.add_document(&actor, scope, owner, &slides).await
        ));
    }
    store
        .check_documents_writable(coordinator, owner)
        .await
        .unwrap();
    let id = store
        .add_document(&actor, coordinator, owner, &slides)
        .await
        .unwrap();

    for scope in [&pilote, &referent] {
        let rows = store.documents(Reader::Member(scope), owner).await.unwrap();
        assert_eq!(rows.len(), 1);
        let listed = store.agenda_documents(scope, seance).await.unwrap();
        assert_eq!((listed[0].id, listed[0].owner()), (id, owner));
        let file = store
            .download_document(&actor, Reader::Member(scope), id)
            .await
            .unwrap();
        assert_eq!(file.content, slides.bytes);
    }
    for scope in [&porteur, vaulx] {
        assert!(is_not_found(
            store.documents(Reader::Member(scope), owner).await
        ));
        assert!(is_not_found(
            store
                .download_document(&actor, Reader::Member(scope), id)
                .await
        ));
    }
    assert!(is_not_found(store.agenda_documents(vaulx, seance).await));
    assert!(is_not_found(
        store.download_document(&actor, Reader::Anyone, id).await
    ));

    // The item removed takes its attachments with it.
    store
        .remove_agenda_item(&actor, coordinator, item)
        .await
        .unwrap();
    assert!(store
        .agenda_documents(coordinator, seance)
        .await
        .unwrap()
        .is_empty());
    assert!(is_not_found(
        store
            .download_document(&actor, Reader::Member(coordinator), id)
            .await
    ));

    // A cancelled meeting's items take no more files, for a reason.
    let other = new_meeting(store, &f, CommitteeKind::Cotech, "COTECH").await;
    let item = store
        .add_agenda_item(&actor, coordinator, other, &draft("Point d'étape"))
        .await
        .unwrap();
    store
        .cancel_meeting(&actor, coordinator, other)
        .await
        .unwrap();
    let owner = DocumentOwner::AgendaItem(item);
    assert!(matches!(
        store
            .add_document(&actor, coordinator, owner, &slides)
            .await,
        Err(StoreError::Invalid {
            field: "fichier",
            ..
        })
    ));
}
