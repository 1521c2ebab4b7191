//! Labelling a Cité with its first coordinator in one transaction, and
//! archiving it: its memberships then open nothing, nothing is added to it,
//! and it comes back when reactivated.

use chrono::{Duration, Utc};
use maillage_domain::accounts::Role;
use maillage_domain::cites::{NewCite, NewCiteInput};
use maillage_domain::ids::{CiteId, UserId};
use maillage_domain::Scope;

use super::{account, is_not_found, today, Fixture};
use crate::accounts::{NewMembership, NewSession};
use crate::{Actor, Store, StoreError};

fn le_mans(code: &str, email: &str) -> NewCite {
    NewCiteInput {
        code: code.into(),
        name: "Cité de l'emploi du Mans Métropole".into(),
        departement: "72".into(),
        epci: "247200132".into(),
        communes: "Le Mans, Allonnes".into(),
        label_year: "2021".into(),
        co_pilots: "Préfecture de la Sarthe".into(),
        coordinator_name: "Nadia Benali".into(),
        coordinator_email: email.into(),
    }
    .validate(today())
    .unwrap()
}

fn refused_field<T: std::fmt::Debug>(result: Result<T, StoreError>) -> &'static str {
    match result {
        Err(StoreError::Conflict { field, .. } | StoreError::Invalid { field, .. }) => field,
        other => panic!("a field error expected: {other:?}"),
    }
}

async fn session_in(store: &dyn Store, hash: &str, user_id: UserId, cite_id: Option<CiteId>) {
    let session = NewSession {
        id_hash: hash.into(),
        user_id,
        csrf_token: "t".into(),
        cite_id,
        now: Utc::now(),
        id_token: None,
    };
    store.create_session(session).await.unwrap();
}

/// The Cités a user's session opens.
async fn session_cites(store: &dyn Store, hash: &str) -> Vec<CiteId> {
    let session = store.session(hash).await.unwrap().unwrap();
    session.memberships.iter().map(|m| m.cite_id).collect()
}

