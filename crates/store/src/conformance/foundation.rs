//! The foundation: Cités, partners, accounts, sessions, sign-in.

use chrono::{Duration, Utc};
use maillage_domain::accounts::Role;
use maillage_domain::cites::QpvInput;
use maillage_domain::ids::{CiteId, UserId};
use maillage_domain::Scope;

use super::{account, cite_input, is_not_found, partner_input, Fixture};
use crate::accounts::{NewMembership, NewSession};
use crate::{Actor, AuditEntry, Store, StoreError};

pub async fn cites_are_isolated(store: &dyn Store) {
    let f = Fixture::new(store).await;
    let actor = Actor::system(chrono::Utc::now());
    let cite = store.cite(&f.angers_coordinator, f.angers).await.unwrap();
    assert_eq!(cite.communes(), vec!["49007", "49353"]);
    assert!(is_not_found(
        store.cite(&f.angers_coordinator, f.vaulx).await
    ));
    assert!(is_not_found(
        store.qpvs(&f.angers_coordinator, f.vaulx).await
    ));
    assert!(matches!(
        store.cite_summaries(&f.angers_coordinator).await,
        Err(StoreError::Forbidden)
    ));

    let qpv = QpvInput {
        code: "QN04901M".into(),
        name: "Belle-Beille".into(),
        communes: "49007".into(),
        population: "9000".into(),
    };
    let qpv_id = store
        .add_qpv(
            &actor,
            &f.angers_coordinator,
            &qpv.validate(&cite.communes()).unwrap(),
        )
        .await
        .unwrap();
    let again = store
        .add_qpv(
            &actor,
            &f.angers_coordinator,
            &qpv.validate(&cite.communes()).unwrap(),
        )
        .await;
    assert!(
        matches!(again, Err(StoreError::Conflict { field: "code", .. })),
        "{again:?}"
    );
    assert!(is_not_found(
        store.remove_qpv(&actor, &f.vaulx_coordinator, qpv_id).await
    ));
    assert_eq!(
        store
            .qpvs(&f.angers_coordinator, f.angers)
            .await
            .unwrap()
            .len(),
        1
    );
    store
        .remove_qpv(&actor, &f.angers_coordinator, qpv_id)
        .await
        .unwrap();
    assert!(store
        .qpvs(&f.angers_coordinator, f.angers)
        .await
        .unwrap()
        .is_empty());

    let mut profile = cite_input("Angers Loire Métropole", "49", "49007")
        .validate(crate::conformance::today())
        .unwrap();
    profile.unemployment_rate = Some(12.5);
    store
        .update_cite(&actor, &f.angers_coordinator, &profile)
        .await
        .unwrap();
    let cite = store.cite(&f.angers_coordinator, f.angers).await.unwrap();
    assert_eq!(
        (cite.name.as_str(), cite.unemployment_rate),
        ("Angers Loire Métropole", Some(12.5))
    );
    assert_eq!(
        store
            .cite(&f.vaulx_coordinator, f.vaulx)
            .await
            .unwrap()
            .name,
        "Cité de Vaulx-en-Velin"
    );
    assert_eq!(store.cite_id_by_code("vaulx").await.unwrap(), Some(f.vaulx));
    let duplicate = store.create_cite(&actor, "angers", &profile).await;
    assert!(matches!(
        duplicate,
        Err(StoreError::Conflict { field: "code", .. })
    ));
}

pub async fn national_sees_counts(store: &dyn Store) {
    let f = Fixture::new(store).await;
    let actor = Actor::system(chrono::Utc::now());
    let national_id = store
        .create_account(&actor, account("anct@anct.gouv.fr", None))
        .await
        .unwrap();
    let national = Scope::National {
        user_id: national_id,
    };
    f.angers_referent(store, "France Travail Angers", "ref@ft.fr")
        .await;
    let summaries = store.cite_summaries(&national).await.unwrap();
    let angers = summaries.iter().find(|s| s.id == f.angers).unwrap();
    assert_eq!((angers.partners, angers.referents), (1, 1));
    let vaulx = summaries.iter().find(|s| s.id == f.vaulx).unwrap();
    assert_eq!((vaulx.partners, vaulx.referents), (0, 0));
    assert!(store.cite(&national, f.vaulx).await.is_ok());
    // The national team administers nothing and reads no Cité's internals.
    assert!(is_not_found(store.partners(&national, false).await));
    assert!(matches!(
        store.cite_accounts(&national).await,
        Err(StoreError::Forbidden)
    ));
    // Its journal is the security log and its own changes to Cités (their
    // labelling here): never what happens inside a Cité.
    let journal = store.audit_log(&national, 100).await.unwrap();
    let own = ["cite.create", "cite.archive", "cite.restore"];
    assert!(journal
        .iter()
        .all(|row| row.cite_id.is_none() || own.contains(&row.action.as_str())));
    assert!(journal.iter().any(|row| row.action == "cite.create"));
    assert!(!journal.iter().any(|row| row.action == "partner.create"));
}

