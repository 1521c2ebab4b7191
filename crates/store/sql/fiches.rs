//! The national catalogue of innovative actions: publish, withdraw, browse,
//! reuse. Fiches hold no personal data, so every signed-in scope reads them.

use crate::{Backend, Db};
use maillage_domain::fiches::EnrolledPerson;
use maillage_domain::fiches::FicheDraft;
use maillage_domain::ids::{ActionId, CiteId, FicheId};
use maillage_domain::FieldErrors;
use maillage_store::async_trait;
use maillage_store::fiches::FicheFilters;
use maillage_store::fiches::FicheRow;
use maillage_store::fiches::FicheSort;
use maillage_store::fiches::FicheSource;
use maillage_store::fiches::MAX_SEARCH_WORDS;
use maillage_store::Actor;
use maillage_store::AuditEntry;
use maillage_store::FicheStore;
use maillage_store::Scope;
use maillage_store::StoreError;
use maillage_store::StoreResult;
use sqlx::QueryBuilder;

/// A fiche with its Cité and its reuse count; callers add the conditions.
const FICHE_SELECT: &str =
    "SELECT f.id, f.action_id, f.cite_id, c.name AS cite_name, c.departement, f.title, f.axis, \
     f.thematics, f.publics, f.description, f.partners, f.budget_cents, f.results, \
     f.contact_organisation, f.contact_role, f.contact_email, f.contact_phone, f.published_at, \
     f.updated_at, f.unpublished_at, \
     (SELECT COUNT(*) FROM actions a WHERE a.origin_fiche_id = f.id) AS reuses \
     FROM fiches f JOIN cites c ON c.id = f.cite_id ";

/// Pushes the catalogue's filters after [`FICHE_SELECT`]: published fiches,
/// then each filter that is set.
fn push_fiche_filters(query: &mut QueryBuilder<'_, Db>, filters: &FicheFilters) {
    use maillage_domain::referential;
    query.push("WHERE f.unpublished_at IS NULL");
    if let Some(code) = &filters.barrier {
        // A category finds the fiches of any of its thematics.
        let pattern = if referential::thematic_category(code).is_some() {
            format!("% {code}--%")
        } else {
            format!("% {code} %")
        };
        query
            .push(" AND (' ' || f.thematics || ' ') LIKE ")
            .push_bind(pattern);
    }
    if let Some(code) = &filters.public {
        query
            .push(" AND (' ' || f.publics || ' ') LIKE ")
            .push_bind(format!("% {code} %"));
    }
    if let Some(axis) = filters.axis {
        query.push(" AND f.axis = ").push_bind(axis);
    }
    if let Some(code) = &filters.region {
        let departements: Vec<&str> = referential::departements_of_region(code)
            .map(|d| d.code)
            .collect();
        query
            .push(" AND ")
            .push_bind(format!(" {} ", departements.join(" ")))
            .push(" LIKE ('% ' || c.departement || ' %')");
    }
    for word in filters.words.iter().take(MAX_SEARCH_WORDS) {
        query
            .push(" AND f.search_text LIKE ")
            .push_bind(format!("%{word}%"));
    }
    query.push(" ");
}

/// `(first name, last name, e-mail, phone)` of a person enrolled in the
/// action or met at one of its sessions.
pub type EnrolledRow = (String, String, Option<String>, Option<String>);

/// The first problem of a refused fiche, as a store error for its form field.
pub fn personal_data_refusal(errors: &FieldErrors) -> StoreError {
    let (field, message) = errors.iter().next().unwrap_or(("description", ""));
    StoreError::Invalid {
        field,
        message: message.to_owned(),
    }
}

