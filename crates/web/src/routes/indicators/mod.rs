//! The programme's indicators (*indicateurs*), `/indicateurs`: for a Cité's
//! coordinators and co-pilots, its figures over three years beside the
//! network's median; for the national team, the network's figures and each
//! Cité's for the year. Each section has its chart and, under it, its data
//! table; every count of persons goes through the reader's masking, and a
//! column of Cités through the table's (*secret secondaire*). The same
//! figures download as XLSX (`/indicateurs.xlsx`), audited as an export.

use std::ops::RangeInclusive;

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use maillage_domain::accounts::Role;
use maillage_domain::documents::{DocumentKind, DocumentName};
use maillage_domain::funding::format_leverage;
use maillage_domain::indicators::breakdown::Dimension;
use maillage_domain::indicators::cohort::QpvFilter;
use maillage_domain::indicators::{
    self, assemble, report_years, Figures, Indicator, Section, Year,
};
use maillage_domain::masking::MIN_SHOWN_COUNT;
use maillage_office::{indicators_xlsx, IndicatorLine, IndicatorsDoc};
use maillage_store::cites::CiteRow;
use maillage_store::indicators::Reach;
use maillage_store::AuditEntry;
use serde::Deserialize;

use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::extract::Query;
use crate::routes::documents::attachment;
use crate::state::AppState;
use crate::views::{render, Layout};

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
mod figures;
mod network_cache;
mod quarter;

use breakdowns::BreakdownView;
use figures::{cite_lines, sections, text, CiteLine, Reading, SectionView};
use network_cache::network_measures;
pub(crate) use network_cache::NetworkCache;
use quarter::Quarters;

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
    /// A Cité's quarter (`quarter::Quarters`).
    qpv: Option<String>,
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
    cohort: CohortTables,
    leverage: Option<String>,
    threshold: i64,
    /// A Cité's quarter filter; `None` for the network.
    quarters: Option<Quarters>,
    /// `qpv=…&`, the quarter chosen as links keep it; empty for all.
    query: String,
    /// `/indicateurs?qpv=…&`, the page's path with its quarter.
    here: String,
}

