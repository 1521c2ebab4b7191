//! Account requests' shared SQL: sent by anyone to a published call's
//! Cité, decided by its coordinators. An acceptance writes the partner (if
//! new), the account and the decision in one transaction.

use crate::{Backend, Db};
use maillage_domain::account_requests::{AccountRequestDraft, RequestStatus};
use maillage_domain::accounts::Role;
use maillage_domain::calls::CallStatus;
use maillage_domain::ids::{AccountRequestId, CallId, CiteId, PartnerId};
use maillage_store::account_requests::{Accepted, AccountRequestRow};
use maillage_store::accounts::{NewAccount, NewMembership};
use maillage_store::async_trait;
use maillage_store::{AccountRequestStore, Actor, AuditEntry, Scope, StoreError, StoreResult};

use super::calls::refused;

const COLUMNS: &str = "r.id, r.call_id, c.title AS call_title, r.structure_name, r.siret,
    r.contact_name, r.email, r.message, r.status, r.reason, r.created_at,
    (SELECT p.name FROM partners p WHERE p.cite_id = r.cite_id AND p.siret = r.siret
     ORDER BY p.id LIMIT 1) AS known_partner
    FROM account_requests r JOIN calls c ON c.id = r.call_id";

/// The coordinator's Cité; anyone else finds nothing.
fn coordinated(scope: &Scope) -> StoreResult<CiteId> {
    crate::sql::administered_cite(scope).map_err(|_| StoreError::NotFound)
}

impl Backend {
    /// Locks a pending request of `cite_id`; a decided one is `Invalid`.
    async fn lock_request(
        tx: &mut sqlx::Transaction<'_, Db>,
        cite_id: CiteId,
        request_id: AccountRequestId,
    ) -> StoreResult<AccountRequestRow> {
        // A write that changes nothing: the row lock, so two decisions queue.
        let status: RequestStatus = sqlx::query_scalar(
            "UPDATE account_requests SET decided_at = decided_at
             WHERE id = $1 AND cite_id = $2 RETURNING status",
        )
        .bind(request_id)
        .bind(cite_id)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or(StoreError::NotFound)?;
        if status != RequestStatus::Pending {
            return Err(refused("reason", "Cette demande a déjà reçu une réponse."));
        }
        Ok(sqlx::query_as(&format!("SELECT {COLUMNS} WHERE r.id = $1"))
            .bind(request_id)
            .fetch_one(&mut **tx)
            .await?)
    }

    /// The Cité's partner with `siret`, else a new one named as requested.
    async fn partner_for(
        tx: &mut sqlx::Transaction<'_, Db>,
        actor: &Actor,
        cite_id: CiteId,
        request: &AccountRequestRow,
    ) -> StoreResult<(PartnerId, bool)> {
        let known: Option<PartnerId> = sqlx::query_scalar(
            "SELECT id FROM partners WHERE cite_id = $1 AND siret = $2 AND archived_at IS NULL
             ORDER BY id LIMIT 1",
        )
        .bind(cite_id)
        .bind(&request.siret)
        .fetch_optional(&mut **tx)
        .await?;
        if let Some(id) = known {
            return Ok((id, false));
        }
        let id: PartnerId = sqlx::query_scalar(
            "INSERT INTO partners (cite_id, name, category, siret, created_at, updated_at)
             VALUES ($1, $2, 'associatif', $3, $4, $4) RETURNING id",
        )
        .bind(cite_id)
        .bind(&request.structure_name)
        .bind(&request.siret)
        .bind(actor.at)
        .fetch_one(&mut **tx)
        .await?;
        let entry = AuditEntry::new("partner.create", "partner", Some(id), Some(cite_id))
            .detail(&request.structure_name);
        Self::write_audit(tx, actor, &entry).await?;
        Ok((id, true))
    }
}

