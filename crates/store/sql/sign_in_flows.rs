//! ProConnect journeys (`maillage_store::sign_in_flows`).

use chrono::{DateTime, Utc};
use maillage_domain::ids::UserId;
use maillage_store::sign_in_flows::{SignInFlow, SignInFlowStore};
use maillage_store::{async_trait, StoreResult};

use crate::Backend;

#[async_trait]
impl SignInFlowStore for Backend {
    async fn begin_sign_in_flow(
        &self,
        flow: &SignInFlow,
        expired_before: DateTime<Utc>,
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("DELETE FROM oidc_flows WHERE created_at < $1")
            .bind(expired_before)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO oidc_flows
                 (state_hash, nonce, pkce_verifier, return_to, reauth, created_at)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&flow.state_hash)
        .bind(&flow.nonce)
        .bind(&flow.pkce_verifier)
        .bind(&flow.return_to)
        .bind(flow.reauth)
        .bind(flow.created_at)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn take_sign_in_flow(
        &self,
        state_hash: &str,
        expired_before: DateTime<Utc>,
    ) -> StoreResult<Option<SignInFlow>> {
        // DELETE … RETURNING: two returns with one state cannot both take it.
        let flow: Option<SignInFlow> = sqlx::query_as(
            "DELETE FROM oidc_flows WHERE state_hash = $1
             RETURNING state_hash, nonce, pkce_verifier, return_to, reauth, created_at",
        )
        .bind(state_hash)
        .fetch_optional(self.writer())
        .await?;
        Ok(flow.filter(|f| f.created_at >= expired_before))
    }

    async fn bind_proconnect(&self, user_id: UserId, sub: &str) -> StoreResult<bool> {
        let taken: Option<UserId> =
            sqlx::query_scalar("SELECT id FROM users WHERE proconnect_sub = $1 AND id <> $2")
                .bind(sub)
                .bind(user_id)
                .fetch_optional(self.writer())
                .await?;
        if taken.is_some() {
            return Ok(false);
        }
        let bound = sqlx::query(
            "UPDATE users SET proconnect_sub = $2
             WHERE id = $1 AND (proconnect_sub IS NULL OR proconnect_sub = $2)",
        )
        .bind(user_id)
        .bind(sub)
        .execute(self.writer())
        .await;
        match bound {
            Ok(done) => Ok(done.rows_affected() == 1),
            // Another account took `sub` meanwhile (the unique index).
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => Ok(false),
            Err(e) => Err(e.into()),
        }
    }

    async fn keep_id_token(&self, session_hash: &str, id_token: &str) -> StoreResult<()> {
        sqlx::query("UPDATE sessions SET id_token = $2 WHERE id_hash = $1")
            .bind(session_hash)
            .bind(id_token)
            .execute(self.writer())
            .await?;
        Ok(())
    }
}
