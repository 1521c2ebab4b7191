//! Removing and restoring catalogue entries: the store counts what points to
//! the entry, the domain says whether that deletes or archives it.

use crate::Backend;
use maillage_domain::ids::CiteId;
use maillage_domain::services::removal::Removal;
use maillage_store::services::CatalogueEntry;
use maillage_store::{Actor, AuditEntry, Scope, StoreError, StoreResult};

/// What the SQL and the journal call an entry.
struct Parts {
    table: &'static str,
    kind: &'static str,
    id: i64,
    /// Counts the rows that point to it (`$1` its id).
    references: &'static str,
    /// Its audit actions: deleted, archived, restored.
    actions: [&'static str; 3],
}

fn parts(entry: CatalogueEntry) -> Parts {
    match entry {
        CatalogueEntry::Service(id) => Parts {
            table: "services",
            kind: "service",
            id: id.into(),
            references: "SELECT COUNT(*) FROM steps WHERE service_id = $1",
            actions: ["service.delete", "service.archive", "service.restore"],
        },
        CatalogueEntry::Structure(id) => Parts {
            table: "structures",
            kind: "structure",
            id: id.into(),
            references: "SELECT COUNT(*) FROM services WHERE structure_id = $1",
            actions: ["structure.delete", "structure.archive", "structure.restore"],
        },
    }
}

impl Parts {
    fn audit(&self, action: usize, cite_id: CiteId, name: String) -> AuditEntry {
        AuditEntry::new(
            self.actions[action],
            self.kind,
            Some(self.id),
            Some(cite_id),
        )
        .detail(name)
    }
}

impl Backend {
    pub(crate) async fn remove_entry(
        &self,
        actor: &Actor,
        scope: &Scope,
        entry: CatalogueEntry,
    ) -> StoreResult<Removal> {
        let cite_id = crate::sql::services::catalogue_editor(scope)?;
        let parts = parts(entry);
        let (table, id) = (parts.table, parts.id);
        let mut tx = self.begin_write().await?;
        let found: Option<String> = sqlx::query_scalar(&format!(
            "SELECT name FROM {table} WHERE id = $1 AND cite_id = $2 AND archived_at IS NULL"
        ))
        .bind(id)
        .bind(cite_id)
        .fetch_optional(&mut *tx)
        .await?;
        let name = found.ok_or(StoreError::NotFound)?;
        let count: i64 = sqlx::query_scalar(parts.references)
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
        let removal = Removal::of(count);
        let action = match removal {
            Removal::Deleted => {
                sqlx::query(&format!("DELETE FROM {table} WHERE id = $1"))
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                0
            }
            Removal::Archived => {
                sqlx::query(&format!(
                    "UPDATE {table} SET archived_at = $1 WHERE id = $2"
                ))
                .bind(actor.at)
                .bind(id)
                .execute(&mut *tx)
                .await?;
                1
            }
        };
        Self::commit_audited(tx, actor, &parts.audit(action, cite_id, name)).await?;
        Ok(removal)
    }

    pub(crate) async fn restore_entry(
        &self,
        actor: &Actor,
        scope: &Scope,
        entry: CatalogueEntry,
    ) -> StoreResult<()> {
        let cite_id = crate::sql::services::catalogue_editor(scope)?;
        let parts = parts(entry);
        let (table, id) = (parts.table, parts.id);
        let mut tx = self.begin_write().await?;
        if let CatalogueEntry::Service(service_id) = entry {
            // Its structure hides it while archived: that comes back first.
            let structure_archived: Option<bool> = sqlx::query_scalar(
                "SELECT st.archived_at IS NOT NULL FROM services s \
                 JOIN structures st ON st.id = s.structure_id WHERE s.id = $1 AND s.cite_id = $2",
            )
            .bind(service_id)
            .bind(cite_id)
            .fetch_optional(&mut *tx)
            .await?;
            if structure_archived.ok_or(StoreError::NotFound)? {
                return Err(StoreError::Invalid {
                    field: "structure",
                    message: "Sa structure est archivée : rétablissez d'abord la structure, \
                              dans « Structures du catalogue »."
                        .to_owned(),
                });
            }
        }
        let restored: Option<String> = sqlx::query_scalar(&format!(
            "UPDATE {table} SET archived_at = NULL \
             WHERE id = $1 AND cite_id = $2 AND archived_at IS NOT NULL RETURNING name"
        ))
        .bind(id)
        .bind(cite_id)
        .fetch_optional(&mut *tx)
        .await?;
        let name = restored.ok_or(StoreError::NotFound)?;
        Self::commit_audited(tx, actor, &parts.audit(2, cite_id, name)).await
    }
}
