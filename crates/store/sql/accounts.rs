use crate::{Backend, Db};
use chrono::{DateTime, Utc};
use maillage_domain::accounts::Role;
use maillage_domain::ids::{CiteId, PartnerId, UserId};
use maillage_store::accounts::AccountRow;
use maillage_store::accounts::Credentials;
use maillage_store::accounts::MembershipRow;
use maillage_store::accounts::NewAccount;
use maillage_store::accounts::NewMembership;
use maillage_store::accounts::NewSession;
use maillage_store::accounts::SessionMembershipRow;
use maillage_store::accounts::SessionRow;
use maillage_store::async_trait;
use maillage_store::AccountStore;
use maillage_store::Actor;
use maillage_store::AuditEntry;
use maillage_store::Scope;
use maillage_store::StoreError;
use maillage_store::StoreResult;

impl Backend {
    pub(crate) async fn insert_account(
        tx: &mut sqlx::Transaction<'_, Db>,
        actor: &Actor,
        account: &NewAccount,
    ) -> StoreResult<UserId> {
        let now = actor.at;
        let user_id: UserId = sqlx::query_scalar(
            "INSERT INTO users (email, name, password_hash, national, active, created_at) \
             VALUES ($1, $2, $3, $4, TRUE, $5) RETURNING id",
        )
        .bind(&account.email)
        .bind(&account.name)
        .bind(&account.password_hash)
        .bind(account.membership.is_none())
        .bind(now)
        .fetch_one(&mut **tx)
        .await?;
        let cite_id = account.membership.as_ref().map(|m| m.cite_id);
        if let Some(membership) = &account.membership {
            Self::ensure_active_cite(tx, membership.cite_id).await?;
            sqlx::query(
                "INSERT INTO memberships (user_id, cite_id, role, partner_id) VALUES ($1, $2, $3, $4)",
            )
            .bind(user_id)
            .bind(membership.cite_id)
            .bind(membership.role)
            .bind(membership.partner_id)
            .execute(&mut **tx)
            .await?;
        }
        let role = account
            .membership
            .as_ref()
            .map_or("national", |m| m.role.code());
        let entry = AuditEntry::new("account.create", "user", Some(user_id), cite_id)
            .detail(format!("{} ({role})", account.email));
        Self::write_audit(tx, actor, &entry).await?;
        Ok(user_id)
    }

    /// Checks that `user_id` is a member of `cite_id`.
    pub(crate) async fn ensure_member(
        tx: &mut sqlx::Transaction<'_, Db>,
        cite_id: CiteId,
        user_id: UserId,
    ) -> StoreResult<()> {
        let found: Option<i64> = sqlx::query_scalar(
            "SELECT user_id FROM memberships WHERE cite_id = $1 AND user_id = $2",
        )
        .bind(cite_id)
        .bind(user_id)
        .fetch_optional(&mut **tx)
        .await?;
        found.map(|_| ()).ok_or(StoreError::NotFound)
    }

    pub(crate) async fn replace_password(
        tx: &mut sqlx::Transaction<'_, Db>,
        user_id: UserId,
        password_hash: &str,
    ) -> StoreResult<()> {
        Self::set_password_hash(&mut **tx, user_id, password_hash).await?;
        // A new password ends every session of the account.
        Self::delete_sessions(&mut **tx, user_id).await
    }

