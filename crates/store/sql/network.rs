//! The national network's shared SQL: who reads it ([`network_reader`]),
//! the directory and the shared resources. Events are in `network_events`.

use crate::{Backend, Db};
use maillage_domain::accounts::Role;
use maillage_domain::ids::{CiteId, ResourceId};
use maillage_domain::network::{
    matches_words, reads_network, shares_resources, ResourceContent, ResourceDraft,
};
use maillage_domain::text::fold;
use maillage_store::async_trait;
use maillage_store::network::{
    DirectoryFilters, DirectoryPage, DirectoryRow, ResourceFilters, ResourceRow, MAX_RESOURCES,
};
use maillage_store::{Actor, AuditEntry, NetworkStore, Scope, StoreError, StoreResult};
use sqlx::QueryBuilder;

/// `NotFound` unless the scope belongs to the network: the national team
/// and the Cités' staff, never a porteur.
pub(super) fn network_reader(scope: &Scope) -> StoreResult<()> {
    match reads_network(scope.role()) {
        true => Ok(()),
        false => Err(StoreError::NotFound),
    }
}

/// A resource with who shared it; the caller adds its conditions.
const RESOURCE_SELECT: &str = "SELECT r.id, r.title, r.theme, r.description, r.url, r.name,
        r.kind, r.size, r.sha256, r.shared_by, u.name AS shared_by_name,
        c.name AS cite_name, r.shared_at
    FROM network_resources r JOIN users u ON u.id = r.shared_by
    LEFT JOIN cites c ON c.id = r.cite_id";

fn resource_audit(
    action: &'static str,
    row_id: ResourceId,
    scope: &Scope,
    title: &str,
) -> AuditEntry {
    AuditEntry::new(action, "network_resource", Some(row_id), scope.cite_id())
        .detail(format!("ressource partagée : {title}"))
}

impl Backend {
    async fn resource_row(&self, id: ResourceId) -> StoreResult<ResourceRow> {
        sqlx::query_as(&format!("{RESOURCE_SELECT} WHERE r.id = $1"))
            .bind(id)
            .fetch_optional(self.reader())
            .await?
            .ok_or(StoreError::NotFound)
    }
}

/// The national team withdraws any resource, a coordinator their own.
fn may_withdraw(scope: &Scope, row: &ResourceRow) -> bool {
    match scope.role() {
        Role::National => true,
        Role::Coordinateur => row.shared_by == scope.user_id(),
        _ => false,
    }
}

#[async_trait]
impl NetworkStore for Backend {
    async fn directory(
        &self,
        scope: &Scope,
        filters: &DirectoryFilters,
        page: i64,
        per_page: i64,
    ) -> StoreResult<DirectoryPage> {
        network_reader(scope)?;
        let mut query = QueryBuilder::<Db>::new(
            "SELECT u.id AS user_id, u.name, u.email, c.id AS cite_id, c.name AS cite_name,
                p.name AS partner, m.role
             FROM memberships m JOIN users u ON u.id = m.user_id
             JOIN cites c ON c.id = m.cite_id
             LEFT JOIN partners p ON p.id = m.partner_id
             WHERE u.active = TRUE AND c.archived_at IS NULL
               AND m.role IN ('coordinateur', 'referent')",
        );
        if let Some(cite_id) = filters.cite_id {
            query.push(" AND m.cite_id = ").push_bind(cite_id);
        }
        if let Some(role) = filters.role {
            query.push(" AND m.role = ").push_bind(role);
        }
        let rows: Vec<DirectoryRow> = query.build_query_as().fetch_all(self.reader()).await?;
        // Folded in Rust, the same on both backends: « elodie » finds « Élodie »,
        // and the order does not depend on the database's collation.
        let mut rows: Vec<(String, DirectoryRow)> = rows
            .into_iter()
            .map(|row| {
                let key = fold(&format!(
                    "{} {}",
                    row.name,
                    row.partner.as_deref().unwrap_or("")
                ));
                (key, row)
            })
            .filter(|(key, _)| matches_words(key, &filters.words))
            .collect();
        rows.sort_by(|(_, a), (_, b)| {
            (fold(&a.name), fold(&a.cite_name), a.user_id).cmp(&(
                fold(&b.name),
                fold(&b.cite_name),
                b.user_id,
            ))
        });
        let total = i64::try_from(rows.len()).unwrap_or(i64::MAX);
        let skip =
            usize::try_from((page.max(1) - 1).saturating_mul(per_page)).unwrap_or(usize::MAX);
        let take = usize::try_from(per_page).unwrap_or(0);
        Ok(DirectoryPage {
            rows: rows
                .into_iter()
                .skip(skip)
                .take(take)
                .map(|(_, row)| row)
                .collect(),
            total,
        })
    }

