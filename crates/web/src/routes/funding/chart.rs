//! The dashboard's chart (*graphique*): for each line of the year (or, for
//! the national team, each Cité), its envelope, what is committed and what is
//! paid, as a server-rendered SVG bar chart (no script: the CSP forbids it)
//! followed by its data table.

use maillage_domain::funding::LineBalance;
use maillage_domain::money::format_euros;
use maillage_store::funding::{CiteBudgetRow, LineRow};

use crate::views::chart::{BarChart, Series, Value, BLUES};

/// The three measures, with their fill and legend.
const SERIES: [Series<'static>; 3] = [
    (BLUES[0], "Enveloppe"),
    (BLUES[1], "Engagé"),
    (BLUES[2], "Payé"),
];

pub struct Chart {
    pub bars: BarChart,
    /// The data table's rows: a group's label, its envelope, committed and
    /// paid.
    pub rows: Vec<(String, [String; 3])>,
    /// What a group is, for the caption: « par ligne et par financeur ».
    pub by: &'static str,
    /// « Enveloppe, engagé et payé 2026 par Cité ».
    pub title: String,
    /// The data table's first column: « Ligne et financeur ».
    pub column: &'static str,
}

fn measures(b: &LineBalance) -> [i64; 3] {
    [b.envelope(), b.committed, b.paid]
}

impl Chart {
    /// A Cité's chart of `year`: one group per line and funder.
    pub fn of(lines: &[LineRow], year: i32) -> Chart {
        let groups = lines.iter().map(|row| {
            let label = format!("{} · {}", row.line.label(), row.funder.label());
            (label, row.balance)
        });
        Chart::new(
            groups,
            year,
            "par ligne et par financeur",
            "Ligne et financeur",
        )
    }

    /// The national chart of `year`: one group per Cité, all its lines
    /// together.
    pub fn of_cites(rows: &[CiteBudgetRow], year: i32) -> Chart {
        let groups = rows.iter().map(|r| (r.cite_name.clone(), r.balance));
        Chart::new(groups, year, "par Cité", "Cité")
    }

    fn new(
        groups: impl Iterator<Item = (String, LineBalance)>,
        year: i32,
        by: &'static str,
        column: &'static str,
    ) -> Chart {
        let rows: Vec<(String, [i64; 3])> = groups
            .map(|(label, balance)| (label, measures(&balance)))
            .collect();
        let drawn = rows
            .iter()
            .map(|(label, values)| {
                let values = values.iter().map(|v| Value {
                    value: Some(*v),
                    text: format_euros(*v),
                });
                (label.clone(), values.collect())
            })
            .collect();
        Chart {
            bars: BarChart::new(drawn, &SERIES),
            rows: rows
                .into_iter()
                .map(|(label, values)| (label, values.map(format_euros)))
                .collect(),
            by,
            title: format!("Enveloppe, engagé et payé {year} {by}"),
            column,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use maillage_domain::funding::{BudgetLine, Funder};

    #[test]
    fn bars_are_scaled_to_the_largest_figure() {
        let balance = LineBalance {
            allocated: 5_000_000,
            committed: 2_500_000,
            paid: 1_250_000,
            ..LineBalance::default()
        };
        let line = LineRow {
            funder: Funder::Anct,
            line: BudgetLine::Actions,
            balance,
        };
        let chart = Chart::of(&[line], 2026);
        let widths: Vec<i64> = chart.bars.groups[0].bars.iter().map(|b| b.width).collect();
        assert_eq!(widths, [440, 220, 110]);
        assert_eq!(chart.rows[0].0, "Actions · Crédits Cité de l'emploi (ANCT)");
        assert_eq!(chart.rows[0].1[2], "12\u{202f}500,00\u{a0}€");
        assert_eq!(
            chart.bars.groups[0].bars[2].text,
            "Payé : 12\u{202f}500,00\u{a0}€"
        );
        assert!(Chart::of(&[], 2026).rows.is_empty());
        let cite = CiteBudgetRow {
            cite_id: maillage_domain::ids::CiteId::new(1),
            cite_name: "Angers".into(),
            balance,
            anct_allocated: 0,
        };
        let national = Chart::of_cites(&[cite], 2026);
        assert_eq!(national.rows[0].0, "Angers");
        assert_eq!(national.bars.groups[0].bars[1].width, 220);
        assert_eq!((national.by, national.column), ("par Cité", "Cité"));
    }
}
