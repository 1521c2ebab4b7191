//! `ServiceStore` for every backend. The full-text join is the one
//! piece each backend writes itself (`push_service_text_join`, in
//! `services_search.rs` of the backend crates).

use crate::{Backend, Db};
use maillage_domain::ids::{PartnerId, ServiceId, StructureId};
use maillage_domain::services::removal::Removal;
use maillage_domain::services::Catalogue;
use maillage_domain::services::Service;
use maillage_domain::services::Structure;
use maillage_store::async_trait;
use maillage_store::services::CatalogueEntry;
use maillage_store::services::ImportCounts;
use maillage_store::services::ServiceListRow;
use maillage_store::services::ServiceQuery;
use maillage_store::services::ServiceRow;
use maillage_store::services::StructureRow;
use maillage_store::Actor;
use maillage_store::AuditEntry;
use maillage_store::AuditStore;
use maillage_store::Scope;
use maillage_store::ServiceStore;
use maillage_store::StoreError;
use maillage_store::StoreResult;

#[async_trait]
impl ServiceStore for Backend {
    async fn structures(&self, scope: &Scope) -> StoreResult<Vec<StructureRow>> {
        let cite_id = crate::sql::member_cite(scope)?;
        let sql = format!(
            "{} WHERE st.cite_id = $1 ORDER BY st.name, st.id",
            crate::sql::services::structure_select()
        );
        Ok(sqlx::query_as(&sql)
            .bind(cite_id)
            .fetch_all(self.reader())
            .await?)
    }

    async fn structure(
        &self,
        scope: &Scope,
        structure_id: StructureId,
    ) -> StoreResult<StructureRow> {
        let cite_id = crate::sql::member_cite(scope)?;
        let sql = format!(
            "{} WHERE st.cite_id = $1 AND st.id = $2",
            crate::sql::services::structure_select()
        );
        sqlx::query_as(&sql)
            .bind(cite_id)
            .bind(structure_id)
            .fetch_optional(self.reader())
            .await?
            .ok_or(StoreError::NotFound)
    }

