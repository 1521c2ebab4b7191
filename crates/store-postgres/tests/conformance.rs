use maillage_store_postgres::PgStore;

/// A fresh schema per test in the database named by `MAILLAGE_TEST_POSTGRES_URL`.
/// Without that variable the PostgreSQL cases are skipped (CI always sets it,
/// and an unreachable server then fails the run).
async fn open() -> Option<PgStore> {
    let Ok(url) = std::env::var("MAILLAGE_TEST_POSTGRES_URL") else {
        eprintln!("MAILLAGE_TEST_POSTGRES_URL absent : cas PostgreSQL ignorés");
        return None;
    };
    let schema = format!("t_{}", uuid::Uuid::new_v4().simple());
    Some(
        PgStore::open_in_schema(&url, &schema)
            .await
            .expect("PostgreSQL injoignable"),
    )
}

maillage_store::conformance_tests!(open());
