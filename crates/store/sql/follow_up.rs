use super::participants::Viewer;
use crate::{Backend, Db};
use maillage_domain::ids::{ParticipantId, UserId};
use maillage_domain::participants::indicators::BarrierCount;
use maillage_domain::participants::indicators::OutcomeCount;
use maillage_store::async_trait;
use maillage_store::follow_up::CiteCounts;
use maillage_store::follow_up::ParticipantListRow;
use maillage_store::follow_up::SearchFilters;
use maillage_store::follow_up::{TodoCounts, TodoFilters, TodoLine};
use maillage_store::Actor;
use maillage_store::AuditEntry;
use maillage_store::AuditStore;
use maillage_store::FollowUpStore;
use maillage_store::Scope;
use maillage_store::StoreError;
use maillage_store::StoreResult;
use sqlx::QueryBuilder;

/// Pushes `(…)`, the codes of the situations that are durable employment
/// (*emploi durable*), as the domain classifies them.
fn push_durable_outcomes(query: &mut QueryBuilder<'_, Db>) {
    use maillage_domain::participants::outcomes::OutcomeClass;
    query.push("(");
    let mut codes = query.separated(", ");
    for code in OutcomeClass::DurableEmployment.codes() {
        codes.push_bind(code);
    }
    query.push(")");
}

