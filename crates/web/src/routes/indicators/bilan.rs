//! The yearly bilan (*bilan annuel*), `/bilan`: a Cité's coordinators write
//! what each part of the year's report says beside the figures, then
//! download it as DOCX (`/bilan.docx`); its co-pilots read and download it.
//! The national team writes and downloads the network's, in the same parts,
//! with the programme's three-axis figures counted from every Cité.
//!
//! The document is made to be passed on (to the co-pilots, the COPIL, the
//! ANCT): its counts of persons are masked as a co-pilot reads them,
//! whoever downloads it. The exact figures stay on `/indicateurs`.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use maillage_domain::accounts::Role;
use maillage_domain::documents::DocumentKind;
use maillage_domain::indicators::bilan::{writes_bilan, BilanPart, BilanTexts};
use maillage_domain::indicators::Indicator;
use maillage_domain::FieldErrors;
use maillage_office::{bilan_docx, BilanDoc, BilanPartDoc, BilanTable};
use serde::Deserialize;

use super::{report, text, BreakdownView, Export, Report, SectionView, YearQuery, BY_CITE};
use crate::auth::CurrentUser;
use crate::error::{checked, AppError, AppResult};
use crate::extract::Query;
use crate::form::Form;
use crate::routes::cites::CiteView;
use crate::state::AppState;
use crate::views::notice::Notice;
use crate::views::{form_status, format, render, Layout};

const PATH: &str = "/bilan";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(PATH, get(show).post(save))
        .route("/bilan.docx", get(docx))
}

#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
struct BilanQuery {
    annee: Option<i32>,
    fait: Option<String>,
}

impl BilanQuery {
    fn year(&self) -> YearQuery {
        YearQuery {
            annee: self.annee,
            qpv: None,
        }
    }
}

/// A part of the form: its field, and the text typed or kept.
struct PartView {
    code: &'static str,
    label: &'static str,
    hint: &'static str,
    /// Its section of `/indicateurs` (code and title), if it has figures.
    section: Option<(&'static str, &'static str)>,
    text: String,
}

#[derive(Template)]
#[template(path = "indicators/bilan.html")]
struct Page {
    layout: Layout,
    whose: String,
    year: i32,
    previous: Option<i32>,
    next: Option<i32>,
    key_figures: Vec<(String, String)>,
    parts: Vec<PartView>,
    can_write: bool,
    /// « le 07/12/2026 à 14:02 par Claire Martin ».
    last_edit: Option<String>,
    errors: FieldErrors,
}

/// How the document's figures are masked: as a co-pilot reads them, for a
/// Cité's coordinators too, since it is made to be passed on.
fn shared_reader(role: Role) -> Role {
    match role {
        Role::Coordinateur => Role::Pilote,
        other => other,
    }
}

async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(query): Query<BilanQuery>,
) -> AppResult<Response> {
    let notice = Notice::of(query.fait.as_deref());
    page(&state, &user, &query, None, FieldErrors::new(), notice).await
}

async fn save(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(query): Query<BilanQuery>,
    Form(form): Form<BTreeMap<String, String>>,
) -> AppResult<Response> {
    let (year, _) = super::asked_year(&state, &query.year())?;
    if !writes_bilan(user.role()) {
        return Err(AppError::NotFound);
    }
    let errors = match BilanTexts::parse(&form) {
        Ok(texts) => {
            let saved = state
                .store
                .save_bilan(&user.actor(), &user.scope, year, &texts)
                .await;
            match checked(saved)? {
                Ok(()) => {
                    let to = format!("{}&annee={year}", Notice::BilanSaved.at(PATH));
                    return Ok(Redirect::to(&to).into_response());
                }
                Err(errors) => errors,
            }
        }
        Err(errors) => errors,
    };
    page(&state, &user, &query, Some(form), errors, None).await
}

