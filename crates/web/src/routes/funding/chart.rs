//! The dashboard's chart (*graphique*): for each line of the year (or, for
//! the national team, each Cité), its envelope, what is committed and what is
//! paid, as a server-rendered SVG bar chart (no script: the CSP forbids it)
//! followed by its data table.

use maillage_domain::funding::LineBalance;
use maillage_domain::money::format_euros;
use maillage_store::funding::{CiteBudgetRow, LineRow};

/// The longest bar, in SVG units.
const BAR_MAX: i64 = 440;
/// The room right of the longest bar, for its value.
const TEXT_ROOM: i64 = 240;
const BAR_HEIGHT: i64 = 14;
/// A group: its caption line then three bars.
const GROUP_HEIGHT: i64 = 20 + 3 * (BAR_HEIGHT + 4) + 12;

/// The three measures, with their fill (DSFR blues) and legend.
const SERIES: [(&str, &str); 3] = [
    ("#cacafb", "Enveloppe"),
    ("#6a6af4", "Engagé"),
    ("#000091", "Payé"),
];

pub struct Bar {
    pub y: i64,
    pub width: i64,
    /// Where its text starts, right of the bar.
    pub text_x: i64,
    pub fill: &'static str,
    /// « Engagé : 30 000,00 € », beside the bar.
    pub text: String,
}

pub struct Group {
    /// « Actions · CAF »
    pub label: String,
    pub label_y: i64,
    pub bars: Vec<Bar>,
    /// The data table's row: envelope, committed, paid.
    pub figures: [String; 3],
}

pub struct Chart {
    pub width: i64,
    pub height: i64,
    pub groups: Vec<Group>,
    pub legend: Vec<(&'static str, &'static str)>,
    /// What a group is, for the title and caption: « par ligne et par financeur ».
    pub by: &'static str,
    /// The data table's first column: « Ligne et financeur ».
    pub column: &'static str,
}

fn measures(b: &LineBalance) -> [i64; 3] {
    [b.envelope(), b.committed, b.paid]
}

impl Chart {
    /// A Cité's chart: one group per line and funder.
    pub fn of(lines: &[LineRow]) -> Chart {
        let groups = lines.iter().map(|row| {
            let label = format!("{} · {}", row.line.label(), row.funder.label());
            (label, row.balance)
        });
        Chart::new(groups, "par ligne et par financeur", "Ligne et financeur")
    }

    /// The national chart: one group per Cité, all its lines together.
    pub fn of_cites(rows: &[CiteBudgetRow]) -> Chart {
        let groups = rows.iter().map(|r| (r.cite_name.clone(), r.balance));
        Chart::new(groups, "par Cité", "Cité")
    }

    fn new(
        groups: impl Iterator<Item = (String, LineBalance)>,
        by: &'static str,
        column: &'static str,
    ) -> Chart {
        let groups: Vec<(String, LineBalance)> = groups.collect();
        let max = groups
            .iter()
            .flat_map(|(_, balance)| measures(balance))
            .max()
            .unwrap_or(0)
            .max(1);
        let height = GROUP_HEIGHT * groups.len() as i64;
        let groups = groups
            .into_iter()
            .zip(0i64..)
            .map(|((label, balance), i)| {
                let top = i * GROUP_HEIGHT;
                let values = measures(&balance);
                let bars = values
                    .iter()
                    .zip(SERIES)
                    .zip(0i64..)
                    .map(|((&value, (fill, name)), j)| Bar {
                        y: top + 20 + j * (BAR_HEIGHT + 4),
                        width: value.max(0) * BAR_MAX / max,
                        text_x: value.max(0) * BAR_MAX / max + 6,
                        fill,
                        text: format!("{name} : {}", format_euros(value)),
                    })
                    .collect();
                Group {
                    label,
                    label_y: top + 14,
                    bars,
                    figures: values.map(format_euros),
                }
            })
            .collect();
        Chart {
            width: BAR_MAX + TEXT_ROOM,
            height,
            groups,
            legend: SERIES.to_vec(),
            by,
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
        let chart = Chart::of(&[line]);
        let widths: Vec<i64> = chart.groups[0].bars.iter().map(|b| b.width).collect();
        assert_eq!(widths, [BAR_MAX, BAR_MAX / 2, BAR_MAX / 4]);
        assert_eq!(
            chart.groups[0].label,
            "Actions · Crédits Cité de l'emploi (ANCT)"
        );
        assert_eq!(chart.groups[0].figures[2], "12\u{202f}500,00\u{a0}€");
        assert!(Chart::of(&[]).groups.is_empty());
        let cite = CiteBudgetRow {
            cite_id: maillage_domain::ids::CiteId::new(1),
            cite_name: "Angers".into(),
            balance,
            anct_allocated: 0,
        };
        let national = Chart::of_cites(&[cite]);
        assert_eq!(national.groups[0].label, "Angers");
        assert_eq!(national.groups[0].bars[1].width, BAR_MAX / 2);
        assert_eq!((national.by, national.column), ("par Cité", "Cité"));
    }
}
