//! The programme's indicators (*indicateurs*), `/indicateurs`: for a Cité's
//! coordinators and co-pilots, its figures over three years beside the
//! network's median; for the national team, the network's figures and each
//! Cité's for the year. Each section has its chart and, under it, its data
//! table; every count of persons goes through the reader's masking, and a
//! column of Cités through the table's (*secret secondaire*).

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use maillage_domain::accounts::Role;
use maillage_domain::funding::format_leverage;
use maillage_domain::ids::CiteId;
use maillage_domain::indicators::{
    self, assemble, median, report_years, Figures, Indicator, Section, Unit, Year,
};
use maillage_domain::masking::{count_for, mask_table, masked_count, may_reveal, MIN_SHOWN_COUNT};
use maillage_domain::money::format_euros;
use maillage_store::indicators::Reach;
use serde::Deserialize;

use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::extract::Query;
use crate::state::AppState;
use crate::views::chart::{BarChart, Value, BLUES};
use crate::views::{format, render, Layout};

const PATH: &str = "/indicateurs";

/// How many years a page shows, the one asked and those before it.
const SPAN: i32 = 3;

/// The columns of the national table, one line per Cité.
const BY_CITE: [Indicator; 7] = [
    Indicator::Partners,
    Indicator::CopilsHeld,
    Indicator::ReachOutActions,
    Indicator::ReachOutBeneficiaries,
    Indicator::InnovativeActions,
    Indicator::PersonsFollowed,
    Indicator::ExitDurable,
];

pub fn routes() -> Router<AppState> {
    Router::new().route(PATH, get(show))
}

#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct YearQuery {
    annee: Option<i32>,
}

/// One indicator: its figure each year shown, and on a Cité's page the
/// network's median for the year asked.
pub struct Line {
    pub label: &'static str,
    pub definition: &'static str,
    pub figures: Vec<String>,
    pub median: Option<String>,
}

pub struct SectionView {
    pub code: &'static str,
    pub title: &'static str,
    /// « Innover, de 2024 à 2026 ».
    pub chart_title: String,
    pub lines: Vec<Line>,
    pub chart: BarChart,
}

/// A Cité's line in the national table.
pub struct CiteLine {
    pub name: String,
    pub figures: Vec<String>,
}

#[derive(Template)]
#[template(path = "indicators/page.html")]
struct Page {
    layout: Layout,
    /// The Cité's name, or « le réseau ».
    whose: String,
    year: i32,
    previous: Option<i32>,
    next: Option<i32>,
    years: Vec<i32>,
    sections: Vec<SectionView>,
    national: bool,
    columns: Vec<&'static str>,
    cites: Vec<CiteLine>,
    leverage: Option<String>,
    threshold: i64,
}

/// A figure as `role` reads it: persons masked, euros as euros.
fn shown(role: Role, indicator: Indicator, value: i64) -> String {
    match indicator.unit() {
        Unit::Persons => count_for(role, value),
        Unit::Euros => format_euros(value),
        Unit::Count => format::integer(value),
    }
}

/// A median, rounded as its figures are (a half stays: « 12,5 »); one of
/// persons under the threshold is masked like a count.
fn shown_median(role: Role, indicator: Indicator, value: f64) -> String {
    let small = value > 0.0 && value < MIN_SHOWN_COUNT as f64;
    match indicator.unit() {
        Unit::Euros => format_euros(value.round() as i64),
        Unit::Persons if small && !role.sees_persons() => masked_count(1),
        _ if value.fract() != 0.0 => format!("{value:.1}").replace('.', ","),
        _ => format::integer(value as i64),
    }
}

