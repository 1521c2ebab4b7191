use crate::{Backend, Db};
use maillage_domain::ids::{CiteId, PartnerId};
use maillage_domain::partners::PartnerDraft;
use maillage_store::accounts::AccountRow;
use maillage_store::async_trait;
use maillage_store::partners::PartnerRow;
use maillage_store::Actor;
use maillage_store::AuditEntry;
use maillage_store::PartnerStore;
use maillage_store::Scope;
use maillage_store::StoreError;
use maillage_store::StoreResult;
use sqlx::query::Query;
use sqlx::QueryBuilder;
use sqlx::Row;

impl Backend {
    pub(crate) async fn insert_partner(
        &self,
        actor: &Actor,
        cite_id: CiteId,
        partner: &PartnerDraft,
    ) -> StoreResult<PartnerId> {
        let mut tx = self.begin_write().await?;
        let now = actor.at;
        let insert = sqlx::query(
            "INSERT INTO partners (name, category, network, siret, address, postal_code, city,
                                   sensitive, cite_id, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)
             RETURNING id",
        );
        let id: PartnerId = bind_partner(insert, partner)
            .bind(cite_id)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?
            .try_get(0)?;
        let entry = AuditEntry::new("partner.create", "partner", Some(id), Some(cite_id))
            .detail(partner.name.clone());
        Self::commit_audited(tx, actor, &entry).await?;
        Ok(id)
    }
}

/// Binds a partner as `$1`…`$8`, in the column order of both the insert and
/// the update.
fn bind_partner<'q>(
    query: Query<'q, Db, <Db as sqlx::Database>::Arguments<'q>>,
    partner: &'q PartnerDraft,
) -> Query<'q, Db, <Db as sqlx::Database>::Arguments<'q>> {
    query
        .bind(&partner.name)
        .bind(partner.category)
        .bind(&partner.network)
        .bind(partner.siret.as_ref().map(|s| s.as_str()))
        .bind(&partner.address)
        .bind(&partner.postal_code)
        .bind(&partner.city)
        .bind(partner.sensitive)
}

/// A partner with its active référents: those who can open a file shared
/// with it (a porteur's account cannot).
const PARTNER_SELECT: &str = "\
    SELECT p.id, p.cite_id, p.name, p.category, p.network, p.siret, p.address, p.postal_code,
           p.city, p.sensitive, p.archived_at,
           (SELECT COUNT(*) FROM memberships m JOIN users u ON u.id = m.user_id
            WHERE m.partner_id = p.id AND m.role = 'referent' AND u.active) AS referents
    FROM partners p";

/// The partners of the scope's Cité, for more conditions to follow.
fn partners_of(scope: &Scope) -> StoreResult<QueryBuilder<'static, Db>> {
    let mut query = QueryBuilder::new(PARTNER_SELECT);
    query
        .push(" WHERE p.cite_id = ")
        .push_bind(crate::sql::member_cite(scope)?);
    Ok(query)
}

#[async_trait]
impl PartnerStore for Backend {
    async fn partners(
        &self,
        scope: &Scope,
        include_archived: bool,
    ) -> StoreResult<Vec<PartnerRow>> {
        let mut query = partners_of(scope)?;
        if !include_archived {
            query.push(" AND p.archived_at IS NULL");
        }
        query.push(" ORDER BY p.archived_at IS NOT NULL, p.name");
        Ok(query.build_query_as().fetch_all(self.reader()).await?)
    }

    async fn partner(&self, scope: &Scope, partner_id: PartnerId) -> StoreResult<PartnerRow> {
        let mut query = partners_of(scope)?;
        query.push(" AND p.id = ").push_bind(partner_id);
        query
            .build_query_as()
            .fetch_optional(self.reader())
            .await?
            .ok_or(StoreError::NotFound)
    }

    async fn partner_accounts(
        &self,
        scope: &Scope,
        partner_id: PartnerId,
    ) -> StoreResult<Vec<AccountRow>> {
        let cite_id = crate::sql::member_cite(scope)?;
        Ok(sqlx::query_as(
            "SELECT u.id AS user_id, u.email, u.name, u.active, m.role, m.partner_id, \
             p.name AS partner_name, u.created_at \
             FROM memberships m JOIN users u ON u.id = m.user_id JOIN partners p ON p.id = m.partner_id \
             WHERE m.partner_id = $1 AND m.cite_id = $2 ORDER BY u.name",
        )
        .bind(partner_id)
        .bind(cite_id)
        .fetch_all(self.reader())
        .await?)
    }

    async fn create_partner(
        &self,
        actor: &Actor,
        scope: &Scope,
        partner: &PartnerDraft,
    ) -> StoreResult<PartnerId> {
        let cite_id = crate::sql::administered_cite(scope)?;
        self.insert_partner(actor, cite_id, partner).await
    }

    async fn create_partner_in(
        &self,
        actor: &Actor,
        cite_id: CiteId,
        partner: &PartnerDraft,
    ) -> StoreResult<PartnerId> {
        self.insert_partner(actor, cite_id, partner).await
    }

    async fn update_partner(
        &self,
        actor: &Actor,
        scope: &Scope,
        partner_id: PartnerId,
        partner: &PartnerDraft,
    ) -> StoreResult<()> {
        let cite_id = crate::sql::administered_cite(scope)?;
        let mut tx = self.begin_write().await?;
        let update = sqlx::query(
            "UPDATE partners
             SET name = $1, category = $2, network = $3, siret = $4, address = $5,
                 postal_code = $6, city = $7, sensitive = $8, updated_at = $9
             WHERE id = $10 AND cite_id = $11",
        );
        let done = bind_partner(update, partner)
            .bind(actor.at)
            .bind(partner_id)
            .bind(cite_id)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        let entry = AuditEntry::new("partner.update", "partner", Some(partner_id), Some(cite_id))
            .detail(partner.name.clone());
        Self::commit_audited(tx, actor, &entry).await
    }

    async fn set_partner_archived(
        &self,
        actor: &Actor,
        scope: &Scope,
        partner_id: PartnerId,
        archived: bool,
    ) -> StoreResult<()> {
        let cite_id = crate::sql::administered_cite(scope)?;
        let mut tx = self.begin_write().await?;
        let archived_at = archived.then_some(actor.at);
        let done =
            sqlx::query("UPDATE partners SET archived_at = $1 WHERE id = $2 AND cite_id = $3")
                .bind(archived_at)
                .bind(partner_id)
                .bind(cite_id)
                .execute(&mut *tx)
                .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        let action = if archived {
            "partner.archive"
        } else {
            "partner.restore"
        };
        let entry = AuditEntry::new(action, "partner", Some(partner_id), Some(cite_id));
        Self::commit_audited(tx, actor, &entry).await
    }
}