    async fn set_password_hash<'e>(
        executor: impl sqlx::Executor<'e, Database = Db>,
        user_id: UserId,
        password_hash: &str,
    ) -> StoreResult<()> {
        sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
            .bind(password_hash)
            .bind(user_id)
            .execute(executor)
            .await?;
        Ok(())
    }

    /// Sets a session's times to `now` by `sql`, which binds `now` as `$1`
    /// and the session's hash as `$2`.
    async fn stamp_session(
        &self,
        sql: &'static str,
        id_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        sqlx::query(sql)
            .bind(now)
            .bind(id_hash)
            .execute(self.writer())
            .await?;
        Ok(())
    }

    async fn delete_sessions<'e>(
        executor: impl sqlx::Executor<'e, Database = Db>,
        user_id: UserId,
    ) -> StoreResult<()> {
        sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(user_id)
            .execute(executor)
            .await?;
        Ok(())
    }

    /// Checks that `partner_id`, if any, is an active partner of the Cité.
    pub(crate) async fn ensure_active_partner(
        tx: &mut sqlx::Transaction<'_, Db>,
        cite_id: CiteId,
        partner_id: Option<PartnerId>,
    ) -> StoreResult<()> {
        let Some(partner_id) = partner_id else {
            return Ok(());
        };
        let found: Option<PartnerId> = sqlx::query_scalar(
            "SELECT id FROM partners WHERE id = $1 AND cite_id = $2 AND archived_at IS NULL",
        )
        .bind(partner_id)
        .bind(cite_id)
        .fetch_optional(&mut **tx)
        .await?;
        found.map(|_| ()).ok_or_else(|| StoreError::Invalid {
            field: "partner_id",
            message: "Choisissez un partenaire actif de la Cité.".to_owned(),
        })
    }

    /// Checks that the scope's coordinator may take over account `user_id`
    /// of their Cité (`maillage_domain::accounts::may_take_over`).
    pub(crate) async fn ensure_taken_over(
        tx: &mut sqlx::Transaction<'_, Db>,
        scope: &Scope,
        cite_id: CiteId,
        user_id: UserId,
    ) -> StoreResult<()> {
        Self::ensure_member(tx, cite_id, user_id).await?;
        let foreign = Self::foreign_cites(tx, scope.user_id(), user_id).await?;
        if maillage_domain::accounts::may_take_over(foreign) {
            Ok(())
        } else {
            Err(StoreError::Invalid {
                field: "user_id",
                message: maillage_domain::accounts::SHARED_ACCOUNT.to_owned(),
            })
        }
    }

    /// The Cités of account `user_id` that `coordinator` does not coordinate.
    async fn foreign_cites(
        tx: &mut sqlx::Transaction<'_, Db>,
        coordinator: UserId,
        user_id: UserId,
    ) -> StoreResult<i64> {
        Ok(sqlx::query_scalar(
            "SELECT COUNT(*) FROM memberships o \
             WHERE o.user_id = $1 AND o.cite_id NOT IN ( \
               SELECT k.cite_id FROM memberships k WHERE k.user_id = $2 AND k.role = $3)",
        )
        .bind(user_id)
        .bind(coordinator)
        .bind(Role::Coordinateur)
        .fetch_one(&mut **tx)
        .await?)
    }
}

/// The Cité a coordinator administers, for a change to another account
/// than their own: on their own, `message` refuses it.
fn administered_other(
    scope: &Scope,
    user_id: UserId,
    field: &'static str,
    message: &str,
) -> StoreResult<CiteId> {
    let cite_id = crate::sql::administered_cite(scope)?;
    if user_id == scope.user_id() {
        return Err(StoreError::Invalid {
            field,
            message: message.to_owned(),
        });
    }
    Ok(cite_id)
}

#[async_trait]
impl AccountStore for Backend {
    async fn credentials(&self, email: &str) -> StoreResult<Option<Credentials>> {
        Ok(sqlx::query_as(
            "SELECT id AS user_id, password_hash, active, national FROM users WHERE email = $1",
        )
        .bind(email)
        .fetch_optional(self.reader())
        .await?)
    }

