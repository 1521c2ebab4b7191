//! The network's events' shared SQL: written by the national team,
//! registered for by the Cités' staff until they start, their attendance
//! recorded from their day on (the rules of `domain::governance`'s
//! meetings: `replies_open`, `attendance_open`).

use std::collections::BTreeMap;

use crate::{Backend, Db};
use chrono::{DateTime, Utc};
use maillage_domain::accounts::Role;
use maillage_domain::governance::{attendance_open, replies_open};
use maillage_domain::ids::{NetworkEventId, RegistrationId, UserId};
use maillage_domain::network::{registers_for_events, EventDraft};
use maillage_store::async_trait;
use maillage_store::network::{CiteRegistrationsRow, EventList, EventRow, RegistrationRow};
use maillage_store::{Actor, AuditEntry, NetworkEventStore, Scope, StoreError, StoreResult};
use sqlx::QueryBuilder;

use super::calls::refused;
use super::network::network_reader;

/// Only the national team writes events and reads their sheets.
fn national(scope: &Scope) -> StoreResult<()> {
    match scope.role() {
        Role::National => Ok(()),
        _ => Err(StoreError::Forbidden),
    }
}

/// Events with their counts and whether `$1` (the reader) is registered;
/// the caller adds its conditions.
const EVENT_SELECT: &str = "SELECT e.id, e.kind, e.title, e.theme, e.starts_at, e.ends_at,
        e.place, e.video_url, e.capacity, e.attendance_recorded_at,
        (SELECT COUNT(*) FROM network_registrations r WHERE r.event_id = e.id) AS registered,
        (SELECT COUNT(*) FROM network_registrations r
         WHERE r.event_id = e.id AND r.attended = TRUE) AS attended,
        EXISTS (SELECT 1 FROM network_registrations r
                WHERE r.event_id = e.id AND r.user_id = ";

fn events_query<'a>(reader: UserId) -> QueryBuilder<'a, Db> {
    let mut query = QueryBuilder::new(EVENT_SELECT);
    query
        .push_bind(reader)
        .push(") AS mine FROM network_events e WHERE 1 = 1");
    query
}

fn event_audit(action: &'static str, id: NetworkEventId, scope: &Scope, title: &str) -> AuditEntry {
    AuditEntry::new(action, "network_event", Some(id), scope.cite_id())
        .detail(format!("événement du réseau : {title}"))
}

const STARTED: &str = "L'événement a commencé : les inscriptions sont closes.";

impl Backend {
    /// The event, locked for a change (its row is touched in `tx`).
    async fn lock_event(
        tx: &mut sqlx::Transaction<'_, Db>,
        id: NetworkEventId,
    ) -> StoreResult<(String, DateTime<Utc>, Option<i32>)> {
        sqlx::query_as(
            "UPDATE network_events SET updated_at = updated_at WHERE id = $1
             RETURNING title, starts_at, capacity",
        )
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or(StoreError::NotFound)
    }

    /// The event, locked, while it has not started; else `Invalid` on
    /// `field` with `message`.
    async fn lock_open_event(
        tx: &mut sqlx::Transaction<'_, Db>,
        id: NetworkEventId,
        now: DateTime<Utc>,
        field: &'static str,
        message: &str,
    ) -> StoreResult<(String, Option<i32>)> {
        let (title, starts_at, capacity) = Self::lock_event(tx, id).await?;
        match replies_open(starts_at, now) {
            true => Ok((title, capacity)),
            false => Err(refused(field, message)),
        }
    }

    async fn registered_count(
        tx: &mut sqlx::Transaction<'_, Db>,
        id: NetworkEventId,
    ) -> StoreResult<i64> {
        Ok(
            sqlx::query_scalar("SELECT COUNT(*) FROM network_registrations WHERE event_id = $1")
                .bind(id)
                .fetch_one(&mut **tx)
                .await?,
        )
    }
}

type EventQuery<'q> =
    sqlx::query::QueryScalar<'q, Db, NetworkEventId, <Db as sqlx::Database>::Arguments<'q>>;

/// The event's fields bound as `$1` to `$8`, as both the insert and the
/// update name them.
fn with_draft<'q>(query: EventQuery<'q>, draft: &'q EventDraft) -> EventQuery<'q> {
    query
        .bind(draft.kind)
        .bind(&draft.title)
        .bind(draft.theme)
        .bind(draft.starts_at)
        .bind(draft.ends_at)
        .bind(&draft.place)
        .bind(&draft.video_url)
        .bind(draft.capacity.map(|c| i32::try_from(c).unwrap_or(i32::MAX)))
}

#[async_trait]
impl NetworkEventStore for Backend {
    async fn create_event(
        &self,
        actor: &Actor,
        scope: &Scope,
        draft: &EventDraft,
    ) -> StoreResult<NetworkEventId> {
        national(scope)?;
        let mut tx = self.begin_write().await?;
        let insert = sqlx::query_scalar(
            "INSERT INTO network_events (kind, title, theme, starts_at, ends_at, place, video_url,
                 capacity, created_by, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id",
        );
        let id: NetworkEventId = with_draft(insert, draft)
            .bind(scope.user_id())
            .bind(actor.at)
            .fetch_one(&mut *tx)
            .await?;
        let entry = event_audit("network.event_create", id, scope, &draft.title);
        Self::commit_audited(tx, actor, &entry).await?;
        Ok(id)
    }

    async fn update_event(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: NetworkEventId,
        draft: &EventDraft,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        national(scope)?;
        let mut tx = self.begin_write().await?;
        Self::lock_open_event(
            &mut tx,
            id,
            now,
            "date",
            "L'événement a commencé : il ne se modifie plus, seules les présences s'enregistrent.",
        )
        .await?;
        let registered = Self::registered_count(&mut tx, id).await?;
        if draft.capacity.is_some_and(|c| i64::from(c) < registered) {
            return Err(refused(
                "capacity",
                format!("{registered} personnes sont déjà inscrites : la capacité ne peut pas être inférieure."),
            ));
        }
        let update = sqlx::query_scalar(
            "UPDATE network_events SET kind = $1, title = $2, theme = $3, starts_at = $4,
                 ends_at = $5, place = $6, video_url = $7, capacity = $8, updated_at = $9
             WHERE id = $10 RETURNING id",
        );
        with_draft(update, draft)
            .bind(actor.at)
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
        let entry = event_audit("network.event_update", id, scope, &draft.title);
        Self::commit_audited(tx, actor, &entry).await
    }

    async fn network_event(&self, scope: &Scope, id: NetworkEventId) -> StoreResult<EventRow> {
        network_reader(scope)?;
        let mut query = events_query(scope.user_id());
        query.push(" AND e.id = ").push_bind(id);
        query
            .build_query_as()
            .fetch_optional(self.reader())
            .await?
            .ok_or(StoreError::NotFound)
    }

    async fn network_events(
        &self,
        scope: &Scope,
        list: EventList,
        now: DateTime<Utc>,
        limit: i64,
    ) -> StoreResult<Vec<EventRow>> {
        network_reader(scope)?;
        let mut query = events_query(scope.user_id());
        match list {
            EventList::Upcoming => query
                .push(" AND e.starts_at > ")
                .push_bind(now)
                .push(" ORDER BY e.starts_at, e.id"),
            EventList::Past => query
                .push(" AND e.starts_at <= ")
                .push_bind(now)
                .push(" ORDER BY e.starts_at DESC, e.id DESC"),
            EventList::Mine => query
                .push(
                    " AND EXISTS (SELECT 1 FROM network_registrations r
                     WHERE r.event_id = e.id AND r.user_id = ",
                )
                .push_bind(scope.user_id())
                .push(") ORDER BY e.starts_at, e.id"),
        };
        query.push(" LIMIT ").push_bind(limit);
        Ok(query.build_query_as().fetch_all(self.reader()).await?)
    }

    async fn register_for_event(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: NetworkEventId,
        now: DateTime<Utc>,
    ) -> StoreResult<RegistrationId> {
        network_reader(scope)?;
        let cite_id = match (registers_for_events(scope.role()), scope.cite_id()) {
            (true, Some(cite_id)) => cite_id,
            _ => return Err(StoreError::Forbidden),
        };
        let mut tx = self.begin_write().await?;
        let (title, capacity) =
            Self::lock_open_event(&mut tx, id, now, "inscription", STARTED).await?;
        let registered = Self::registered_count(&mut tx, id).await?;
        if capacity.is_some_and(|c| registered >= i64::from(c)) {
            return Err(StoreError::Conflict {
                field: "inscription",
                message: "L'événement est complet : il ne reste plus de place.".into(),
            });
        }
        let registration: Option<RegistrationId> = sqlx::query_scalar(
            "INSERT INTO network_registrations (event_id, user_id, cite_id, registered_at)
             VALUES ($1, $2, $3, $4) ON CONFLICT (event_id, user_id) DO NOTHING RETURNING id",
        )
        .bind(id)
        .bind(scope.user_id())
        .bind(cite_id)
        .bind(actor.at)
        .fetch_optional(&mut *tx)
        .await?;
        let registration = registration.ok_or_else(|| StoreError::Conflict {
            field: "inscription",
            message: "Vous êtes déjà inscrit à cet événement.".into(),
        })?;
        let entry = event_audit("network.register", id, scope, &title);
        Self::commit_audited(tx, actor, &entry).await?;
        Ok(registration)
    }

    async fn unregister_from_event(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: NetworkEventId,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        network_reader(scope)?;
        let mut tx = self.begin_write().await?;
        let (title, _) = Self::lock_open_event(&mut tx, id, now, "inscription", STARTED).await?;
        let deleted =
            sqlx::query("DELETE FROM network_registrations WHERE event_id = $1 AND user_id = $2")
                .bind(id)
                .bind(scope.user_id())
                .execute(&mut *tx)
                .await?;
        if deleted.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        let entry = event_audit("network.unregister", id, scope, &title);
        Self::commit_audited(tx, actor, &entry).await
    }

    async fn event_registrations(
        &self,
        scope: &Scope,
        id: NetworkEventId,
    ) -> StoreResult<Vec<RegistrationRow>> {
        national(scope).map_err(|_| StoreError::NotFound)?;
        self.network_event(scope, id).await?;
        let mut rows: Vec<RegistrationRow> = sqlx::query_as(
            "SELECT r.id, u.name, c.name AS cite_name, p.name AS partner, m.role, r.attended
             FROM network_registrations r JOIN users u ON u.id = r.user_id
             JOIN cites c ON c.id = r.cite_id
             JOIN memberships m ON m.user_id = r.user_id AND m.cite_id = r.cite_id
             LEFT JOIN partners p ON p.id = m.partner_id
             WHERE r.event_id = $1",
        )
        .bind(id)
        .fetch_all(self.reader())
        .await?;
        // Folded in Rust: the same order on both backends.
        use maillage_domain::text::fold;
        rows.sort_by_key(|r| (fold(&r.cite_name), fold(&r.name), r.id));
        Ok(rows)
    }

    async fn record_event_attendance(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: NetworkEventId,
        sheet: &[(RegistrationId, bool)],
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        national(scope)?;
        let mut tx = self.begin_write().await?;
        let (title, starts_at, _) = Self::lock_event(&mut tx, id).await?;
        if !attendance_open(starts_at, now) {
            return Err(refused(
                "attendance",
                "Les présences s'enregistrent à partir du jour de l'événement.",
            ));
        }
        let ids: Vec<RegistrationId> =
            sqlx::query_scalar("SELECT id FROM network_registrations WHERE event_id = $1")
                .bind(id)
                .fetch_all(&mut *tx)
                .await?;
        let sent: BTreeMap<RegistrationId, bool> = sheet.iter().copied().collect();
        if sent.len() != sheet.len()
            || sent.len() != ids.len()
            || !ids.iter().all(|id| sent.contains_key(id))
        {
            return Err(refused(
                "attendance",
                "La feuille de présence envoyée ne correspond plus aux inscriptions. Rechargez la page et recommencez.",
            ));
        }
        for (registration, attended) in &sent {
            sqlx::query("UPDATE network_registrations SET attended = $1 WHERE id = $2")
                .bind(*attended)
                .bind(*registration)
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query("UPDATE network_events SET attendance_recorded_at = $1 WHERE id = $2")
            .bind(actor.at)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let present = sent.values().filter(|a| **a).count();
        let entry = event_audit("network.attendance", id, scope, &title).detail(format!(
            "présences de « {title} » : {present} sur {}",
            sent.len()
        ));
        Self::commit_audited(tx, actor, &entry).await
    }

    async fn registrations_by_cite(
        &self,
        scope: &Scope,
        since: DateTime<Utc>,
    ) -> StoreResult<Vec<CiteRegistrationsRow>> {
        national(scope).map_err(|_| StoreError::NotFound)?;
        let mut rows: Vec<CiteRegistrationsRow> = sqlx::query_as(
            "SELECT c.id AS cite_id, c.name AS cite_name,
                 COUNT(r.id) AS registrations,
                 COUNT(CASE WHEN r.attended = TRUE THEN 1 END) AS attended
             FROM cites c
             LEFT JOIN network_registrations r ON r.cite_id = c.id
                 AND r.event_id IN (SELECT id FROM network_events WHERE starts_at >= $1)
             WHERE c.archived_at IS NULL
             GROUP BY c.id, c.name",
        )
        .bind(since)
        .fetch_all(self.reader())
        .await?;
        use maillage_domain::text::fold;
        rows.sort_by_key(|r| (fold(&r.cite_name), r.cite_id));
        Ok(rows)
    }
}