async fn page(
    state: &AppState,
    user: &CurrentUser,
    query: &BilanQuery,
    typed: Option<BTreeMap<String, String>>,
    errors: FieldErrors,
    notice: Option<Notice>,
) -> AppResult<Response> {
    let report = report(state, user, &query.year(), user.role()).await?;
    let stored = state.store.bilan(&user.scope, report.year).await?;
    let parts = BilanPart::ALL
        .into_iter()
        .map(|part| PartView {
            code: part.code(),
            label: part.label(),
            hint: part.hint(),
            section: part.section().map(|s| (s.code(), s.label())),
            text: match &typed {
                Some(form) => form.get(part.code()).cloned().unwrap_or_default(),
                None => stored.texts.get(part).to_owned(),
            },
        })
        .collect();
    let (year, range) = (report.year, &report.range);
    let status = form_status(&errors);
    let page = Page {
        layout: Layout::new(format!("Bilan annuel {year}"), user, PATH).with_notice(notice),
        whose: report.whose.clone(),
        year,
        previous: (year > *range.start()).then_some(year - 1),
        next: (year < *range.end()).then_some(year + 1),
        key_figures: key_figures(&report),
        parts,
        can_write: writes_bilan(user.role()),
        last_edit: stored
            .last_edit
            .map(|e| format!("le {} par {}", format::date_time(e.at), e.by)),
        errors,
    };
    Ok((status, render(&page)?).into_response())
}

/// The bilan as DOCX, its figures masked as a co-pilot reads them;
/// audited as an export.
async fn docx(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(query): Query<BilanQuery>,
) -> AppResult<Response> {
    let report = report(&state, &user, &query.year(), shared_reader(user.role())).await?;
    let stored = state.store.bilan(&user.scope, report.year).await?;
    let title = format!("Bilan annuel {} — {}", report.year, report.whose);
    let doc = BilanDoc {
        title: title.clone(),
        source: format!(
            "Chiffres comptés dans Maillage le {}, à partir des dossiers, des actions, des instances et des financements. Les effectifs de personnes inférieurs à 5 sont affichés « < 5 », et ce qui permettrait de les retrouver « non communiqué ».",
            format::date(state.today())
        ),
        key_figures: key_figures(&report),
        parts: BilanPart::ALL
            .into_iter()
            .map(|part| BilanPartDoc {
                heading: part.label().to_owned(),
                pairs: match part {
                    BilanPart::Context => territory(&report),
                    _ => Vec::new(),
                },
                tables: tables(&report, part),
                text: stored.texts.get(part).to_owned(),
            })
            .collect(),
    };
    let export = Export {
        action: "bilan.export",
        title,
        file: format!("bilan-annuel-{}-{}.docx", report.year, report.whose_code()),
        kind: DocumentKind::Docx,
    };
    export.send(&state, &user, bilan_docx(&doc)).await
}

/// The indicators the year at a glance gives: the programme's three axes
/// as the national leaflet counts them, the cohort, the money.
const AT_A_GLANCE: [Indicator; 14] = [
    Indicator::Partners,
    Indicator::Referents,
    Indicator::CopilsHeld,
    Indicator::ActorTypes,
    Indicator::ReachOutActions,
    Indicator::ReachOutSessions,
    Indicator::ReachOutBeneficiaries,
    Indicator::InnovativeActions,
    Indicator::InnovativeBeneficiaries,
    Indicator::CatalogueReuses,
    Indicator::PersonsFollowed,
    Indicator::ExitDurable,
    Indicator::Committed,
    Indicator::Paid,
];

/// The year at a glance, one figure per line as the reader may read it;
/// the network's with its number of Cités and partners per Cité.
fn key_figures(report: &Report) -> Vec<(String, String)> {
    let mut figures = Vec::new();
    if report.cite.is_none() {
        figures.push((
            "Cités de l'emploi".to_owned(),
            format::integer(report.cites.len() as i64),
        ));
    }
    for indicator in AT_A_GLANCE {
        figures.push((indicator.label().to_owned(), report.year_text(indicator)));
        if indicator == Indicator::Partners {
            if let Some(average) = report.partners_per_cite() {
                figures.push(("Partenaires par Cité, en moyenne".to_owned(), average));
            }
        }
    }
    if let Some(leverage) = &report.leverage {
        figures.push((
            "Effet levier des cofinancements".to_owned(),
            format!("{leverage} pour 1 € de l'État"),
        ));
    }
    figures
}

/// The tables a part opens with.
fn tables(report: &Report, part: BilanPart) -> Vec<BilanTable> {
    if part == BilanPart::Context {
        return context_tables(report);
    }
    let Some(section) = part.section() else {
        return Vec::new();
    };
    // The document is read as a co-pilot reads: the year's barriers and
    // situations, no breakdowns of persons.
    let views = report.sections.iter().filter(|s| s.code == section.code());
    let mut tables: Vec<BilanTable> = views.map(|s| section_table(report, s)).collect();
    if part == BilanPart::Cohort {
        let shown = report.cohort.tables.iter().filter(|t| !t.rows.is_empty());
        tables.extend(shown.map(breakdown_table));
    }
    tables
}

