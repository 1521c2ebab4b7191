//! The year's tables of persons with their totals, for those who follow
//! the persons: the exits broken down (*ventilation*), the referrals by
//! partner. Masked as tables all the same (`masking::mask_table`).

use maillage_domain::accounts::Role;
use maillage_domain::indicators::breakdown::{breakdown, Dimension, ExitCount};
use maillage_domain::indicators::referrals::{
    by_partner, ReferralCount, COLUMNS as REFERRAL_COLUMNS,
};
use maillage_domain::masking::mask_table;
use maillage_domain::participants::indicators::CLASSES;

/// A table of the year's persons with its totals: the exits by class and
/// by QPV, sex or age band; the referrals by partner and decision.
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
    /// Each row's label and figures, its total last.
    pub rows: Vec<(String, Vec<String>)>,
    /// The columns' totals, the grand total last.
    pub totals: Vec<String>,
}

impl BreakdownView {
    /// Shown to those who follow the persons only (exact then); masked as a
    /// table all the same, should another role ever read it.
    pub(super) fn exits(
        role: Role,
        year: i32,
        dimension: Dimension,
        counts: &[ExitCount],
    ) -> BreakdownView {
        let title = dimension.label();
        let head = BreakdownView {
            code: dimension.code(),
            title,
            caption: format!("Sorties {year} {}", title.to_lowercase()),
            empty: format!("Aucune sortie enregistrée en {year}."),
            columns: CLASSES.iter().map(|c| c.label()).collect(),
            rows: Vec::new(),
            totals: Vec::new(),
        };
        head.filled(role, &breakdown(counts, dimension))
    }

    pub(super) fn referrals(role: Role, year: i32, counts: &[ReferralCount]) -> BreakdownView {
        let head = BreakdownView {
            code: "orientations",
            title: "Partenaire",
            caption: format!("Orientations {year} par partenaire"),
            empty: format!("Aucune orientation proposée en {year}."),
            columns: REFERRAL_COLUMNS.to_vec(),
            rows: Vec::new(),
            totals: Vec::new(),
        };
        head.filled(role, &by_partner(counts))
    }

    /// This head with `rows` and their totals, masked as a table.
    fn filled<const N: usize>(self, role: Role, rows: &[(String, [i64; N])]) -> BreakdownView {
        let table = mask_table(
            role,
            &rows.iter().map(|(_, r)| r.to_vec()).collect::<Vec<_>>(),
        );
        let line = |r: usize| {
            (0..=table.cols())
                .map(|c| table.cell(r, c).text())
                .collect()
        };
        BreakdownView {
            rows: rows
                .iter()
                .enumerate()
                .map(|(r, (label, _))| (label.clone(), line(r)))
                .collect(),
            totals: line(table.rows()),
            ..self
        }
    }
}
