//! Free-text search of the service catalogue with SQLite's FTS5: the
//! `services_fts` external-content index (`unicode61 remove_diacritics 2`,
//! so « creche » finds « crèche »), kept by triggers of the migration.

use sqlx::{QueryBuilder, Sqlite};

use crate::SqliteStore;

impl SqliteStore {
    /// `s.id` matches every word as a prefix (« numeri » finds « Numérique »).
    /// The words are letters and digits only, so quoting them is enough.
    pub(crate) fn push_service_text_match(qb: &mut QueryBuilder<'_, Sqlite>, words: &[String]) {
        let query = words
            .iter()
            .map(|word| format!("\"{word}\"*"))
            .collect::<Vec<_>>()
            .join(" ");
        qb.push("s.id IN (SELECT rowid FROM services_fts WHERE services_fts MATCH ")
            .push_bind(query)
            .push(")");
    }
}
