//! Open data (*données ouvertes*), without sign-in: the programme's
//! indicators of a year for each active Cité and the network, as CSV and
//! JSON, with the page that documents their fields. Counts of persons are
//! masked as for the national team, by column of Cités so that neither the
//! network's line nor one Cité's own figure gives a masked one back.

use askama::Template;
use axum::extract::State;
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use maillage_domain::accounts::Role;
use maillage_domain::indicators::{self, assemble, report_years, Figures, Indicator, Unit, Year};
use maillage_domain::masking::{mask_column, Shown, MIN_SHOWN_COUNT};
use serde::{Deserialize, Serialize};

use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::extract::Query;
use crate::state::AppState;
use crate::views::{render, Layout};

const PATH: &str = "/donnees-ouvertes";

/// The public reads counts of persons as the national team does.
const MASKED_AS: Role = Role::National;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(PATH, get(page))
        .route("/donnees-ouvertes/indicateurs.csv", get(csv))
        .route("/donnees-ouvertes/indicateurs.json", get(json))
}

#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct YearQuery {
    annee: Option<i32>,
}

/// One figure of the file.
#[derive(Debug, Serialize)]
pub struct OpenRow {
    pub annee: i32,
    /// The Cité's code, or `reseau` for the network.
    pub cite: String,
    pub nom: String,
    pub section: &'static str,
    pub indicateur: &'static str,
    pub libelle: &'static str,
    /// `nombre`, `personnes` or `euros`.
    pub unite: &'static str,
    /// Empty when masked.
    pub valeur: Option<i64>,
    /// `secret_primaire`, `secret_secondaire`, or empty.
    pub masque: Option<&'static str>,
}

fn unit(indicator: Indicator) -> &'static str {
    match indicator.unit() {
        Unit::Count => "nombre",
        Unit::Persons => "personnes",
        Unit::Euros => "euros",
    }
}

/// A figure as published: euros rounded to the euro.
fn published(indicator: Indicator, shown: Shown) -> (Option<i64>, Option<&'static str>) {
    match shown {
        Shown::Count(value) if indicator.unit() == Unit::Euros => (Some((value + 50) / 100), None),
        Shown::Count(value) => (Some(value), None),
        Shown::Small => (None, Some("secret_primaire")),
        Shown::Withheld => (None, Some("secret_secondaire")),
    }
}

/// The year's rows: each Cité's figures, then the network's.
fn rows(year: i32, cites: &[(String, String, Figures)], network: &Figures) -> Vec<OpenRow> {
    let mut by_line: Vec<Vec<OpenRow>> = (0..=cites.len()).map(|_| Vec::new()).collect();
    for indicator in Indicator::ALL {
        let values: Vec<i64> = cites
            .iter()
            .map(|(_, _, f)| f.get(year, indicator))
            .collect();
        let (masked, total) = mask_column(MASKED_AS, &values);
        let shown = |r: usize| match indicator.unit() {
            Unit::Persons if r == cites.len() => total,
            Unit::Persons => masked[r],
            _ if r == cites.len() => Shown::Count(network.get(year, indicator)),
            _ => Shown::Count(values[r]),
        };
        let names = cites
            .iter()
            .map(|(code, name, _)| (code.as_str(), name.as_str()))
            .chain([("reseau", "Réseau des Cités de l'emploi")]);
        for (r, (code, name)) in names.enumerate() {
            let (valeur, masque) = published(indicator, shown(r));
            by_line[r].push(OpenRow {
                annee: year,
                cite: code.to_owned(),
                nom: name.to_owned(),
                section: indicator.section().code(),
                indicateur: indicator.code(),
                libelle: indicator.label(),
                unite: unit(indicator),
                valeur,
                masque,
            });
        }
    }
    by_line.into_iter().flatten().collect()
}

async fn year_rows(state: &AppState, query: &YearQuery) -> AppResult<(i32, Vec<OpenRow>)> {
    let range = report_years(state.today());
    let year = query.annee.unwrap_or(*range.end());
    let asked = Year::new(year).filter(|_| range.contains(&year));
    let asked = asked.ok_or(AppError::NotFound)?;
    let (cites, measures) = state
        .store
        .open_indicator_measures(&[asked], state.now())
        .await?;
    let mut figures = assemble(&measures);
    let cites: Vec<(String, String, Figures)> = cites
        .into_iter()
        .map(|c| (c.code, c.name, figures.remove(&c.id).unwrap_or_default()))
        .collect();
    let network = indicators::network(cites.iter().map(|(_, _, f)| f));
    Ok((year, rows(year, &cites, &network)))
}

