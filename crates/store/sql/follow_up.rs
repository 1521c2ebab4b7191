use super::participants::Viewer;
use crate::{Backend, Db};
use maillage_domain::ids::{ParticipantId, UserId};
use maillage_domain::participants::indicators::BarrierCount;
use maillage_domain::participants::indicators::OutcomeCount;
use maillage_store::async_trait;
use maillage_store::follow_up::CiteCounts;
use maillage_store::follow_up::ParticipantListRow;
use maillage_store::follow_up::SearchFilters;
use maillage_store::follow_up::Todo;
use maillage_store::follow_up::TodoPerson;
use maillage_store::Actor;
use maillage_store::AuditEntry;
use maillage_store::AuditStore;
use maillage_store::FollowUpStore;
use maillage_store::ParticipantStore;
use maillage_store::Scope;
use maillage_store::StoreError;
use maillage_store::StoreResult;
use sqlx::QueryBuilder;

impl Backend {
    /// Visible persons, as `head` (up to its `WHERE`) selects them, that meet
    /// `condition` followed by the value `bound`.
    pub(crate) async fn todo_people<T>(
        &self,
        viewer: &Viewer,
        head: &'static str,
        condition: &'static str,
        bound: T,
        order: &'static str,
    ) -> StoreResult<Vec<TodoPerson>>
    where
        T: for<'q> sqlx::Encode<'q, Db> + sqlx::Type<Db> + Send + 'static,
    {
        let mut query = QueryBuilder::new(head);
        viewer.push_visible(&mut query);
        query.push(condition).push_bind(bound).push(order);
        Ok(query.build_query_as().fetch_all(self.reader()).await?)
    }
}

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
    if let Some(thematic) = &filters.thematic {
        query
            .push(
                " AND EXISTS (
                    SELECT 1 FROM barriers b
                    WHERE b.participant_id = p.id AND b.lifted_on IS NULL AND b.thematic = ",
            )
            .push_bind(thematic.clone())
            .push(")");
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

    async fn todo(&self, scope: &Scope, today: chrono::NaiveDate) -> StoreResult<Todo> {
        use maillage_domain::follow_up as rules;
        use maillage_domain::participants::outcomes::Checkpoint;
        let viewer = Viewer::of(scope)?;
        let mut query = QueryBuilder::new(
            "SELECT p.id, p.first_name, p.last_name, p.exit_date, c.follow_up_months,
                    EXISTS (SELECT 1 FROM outcomes o
                            WHERE o.participant_id = p.id AND o.checkpoint = 'm6'),
                    EXISTS (SELECT 1 FROM outcomes o
                            WHERE o.participant_id = p.id AND o.checkpoint = 'm12')
             FROM participants p
             LEFT JOIN cohorts c ON c.id = p.cohort_id
             WHERE ",
        );
        viewer.push_visible(&mut query);
        query.push(" AND p.status = 'exited' AND p.exit_date IS NOT NULL ORDER BY p.exit_date");
        let exited: Vec<(
            ParticipantId,
            String,
            String,
            chrono::NaiveDate,
            Option<i32>,
            bool,
            bool,
        )> = query.build_query_as().fetch_all(self.reader()).await?;
        let mut todo = Todo::default();
        for (id, first_name, last_name, exit, months, has_m6, has_m12) in exited {
            let recorded: Vec<Checkpoint> = [
                (Checkpoint::SixMonths, has_m6),
                (Checkpoint::TwelveMonths, has_m12),
            ]
            .into_iter()
            .filter_map(|(checkpoint, done)| done.then_some(checkpoint))
            .collect();
            for (checkpoint, due) in rules::checks_due(exit, months, &recorded, today) {
                let person = TodoPerson {
                    id,
                    first_name: first_name.clone(),
                    last_name: last_name.clone(),
                    since: Some(exit),
                };
                todo.checks_due.push((person, checkpoint, due));
            }
        }
        todo.referrals_waiting = ParticipantStore::referrals(self, scope)
            .await?
            .into_iter()
            .filter(|r| {
                let expiry = i64::from(r.referral_expiry_days);
                rules::referral_waits(r.status, r.proposed_on, expiry, today)
            })
            .collect();
        const PERSON: &str = "SELECT p.id, p.first_name, p.last_name, p.entry_date AS since
                              FROM participants p
                              WHERE ";
        todo.without_lead = self
            .todo_people(
                &viewer,
                PERSON,
                " AND p.status = 'active' AND p.lead_user_id IS NULL AND p.entry_date <= ",
                today,
                " ORDER BY p.entry_date",
            )
            .await?;
        todo.inactive = self
            .todo_people(
                &viewer,
                PERSON,
                " AND p.status = 'active' AND p.last_activity_at < ",
                rules::idle_before(today),
                " ORDER BY p.last_activity_at",
            )
            .await?;
        // The latest unwithdrawn consent, given long enough ago to expire soon.
        todo.consents_expiring = self
            .todo_people(
                &viewer,
                "SELECT p.id, p.first_name, p.last_name, c.given_on AS since
                 FROM participants p
                 JOIN consents c ON c.participant_id = p.id AND c.withdrawn_at IS NULL
                 WHERE ",
                " AND p.status IN ('active', 'exited')
                  AND NOT EXISTS (SELECT 1 FROM consents n
                                  WHERE n.participant_id = p.id AND n.withdrawn_at IS NULL
                                    AND n.given_on > c.given_on)
                  AND c.given_on < ",
                rules::consent_given_before(today),
                " ORDER BY c.given_on",
            )
            .await?;
        Ok(todo)
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
            outcomes
                .into_iter()
                .map(|(checkpoint, outcome, persons)| OutcomeCount {
                    checkpoint,
                    outcome,
                    persons,
                })
                .collect(),
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
        Self::touch_file(
            &mut tx,
            actor,
            &file,
            "participant.lead",
            "user",
            Some(user_id),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