/// A table of the year's persons as the page shows it, its totals last.
fn breakdown_table(view: &BreakdownView) -> BilanTable {
    let mut columns = vec![view.title.to_owned()];
    columns.extend(view.columns.iter().map(|c| (*c).to_owned()));
    if view.row_totals {
        columns.push("Total".to_owned());
    }
    let mut rows: Vec<Vec<String>> = view
        .rows
        .iter()
        .map(|(label, figures)| {
            std::iter::once(label.clone())
                .chain(figures.iter().cloned())
                .collect()
        })
        .collect();
    let total_last = !view.totals.is_empty();
    if total_last {
        rows.push(
            std::iter::once("Total".to_owned())
                .chain(view.totals.iter().cloned())
                .collect(),
        );
    }
    BilanTable {
        caption: view.caption.clone(),
        columns,
        rows,
        total_last,
    }
}

fn section_table(report: &Report, section: &SectionView) -> BilanTable {
    let mut columns = vec!["Indicateur".to_owned()];
    columns.extend(report.years.iter().map(i32::to_string));
    let with_median = section.lines.iter().any(|l| l.median.is_some());
    if with_median {
        columns.push(format!("Médiane des Cités en {}", report.year));
    }
    let rows = section
        .lines
        .iter()
        .map(|line| {
            let mut row = vec![line.label.to_owned()];
            row.extend(line.texts());
            row.extend(line.median_text());
            row
        })
        .collect();
    BilanTable {
        caption: section.chart_title.clone(),
        columns,
        rows,
        total_last: false,
    }
}

/// The network's context: each Cité's main figures of the year.
fn context_tables(report: &Report) -> Vec<BilanTable> {
    if report.cite.is_some() {
        return Vec::new();
    }
    let mut columns = vec!["Cité".to_owned()];
    columns.extend(BY_CITE.iter().map(|i| i.label().to_owned()));
    let rows = report
        .cites
        .iter()
        .map(|c| {
            std::iter::once(c.name.clone())
                .chain(c.figures.iter().cloned())
                .collect()
        })
        .collect();
    vec![BilanTable {
        caption: format!("Les Cités en {}", report.year),
        columns,
        rows,
        total_last: false,
    }]
}

/// A Cité's territory and context figures, as its page gives them.
fn territory(report: &Report) -> Vec<(String, String)> {
    let Some(cite) = &report.cite else {
        return Vec::new();
    };
    let view = CiteView::from(cite);
    let mut pairs = vec![("Département".to_owned(), view.departement)];
    if !view.epci.is_empty() {
        pairs.push(("EPCI".to_owned(), view.epci));
    }
    pairs.push(("Communes".to_owned(), view.communes));
    pairs.push(("Labellisation".to_owned(), view.label_year.to_string()));
    if !view.co_pilots.is_empty() {
        pairs.push(("Co-pilotes".to_owned(), view.co_pilots));
    }
    pairs.extend(
        view.figures
            .into_iter()
            .map(|(label, value)| (label.to_owned(), value)),
    );
    pairs
}

impl Report {
    /// Whose bilan, in a file's name: the Cité's code, or `reseau`.
    fn whose_code(&self) -> &str {
        self.cite.as_ref().map_or("reseau", |c| c.code.as_str())
    }

    /// An indicator's figure for the year asked, as the reader may read it.
    fn year_text(&self, indicator: Indicator) -> String {
        self.sections
            .iter()
            .flat_map(|s| &s.lines)
            .find(|l| l.indicator == indicator)
            .and_then(|l| l.figures.last())
            .map_or_else(|| "0".to_owned(), text)
    }

    /// The network's partners per active Cité, one decimal: « 14,2 ».
    fn partners_per_cite(&self) -> Option<String> {
        if self.cite.is_some() || self.cites.is_empty() {
            return None;
        }
        let partners: i64 = self
            .sections
            .iter()
            .flat_map(|s| &s.lines)
            .find(|l| l.indicator == Indicator::Partners)
            .and_then(|l| l.figures.last())
            .and_then(|f| match f {
                maillage_office::Figure::Count(n) => Some(*n),
                _ => None,
            })?;
        let average = partners as f64 / self.cites.len() as f64;
        Some(format!("{average:.1}").replace('.', ","))
    }
}
