//! The programme's indicators: one counting query per measure over a `y`
//! table of the years asked (bounds bound once, with the instant before
//! which a meeting is held) and a `w` table of the two kinds of actions
//! reported (aller-vers, innovative), joined to the Cités counted. What
//! each one counts is written in `domain::indicators::Indicator::definition`;
//! keep the two together. A cohort's measure marks where its persons are
//! narrowed to one quarter, `/*qpv <column of the person's id>*/`.

use chrono::{DateTime, Utc};
use maillage_domain::accounts::Role;
use maillage_domain::ids::CiteId;
use maillage_domain::indicators::cohort::{CohortCounts, QpvFilter};
use maillage_domain::indicators::referrals::ReferralCount;
use maillage_domain::indicators::{Measure, Year};
use maillage_store::indicators::{IndicatorStore, OpenCite, Reach};
use maillage_store::{async_trait, Scope, StoreError, StoreResult};
use sqlx::QueryBuilder;

use super::cohort_counts::push_quarter;
use crate::{Backend, Db};

/// The measures, each a query of `(cite_id, year, measure, value)` over
/// `y` and `w`, run apart (one compound query lets SQLite's planner scan
/// every Cité's persons). `/*cite <column>*/` joins the Cités counted.
const MEASURES: [&str; 18] = [
    "SELECT p.cite_id, y.year, 'partners' AS measure, COUNT(*) AS value
     FROM partners p /*cite p.cite_id*/
     JOIN y ON p.created_at < y.until_at AND (p.archived_at IS NULL OR p.archived_at >= y.from_at)
     GROUP BY p.cite_id, y.year",
    "SELECT p.cite_id, y.year, 'actor_type:' || p.category, COUNT(*)
     FROM partners p /*cite p.cite_id*/
     JOIN y ON p.created_at < y.until_at AND (p.archived_at IS NULL OR p.archived_at >= y.from_at)
     GROUP BY 1, 2, 3",
    "SELECT m.cite_id, y.year, 'referents', COUNT(*)
     FROM memberships m /*cite m.cite_id*/
     JOIN users u ON u.id = m.user_id
     JOIN y ON u.created_at < y.until_at
     WHERE m.role = 'referent' AND u.active = TRUE
     GROUP BY m.cite_id, y.year",
    "SELECT k.cite_id, y.year, 'committees', COUNT(*)
     FROM committees k /*cite k.cite_id*/
     JOIN y ON k.created_at < y.until_at
     GROUP BY k.cite_id, y.year",
    "SELECT s.cite_id, y.year,
            CASE WHEN k.kind = 'copil' THEN 'copils_held' ELSE 'meetings_held' END, COUNT(*)
     FROM meetings s /*cite s.cite_id*/
     JOIN committees k ON k.id = s.committee_id
     JOIN y ON s.starts_at >= y.from_at AND s.starts_at < y.until_at
     WHERE s.cancelled = FALSE AND s.ends_at < y.now_at
     GROUP BY 1, 2, 3",
    "SELECT a.cite_id, y.year, w.kind || '_actions', COUNT(*)
     FROM actions a /*cite a.cite_id*/
     JOIN y ON a.starts_on <= y.last_day AND (a.ends_on IS NULL OR a.ends_on >= y.first_day)
     JOIN w ON (w.kind = 'reach_out' AND a.axis = 'reach_out')
            OR (w.kind = 'innovative' AND a.innovative = TRUE)
     WHERE a.status IN ('planned', 'running', 'done')
     GROUP BY 1, 2, 3",
    "SELECT a.cite_id, y.year, 'reach_out_sessions', COUNT(*)
     FROM action_sessions t JOIN actions a ON a.id = t.action_id
     /*cite a.cite_id*/
     JOIN y ON t.held_on >= y.first_day AND t.held_on <= y.last_day
     WHERE a.axis = 'reach_out' AND a.status IN ('planned', 'running', 'done')
     GROUP BY a.cite_id, y.year",
    "SELECT a.cite_id, y.year, w.kind || '_beneficiaries', COUNT(DISTINCT b.participant_id)
     FROM (SELECT t.action_id, t.held_on AS on_day, sp.participant_id
           FROM action_session_participants sp JOIN action_sessions t ON t.id = sp.session_id
           UNION ALL
           SELECT e.action_id, e.placed_on, e.participant_id
           FROM enrolments e WHERE e.placed_on IS NOT NULL) b
     JOIN actions a ON a.id = b.action_id
     /*cite a.cite_id*/
     JOIN y ON b.on_day >= y.first_day AND b.on_day <= y.last_day
     JOIN w ON (w.kind = 'reach_out' AND a.axis = 'reach_out')
            OR (w.kind = 'innovative' AND a.innovative = TRUE)
     WHERE a.status IN ('planned', 'running', 'done')
     GROUP BY 1, 2, 3",
    "SELECT a.cite_id, y.year, w.kind || '_beneficiaries', CAST(SUM(t.anonymous_count) AS BIGINT)
     FROM action_sessions t JOIN actions a ON a.id = t.action_id
     /*cite a.cite_id*/
     JOIN y ON t.held_on >= y.first_day AND t.held_on <= y.last_day
     JOIN w ON (w.kind = 'reach_out' AND a.axis = 'reach_out')
            OR (w.kind = 'innovative' AND a.innovative = TRUE)
     WHERE a.status IN ('planned', 'running', 'done')
     GROUP BY 1, 2, 3",
    "SELECT a.cite_id, y.year, 'catalogue_reuses', COUNT(*)
     FROM actions a /*cite a.cite_id*/
     JOIN y ON a.created_at >= y.from_at AND a.created_at < y.until_at
     WHERE a.origin_fiche_id IS NOT NULL
     GROUP BY a.cite_id, y.year",
    "SELECT p.cite_id, y.year, 'persons_followed', COUNT(*)
     FROM participants p /*cite p.cite_id*/
     JOIN y ON p.entry_date <= y.last_day AND (p.exit_date IS NULL OR p.exit_date >= y.first_day)
     WHERE p.status IN ('active', 'exited') /*qpv p.id*/
     GROUP BY p.cite_id, y.year",
    "SELECT r.cite_id, y.year, 'referrals', COUNT(*)
     FROM referrals r /*cite r.cite_id*/
     JOIN y ON r.proposed_on >= y.first_day AND r.proposed_on <= y.last_day
     WHERE TRUE /*qpv r.participant_id*/
     GROUP BY r.cite_id, y.year",
    "SELECT b.cite_id, y.year, 'barriers_identified', COUNT(DISTINCT b.participant_id)
     FROM barriers b /*cite b.cite_id*/
     JOIN y ON b.identified_on >= y.first_day AND b.identified_on <= y.last_day
     WHERE TRUE /*qpv b.participant_id*/
     GROUP BY b.cite_id, y.year",
    "SELECT b.cite_id, y.year, 'barriers_lifted', COUNT(DISTINCT b.participant_id)
     FROM barriers b /*cite b.cite_id*/
     JOIN y ON b.lifted_on >= y.first_day AND b.lifted_on <= y.last_day
     WHERE TRUE /*qpv b.participant_id*/
     GROUP BY b.cite_id, y.year",
    "SELECT p.cite_id, y.year, 'exit:' || o.outcome, COUNT(*)
     FROM participants p /*cite p.cite_id*/
     JOIN outcomes o ON o.participant_id = p.id AND o.checkpoint = 'exit'
     JOIN y ON p.exit_date >= y.first_day AND p.exit_date <= y.last_day
     WHERE TRUE /*qpv p.id*/
     GROUP BY 1, 2, 3",
    "SELECT m.cite_id, y.year, 'committed', CAST(SUM(m.amount_cents) AS BIGINT)
     FROM commitments m /*cite m.cite_id*/
     JOIN y ON m.committed_on >= y.first_day AND m.committed_on <= y.last_day
     GROUP BY m.cite_id, y.year",
    "SELECT m.cite_id, y.year, 'paid', CAST(SUM(m.amount_cents) AS BIGINT)
     FROM payments m /*cite m.cite_id*/
     JOIN y ON m.paid_on >= y.first_day AND m.paid_on <= y.last_day
     GROUP BY m.cite_id, y.year",
    "SELECT l.cite_id, y.year,
            CASE WHEN l.funder = 'anct' THEN 'state_envelope' ELSE 'co_funding' END,
            CAST(SUM(l.amount_cents) AS BIGINT)
     FROM envelope_lines l /*cite l.cite_id*/
     JOIN y ON l.year = y.year
     GROUP BY 1, 2, 3",
];

