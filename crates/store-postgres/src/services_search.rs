//! Free-text search of the service catalogue with PostgreSQL: the
//! `services.search` tsvector of the service's name, its structure's name,
//! its thematics' labels and its description (French stemming after
//! `unaccent`, so « creche » finds « crèche » and « enfants » « enfant »),
//! written by the store with each service and GIN-indexed.

use maillage_store::StoreResult;
use sqlx::{Postgres, QueryBuilder};

use crate::sql::services_index::SearchTexts;
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

    /// Writes a service's `search` document.
    pub(crate) async fn write_service_search(
        tx: &mut sqlx::Transaction<'_, Postgres>,
        texts: &SearchTexts,
    ) -> StoreResult<()> {
        sqlx::query(
            "UPDATE services SET search = setweight(to_tsvector('french_unaccent', $2), 'A') \
             || setweight(to_tsvector('french_unaccent', $3), 'B') \
             || setweight(to_tsvector('french_unaccent', $4), 'B') \
             || setweight(to_tsvector('french_unaccent', $5), 'C') WHERE id = $1",
        )
        .bind(texts.id)
        .bind(&texts.name)
        .bind(&texts.structure_name)
        .bind(texts.thematic_labels())
        .bind(&texts.description)
        .execute(&mut **tx)
        .await?;
        Ok(())
    }
}