/// A section's figures over `years`, with its chart.
fn section_view(
    role: Role,
    section: Section,
    years: &[i32],
    figures: &Figures,
    network: Option<(&[&Figures], i32)>,
) -> SectionView {
    let lines: Vec<Line> = Indicator::of(section)
        .map(|indicator| Line {
            label: indicator.label(),
            definition: indicator.definition(),
            figures: years
                .iter()
                .map(|y| shown(role, indicator, figures.get(*y, indicator)))
                .collect(),
            median: network.map(|(cites, year)| {
                median(cites.iter().copied(), year, indicator)
                    .map_or_else(|| "—".to_owned(), |m| shown_median(role, indicator, m))
            }),
        })
        .collect();
    let groups = Indicator::of(section)
        .map(|indicator| {
            let values = years.iter().map(|y| {
                let value = figures.get(*y, indicator);
                let drawn = indicator.unit() != Unit::Persons || may_reveal(role, value);
                Value {
                    value: drawn.then_some(value),
                    text: shown(role, indicator, value),
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
    }
}

/// Every section's figures and charts.
fn sections(
    role: Role,
    years: &[i32],
    figures: &Figures,
    network: Option<(&[&Figures], i32)>,
) -> Vec<SectionView> {
    Section::ALL
        .iter()
        .map(|s| section_view(role, *s, years, figures, network))
        .collect()
}

/// Each Cité's figures of the year in the national table; a column of
/// persons masked as a table whose total the network's line gives.
fn cite_lines(
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
            let values: Vec<Vec<i64>> = names
                .iter()
                .map(|(id, _)| vec![of(id).get(year, *indicator)])
                .collect();
            match indicator.unit() {
                Unit::Persons => {
                    let table = mask_table(role, &values);
                    (0..table.rows()).map(|r| table.cell(r, 0).text()).collect()
                }
                _ => values
                    .iter()
                    .map(|v| shown(role, *indicator, v[0]))
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

async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(query): Query<YearQuery>,
) -> AppResult<Response> {
    let role = user.role();
    if !matches!(role, Role::Coordinateur | Role::Pilote | Role::National) {
        return Err(AppError::NotFound);
    }
    let range = report_years(state.today());
    let year = query.annee.unwrap_or(*range.end());
    if !range.contains(&year) {
        return Err(AppError::NotFound);
    }
    let shown_years: Vec<i32> = (year - SPAN + 1..=year)
        .filter(|y| range.contains(y))
        .collect();
    let years: Vec<Year> = shown_years.iter().filter_map(|y| Year::new(*y)).collect();
    let (store, scope, now) = (&state.store, &user.scope, state.now());
    let own = store.indicator_measures(scope, Reach::Own, &years, now);
    let (title, whose, sections, cites, figures) = match scope.cite_id() {
        None => {
            let (measures, summaries) = tokio::try_join!(own, store.cite_summaries(scope))?;
            let cites = assemble(&measures);
            let figures = indicators::network(cites.values());
            let names: Vec<_> = summaries
                .into_iter()
                .filter(|s| s.archived_at.is_none())
                .map(|s| (s.id, s.name))
                .collect();
            let lines = cite_lines(role, &names, &cites, year);
            let sections = sections(role, &shown_years, &figures, None);
            (
                "Indicateurs du réseau",
                "le réseau".to_owned(),
                sections,
                lines,
                figures,
            )
        }
        Some(cite_id) => {
            let network = store.indicator_measures(scope, Reach::Network, &years, now);
            let (own, network, cite) = tokio::try_join!(own, network, store.cite(scope, cite_id))?;
            let figures = assemble(&own).remove(&cite_id).unwrap_or_default();
            let network = assemble(&network);
            let all: Vec<&Figures> = network.values().collect();
            let sections = sections(role, &shown_years, &figures, Some((&all, year)));
            ("Indicateurs", cite.name, sections, Vec::new(), figures)
        }
    };
    let page = Page {
        layout: Layout::new(title, &user, PATH),
        whose,
        year,
        previous: (year > *range.start()).then_some(year - 1),
        next: (year < *range.end()).then_some(year + 1),
        years: shown_years.clone(),
        sections,
        national: scope.cite_id().is_none(),
        columns: BY_CITE.iter().map(|i| i.label()).collect(),
        cites,
        leverage: indicators::leverage(&figures, year).map(format_leverage),
        threshold: MIN_SHOWN_COUNT,
    };
    Ok(render(&page)?.into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians_keep_a_half_and_mask_small_counts() {
        let role = Role::Pilote;
        assert_eq!(shown_median(role, Indicator::Partners, 12.5), "12,5");
        assert_eq!(shown_median(role, Indicator::PersonsFollowed, 3.0), "< 5");
        assert_eq!(shown_median(role, Indicator::PersonsFollowed, 4.5), "< 5");
        let coordinator = Role::Coordinateur;
        assert_eq!(
            shown_median(coordinator, Indicator::PersonsFollowed, 4.5),
            "4,5"
        );
        assert_eq!(shown_median(role, Indicator::PersonsFollowed, 90.0), "90");
        assert_eq!(
            shown_median(role, Indicator::Paid, 1_000_050.4),
            "10\u{202f}000,50\u{a0}€"
        );
    }
}