/// The cohort's tables of the year, by who reads them.
#[derive(Default)]
struct CohortTables {
    /// Barriers by category and situations by checkpoint, for a Cité's readers.
    tables: Vec<BreakdownView>,
    /// The exits broken down, for those who follow the persons.
    breakdowns: Vec<BreakdownView>,
    /// The referrals by partner, for those who follow the persons.
    referrals: Option<BreakdownView>,
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
    cohort: CohortTables,
    leverage: Option<String>,
    /// A Cité's own record, for its context; `None` for the network.
    cite: Option<CiteRow>,
    quarters: Option<Quarters>,
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
    let Some(cite_id) = scope.cite_id() else {
        let quarters = Quarters::new(&[], query.qpv.as_deref())?;
        let qpv = quarters.chosen;
        // Every active Cité: the network's measures, cached; for a quarter,
        // both quarters of the partition, to withhold what one would give
        // away of the other.
        let own = network_measures(state, user, &years, qpv);
        let parts = async {
            match qpv {
                QpvFilter::All => Ok(Vec::new()),
                _ => {
                    let quarters = [QpvFilter::Inside, QpvFilter::Outside];
                    let counted = quarters.map(|q| network_measures(state, user, &years, q));
                    let [inside, outside] = counted;
                    let (inside, outside) = tokio::try_join!(inside, outside)?;
                    Ok(vec![inside, outside])
                }
            }
        };
        let (measures, parts, summaries) =
            tokio::try_join!(own, parts, store.cite_summaries(scope))?;
        let cites = assemble(&measures);
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
        // The active Cités' only: one archived since the count would make
        // the total differ from its column.
        let figures = indicators::network(active.iter().copied());
        let parts: Vec<Figures> = parts
            .iter()
            .map(|m| indicators::network(assemble(m).values()))
            .collect();
        let reading = Reading::network(role, &active, &shown_years).quarter(&parts, &shown_years);
        let whole = qpv == QpvFilter::All;
        let mut sections = sections(&reading, &shown_years, &figures, None);
        sections.retain(|s| whole || s.code == Section::Cohort.code());
        return Ok(Report {
            title: "Indicateurs du réseau",
            whose: match &quarters.name {
                Some(quarter) => format!("le réseau, {quarter}"),
                None => "le réseau".to_owned(),
            },
            year,
            sections,
            years: shown_years,
            range,
            // The table's other columns are not a quarter's.
            cites: match whole {
                true => cite_lines(role, &names, &cites, year),
                false => Vec::new(),
            },
            cohort: CohortTables::default(),
            leverage: indicators::leverage(&figures, year)
                .filter(|_| whole)
                .map(format_leverage),
            cite: None,
            quarters: Some(quarters),
        });
    };
    let (cite, qpvs) = tokio::try_join!(store.cite(scope, cite_id), store.qpvs(scope, cite_id))?;
    let quarters = Quarters::new(&qpvs, query.qpv.as_deref())?;
    let qpv = quarters.chosen;
    // A quarter narrows the cohort only: the other axes, the money and the
    // network's medians are not a quarter's.
    let whole = qpv == QpvFilter::All;
    let reach = if whole {
        Reach::Own
    } else {
        Reach::Quarter(qpv)
    };
    let own = store.indicator_measures(scope, reach, &years, now);
    let network = async {
        match whole {
            true => network_measures(state, user, &years, QpvFilter::All)
                .await
                .map(Some),
            false => Ok(None),
        }
    };
    // For a reader of masked counts, the quarter's partition: each QPV of
    // the Cité and outside (`Reading::quarter`).
    let follows = role.sees_persons();
    let parts = async {
        if whole || follows {
            return Ok(Vec::new());
        }
        let partition = qpvs
            .iter()
            .map(|q| QpvFilter::In(q.id))
            .chain([QpvFilter::Outside]);
        let mut parts = Vec::new();
        for part in partition {
            let measures = store
                .indicator_measures(scope, Reach::Quarter(part), &years, now)
                .await?;
            parts.push(assemble(&measures).remove(&cite_id).unwrap_or_default());
        }
        Ok(parts)
    };
    // The breakdowns share their column totals with the cohort's exit
    // figures: masked apart, one would give the other away. Those who
    // follow the persons read them; co-pilots read the exit figures only.
    let referrals = async {
        match follows {
            true => store.referral_counts(scope, asked, qpv).await.map(Some),
            false => Ok(None),
        }
    };
    let (own, network, parts, counts, referrals) = tokio::try_join!(
        own,
        network,
        parts,
        store.cohort_counts(scope, asked, qpv),
        referrals
    )?;
    let figures = assemble(&own).remove(&cite_id).unwrap_or_default();
    let network = network.map(|n| assemble(&n));
    let all: Option<Vec<&Figures>> = network.as_ref().map(|n| n.values().collect());
    let mut sections = sections(
        &Reading::of(role).quarter(&parts, &shown_years),
        &shown_years,
        &figures,
        all.as_deref().map(|all| (all, year)),
    );
    sections.retain(|s| whole || s.code == Section::Cohort.code());
    let cohort = CohortTables {
        // A quarter's tables would give the other quarters' cells away to
        // a reader of masked counts: the whole Cité's only.
        tables: match whole || follows {
            true => vec![
                BreakdownView::barriers(role, year, &counts.barriers),
                BreakdownView::follow_ups(role, year, &counts.follow_ups),
            ],
            false => Vec::new(),
        },
        breakdowns: Dimension::ALL
            .iter()
            .filter(|_| follows)
            .map(|d| BreakdownView::exits(role, year, *d, &counts))
            .collect(),
        referrals: referrals.map(|counts| BreakdownView::referrals(role, year, &counts)),
    };
    let whose = match &quarters.name {
        Some(quarter) => format!("{}, {quarter}", cite.name),
        None => cite.name.clone(),
    };
    Ok(Report {
        title: "Indicateurs",
        whose,
        year,
        sections,
        years: shown_years,
        range,
        cites: Vec::new(),
        cohort,
        leverage: indicators::leverage(&figures, year)
            .filter(|_| whole)
            .map(format_leverage),
        cite: Some(cite),
        quarters: Some(quarters),
    })
}

async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(query): Query<YearQuery>,
) -> AppResult<Response> {
    let report = report(&state, &user, &query, user.role()).await?;
    let (year, range) = (report.year, &report.range);
    let query = report
        .quarters
        .as_ref()
        .map(Quarters::query)
        .unwrap_or_default();
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
        cohort: report.cohort,
        leverage: report.leverage,
        threshold: MIN_SHOWN_COUNT,
        here: format!("{PATH}?{query}"),
        query,
        quarters: report.quarters,
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
