//! Free-text search of the service catalogue with SQLite's FTS5: the
//! `services_fts` index of the service's name, its structure's name and its
//! description (`unicode61 remove_diacritics 2`, so « creche » finds
//! « crèche »), kept by triggers of the migration.

use sqlx::{QueryBuilder, Sqlite};

use crate::SqliteStore;

impl SqliteStore {
    /// Joins `ft`, the services matching every word as a prefix (« numeri »
    /// finds « Numérique »), with `ft.rank`: lower is more relevant.
    /// The words are letters and digits only, so quoting them is enough.
    pub(crate) fn push_service_text_join(qb: &mut QueryBuilder<'_, Sqlite>, words: &[String]) {
        let query = words
            .iter()
            .map(|word| format!("\"{word}\"*"))
            .collect::<Vec<_>>()
            .join(" ");
        // bm25 weights: the service's name, then its structure's, then the description.
        qb.push(
            " JOIN (SELECT rowid AS id, bm25(services_fts, 10.0, 5.0, 1.0) AS rank \
             FROM services_fts WHERE services_fts MATCH ",
        )
        .push_bind(query)
        .push(") ft ON ft.id = s.id");
    }
}
