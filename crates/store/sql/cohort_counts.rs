//! A Cité's cohort in one year as tables (`domain::indicators::cohort`):
//! its leavers by QPV, sex, age band, barrier category and action, its
//! barriers of the year by category, its leavers' situations at each
//! checkpoint; narrowed to one quarter when asked. Cité-scoped reads of
//! the indexes on `participants (cite_id, status, exit_date)` and on each
//! person's barriers, séances and places.

use maillage_domain::ids::CiteId;
use maillage_domain::indicators::breakdown::{AgeBand, ExitCount};
use maillage_domain::indicators::cohort::{
    CategoryBarriers, CohortCounts, LabelledExit, QpvFilter,
};
use maillage_domain::indicators::Year;
use maillage_domain::participants::indicators::OutcomeCount;
use maillage_domain::referential::thematic_categories;
use maillage_store::{StoreError, StoreResult};
use sqlx::QueryBuilder;

use crate::{Backend, Db};

/// Narrows a query to the persons of `qpv`: `column` holds a person's id.
pub(super) fn push_quarter(query: &mut QueryBuilder<'_, Db>, column: &str, qpv: QpvFilter) {
    match qpv {
        QpvFilter::All => {}
        QpvFilter::In(id) => {
            query
                .push(format!(
                    " AND {column} IN (SELECT id FROM participants WHERE qpv_id = "
                ))
                .push_bind(id)
                .push(")");
        }
        QpvFilter::Inside | QpvFilter::Outside => {
            let null = if qpv == QpvFilter::Inside {
                "NOT NULL"
            } else {
                "NULL"
            };
            query.push(format!(
                " AND {column} IN (SELECT id FROM participants WHERE qpv_id IS {null})"
            ));
        }
    }
}

/// `{column} >= first day AND {column} <= last day` of `year`.
fn push_within(query: &mut QueryBuilder<'_, Db>, column: &str, year: &Year) {
    query
        .push(format!("{column} >= "))
        .push_bind(year.first_day)
        .push(format!(" AND {column} <= "))
        .push_bind(year.last_day);
}

/// `WITH e`, the year's leavers with their situation at exit.
fn leavers<'a>(cite_id: CiteId, year: &Year, qpv: QpvFilter) -> QueryBuilder<'a, Db> {
    let mut query = QueryBuilder::new(
        "WITH e AS (
             SELECT p.id, p.qpv_id, p.sex, p.birth_date, o.outcome
             FROM participants p
             JOIN outcomes o ON o.participant_id = p.id AND o.checkpoint = 'exit'
             WHERE p.cite_id = ",
    );
    query.push_bind(cite_id).push(" AND ");
    push_within(&mut query, "p.exit_date", year);
    push_quarter(&mut query, "p.id", qpv);
    query.push(") ");
    query
}

/// `k`, the barrier categories: their thematics' codes start with
/// `<category>--`.
fn push_categories(query: &mut QueryBuilder<'_, Db>) {
    query.push("k(category) AS (VALUES ");
    let mut values = query.separated(", ");
    for category in thematic_categories() {
        values
            .push("(")
            .push_bind_unseparated(category.code)
            .push_unseparated(")");
    }
    query.push(") ");
}

/// The category a barrier's thematic belongs to, `''` for none.
const CATEGORY_OF_B: &str =
    "LEFT JOIN k ON substr(b.thematic, 1, length(k.category) + 2) = k.category || '--'";

