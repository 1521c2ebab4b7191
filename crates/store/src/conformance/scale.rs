//! Audit rows under concurrent reads: group commit writes many requests'
//! rows in one transaction, and each read returns only once its own row is
//! committed, refused reads included.

use maillage_domain::ids::{ParticipantId, UserId};

use super::case_file::person;
use super::{is_not_found, Fixture};
use crate::{Actor, Store};

fn actor(user_id: UserId, request: String) -> Actor {
    Actor {
        user_id: Some(user_id),
        organisation: Some("Mission locale".into()),
        ip: Some("127.0.0.1".into()),
        request_id: Some(request),
        at: chrono::Utc::now(),
    }
}

pub async fn concurrent_reads_each_commit_their_audit_row(store: &dyn Store) {
    let f = Fixture::new(store).await;
    let system = Actor::system(chrono::Utc::now());
    let (_, referent) = f
        .angers_referent(store, "Mission locale", "ref@angers.fr")
        .await;
    let user_id = referent.user_id();
    let cohort_id = f.cohort(store, 2026).await;
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let (id, _) = store
        .propose(&system, &referent, cohort_id, &person(&[]), None, today)
        .await
        .unwrap();

    let reads = (0..64).map(|i| {
        let actor = actor(user_id, format!("lecture-{i}"));
        let scope = referent.clone();
        async move { store.participant(&actor, &scope, id).await }
    });
    // Half on the file, logged once for the minute; half on files that do
    // not exist, each logged.
    let refused = (0..16).map(|i| {
        let actor = actor(user_id, format!("refus-{i}"));
        let scope = f.vaulx_coordinator.clone();
        let target = if i < 8 {
            id
        } else {
            ParticipantId::new(id.get() + 1_000 + i)
        };
        async move { store.participant(&actor, &scope, target).await }
    });
    let (reads, refused) = futures::join!(
        futures::future::join_all(reads),
        futures::future::join_all(refused)
    );
    assert!(reads
        .iter()
        .all(|r| r.as_ref().is_ok_and(|file| file.id == id)));
    assert!(refused.into_iter().all(is_not_found));

    // Every answered read is in the log, once, with its own request id.
    let log = store.audit_log(&f.angers_coordinator, 1_000).await.unwrap();
    let mut requests: Vec<String> = log
        .iter()
        .filter(|row| row.action == "participant.read" && row.person_id == Some(id))
        .filter_map(|row| row.request_id.clone())
        .collect();
    requests.sort();
    let mut expected: Vec<String> = (0..64).map(|i| format!("lecture-{i}")).collect();
    expected.sort();
    assert_eq!(requests, expected);
    // Refused reads are logged in the reader's Cité, not tied to the person.
    let vaulx_log = store.audit_log(&f.vaulx_coordinator, 1_000).await.unwrap();
    let refusals: Vec<_> = vaulx_log
        .iter()
        .filter(|row| row.action == "participant.read_refused")
        .collect();
    assert_eq!(refusals.len(), 9);
    assert_eq!(
        refusals
            .iter()
            .filter(|row| row.entity_id == Some(id.into()))
            .count(),
        1
    );
    assert!(refusals.iter().all(|row| row.person_id.is_none()));
}
