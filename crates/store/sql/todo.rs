//! « À faire » in SQL: one `UNION ALL` of a branch per kind, each scoped by
//! the viewer and filtered by référent and partner, so that the page reads
//! one page of lines and the counts are a `GROUP BY` in the database. The
//! dates that decide what is due are computed by `domain::follow_up` and
//! bound here.

use super::participants::Viewer;
use crate::{Backend, Db};
use chrono::NaiveDate;
use maillage_domain::follow_up::{self as rules, TodoKind};
use maillage_domain::ids::CohortId;
use maillage_store::follow_up::{TodoCounts, TodoFilters, TodoLine};
use maillage_store::Scope;
use maillage_store::StoreResult;
use sqlx::QueryBuilder;

/// What every branch needs: who reads, and the day the rules start from.
struct Due<'a> {
    viewer: Viewer,
    filters: &'a TodoFilters,
    today: NaiveDate,
    /// The Cité's follow-up length after the exit, in months.
    follow_up_months: i32,
    /// Each cohort's follow-up length: (cohort, months).
    cohort_months: Vec<(CohortId, i32)>,
    /// The Cité's delay before an undecided proposal expires, in days.
    referral_expiry_days: i32,
}

impl Due<'_> {
    /// `SELECT` of a line: kind and its rank (for the order), then the
    /// person; `since`, `checkpoint`, the cohort and the partner follow.
    fn select(&self, query: &mut QueryBuilder<'_, Db>, kind: TodoKind) {
        let rank = TodoKind::ALL.iter().position(|k| *k == kind).unwrap_or(0);
        query
            .push("SELECT ")
            .push_bind(kind)
            .push(" AS kind, ")
            .push_bind(i32::try_from(rank).unwrap_or(0))
            .push(" AS rank, p.id, p.first_name, p.last_name, p.sort_key, ");
    }

    /// The person is visible and matches the référent and partner filters.
    fn scoped(&self, query: &mut QueryBuilder<'_, Db>) {
        query.push(" WHERE ");
        self.viewer.push_visible(query);
        if let Some(user_id) = self.filters.lead_user_id {
            query.push(" AND p.lead_user_id = ").push_bind(user_id);
        }
        if let Some(partner_id) = self.filters.partner_id {
            query
                .push(" AND p.lead_partner_id = ")
                .push_bind(partner_id);
        }
    }

    /// One branch per checkpoint: exited long enough ago, followed that
    /// long, the situation not yet recorded.
    fn checks(&self, query: &mut QueryBuilder<'_, Db>) {
        let mut first = true;
        for checkpoint in rules::CHECKS {
            let (Some(until), Some(months)) = (
                rules::check_exits_until(checkpoint, self.today),
                checkpoint.months_after_exit(),
            ) else {
                continue;
            };
            if !first {
                query.push(" UNION ALL ");
            }
            first = false;
            self.select(query, TodoKind::Check);
            query
                .push("p.exit_date AS since, ")
                .push_bind(checkpoint)
                .push(
                    " AS checkpoint, CAST(NULL AS TEXT) AS cohort_name,
                      CAST(NULL AS TEXT) AS from_partner_name
                      FROM participants p LEFT JOIN cohorts c ON c.id = p.cohort_id",
                );
            self.scoped(query);
            query
                .push(" AND p.status = 'exited' AND p.exit_date <= ")
                .push_bind(until)
                .push(" AND COALESCE(c.follow_up_months, ")
                .push_bind(self.follow_up_months)
                .push(") >= ")
                .push_bind(months)
                .push(
                    " AND NOT EXISTS (SELECT 1 FROM outcomes o
                                      WHERE o.participant_id = p.id AND o.checkpoint = ",
                )
                .push_bind(checkpoint)
                .push(")");
        }
    }

    /// Proposals the coordinator has not decided and that have not expired;
    /// a référent sees those of its partner.
    fn referrals(&self, query: &mut QueryBuilder<'_, Db>) {
        self.select(query, TodoKind::Referral);
        query.push(
            "r.proposed_on AS since, CAST(NULL AS TEXT) AS checkpoint,
             c.name AS cohort_name, f.name AS from_partner_name
             FROM referrals r
             JOIN participants p ON p.id = r.participant_id
             JOIN cohorts c ON c.id = r.cohort_id
             JOIN partners f ON f.id = r.from_partner_id",
        );
        self.scoped(query);
        let since =
            rules::referrals_proposed_since(self.today, i64::from(self.referral_expiry_days));
        query
            .push(" AND r.cite_id = ")
            .push_bind(self.viewer.cite_id)
            .push(" AND (")
            .push_bind(self.viewer.coordinator)
            .push(" OR r.from_partner_id = ")
            .push_bind(self.viewer.partner_id)
            .push(") AND r.status = 'proposed' AND r.proposed_on >= ")
            .push_bind(since);
    }

    /// A person's own line (no consent, no referral): `condition` then `bound`.
    fn person<T>(
        &self,
        query: &mut QueryBuilder<'_, Db>,
        kind: TodoKind,
        condition: &'static str,
        bound: T,
    ) where
        T: for<'q> sqlx::Encode<'q, Db> + sqlx::Type<Db> + Send + 'static,
    {
        self.select(query, kind);
        query.push(
            "p.entry_date AS since, CAST(NULL AS TEXT) AS checkpoint,
             CAST(NULL AS TEXT) AS cohort_name, CAST(NULL AS TEXT) AS from_partner_name
             FROM participants p",
        );
        self.scoped(query);
        query.push(condition).push_bind(bound);
    }

    /// The latest unwithdrawn consent, given long enough ago to expire
    /// within the horizon, of a file still followed.
    fn consents(&self, query: &mut QueryBuilder<'_, Db>) {
        self.select(query, TodoKind::Consent);
        query.push(
            "c.given_on AS since, CAST(NULL AS TEXT) AS checkpoint,
             CAST(NULL AS TEXT) AS cohort_name, CAST(NULL AS TEXT) AS from_partner_name
             FROM participants p
             JOIN consents c ON c.participant_id = p.id AND c.withdrawn_at IS NULL",
        );
        self.scoped(query);
        query
            .push(
                " AND NOT EXISTS (SELECT 1 FROM consents n
                                  WHERE n.participant_id = p.id AND n.withdrawn_at IS NULL
                                    AND n.given_on > c.given_on)
                  AND c.given_on < ",
            )
            .push_bind(rules::consent_given_before(self.today))
            .push(" AND (p.status = 'active' OR (p.status = 'exited' AND (p.exit_date IS NULL OR p.exit_date >= ");
        // Followed as long as its cohort says, the Cité's length otherwise:
        // the same length as the checks'.
        let cite_since = rules::followed_exits_since(self.today, self.follow_up_months);
        if self.cohort_months.is_empty() {
            query.push_bind(cite_since);
        } else {
            query.push("CASE");
            for (cohort_id, months) in &self.cohort_months {
                query
                    .push(" WHEN p.cohort_id = ")
                    .push_bind(*cohort_id)
                    .push(" THEN ")
                    .push_bind(rules::followed_exits_since(self.today, *months));
            }
            query.push(" ELSE ").push_bind(cite_since).push(" END");
        }
        query.push(")))");
    }

    /// The branches of `kinds`, joined by `UNION ALL`.
    fn push_lines(&self, query: &mut QueryBuilder<'_, Db>, kinds: &[TodoKind]) {
        for (i, kind) in kinds.iter().enumerate() {
            if i > 0 {
                query.push(" UNION ALL ");
            }
            match kind {
                TodoKind::Check => self.checks(query),
                TodoKind::Referral => self.referrals(query),
                TodoKind::WithoutLead => self.person(
                    query,
                    TodoKind::WithoutLead,
                    " AND p.status = 'active' AND p.lead_user_id IS NULL AND p.entry_date <= ",
                    self.today,
                ),
                TodoKind::Inactive => self.person(
                    query,
                    TodoKind::Inactive,
                    " AND p.status = 'active' AND p.last_activity_at < ",
                    rules::idle_before(self.today),
                ),
                TodoKind::Consent => self.consents(query),
            }
        }
    }
}

