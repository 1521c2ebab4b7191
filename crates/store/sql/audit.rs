use crate::Backend;
use maillage_domain::journal::SIGN_IN;
use maillage_domain::time::paris_midnight;
use maillage_store::async_trait;
use maillage_store::audit::{AuditFilter, AuditRow};
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

    async fn journal(
        &self,
        scope: &Scope,
        filter: &AuditFilter,
        limit: i64,
    ) -> StoreResult<Vec<AuditRow>> {
        let mut query = sqlx::QueryBuilder::new(
            "SELECT a.id, a.at, a.user_id, u.name AS user_name, a.organisation, a.cite_id, \
             a.action, a.entity, a.entity_id, a.person_id, a.ip, a.request_id, a.detail \
             FROM audit_log a LEFT JOIN users u ON u.id = a.user_id WHERE ",
        );
        match scope {
            // Rows of no Cité, and the national team's own changes to the
            // Cités: labelling, archiving, reactivating.
            Scope::National { .. } => query.push(
                "(a.cite_id IS NULL OR a.action IN ('cite.create', 'cite.archive', 'cite.restore'))",
            ),
            _ => query
                .push("a.cite_id = ")
                .push_bind(crate::sql::administered_cite(scope)?),
        };
        if let Some(family) = filter.family {
            query.push(" AND (");
            for (i, prefix) in family.prefixes().iter().enumerate() {
                if i > 0 {
                    query.push(" OR ");
                }
                query.push("a.action LIKE ").push_bind(format!("{prefix}%"));
            }
            query.push(")");
        }
        if filter.hide_sign_ins {
            query.push(" AND a.action <> ").push_bind(SIGN_IN);
        }
        if let Some(user_id) = filter.user_id {
            query.push(" AND a.user_id = ").push_bind(user_id);
        }
        // Paris days, as the page shows them.
        if let Some(from) = filter.from {
            query.push(" AND a.at >= ").push_bind(paris_midnight(from));
        }
        if let Some(to) = filter.to.and_then(|d| d.succ_opt()) {
            query.push(" AND a.at < ").push_bind(paris_midnight(to));
        }
        query.push(" ORDER BY a.id DESC LIMIT ").push_bind(limit);
        Ok(query.build_query_as().fetch_all(self.reader()).await?)
    }
}