/// Pushes the search filters (each one ignored when not set).
fn push_search_filters(query: &mut QueryBuilder<'_, Db>, filters: &SearchFilters) {
    if let Some(text) = filters.text.as_ref().filter(|t| !t.is_empty()) {
        query
            .push(" AND p.search_name LIKE ")
            .push_bind(format!("%{text}%"));
    }
    if let Some(cohort_id) = filters.cohort_id {
        query.push(" AND p.cohort_id = ").push_bind(cohort_id);
    }
    if let Some(qpv_id) = filters.qpv_id {
        query.push(" AND p.qpv_id = ").push_bind(qpv_id);
    }
    if !filters.thematics.is_empty() {
        query.push(
            " AND EXISTS (
                SELECT 1 FROM barriers b
                WHERE b.participant_id = p.id AND b.lifted_on IS NULL AND (",
        );
        for (i, code) in filters.thematics.iter().enumerate() {
            if i > 0 {
                query.push(" OR ");
            }
            query
                .push("b.thematic = ")
                .push_bind(code.clone())
                .push(" OR b.thematic LIKE ")
                .push_bind(format!("{code}--%"));
        }
        query.push("))");
    }
    if let Some(status) = &filters.status {
        query.push(" AND p.status = ").push_bind(status.clone());
    }
    if let Some(lead_user_id) = filters.lead_user_id {
        query.push(" AND p.lead_user_id = ").push_bind(lead_user_id);
    }
}

#[async_trait]
impl FollowUpStore for Backend {
    async fn search(
        &self,
        scope: &Scope,
        filters: &SearchFilters,
    ) -> StoreResult<(Vec<ParticipantListRow>, i64)> {
        let viewer = Viewer::of(scope)?;
        let mut count = QueryBuilder::new("SELECT COUNT(*) FROM participants p WHERE ");
        viewer.push_visible(&mut count);
        push_search_filters(&mut count, filters);
        let total: i64 = count.build_query_scalar().fetch_one(self.reader()).await?;
        let mut query = QueryBuilder::new(
            "SELECT p.id, p.first_name, p.last_name, p.birth_date, p.status, c.name AS cohort_name,
                    q.name AS qpv_name, l.name AS lead_partner_name, u.name AS lead_user_name,
                    p.entry_date, p.exit_date,
                    (SELECT COUNT(*) FROM barriers b
                     WHERE b.participant_id = p.id AND b.lifted_on IS NULL) AS open_barriers
             FROM participants p
             LEFT JOIN cohorts c ON c.id = p.cohort_id
             LEFT JOIN qpvs q ON q.id = p.qpv_id
             JOIN partners l ON l.id = p.lead_partner_id
             LEFT JOIN users u ON u.id = p.lead_user_id
             WHERE ",
        );
        viewer.push_visible(&mut query);
        push_search_filters(&mut query, filters);
        query
            .push(" ORDER BY p.sort_key, p.id LIMIT ")
            .push_bind(filters.per_page)
            .push(" OFFSET ")
            .push_bind(filters.page * filters.per_page);
        let rows = query.build_query_as().fetch_all(self.reader()).await?;
        Ok((rows, total))
    }

    async fn open_barrier_thematics(
        &self,
        scope: &Scope,
        filters: &SearchFilters,
    ) -> StoreResult<Vec<(ParticipantId, String)>> {
        let viewer = Viewer::of(scope)?;
        let mut query = QueryBuilder::new(
            "SELECT b.participant_id, b.thematic FROM barriers b
             JOIN participants p ON p.id = b.participant_id
             WHERE b.lifted_on IS NULL AND ",
        );
        viewer.push_visible(&mut query);
        push_search_filters(&mut query, filters);
        query.push(" ORDER BY b.participant_id, b.identified_on, b.id");
        Ok(query.build_query_as().fetch_all(self.reader()).await?)
    }

    async fn audit_export(
        &self,
        actor: &Actor,
        scope: &Scope,
        format: &str,
        rows: usize,
    ) -> StoreResult<()> {
        let entry = AuditEntry::new(
            "participant.export",
            "participant",
            None::<i64>,
            scope.cite_id(),
        )
        .detail(format!("{format} : {rows} personnes"));
        AuditStore::audit(self, actor, entry).await
    }

    async fn todo(
        &self,
        scope: &Scope,
        today: chrono::NaiveDate,
        filters: &TodoFilters,
    ) -> StoreResult<Vec<TodoLine>> {
        self.todo_lines(scope, today, filters).await
    }

    async fn todo_counts(
        &self,
        scope: &Scope,
        today: chrono::NaiveDate,
        filters: &TodoFilters,
    ) -> StoreResult<TodoCounts> {
        self.todo_kinds(scope, today, filters).await
    }

    async fn counts(&self, scope: &Scope) -> StoreResult<Vec<CiteCounts>> {
        // Statuses from the persons' (cite_id, status) index; durable exits from
        // the outcomes' own index by Cité, without visiting a person.
        let mut query = QueryBuilder::new("");
        match scope.cite_id() {
            Some(cite_id) => {
                query
                    .push(
                        "SELECT p.cite_id,
                                SUM(CASE WHEN p.status = 'proposed' THEN 1 ELSE 0 END) AS proposed,
                                SUM(CASE WHEN p.status = 'active' THEN 1 ELSE 0 END) AS active,
                                SUM(CASE WHEN p.status = 'exited' THEN 1 ELSE 0 END) AS exited,
                                (SELECT COUNT(*) FROM outcomes o
                                 WHERE o.cite_id = ",
                    )
                    .push_bind(cite_id)
                    .push(" AND o.checkpoint = 'exit' AND o.outcome IN ");
                push_durable_outcomes(&mut query);
                query
                    .push(
                        ") AS durable_employment
                         FROM participants p
                         WHERE p.cite_id = ",
                    )
                    .push_bind(cite_id)
                    .push(" GROUP BY p.cite_id");
            }
            None => {
                query.push(
                    "SELECT s.cite_id, s.proposed, s.active, s.exited,
                            COALESCE(d.durable, 0) AS durable_employment
                     FROM (SELECT cite_id,
                                  SUM(CASE WHEN status = 'proposed' THEN 1 ELSE 0 END) AS proposed,
                                  SUM(CASE WHEN status = 'active' THEN 1 ELSE 0 END) AS active,
                                  SUM(CASE WHEN status = 'exited' THEN 1 ELSE 0 END) AS exited
                           FROM participants GROUP BY cite_id) s
                     LEFT JOIN (SELECT cite_id, COUNT(*) AS durable FROM outcomes
                                WHERE checkpoint = 'exit' AND outcome IN ",
                );
                push_durable_outcomes(&mut query);
                query.push(
                    " GROUP BY cite_id) d ON d.cite_id = s.cite_id
                     ORDER BY s.cite_id",
                );
            }
        }
        Ok(query.build_query_as().fetch_all(self.reader()).await?)
    }

    async fn indicators(
        &self,
        scope: &Scope,
    ) -> StoreResult<(Vec<BarrierCount>, Vec<OutcomeCount>)> {
        use maillage_domain::accounts::Role;
        use maillage_domain::participants::indicators::{BarrierCount, OutcomeCount};
        let cite_id = crate::sql::member_cite(scope)?;
        if !matches!(scope.role(), Role::Pilote | Role::Coordinateur) {
            return Err(StoreError::Forbidden);
        }
        // Persons, not rows: someone with the same barrier twice counts once.
        // Both read the Cité's range of an index (barriers_cite, outcomes_cite).
        let barriers = sqlx::query_as::<_, (String, i64, i64)>(
            "SELECT thematic, COUNT(DISTINCT participant_id), \
             COUNT(DISTINCT CASE WHEN lifted_on IS NOT NULL THEN participant_id END) \
             FROM barriers WHERE cite_id = $1 GROUP BY thematic",
        )
        .bind(cite_id)
        .fetch_all(self.reader());
        // One situation per person and checkpoint (a unique index): COUNT(*) is persons.
        let outcomes = sqlx::query_as::<_, (String, String, i64)>(
            "SELECT checkpoint, outcome, COUNT(*) FROM outcomes WHERE cite_id = $1 GROUP BY checkpoint, outcome",
        )
        .bind(cite_id)
        .fetch_all(self.reader());
        let (barriers, outcomes) = tokio::try_join!(barriers, outcomes)?;
        Ok((
            barriers
                .into_iter()
                .map(|(thematic, identified, lifted)| BarrierCount {
                    thematic,
                    identified,
                    lifted,
                })
                .collect(),
            outcomes.into_iter().map(OutcomeCount::from).collect(),
        ))
    }

    async fn set_lead_user(
        &self,
        actor: &Actor,
        scope: &Scope,
        participant_id: ParticipantId,
        user_id: UserId,
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        let file = Self::managed_participant(&mut tx, scope, participant_id).await?;
        let eligible: Option<i64> = sqlx::query_scalar(
            "SELECT user_id FROM memberships WHERE user_id = $1 AND cite_id = $2 AND partner_id = $3 AND role = 'referent'",
        )
        .bind(user_id)
        .bind(file.cite_id)
        .bind(file.lead_partner_id)
        .fetch_optional(&mut *tx)
        .await?;
        if eligible.is_none() {
            return Err(crate::sql::participants::invalid(
                "user_id",
                "Choisissez un référent du partenaire qui suit la personne.",
            ));
        }
        sqlx::query("UPDATE participants SET lead_user_id = $1 WHERE id = $2")
            .bind(user_id)
            .bind(file.id)
            .execute(&mut *tx)
            .await?;
        Self::commit_touched(tx, actor, &file, "participant.lead", "user", Some(user_id)).await
    }
}