pub async fn cites_are_labelled_with_their_coordinator_and_archived(store: &dyn Store) {
    let f = Fixture::new(store).await;
    let actor = Actor::system(Utc::now());
    let anct = store
        .create_account(&actor, account("anct@anct.gouv.fr", None))
        .await
        .unwrap();
    let national = Scope::National { user_id: anct };
    let cite = le_mans("le-mans", "nadia@lemans.fr");
    assert!(matches!(
        store
            .label_cite(&actor, &f.angers_coordinator, &cite, "$argon2id$x")
            .await,
        Err(StoreError::Forbidden)
    ));

    // Created with its coordinator, their membership and both audit rows.
    let (cite_id, coordinator) = store
        .label_cite(&actor, &national, &cite, "$argon2id$x")
        .await
        .unwrap();
    let row = store.cite(&national, cite_id).await.unwrap();
    assert_eq!(
        (row.code.as_str(), row.communes(), row.label_year),
        (
            "le-mans",
            vec!["72181".to_owned(), "72003".to_owned()],
            2021
        )
    );
    assert_eq!(row.archived_at, None);
    let memberships = store.memberships(coordinator).await.unwrap();
    assert_eq!(memberships.len(), 1);
    assert_eq!(
        (memberships[0].cite_id, memberships[0].role),
        (cite_id, Role::Coordinateur)
    );
    let coordinator_scope = Scope::Cite {
        user_id: coordinator,
        cite_id,
        role: Role::Coordinateur,
        partner_id: None,
    };
    let mut actions: Vec<String> = store
        .audit_log(&coordinator_scope, 10)
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.action)
        .collect();
    actions.sort();
    assert_eq!(actions, ["account.create", "cite.create"]);

    // A code taken, or an address with an account: nothing is written.
    let same_code = le_mans("le-mans", "autre@lemans.fr");
    let taken = store.label_cite(&actor, &national, &same_code, "h").await;
    assert_eq!(refused_field(taken), "code");
    assert!(store
        .credentials("autre@lemans.fr")
        .await
        .unwrap()
        .is_none());
    let known_address = le_mans("sarthe", "coord@angers.fr");
    let taken = store
        .label_cite(&actor, &national, &known_address, "h")
        .await;
    assert_eq!(refused_field(taken), "coordinator_email");
    assert!(store.cite_id_by_code("sarthe").await.unwrap().is_none());

    // Archived: the sessions open in it end, its memberships open nothing.
    let pilot = store
        .create_account(
            &actor,
            account(
                "pilote@sarthe.gouv.fr",
                Some(NewMembership {
                    cite_id,
                    role: Role::Pilote,
                    partner_id: None,
                }),
            ),
        )
        .await
        .unwrap();
    let angers = NewMembership {
        cite_id: f.angers,
        role: Role::Pilote,
        partner_id: None,
    };
    store.add_membership(&actor, pilot, angers).await.unwrap();
    session_in(store, "coordinator", coordinator, Some(cite_id)).await;
    session_in(store, "pilot-elsewhere", pilot, Some(f.angers)).await;
    assert_eq!(session_cites(store, "pilot-elsewhere").await.len(), 2);
    let archive = |scope: &Scope, at, archived| {
        let actor = Actor::system(at);
        let scope = scope.clone();
        async move {
            store
                .set_cite_archived(&actor, &scope, cite_id, archived)
                .await
        }
    };
    assert!(matches!(
        archive(&f.angers_coordinator, Utc::now(), true).await,
        Err(StoreError::Forbidden)
    ));
    let archived_at = Utc::now();
    archive(&national, archived_at, true).await.unwrap();
    assert!(store.session("coordinator").await.unwrap().is_none());
    assert_eq!(
        session_cites(store, "pilot-elsewhere").await,
        [f.angers],
        "a session elsewhere goes on, without the archived Cité"
    );
    session_in(store, "again", coordinator, None).await;
    assert!(session_cites(store, "again").await.is_empty());
    assert!(store.memberships(coordinator).await.unwrap().is_empty());
    assert_eq!(
        store.archived_cites_of(coordinator).await.unwrap(),
        ["Cité de l'emploi du Mans Métropole"]
    );
    assert_eq!(store.archived_cites_of(pilot).await.unwrap().len(), 1);
    let stamped = |at: Option<chrono::DateTime<Utc>>| at.map(|at| at.timestamp());
    let summary = store
        .cite_summaries(&national)
        .await
        .unwrap()
        .into_iter()
        .find(|s| s.id == cite_id)
        .unwrap();
    assert_eq!(stamped(summary.archived_at), Some(archived_at.timestamp()));
    // Archiving again keeps the first date.
    archive(&national, archived_at + Duration::days(3), true)
        .await
        .unwrap();
    let row = store.cite(&national, cite_id).await.unwrap();
    assert_eq!(stamped(row.archived_at), Some(archived_at.timestamp()));
    // Nothing is added to it; its data stays.
    let newcomer = account(
        "nouveau@lemans.fr",
        Some(NewMembership {
            cite_id,
            role: Role::Referent,
            partner_id: None,
        }),
    );
    assert_eq!(
        refused_field(store.create_account(&actor, newcomer).await),
        "cite"
    );
    let back = NewMembership {
        cite_id,
        role: Role::Pilote,
        partner_id: None,
    };
    assert_eq!(
        refused_field(store.add_membership(&actor, anct, back).await),
        "cite"
    );

    // Reactivated: its members work in it again.
    archive(&national, Utc::now(), false).await.unwrap();
    assert_eq!(store.memberships(coordinator).await.unwrap().len(), 1);
    assert!(store
        .archived_cites_of(coordinator)
        .await
        .unwrap()
        .is_empty());
    assert_eq!(session_cites(store, "again").await, [cite_id]);
    assert!(is_not_found(
        store
            .set_cite_archived(&actor, &national, CiteId::new(999_999), true)
            .await
    ));
}
