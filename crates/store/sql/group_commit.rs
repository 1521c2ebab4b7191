//! The audit writer's side of [group commit](crate::group_commit): a group of
//! rows in one multi-row INSERT, one transaction.

use crate::{Backend, Db};
use maillage_store::group_commit::AuditRecord;
use maillage_store::group_commit::Flush;
use maillage_store::StoreResult;

impl Backend {
    pub(crate) async fn write_audit_group(
        pool: sqlx::Pool<Db>,
        records: Vec<AuditRecord>,
    ) -> StoreResult<()> {
        let mut tx = pool.begin().await?;
        for chunk in maillage_store::group_commit::fixed_chunks(&records) {
            let mut query = sqlx::QueryBuilder::<Db>::new(
                "INSERT INTO audit_log (at, user_id, organisation, cite_id, action, entity, \
                 entity_id, person_id, ip, request_id, detail, bucket) ",
            );
            query.push_values(chunk, |mut row, r| {
                row.push_bind(r.at)
                    .push_bind(r.actor.user_id)
                    .push_bind(r.actor.organisation.as_deref())
                    .push_bind(r.entry.cite_id)
                    .push_bind(r.entry.action)
                    .push_bind(r.entry.entity)
                    .push_bind(r.entry.entity_id)
                    .push_bind(r.entry.person_id)
                    .push_bind(r.actor.ip.as_deref())
                    .push_bind(r.actor.request_id.as_deref())
                    .push_bind(r.entry.detail.as_deref())
                    .push_bind(r.entry.bucket.as_deref());
            });
            // A bucket already written (`AuditEntry::once_a_minute`) is skipped.
            query.push(" ON CONFLICT DO NOTHING");
            query.build().execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The audit writer task's flush, on `pool` (the writer).
    pub(crate) fn audit_flush(pool: sqlx::Pool<Db>) -> Flush {
        Box::new(move |records| Box::pin(Self::write_audit_group(pool.clone(), records)))
    }
}