/// The Cité the scope's measures are counted for: `None` for every active
/// one. Roles that do not read indicators are refused.
fn counted_cite(scope: &Scope, reach: Reach) -> StoreResult<Option<CiteId>> {
    match (scope, scope.role(), reach) {
        // The network has no quarter of its own: one Cité's QPV is not its.
        (Scope::National { .. }, _, Reach::Quarter(QpvFilter::In(_))) => Err(StoreError::Forbidden),
        (Scope::National { .. }, _, _) => Ok(None),
        (_, Role::Coordinateur | Role::Pilote, Reach::Own | Reach::Quarter(_)) => {
            Ok(scope.cite_id())
        }
        (_, Role::Coordinateur | Role::Pilote, Reach::Network) => Ok(None),
        _ => Err(StoreError::Forbidden),
    }
}

/// The scope's own Cité, for its tables of persons.
fn own_cite(scope: &Scope) -> StoreResult<CiteId> {
    counted_cite(scope, Reach::Own)?.ok_or(StoreError::Forbidden)
}

#[async_trait]
impl IndicatorStore for Backend {
    async fn indicator_measures(
        &self,
        scope: &Scope,
        reach: Reach,
        years: &[Year],
        now: DateTime<Utc>,
    ) -> StoreResult<Vec<Measure>> {
        let qpv = match reach {
            Reach::Quarter(qpv) => qpv,
            Reach::Own | Reach::Network => QpvFilter::All,
        };
        self.measures(counted_cite(scope, reach)?, qpv, years, now)
            .await
    }

