//! The SQLite backend: Maillage's default, one file, no server.
//!
//! SQLite has one writer at a time: writes go through a one-connection pool so
//! they queue in the process instead of failing with `SQLITE_BUSY`, and reads
//! use a separate read-only pool that WAL lets run alongside.

mod services_search;
/// The SQL shared with the other backend, compiled against this one's types.
#[path = "../../store/sql/mod.rs"]
mod sql;

/// The names the shared SQL is written against.
type Backend = SqliteStore;
type Db = sqlx::Sqlite;

use std::str::FromStr;
use std::time::Duration;

use maillage_store::group_commit::AuditQueue;
use maillage_store::StoreResult;
use maillage_store::{PoolGauge, StoreGauges};
use sqlx::migrate::Migrator;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

pub static MIGRATOR: Migrator = sqlx::migrate!("./migrations");

#[derive(Clone)]
pub struct SqliteStore {
    writer: SqlitePool,
    reader: SqlitePool,
    audit: AuditQueue,
}

impl SqliteStore {
    /// Opens (creating if missing) and migrates the database at `path`
    /// (a file path or a `sqlite:` URL).
    pub async fn open(path: &str) -> StoreResult<SqliteStore> {
        let url = if path.starts_with("sqlite:") {
            path.to_owned()
        } else {
            format!("sqlite://{path}")
        };
        let options = SqliteConnectOptions::from_str(&url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10))
            .pragma("temp_store", "memory")
            .pragma("cache_size", "-16000");
        // No ping before each use: a file in the process does not drop its
        // connections, and the ping was a thread round trip per query.
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .test_before_acquire(false)
            .connect_with(options.clone())
            .await?;
        MIGRATOR.run(&writer).await?;
        Self::refresh_search_index(&writer).await?;
        Self::fill_sort_keys(&writer).await?;
        let readers = std::thread::available_parallelism().map_or(4, |n| n.get().max(2) * 2) as u32;
        let reader = SqlitePoolOptions::new()
            .max_connections(readers)
            .test_before_acquire(false)
            .connect_with(options.create_if_missing(false).read_only(true))
            .await?;
        let audit = AuditQueue::start(Self::audit_flush(writer.clone()));
        Ok(SqliteStore {
            writer,
            reader,
            audit,
        })
    }

    fn reader(&self) -> &SqlitePool {
        &self.reader
    }

    fn writer(&self) -> &SqlitePool {
        &self.writer
    }

    /// Audit rows of reads, committed in groups by one writer task.
    fn audit_queue(&self) -> &AuditQueue {
        &self.audit
    }

    /// Waits for pending writes and closes the file cleanly.
    pub async fn close(&self) {
        self.reader.close().await;
        self.writer.close().await;
    }
}

impl maillage_store::Store for SqliteStore {
    fn backend(&self) -> &'static str {
        "sqlite"
    }

    fn gauges(&self) -> StoreGauges {
        StoreGauges {
            pools: vec![
                PoolGauge::of("reader", &self.reader),
                PoolGauge::of("writer", &self.writer),
            ],
            audit_queue: self.audit.depth(),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use maillage_store::{Actor, AuditEntry, AuditStore};

    /// A database file of this test process, by name.
    async fn open(name: &str) -> (super::SqliteStore, PathBuf) {
        let path = std::env::temp_dir().join(format!("maillage-{name}-{}.db", std::process::id()));
        let store = super::SqliteStore::open(path.to_str().unwrap())
            .await
            .unwrap();
        (store, path)
    }

    /// A database indexed before the French search (or by an older
    /// stemmer): the index is rebuilt once, at open.
    #[tokio::test]
    async fn a_stale_search_index_is_rebuilt_at_open() {
        use maillage_store::conformance::with_small_catalogue;
        use maillage_store::services::ServiceQuery;
        use maillage_store::ServiceStore;

        let (store, _) = open("search").await;
        let f = with_small_catalogue(&store).await;
        sqlx::query("DELETE FROM services_fts; UPDATE service_search SET version = 0")
            .execute(store.writer())
            .await
            .unwrap();
        store.close().await;
        let (store, path) = open("search").await;
        let query = ServiceQuery {
            text: Some("garde".into()),
            limit: 10,
            ..ServiceQuery::default()
        };
        let found = store
            .search_services(&f.angers_coordinator, &query)
            .await
            .unwrap();
        assert_eq!(found.len(), 1, "the crèche, by its thematic");
        store.close().await;
        let _ = std::fs::remove_file(&path);
    }

    #[tokio::test]
    async fn the_audit_log_is_append_only() {
        let (store, path) = open("audit").await;
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
        store.close().await;
        let _ = std::fs::remove_file(&path);
    }
}