/// A file to download, fresh each time (the figures change with the records).
fn file(year: i32, extension: &str, content_type: &'static str, body: Vec<u8>) -> Response {
    let disposition =
        format!("attachment; filename=\"indicateurs-cites-de-l-emploi-{year}.{extension}\"");
    (
        [
            (CONTENT_TYPE, content_type.to_owned()),
            (CONTENT_DISPOSITION, disposition),
            (CACHE_CONTROL, "no-cache".to_owned()),
        ],
        body,
    )
        .into_response()
}

async fn csv(State(state): State<AppState>, Query(query): Query<YearQuery>) -> AppResult<Response> {
    let (year, rows) = year_rows(&state, &query).await?;
    let mut writer = csv::Writer::from_writer(Vec::new());
    for row in &rows {
        writer
            .serialize(row)
            .map_err(|e| AppError::Internal(e.to_string()))?;
    }
    let body = writer
        .into_inner()
        .map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(file(year, "csv", "text/csv; charset=utf-8", body))
}

/// The JSON file: the year, the masking threshold, then the rows.
#[derive(Serialize)]
struct OpenFile {
    annee: i32,
    seuil_de_masquage: i64,
    documentation: &'static str,
    lignes: Vec<OpenRow>,
}

async fn json(
    State(state): State<AppState>,
    Query(query): Query<YearQuery>,
) -> AppResult<Response> {
    let (year, lignes) = year_rows(&state, &query).await?;
    let document = OpenFile {
        annee: year,
        seuil_de_masquage: MIN_SHOWN_COUNT,
        documentation: PATH,
        lignes,
    };
    let body =
        serde_json::to_vec_pretty(&document).map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(file(year, "json", "application/json", body))
}

#[derive(Template)]
#[template(path = "open_data.html")]
struct Page {
    layout: Layout,
    years: Vec<i32>,
    indicators: Vec<(
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
    )>,
    threshold: i64,
}

async fn page(State(state): State<AppState>, user: Option<CurrentUser>) -> AppResult<Response> {
    let title = "Données ouvertes des Cités de l'emploi";
    let page = Page {
        layout: match &user {
            Some(user) => Layout::new(title, user, PATH),
            None => Layout::anonymous(title, String::new()),
        },
        years: report_years(state.today()).rev().collect(),
        indicators: Indicator::ALL
            .iter()
            .map(|i| {
                (
                    i.code(),
                    i.label(),
                    i.section().label(),
                    unit(*i),
                    i.definition(),
                )
            })
            .collect(),
        threshold: MIN_SHOWN_COUNT,
    };
    Ok(render(&page)?.into_response())
}

#[cfg(test)]
mod tests {
    use super::*;
    use maillage_domain::ids::CiteId;
    use maillage_domain::indicators::Measure;

    #[test]
    fn a_small_count_and_what_gives_it_away_are_masked_the_network_adds_up() {
        let measure = |cite, name: &str, value| Measure {
            cite_id: CiteId::new(cite),
            year: 2026,
            measure: name.into(),
            value,
        };
        let figures = assemble(&[
            measure(1, "persons_followed", 3),
            measure(2, "persons_followed", 40),
            measure(3, "persons_followed", 90),
            measure(1, "paid", 1_234_550),
        ]);
        let cites: Vec<_> = (1..=3)
            .map(|i| {
                (
                    format!("c{i}"),
                    format!("Cité {i}"),
                    figures[&CiteId::new(i)].clone(),
                )
            })
            .collect();
        let network = indicators::network(cites.iter().map(|(_, _, f)| f));
        let rows = rows(2026, &cites, &network);
        let of = |cite: &str, indicator: &str| {
            let row = rows
                .iter()
                .find(|r| r.cite == cite && r.indicateur == indicator)
                .unwrap();
            (row.valeur, row.masque)
        };
        assert_eq!(
            of("c1", "persons_followed"),
            (None, Some("secret_primaire"))
        );
        assert_eq!(
            of("c2", "persons_followed"),
            (None, Some("secret_secondaire"))
        );
        // One more hidden beside them: c2's staff, who know their own 40,
        // must not read c1's 3 from the network's total.
        assert_eq!(
            of("c3", "persons_followed"),
            (None, Some("secret_secondaire"))
        );
        assert_eq!(of("reseau", "persons_followed"), (Some(133), None));
        assert_eq!(of("c1", "paid"), (Some(12_346), None));
        assert_eq!(rows.len(), 4 * Indicator::ALL.len());
    }
}