    async fn open_indicator_measures(
        &self,
        years: &[Year],
        now: DateTime<Utc>,
    ) -> StoreResult<(Vec<OpenCite>, Vec<Measure>)> {
        let cites: Vec<(CiteId, String, String)> = sqlx::query_as(
            "SELECT id, code, name FROM cites WHERE archived_at IS NULL ORDER BY name",
        )
        .fetch_all(self.reader())
        .await?;
        let cites = cites
            .into_iter()
            .map(|(id, code, name)| OpenCite { id, code, name })
            .collect();
        Ok((
            cites,
            self.measures(None, QpvFilter::All, years, now).await?,
        ))
    }

    async fn referral_counts(
        &self,
        scope: &Scope,
        year: &Year,
        qpv: QpvFilter,
    ) -> StoreResult<Vec<ReferralCount>> {
        // The same referrals as the `referrals` measure, by partner.
        let mut query = QueryBuilder::new(
            "SELECT f.name, r.status, COUNT(*)
             FROM referrals r JOIN partners f ON f.id = r.from_partner_id
             WHERE r.cite_id = ",
        );
        query
            .push_bind(own_cite(scope)?)
            .push(" AND r.proposed_on >= ")
            .push_bind(year.first_day)
            .push(" AND r.proposed_on <= ")
            .push_bind(year.last_day);
        push_quarter(&mut query, "r.participant_id", qpv);
        query.push(" GROUP BY f.id, f.name, r.status");
        let rows: Vec<(String, String, i64)> =
            query.build_query_as().fetch_all(self.reader()).await?;
        Ok(rows
            .into_iter()
            .map(|(partner, status, referrals)| ReferralCount {
                partner,
                status,
                referrals,
            })
            .collect())
    }

