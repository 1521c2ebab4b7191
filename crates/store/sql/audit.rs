use crate::Backend;
use maillage_store::async_trait;
use maillage_store::audit::AuditRow;
use maillage_store::Actor;
use maillage_store::AuditEntry;
use maillage_store::AuditStore;
use maillage_store::Scope;
use maillage_store::StoreResult;

#[async_trait]
impl AuditStore for Backend {
    async fn audit(&self, actor: &Actor, entry: AuditEntry) -> StoreResult<()> {
        self.audit_queue().append(actor, entry).await
    }

    async fn audit_log(&self, scope: &Scope, limit: i64) -> StoreResult<Vec<AuditRow>> {
        let mut query = sqlx::QueryBuilder::new(
            "SELECT a.id, a.at, a.user_id, u.name AS user_name, a.organisation, a.cite_id, \
             a.action, a.entity, a.entity_id, a.person_id, a.ip, a.request_id, a.detail \
             FROM audit_log a LEFT JOIN users u ON u.id = a.user_id WHERE ",
        );
        match scope {
            Scope::National { .. } => query.push("a.cite_id IS NULL"),
            _ => query
                .push("a.cite_id = ")
                .push_bind(crate::sql::administered_cite(scope)?),
        };
        query.push(" ORDER BY a.id DESC LIMIT ").push_bind(limit);
        Ok(query.build_query_as().fetch_all(self.reader()).await?)
    }
}
