//! Personal access tokens (`maillage_store::api_tokens`).

use chrono::{DateTime, Duration, Utc};
use maillage_domain::ids::{CiteId, UserId};
use maillage_store::api_tokens::{ApiTokenRow, ApiTokenStore, NewApiToken};
use maillage_store::{async_trait, Actor, AuditEntry, StoreError, StoreResult};

use crate::{Backend, Db};

impl Backend {
    /// Revokes the user's live tokens, those of `cite_id` only when given:
    /// a coordinator's answer to a compromised account, or the end of a
    /// membership, reaches the tools too.
    pub(crate) async fn revoke_api_tokens(
        tx: &mut sqlx::Transaction<'_, Db>,
        user_id: UserId,
        cite_id: Option<CiteId>,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        sqlx::query(
            "UPDATE api_tokens SET revoked_at = $1
             WHERE user_id = $2 AND revoked_at IS NULL AND ($3 IS NULL OR cite_id = $3)",
        )
        .bind(at)
        .bind(user_id)
        .bind(cite_id)
        .execute(&mut **tx)
        .await?;
        Ok(())
    }
}

const TOKEN_COLUMNS: &str = "t.id, t.user_id, u.national, t.cite_id, t.name, t.prefix,
    t.can_write, t.created_at, t.expires_at, t.last_used_at, t.revoked_at";

#[async_trait]
impl ApiTokenStore for Backend {
    async fn create_api_token(&self, actor: &Actor, token: &NewApiToken) -> StoreResult<i64> {
        let mut tx = self.begin_write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO api_tokens
                 (user_id, cite_id, name, token_hash, prefix, can_write, created_at, expires_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(token.user_id)
        .bind(token.cite_id)
        .bind(&token.name)
        .bind(&token.token_hash)
        .bind(&token.prefix)
        .bind(token.can_write)
        .bind(actor.at)
        .bind(token.expires_at)
        .fetch_one(&mut *tx)
        .await?;
        let access = if token.can_write {
            "lecture et écriture"
        } else {
            "lecture"
        };
        let entry = AuditEntry::new(
            "api_token.create",
            "user",
            Some(token.user_id),
            token.cite_id,
        )
        .detail(format!("« {} » ({access})", token.name));
        Self::commit_audited(tx, actor, &entry).await?;
        Ok(id)
    }

    async fn api_tokens(&self, user_id: UserId) -> StoreResult<Vec<ApiTokenRow>> {
        Ok(sqlx::query_as(&format!(
            "SELECT {TOKEN_COLUMNS} FROM api_tokens t JOIN users u ON u.id = t.user_id
             WHERE t.user_id = $1
             ORDER BY t.created_at DESC, t.id DESC"
        ))
        .bind(user_id)
        .fetch_all(self.reader())
        .await?)
    }

    async fn revoke_api_token(&self, actor: &Actor, user_id: UserId, id: i64) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        let revoked: Option<(String, Option<maillage_domain::ids::CiteId>)> = sqlx::query_as(
            "UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, $1)
             WHERE id = $2 AND user_id = $3 RETURNING name, cite_id",
        )
        .bind(actor.at)
        .bind(id)
        .bind(user_id)
        .fetch_optional(&mut *tx)
        .await?;
        let (name, cite_id) = revoked.ok_or(StoreError::NotFound)?;
        let entry = AuditEntry::new("api_token.revoke", "user", Some(user_id), cite_id)
            .detail(format!("« {name} »"));
        Self::commit_audited(tx, actor, &entry).await
    }

    async fn use_api_token(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<ApiTokenRow>> {
        let token: Option<ApiTokenRow> = sqlx::query_as(&format!(
            "SELECT {TOKEN_COLUMNS} FROM api_tokens t JOIN users u ON u.id = t.user_id
             WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND t.expires_at > $2 AND u.active"
        ))
        .bind(token_hash)
        .bind(now)
        .fetch_optional(self.reader())
        .await?;
        // One write a minute at most, not one per call.
        if let Some(token) = &token {
            if token
                .last_used_at
                .is_none_or(|at| now - at >= Duration::minutes(1))
            {
                sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2")
                    .bind(now)
                    .bind(token.id)
                    .execute(self.writer())
                    .await?;
            }
        }
        Ok(token)
    }
}
