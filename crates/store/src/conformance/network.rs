//! The national network: the directory lists the active Cités' active
//! coordinators and référents, filtered and folded the same on every
//! backend; events are written by the national team, registered for by
//! the Cités' staff until they start and within their capacity, their
//! attendance recorded from their day on and counted per Cité; resources
//! are shared by the national team and coordinators, searched by theme and
//! words, downloaded with an audit row, withdrawn by their author. A
//! porteur finds none of it.

use chrono::{DateTime, Duration, TimeZone, Utc};
use maillage_domain::accounts::Role;
use maillage_domain::documents::{samples, NewDocument};
use maillage_domain::ids::RegistrationId;
use maillage_domain::network::{
    network_search_words, EventDraft, EventKind, ResourceContent, ResourceDraft, Theme,
};

use super::{is_not_found, member, Fixture};
use crate::accounts::{NewAccount, NewMembership};
use crate::network::{DirectoryFilters, EventList, ResourceFilters};
use crate::{Actor, Scope, Store, StoreError};

fn at(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap()
}

/// The national team's scope, with its account.
pub(super) async fn national_team(store: &dyn Store) -> Scope {
    let account = NewAccount {
        email: "animation@anct.gouv.fr".into(),
        name: "Équipe d'animation ANCT".into(),
        password_hash: "$argon2id$test".into(),
        membership: None,
    };
    let user_id = store
        .create_account(&Actor::system(Utc::now()), account)
        .await
        .unwrap();
    Scope::National { user_id }
}

fn cafe(starts_at: DateTime<Utc>, capacity: Option<u32>) -> EventDraft {
    EventDraft {
        kind: EventKind::CafeCites,
        title: "Café-cités : la garde d'enfants".into(),
        theme: Theme::Childcare,
        starts_at,
        ends_at: starts_at + Duration::hours(1),
        place: String::new(),
        video_url: "https://webinaire.anct.gouv.fr/cafe".into(),
        capacity,
    }
}

pub async fn the_network_directory_lists_active_staff_of_active_cites(store: &dyn Store) {
    let f = Fixture::new(store).await;
    let actor = Actor::system(Utc::now());
    let national = national_team(store).await;
    let (partner, referent) = f
        .angers_referent(store, "Mission locale angevine", "ref@ml-angers.fr")
        .await;
    // A name with accents: « elodie » finds « Élodie ».
    let elodie = NewAccount {
        email: "e.meunier@ml-angers.fr".into(),
        name: "Élodie Meunier".into(),
        password_hash: "$argon2id$test".into(),
        membership: Some(NewMembership {
            cite_id: f.angers,
            role: Role::Referent,
            partner_id: Some(partner),
        }),
    };
    let elodie = store.create_account(&actor, elodie).await.unwrap();
    member(store, f.angers, Role::Pilote, None, "pilote@angers.fr").await;
    let porteur = member(
        store,
        f.angers,
        Role::Porteur,
        Some(partner),
        "porteur@angers.fr",
    )
    .await;

    let all = store
        .directory(&national, &DirectoryFilters::default(), 1, 50)
        .await
        .unwrap();
    // Two coordinators and two référents; no co-pilot, no porteur.
    assert_eq!(all.total, 4);
    assert!(all
        .rows
        .iter()
        .all(|r| matches!(r.role, Role::Coordinateur | Role::Referent)));
    let found = store
        .directory(
            &referent,
            &DirectoryFilters {
                words: network_search_words("elodie mission"),
                ..DirectoryFilters::default()
            },
            1,
            50,
        )
        .await
        .unwrap();
    assert_eq!(found.total, 1);
    assert_eq!(found.rows[0].user_id, elodie);
    assert_eq!(found.rows[0].email, "e.meunier@ml-angers.fr");
    assert_eq!(
        found.rows[0].partner.as_deref(),
        Some("Mission locale angevine")
    );
    let coordinators = DirectoryFilters {
        role: Some(Role::Coordinateur),
        ..DirectoryFilters::default()
    };
    let page = store
        .directory(&referent, &coordinators, 1, 1)
        .await
        .unwrap();
    assert_eq!((page.total, page.rows.len()), (2, 1));
    let second = store
        .directory(&referent, &coordinators, 2, 1)
        .await
        .unwrap();
    assert_ne!(page.rows[0].user_id, second.rows[0].user_id);
    let vaulx = DirectoryFilters {
        cite_id: Some(f.vaulx),
        ..DirectoryFilters::default()
    };
    assert_eq!(
        store
            .directory(&referent, &vaulx, 1, 50)
            .await
            .unwrap()
            .total,
        1
    );

    // An inactive account and an archived Cité leave the directory.
    store
        .set_account_active(&actor, &f.angers_coordinator, elodie, false)
        .await
        .unwrap();
    store
        .set_cite_archived(&actor, &national, f.vaulx, true)
        .await
        .unwrap();
    let left = store
        .directory(&national, &DirectoryFilters::default(), 1, 50)
        .await
        .unwrap();
    assert_eq!(left.total, 2);
    assert!(left
        .rows
        .iter()
        .all(|r| r.cite_id == f.angers && r.user_id != elodie));
    let cites = store.network_cites(&national).await.unwrap();
    assert_eq!(
        cites.iter().map(|(id, _)| *id).collect::<Vec<_>>(),
        vec![f.angers]
    );
    // A porteur is not in the network.
    assert!(is_not_found(
        store
            .directory(&porteur, &DirectoryFilters::default(), 1, 50)
            .await
    ));
}

