//! What the actions achieved, shared SQL: the indicators an action declares,
//! their recorded yearly values, and the counts behind the computed ones —
//! each a single grouped query over every action asked for, never one query
//! per action.

use crate::{Backend, Db};
use maillage_domain::actions::results::{
    durable_employment_codes, may_record, results, return_to_work_codes, Computed, Declared,
    IndicatorDraft, IndicatorResult, IndicatorSource, YearValue, MAX_INDICATORS,
};
use maillage_domain::ids::{ActionId, CiteId, FicheId, IndicatorId, PartnerId};
use maillage_store::async_trait;
use maillage_store::results::{ActionResults, SeanceTotals};
use maillage_store::Actor;
use maillage_store::AuditEntry;
use maillage_store::ResultStore;
use maillage_store::Scope;
use maillage_store::StoreError;
use maillage_store::StoreResult;
use sqlx::{QueryBuilder, Row};

/// Which actions a read covers, as a condition on `actions a`.
#[derive(Clone, Copy)]
enum Actions {
    One {
        cite_id: CiteId,
        action_id: ActionId,
    },
    OfCite(CiteId),
    OfFiche(FicheId),
}

impl Actions {
    fn push_where(self, query: &mut QueryBuilder<'_, Db>) {
        match self {
            Actions::One { cite_id, action_id } => {
                query.push(" a.cite_id = ").push_bind(cite_id);
                query.push(" AND a.id = ").push_bind(action_id);
            }
            Actions::OfCite(cite_id) => {
                query.push(" a.cite_id = ").push_bind(cite_id);
            }
            Actions::OfFiche(fiche_id) => {
                query
                    .push(" a.id IN (SELECT f.action_id FROM fiches f WHERE f.unpublished_at IS NULL AND f.id = ")
                    .push_bind(fiche_id)
                    .push(")");
            }
        }
    }
}

#[derive(sqlx::FromRow)]
struct IndicatorLine {
    id: IndicatorId,
    action_id: ActionId,
    title: String,
    label: String,
    source: IndicatorSource,
}

#[derive(sqlx::FromRow)]
struct ValueLine {
    indicator_id: IndicatorId,
    year: i32,
    value: i64,
}

/// Appends `column IN ($n, …)` for a list of situation codes.
fn push_codes(query: &mut QueryBuilder<'_, Db>, column: &str, codes: Vec<&'static str>) {
    query.push(column).push(" IN (");
    let mut list = query.separated(", ");
    for code in codes {
        list.push_bind(code);
    }
    list.push_unseparated(")");
}

impl Backend {
    /// The declared indicators of the actions covered, with their figures,
    /// grouped by action in the order of the indicators' query.
    async fn read_results(&self, actions: Actions) -> StoreResult<Vec<ActionResults>> {
        let mut query = QueryBuilder::new(
            "SELECT i.id, i.action_id, a.title, i.label, i.source
             FROM action_indicators i
             JOIN actions a ON a.id = i.action_id
             WHERE",
        );
        actions.push_where(&mut query);
        query.push(" ORDER BY a.starts_on DESC, a.id, i.position, i.id");
        let lines: Vec<IndicatorLine> = query.build_query_as().fetch_all(self.reader()).await?;
        if lines.is_empty() {
            return Ok(Vec::new());
        }
        let (computed, values) =
            tokio::try_join!(self.computed_counts(actions), self.recorded_values(actions))?;
        let mut grouped: Vec<(ActionId, String, Vec<Declared>)> = Vec::new();
        for line in lines {
            let declared = Declared {
                id: line.id,
                label: line.label,
                source: line.source,
            };
            match grouped.last_mut() {
                Some((action_id, _, list)) if *action_id == line.action_id => list.push(declared),
                _ => grouped.push((line.action_id, line.title, vec![declared])),
            }
        }
        let grouped = grouped
            .into_iter()
            .map(|(action_id, title, declared)| {
                let counts = computed
                    .iter()
                    .find(|(id, _)| *id == action_id)
                    .map(|(_, c)| *c)
                    .unwrap_or_default();
                let recorded: Vec<YearValue> = values
                    .iter()
                    .filter(|(id, _)| *id == action_id)
                    .map(|(_, v)| *v)
                    .collect();
                ActionResults {
                    action_id,
                    title,
                    results: results(&declared, &counts, &recorded),
                }
            })
            .collect();
        Ok(grouped)
    }

