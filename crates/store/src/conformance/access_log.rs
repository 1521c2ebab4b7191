//! « Qui a consulté ce dossier »: the file shows the latest lines, the
//! whole log is paged, and reading it is a scoped, audited read.

use maillage_domain::ids::AuditId;

use super::case_file::person;
use super::{is_not_found, Fixture};
use crate::case_file::{AccessPage, FILE_ACCESSES};
use crate::{Actor, Store};

fn page(page: i64, until: Option<AuditId>) -> AccessPage {
    AccessPage {
        page,
        per_page: 10,
        until,
    }
}

pub async fn access_log_is_paged_scoped_and_audited(store: &dyn Store) {
    let f = Fixture::new(store).await;
    let actor = Actor::system(chrono::Utc::now());
    let (_, referent) = f
        .angers_referent(store, "Mission locale", "ref@angers.fr")
        .await;
    let cohort_id = f.cohort(store, 2026).await;
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let (id, _) = store
        .propose(&actor, &referent, cohort_id, &person(&[]), None, today)
        .await
        .unwrap();
    let fresh = store.case_file(&actor, &referent, id).await.unwrap();
    assert!(!fresh.more_accesses, "{:?}", fresh.accesses);

    for _ in 0..FILE_ACCESSES + 5 {
        store.participant(&actor, &referent, id).await.unwrap();
    }
    let file = store.case_file(&actor, &referent, id).await.unwrap();
    assert_eq!(file.accesses.len() as i64, FILE_ACCESSES);
    assert!(file.more_accesses);

    // The first page starts with this very read.
    let first = store
        .access_log(&actor, &referent, id, page(1, None))
        .await
        .unwrap();
    assert_eq!((first.participant.id, first.page), (id, 1));
    assert_eq!(first.rows.len(), 10);
    assert_eq!(first.rows[0].action, "participant.read");
    let total = first.total;
    assert!(total > FILE_ACCESSES + 5, "{total}");

    // Later pages keep to the log as the first page saw it: the reads
    // since then (each page read is one) do not shift them.
    let second = store
        .access_log(&actor, &referent, id, page(2, Some(first.until)))
        .await
        .unwrap();
    assert_eq!((second.total, second.until), (total, first.until));
    let again = store
        .access_log(&actor, &referent, id, page(2, Some(first.until)))
        .await
        .unwrap();
    let lines = |log: &crate::case_file::AccessLog| -> Vec<String> {
        log.rows
            .iter()
            .map(|r| format!("{} {}", r.at, r.action))
            .collect()
    };
    assert_eq!(lines(&again), lines(&second));

    // Past the end is the last page, which ends with the proposal that
    // created the file.
    let last = store
        .access_log(&actor, &referent, id, page(1_000, Some(first.until)))
        .await
        .unwrap();
    assert_eq!(last.page, (total + 9) / 10);
    assert!(!last.rows.is_empty() && last.rows.len() <= 10);
    assert_ne!(last.rows.last().unwrap().action, "participant.read");

    // Another Cité gets a missing file, and its try is not in the file's log.
    assert!(is_not_found(
        store
            .access_log(&actor, &f.vaulx_coordinator, id, page(1, None))
            .await
    ));
    let after = store
        .access_log(&actor, &referent, id, page(1, None))
        .await
        .unwrap();
    assert_eq!(after.total, total + 4);
}