pub async fn network_events_take_registrations_until_they_start(store: &dyn Store) {
    let f = Fixture::new(store).await;
    let actor = Actor::system(Utc::now());
    let national = national_team(store).await;
    let (_, referent) = f.angers_referent(store, "CIDFF", "ref@cidff.fr").await;
    let pilote = member(store, f.vaulx, Role::Pilote, None, "pilote@vaulx.fr").await;
    let now = at(2027, 1, 4, 9);
    let start = at(2027, 1, 14, 10);

    assert!(matches!(
        store
            .create_event(&actor, &f.angers_coordinator, &cafe(start, Some(2)))
            .await,
        Err(StoreError::Forbidden)
    ));
    let id = store
        .create_event(&actor, &national, &cafe(start, Some(2)))
        .await
        .unwrap();
    let past = store
        .create_event(&actor, &national, &cafe(at(2026, 12, 10, 10), None))
        .await
        .unwrap();

    store
        .register_for_event(&actor, &referent, id, now)
        .await
        .unwrap();
    assert!(matches!(
        store.register_for_event(&actor, &referent, id, now).await,
        Err(StoreError::Conflict {
            field: "inscription",
            ..
        })
    ));
    store
        .register_for_event(&actor, &pilote, id, now)
        .await
        .unwrap();
    // Two places, two registrations: full.
    assert!(matches!(
        store
            .register_for_event(&actor, &f.vaulx_coordinator, id, now)
            .await,
        Err(StoreError::Conflict {
            field: "inscription",
            ..
        })
    ));
    assert!(matches!(
        store.register_for_event(&actor, &national, id, now).await,
        Err(StoreError::Forbidden)
    ));
    let seen = store.network_event(&referent, id).await.unwrap();
    assert!(seen.mine && seen.is_full());
    assert_eq!(seen.registered, 2);
    assert!(
        !store
            .network_event(&f.vaulx_coordinator, id)
            .await
            .unwrap()
            .mine
    );
    // A capacity below the registrations is refused; the event is unchanged.
    assert!(matches!(
        store
            .update_event(&actor, &national, id, &cafe(start, Some(1)), now)
            .await,
        Err(StoreError::Invalid {
            field: "capacity",
            ..
        })
    ));
    store
        .unregister_from_event(&actor, &pilote, id, now)
        .await
        .unwrap();
    assert!(is_not_found(
        store.unregister_from_event(&actor, &pilote, id, now).await
    ));
    store
        .register_for_event(&actor, &f.vaulx_coordinator, id, now)
        .await
        .unwrap();

    let upcoming = store
        .network_events(&referent, EventList::Upcoming, now, 10)
        .await
        .unwrap();
    assert_eq!(upcoming.iter().map(|e| e.id).collect::<Vec<_>>(), vec![id]);
    let old = store
        .network_events(&referent, EventList::Past, now, 10)
        .await
        .unwrap();
    assert_eq!(old.iter().map(|e| e.id).collect::<Vec<_>>(), vec![past]);
    let mine = store
        .network_events(&referent, EventList::Mine, now, 10)
        .await
        .unwrap();
    assert_eq!(mine.len(), 1);

    // Once started: no registration, no change, no withdrawal.
    let started = start + Duration::minutes(5);
    assert!(matches!(
        store.register_for_event(&actor, &pilote, id, started).await,
        Err(StoreError::Invalid {
            field: "inscription",
            ..
        })
    ));
    assert!(matches!(
        store
            .unregister_from_event(&actor, &referent, id, started)
            .await,
        Err(StoreError::Invalid { .. })
    ));
    assert!(matches!(
        store
            .update_event(&actor, &national, id, &cafe(start, None), started)
            .await,
        Err(StoreError::Invalid { field: "date", .. })
    ));

    // The sheet: the national team only, from the event's day, complete.
    assert!(is_not_found(store.event_registrations(&referent, id).await));
    let sheet = store.event_registrations(&national, id).await.unwrap();
    assert_eq!(sheet.len(), 2);
    assert!(sheet.iter().all(|r| r.attended.is_none()));
    let marks: Vec<(RegistrationId, bool)> = sheet
        .iter()
        .map(|r| (r.id, r.cite_name.contains("Angers")))
        .collect();
    assert!(matches!(
        store
            .record_event_attendance(&actor, &national, id, &marks, now)
            .await,
        Err(StoreError::Invalid {
            field: "attendance",
            ..
        })
    ));
    assert!(matches!(
        store
            .record_event_attendance(&actor, &national, id, &marks[..1], started)
            .await,
        Err(StoreError::Invalid {
            field: "attendance",
            ..
        })
    ));
    assert!(matches!(
        store
            .record_event_attendance(&actor, &f.angers_coordinator, id, &marks, started)
            .await,
        Err(StoreError::Forbidden)
    ));
    store
        .record_event_attendance(&actor, &national, id, &marks, started)
        .await
        .unwrap();
    let held = store.network_event(&national, id).await.unwrap();
    assert_eq!((held.registered, held.attended), (2, 1));
    assert!(held.attendance_recorded_at.is_some());

    let counts = store
        .registrations_by_cite(&national, at(2027, 1, 1, 0))
        .await
        .unwrap();
    let line = |cite| counts.iter().find(|c| c.cite_id == cite).unwrap();
    assert_eq!(
        (line(f.angers).registrations, line(f.angers).attended),
        (1, 1)
    );
    assert_eq!(
        (line(f.vaulx).registrations, line(f.vaulx).attended),
        (1, 0)
    );
    assert!(is_not_found(
        store
            .registrations_by_cite(&referent, at(2027, 1, 1, 0))
            .await
    ));
    let porteur = member(store, f.angers, Role::Porteur, None, "porteur@angers.fr").await;
    assert!(is_not_found(store.network_event(&porteur, id).await));
    assert!(is_not_found(
        store.register_for_event(&actor, &porteur, id, now).await
    ));
}

