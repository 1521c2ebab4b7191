//! Shared SQL of the Cité's actions and their collective sessions; places
//! and waiting lists are in [`super::enrolments`].

use super::participants::Viewer;
use crate::{Backend, Db};
use maillage_store::async_trait;
use sqlx::QueryBuilder;

use maillage_domain::actions::ActionDraft;
use maillage_domain::actions::EnrolmentDraft;
use maillage_domain::actions::SeanceDraft;
use maillage_domain::ids::{ActionId, CiteId, EnrolmentId, SeanceId};
use maillage_store::actions::ActionFilter;
use maillage_store::actions::ActionRow;
use maillage_store::actions::Enrolled;
use maillage_store::actions::Enrolments;
use maillage_store::actions::SeanceRow;
use maillage_store::ActionStore;
use maillage_store::Actor;
use maillage_store::AuditEntry;
use maillage_store::Scope;
use maillage_store::StoreError;
use maillage_store::StoreResult;

/// The carrier partner must be one of the Cité's.
pub fn bad_carrier() -> StoreError {
    super::participants::invalid("carrier_partner_id", "Choisissez un partenaire de la Cité.")
}

/// A linked person must be one the user follows.
pub fn bad_linked_person() -> StoreError {
    super::participants::invalid(
        "participant_ids",
        "Choisissez des personnes que vous suivez.",
    )
}

/// An action with its carrier's name and its places taken and waiting.
const ACTION_SELECT: &str = "SELECT a.id, a.cite_id, a.axis, a.innovative, a.title, a.carrier_partner_id, \
     p.name AS carrier_partner_name, a.thematics, a.publics, a.starts_on, a.ends_on, \
     a.planned_budget_cents, a.description, a.status, a.results, a.capacity, a.priority_rule, a.cite_axis, \
     (SELECT COUNT(*) FROM enrolments e WHERE e.action_id = a.id AND e.status = 'placed') AS places_taken, \
     (SELECT COUNT(*) FROM enrolments e WHERE e.action_id = a.id AND e.status = 'waiting') AS waiting, \
     (SELECT COUNT(*) FROM enrolments e WHERE e.action_id = a.id AND e.status = 'waiting' \
      AND e.single_parent) AS waiting_single_parents, \
     (SELECT COUNT(*) FROM enrolments e WHERE e.action_id = a.id AND e.status = 'waiting' \
      AND e.qpv_resident) AS waiting_qpv_residents \
     FROM actions a LEFT JOIN partners p ON p.id = a.carrier_partner_id ";

impl Backend {
    /// Binds the action's fields as `$1` to `$15`.
    pub(crate) fn bind_action<'q>(
        query: sqlx::query::QueryAs<
            'q,
            Db,
            crate::sql::enrolments::LockedAction,
            <Db as sqlx::Database>::Arguments<'q>,
        >,
        action: &'q ActionDraft,
    ) -> sqlx::query::QueryAs<
        'q,
        Db,
        crate::sql::enrolments::LockedAction,
        <Db as sqlx::Database>::Arguments<'q>,
    > {
        query
            .bind(action.axis)
            .bind(action.innovative)
            .bind(&action.title)
            .bind(action.carrier_partner_id)
            .bind(action.thematics.join(" "))
            .bind(action.publics.join(" "))
            .bind(action.starts_on)
            .bind(action.ends_on)
            .bind(action.planned_budget_cents)
            .bind(&action.description)
            .bind(action.status)
            .bind(&action.results)
            .bind(action.capacity)
            .bind(action.priority_rule)
            .bind(&action.cite_axis)
    }

    pub(crate) async fn insert_action(
        &self,
        actor: &Actor,
        cite_id: CiteId,
        action: &ActionDraft,
    ) -> StoreResult<ActionId> {
        let mut tx = self.begin_write().await?;
        let id = Self::insert_action_in(&mut tx, actor, cite_id, action).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Inserts an action and its audit row inside the caller's transaction
    /// (an accepted application becomes one with its decision).
    pub(crate) async fn insert_action_in(
        tx: &mut sqlx::Transaction<'_, Db>,
        actor: &Actor,
        cite_id: CiteId,
        action: &ActionDraft,
    ) -> StoreResult<ActionId> {
        // The action's fields are $1 to $15, as in the update.
        let query = sqlx::query_as(
            "INSERT INTO actions (axis, innovative, title, carrier_partner_id, thematics, publics, starts_on, \
             ends_on, planned_budget_cents, description, status, results, capacity, priority_rule, cite_axis, \
             cite_id, created_at, updated_at) \
             SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17 \
             WHERE $4 IS NULL OR EXISTS (SELECT 1 FROM partners WHERE id = $4 AND cite_id = $16) \
             RETURNING id, title, carrier_partner_id, starts_on, status, capacity, priority_rule",
        );
        let id = Self::bind_action(query, action)
            .bind(cite_id)
            .bind(actor.at)
            .fetch_optional(&mut **tx)
            .await?
            .ok_or_else(crate::sql::actions::bad_carrier)?
            .id;
        let entry = AuditEntry::new("action.create", "action", Some(id), Some(cite_id))
            .detail(action.title.clone());
        Self::write_audit(tx, actor, &entry).await?;
        Ok(id)
    }
}