#[async_trait]
impl AccountRequestStore for Backend {
    async fn request_account(
        &self,
        actor: &Actor,
        call_id: CallId,
        request: &AccountRequestDraft,
    ) -> StoreResult<AccountRequestId> {
        let mut tx = self.begin_write().await?;
        let (cite_id, status): (CiteId, CallStatus) =
            sqlx::query_as("SELECT cite_id, status FROM calls WHERE id = $1")
                .bind(call_id)
                .fetch_optional(&mut *tx)
                .await?
                .ok_or(StoreError::NotFound)?;
        if !status.is_public() {
            return Err(StoreError::NotFound);
        }
        let id: AccountRequestId = sqlx::query_scalar(
            "INSERT INTO account_requests (cite_id, call_id, structure_name, siret, contact_name,
                                           email, message, status, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', $8) RETURNING id",
        )
        .bind(cite_id)
        .bind(call_id)
        .bind(&request.structure_name)
        .bind(request.siret.as_str())
        .bind(&request.contact_name)
        .bind(request.email.as_str())
        .bind(&request.message)
        .bind(actor.at)
        .fetch_one(&mut *tx)
        .await?;
        let entry = AuditEntry::new(
            "account.request",
            "account_request",
            Some(id),
            Some(cite_id),
        )
        .detail(format!(
            "{} ({})",
            request.structure_name,
            request.email.as_str()
        ));
        Self::commit_audited(tx, actor, &entry).await?;
        Ok(id)
    }

    async fn pending_account_requests(&self, scope: &Scope) -> StoreResult<Vec<AccountRequestRow>> {
        let cite_id = coordinated(scope)?;
        Ok(sqlx::query_as(&format!(
            "SELECT {COLUMNS} WHERE r.cite_id = $1 AND r.status = 'pending'
             ORDER BY r.created_at, r.id"
        ))
        .bind(cite_id)
        .fetch_all(self.reader())
        .await?)
    }

    async fn account_request(
        &self,
        scope: &Scope,
        request_id: AccountRequestId,
    ) -> StoreResult<AccountRequestRow> {
        let cite_id = coordinated(scope)?;
        sqlx::query_as(&format!(
            "SELECT {COLUMNS} WHERE r.id = $1 AND r.cite_id = $2"
        ))
        .bind(request_id)
        .bind(cite_id)
        .fetch_optional(self.reader())
        .await?
        .ok_or(StoreError::NotFound)
    }

    async fn accept_account_request(
        &self,
        actor: &Actor,
        scope: &Scope,
        request_id: AccountRequestId,
        password_hash: &str,
    ) -> StoreResult<Accepted> {
        let cite_id = coordinated(scope)?;
        let mut tx = self.begin_write().await?;
        let request = Self::lock_request(&mut tx, cite_id, request_id).await?;
        let (partner_id, partner_created) =
            Self::partner_for(&mut tx, actor, cite_id, &request).await?;
        let account = NewAccount {
            email: request.email.clone(),
            name: request.contact_name.clone(),
            password_hash: password_hash.to_owned(),
            membership: Some(NewMembership {
                cite_id,
                role: Role::Porteur,
                partner_id: Some(partner_id),
            }),
        };
        let user_id = Self::insert_account(&mut tx, actor, &account).await?;
        sqlx::query(
            "UPDATE account_requests SET status = 'accepted', partner_id = $1, user_id = $2,
                 decided_at = $3, decided_by = $4
             WHERE id = $5",
        )
        .bind(partner_id)
        .bind(user_id)
        .bind(actor.at)
        .bind(actor.user_id)
        .bind(request_id)
        .execute(&mut *tx)
        .await?;
        let entry = AuditEntry::new(
            "account.request_accept",
            "account_request",
            Some(request_id),
            Some(cite_id),
        )
        .detail(format!("{} ({})", request.structure_name, request.email));
        Self::commit_audited(tx, actor, &entry).await?;
        Ok(Accepted {
            user_id,
            partner_id,
            partner_created,
        })
    }

    async fn refuse_account_request(
        &self,
        actor: &Actor,
        scope: &Scope,
        request_id: AccountRequestId,
        reason: &str,
    ) -> StoreResult<()> {
        let cite_id = coordinated(scope)?;
        let mut tx = self.begin_write().await?;
        let request = Self::lock_request(&mut tx, cite_id, request_id).await?;
        sqlx::query(
            "UPDATE account_requests SET status = 'refused', reason = $1, decided_at = $2,
                 decided_by = $3
             WHERE id = $4",
        )
        .bind(reason)
        .bind(actor.at)
        .bind(actor.user_id)
        .bind(request_id)
        .execute(&mut *tx)
        .await?;
        let entry = AuditEntry::new(
            "account.request_refuse",
            "account_request",
            Some(request_id),
            Some(cite_id),
        )
        .detail(format!(
            "{} ({}) : {reason}",
            request.structure_name, request.email
        ));
        Self::commit_audited(tx, actor, &entry).await
    }
}
