//! Free-text search of the service catalogue with PostgreSQL: the
//! `services.search` tsvector of the service's name, its structure's name and
//! its description (French stemming after `unaccent`, so « creche » finds
//! « crèche »), kept by triggers and GIN-indexed by the migration.

use sqlx::{Postgres, QueryBuilder};

use crate::PgStore;

impl PgStore {
    /// Joins `ft`, the services matching every word as a prefix (« numeri »
    /// finds « Numérique »), with `ft.rank`: lower is more relevant.
    /// The words are letters and digits only: no tsquery operator gets in.
    pub(crate) fn push_service_text_join(qb: &mut QueryBuilder<'_, Postgres>, words: &[String]) {
        let query = words
            .iter()
            .map(|word| format!("{word}:*"))
            .collect::<Vec<_>>()
            .join(" & ");
        qb.push(
            " JOIN (SELECT m.id, -ts_rank(m.search, q.query) AS rank \
             FROM services m, to_tsquery('french_unaccent', ",
        )
        .push_bind(query)
        .push(") AS q (query) WHERE m.search @@ q.query) ft ON ft.id = s.id");
    }
}
