//! Free-text search of the service catalogue with PostgreSQL: the generated
//! `services.search` tsvector (French stemming after `unaccent`, so
//! « creche » finds « crèche »), GIN-indexed by the migration.

use sqlx::{Postgres, QueryBuilder};

use crate::PgStore;

impl PgStore {
    /// `s` matches every word as a prefix (« numeri » finds « Numérique »).
    /// The words are letters and digits only: no tsquery operator gets in.
    pub(crate) fn push_service_text_match(qb: &mut QueryBuilder<'_, Postgres>, words: &[String]) {
        let query = words
            .iter()
            .map(|word| format!("{word}:*"))
            .collect::<Vec<_>>()
            .join(" & ");
        qb.push("s.search @@ to_tsquery('french_unaccent', ")
            .push_bind(query)
            .push(")");
    }
}