pub async fn partners_lifecycle(store: &dyn Store) {
    let f = Fixture::new(store).await;
    let actor = Actor::system(chrono::Utc::now());
    let draft = partner_input("Mission locale angevine").validate().unwrap();
    let id = store
        .create_partner(&actor, &f.angers_coordinator, &draft)
        .await
        .unwrap();
    let duplicate = store
        .create_partner(&actor, &f.angers_coordinator, &draft)
        .await;
    assert!(
        matches!(duplicate, Err(StoreError::Conflict { field: "name", .. })),
        "{duplicate:?}"
    );
    // The same name in another Cité is another partner.
    store
        .create_partner(&actor, &f.vaulx_coordinator, &draft)
        .await
        .unwrap();

    let mut changed = draft.clone();
    changed.sensitive = true;
    changed.city = Some("Angers".into());
    store
        .update_partner(&actor, &f.angers_coordinator, id, &changed)
        .await
        .unwrap();
    let row = store.partner(&f.angers_coordinator, id).await.unwrap();
    assert!(row.sensitive);
    assert_eq!(row.city.as_deref(), Some("Angers"));

    assert!(is_not_found(store.partner(&f.vaulx_coordinator, id).await));
    assert!(is_not_found(
        store
            .update_partner(&actor, &f.vaulx_coordinator, id, &changed)
            .await
    ));
    assert!(is_not_found(
        store
            .set_partner_archived(&actor, &f.vaulx_coordinator, id, true)
            .await
    ));

    store
        .set_partner_archived(&actor, &f.angers_coordinator, id, true)
        .await
        .unwrap();
    assert!(store
        .partners(&f.angers_coordinator, false)
        .await
        .unwrap()
        .is_empty());
    let all = store.partners(&f.angers_coordinator, true).await.unwrap();
    assert_eq!(all.len(), 1);
    assert!(all[0].archived_at.is_some());
    store
        .set_partner_archived(&actor, &f.angers_coordinator, id, false)
        .await
        .unwrap();
    assert_eq!(
        store
            .partners(&f.angers_coordinator, false)
            .await
            .unwrap()
            .len(),
        1
    );

    let referent = Scope::Cite {
        user_id: UserId::new(999),
        cite_id: f.angers,
        role: Role::Referent,
        partner_id: Some(id),
    };
    assert_eq!(store.partners(&referent, false).await.unwrap().len(), 1);
    let refused = store
        .create_partner(
            &actor,
            &referent,
            &partner_input("Autre").validate().unwrap(),
        )
        .await;
    assert!(matches!(refused, Err(StoreError::Forbidden)));

    let log = store.audit_log(&f.angers_coordinator, 50).await.unwrap();
    let actions: Vec<&str> = log.iter().map(|r| r.action.as_str()).collect();
    for expected in [
        "partner.create",
        "partner.update",
        "partner.archive",
        "partner.restore",
    ] {
        assert!(
            actions.contains(&expected),
            "{expected} missing from {actions:?}"
        );
    }
    assert!(log.iter().all(|r| r.cite_id == Some(f.angers)));
}

