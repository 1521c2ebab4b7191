//! The outbox and the reset links (`maillage_store::mail`).

use chrono::{DateTime, Utc};
use maillage_domain::accounts::Email;
use maillage_domain::ids::{CiteId, UserId};
use maillage_domain::mail::{OutboxMessage, RESET_RESEND, SENDING_LEASE};
use maillage_store::accounts::NewAccount;
use maillage_store::mail::{LinkRequest, MailStore};
use maillage_store::{async_trait, Actor, AuditEntry, Scope, StoreError, StoreResult};

use crate::{Backend, Db};

impl Backend {
    /// The link and its message, to the account's address, `kind` as the
    /// outbox names it.
    async fn queue_link(
        tx: &mut sqlx::Transaction<'_, Db>,
        user_id: UserId,
        kind: &str,
        link: &LinkRequest,
        actor: &Actor,
    ) -> StoreResult<()> {
        // The newest link alone opens the form: an older one, perhaps sent
        // to a mistyped address, ends with it.
        sqlx::query(
            "UPDATE password_resets SET used_at = $1 WHERE user_id = $2 AND used_at IS NULL",
        )
        .bind(actor.at)
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
        sqlx::query(
            "INSERT INTO password_resets (user_id, token_hash, created_at, expires_at)
             VALUES ($1, $2, $3, $4)",
        )
        .bind(user_id)
        .bind(&link.token_hash)
        .bind(actor.at)
        .bind(link.expires_at)
        .execute(&mut **tx)
        .await?;
        sqlx::query(
            "INSERT INTO outbox (kind, to_address, subject, body, created_at, next_attempt_at)
             SELECT $1, email, $2, $3, $4, $4 FROM users WHERE id = $5",
        )
        .bind(kind)
        .bind(&link.mail.subject)
        .bind(&link.mail.text)
        .bind(actor.at)
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
        Ok(())
    }

    /// The account's first Cité, whose coordinators read its journal (as
    /// for sign-ins).
    async fn first_cite(
        tx: &mut sqlx::Transaction<'_, Db>,
        user_id: UserId,
    ) -> StoreResult<Option<CiteId>> {
        Ok(sqlx::query_scalar(
            "SELECT cite_id FROM memberships WHERE user_id = $1 ORDER BY cite_id LIMIT 1",
        )
        .bind(user_id)
        .fetch_optional(&mut **tx)
        .await?)
    }
}