impl Backend {
    /// The persons a fiche must not name, read inside the publishing
    /// transaction; never shown, never stored.
    pub(crate) async fn enrolled_in_action(
        tx: &mut sqlx::Transaction<'_, Db>,
        action_id: ActionId,
    ) -> StoreResult<Vec<EnrolledPerson>> {
        let rows: Vec<crate::sql::fiches::EnrolledRow> = sqlx::query_as(
            "SELECT p.first_name, p.last_name, p.email, p.phone FROM participants p WHERE p.id IN \
             (SELECT e.participant_id FROM enrolments e WHERE e.action_id = $1 \
             UNION SELECT sp.participant_id FROM action_session_participants sp \
             JOIN action_sessions s ON s.id = sp.session_id WHERE s.action_id = $1)",
        )
        .bind(action_id)
        .fetch_all(&mut **tx)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(first_name, last_name, email, phone)| EnrolledPerson {
                first_name,
                last_name,
                email,
                phone,
            })
            .collect())
    }

    /// A title the Cité does not use yet: the fiche's, or « titre (2) »…
    pub(crate) async fn free_action_title(
        tx: &mut sqlx::Transaction<'_, Db>,
        cite_id: CiteId,
        title: &str,
    ) -> StoreResult<String> {
        let mut candidate = title.to_owned();
        for n in 2.. {
            let taken: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM actions WHERE cite_id = $1 AND title = $2",
            )
            .bind(cite_id)
            .bind(&candidate)
            .fetch_one(&mut **tx)
            .await?;
            if taken == 0 {
                break;
            }
            candidate = format!("{title} ({n})");
        }
        Ok(candidate)
    }
}

#[async_trait]
impl FicheStore for Backend {
    async fn publish_fiche(
        &self,
        actor: &Actor,
        scope: &Scope,
        action_id: ActionId,
        fiche: &FicheDraft,
    ) -> StoreResult<FicheId> {
        let cite_id = crate::sql::administered_cite(scope)?;
        let mut tx = self.begin_write().await?;
        let cite_name: String = sqlx::query_scalar(
            "SELECT c.name FROM actions a JOIN cites c ON c.id = a.cite_id WHERE a.id = $1 AND a.cite_id = $2",
        )
        .bind(action_id)
        .bind(cite_id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StoreError::NotFound)?;
        let enrolled = Self::enrolled_in_action(&mut tx, action_id).await?;
        fiche
            .check_no_personal_data(&enrolled)
            .map_err(|errors| crate::sql::fiches::personal_data_refusal(&errors))?;
        let existing: Option<FicheId> =
            sqlx::query_scalar("SELECT id FROM fiches WHERE action_id = $1")
                .bind(action_id)
                .fetch_optional(&mut *tx)
                .await?;
        let now = actor.at;
        let sql = if existing.is_some() {
            "UPDATE fiches SET title = $2, axis = $3, thematics = $4, publics = $5, description = $6, \
             partners = $7, budget_cents = $8, results = $9, contact_organisation = $10, contact_role = $11, \
             contact_email = $12, contact_phone = $13, search_text = $14, updated_at = $15, \
             published_by = COALESCE(published_by, $16), unpublished_at = NULL \
             WHERE action_id = $1 AND cite_id = $17 RETURNING id"
        } else {
            "INSERT INTO fiches (action_id, title, axis, thematics, publics, description, partners, \
             budget_cents, results, contact_organisation, contact_role, contact_email, contact_phone, \
             search_text, published_at, updated_at, published_by, cite_id) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15, $16, $17) \
             RETURNING id"
        };
        let id: FicheId = sqlx::query_scalar(sql)
            .bind(action_id)
            .bind(&fiche.title)
            .bind(fiche.axis)
            .bind(fiche.thematics.join(" "))
            .bind(fiche.publics.join(" "))
            .bind(&fiche.description)
            .bind(fiche.partners.join("\n"))
            .bind(fiche.budget_cents)
            .bind(&fiche.results)
            .bind(&fiche.contact.organisation)
            .bind(&fiche.contact.role)
            .bind(&fiche.contact.email)
            .bind(&fiche.contact.phone)
            .bind(fiche.search_text(&cite_name))
            .bind(now)
            .bind(actor.user_id)
            .bind(cite_id)
            .fetch_one(&mut *tx)
            .await?;
        let action = if existing.is_some() {
            "fiche.update"
        } else {
            "fiche.publish"
        };
        let entry =
            AuditEntry::new(action, "fiche", Some(id), Some(cite_id)).detail(fiche.title.clone());
        Self::commit_audited(tx, actor, &entry).await?;
        Ok(id)
    }

