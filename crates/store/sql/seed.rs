//! Bulk loading, the same SQL on both backends: multi-row INSERTs with bound
//! values, each batch in one transaction.

use crate::{Backend, Db};
use maillage_store::async_trait;
use maillage_store::seed::Children;
use maillage_store::seed::SeedRows;
use maillage_store::SeedStore;
use maillage_store::Store;
use maillage_store::StoreResult;

impl Backend {
    /// Inserts `rows` in statements of a few thousand rows; returns the
    /// new ids in row order (ids grow with insertion order on both
    /// backends, whatever order RETURNING lists them in).
    pub(crate) async fn seed_insert(
        tx: &mut sqlx::Transaction<'_, Db>,
        rows: &SeedRows,
    ) -> StoreResult<Vec<i64>> {
        use maillage_store::seed::SeedValue;
        let table = rows.table;
        let head = format!(
            "INSERT INTO {} ({}) ",
            table.name(),
            table.columns().join(", ")
        );
        let mut ids = Vec::with_capacity(if table.returns_ids() {
            rows.rows.len()
        } else {
            0
        });
        for chunk in rows.rows.chunks(table.rows_per_statement()) {
            let mut query = sqlx::QueryBuilder::<Db>::new(&head);
            query.push_values(chunk, |mut row_builder, row| {
                for value in row {
                    match value {
                        SeedValue::Int(v) => row_builder.push_bind(*v),
                        SeedValue::Real(v) => row_builder.push_bind(*v),
                        SeedValue::Text(v) => row_builder.push_bind(v.as_deref()),
                        SeedValue::Date(v) => row_builder.push_bind(*v),
                        SeedValue::Time(v) => row_builder.push_bind(*v),
                        SeedValue::Bool(v) => row_builder.push_bind(*v),
                    };
                }
            });
            if table.returns_ids() {
                query.push(" RETURNING id");
                let mut got: Vec<i64> = query.build_query_scalar().fetch_all(&mut **tx).await?;
                got.sort_unstable();
                ids.extend(got);
            } else {
                query.build().execute(&mut **tx).await?;
            }
        }
        Ok(ids)
    }
}

#[async_trait]
impl SeedStore for Backend {
    async fn is_empty(&self) -> StoreResult<bool> {
        let used: bool = sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM cites) OR EXISTS (SELECT 1 FROM users) \
             OR EXISTS (SELECT 1 FROM participants)",
        )
        .fetch_one(self.reader())
        .await?;
        Ok(!used)
    }

    async fn seed_batch(&self, parents: SeedRows, children: Children) -> StoreResult<Vec<i64>> {
        let mut tx = self.begin_write().await?;
        let ids = Self::seed_insert(&mut tx, &parents).await?;
        for rows in children(&ids) {
            Self::seed_insert(&mut tx, &rows).await?;
        }
        tx.commit().await?;
        Ok(ids)
    }

    async fn analyze(&self) -> StoreResult<()> {
        // PostgreSQL also needs the visibility map a bulk load leaves empty:
        // without it, index-only scans read the table too (the national
        // counts took 420 ms instead of 280 until autovacuum came by).
        let sql = match Store::backend(self) {
            "postgres" => "VACUUM ANALYZE",
            _ => "ANALYZE",
        };
        sqlx::query(sql).execute(self.writer()).await?;
        Ok(())
    }
}
