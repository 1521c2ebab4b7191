use crate::{Backend, Db};
use maillage_domain::accounts::Role;
use maillage_domain::cites::CiteProfile;
use maillage_domain::cites::NewCite;
use maillage_domain::cites::QpvDraft;
use maillage_domain::ids::{CiteId, QpvId, UserId};
use maillage_store::accounts::{NewAccount, NewMembership};
use maillage_store::async_trait;
use maillage_store::cites::CiteRow;
use maillage_store::cites::CiteSummary;
use maillage_store::cites::QpvRow;
use maillage_store::Actor;
use maillage_store::AuditEntry;
use maillage_store::CiteStore;
use maillage_store::Scope;
use maillage_store::StoreError;
use maillage_store::StoreResult;
use sqlx::query::Query;
use sqlx::Row;

/// Binds a profile as `$1`…`$15`, in the column order of both the insert and
/// the update.
fn bind_profile<'q>(
    query: Query<'q, Db, <Db as sqlx::Database>::Arguments<'q>>,
    profile: &'q CiteProfile,
) -> Query<'q, Db, <Db as sqlx::Database>::Arguments<'q>> {
    let axes: Vec<&str> = profile.axes.iter().map(|a| a.code()).collect();
    query
        .bind(&profile.name)
        .bind(&profile.departement)
        .bind(&profile.epci)
        .bind(maillage_store::cites::join_codes(&profile.communes))
        .bind(profile.label_year)
        .bind(&profile.co_pilots)
        .bind(profile.population)
        .bind(profile.unemployment_rate)
        .bind(profile.employment_rate)
        .bind(profile.poverty_rate)
        .bind(profile.defm_abc)
        .bind(maillage_store::cites::join_codes(&profile.target_publics))
        .bind(maillage_store::cites::join_codes(&axes))
        .bind(profile.follow_up_months)
        .bind(profile.referral_expiry_days)
        .bind(profile.no_target_public)
        .bind(profile.own_axes.join("\n"))
}

