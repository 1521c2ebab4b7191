//! The indicators as a reader reads them: each figure masked for their
//! role, a section's lines with their chart, the network's totals that a
//! column of Cités withholds, the national table's line per Cité.

use std::collections::BTreeMap;

use maillage_domain::accounts::Role;
use maillage_domain::ids::CiteId;
use maillage_domain::indicators::{median, Figures, Indicator, Section, Unit};
use maillage_domain::masking::{
    count_for, mask_column, masked_count, may_reveal, Shown, MIN_SHOWN_COUNT,
};
use maillage_domain::money::format_euros;
use maillage_office::Figure;

use super::BY_CITE;
use crate::views::chart::{BarChart, Value, BLUES};
use crate::views::format;

/// One indicator: its figure each year shown, and on a Cité's page the
/// network's median for the year asked.
pub struct Line {
    pub indicator: Indicator,
    pub section: &'static str,
    pub label: &'static str,
    pub definition: &'static str,
    pub figures: Vec<Figure>,
    pub median: Option<Figure>,
}

impl Line {
    pub fn texts(&self) -> Vec<String> {
        self.figures.iter().map(text).collect()
    }

    pub fn median_text(&self) -> Option<String> {
        self.median.as_ref().map(text)
    }
}

pub struct SectionView {
    pub code: &'static str,
    pub title: &'static str,
    /// « Innover, de 2024 à 2026 ».
    pub chart_title: String,
    pub lines: Vec<Line>,
    pub chart: BarChart,
    /// Whether its lines have the network's median.
    pub medians: bool,
}

/// A Cité's line in the national table.
pub struct CiteLine {
    pub name: String,
    pub figures: Vec<String>,
}

/// A figure as `role` reads it: a count of persons masked, as its text.
pub(super) fn figure(role: Role, indicator: Indicator, value: i64) -> Figure {
    match indicator.unit() {
        Unit::Persons if !may_reveal(role, value) => Figure::Text(count_for(role, value)),
        Unit::Euros => Figure::Euros(value),
        Unit::Persons | Unit::Count => Figure::Count(value),
    }
}

/// A median: a count of persons under the threshold is masked for every
/// role, as it is another Cité's figure.
pub(super) fn median_figure(indicator: Indicator, value: i64) -> Figure {
    match indicator.unit() {
        Unit::Euros => Figure::Euros(value),
        Unit::Persons if value > 0 && value < MIN_SHOWN_COUNT => Figure::Text(masked_count(value)),
        _ => Figure::Count(value),
    }
}

/// A figure as the page writes it: `1 234`, `1 234,50 €`, `< 5`.
pub(super) fn text(figure: &Figure) -> String {
    match figure {
        Figure::Count(n) => format::integer(*n),
        Figure::Euros(cents) => format_euros(*cents),
        Figure::Text(text) => text.clone(),
    }
}

/// A section's figures over `years`, with its chart.
fn section_view(
    reading: &Reading,
    section: Section,
    years: &[i32],
    figures: &Figures,
    network: Option<(&[&Figures], i32)>,
) -> SectionView {
    let lines: Vec<Line> = Indicator::of(section)
        .map(|indicator| Line {
            indicator,
            section: section.label(),
            label: indicator.label(),
            definition: indicator.definition(),
            figures: years
                .iter()
                .map(|y| reading.figure(*y, indicator, figures.get(*y, indicator)))
                .collect(),
            median: network.map(|(cites, year)| {
                median(cites.iter().copied(), year, indicator).map_or_else(
                    || Figure::Text("—".to_owned()),
                    |m| median_figure(indicator, m),
                )
            }),
        })
        .collect();
    let groups = Indicator::of(section)
        .map(|indicator| {
            let values = years.iter().map(|y| {
                let value = figures.get(*y, indicator);
                let shown = reading.figure(*y, indicator, value);
                Value {
                    value: (!matches!(shown, Figure::Text(_))).then_some(value),
                    text: text(&shown),
                }
            });
            (indicator.label().to_owned(), values.collect())
        })
        .collect();
    // The latest year in the darkest blue.
    let names: Vec<String> = years.iter().map(i32::to_string).collect();
    let fills = BLUES.iter().skip(BLUES.len().saturating_sub(years.len()));
    let series: Vec<_> = fills.zip(&names).map(|(f, n)| (*f, n.as_str())).collect();
    let span = match (years.first(), years.last()) {
        (Some(first), Some(last)) if first != last => format!(", de {first} à {last}"),
        (Some(year), _) => format!(" en {year}"),
        _ => String::new(),
    };
    SectionView {
        code: section.code(),
        title: section.label(),
        chart_title: format!("{}{span}", section.label()),
        lines,
        chart: BarChart::new(groups, &series),
        medians: network.is_some(),
    }
}

/// Every section's figures and charts.
pub(super) fn sections(
    reading: &Reading,
    years: &[i32],
    figures: &Figures,
    network: Option<(&[&Figures], i32)>,
) -> Vec<SectionView> {
    Section::ALL
        .iter()
        .map(|s| section_view(reading, *s, years, figures, network))
        .collect()
}

/// How a reader reads figures: masked for their role, and for the network
/// the totals of persons that a column of Cités withholds.
pub(super) struct Reading {
    role: Role,
    /// By (year, indicator), what stands for a withheld network total.
    withheld: BTreeMap<(i32, Indicator), String>,
}

