use maillage_store::conformance::postgres_test_url;
use maillage_store_postgres::PgStore;

/// A fresh schema per test in the database named by `MAILLAGE_TEST_POSTGRES_URL`
/// (`scripts/test` includes these ignored cases when it is set).
async fn open() -> PgStore {
    open_in(&fresh_schema()).await
}

fn fresh_schema() -> String {
    format!("t_{}", uuid::Uuid::new_v4().simple())
}

async fn open_in(schema: &str) -> PgStore {
    PgStore::open_in_schema(&postgres_test_url(), schema)
        .await
        .expect("PostgreSQL injoignable")
}

maillage_store::conformance_tests!(
    open(),
    #[ignore = "PostgreSQL : définir MAILLAGE_TEST_POSTGRES_URL"]
);

#[tokio::test]
#[ignore = "PostgreSQL : définir MAILLAGE_TEST_POSTGRES_URL"]
async fn unknown_codes_are_errors() {
    let schema = fresh_schema();
    let store = open_in(&schema).await;
    let raw = raw_pool(&schema).await;
    maillage_store::conformance::unknown_codes_are_errors(&store, raw).await;
}

#[tokio::test]
#[ignore = "PostgreSQL : définir MAILLAGE_TEST_POSTGRES_URL"]
async fn sort_keys_are_filled_at_open() {
    let schema = fresh_schema();
    let store = open_in(&schema).await;
    let raw = raw_pool(&schema).await;
    maillage_store::conformance::sort_keys_are_filled_at_open(&store, raw, open_in(&schema)).await;
}

/// A second connection to the test's schema, outside the store.
async fn raw_pool(schema: &str) -> sqlx::PgPool {
    use std::str::FromStr;
    let options = sqlx::postgres::PgConnectOptions::from_str(&postgres_test_url())
        .unwrap()
        .options([("search_path", schema)]);
    sqlx::PgPool::connect_with(options).await.unwrap()
}