    async fn cohort_counts(
        &self,
        scope: &Scope,
        year: &Year,
        qpv: QpvFilter,
    ) -> StoreResult<CohortCounts> {
        self.cohort(own_cite(scope)?, year, qpv).await
    }
}

/// `WITH y AS (…), w AS (…) `: the years asked, their bounds bound once,
/// with the instant before which a meeting is held; the two kinds of
/// actions reported.
fn years_and_kinds<'a>(years: &[Year], now: DateTime<Utc>) -> QueryBuilder<'a, Db> {
    let mut query: QueryBuilder<'_, Db> = QueryBuilder::new("WITH y AS (");
    for (i, year) in years.iter().enumerate() {
        if i > 0 {
            query.push(" UNION ALL ");
        }
        query
            .push("SELECT CAST(")
            .push_bind(year.year)
            .push(" AS INTEGER) AS year, ")
            .push_bind(year.first_day)
            .push(" AS first_day, ")
            .push_bind(year.last_day)
            .push(" AS last_day, ")
            .push_bind(year.from)
            .push(" AS from_at, ")
            .push_bind(year.until)
            .push(" AS until_at, ")
            .push_bind(now)
            .push(" AS now_at");
    }
    query.push("), w AS (SELECT 'reach_out' AS kind UNION ALL SELECT 'innovative') ");
    query
}

/// `measure` with its markers expanded: `/*cite <column>*/` joins the
/// active Cités (`cite` alone, when given); `/*qpv <column>*/` narrows the
/// persons to `qpv`.
fn push_measure(
    query: &mut QueryBuilder<'_, Db>,
    measure: &str,
    cite: Option<CiteId>,
    qpv: QpvFilter,
) {
    let mut parts = measure.split("/*");
    query.push(parts.next().unwrap_or_default());
    for part in parts {
        let (marker, rest) = part.split_once("*/").unwrap_or_default();
        match marker.split_once(' ') {
            Some(("cite", column)) => {
                query.push(format!(
                    "JOIN cites c ON c.id = {column} AND c.archived_at IS NULL"
                ));
                if let Some(cite_id) = cite {
                    query.push(format!(" AND {column} = ")).push_bind(cite_id);
                }
            }
            Some(("qpv", column)) => push_quarter(query, column, qpv),
            _ => {}
        }
        query.push(rest);
    }
}

impl Backend {
    /// The measures of `cite`, or of every active Cité; the cohort's of
    /// the persons in `qpv`.
    async fn measures(
        &self,
        cite: Option<CiteId>,
        qpv: QpvFilter,
        years: &[Year],
        now: DateTime<Utc>,
    ) -> StoreResult<Vec<Measure>> {
        if years.is_empty() {
            return Ok(Vec::new());
        }
        let mut rows: Vec<(CiteId, i32, String, i64)> = Vec::new();
        for measure in MEASURES {
            let mut query = years_and_kinds(years, now);
            push_measure(&mut query, measure, cite, qpv);
            rows.extend(query.build_query_as().fetch_all(self.reader()).await?);
        }
        Ok(rows
            .into_iter()
            .map(|(cite_id, year, measure, value)| Measure {
                cite_id,
                year,
                measure,
                value,
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    /// A measure without its Cités' join would count every Cité's records
    /// on one Cité's page: each has exactly one.
    #[test]
    fn every_measure_joins_the_cites_counted_once() {
        for measure in super::MEASURES {
            assert_eq!(measure.matches("/*cite ").count(), 1, "{measure}");
            let markers = measure.matches("/*").count();
            let known = measure.matches("/*cite ").count() + measure.matches("/*qpv ").count();
            assert_eq!(markers, known, "{measure}");
        }
    }
}