#[async_trait]
impl ActionStore for Backend {
    async fn actions(&self, scope: &Scope, filter: &ActionFilter) -> StoreResult<Vec<ActionRow>> {
        let cite_id = crate::sql::member_cite(scope)?;
        let mut query = QueryBuilder::new(ACTION_SELECT);
        query.push("WHERE a.cite_id = ").push_bind(cite_id);
        if let Some(axis) = filter.axis {
            query.push(" AND a.axis = ").push_bind(axis);
        }
        if let Some(status) = filter.status {
            query.push(" AND a.status = ").push_bind(status);
        }
        query.push(" ORDER BY a.starts_on DESC, a.title");
        Ok(query.build_query_as().fetch_all(self.reader()).await?)
    }

    async fn action(&self, scope: &Scope, action_id: ActionId) -> StoreResult<ActionRow> {
        let cite_id = crate::sql::member_cite(scope)?;
        let mut query = QueryBuilder::new(ACTION_SELECT);
        query
            .push("WHERE a.id = ")
            .push_bind(action_id)
            .push(" AND a.cite_id = ")
            .push_bind(cite_id);
        query
            .build_query_as()
            .fetch_optional(self.reader())
            .await?
            .ok_or(StoreError::NotFound)
    }

    async fn create_action(
        &self,
        actor: &Actor,
        scope: &Scope,
        action: &ActionDraft,
    ) -> StoreResult<ActionId> {
        let cite_id = crate::sql::administered_cite(scope)?;
        self.insert_action(actor, cite_id, action).await
    }

    async fn create_action_in(
        &self,
        actor: &Actor,
        cite_id: CiteId,
        action: &ActionDraft,
    ) -> StoreResult<ActionId> {
        self.insert_action(actor, cite_id, action).await
    }