    async fn create_structure(
        &self,
        actor: &Actor,
        scope: &Scope,
        structure: &Structure,
        partner_id: Option<PartnerId>,
    ) -> StoreResult<StructureId> {
        let cite_id = crate::sql::services::catalogue_editor(scope)?;
        let mut tx = self.begin_write().await?;
        let id =
            Self::save_structure(&mut tx, actor.at, cite_id, None, structure, partner_id).await?;
        let entry = AuditEntry::new("structure.create", "structure", Some(id), Some(cite_id))
            .detail(structure.name.clone());
        Self::write_audit(&mut tx, actor, &entry).await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn update_structure(
        &self,
        actor: &Actor,
        scope: &Scope,
        structure_id: StructureId,
        structure: &Structure,
        partner_id: Option<PartnerId>,
    ) -> StoreResult<()> {
        let cite_id = crate::sql::services::catalogue_editor(scope)?;
        let mut tx = self.begin_write().await?;
        Self::save_structure(
            &mut tx,
            actor.at,
            cite_id,
            Some(structure_id),
            structure,
            partner_id,
        )
        .await?;
        let entry = AuditEntry::new(
            "structure.update",
            "structure",
            Some(structure_id),
            Some(cite_id),
        )
        .detail(structure.name.clone());
        Self::write_audit(&mut tx, actor, &entry).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn service(&self, scope: &Scope, service_id: ServiceId) -> StoreResult<ServiceRow> {
        let cite_id = crate::sql::member_cite(scope)?;
        let sql = format!(
            "{} WHERE s.cite_id = $1 AND s.id = $2",
            crate::sql::services::service_select()
        );
        sqlx::query_as(&sql)
            .bind(cite_id)
            .bind(service_id)
            .fetch_optional(self.reader())
            .await?
            .ok_or(StoreError::NotFound)
    }

    async fn create_service(
        &self,
        actor: &Actor,
        scope: &Scope,
        service: &Service,
    ) -> StoreResult<ServiceId> {
        let cite_id = crate::sql::services::catalogue_editor(scope)?;
        let mut tx = self.begin_write().await?;
        let id = Self::save_service(&mut tx, actor.at, cite_id, None, service).await?;
        let entry = AuditEntry::new("service.create", "service", Some(id), Some(cite_id))
            .detail(service.name.clone());
        Self::write_audit(&mut tx, actor, &entry).await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn update_service(
        &self,
        actor: &Actor,
        scope: &Scope,
        service_id: ServiceId,
        service: &Service,
    ) -> StoreResult<()> {
        let cite_id = crate::sql::services::catalogue_editor(scope)?;
        let mut tx = self.begin_write().await?;
        Self::save_service(&mut tx, actor.at, cite_id, Some(service_id), service).await?;
        let entry = AuditEntry::new("service.update", "service", Some(service_id), Some(cite_id))
            .detail(service.name.clone());
        Self::write_audit(&mut tx, actor, &entry).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn search_services(
        &self,
        scope: &Scope,
        query: &ServiceQuery,
    ) -> StoreResult<Vec<ServiceListRow>> {
        let cite_id = crate::sql::member_cite(scope)?;
        let mut qb = sqlx::QueryBuilder::<Db>::new(
            "SELECT s.id, s.name, s.description, s.structure_id, st.name AS structure_name, st.partner_id, \
             s.service_type, s.thematics, s.publics, s.commune, s.insee_code, \
             COALESCE(s.archived_at, st.archived_at) AS archived_at \
             FROM services s JOIN structures st ON st.id = s.structure_id",
        );
        let words = query
            .text
            .as_deref()
            .map(maillage_domain::services::search::query_words)
            .unwrap_or_default();
        if !words.is_empty() {
            Self::push_service_text_join(&mut qb, &words);
        }
        qb.push(" WHERE s.cite_id = ").push_bind(cite_id);
        if !query.include_archived {
            qb.push(" AND s.archived_at IS NULL AND st.archived_at IS NULL");
        }
        if let Some(thematic) = &query.thematic {
            // A category (`mobilite`) stands for each of its thematics.
            let pattern = if thematic.contains("--") {
                format!("% {thematic} %")
            } else {
                format!("% {thematic}--%")
            };
            qb.push(" AND (' ' || s.thematics || ' ') LIKE ")
                .push_bind(pattern);
        }
        if let Some(public) = &query.public {
            qb.push(" AND (' ' || s.publics || ' ') LIKE ")
                .push_bind(format!("% {public} %"));
        }
        if !query.communes.is_empty() {
            let mut zones: Vec<String> = query
                .communes
                .iter()
                .flat_map(|c| crate::sql::services::zone_codes(c))
                .collect();
            zones.sort();
            zones.dedup();
            qb.push(" AND (s.insee_code IN (");
            let mut list = qb.separated(", ");
            for commune in &query.communes {
                list.push_bind(commune.clone());
            }
            qb.push(")");
            for zone in zones {
                qb.push(" OR (' ' || s.eligibility_zone || ' ') LIKE ")
                    .push_bind(format!("% {zone} %"));
            }
            // Where nothing is said of the service, its structure's place counts.
            qb.push(" OR (s.insee_code IS NULL AND s.eligibility_zone = '' AND st.insee_code IN (");
            let mut list = qb.separated(", ");
            for commune in &query.communes {
                list.push_bind(commune.clone());
            }
            qb.push(")))");
        }
        // The most relevant first when words are given.
        qb.push(if words.is_empty() {
            " ORDER BY s.name, s.id LIMIT "
        } else {
            " ORDER BY ft.rank, s.name, s.id LIMIT "
        })
        .push_bind(query.limit);
        Ok(qb.build_query_as().fetch_all(self.reader()).await?)
    }

    async fn import_data_inclusion(
        &self,
        actor: &Actor,
        scope: &Scope,
        catalogue: &Catalogue,
    ) -> StoreResult<ImportCounts> {
        let cite_id = crate::sql::services::catalogue_editor(scope)?;
        let mut counts = ImportCounts::default();
        let mut tx = self.begin_write().await?;
        for structure in &catalogue.structures {
            match Self::find_record(
                &mut tx,
                "structures",
                cite_id,
                &structure.source,
                &structure.id,
            )
            .await?
            {
                Some((id, partner)) => {
                    Self::save_structure(&mut tx, actor.at, cite_id, Some(id), structure, partner)
                        .await?;
                    counts.structures_updated += 1;
                }
                None => {
                    // A structure that is a partner of the Cité (same SIRET or name) is linked to it.
                    let partner: Option<PartnerId> = sqlx::query_scalar(
                        "SELECT MIN(id) FROM partners WHERE cite_id = $1 AND (siret = $2 OR name = $3)",
                    )
                    .bind(cite_id)
                    .bind(structure.siret.as_ref().map(|s| s.as_str()))
                    .bind(&structure.name)
                    .fetch_one(&mut *tx)
                    .await?;
                    Self::save_structure(&mut tx, actor.at, cite_id, None, structure, partner)
                        .await?;
                    counts.structures_created += 1;
                }
            }
        }
        for service in &catalogue.services {
            match Self::find_record(&mut tx, "services", cite_id, &service.source, &service.id)
                .await?
            {
                Some((id, _)) => {
                    Self::save_service(&mut tx, actor.at, cite_id, Some(id), service).await?;
                    counts.services_updated += 1;
                }
                None => {
                    Self::save_service(&mut tx, actor.at, cite_id, None, service).await?;
                    counts.services_created += 1;
                }
            }
        }
        let entry = AuditEntry::new("service.import", "service", None::<i64>, Some(cite_id)).detail(format!(
            "data·inclusion : {} structures et {} services créés, {} structures et {} services mis à jour",
            counts.structures_created, counts.services_created, counts.structures_updated, counts.services_updated
        ));
        Self::write_audit(&mut tx, actor, &entry).await?;
        tx.commit().await?;
        Ok(counts)
    }

    async fn export_data_inclusion(&self, actor: &Actor, scope: &Scope) -> StoreResult<Catalogue> {
        use crate::sql::services::{service_select, structure_select};
        let cite_id = crate::sql::member_cite(scope)?;
        let sql = format!(
            "{} WHERE st.cite_id = $1 AND st.archived_at IS NULL ORDER BY st.source, st.source_id",
            structure_select()
        );
        let structures: Vec<StructureRow> = sqlx::query_as(&sql)
            .bind(cite_id)
            .fetch_all(self.reader())
            .await?;
        let sql = format!(
            "{} WHERE s.cite_id = $1 AND s.archived_at IS NULL AND st.archived_at IS NULL \
             ORDER BY s.source, s.source_id",
            service_select()
        );
        let services: Vec<ServiceRow> = sqlx::query_as(&sql)
            .bind(cite_id)
            .fetch_all(self.reader())
            .await?;
        let entry = AuditEntry::new("service.export", "service", None::<i64>, Some(cite_id))
            .detail(format!(
                "data·inclusion : {} structures, {} services",
                structures.len(),
                services.len()
            ));
        AuditStore::audit(self, actor, entry).await?;
        Ok(Catalogue {
            structures: structures.iter().map(StructureRow::to_domain).collect(),
            services: services.iter().map(ServiceRow::to_domain).collect(),
        })
    }

    async fn remove_catalogue_entry(
        &self,
        actor: &Actor,
        scope: &Scope,
        entry: CatalogueEntry,
    ) -> StoreResult<Removal> {
        self.remove_entry(actor, scope, entry).await
    }

    async fn restore_catalogue_entry(
        &self,
        actor: &Actor,
        scope: &Scope,
        entry: CatalogueEntry,
    ) -> StoreResult<()> {
        self.restore_entry(actor, scope, entry).await
    }
}