    /// What the records count for each action covered.
    async fn computed_counts(&self, actions: Actions) -> StoreResult<Vec<(ActionId, Computed)>> {
        // A person counts once per action, whatever their places; their
        // situation counts when recorded on or after the day they asked.
        let mut query = QueryBuilder::new(
            "SELECT e.action_id,
                    COUNT(DISTINCT e.participant_id) AS placed,
                    COUNT(DISTINCT CASE WHEN ",
        );
        push_codes(&mut query, "o.outcome", return_to_work_codes());
        query.push(" THEN e.participant_id END) AS returns, COUNT(DISTINCT CASE WHEN ");
        push_codes(&mut query, "o.outcome", durable_employment_codes());
        query.push(
            " THEN e.participant_id END) AS durable
             FROM enrolments e
             JOIN actions a ON a.id = e.action_id
             LEFT JOIN outcomes o ON o.participant_id = e.participant_id
                  AND o.checkpoint IN ('exit', 'm6', 'm12')
                  AND o.recorded_on >= e.requested_on
             WHERE e.placed_on IS NOT NULL AND",
        );
        actions.push_where(&mut query);
        query.push(" GROUP BY e.action_id");
        let placements = query.build().fetch_all(self.reader());

        let mut query = QueryBuilder::new(
            "SELECT s.action_id, COUNT(*) AS seances,
                    COALESCE(SUM(s.anonymous_count), 0) AS met
             FROM action_sessions s
             JOIN actions a ON a.id = s.action_id
             WHERE",
        );
        actions.push_where(&mut query);
        query.push(" GROUP BY s.action_id");
        let seances = query.build().fetch_all(self.reader());

        let (placements, seances) = tokio::try_join!(placements, seances)?;
        let mut counts: Vec<(ActionId, Computed)> = Vec::new();
        for row in placements {
            let computed = Computed {
                persons_placed: row.try_get("placed")?,
                returns_to_work: row.try_get("returns")?,
                durable_employment: row.try_get("durable")?,
                ..Computed::default()
            };
            counts.push((row.try_get("action_id")?, computed));
        }
        for row in seances {
            let action_id: ActionId = row.try_get("action_id")?;
            let (seances, met): (i64, i64) = (row.try_get("seances")?, row.try_get("met")?);
            let at = match counts.iter().position(|(id, _)| *id == action_id) {
                Some(at) => at,
                None => {
                    counts.push((action_id, Computed::default()));
                    counts.len() - 1
                }
            };
            counts[at].1.seances = seances;
            counts[at].1.persons_met = met;
        }
        Ok(counts)
    }

    async fn recorded_values(&self, actions: Actions) -> StoreResult<Vec<(ActionId, YearValue)>> {
        let mut query = QueryBuilder::new(
            "SELECT i.action_id, v.indicator_id, v.year, v.value
             FROM action_indicator_values v
             JOIN action_indicators i ON i.id = v.indicator_id
             JOIN actions a ON a.id = i.action_id
             WHERE",
        );
        actions.push_where(&mut query);
        let rows = query.build().fetch_all(self.reader()).await?;
        rows.into_iter()
            .map(|row| {
                let line = <ValueLine as sqlx::FromRow<_>>::from_row(&row)?;
                let value = YearValue {
                    indicator_id: line.indicator_id,
                    year: line.year,
                    value: line.value,
                };
                Ok((row.try_get("action_id")?, value))
            })
            .collect()
    }

    async fn insert_indicator(
        &self,
        actor: &Actor,
        cite_id: CiteId,
        action_id: ActionId,
        indicator: &IndicatorDraft,
    ) -> StoreResult<IndicatorId> {
        let mut tx = self.begin_write().await?;
        // The action's row is locked first: two declarations at once count
        // and number their indicators one after the other.
        sqlx::query_scalar::<_, ActionId>(
            "UPDATE actions SET updated_at = updated_at WHERE id = $1 AND cite_id = $2 RETURNING id",
        )
        .bind(action_id)
        .bind(cite_id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StoreError::NotFound)?;
        let declared: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM action_indicators WHERE action_id = $1")
                .bind(action_id)
                .fetch_one(&mut *tx)
                .await?;
        if declared >= MAX_INDICATORS as i64 {
            return Err(crate::sql::participants::invalid(
                "label",
                "Cette action déclare déjà le nombre maximal d'indicateurs : retirez-en un d'abord.",
            ));
        }
        let id: IndicatorId = sqlx::query_scalar(
            "INSERT INTO action_indicators (action_id, cite_id, label, source, position, created_at)
             VALUES ($1, $2, $3, $4, $5, $6)
             RETURNING id",
        )
        .bind(action_id)
        .bind(cite_id)
        .bind(&indicator.label)
        .bind(indicator.source)
        .bind(declared)
        .bind(actor.at)
        .fetch_one(&mut *tx)
        .await?;
        let entry = AuditEntry::new(
            "action.indicator.create",
            "action",
            Some(action_id),
            Some(cite_id),
        )
        .detail(indicator.label.clone());
        Self::commit_audited(tx, actor, &entry).await?;
        Ok(id)
    }
}

#[async_trait]
impl ResultStore for Backend {
    async fn action_results(
        &self,
        scope: &Scope,
        action_id: ActionId,
    ) -> StoreResult<Vec<IndicatorResult>> {
        let cite_id = crate::sql::member_cite(scope)?;
        // An action without indicators reads as empty, one of another Cité as missing.
        sqlx::query_scalar::<_, ActionId>("SELECT id FROM actions WHERE id = $1 AND cite_id = $2")
            .bind(action_id)
            .bind(cite_id)
            .fetch_optional(self.reader())
            .await?
            .ok_or(StoreError::NotFound)?;
        let results = self
            .read_results(Actions::One { cite_id, action_id })
            .await?;
        Ok(results.into_iter().flat_map(|a| a.results).collect())
    }

