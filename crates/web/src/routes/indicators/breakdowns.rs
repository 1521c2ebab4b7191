//! The year's tables of persons: the barriers by category and the leavers'
//! situations at each checkpoint, for a Cité's readers; the exits broken
//! down (*ventilation*) and the referrals by partner, for those who follow
//! the persons. Every one is masked as a table (`masking::mask_table`).

use maillage_domain::accounts::Role;
use maillage_domain::indicators::breakdown::{breakdown, Dimension};
use maillage_domain::indicators::cohort::{barriers_by_category, CategoryBarriers, CohortCounts};
use maillage_domain::indicators::referrals::{
    by_partner, ReferralCount, COLUMNS as REFERRAL_COLUMNS,
};
use maillage_domain::masking::mask_table;
use maillage_domain::participants::indicators::{
    outcomes_by_class, OutcomeCount, CLASSES, FOLLOW_UP_CHECKPOINTS,
};

use crate::views::chart::{BarChart, Value, BLUES};

/// A table of the year's persons: the exits by class and by QPV, sex, age
/// band, barrier or action; the barriers by category; the situations by
/// checkpoint; the referrals by partner and decision.
pub struct BreakdownView {
    pub code: &'static str,
    /// The rows' heading: « Par sexe », « Partenaire ».
    pub title: &'static str,
    /// « Sorties 2026 par sexe ».
    pub caption: String,
    /// What the table says without rows.
    pub empty: String,
    /// The figures' columns, before the rows' totals.
    pub columns: Vec<&'static str>,
    /// Whether each row ends with its total: not where a row's columns
    /// count the same person twice.
    pub row_totals: bool,
    /// Each row's label and figures.
    pub rows: Vec<(String, Vec<String>)>,
    /// The columns' totals, the grand total last with the rows'; empty
    /// where a person may fall in several rows.
    pub totals: Vec<String>,
    /// The table drawn, one series per column, for those read at a glance.
    pub chart: Option<BarChart>,
    /// What to know to read it, if anything.
    pub note: &'static str,
}

/// What a table shows besides its cells.
#[derive(Clone, Copy)]
struct Shape {
    row_totals: bool,
    column_totals: bool,
    chart: bool,
}

impl BreakdownView {
    fn head(
        code: &'static str,
        title: &'static str,
        caption: String,
        empty: String,
        columns: Vec<&'static str>,
    ) -> BreakdownView {
        BreakdownView {
            code,
            title,
            caption,
            empty,
            columns,
            row_totals: true,
            rows: Vec::new(),
            totals: Vec::new(),
            chart: None,
            note: "",
        }
    }

    /// Shown to those who follow the persons only (exact then); masked as a
    /// table all the same, should another role ever read it.
    pub(super) fn exits(
        role: Role,
        year: i32,
        dimension: Dimension,
        counts: &CohortCounts,
    ) -> BreakdownView {
        let title = dimension.label();
        let head = BreakdownView::head(
            dimension.code(),
            title,
            format!("Sorties {year} {}", title.to_lowercase()),
            format!("Aucune sortie enregistrée en {year}."),
            CLASSES.iter().map(|c| c.label()).collect(),
        );
        let shape = Shape {
            row_totals: true,
            column_totals: dimension.partitions(),
            chart: false,
        };
        let note = match shape.column_totals {
            true => "",
            false => "Une personne compte dans chaque ligne qui la concerne : ce tableau n'a pas de total par colonne.",
        };
        BreakdownView {
            note,
            ..head.filled(role, &breakdown(counts, dimension), shape)
        }
    }

    pub(super) fn referrals(role: Role, year: i32, counts: &[ReferralCount]) -> BreakdownView {
        let head = BreakdownView::head(
            "orientations",
            "Partenaire",
            format!("Orientations {year} par partenaire"),
            format!("Aucune orientation proposée en {year}."),
            REFERRAL_COLUMNS.to_vec(),
        );
        let shape = Shape {
            row_totals: true,
            column_totals: true,
            chart: false,
        };
        head.filled(role, &by_partner(counts), shape)
    }