#[async_trait]
impl MailStore for Backend {
    async fn request_password_reset(
        &self,
        actor: &Actor,
        email: &Email,
        reset: &LinkRequest,
    ) -> StoreResult<bool> {
        let mut tx = self.begin_write().await?;
        let user: Option<UserId> =
            sqlx::query_scalar("SELECT id FROM users WHERE email = $1 AND active = TRUE")
                .bind(email.as_str())
                .fetch_optional(&mut *tx)
                .await?;
        let Some(user_id) = user else {
            return Ok(false);
        };
        let recent: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM password_resets WHERE user_id = $1 AND created_at > $2",
        )
        .bind(user_id)
        .bind(actor.at - RESET_RESEND)
        .fetch_one(&mut *tx)
        .await?;
        if recent > 0 {
            return Ok(false);
        }
        Self::queue_link(&mut tx, user_id, "password_reset", reset, actor).await?;
        let cite_id = Self::first_cite(&mut tx, user_id).await?;
        let entry = AuditEntry::new("account.password_link", "user", Some(user_id), cite_id);
        Self::commit_audited(tx, actor, &entry).await?;
        Ok(true)
    }

    async fn create_invited_account(
        &self,
        actor: &Actor,
        scope: &Scope,
        mut account: NewAccount,
        invitation: &LinkRequest,
    ) -> StoreResult<UserId> {
        let cite_id = crate::sql::administered_cite(scope)?;
        let membership = account.membership.as_mut().ok_or(StoreError::Forbidden)?;
        membership.cite_id = cite_id;
        let mut tx = self.begin_write().await?;
        Self::ensure_active_partner(&mut tx, cite_id, membership.partner_id).await?;
        let user_id = Self::insert_account(&mut tx, actor, &account).await?;
        Self::queue_link(&mut tx, user_id, "invitation", invitation, actor).await?;
        let entry = AuditEntry::new("account.invitation", "user", Some(user_id), Some(cite_id));
        Self::commit_audited(tx, actor, &entry).await?;
        Ok(user_id)
    }

    async fn send_password_link(
        &self,
        actor: &Actor,
        scope: &Scope,
        user_id: UserId,
        password_hash: &str,
        link: &LinkRequest,
    ) -> StoreResult<()> {
        let cite_id = crate::sql::administered_cite(scope)?;
        let mut tx = self.begin_write().await?;
        Self::ensure_taken_over(&mut tx, scope, cite_id, user_id).await?;
        Self::replace_password(&mut tx, user_id, password_hash).await?;
        Self::revoke_api_tokens(&mut tx, user_id, None, actor.at).await?;
        Self::queue_link(&mut tx, user_id, "password_reset", link, actor).await?;
        let entry = AuditEntry::new(
            "account.password_link",
            "user",
            Some(user_id),
            Some(cite_id),
        );
        Self::commit_audited(tx, actor, &entry).await
    }

    async fn password_reset_open(&self, token_hash: &str, now: DateTime<Utc>) -> StoreResult<bool> {
        let open: Option<i64> = sqlx::query_scalar(
            "SELECT r.id FROM password_resets r JOIN users u ON u.id = r.user_id
             WHERE r.token_hash = $1 AND r.used_at IS NULL AND r.expires_at > $2
               AND u.active = TRUE",
        )
        .bind(token_hash)
        .bind(now)
        .fetch_optional(self.reader())
        .await?;
        Ok(open.is_some())
    }

    async fn reset_password_by_link(
        &self,
        actor: &Actor,
        token_hash: &str,
        password_hash: &str,
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        // Spent in the same statement that checks it: a link works once,
        // even for two forms sent together.
        let user_id: UserId = sqlx::query_scalar(
            "UPDATE password_resets SET used_at = $1
             WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1
               AND user_id IN (SELECT id FROM users WHERE active = TRUE)
             RETURNING user_id",
        )
        .bind(actor.at)
        .bind(token_hash)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StoreError::NotFound)?;
        Self::replace_password(&mut tx, user_id, password_hash).await?;
        // The account's other links end with it.
        sqlx::query(
            "UPDATE password_resets SET used_at = $1 WHERE user_id = $2 AND used_at IS NULL",
        )
        .bind(actor.at)
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
        let actor = Actor {
            user_id: Some(user_id),
            ..actor.clone()
        };
        let cite_id = Self::first_cite(&mut tx, user_id).await?;
        let entry = AuditEntry::new("account.password_by_link", "user", Some(user_id), cite_id);
        Self::commit_audited(tx, &actor, &entry).await
    }

    async fn claim_mail(&self, now: DateTime<Utc>, limit: i64) -> StoreResult<Vec<OutboxMessage>> {
        // The outer condition is checked again on each row: a row another
        // worker claimed meanwhile has its lease in the future, and is left.
        type Row = (i64, String, String, String, Option<String>, i64);
        let rows: Vec<Row> = sqlx::query_as(
            "UPDATE outbox SET next_attempt_at = $1, attempts = attempts + 1
             WHERE sent_at IS NULL AND next_attempt_at <= $2
               AND id IN (SELECT id FROM outbox
                          WHERE sent_at IS NULL AND next_attempt_at <= $2
                          ORDER BY next_attempt_at, id LIMIT $3)
             RETURNING id, to_address, subject, body, calendar, attempts",
        )
        .bind(now + SENDING_LEASE)
        .bind(now)
        .bind(limit)
        .fetch_all(self.writer())
        .await?;
        Ok(rows
            .into_iter()
            .map(
                |(id, to, subject, text, calendar, attempts)| OutboxMessage {
                    id,
                    to,
                    subject,
                    text,
                    calendar,
                    attempts,
                },
            )
            .collect())
    }

    async fn mail_sent(&self, id: i64, at: DateTime<Utc>) -> StoreResult<()> {
        // The text, which may hold an open link, is not kept once sent.
        sqlx::query("UPDATE outbox SET sent_at = $1, last_error = NULL, body = '', calendar = NULL WHERE id = $2")
            .bind(at)
            .bind(id)
            .execute(self.writer())
            .await?;
        Ok(())
    }

    async fn mail_failed(
        &self,
        id: i64,
        error: &str,
        retry_at: Option<DateTime<Utc>>,
    ) -> StoreResult<()> {
        // Given up (no retry), its text is not kept either.
        sqlx::query(
            "UPDATE outbox SET next_attempt_at = $1, last_error = $2,
                    body = CASE WHEN $1 IS NULL THEN '' ELSE body END,
                    calendar = CASE WHEN $1 IS NULL THEN NULL ELSE calendar END
             WHERE id = $3",
        )
        .bind(retry_at)
        .bind(error)
        .bind(id)
        .execute(self.writer())
        .await?;
        Ok(())
    }

    async fn outbox_backlog(&self) -> StoreResult<i64> {
        Ok(sqlx::query_scalar(
            "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND next_attempt_at IS NOT NULL",
        )
        .fetch_one(self.reader())
        .await?)
    }
}