    async fn cite_results(&self, scope: &Scope) -> StoreResult<Vec<ActionResults>> {
        let cite_id = crate::sql::member_cite(scope)?;
        self.read_results(Actions::OfCite(cite_id)).await
    }

    async fn fiche_results(
        &self,
        _scope: &Scope,
        fiche_id: FicheId,
    ) -> StoreResult<Vec<IndicatorResult>> {
        let results = self.read_results(Actions::OfFiche(fiche_id)).await?;
        Ok(results.into_iter().flat_map(|a| a.results).collect())
    }

    async fn seance_totals(&self, scope: &Scope) -> StoreResult<Vec<SeanceTotals>> {
        let mut query = QueryBuilder::new(
            "SELECT a.cite_id, COUNT(*) AS seances,
                    COALESCE(SUM(s.anonymous_count), 0) AS persons_met
             FROM action_sessions s
             JOIN actions a ON a.id = s.action_id",
        );
        if let Some(cite_id) = scope.cite_id() {
            query.push(" WHERE a.cite_id = ").push_bind(cite_id);
        }
        query.push(" GROUP BY a.cite_id");
        Ok(query.build_query_as().fetch_all(self.reader()).await?)
    }

    async fn add_indicator(
        &self,
        actor: &Actor,
        scope: &Scope,
        action_id: ActionId,
        indicator: &IndicatorDraft,
    ) -> StoreResult<IndicatorId> {
        let cite_id = crate::sql::administered_cite(scope)?;
        self.insert_indicator(actor, cite_id, action_id, indicator)
            .await
    }