impl Reading {
    pub(super) fn of(role: Role) -> Reading {
        Reading {
            role,
            withheld: BTreeMap::new(),
        }
    }

    /// The network's figures beside every active Cité's, as open data
    /// publishes them: where masking a column of Cités withholds its total
    /// (one Cité's own figure would give a small one back), the network's
    /// figure is withheld too, on every page and document.
    pub(super) fn network(role: Role, cites: &[&Figures], years: &[i32]) -> Reading {
        let mut withheld = BTreeMap::new();
        let persons = Indicator::ALL
            .into_iter()
            .filter(|i| i.unit() == Unit::Persons);
        for indicator in persons {
            for year in years {
                let values: Vec<i64> = cites.iter().map(|f| f.get(*year, indicator)).collect();
                let (_, total) = mask_column(role, &values);
                if !matches!(total, Shown::Count(_)) {
                    withheld.insert((*year, indicator), total.text());
                }
            }
        }
        Reading { role, withheld }
    }

    /// A quarter's figures: where one part of the quarters' partition
    /// (each of the Cité's QPVs and outside, or the QPVs' residents and the
    /// others) holds a count the reader may not learn, every quarter's
    /// figure is withheld, as the whole (on the page without a quarter)
    /// less the other parts would give it back.
    pub(super) fn quarter(mut self, parts: &[Figures], years: &[i32]) -> Reading {
        for indicator in Indicator::ALL
            .into_iter()
            .filter(|i| i.unit() == Unit::Persons)
        {
            for year in years {
                let small = parts
                    .iter()
                    .any(|f| !may_reveal(self.role, f.get(*year, indicator)));
                if small {
                    self.withheld
                        .insert((*year, indicator), Shown::Withheld.text());
                }
            }
        }
        self
    }

    pub(super) fn figure(&self, year: i32, indicator: Indicator, value: i64) -> Figure {
        match self.withheld.get(&(year, indicator)) {
            Some(text) => Figure::Text(text.clone()),
            None => figure(self.role, indicator, value),
        }
    }
}

/// Each Cité's figures of the year in the national table; a column of
/// persons masked as a table whose total the network's line gives.
pub(super) fn cite_lines(
    role: Role,
    names: &[(CiteId, String)],
    cites: &BTreeMap<CiteId, Figures>,
    year: i32,
) -> Vec<CiteLine> {
    let empty = Figures::default();
    let of = |id| cites.get(id).unwrap_or(&empty);
    let columns: Vec<Vec<String>> = BY_CITE
        .iter()
        .map(|indicator| {
            let values: Vec<i64> = names
                .iter()
                .map(|(id, _)| of(id).get(year, *indicator))
                .collect();
            match indicator.unit() {
                Unit::Persons => mask_column(role, &values)
                    .0
                    .iter()
                    .map(|s| s.text())
                    .collect(),
                _ => values
                    .iter()
                    .map(|v| text(&figure(role, *indicator, *v)))
                    .collect(),
            }
        })
        .collect();
    names
        .iter()
        .enumerate()
        .map(|(r, (_, name))| CiteLine {
            name: name.clone(),
            figures: columns.iter().map(|c| c[r].clone()).collect(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use maillage_domain::indicators::{self, assemble};

    use super::*;

    #[test]
    fn a_network_total_its_column_of_cites_withholds_is_withheld_too() {
        // One Cité's 40, known to its own co-pilots, would give the other's 3
        // back from a total of 43.
        let measure = |cite, value| indicators::Measure {
            cite_id: CiteId::new(cite),
            year: 2026,
            measure: "reach_out_beneficiaries".into(),
            value,
        };
        let cites = assemble(&[measure(1, 0), measure(2, 3), measure(3, 40)]);
        let active: Vec<&Figures> = cites.values().collect();
        let network = indicators::network(active.iter().copied());
        let reading = Reading::network(Role::National, &active, &[2026]);
        let beneficiaries = Indicator::ReachOutBeneficiaries;
        let shown = reading.figure(2026, beneficiaries, network.get(2026, beneficiaries));
        assert_eq!(
            text(&shown),
            mask_column(Role::National, &[0, 3, 40]).1.text()
        );
        assert_ne!(text(&shown), "43");
        // Counts of things, and years the column shows whole, read as they are.
        assert_eq!(
            reading.figure(2026, Indicator::Partners, 2),
            Figure::Count(2)
        );
        assert_eq!(reading.figure(2025, beneficiaries, 43), Figure::Count(43));
    }

    #[test]
    fn medians_mask_small_counts_for_every_role() {
        let shown = |indicator, value| text(&median_figure(indicator, value));
        assert_eq!(shown(Indicator::Partners, 3), "3");
        assert_eq!(shown(Indicator::PersonsFollowed, 3), "< 5");
        assert_eq!(shown(Indicator::PersonsFollowed, 90), "90");
        assert_eq!(shown(Indicator::Paid, 1_000_050), "10\u{202f}000,50\u{a0}€");
        let role = Role::Pilote;
        assert_eq!(
            figure(role, Indicator::Referrals, 3),
            Figure::Text("< 5".into())
        );
        assert_eq!(figure(role, Indicator::Partners, 3), Figure::Count(3));
    }
}