impl Backend {
    pub(super) async fn cohort(
        &self,
        cite_id: CiteId,
        year: &Year,
        qpv: QpvFilter,
    ) -> StoreResult<CohortCounts> {
        let [under_26, under_50] = AgeBand::cutoffs(year.last_day).ok_or(StoreError::NotFound)?;
        // The bands' cut-offs are bound dates: no date arithmetic in SQL.
        let mut exits = leavers(cite_id, year, qpv);
        exits
            .push("SELECT q.name, e.sex, CASE WHEN e.birth_date > ")
            .push_bind(under_26)
            .push(" THEN 'under_26' WHEN e.birth_date > ")
            .push_bind(under_50)
            .push(
                " THEN '26_49' ELSE '50_plus' END,
                 e.outcome, COUNT(*)
                 FROM e LEFT JOIN qpvs q ON q.id = e.qpv_id
                 GROUP BY 1, 2, 3, 4",
            );
        let exits = exits.build_query_as::<(Option<String>, String, String, String, i64)>();
        // A person counts once under each category of barrier found, and
        // under « none » when no barrier was found.
        let mut by_barrier = leavers(cite_id, year, qpv);
        by_barrier.push(", ");
        push_categories(&mut by_barrier);
        by_barrier.push(format!(
            "SELECT CASE WHEN b.id IS NULL THEN NULL ELSE COALESCE(k.category, '') END,
                    e.outcome, COUNT(DISTINCT e.id)
             FROM e LEFT JOIN barriers b ON b.participant_id = e.id
             {CATEGORY_OF_B}
             GROUP BY 1, 2"
        ));
        let by_barrier = by_barrier.build_query_as::<(Option<String>, String, i64)>();
        // The actions of their séances and places (as the beneficiaries'
        // measures: not a cancelled one), each person once per action.
        let mut by_action = leavers(cite_id, year, qpv);
        by_action.push(
            ", x AS (
                SELECT t.action_id, sp.participant_id
                FROM e JOIN action_session_participants sp ON sp.participant_id = e.id
                JOIN action_sessions t ON t.id = sp.session_id
                JOIN actions v ON v.id = t.action_id
                WHERE v.status IN ('planned', 'running', 'done')
                UNION
                SELECT n.action_id, n.participant_id
                FROM e JOIN enrolments n ON n.participant_id = e.id
                JOIN actions v ON v.id = n.action_id
                WHERE n.placed_on IS NOT NULL AND v.status IN ('planned', 'running', 'done'))
             SELECT a.title, e.outcome, COUNT(DISTINCT e.id)
             FROM e LEFT JOIN x ON x.participant_id = e.id
             LEFT JOIN actions a ON a.id = x.action_id
             GROUP BY a.id, a.title, e.outcome",
        );
        let by_action = by_action.build_query_as::<(Option<String>, String, i64)>();
        let mut follow_ups = leavers(cite_id, year, qpv);
        follow_ups.push(
            "SELECT o.checkpoint, o.outcome, COUNT(*)
             FROM e JOIN outcomes o ON o.participant_id = e.id
             GROUP BY 1, 2",
        );
        let follow_ups = follow_ups.build_query_as::<(String, String, i64)>();
        // Persons with a barrier of the category found, or lifted, in the year.
        let mut barriers = QueryBuilder::new("WITH ");
        push_categories(&mut barriers);
        barriers.push("SELECT k.category, COUNT(DISTINCT CASE WHEN ");
        push_within(&mut barriers, "b.identified_on", year);
        barriers.push(" THEN b.participant_id END), COUNT(DISTINCT CASE WHEN ");
        push_within(&mut barriers, "b.lifted_on", year);
        barriers.push(format!(
            " THEN b.participant_id END) FROM barriers b {CATEGORY_OF_B} WHERE b.cite_id = "
        ));
        barriers.push_bind(cite_id).push(" AND ((");
        push_within(&mut barriers, "b.identified_on", year);
        barriers.push(") OR (");
        push_within(&mut barriers, "b.lifted_on", year);
        barriers.push("))");
        push_quarter(&mut barriers, "b.participant_id", qpv);
        barriers.push(" GROUP BY k.category");
        let barriers = barriers.build_query_as::<(Option<String>, i64, i64)>();
        let (exits, by_barrier, by_action, follow_ups, barriers) = tokio::try_join!(
            exits.fetch_all(self.reader()),
            by_barrier.fetch_all(self.reader()),
            by_action.fetch_all(self.reader()),
            follow_ups.fetch_all(self.reader()),
            barriers.fetch_all(self.reader()),
        )?;
        let labelled = |rows: Vec<(Option<String>, String, i64)>| {
            rows.into_iter()
                .map(|(label, outcome, persons)| LabelledExit {
                    label,
                    outcome,
                    persons,
                })
                .collect()
        };
        Ok(CohortCounts {
            exits: exits
                .into_iter()
                .map(|(qpv, sex, age_band, outcome, persons)| ExitCount {
                    qpv,
                    sex,
                    age_band,
                    outcome,
                    persons,
                })
                .collect(),
            exits_by_barrier: labelled(by_barrier),
            exits_by_action: labelled(by_action),
            barriers: barriers
                .into_iter()
                .map(|(category, identified, lifted)| CategoryBarriers {
                    category,
                    identified,
                    lifted,
                })
                .collect(),
            follow_ups: follow_ups.into_iter().map(OutcomeCount::from).collect(),
        })
    }
}