    async fn unpublish_fiche(
        &self,
        actor: &Actor,
        scope: &Scope,
        fiche_id: FicheId,
    ) -> StoreResult<()> {
        let cite_id = crate::sql::administered_cite(scope)?;
        let mut tx = self.begin_write().await?;
        let done = sqlx::query(
            "UPDATE fiches SET unpublished_at = $1 WHERE id = $2 AND cite_id = $3 AND unpublished_at IS NULL",
        )
        .bind(actor.at)
        .bind(fiche_id)
        .bind(cite_id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        let entry = AuditEntry::new("fiche.unpublish", "fiche", Some(fiche_id), Some(cite_id));
        Self::commit_audited(tx, actor, &entry).await
    }

    async fn fiches(
        &self,
        // Every signed-in scope reads the whole catalogue: it holds no personal data.
        _scope: &Scope,
        filters: &FicheFilters,
    ) -> StoreResult<Vec<FicheRow>> {
        let mut query = QueryBuilder::new(FICHE_SELECT);
        push_fiche_filters(&mut query, filters);
        query.push(match filters.sort {
            FicheSort::Recent => "ORDER BY f.published_at DESC, f.id DESC",
            FicheSort::Reuses => "ORDER BY reuses DESC, f.published_at DESC, f.id DESC",
            // The folded text starts with the folded title: « Épicerie »
            // sorts with the e, not after the z.
            FicheSort::Title => "ORDER BY f.search_text, f.id",
        });
        Ok(query.build_query_as().fetch_all(self.reader()).await?)
    }

    async fn fiche(&self, _scope: &Scope, fiche_id: FicheId) -> StoreResult<FicheRow> {
        let mut query = QueryBuilder::new(FICHE_SELECT);
        query
            .push("WHERE f.unpublished_at IS NULL AND f.id = ")
            .push_bind(fiche_id);
        query
            .build_query_as()
            .fetch_optional(self.reader())
            .await?
            .ok_or(StoreError::NotFound)
    }

    async fn fiche_source(&self, scope: &Scope, action_id: ActionId) -> StoreResult<FicheSource> {
        let cite_id = crate::sql::administered_cite(scope)?;
        sqlx::query_as(
            "SELECT a.id AS action_id, a.title, a.axis, a.thematics, a.publics, \
             COALESCE(a.description, '') AS description, a.planned_budget_cents, a.results, \
             p.name AS carrier_name, c.name AS cite_name, f.id AS fiche_id \
             FROM actions a JOIN cites c ON c.id = a.cite_id \
             LEFT JOIN partners p ON p.id = a.carrier_partner_id \
             LEFT JOIN fiches f ON f.action_id = a.id \
             WHERE a.id = $1 AND a.cite_id = $2",
        )
        .bind(action_id)
        .bind(cite_id)
        .fetch_optional(self.reader())
        .await?
        .ok_or(StoreError::NotFound)
    }

    async fn fiche_of_action(
        &self,
        scope: &Scope,
        action_id: ActionId,
    ) -> StoreResult<Option<FicheRow>> {
        let cite_id = crate::sql::administered_cite(scope)?;
        let mut query = QueryBuilder::new(FICHE_SELECT);
        query
            .push("WHERE f.action_id = ")
            .push_bind(action_id)
            .push(" AND f.cite_id = ")
            .push_bind(cite_id);
        Ok(query.build_query_as().fetch_optional(self.reader()).await?)
    }

    async fn origin_fiche(
        &self,
        scope: &Scope,
        action_id: ActionId,
    ) -> StoreResult<Option<FicheRow>> {
        let cite_id = crate::sql::member_cite(scope)?;
        let mut query = QueryBuilder::new(FICHE_SELECT);
        query
            .push("WHERE f.id = (SELECT o.origin_fiche_id FROM actions o WHERE o.id = ")
            .push_bind(action_id)
            .push(" AND o.cite_id = ")
            .push_bind(cite_id)
            .push(")");
        Ok(query.build_query_as().fetch_optional(self.reader()).await?)
    }

    async fn reuses_in_cite(
        &self,
        scope: &Scope,
        fiche_id: FicheId,
    ) -> StoreResult<Vec<(ActionId, String)>> {
        let cite_id = crate::sql::member_cite(scope)?;
        Ok(sqlx::query_as(
            "SELECT id, title FROM actions WHERE cite_id = $1 AND origin_fiche_id = $2 ORDER BY id",
        )
        .bind(cite_id)
        .bind(fiche_id)
        .fetch_all(self.reader())
        .await?)
    }

    async fn reuse_fiche(
        &self,
        actor: &Actor,
        scope: &Scope,
        fiche_id: FicheId,
        today: chrono::NaiveDate,
    ) -> StoreResult<ActionId> {
        let cite_id = crate::sql::administered_cite(scope)?;
        let mut tx = self.begin_write().await?;
        let origin: Option<ReusedFiche> = sqlx::query_as(
            "SELECT f.cite_id, f.title, f.axis, f.thematics, f.publics, f.description, \
                    f.budget_cents, a.capacity, a.priority_rule \
             FROM fiches f JOIN actions a ON a.id = f.action_id \
             WHERE f.id = $1 AND f.unpublished_at IS NULL",
        )
        .bind(fiche_id)
        .fetch_optional(&mut *tx)
        .await?;
        let origin = origin.ok_or(StoreError::NotFound)?;
        let origin_cite = origin.cite_id;
        if origin_cite == cite_id {
            return Err(StoreError::Invalid {
                field: "fiche",
                message: "Cette fiche vient de votre Cité : l'action y existe déjà.".to_owned(),
            });
        }
        // Reused already: the Cité's copy, not a second identical draft.
        let existing: Option<ActionId> = sqlx::query_scalar(
            "SELECT id FROM actions WHERE cite_id = $1 AND origin_fiche_id = $2 ORDER BY id LIMIT 1",
        )
        .bind(cite_id)
        .bind(fiche_id)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(action_id) = existing {
            return Ok(action_id);
        }
        let title = Self::free_action_title(&mut tx, cite_id, &origin.title).await?;
        let now = actor.at;
        // Its places and priority rule come along: they are what makes it work.
        let action_id: ActionId = sqlx::query_scalar(
            "INSERT INTO actions (cite_id, axis, innovative, title, thematics, publics, starts_on, \
             planned_budget_cents, description, status, created_at, updated_at, origin_fiche_id, \
             capacity, priority_rule) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'draft', $10, $10, $11, $12, $13) RETURNING id",
        )
        .bind(cite_id)
        .bind(&origin.axis)
        .bind(true)
        .bind(&title)
        .bind(&origin.thematics)
        .bind(&origin.publics)
        .bind(today)
        .bind(origin.budget_cents)
        .bind(&origin.description)
        .bind(now)
        .bind(fiche_id)
        .bind(origin.capacity)
        .bind(origin.priority_rule)
        .fetch_one(&mut *tx)
        .await?;
        // So do the indicators it measures itself by; the figures stay its own.
        sqlx::query(
            "INSERT INTO action_indicators (action_id, cite_id, label, source, position, created_at)
             SELECT $1, $2, i.label, i.source, i.position, $3
             FROM action_indicators i
             JOIN fiches f ON f.action_id = i.action_id
             WHERE f.id = $4",
        )
        .bind(action_id)
        .bind(cite_id)
        .bind(now)
        .bind(fiche_id)
        .execute(&mut *tx)
        .await?;
        let entry = AuditEntry::new("fiche.reuse", "action", Some(action_id), Some(cite_id))
            .detail(format!("{title} (fiche n° {fiche_id})"));
        Self::commit_audited(tx, actor, &entry).await?;
        Ok(action_id)
    }
}

/// What a reuse copies from a fiche and the action it was published from.
#[derive(sqlx::FromRow)]
struct ReusedFiche {
    cite_id: CiteId,
    title: String,
    axis: String,
    thematics: String,
    publics: String,
    description: String,
    budget_cents: Option<i64>,
    capacity: Option<i32>,
    priority_rule: maillage_domain::actions::PriorityRule,
}
