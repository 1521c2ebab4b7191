use maillage_store_sqlite::SqliteStore;

/// A fresh database file per test, in the system's temporary folder.
async fn open() -> SqliteStore {
    open_at(&fresh_path()).await
}

fn fresh_path() -> String {
    let path = std::env::temp_dir().join(format!(
        "maillage-conformance-{}-{}.db",
        std::process::id(),
        uuid_like()
    ));
    path.to_str().unwrap().to_owned()
}

async fn open_at(path: &str) -> SqliteStore {
    SqliteStore::open(path).await.unwrap()
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

#[tokio::test]
async fn unknown_codes_are_errors() {
    let path = fresh_path();
    let store = open_at(&path).await;
    let raw = raw_pool(&path).await;
    maillage_store::conformance::unknown_codes_are_errors(&store, raw).await;
}

#[tokio::test]
async fn sort_keys_are_filled_at_open() {
    let path = fresh_path();
    let store = open_at(&path).await;
    let raw = raw_pool(&path).await;
    maillage_store::conformance::sort_keys_are_filled_at_open(&store, raw, open_at(&path)).await;
}

/// A second connection to the file, outside the store.
async fn raw_pool(path: &str) -> sqlx::SqlitePool {
    sqlx::SqlitePool::connect(&format!("sqlite://{path}"))
        .await
        .unwrap()
}