impl Backend {
    /// The rules' inputs for the scope's Cité; `NotFound` for those who do
    /// not follow persons.
    async fn todo_due<'a>(
        &self,
        scope: &Scope,
        today: NaiveDate,
        filters: &'a TodoFilters,
    ) -> StoreResult<Due<'a>> {
        let viewer = Viewer::of(scope)?;
        let (follow_up_months, referral_expiry_days): (i32, i32) = sqlx::query_as(
            "SELECT follow_up_months, referral_expiry_days FROM cites WHERE id = $1",
        )
        .bind(viewer.cite_id)
        .fetch_one(self.reader())
        .await?;
        let cohort_months =
            sqlx::query_as("SELECT id, follow_up_months FROM cohorts WHERE cite_id = $1")
                .bind(viewer.cite_id)
                .fetch_all(self.reader())
                .await?;
        Ok(Due {
            viewer,
            filters,
            today,
            follow_up_months,
            cohort_months,
            referral_expiry_days,
        })
    }

    pub(crate) async fn todo_lines(
        &self,
        scope: &Scope,
        today: NaiveDate,
        filters: &TodoFilters,
    ) -> StoreResult<Vec<TodoLine>> {
        let due = self.todo_due(scope, today, filters).await?;
        let kinds = filters.kind.map_or(TodoKind::ALL.to_vec(), |k| vec![k]);
        let mut query = QueryBuilder::new(
            "SELECT kind, id, first_name, last_name, sort_key, since, checkpoint, cohort_name,
                    from_partner_name
             FROM (",
        );
        due.push_lines(&mut query, &kinds);
        query
            .push(
                ") t ORDER BY rank, since IS NULL, since, sort_key, id, checkpoint
                 LIMIT ",
            )
            .push_bind(filters.per_page)
            .push(" OFFSET ")
            .push_bind(filters.page * filters.per_page);
        Ok(query.build_query_as().fetch_all(self.reader()).await?)
    }

    pub(crate) async fn todo_kinds(
        &self,
        scope: &Scope,
        today: NaiveDate,
        filters: &TodoFilters,
    ) -> StoreResult<TodoCounts> {
        let due = self.todo_due(scope, today, filters).await?;
        let mut query = QueryBuilder::new("SELECT kind, COUNT(*) FROM (");
        due.push_lines(&mut query, &TodoKind::ALL);
        query.push(") t GROUP BY kind");
        let counts: Vec<(TodoKind, i64)> = query.build_query_as().fetch_all(self.reader()).await?;
        let mut counts = TodoCounts(counts);
        counts.0.sort_by_key(|(kind, _)| *kind);
        Ok(counts)
    }
}
