use maillage_store_sqlite::SqliteStore;

/// A fresh database file per test, in the system's temporary folder.
async fn open() -> SqliteStore {
    let path = std::env::temp_dir().join(format!(
        "maillage-conformance-{}-{}.db",
        std::process::id(),
        uuid_like()
    ));
    SqliteStore::open(path.to_str().unwrap()).await.unwrap()
}

fn uuid_like() -> u128 {
    use std::sync::atomic::{AtomicU32, Ordering};
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    nanos ^ u128::from(COUNTER.fetch_add(1, Ordering::Relaxed))
}

maillage_store::conformance_tests!(open());