#[async_trait]
impl CiteStore for Backend {
    async fn create_cite(
        &self,
        actor: &Actor,
        code: &str,
        profile: &CiteProfile,
    ) -> StoreResult<CiteId> {
        let mut tx = self.begin_write().await?;
        let id = Self::insert_cite(&mut tx, actor, code, profile).await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn label_cite(
        &self,
        actor: &Actor,
        scope: &Scope,
        cite: &NewCite,
        password_hash: &str,
    ) -> StoreResult<(CiteId, UserId)> {
        national(scope)?;
        let mut tx = self.begin_write().await?;
        // The code first: a Cité already labelled is the likelier slip.
        let cite_id = Self::insert_cite(&mut tx, actor, &cite.code, &cite.profile).await?;
        let taken: Option<UserId> = sqlx::query_scalar("SELECT id FROM users WHERE email = $1")
            .bind(cite.coordinator_email.as_str())
            .fetch_optional(&mut *tx)
            .await?;
        if taken.is_some() {
            return Err(StoreError::Conflict {
                field: "coordinator_email",
                message: maillage_domain::cites::EMAIL_TAKEN.to_owned(),
            });
        }
        let account = NewAccount {
            email: cite.coordinator_email.as_str().to_owned(),
            name: cite.coordinator_name.clone(),
            password_hash: password_hash.to_owned(),
            membership: Some(NewMembership {
                cite_id,
                role: Role::Coordinateur,
                partner_id: None,
            }),
        };
        let user_id = Self::insert_account(&mut tx, actor, &account).await?;
        tx.commit().await?;
        Ok((cite_id, user_id))
    }

    async fn set_cite_archived(
        &self,
        actor: &Actor,
        scope: &Scope,
        cite_id: CiteId,
        archived: bool,
    ) -> StoreResult<()> {
        national(scope)?;
        let mut tx = self.begin_write().await?;
        let was_archived: bool =
            sqlx::query_scalar("SELECT archived_at IS NOT NULL FROM cites WHERE id = $1")
                .bind(cite_id)
                .fetch_optional(&mut *tx)
                .await?
                .ok_or(StoreError::NotFound)?;
        // Already so: nothing changes, nothing to journal; archiving again
        // keeps the first date.
        if was_archived == archived {
            return Ok(());
        }
        let update = if archived {
            sqlx::query("UPDATE cites SET archived_at = $1 WHERE id = $2").bind(actor.at)
        } else {
            sqlx::query("UPDATE cites SET archived_at = NULL WHERE id = $1")
        };
        update.bind(cite_id).execute(&mut *tx).await?;
        let action = if archived {
            // Whoever works in it stops on their next request.
            sqlx::query("DELETE FROM sessions WHERE cite_id = $1")
                .bind(cite_id)
                .execute(&mut *tx)
                .await?;
            "cite.archive"
        } else {
            "cite.restore"
        };
        let entry = AuditEntry::new(action, "cite", Some(cite_id), Some(cite_id));
        Self::commit_audited(tx, actor, &entry).await
    }

    async fn archived_cites_of(&self, user_id: UserId) -> StoreResult<Vec<String>> {
        Ok(sqlx::query_scalar(
            "SELECT c.name FROM memberships m JOIN cites c ON c.id = m.cite_id \
             WHERE m.user_id = $1 AND c.archived_at IS NOT NULL ORDER BY c.name",
        )
        .bind(user_id)
        .fetch_all(self.reader())
        .await?)
    }

    async fn cite_id_by_code(&self, code: &str) -> StoreResult<Option<CiteId>> {
        Ok(sqlx::query_scalar("SELECT id FROM cites WHERE code = $1")
            .bind(code)
            .fetch_optional(self.reader())
            .await?)
    }

    async fn cite_summaries(&self, scope: &Scope) -> StoreResult<Vec<CiteSummary>> {
        national(scope)?;
        Ok(sqlx::query_as(
            "SELECT c.id, c.code, c.name, c.departement, c.label_year, c.archived_at, \
             (SELECT COUNT(*) FROM partners p WHERE p.cite_id = c.id AND p.archived_at IS NULL) AS partners, \
             (SELECT COUNT(*) FROM memberships m WHERE m.cite_id = c.id AND m.role = 'referent') AS referents \
             FROM cites c ORDER BY c.name",
        )
        .fetch_all(self.reader())
        .await?)
    }

    async fn cite(&self, scope: &Scope, cite_id: CiteId) -> StoreResult<CiteRow> {
        if !scope.can_view_cite(cite_id) {
            return Err(StoreError::NotFound);
        }
        sqlx::query_as(
            "SELECT id, code, name, departement, epci, communes, label_year, co_pilots, population, \
             unemployment_rate, employment_rate, poverty_rate, defm_abc, target_publics, axes, \
             follow_up_months, referral_expiry_days, no_target_public, own_axes, archived_at \
             FROM cites WHERE id = $1",
        )
        .bind(cite_id)
        .fetch_optional(self.reader())
        .await?
        .ok_or(StoreError::NotFound)
    }

    async fn update_cite(
        &self,
        actor: &Actor,
        scope: &Scope,
        profile: &CiteProfile,
    ) -> StoreResult<()> {
        let cite_id = crate::sql::administered_cite(scope)?;
        let mut tx = self.begin_write().await?;
        let update = sqlx::query(
            "UPDATE cites
             SET name = $1, departement = $2, epci = $3, communes = $4, label_year = $5,
                 co_pilots = $6, population = $7, unemployment_rate = $8, employment_rate = $9,
                 poverty_rate = $10, defm_abc = $11, target_publics = $12, axes = $13,
                 follow_up_months = $14, referral_expiry_days = $15, no_target_public = $16,
                 own_axes = $17
             WHERE id = $18",
        );
        bind_profile(update, profile)
            .bind(cite_id)
            .execute(&mut *tx)
            .await?;
        let entry = AuditEntry::new("cite.update", "cite", Some(cite_id), Some(cite_id));
        Self::commit_audited(tx, actor, &entry).await
    }

    async fn qpvs(&self, scope: &Scope, cite_id: CiteId) -> StoreResult<Vec<QpvRow>> {
        if !scope.can_view_cite(cite_id) {
            return Err(StoreError::NotFound);
        }
        Ok(sqlx::query_as(
            "SELECT id, cite_id, code, name, communes, population FROM qpvs WHERE cite_id = $1 ORDER BY name",
        )
        .bind(cite_id)
        .fetch_all(self.reader())
        .await?)
    }

    async fn add_qpv(&self, actor: &Actor, scope: &Scope, qpv: &QpvDraft) -> StoreResult<QpvId> {
        let cite_id = crate::sql::administered_cite(scope)?;
        let mut tx = self.begin_write().await?;
        let id: QpvId = sqlx::query_scalar(
            "INSERT INTO qpvs (cite_id, code, name, communes, population) VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(cite_id)
        .bind(&qpv.code)
        .bind(&qpv.name)
        .bind(maillage_store::cites::join_codes(&qpv.communes))
        .bind(qpv.population)
        .fetch_one(&mut *tx)
        .await?;
        let entry =
            AuditEntry::new("qpv.create", "qpv", Some(id), Some(cite_id)).detail(qpv.code.clone());
        Self::commit_audited(tx, actor, &entry).await?;
        Ok(id)
    }

    async fn qpv_files(&self, scope: &Scope, qpv_id: QpvId) -> StoreResult<(QpvRow, i64)> {
        let cite_id = crate::sql::administered_cite(scope)?;
        let qpv: QpvRow = sqlx::query_as(
            "SELECT id, cite_id, code, name, communes, population FROM qpvs \
             WHERE id = $1 AND cite_id = $2",
        )
        .bind(qpv_id)
        .bind(cite_id)
        .fetch_optional(self.reader())
        .await?
        .ok_or(StoreError::NotFound)?;
        let files = Self::files_in_qpv(self.reader(), qpv_id).await?;
        Ok((qpv, files))
    }

    async fn remove_qpv(&self, actor: &Actor, scope: &Scope, qpv_id: QpvId) -> StoreResult<()> {
        let cite_id = crate::sql::administered_cite(scope)?;
        let mut tx = self.begin_write().await?;
        let files = Self::files_in_qpv(&mut *tx, qpv_id).await?;
        if let Some(message) = maillage_domain::cites::qpv_removal_refused(files) {
            return Err(StoreError::Invalid {
                field: "qpv",
                message,
            });
        }
        let done = sqlx::query("DELETE FROM qpvs WHERE id = $1 AND cite_id = $2")
            .bind(qpv_id)
            .bind(cite_id)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        let entry = AuditEntry::new("qpv.delete", "qpv", Some(qpv_id), Some(cite_id));
        Self::commit_audited(tx, actor, &entry).await
    }
}

/// Labelling and archiving Cités is the national team's.
fn national(scope: &Scope) -> StoreResult<()> {
    match scope {
        Scope::National { .. } => Ok(()),
        Scope::Cite { .. } => Err(StoreError::Forbidden),
    }
}

impl Backend {
    /// Refuses to add anything to an archived Cité (« Cité archivée »).
    pub(crate) async fn ensure_active_cite(
        tx: &mut sqlx::Transaction<'_, Db>,
        cite_id: CiteId,
    ) -> StoreResult<()> {
        let archived: Option<bool> =
            sqlx::query_scalar("SELECT archived_at IS NOT NULL FROM cites WHERE id = $1")
                .bind(cite_id)
                .fetch_optional(&mut **tx)
                .await?;
        match archived {
            None => Err(StoreError::NotFound),
            Some(true) => Err(StoreError::Invalid {
                field: "cite",
                message: maillage_domain::cites::ARCHIVED_CITE.to_owned(),
            }),
            Some(false) => Ok(()),
        }
    }

    async fn insert_cite(
        tx: &mut sqlx::Transaction<'_, Db>,
        actor: &Actor,
        code: &str,
        profile: &CiteProfile,
    ) -> StoreResult<CiteId> {
        let insert = sqlx::query(
            "INSERT INTO cites (name, departement, epci, communes, label_year, co_pilots,
                                population, unemployment_rate, employment_rate, poverty_rate,
                                defm_abc, target_publics, axes, follow_up_months,
                                referral_expiry_days, no_target_public, own_axes, code)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17,
                     $18)
             RETURNING id",
        );
        let id: CiteId = bind_profile(insert, profile)
            .bind(code)
            .fetch_one(&mut **tx)
            .await?
            .try_get(0)?;
        let entry =
            AuditEntry::new("cite.create", "cite", Some(id), Some(id)).detail(code.to_owned());
        Self::write_audit(tx, actor, &entry).await?;
        Ok(id)
    }

    async fn files_in_qpv<'e>(
        executor: impl sqlx::Executor<'e, Database = Db>,
        qpv_id: QpvId,
    ) -> StoreResult<i64> {
        Ok(
            sqlx::query_scalar("SELECT COUNT(*) FROM participants WHERE qpv_id = $1")
                .bind(qpv_id)
                .fetch_one(executor)
                .await?,
        )
    }
}
