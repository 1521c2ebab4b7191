//! Free-text search of the service catalogue with SQLite's FTS5: the
//! `services_fts` index holds the French stems (`maillage_domain::services::search`)
//! of the service's name, its structure's name, its thematics' labels and its
//! description, written by the store with each service; a query's words are
//! stemmed the same way.

use maillage_domain::services::search;
use maillage_store::StoreResult;
use sqlx::{QueryBuilder, Sqlite};

use crate::sql::services_index::SearchTexts;
use crate::SqliteStore;

impl SqliteStore {
    /// Joins `ft`, the services matching every word as a prefix (« numeri »
    /// finds « Numérique »), with `ft.rank`: lower is more relevant.
    /// The words are letters and digits only, so quoting them is enough.
    pub(crate) fn push_service_text_join(qb: &mut QueryBuilder<'_, Sqlite>, words: &[String]) {
        let query = words
            .iter()
            .map(|word| format!("\"{}\"*", search::stem(word)))
            .collect::<Vec<_>>()
            .join(" ");
        // bm25 weights: the service's name, its structure's, its thematics, its description.
        qb.push(
            " JOIN (SELECT rowid AS id, bm25(services_fts, 10.0, 5.0, 3.0, 1.0) AS rank \
             FROM services_fts WHERE services_fts MATCH ",
        )
        .push_bind(query)
        .push(") ft ON ft.id = s.id");
    }

    /// Writes a service's entry of the index (its rowid is the service's id).
    pub(crate) async fn write_service_search(
        tx: &mut sqlx::Transaction<'_, Sqlite>,
        texts: &SearchTexts,
    ) -> StoreResult<()> {
        sqlx::query("DELETE FROM services_fts WHERE rowid = $1")
            .bind(texts.id)
            .execute(&mut **tx)
            .await?;
        sqlx::query(
            "INSERT INTO services_fts (rowid, name, structure_name, thematics, description) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(texts.id)
        .bind(search::index_text([texts.name.as_str()]))
        .bind(search::index_text([texts.structure_name.as_str()]))
        .bind(search::index_text([texts.thematic_labels().as_str()]))
        .bind(search::index_text([texts.description.as_str()]))
        .execute(&mut **tx)
        .await?;
        Ok(())
    }
}
