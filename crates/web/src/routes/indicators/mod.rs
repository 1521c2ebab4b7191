//! The programme's indicators (*indicateurs*), `/indicateurs`: for a Cité's
//! coordinators and co-pilots, its figures over three years beside the
//! network's median; for the national team, the network's figures and each
//! Cité's for the year. Each section has its chart and, under it, its data
//! table; every count of persons goes through the reader's masking, and a
//! column of Cités through the table's (*secret secondaire*). The same
//! figures download as XLSX (`/indicateurs.xlsx`), audited as an export.

use std::collections::BTreeMap;
use std::ops::RangeInclusive;

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use maillage_domain::accounts::Role;
use maillage_domain::documents::{DocumentKind, DocumentName};
use maillage_domain::funding::format_leverage;
use maillage_domain::ids::CiteId;
use maillage_domain::indicators::breakdown::Dimension;
use maillage_domain::indicators::{
    self, assemble, median, report_years, Figures, Indicator, Section, Unit, Year,
};
use maillage_domain::masking::{
    count_for, mask_column, masked_count, may_reveal, Shown, MIN_SHOWN_COUNT,
};
use maillage_domain::money::format_euros;
use maillage_office::{indicators_xlsx, Figure, IndicatorLine, IndicatorsDoc};
use maillage_store::cites::CiteRow;
use maillage_store::indicators::Reach;
use maillage_store::AuditEntry;
use serde::Deserialize;

use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::extract::Query;
use crate::routes::documents::attachment;
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

mod bilan;
mod breakdowns;

use breakdowns::BreakdownView;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(PATH, get(show))
        .route("/indicateurs.xlsx", get(xlsx))
        .merge(bilan::routes())
}

#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct YearQuery {
    annee: Option<i32>,
}

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
    breakdowns: Vec<BreakdownView>,
    referrals: Option<BreakdownView>,
    leverage: Option<String>,
    threshold: i64,
}

/// A figure as `role` reads it: a count of persons masked, as its text.
fn figure(role: Role, indicator: Indicator, value: i64) -> Figure {
    match indicator.unit() {
        Unit::Persons if !may_reveal(role, value) => Figure::Text(count_for(role, value)),
        Unit::Euros => Figure::Euros(value),
        Unit::Persons | Unit::Count => Figure::Count(value),
    }
}

/// A median: a count of persons under the threshold is masked for every
/// role, as it is another Cité's figure.
fn median_figure(indicator: Indicator, value: i64) -> Figure {
    match indicator.unit() {
        Unit::Euros => Figure::Euros(value),
        Unit::Persons if value > 0 && value < MIN_SHOWN_COUNT => Figure::Text(masked_count(value)),
        _ => Figure::Count(value),
    }
}

/// A figure as the page writes it: `1 234`, `1 234,50 €`, `< 5`.
fn text(figure: &Figure) -> String {
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
    }
}