fn link(title: &str, theme: Theme) -> ResourceDraft {
    ResourceDraft {
        title: title.into(),
        theme,
        description: "Une fiche pratique pour les Cités.".into(),
        content: ResourceContent::Link("https://agence-cohesion-territoires.gouv.fr/".into()),
    }
}

pub async fn shared_resources_are_searched_downloaded_and_withdrawn_by_their_author(
    store: &dyn Store,
) {
    let f = Fixture::new(store).await;
    let actor = Actor::system(Utc::now());
    let national = national_team(store).await;
    let (_, referent) = f.angers_referent(store, "CIDFF", "ref@cidff.fr").await;
    let guide = store
        .share_resource(
            &actor,
            &national,
            &link("Guide de l'aller-vers", Theme::ReachingOut),
        )
        .await
        .unwrap();
    let pdf = NewDocument::check(
        "Bilan crèche AVIP.pdf",
        "",
        samples::pdf("Crèche AVIP", &["15 familles"]),
    )
    .unwrap();
    let sha = pdf.sha256.clone();
    let creche = ResourceDraft {
        title: "Crèche à vocation d'insertion professionnelle".into(),
        theme: Theme::Childcare,
        description: "Le bilan de la crèche AVIP d'Angers.".into(),
        content: ResourceContent::Document(pdf),
    };
    let document = store
        .share_resource(&actor, &f.angers_coordinator, &creche)
        .await
        .unwrap();
    assert!(matches!(
        store
            .share_resource(&actor, &referent, &link("x", Theme::Digital))
            .await,
        Err(StoreError::Forbidden)
    ));

    let by_theme = ResourceFilters {
        theme: Some(Theme::Childcare),
        ..ResourceFilters::default()
    };
    let found = store.shared_resources(&referent, &by_theme).await.unwrap();
    assert_eq!(
        found.iter().map(|r| r.id).collect::<Vec<_>>(),
        vec![document]
    );
    assert_eq!(found[0].sha256.as_deref(), Some(sha.as_str()));
    assert_eq!(found[0].cite_name.as_deref(), Some("Cité d'Angers"));
    let by_words = ResourceFilters {
        words: network_search_words("CRECHE insertion"),
        ..ResourceFilters::default()
    };
    assert_eq!(
        store
            .shared_resources(&national, &by_words)
            .await
            .unwrap()
            .len(),
        1
    );
    let all = store
        .shared_resources(&f.vaulx_coordinator, &ResourceFilters::default())
        .await
        .unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all.iter().find(|r| r.id == guide).unwrap().cite_name, None);

    let (row, bytes) = store
        .download_resource(&actor, &referent, document)
        .await
        .unwrap();
    assert_eq!(
        row.kind,
        Some(maillage_domain::documents::DocumentKind::Pdf)
    );
    assert!(row
        .name
        .as_deref()
        .is_some_and(|name| name.ends_with(".pdf")));
    assert_eq!(maillage_domain::documents::sha256_hex(&bytes), sha);
    assert!(is_not_found(
        store.download_resource(&actor, &referent, guide).await
    ));

    // A coordinator withdraws their own, not the national team's; the
    // national team withdraws any.
    assert!(is_not_found(
        store
            .withdrawable_resource(&f.vaulx_coordinator, document)
            .await
    ));
    assert!(is_not_found(
        store
            .withdraw_resource(&actor, &f.angers_coordinator, guide)
            .await
    ));
    assert!(is_not_found(
        store.withdraw_resource(&actor, &referent, document).await
    ));
    store
        .withdraw_resource(&actor, &f.angers_coordinator, document)
        .await
        .unwrap();
    store
        .withdraw_resource(&actor, &national, guide)
        .await
        .unwrap();
    assert!(store
        .shared_resources(&national, &ResourceFilters::default())
        .await
        .unwrap()
        .is_empty());
    assert!(is_not_found(
        store.shared_resource(&referent, document).await
    ));

    let log = store.audit_log(&f.angers_coordinator, 200).await.unwrap();
    let count = |action: &str| log.iter().filter(|row| row.action == action).count();
    assert_eq!(count("network.resource_share"), 1);
    assert_eq!(count("network.resource_download"), 1);
    assert_eq!(count("network.resource_withdraw"), 1);
    let porteur = member(store, f.angers, Role::Porteur, None, "porteur@angers.fr").await;
    assert!(is_not_found(
        store
            .shared_resources(&porteur, &ResourceFilters::default())
            .await
    ));
}