    async fn add_indicator_in(
        &self,
        actor: &Actor,
        cite_id: CiteId,
        action_id: ActionId,
        indicator: &IndicatorDraft,
    ) -> StoreResult<IndicatorId> {
        self.insert_indicator(actor, cite_id, action_id, indicator)
            .await
    }

    async fn remove_indicator(
        &self,
        actor: &Actor,
        scope: &Scope,
        action_id: ActionId,
        indicator_id: IndicatorId,
    ) -> StoreResult<()> {
        let cite_id = crate::sql::administered_cite(scope)?;
        let mut tx = self.begin_write().await?;
        // Its recorded values go with it: the journal keeps what they were.
        let values: Vec<(i32, i64)> = sqlx::query_as(
            "SELECT v.year, v.value
             FROM action_indicator_values v
             JOIN action_indicators i ON i.id = v.indicator_id
             WHERE i.id = $1 AND i.action_id = $2 AND i.cite_id = $3
             ORDER BY v.year",
        )
        .bind(indicator_id)
        .bind(action_id)
        .bind(cite_id)
        .fetch_all(&mut *tx)
        .await?;
        let label: String = sqlx::query_scalar(
            "DELETE FROM action_indicators
             WHERE id = $1 AND action_id = $2 AND cite_id = $3
             RETURNING label",
        )
        .bind(indicator_id)
        .bind(action_id)
        .bind(cite_id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StoreError::NotFound)?;
        let years: Vec<String> = values
            .iter()
            .map(|(year, value)| format!("{year} : {value}"))
            .collect();
        let detail = match years.is_empty() {
            true => label,
            false => format!("{label} ({})", years.join(", ")),
        };
        let entry = AuditEntry::new(
            "action.indicator.delete",
            "action",
            Some(action_id),
            Some(cite_id),
        )
        .detail(detail);
        Self::commit_audited(tx, actor, &entry).await
    }

    async fn record_value(
        &self,
        actor: &Actor,
        scope: &Scope,
        action_id: ActionId,
        value: &YearValue,
    ) -> StoreResult<()> {
        let cite_id = crate::sql::member_cite(scope)?;
        let mut tx = self.begin_write().await?;
        let carrier = sqlx::query_scalar::<_, Option<PartnerId>>(
            "SELECT carrier_partner_id FROM actions WHERE id = $1 AND cite_id = $2",
        )
        .bind(action_id)
        .bind(cite_id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StoreError::NotFound)?;
        if !may_record(scope.role(), scope.partner_id(), carrier) {
            return Err(StoreError::Forbidden);
        }
        let indicator: Option<(IndicatorSource, String)> = sqlx::query_as(
            "SELECT source, label FROM action_indicators WHERE id = $1 AND action_id = $2",
        )
        .bind(value.indicator_id)
        .bind(action_id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some((source, label)) = indicator else {
            return Err(crate::sql::participants::invalid(
                "indicator_id",
                "Choisissez un indicateur de cette action.",
            ));
        };
        if source.is_computed() {
            return Err(crate::sql::participants::invalid(
                "indicator_id",
                "Cet indicateur est calculé à partir des dossiers : il ne se saisit pas.",
            ));
        }
        sqlx::query(
            "INSERT INTO action_indicator_values (indicator_id, year, value, recorded_by, recorded_at)
             VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (indicator_id, year)
             DO UPDATE SET value = excluded.value, recorded_by = excluded.recorded_by,
                           recorded_at = excluded.recorded_at",
        )
        .bind(value.indicator_id)
        .bind(value.year)
        .bind(value.value)
        .bind(actor.user_id)
        .bind(actor.at)
        .execute(&mut *tx)
        .await?;
        let entry = AuditEntry::new(
            "action.indicator.record",
            "action",
            Some(action_id),
            Some(cite_id),
        )
        .detail(format!("{label} — {} : {}", value.year, value.value));
        Self::commit_audited(tx, actor, &entry).await
    }
}
