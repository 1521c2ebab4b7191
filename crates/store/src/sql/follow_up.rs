/// The search filters, bound after the visibility predicate as `$4`…`$9`.
#[doc(hidden)]
#[macro_export]
macro_rules! __participant_filters {
    () => {
        " AND ($4 IS NULL OR p.search_name LIKE $4) AND ($5 IS NULL OR p.cohort_id = $5) \
         AND ($6 IS NULL OR p.qpv_id = $6) \
         AND ($7 IS NULL OR EXISTS (SELECT 1 FROM barriers b WHERE b.participant_id = p.id AND b.thematic = $7 \
         AND b.lifted_on IS NULL)) \
         AND ($8 IS NULL OR p.status = $8) AND ($9 IS NULL OR p.lead_user_id = $9)"
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __follow_up_sql {
    ($store:ty, $db:ty) => {
        impl $store {
            /// Visible persons matching `condition`, which may use `$4`.
            async fn todo_people<T>(
                &self,
                scope: &$crate::Scope,
                condition: &'static str,
                bound: T,
            ) -> $crate::StoreResult<Vec<$crate::follow_up::TodoPerson>>
            where
                T: for<'q> sqlx::Encode<'q, $db> + sqlx::Type<$db> + Send + 'static,
            {
                let (cite_id, partner_id, coordinator) = $crate::sql::participants::person_scope(scope)?;
                Ok(sqlx::query_as(condition)
                    .bind(cite_id)
                    .bind(partner_id)
                    .bind(coordinator)
                    .bind(bound)
                    .fetch_all(self.reader())
                    .await?)
            }
        }

        #[$crate::async_trait]
        impl $crate::FollowUpStore for $store {
            async fn search(
                &self,
                scope: &$crate::Scope,
                filters: &$crate::follow_up::SearchFilters,
            ) -> $crate::StoreResult<(Vec<$crate::follow_up::ParticipantListRow>, i64)> {
                let (cite_id, partner_id, coordinator) = $crate::sql::participants::person_scope(scope)?;
                let text = filters.text.as_ref().filter(|t| !t.is_empty()).map(|t| format!("%{t}%"));
                let total: i64 = sqlx::query_scalar(concat!(
                    "SELECT COUNT(*) FROM participants p WHERE ",
                    $crate::__visible_participant!(),
                    $crate::__participant_filters!()
                ))
                .bind(cite_id)
                .bind(partner_id)
                .bind(coordinator)
                .bind(&text)
                .bind(filters.cohort_id)
                .bind(filters.qpv_id)
                .bind(&filters.thematic)
                .bind(&filters.status)
                .bind(filters.lead_user_id)
                .fetch_one(self.reader())
                .await?;
                let rows = sqlx::query_as(concat!(
                    "SELECT p.id, p.first_name, p.last_name, p.birth_date, p.status, c.name AS cohort_name, \
                     q.name AS qpv_name, l.name AS lead_partner_name, u.name AS lead_user_name, p.entry_date, p.exit_date, \
                     (SELECT COUNT(*) FROM barriers b WHERE b.participant_id = p.id AND b.lifted_on IS NULL) AS open_barriers \
                     FROM participants p LEFT JOIN cohorts c ON c.id = p.cohort_id LEFT JOIN qpvs q ON q.id = p.qpv_id \
                     JOIN partners l ON l.id = p.lead_partner_id LEFT JOIN users u ON u.id = p.lead_user_id WHERE ",
                    $crate::__visible_participant!(),
                    $crate::__participant_filters!(),
                    " ORDER BY p.last_name, p.first_name, p.id LIMIT $10 OFFSET $11"
                ))
                .bind(cite_id)
                .bind(partner_id)
                .bind(coordinator)
                .bind(&text)
                .bind(filters.cohort_id)
                .bind(filters.qpv_id)
                .bind(&filters.thematic)
                .bind(&filters.status)
                .bind(filters.lead_user_id)
                .bind(filters.per_page)
                .bind(filters.page * filters.per_page)
                .fetch_all(self.reader())
                .await?;
                Ok((rows, total))
            }

            async fn audit_export(&self, actor: &$crate::Actor, scope: &$crate::Scope, format: &str, rows: usize) -> $crate::StoreResult<()> {
                let entry = $crate::AuditEntry::new("participant.export", "participant", None, scope.cite_id())
                    .detail(format!("{format} : {rows} personnes"));
                $crate::AuditStore::audit(self, actor, entry).await
            }

            async fn todo(&self, scope: &$crate::Scope, today: chrono::NaiveDate) -> $crate::StoreResult<$crate::follow_up::Todo> {
                use maillage_domain::participants::cohorts::{ReferralStatus, CONSENT_VALIDITY_MONTHS, INACTIVITY_DAYS, LOOK_AHEAD_DAYS};
                use maillage_domain::participants::outcomes::Checkpoint;
                let (cite_id, partner_id, coordinator) = $crate::sql::participants::person_scope(scope)?;
                let horizon = today + chrono::Duration::days(LOOK_AHEAD_DAYS);
                let exited: Vec<(i64, String, String, chrono::NaiveDate, bool, bool)> = sqlx::query_as(concat!(
                    "SELECT p.id, p.first_name, p.last_name, p.exit_date, \
                     EXISTS (SELECT 1 FROM outcomes o WHERE o.participant_id = p.id AND o.checkpoint = 'm6'), \
                     EXISTS (SELECT 1 FROM outcomes o WHERE o.participant_id = p.id AND o.checkpoint = 'm12') \
                     FROM participants p WHERE ",
                    $crate::__visible_participant!(),
                    " AND p.status = 'exited' AND p.exit_date IS NOT NULL ORDER BY p.exit_date"
                ))
                .bind(cite_id)
                .bind(partner_id)
                .bind(coordinator)
                .fetch_all(self.reader())
                .await?;
                let mut todo = $crate::follow_up::Todo::default();
                for (id, first_name, last_name, exit, has_m6, has_m12) in exited {
                    for (checkpoint, done) in [(Checkpoint::SixMonths, has_m6), (Checkpoint::TwelveMonths, has_m12)] {
                        match checkpoint.due_date(Some(exit)) {
                            Some(due) if !done && due <= horizon => {
                                let person = $crate::follow_up::TodoPerson { id, first_name: first_name.clone(), last_name: last_name.clone(), since: Some(exit) };
                                todo.checks_due.push((person, checkpoint.code(), due));
                            }
                            _ => {}
                        }
                    }
                }
                todo.referrals_waiting = $crate::ParticipantStore::referrals(self, scope)
                    .await?
                    .into_iter()
                    .filter(|r| {
                        ReferralStatus::parse(&r.status).map(|s| s.effective(r.proposed_on, i64::from(r.referral_expiry_days), today))
                            == Some(ReferralStatus::Proposed)
                    })
                    .collect();
                let without_lead = concat!(
                    "SELECT p.id, p.first_name, p.last_name, p.entry_date AS since FROM participants p WHERE ",
                    $crate::__visible_participant!(),
                    " AND p.status = 'active' AND p.lead_user_id IS NULL AND p.entry_date <= $4 ORDER BY p.entry_date"
                );
                todo.without_lead = self.todo_people(scope, without_lead, today).await?;
                let inactive = concat!(
                    "SELECT p.id, p.first_name, p.last_name, p.entry_date AS since FROM participants p WHERE ",
                    $crate::__visible_participant!(),
                    " AND p.status = 'active' AND p.last_activity_at < $4 ORDER BY p.last_activity_at"
                );
                let idle_since = (today - chrono::Duration::days(INACTIVITY_DAYS)).and_hms_opt(0, 0, 0).unwrap_or_default().and_utc();
                todo.inactive = self.todo_people(scope, inactive, idle_since).await?;
                // The latest unwithdrawn consent, given long enough ago to expire soon.
                let consents = concat!(
                    "SELECT p.id, p.first_name, p.last_name, c.given_on AS since FROM participants p \
                     JOIN consents c ON c.participant_id = p.id AND c.withdrawn_at IS NULL WHERE ",
                    $crate::__visible_participant!(),
                    " AND p.status IN ('active', 'exited') AND c.given_on < $4 \
                     AND NOT EXISTS (SELECT 1 FROM consents n WHERE n.participant_id = p.id \
                     AND n.withdrawn_at IS NULL AND n.given_on > c.given_on) ORDER BY c.given_on"
                );
                let renewal = horizon
                    .checked_sub_months(chrono::Months::new(CONSENT_VALIDITY_MONTHS))
                    .unwrap_or(horizon);
                todo.consents_expiring = self.todo_people(scope, consents, renewal).await?;
                Ok(todo)
            }

            async fn counts(&self, scope: &$crate::Scope) -> $crate::StoreResult<Vec<$crate::follow_up::CiteCounts>> {
                // Statuses from the persons' (cite_id, status) index; durable exits from
                // the outcomes' own index by Cité, without visiting a person.
                let query = match scope.cite_id() {
                    Some(cite_id) => sqlx::query_as(
                        "SELECT p.cite_id, \
                         SUM(CASE WHEN p.status = 'proposed' THEN 1 ELSE 0 END) AS proposed, \
                         SUM(CASE WHEN p.status = 'active' THEN 1 ELSE 0 END) AS active, \
                         SUM(CASE WHEN p.status = 'exited' THEN 1 ELSE 0 END) AS exited, \
                         (SELECT COUNT(*) FROM outcomes o WHERE o.cite_id = $1 AND o.checkpoint = 'exit' \
                         AND o.outcome IN ('cdi', 'cdd_6m_plus', 'interim_6m_plus', 'creation_entreprise')) \
                         AS durable_employment \
                         FROM participants p WHERE p.cite_id = $1 GROUP BY p.cite_id",
                    )
                    .bind(cite_id),
                    None => sqlx::query_as(
                        "SELECT s.cite_id, s.proposed, s.active, s.exited, COALESCE(d.durable, 0) AS durable_employment \
                         FROM (SELECT cite_id, \
                         SUM(CASE WHEN status = 'proposed' THEN 1 ELSE 0 END) AS proposed, \
                         SUM(CASE WHEN status = 'active' THEN 1 ELSE 0 END) AS active, \
                         SUM(CASE WHEN status = 'exited' THEN 1 ELSE 0 END) AS exited \
                         FROM participants GROUP BY cite_id) s \
                         LEFT JOIN (SELECT cite_id, COUNT(*) AS durable FROM outcomes \
                         WHERE checkpoint = 'exit' AND outcome IN ('cdi', 'cdd_6m_plus', 'interim_6m_plus', 'creation_entreprise') \
                         GROUP BY cite_id) d ON d.cite_id = s.cite_id \
                         ORDER BY s.cite_id",
                    ),
                };
                Ok(query.fetch_all(self.reader()).await?)
            }

            async fn indicators(
                &self,
                scope: &$crate::Scope,
            ) -> $crate::StoreResult<(
                Vec<maillage_domain::participants::indicators::BarrierCount>,
                Vec<maillage_domain::participants::indicators::OutcomeCount>,
            )> {
                use maillage_domain::accounts::Role;
                use maillage_domain::participants::indicators::{BarrierCount, OutcomeCount};
                let cite_id = $crate::sql::member_cite(scope)?;
                if !matches!(scope.role(), Role::Pilote | Role::Coordinateur) {
                    return Err($crate::StoreError::Forbidden);
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
                        .map(|(thematic, identified, lifted)| BarrierCount { thematic, identified, lifted })
                        .collect(),
                    outcomes
                        .into_iter()
                        .map(|(checkpoint, outcome, persons)| OutcomeCount { checkpoint, outcome, persons })
                        .collect(),
                ))
            }

            async fn set_lead_user(&self, actor: &$crate::Actor, scope: &$crate::Scope, participant_id: i64, user_id: i64) -> $crate::StoreResult<()> {
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
                    return Err($crate::sql::participants::invalid("user_id", "Choisissez un référent du partenaire qui suit la personne."));
                }
                sqlx::query("UPDATE participants SET lead_user_id = $1 WHERE id = $2")
                    .bind(user_id)
                    .bind(file.id)
                    .execute(&mut *tx)
                    .await?;
                Self::touch_file(&mut tx, actor, &file, "participant.lead", "user", Some(user_id)).await?;
                tx.commit().await?;
                Ok(())
            }
        }
    };
}
