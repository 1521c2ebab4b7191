//! The PostgreSQL backend: for a national deployment, where several stateless
//! `maillage serve` processes share one database.

mod services_search;
/// The SQL shared with the other backend, compiled against this one's types.
#[path = "../../store/sql/mod.rs"]
mod sql;

/// The names the shared SQL is written against.
type Backend = PgStore;
type Db = sqlx::Postgres;

use std::str::FromStr;
use std::time::Duration;

use maillage_store::group_commit::AuditQueue;
use maillage_store::StoreResult;
use sqlx::migrate::Migrator;
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::Executor;

pub static MIGRATOR: Migrator = sqlx::migrate!("./migrations");

#[derive(Clone)]
pub struct PgStore {
    pool: PgPool,
    audit: AuditQueue,
}

impl PgStore {
    /// Connects to `url` (`postgres://…`) and migrates the database.
    pub async fn open(url: &str) -> StoreResult<PgStore> {
        Self::connect(PgConnectOptions::from_str(url)?).await
    }

    /// Like [`PgStore::open`], inside its own schema (created if missing):
    /// lets tests share one database without seeing each other's rows.
    pub async fn open_in_schema(url: &str, schema: &str) -> StoreResult<PgStore> {
        let options = PgConnectOptions::from_str(url)?;
        let setup = PgPoolOptions::new()
            .max_connections(1)
            .connect_with(options.clone())
            .await?;
        setup
            .execute(
                format!(
                    "CREATE SCHEMA IF NOT EXISTS \"{}\"",
                    schema.replace('"', "")
                )
                .as_str(),
            )
            .await?;
        setup.close().await;
        Self::connect(options.options([("search_path", schema)])).await
    }

    async fn connect(options: PgConnectOptions) -> StoreResult<PgStore> {
        // Solid-state storage, where a random read costs about a sequential one:
        // with PostgreSQL's default of 4, the planner scans a whole national
        // table (1 M outcomes) rather than look up one Cité's rows by index —
        // 90 ms instead of 15 for a Cité's indicators.
        let options = options.options([("random_page_cost", "1.1")]);
        // No ping before each query (a round trip each): a connection the server
        // dropped fails one query, and the pool replaces it.
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .test_before_acquire(false)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await?;
        MIGRATOR.run(&pool).await?;
        Self::refresh_search_index(&pool).await?;
        Self::fill_sort_keys(&pool).await?;
        let audit = AuditQueue::start(Self::audit_flush(pool.clone()));
        Ok(PgStore { pool, audit })
    }

    fn reader(&self) -> &PgPool {
        &self.pool
    }

    fn writer(&self) -> &PgPool {
        &self.pool
    }

    /// Audit rows of reads, committed in groups by one writer task.
    fn audit_queue(&self) -> &AuditQueue {
        &self.audit
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

impl maillage_store::Store for PgStore {
    fn backend(&self) -> &'static str {
        "postgres"
    }

    fn gauges(&self) -> maillage_store::StoreGauges {
        maillage_store::StoreGauges {
            pools: vec![maillage_store::PoolGauge::of("pool", &self.pool)],
            audit_queue: self.audit.depth(),
        }
    }
}

#[cfg(test)]
mod tests {
    use maillage_store::{Actor, AuditEntry, AuditStore};

    #[tokio::test]
    #[ignore = "PostgreSQL : définir MAILLAGE_TEST_POSTGRES_URL"]
    async fn the_audit_log_is_append_only() {
        let schema = format!("a_{}", std::process::id());
        let url = maillage_store::conformance::postgres_test_url();
        let store = super::PgStore::open_in_schema(&url, &schema)
            .await
            .expect("PostgreSQL injoignable");
        store
            .audit(
                &Actor::system(chrono::Utc::now()),
                AuditEntry::new("sign_in", "user", Some(1), None),
            )
            .await
            .unwrap();
        let update = sqlx::query("UPDATE audit_log SET action = 'x'")
            .execute(store.writer())
            .await;
        assert!(update
            .unwrap_err()
            .to_string()
            .contains("ne se modifie pas"));
        let delete = sqlx::query("DELETE FROM audit_log")
            .execute(store.writer())
            .await;
        assert!(delete.unwrap_err().to_string().contains("au moins 6 mois"));
    }
}
