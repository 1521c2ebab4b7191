#[doc(hidden)]
#[macro_export]
macro_rules! __audit_sql {
    ($store:ty, $db:ty) => {
        #[$crate::async_trait]
        impl $crate::AuditStore for $store {
            async fn audit(&self, actor: &$crate::Actor, entry: $crate::AuditEntry) -> $crate::StoreResult<()> {
                self.audit_queue().append(actor, entry).await
            }

            async fn audit_log(
                &self,
                scope: &$crate::Scope,
                limit: i64,
            ) -> $crate::StoreResult<Vec<$crate::audit::AuditRow>> {
                let cite_id = $crate::sql::administered_cite(scope)?;
                Ok(sqlx::query_as(
                    "SELECT a.id, a.at, a.user_id, u.name AS user_name, a.organisation, a.cite_id, \
                     a.action, a.entity, a.entity_id, a.person_id, a.ip, a.request_id, a.detail \
                     FROM audit_log a LEFT JOIN users u ON u.id = a.user_id \
                     WHERE a.cite_id = $1 ORDER BY a.id DESC LIMIT $2",
                )
                .bind(cite_id)
                .bind(limit)
                .fetch_all(self.reader())
                .await?)
            }
        }
    };
}
