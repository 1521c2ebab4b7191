use maillage_store::conformance::postgres_test_url;
use maillage_store_postgres::PgStore;

/// A fresh schema per test in the database named by `MAILLAGE_TEST_POSTGRES_URL`
/// (`scripts/test` includes these ignored cases when it is set).
async fn open() -> PgStore {
    let schema = format!("t_{}", uuid::Uuid::new_v4().simple());
    PgStore::open_in_schema(&postgres_test_url(), &schema)
        .await
        .expect("PostgreSQL injoignable")
}

maillage_store::conformance_tests!(
    open(),
    #[ignore = "PostgreSQL : définir MAILLAGE_TEST_POSTGRES_URL"]
);