pub async fn accounts_and_sessions(store: &dyn Store) {
    let f = Fixture::new(store).await;
    let actor = Actor::system(chrono::Utc::now());
    let partner = f.partner(store, "CIDFF 49").await;
    let vaulx_partner = Fixture::partner_of(store, &f.vaulx_coordinator, "CIDFF 69").await;

    let membership = |partner_id| {
        Some(NewMembership {
            cite_id: CiteId::new(0),
            role: Role::Referent,
            partner_id: Some(partner_id),
        })
    };
    let create = |email, partner_id| {
        store.create_cite_account(
            &actor,
            &f.angers_coordinator,
            account(email, membership(partner_id)),
        )
    };
    let refused = create("x@cidff.fr", vaulx_partner).await;
    assert!(
        matches!(
            refused,
            Err(StoreError::Invalid {
                field: "partner_id",
                ..
            })
        ),
        "{refused:?}"
    );
    let user_id = create("juriste@cidff.fr", partner).await.unwrap();
    let duplicate = create("juriste@cidff.fr", partner).await;
    assert!(
        matches!(duplicate, Err(StoreError::Conflict { field: "email", .. })),
        "{duplicate:?}"
    );

    let memberships = store.memberships(user_id).await.unwrap();
    assert_eq!(memberships.len(), 1);
    assert_eq!(
        (memberships[0].role, memberships[0].partner_id),
        (Role::Referent, Some(partner))
    );
    assert_eq!(memberships[0].partner_name.as_deref(), Some("CIDFF 49"));
    assert_eq!(
        store
            .cite_accounts(&f.angers_coordinator)
            .await
            .unwrap()
            .len(),
        2
    );
    assert_eq!(
        store
            .partner_accounts(&f.angers_coordinator, partner)
            .await
            .unwrap()
            .len(),
        1
    );
    assert!(store
        .partner_accounts(&f.vaulx_coordinator, partner)
        .await
        .unwrap()
        .is_empty());
    // Listed by name the French way: « Élodie » before « Fabrice ».
    for (email, name) in [
        ("f@cidff.fr", "Fabrice Aubert"),
        ("e@cidff.fr", "Élodie Zidane"),
    ] {
        let mut named = account(email, membership(partner));
        named.name = name.into();
        store
            .create_cite_account(&actor, &f.angers_coordinator, named)
            .await
            .unwrap();
    }
    let names: Vec<String> = store
        .cite_accounts(&f.angers_coordinator)
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.name)
        .collect();
    let at = |name: &str| names.iter().position(|n| n == name).unwrap();
    let (elodie, fabrice) = (at("Élodie Zidane"), at("Fabrice Aubert"));
    assert!(elodie < fabrice, "{names:?}");

    let credentials = store
        .credentials("juriste@cidff.fr")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(credentials.user_id, user_id);
    assert!(credentials.active);
    assert!(store
        .credentials("personne@nulle.part")
        .await
        .unwrap()
        .is_none());

    let now = Utc::now();
    store
        .create_session(NewSession {
            id_hash: "h1".into(),
            user_id,
            csrf_token: "t".into(),
            cite_id: Some(f.angers),
            now,
            id_token: None,
        })
        .await
        .unwrap();
    let session = store.session("h1").await.unwrap().unwrap();
    assert_eq!(
        (session.user_id, session.cite_id, session.national),
        (user_id, Some(f.angers), false)
    );
    store
        .touch_session("h1", now + Duration::minutes(5))
        .await
        .unwrap();
    let session = store.session("h1").await.unwrap().unwrap();
    assert_eq!(
        session.last_seen_at.timestamp(),
        (now + Duration::minutes(5)).timestamp()
    );

    // Resetting a password from another Cité is refused; from the right one it ends sessions.
    assert!(is_not_found(
        store
            .reset_password(&actor, &f.vaulx_coordinator, user_id, "new")
            .await
    ));
    assert!(store.session("h1").await.unwrap().is_some());
    store
        .reset_password(&actor, &f.angers_coordinator, user_id, "$argon2id$new")
        .await
        .unwrap();
    assert!(store.session("h1").await.unwrap().is_none());
    assert_eq!(
        store
            .credentials("juriste@cidff.fr")
            .await
            .unwrap()
            .unwrap()
            .password_hash,
        "$argon2id$new"
    );

    store
        .create_session(NewSession {
            id_hash: "old".into(),
            user_id,
            csrf_token: "t".into(),
            cite_id: None,
            now: now - Duration::hours(13),
            id_token: None,
        })
        .await
        .unwrap();
    store
        .create_session(NewSession {
            id_hash: "fresh".into(),
            user_id,
            csrf_token: "t".into(),
            cite_id: None,
            now,
            id_token: None,
        })
        .await
        .unwrap();
    let purged = store
        .purge_sessions(now - Duration::hours(2), now - Duration::hours(12))
        .await
        .unwrap();
    assert_eq!(purged, 1);
    assert!(store.session("fresh").await.unwrap().is_some());
    store.delete_session("fresh").await.unwrap();
    assert!(store.session("fresh").await.unwrap().is_none());
}

pub async fn sign_in_failures_are_counted(store: &dyn Store) {
    let now = Utc::now();
    let actor = Actor {
        ip: Some("192.0.2.1".into()),
        ..Actor::system(now)
    };
    let other_ip = Actor {
        ip: Some("192.0.2.2".into()),
        ..Actor::system(now)
    };
    for _ in 0..3 {
        store
            .record_sign_in(&actor, "a@b.fr", false, now, None)
            .await
            .unwrap();
    }
    store
        .record_sign_in(&other_ip, "a@b.fr", false, now - Duration::hours(1), None)
        .await
        .unwrap();
    store
        .record_sign_in(&other_ip, "c@d.fr", false, now, None)
        .await
        .unwrap();
    store
        .record_sign_in(&actor, "a@b.fr", true, now, None)
        .await
        .unwrap();
    let since = now - Duration::minutes(15);
    assert_eq!(
        store
            .sign_in_failures("a@b.fr", "192.0.2.1", since)
            .await
            .unwrap(),
        (3, 3)
    );
    assert_eq!(
        store
            .sign_in_failures("c@d.fr", "192.0.2.2", since)
            .await
            .unwrap(),
        (1, 1)
    );
    store
        .audit(
            &actor,
            AuditEntry::new("access_refused", "partner", Some(1), None),
        )
        .await
        .unwrap();
}