    async fn network_cites(&self, scope: &Scope) -> StoreResult<Vec<(CiteId, String)>> {
        network_reader(scope)?;
        let mut cites: Vec<(CiteId, String)> =
            sqlx::query_as("SELECT id, name FROM cites WHERE archived_at IS NULL")
                .fetch_all(self.reader())
                .await?;
        cites.sort_by_key(|(id, name)| (fold(name), *id));
        Ok(cites)
    }

    async fn share_resource(
        &self,
        actor: &Actor,
        scope: &Scope,
        draft: &ResourceDraft,
    ) -> StoreResult<ResourceId> {
        if !shares_resources(scope.role()) {
            return Err(StoreError::Forbidden);
        }
        let (url, document) = match &draft.content {
            ResourceContent::Link(url) => (Some(url.as_str()), None),
            ResourceContent::Document(document) => (None, Some(document)),
        };
        let mut tx = self.begin_write().await?;
        let id: ResourceId = sqlx::query_scalar(
            "INSERT INTO network_resources (title, theme, description, url, name, kind, size,
                 sha256, content, search_text, shared_by, cite_id, shared_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
        )
        .bind(&draft.title)
        .bind(draft.theme)
        .bind(&draft.description)
        .bind(url)
        .bind(document.map(|d| d.name.as_str()))
        .bind(document.map(|d| d.kind))
        .bind(document.map(|d| d.size()))
        .bind(document.map(|d| d.sha256.as_str()))
        .bind(document.map(|d| d.bytes.as_slice()))
        .bind(draft.search_text())
        .bind(scope.user_id())
        .bind(scope.cite_id())
        .bind(actor.at)
        .fetch_one(&mut *tx)
        .await?;
        let entry = resource_audit("network.resource_share", id, scope, &draft.title);
        Self::commit_audited(tx, actor, &entry).await?;
        Ok(id)
    }

    async fn shared_resources(
        &self,
        scope: &Scope,
        filters: &ResourceFilters,
    ) -> StoreResult<Vec<ResourceRow>> {
        network_reader(scope)?;
        let mut query = QueryBuilder::<Db>::new(RESOURCE_SELECT);
        query.push(" WHERE 1 = 1");
        if let Some(theme) = filters.theme {
            query.push(" AND r.theme = ").push_bind(theme);
        }
        for word in &filters.words {
            query
                .push(" AND r.search_text LIKE ")
                .push_bind(format!("%{word}%"));
        }
        query
            .push(" ORDER BY r.shared_at DESC, r.id DESC LIMIT ")
            .push_bind(MAX_RESOURCES);
        Ok(query.build_query_as().fetch_all(self.reader()).await?)
    }

    async fn shared_resource(&self, scope: &Scope, id: ResourceId) -> StoreResult<ResourceRow> {
        network_reader(scope)?;
        self.resource_row(id).await
    }

    async fn download_resource(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: ResourceId,
    ) -> StoreResult<(ResourceRow, Vec<u8>)> {
        network_reader(scope)?;
        let row = self.resource_row(id).await?;
        let content: Option<Vec<u8>> =
            sqlx::query_scalar("SELECT content FROM network_resources WHERE id = $1")
                .bind(id)
                .fetch_one(self.reader())
                .await?;
        let content = content.ok_or(StoreError::NotFound)?;
        let entry = resource_audit("network.resource_download", id, scope, &row.title);
        self.audit_queue().append(actor, entry).await?;
        Ok((row, content))
    }

    async fn withdrawable_resource(
        &self,
        scope: &Scope,
        id: ResourceId,
    ) -> StoreResult<ResourceRow> {
        network_reader(scope)?;
        let row = self.resource_row(id).await?;
        match may_withdraw(scope, &row) {
            true => Ok(row),
            false => Err(StoreError::NotFound),
        }
    }

    async fn withdraw_resource(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: ResourceId,
    ) -> StoreResult<ResourceRow> {
        let row = self.withdrawable_resource(scope, id).await?;
        let mut tx = self.begin_write().await?;
        let deleted = sqlx::query("DELETE FROM network_resources WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        if deleted.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        let entry = resource_audit("network.resource_withdraw", id, scope, &row.title);
        Self::commit_audited(tx, actor, &entry).await?;
        Ok(row)
    }
}
