//! « Qui a consulté ce dossier »: the file shows the latest lines, the
//! whole log is paged, and reading it is a scoped, audited read.

use super::case_file::person;
use super::{is_not_found, Fixture};
use crate::case_file::FILE_ACCESSES;
use crate::{Actor, Store};

pub async fn access_log_is_paged_scoped_and_audited(store: &dyn Store) {
    let f = Fixture::new(store).await;
    let actor = Actor::system();
    let (_, referent) = f
        .angers_referent(store, "Mission locale", "ref@angers.fr")
        .await;
    let cohort_id = f.angers_cohort(store).await;
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

    // Each read, this one included, adds a line: page 1 starts with it.
    let first = store
        .access_log(&actor, &referent, id, 1, 10)
        .await
        .unwrap();
    assert_eq!(first.participant.id, id);
    assert_eq!(first.rows.len(), 10);
    assert_eq!(first.rows[0].action, "participant.read");
    let total = first.total;
    assert!(total > FILE_ACCESSES + 5, "{total}");
    let last_page = (total + 1 + 9) / 10;
    let last = store
        .access_log(&actor, &referent, id, last_page, 10)
        .await
        .unwrap();
    assert_eq!(last.total, total + 1);
    assert!(!last.rows.is_empty() && last.rows.len() <= 10);
    // The oldest line is the proposal that created the file.
    assert_ne!(last.rows.last().unwrap().action, "participant.read");
    let beyond = store
        .access_log(&actor, &referent, id, 1_000, 10)
        .await
        .unwrap();
    assert!(beyond.rows.is_empty());

    // Another Cité gets a missing file, and its try is not in the file's log.
    assert!(is_not_found(
        store
            .access_log(&actor, &f.vaulx_coordinator, id, 1, 10)
            .await
    ));
    let after = store
        .access_log(&actor, &referent, id, 1, 10)
        .await
        .unwrap();
    assert_eq!(after.total, total + 3);
}