    async fn record_sign_in(
        &self,
        actor: &Actor,
        email: &str,
        success: bool,
        at: DateTime<Utc>,
        cite_id: Option<CiteId>,
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO sign_in_attempts (email, ip, success, at) VALUES ($1, $2, $3, $4)",
        )
        .bind(email)
        .bind(actor.ip.as_deref().unwrap_or(""))
        .bind(success)
        .bind(at)
        .execute(&mut *tx)
        .await?;
        let action = if success { "sign_in" } else { "sign_in_failed" };
        let mut entry =
            AuditEntry::new(action, "user", actor.user_id, cite_id).detail(email.to_owned());
        if !success {
            entry = entry.once_a_minute(actor.ip.as_deref().unwrap_or(""), at);
        }
        Self::commit_audited(tx, actor, &entry).await
    }

    async fn sign_in_failures(
        &self,
        email: &str,
        ip: &str,
        since: DateTime<Utc>,
    ) -> StoreResult<(i64, i64)> {
        Ok(sqlx::query_as(
            "SELECT \
             (SELECT COUNT(*) FROM sign_in_attempts WHERE email = $1 AND success = FALSE AND at > $3), \
             (SELECT COUNT(*) FROM sign_in_attempts WHERE ip = $2 AND success = FALSE AND at > $3)",
        )
        .bind(email)
        .bind(ip)
        .bind(since)
        .fetch_one(self.reader())
        .await?)
    }

    async fn rehash_password(&self, user_id: UserId, password_hash: &str) -> StoreResult<()> {
        Self::set_password_hash(self.writer(), user_id, password_hash).await
    }

    async fn create_account(&self, actor: &Actor, account: NewAccount) -> StoreResult<UserId> {
        let mut tx = self.begin_write().await?;
        let id = Self::insert_account(&mut tx, actor, &account).await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn create_cite_account(
        &self,
        actor: &Actor,
        scope: &Scope,
        mut account: NewAccount,
    ) -> StoreResult<UserId> {
        let cite_id = crate::sql::administered_cite(scope)?;
        let membership = account.membership.as_mut().ok_or(StoreError::Forbidden)?;
        membership.cite_id = cite_id;
        let mut tx = self.begin_write().await?;
        Self::ensure_active_partner(&mut tx, cite_id, membership.partner_id).await?;
        let id = Self::insert_account(&mut tx, actor, &account).await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn cite_accounts(&self, scope: &Scope) -> StoreResult<Vec<AccountRow>> {
        let cite_id = crate::sql::administered_cite(scope)?;
        let mut accounts: Vec<AccountRow> = sqlx::query_as(
            "SELECT u.id AS user_id, u.email, u.name, u.active, m.role, m.partner_id, \
             p.name AS partner_name, u.created_at, \
             (SELECT COUNT(*) FROM memberships o \
              WHERE o.user_id = u.id AND o.cite_id NOT IN ( \
                SELECT k.cite_id FROM memberships k WHERE k.user_id = $2 AND k.role = $3) \
             ) AS foreign_cites \
             FROM memberships m JOIN users u ON u.id = m.user_id \
             LEFT JOIN partners p ON p.id = m.partner_id \
             WHERE m.cite_id = $1",
        )
        .bind(cite_id)
        .bind(scope.user_id())
        .bind(Role::Coordinateur)
        .fetch_all(self.reader())
        .await?;
        // « Élodie » between « Denis » and « Fabrice »: by the folded name
        // (SQL cannot fold accents the same way on both backends).
        accounts.sort_by_cached_key(|a| (maillage_domain::text::fold(&a.name), a.user_id));
        Ok(accounts)
    }

    async fn reset_password(
        &self,
        actor: &Actor,
        scope: &Scope,
        user_id: UserId,
        password_hash: &str,
    ) -> StoreResult<()> {
        let cite_id = crate::sql::administered_cite(scope)?;
        let mut tx = self.begin_write().await?;
        Self::ensure_taken_over(&mut tx, scope, cite_id, user_id).await?;
        Self::replace_password(&mut tx, user_id, password_hash).await?;
        Self::revoke_api_tokens(&mut tx, user_id, None, actor.at).await?;
        let entry = AuditEntry::new(
            "account.password_reset",
            "user",
            Some(user_id),
            Some(cite_id),
        );
        Self::commit_audited(tx, actor, &entry).await
    }

    async fn set_password_by_email(
        &self,
        actor: &Actor,
        email: &str,
        password_hash: &str,
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        let user_id: UserId = sqlx::query_scalar("SELECT id FROM users WHERE email = $1")
            .bind(email)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(StoreError::NotFound)?;
        Self::replace_password(&mut tx, user_id, password_hash).await?;
        let entry = AuditEntry::new("account.password_reset", "user", Some(user_id), None);
        Self::commit_audited(tx, actor, &entry).await
    }

    async fn add_membership(
        &self,
        actor: &Actor,
        user_id: UserId,
        membership: NewMembership,
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        Self::ensure_active_cite(&mut tx, membership.cite_id).await?;
        sqlx::query(
            "INSERT INTO memberships (user_id, cite_id, role, partner_id) VALUES ($1, $2, $3, $4)",
        )
        .bind(user_id)
        .bind(membership.cite_id)
        .bind(membership.role)
        .bind(membership.partner_id)
        .execute(&mut *tx)
        .await?;
        let entry = AuditEntry::new(
            "account.membership",
            "user",
            Some(user_id),
            Some(membership.cite_id),
        )
        .detail(membership.role.code().to_owned());
        Self::commit_audited(tx, actor, &entry).await
    }

    async fn memberships(&self, user_id: UserId) -> StoreResult<Vec<MembershipRow>> {
        Ok(sqlx::query_as(
            "SELECT m.cite_id, c.code AS cite_code, c.name AS cite_name, c.reference_version, m.role, m.partner_id, \
             p.name AS partner_name \
             FROM memberships m JOIN cites c ON c.id = m.cite_id \
             LEFT JOIN partners p ON p.id = m.partner_id \
             WHERE m.user_id = $1 AND c.archived_at IS NULL ORDER BY c.name",
        )
        .bind(user_id)
        .fetch_all(self.reader())
        .await?)
    }

    async fn create_session(&self, session: NewSession) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO sessions \
             (id_hash, user_id, csrf_token, cite_id, created_at, last_seen_at, id_token) \
             VALUES ($1, $2, $3, $4, $5, $5, $6)",
        )
        .bind(&session.id_hash)
        .bind(session.user_id)
        .bind(&session.csrf_token)
        .bind(session.cite_id)
        .bind(session.now)
        .bind(&session.id_token)
        .execute(self.writer())
        .await?;
        Ok(())
    }

    async fn session(&self, id_hash: &str) -> StoreResult<Option<SessionRow>> {
        // One row per membership, in one round trip: every request starts here.
        // An archived Cité's memberships open nothing: no scope can name it.
        let rows = sqlx::query_as(
            "SELECT s.user_id, s.csrf_token, s.cite_id, s.created_at, s.last_seen_at, s.id_token, \
             u.name AS user_name, u.email, u.national, u.active, \
             m.cite_id AS m_cite_id, c.code AS m_cite_code, c.name AS m_cite_name, \
             c.reference_version AS m_reference_version, m.role AS m_role, \
             m.partner_id AS m_partner_id, p.name AS m_partner_name \
             FROM sessions s JOIN users u ON u.id = s.user_id \
             LEFT JOIN memberships m ON m.user_id = s.user_id AND EXISTS ( \
               SELECT 1 FROM cites a WHERE a.id = m.cite_id AND a.archived_at IS NULL) \
             LEFT JOIN cites c ON c.id = m.cite_id \
             LEFT JOIN partners p ON p.id = m.partner_id \
             WHERE s.id_hash = $1 ORDER BY c.name",
        )
        .bind(id_hash)
        .fetch_all(self.reader())
        .await?;
        Ok(SessionMembershipRow::fold(rows))
    }

    async fn touch_session(&self, id_hash: &str, now: DateTime<Utc>) -> StoreResult<()> {
        self.stamp_session(
            "UPDATE sessions SET last_seen_at = $1 WHERE id_hash = $2",
            id_hash,
            now,
        )
        .await
    }

    async fn set_session_cite(&self, id_hash: &str, cite_id: CiteId) -> StoreResult<()> {
        sqlx::query("UPDATE sessions SET cite_id = $1 WHERE id_hash = $2")
            .bind(cite_id)
            .bind(id_hash)
            .execute(self.writer())
            .await?;
        Ok(())
    }

    async fn change_role(
        &self,
        actor: &Actor,
        scope: &Scope,
        user_id: UserId,
        role: Role,
        partner_id: Option<PartnerId>,
    ) -> StoreResult<()> {
        let cite_id = administered_other(
            scope,
            user_id,
            "role",
            "Vous ne pouvez pas changer votre propre rôle.",
        )?;
        let mut tx = self.begin_write().await?;
        Self::ensure_member(&mut tx, cite_id, user_id).await?;
        Self::ensure_active_partner(&mut tx, cite_id, partner_id).await?;
        sqlx::query(
            "UPDATE memberships SET role = $1, partner_id = $2 WHERE cite_id = $3 AND user_id = $4",
        )
        .bind(role)
        .bind(partner_id)
        .bind(cite_id)
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
        let entry = AuditEntry::new("account.role", "user", Some(user_id), Some(cite_id))
            .detail(role.code().to_owned());
        Self::commit_audited(tx, actor, &entry).await
    }

    async fn set_account_active(
        &self,
        actor: &Actor,
        scope: &Scope,
        user_id: UserId,
        active: bool,
    ) -> StoreResult<()> {
        let cite_id = administered_other(
            scope,
            user_id,
            "user_id",
            "Vous ne pouvez pas désactiver votre propre compte.",
        )?;
        let mut tx = self.begin_write().await?;
        Self::ensure_taken_over(&mut tx, scope, cite_id, user_id).await?;
        sqlx::query("UPDATE users SET active = $1 WHERE id = $2")
            .bind(active)
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        if !active {
            Self::delete_sessions(&mut *tx, user_id).await?;
        }
        let action = if active {
            "account.activate"
        } else {
            "account.deactivate"
        };
        let entry = AuditEntry::new(action, "user", Some(user_id), Some(cite_id));
        Self::commit_audited(tx, actor, &entry).await
    }

    async fn end_sessions(&self, user_id: UserId) -> StoreResult<()> {
        Self::delete_sessions(self.writer(), user_id).await
    }

    async fn end_membership(
        &self,
        actor: &Actor,
        scope: &Scope,
        user_id: UserId,
    ) -> StoreResult<()> {
        let cite_id = administered_other(
            scope,
            user_id,
            "user_id",
            "Vous ne pouvez pas vous retirer vous-même de la Cité.",
        )?;
        let mut tx = self.begin_write().await?;
        Self::ensure_member(&mut tx, cite_id, user_id).await?;
        sqlx::query("DELETE FROM memberships WHERE cite_id = $1 AND user_id = $2")
            .bind(cite_id)
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        // Files they led go back to their partner, whose référents see them;
        // each file's own history says so (« Qui a consulté », journal).
        sqlx::query(
            "INSERT INTO audit_log (at, user_id, organisation, cite_id, action, entity,
                                    entity_id, person_id, ip, request_id, detail)
             SELECT $1, $2, $3, p.cite_id, 'participant.lead', 'user', $4, p.id, $5, $6,
                    'référent retiré de la Cité'
             FROM participants p WHERE p.cite_id = $7 AND p.lead_user_id = $4",
        )
        .bind(actor.at)
        .bind(actor.user_id)
        .bind(&actor.organisation)
        .bind(user_id)
        .bind(&actor.ip)
        .bind(&actor.request_id)
        .bind(cite_id)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE participants SET lead_user_id = NULL WHERE cite_id = $1 AND lead_user_id = $2",
        )
        .bind(cite_id)
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
        Self::delete_sessions(&mut *tx, user_id).await?;
        Self::revoke_api_tokens(&mut tx, user_id, Some(cite_id), actor.at).await?;
        let entry = AuditEntry::new(
            "account.membership_end",
            "user",
            Some(user_id),
            Some(cite_id),
        );
        Self::commit_audited(tx, actor, &entry).await
    }

    async fn confirm_session(&self, id_hash: &str, now: DateTime<Utc>) -> StoreResult<()> {
        self.stamp_session(
            "UPDATE sessions SET created_at = $1, last_seen_at = $1 WHERE id_hash = $2",
            id_hash,
            now,
        )
        .await
    }

    async fn delete_session(&self, id_hash: &str) -> StoreResult<()> {
        sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
            .bind(id_hash)
            .execute(self.writer())
            .await?;
        Ok(())
    }

    async fn purge_sessions(
        &self,
        idle_before: DateTime<Utc>,
        started_before: DateTime<Utc>,
    ) -> StoreResult<u64> {
        let done = sqlx::query("DELETE FROM sessions WHERE last_seen_at < $1 OR created_at < $2")
            .bind(idle_before)
            .bind(started_before)
            .execute(self.writer())
            .await?;
        Ok(done.rows_affected())
    }
}
