//! Keeps the catalogue's French search index: each backend writes a
//! service's entry (`write_service_search`, in its `services_search.rs`) from
//! the texts read here, at write time, so a search only reads the index.

use crate::{Backend, Db};

use maillage_domain::ids::{ServiceId, StructureId};
use maillage_domain::services::search;
use maillage_store::StoreResult;

/// Rows re-indexed per statement when the whole catalogue is rebuilt.
const BATCH: i64 = 1000;

/// What a service is found by.
#[derive(sqlx::FromRow)]
pub struct SearchTexts {
    pub id: ServiceId,
    pub name: String,
    pub structure_name: String,
    pub description: String,
    pub thematics: String,
}

impl SearchTexts {
    /// The French labels of the service's thematics.
    pub fn thematic_labels(&self) -> String {
        search::thematic_labels(self.thematics.split(' '))
    }
}

const SEARCH_TEXTS: &str =
    "SELECT s.id, s.name, st.name AS structure_name, s.description, s.thematics \
     FROM services s JOIN structures st ON st.id = s.structure_id";

impl Backend {
    /// Re-indexes one service, after it is written.
    pub(crate) async fn index_service(
        tx: &mut sqlx::Transaction<'_, Db>,
        id: ServiceId,
    ) -> StoreResult<()> {
        let sql = format!("{SEARCH_TEXTS} WHERE s.id = $1");
        let texts: SearchTexts = sqlx::query_as(&sql).bind(id).fetch_one(&mut **tx).await?;
        Self::write_service_search(tx, &texts).await
    }

    /// Re-indexes a structure's services: they are found by its name.
    pub(crate) async fn index_structure_services(
        tx: &mut sqlx::Transaction<'_, Db>,
        id: StructureId,
    ) -> StoreResult<()> {
        let sql = format!("{SEARCH_TEXTS} WHERE s.structure_id = $1");
        let rows: Vec<SearchTexts> = sqlx::query_as(&sql).bind(id).fetch_all(&mut **tx).await?;
        for texts in &rows {
            Self::write_service_search(tx, texts).await?;
        }
        Ok(())
    }

    /// Rebuilds the whole index, in one transaction, when it was built by an
    /// older [`search::VERSION`] (or never: rows from before the French
    /// index). The version row is updated first: a second process starting
    /// alongside waits on it, then finds nothing to do.
    pub(crate) async fn refresh_search_index(pool: &sqlx::Pool<Db>) -> StoreResult<()> {
        let mut tx = pool.begin().await?;
        let behind = sqlx::query("UPDATE service_search SET version = $1 WHERE version < $1")
            .bind(search::VERSION)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if behind > 0 {
            let sql = format!("{SEARCH_TEXTS} WHERE s.id > $1 ORDER BY s.id LIMIT $2");
            let mut after = ServiceId::new(0);
            loop {
                let rows: Vec<SearchTexts> = sqlx::query_as(&sql)
                    .bind(after)
                    .bind(BATCH)
                    .fetch_all(&mut *tx)
                    .await?;
                for texts in &rows {
                    Self::write_service_search(&mut tx, texts).await?;
                }
                match rows.last() {
                    Some(last) => after = last.id,
                    None => break,
                }
            }
        }
        tx.commit().await?;
        Ok(())
    }
}