/// Every section's figures and charts.
fn sections(
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
struct Reading {
    role: Role,
    /// By (year, indicator), what stands for a withheld network total.
    withheld: BTreeMap<(i32, Indicator), String>,
}

impl Reading {
    fn of(role: Role) -> Reading {
        Reading {
            role,
            withheld: BTreeMap::new(),
        }
    }

    /// The network's figures beside every active Cité's, as open data
    /// publishes them: where masking a column of Cités withholds its total
    /// (one Cité's own figure would give a small one back), the network's
    /// figure is withheld too, on every page and document.
    fn network(role: Role, cites: &[&Figures], years: &[i32]) -> Reading {
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

    fn figure(&self, year: i32, indicator: Indicator, value: i64) -> Figure {
        match self.withheld.get(&(year, indicator)) {
            Some(text) => Figure::Text(text.clone()),
            None => figure(self.role, indicator, value),
        }
    }
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

/// What a reader's indicators are, for the page and the file.
struct Report {
    title: &'static str,
    /// The Cité's name, or « le réseau ».
    whose: String,
    year: i32,
    years: Vec<i32>,
    range: RangeInclusive<i32>,
    sections: Vec<SectionView>,
    cites: Vec<CiteLine>,
    breakdowns: Vec<BreakdownView>,
    /// The year's referrals by partner, for those who follow the persons.
    referrals: Option<BreakdownView>,
    leverage: Option<String>,
    /// A Cité's own record, for its context; `None` for the network.
    cite: Option<CiteRow>,
}

/// The year asked (the current one by default), checked against the years
/// a report may cover, and those years.
fn asked_year(state: &AppState, query: &YearQuery) -> AppResult<(i32, RangeInclusive<i32>)> {
    let range = report_years(state.today());
    let year = query.annee.unwrap_or(*range.end());
    match range.contains(&year) {
        true => Ok((year, range)),
        false => Err(AppError::NotFound),
    }
}

/// The year asked and its figures for `user`, masked as `role` reads them
/// (the user's own, or a co-pilot's for a document to pass on).
async fn report(
    state: &AppState,
    user: &CurrentUser,
    query: &YearQuery,
    role: Role,
) -> AppResult<Report> {
    if !matches!(
        user.role(),
        Role::Coordinateur | Role::Pilote | Role::National
    ) {
        return Err(AppError::NotFound);
    }
    let (year, range) = asked_year(state, query)?;
    let shown_years: Vec<i32> = (year - SPAN + 1..=year)
        .filter(|y| range.contains(y))
        .collect();
    let years: Vec<Year> = shown_years.iter().filter_map(|y| Year::new(*y)).collect();
    let asked = years.last().ok_or(AppError::NotFound)?;
    let (store, scope, now) = (&state.store, &user.scope, state.now());
    let own = store.indicator_measures(scope, Reach::Own, &years, now);
    let Some(cite_id) = scope.cite_id() else {
        let (measures, summaries) = tokio::try_join!(own, store.cite_summaries(scope))?;
        let cites = assemble(&measures);
        let figures = indicators::network(cites.values());
        let names: Vec<_> = summaries
            .into_iter()
            .filter(|s| s.archived_at.is_none())
            .map(|s| (s.id, s.name))
            .collect();
        let empty = Figures::default();
        let active: Vec<&Figures> = names
            .iter()
            .map(|(id, _)| cites.get(id).unwrap_or(&empty))
            .collect();
        let reading = Reading::network(role, &active, &shown_years);
        return Ok(Report {
            title: "Indicateurs du réseau",
            whose: "le réseau".to_owned(),
            year,
            sections: sections(&reading, &shown_years, &figures, None),
            years: shown_years,
            range,
            cites: cite_lines(role, &names, &cites, year),
            breakdowns: Vec::new(),
            referrals: None,
            leverage: indicators::leverage(&figures, year).map(format_leverage),
            cite: None,
        });
    };
    let network = store.indicator_measures(scope, Reach::Network, &years, now);
    // The breakdowns share their column totals with the cohort's exit
    // figures: masked apart, one would give the other away. Those who
    // follow the persons read them; co-pilots read the exit figures only.
    let breakdowns = role.sees_persons();
    let exits = async {
        match breakdowns {
            true => store.exit_counts(scope, asked).await,
            false => Ok(Vec::new()),
        }
    };
    let referrals = async {
        match breakdowns {
            true => store.referral_counts(scope, asked).await.map(Some),
            false => Ok(None),
        }
    };
    let (own, network, cite, exits, referrals) =
        tokio::try_join!(own, network, store.cite(scope, cite_id), exits, referrals)?;
    let figures = assemble(&own).remove(&cite_id).unwrap_or_default();
    let network = assemble(&network);
    let all: Vec<&Figures> = network.values().collect();
    Ok(Report {
        title: "Indicateurs",
        whose: cite.name.clone(),
        year,
        sections: sections(
            &Reading::of(role),
            &shown_years,
            &figures,
            Some((&all, year)),
        ),
        years: shown_years,
        range,
        cites: Vec::new(),
        breakdowns: Dimension::ALL
            .iter()
            .filter(|_| breakdowns)
            .map(|d| BreakdownView::exits(role, year, *d, &exits))
            .collect(),
        referrals: referrals.map(|counts| BreakdownView::referrals(role, year, &counts)),
        leverage: indicators::leverage(&figures, year).map(format_leverage),
        cite: Some(cite),
    })
}

async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(query): Query<YearQuery>,
) -> AppResult<Response> {
    let report = report(&state, &user, &query, user.role()).await?;
    let (year, range) = (report.year, &report.range);
    let page = Page {
        layout: Layout::new(report.title, &user, PATH),
        whose: report.whose,
        year,
        previous: (year > *range.start()).then_some(year - 1),
        next: (year < *range.end()).then_some(year + 1),
        years: report.years,
        sections: report.sections,
        national: user.scope.cite_id().is_none(),
        columns: BY_CITE.iter().map(|i| i.label()).collect(),
        cites: report.cites,
        breakdowns: report.breakdowns,
        referrals: report.referrals,
        leverage: report.leverage,
        threshold: MIN_SHOWN_COUNT,
    };
    Ok(render(&page)?.into_response())
}

/// The same figures as an XLSX file, audited as an export.
async fn xlsx(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(query): Query<YearQuery>,
) -> AppResult<Response> {
    let report = report(&state, &user, &query, user.role()).await?;
    let title = format!("{} {} — {}", report.title, report.year, report.whose);
    let doc = IndicatorsDoc {
        title: title.clone(),
        median_column: format!("Médiane des Cités en {}", report.year),
        lines: report
            .sections
            .into_iter()
            .flat_map(|s| s.lines)
            .map(|l| IndicatorLine {
                section: l.section.to_owned(),
                label: l.label.to_owned(),
                figures: l.figures,
                median: l.median,
            })
            .collect(),
        years: report.years,
    };
    let file = format!("indicateurs-{}.xlsx", report.year);
    let bytes = indicators_xlsx(&doc);
    let export = Export {
        action: "indicators.export",
        title,
        file,
        kind: DocumentKind::Xlsx,
    };
    export.send(&state, &user, bytes).await
}

/// A file of figures to send, audited as an export of the reader's Cité
/// (or of the network).
struct Export {
    action: &'static str,
    /// What the journal says was downloaded.
    title: String,
    file: String,
    kind: DocumentKind,
}

impl Export {
    async fn send(
        self,
        state: &AppState,
        user: &CurrentUser,
        bytes: Vec<u8>,
    ) -> AppResult<Response> {
        let cite_id = user.scope.cite_id();
        let entry = AuditEntry::new(self.action, "cite", cite_id, cite_id).detail(self.title);
        state.store.audit(&user.actor(), entry).await?;
        let name = DocumentName::sanitise(&self.file, self.kind);
        Ok(attachment(&name, self.kind, bytes))
    }
}

#[cfg(test)]
mod tests {
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
