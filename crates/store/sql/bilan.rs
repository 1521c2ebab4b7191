//! The yearly bilan's texts (see `maillage_store::bilan`).

use chrono::{DateTime, Utc};
use maillage_domain::ids::CiteId;
use maillage_domain::indicators::bilan::{reads_bilan, writes_bilan, BilanTexts};
use maillage_store::async_trait;
use maillage_store::bilan::{BilanEdit, StoredBilan};
use maillage_store::{Actor, AuditEntry, BilanStore, Scope, StoreError, StoreResult};

use crate::Backend;

/// Whose bilan the scope reads (`reads_bilan`): its Cité's, or the
/// network's (`None`) for the national team.
fn bilan_reader(scope: &Scope) -> StoreResult<Option<CiteId>> {
    match reads_bilan(scope.role()) {
        true => Ok(scope.cite_id()),
        false => Err(StoreError::Forbidden),
    }
}

/// Whose bilan the scope writes (`writes_bilan`).
fn bilan_writer(scope: &Scope) -> StoreResult<Option<CiteId>> {
    match writes_bilan(scope.role()) {
        true => bilan_reader(scope),
        false => Err(StoreError::Forbidden),
    }
}

#[async_trait]
impl BilanStore for Backend {
    async fn bilan(&self, scope: &Scope, year: i32) -> StoreResult<StoredBilan> {
        let cite_id = bilan_reader(scope)?;
        let rows: Vec<(String, String, DateTime<Utc>, String)> = sqlx::query_as(
            "SELECT b.part, b.body, b.updated_at, u.name
             FROM bilan_texts b
             JOIN users u ON u.id = b.updated_by
             WHERE b.cite_id IS NOT DISTINCT FROM $1 AND b.year = $2
             ORDER BY b.updated_at",
        )
        .bind(cite_id)
        .bind(year)
        .fetch_all(self.reader())
        .await?;
        let last_edit = rows.last().map(|(_, _, at, by)| BilanEdit {
            at: *at,
            by: by.clone(),
        });
        let texts = BilanTexts::from_stored(rows.into_iter().map(|(part, body, ..)| (part, body)));
        Ok(StoredBilan { texts, last_edit })
    }

    async fn save_bilan(
        &self,
        actor: &Actor,
        scope: &Scope,
        year: i32,
        texts: &BilanTexts,
    ) -> StoreResult<()> {
        let cite_id = bilan_writer(scope)?;
        let mut tx = self.begin_write().await?;
        for (part, body) in texts.parts() {
            // Upserted on the key's expression: the network's texts have
            // no Cité, and NULLs never conflict.
            sqlx::query(
                "INSERT INTO bilan_texts (cite_id, year, part, body, updated_by, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6)
                 ON CONFLICT ((coalesce(cite_id, 0)), year, part)
                 DO UPDATE SET body = excluded.body, updated_by = excluded.updated_by,
                               updated_at = excluded.updated_at
                 WHERE bilan_texts.body <> excluded.body",
            )
            .bind(cite_id)
            .bind(year)
            .bind(part.code())
            .bind(body)
            .bind(scope.user_id())
            .bind(actor.at)
            .execute(&mut *tx)
            .await?;
        }
        let written = texts.parts().filter(|(_, t)| !t.is_empty()).count();
        let entry = AuditEntry::new("bilan.save", "cite", cite_id, cite_id)
            .detail(format!("bilan {year}, {written} parties rédigées"));
        Self::commit_audited(tx, actor, &entry).await
    }
}