    async fn update_action(
        &self,
        actor: &Actor,
        scope: &Scope,
        action_id: ActionId,
        action: &ActionDraft,
    ) -> StoreResult<()> {
        let cite_id = crate::sql::administered_cite(scope)?;
        let mut tx = self.begin_write().await?;
        Self::lock_action(&mut tx, actor.at, cite_id, action_id).await?;
        let taken = Self::places_taken(&mut tx, action_id).await?;
        maillage_domain::actions::check_capacity(action.capacity, taken).map_err(|message| {
            StoreError::Invalid {
                field: "capacity",
                message,
            }
        })?;
        let query = sqlx::query_as(
            "UPDATE actions SET axis = $1, innovative = $2, title = $3, carrier_partner_id = $4, thematics = $5, \
             publics = $6, starts_on = $7, ends_on = $8, planned_budget_cents = $9, description = $10, status = $11, \
             results = $12, capacity = $13, priority_rule = $14, cite_axis = $15, updated_at = $16 \
             WHERE id = $17 AND ($4 IS NULL OR EXISTS (SELECT 1 FROM partners WHERE id = $4 AND cite_id = $18)) \
             RETURNING id, title, carrier_partner_id, starts_on, status, capacity, priority_rule",
        );
        let updated = Self::bind_action(query, action)
            .bind(actor.at)
            .bind(action_id)
            .bind(cite_id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or_else(crate::sql::actions::bad_carrier)?;
        // More places (or none limited now) go to the waiting list at once.
        let placed = Self::fill_places(&mut tx, &updated, actor.today()).await?;
        Self::touch_in_order(&mut tx, actor, cite_id, placed).await?;
        let entry = AuditEntry::new("action.update", "action", Some(action_id), Some(cite_id))
            .detail(action.title.clone());
        Self::commit_audited(tx, actor, &entry).await
    }

    async fn seances(&self, scope: &Scope, action_id: ActionId) -> StoreResult<Vec<SeanceRow>> {
        self.list_seances(scope, action_id).await
    }

    async fn seance_action(&self, scope: &Scope, seance_id: SeanceId) -> StoreResult<ActionId> {
        let cite_id = crate::sql::member_cite(scope)?;
        sqlx::query_scalar(
            "SELECT s.action_id FROM action_sessions s JOIN actions a ON a.id = s.action_id WHERE s.id = $1 AND a.cite_id = $2",
        )
        .bind(seance_id)
        .bind(cite_id)
        .fetch_optional(self.reader())
        .await?
        .ok_or(StoreError::NotFound)
    }

    async fn add_seance(
        &self,
        actor: &Actor,
        scope: &Scope,
        action_id: ActionId,
        seance: &SeanceDraft,
    ) -> StoreResult<SeanceId> {
        let cite_id = Viewer::of(scope)?.cite_id;
        let mut tx = self.begin_write().await?;
        let id = Self::insert_seance(&mut tx, actor, cite_id, action_id, seance).await?;
        Self::link_persons(&mut tx, actor, scope, id, &seance.participant_ids).await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn update_seance(
        &self,
        actor: &Actor,
        scope: &Scope,
        seance_id: SeanceId,
        seance: &SeanceDraft,
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        Self::rewrite_seance(&mut tx, actor, scope, seance_id, seance).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn delete_seance(
        &self,
        actor: &Actor,
        scope: &Scope,
        seance_id: SeanceId,
    ) -> StoreResult<()> {
        let cite_id = crate::sql::administered_cite(scope)?;
        let mut tx = self.begin_write().await?;
        let done = sqlx::query(
            "DELETE FROM action_sessions WHERE id = $1 AND action_id IN (SELECT id FROM actions WHERE cite_id = $2)",
        )
        .bind(seance_id)
        .bind(cite_id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        let entry = AuditEntry::new(
            "action.session.delete",
            "action_session",
            Some(seance_id),
            Some(cite_id),
        );
        Self::commit_audited(tx, actor, &entry).await
    }

    async fn add_anonymous_seance_in(
        &self,
        actor: &Actor,
        cite_id: CiteId,
        action_id: ActionId,
        seance: &SeanceDraft,
    ) -> StoreResult<SeanceId> {
        if !seance.participant_ids.is_empty() {
            return Err(crate::sql::actions::bad_linked_person());
        }
        let mut tx = self.begin_write().await?;
        let id = Self::insert_seance(&mut tx, actor, cite_id, action_id, seance).await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn enrolments(&self, scope: &Scope, action_id: ActionId) -> StoreResult<Enrolments> {
        self.list_enrolments(scope, action_id).await
    }

    async fn enrol(
        &self,
        actor: &Actor,
        scope: &Scope,
        action_id: ActionId,
        enrolment: &EnrolmentDraft,
    ) -> StoreResult<Enrolled> {
        let mut tx = self.begin_write().await?;
        let enrolled = Self::enrol_in_tx(&mut tx, actor, scope, action_id, enrolment).await?;
        tx.commit().await?;
        Ok(enrolled)
    }

    async fn release(
        &self,
        actor: &Actor,
        scope: &Scope,
        action_id: ActionId,
        enrolment_id: EnrolmentId,
    ) -> StoreResult<Option<EnrolmentId>> {
        let mut tx = self.begin_write().await?;
        let placed = Self::release_in_tx(&mut tx, actor, scope, action_id, enrolment_id).await?;
        tx.commit().await?;
        Ok(placed)
    }
}