    /// The persons with a barrier of each category found, and lifted, in
    /// the year: someone counts in each category of theirs, so no totals.
    pub(super) fn barriers(role: Role, year: i32, counts: &[CategoryBarriers]) -> BreakdownView {
        let head = BreakdownView::head(
            "freins",
            "Catégorie",
            format!("Freins {year} par catégorie"),
            format!("Aucun frein repéré ni levé en {year}."),
            vec![
                "Personnes avec un frein repéré",
                "Personnes avec un frein levé",
            ],
        );
        let shape = Shape {
            row_totals: false,
            column_totals: false,
            chart: true,
        };
        let mut rows = barriers_by_category(counts);
        // Most found first gives masked rows a rank: by name for those who
        // read them masked.
        if !role.sees_persons() {
            rows.sort_by(|a, b| a.0.cmp(&b.0));
        }
        BreakdownView {
            note: "Une personne compte dans chaque catégorie de ses freins.",
            ..head.filled(role, &rows, shape)
        }
    }

    /// The year's leavers by class at exit, +6 and +12 months. A column's
    /// total is the leavers whose situation is known then; co-pilots read
    /// the classes at exit as indicators too, so they get no totals.
    pub(super) fn follow_ups(role: Role, year: i32, counts: &[OutcomeCount]) -> BreakdownView {
        let head = BreakdownView::head(
            "situations",
            "Situation",
            format!("Situations des personnes sorties en {year}"),
            format!("Aucune sortie enregistrée en {year}."),
            FOLLOW_UP_CHECKPOINTS.iter().map(|c| c.label()).collect(),
        );
        let table = outcomes_by_class(counts);
        let rows: Vec<(String, [i64; 3])> = CLASSES
            .iter()
            .zip(table)
            .map(|(class, row)| (class.label().to_owned(), row))
            .collect();
        let known = table.iter().flatten().any(|n| *n > 0);
        let shape = Shape {
            row_totals: false,
            column_totals: role.sees_persons(),
            chart: true,
        };
        BreakdownView {
            note: "Leur situation à la sortie, puis à 6 et à 12 mois une fois relevée.",
            ..head.filled(role, if known { &rows } else { &[] }, shape)
        }
    }

    /// This head with `rows` and what `shape` adds, masked as a table.
    fn filled<const N: usize>(
        self,
        role: Role,
        rows: &[(String, [i64; N])],
        shape: Shape,
    ) -> BreakdownView {
        let table = mask_table(
            role,
            &rows.iter().map(|(_, r)| r.to_vec()).collect::<Vec<_>>(),
        );
        let width = table.cols() + usize::from(shape.row_totals);
        let line = |r: usize| (0..width).map(|c| table.cell(r, c).text()).collect();
        let chart = shape.chart.then(|| {
            let groups = rows
                .iter()
                .enumerate()
                .map(|(r, (label, _))| {
                    let values = (0..table.cols()).map(|c| {
                        let shown = table.cell(r, c);
                        Value {
                            value: shown.count(),
                            text: shown.text(),
                        }
                    });
                    (label.clone(), values.collect())
                })
                .collect();
            let fills = BLUES.iter().skip(BLUES.len().saturating_sub(N));
            let series: Vec<_> = fills.zip(&self.columns).map(|(f, c)| (*f, *c)).collect();
            BarChart::new(groups, &series)
        });
        BreakdownView {
            row_totals: shape.row_totals,
            rows: rows
                .iter()
                .enumerate()
                .map(|(r, (label, _))| (label.clone(), line(r)))
                .collect(),
            totals: match shape.column_totals {
                true => line(table.rows()),
                false => Vec::new(),
            },
            chart: chart.filter(|_| !rows.is_empty()),
            ..self
        }
    }
}
