//! Issue 13's proof: no role below coordinator ever receives a figure under
//! 5 in a page, an export, a document or the open data. Angers counts
//! persons only in ones to fours (`mask_proof/cite.rs`); every route a
//! co-pilot, the national team or a visitor reads figures on is fetched,
//! what it sends is read back as figures beside their labels
//! (`mask_proof/read.rs`), and no figure that counts persons may be from 1
//! to 4. The coordinator reads the same routes and finds those small
//! figures exactly, so the proof does not pass on missing data.

#[path = "agreements/fixtures.rs"]
mod agreements;
#[path = "mask_proof/cite.rs"]
mod cite;
mod common;
#[path = "fiches/fixtures.rs"]
#[allow(dead_code)] // shared with fiches.rs, which uses all of it
mod fiches;
#[path = "mask_proof/read.rs"]
mod read;

use axum::http::StatusCode;
use chrono::Datelike;
use cite::{small_cite, SmallCite, PLACED, RECORDED};
use common::{Backend, Client, TestApp};
use maillage_domain::indicators::{report_years, Indicator, Section, Unit};
use read::{figures, Figure};

/// Who reads a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reader {
    /// `pilote@angers.fr`: masked.
    Pilote,
    /// `national@anct.gouv.fr`: masked.
    National,
    /// No sign-in: the open data, masked.
    Visitor,
    /// `coord@angers.fr`, the control: the same small figures, exact.
    Coordinator,
}

use Reader::{Coordinator, National, Pilote, Visitor};

/// A route that shows figures, who reads it, and the labels of persons'
/// counts it must show them (for the coordinator, small and exact); or,
/// when `open` is false, a route of persons' data its readers must not get.
struct Route {
    path: String,
    readers: &'static [Reader],
    expected: Vec<&'static str>,
    open: bool,
}

fn route(path: impl Into<String>, readers: &'static [Reader], expected: &[&'static str]) -> Route {
    Route {
        path: path.into(),
        readers,
        expected: expected.to_vec(),
        open: true,
    }
}

/// A route that shows persons, refused to co-pilots, the national team and
/// visitors.
fn closed(path: impl Into<String>) -> Route {
    Route {
        open: false,
        ..route(path, &[Pilote, National, Visitor], &[])
    }
}

/// Every GET route that shows figures to a co-pilot, the national team or
/// a visitor. **A new route that shows figures must be added here.**
fn routes(cite: &SmallCite, years: &[i32]) -> Vec<Route> {
    let SmallCite {
        innovative,
        reach_out,
        fiche,
        seance,
        cite_id,
        agreement,
        bilans: (qualitative, financial),
    } = cite;
    // « Proposées » and « Dans la cohorte » are 0: every person has left.
    let home_counts = ["Sorties", "Sorties en emploi durable"];
    let cite_home = [
        home_counts.as_slice(),
        &[
            "Personnes concernées",
            "Frein levé",
            "Situations à la sortie",
        ],
        &[PLACED, RECORDED, "personnes rencontrées sans dossier"],
    ]
    .concat();
    // Every indicator of persons, as the indicators' pages and files name it.
    let persons: Vec<&str> = Indicator::ALL
        .iter()
        .filter(|i| i.unit() == Unit::Persons)
        .map(|i| i.label())
        .collect();
    let cohort: Vec<&str> = Indicator::of(Section::Cohort)
        .filter(|i| i.unit() == Unit::Persons)
        .map(|i| i.label())
        .collect();
    let this_year = *years.last().unwrap();
    let mut list = vec![
        // Homes.
        route("/", &[Pilote, Coordinator], &cite_home),
        route("/", &[National], &home_counts),
        // The Cité and its cohorts.
        route("/cite", &[Pilote, Coordinator], &[]),
        route("/cites", &[National], &[]),
        route(format!("/cites/{cite_id}"), &[National], &[]),
        route("/cohortes", &[Pilote, Coordinator], &["Personnes entrées"]),
        // Actions: places, waiting list, results, séances.
        route("/actions", &[Pilote, Coordinator], &["Places"]),
        route(
            format!("/actions/{innovative}"),
            &[Pilote, Coordinator],
            &["places prises", "en liste d'attente", PLACED, RECORDED],
        ),
        route(
            format!("/actions/{reach_out}"),
            &[Pilote, Coordinator],
            &["Personnes suivies", "Personnes sans dossier"],
        ),
        // The national catalogue: masked for every reader, the coordinator too.
        route("/actions-innovantes", &[Pilote, National], &[]),
        route(
            format!("/actions-innovantes/{fiche}"),
            &[Pilote, National],
            &[PLACED],
        ),
        // The territory's partners and services: things.
        route("/partenaires", &[Pilote], &[]),
        route("/offres", &[Pilote], &[]),
        // Money, calls and governance: amounts and things, never persons.
        route("/financements", &[Pilote, National], &[]),
        route("/appels-a-projets", &[Pilote], &[]),
        route("/conventions", &[Pilote], &[]),
        route("/instances", &[Pilote], &[]),
        route("/instances/decisions.xlsx", &[Pilote], &[]),
        // The network.
        route("/reseau", &[Pilote, National], &[]),
        route("/reseau/annuaire", &[Pilote, National], &[]),
        // Open data, read without signing in.
        route("/donnees-ouvertes", &[Visitor], &[]),
        // Agreements and their bilans: the funded action's results.
        route(agreement, &[Pilote, Coordinator], &[]),
        route(
            format!("{agreement}/convention.docx"),
            &[Pilote, Coordinator],
            &[],
        ),
        route(
            format!("/bilans/{qualitative}"),
            &[Pilote, Coordinator],
            &[PLACED, RECORDED],
        ),
        route(
            format!("/bilans/{qualitative}/bilan.docx"),
            &[Pilote, Coordinator],
            &[PLACED, RECORDED],
        ),
        route(format!("/bilans/{financial}"), &[Pilote, Coordinator], &[]),
        // Persons themselves: never to these readers.
        closed("/personnes"),
        closed("/personnes/export.csv"),
        closed("/personnes/export.xlsx"),
        closed(format!("/actions/{innovative}/fse.xlsx")),
        closed(format!("/actions/seances/{seance}")),
        // The yearly bilan: its page and its DOCX, masked for the
        // coordinator too since it is made to be passed on.
        route(
            format!("/bilan?annee={this_year}"),
            &[Pilote, National],
            &[],
        ),
        route(
            format!("/bilan.docx?annee={this_year}"),
            &[Pilote, National],
            &[],
        ),
        // The cohort of those living outside the QPVs: everyone here.
        route(
            format!("/indicateurs?qpv=hors&annee={this_year}"),
            &[Pilote, Coordinator],
            &cohort,
        ),
        route(
            format!("/indicateurs.xlsx?qpv=hors&annee={this_year}"),
            &[Pilote, Coordinator],
            &cohort,
        ),
        route(
            format!("/indicateurs?qpv=hors&annee={this_year}"),
            &[National],
            &cohort,
        ),
    ];
    for year in years {
        // This year's figures show on this year's pages only.
        let expected: &[&str] = if *year == this_year { &persons } else { &[] };
        let readers: &[Reader] = &[Pilote, National, Coordinator];
        list.extend([
            route(format!("/indicateurs?annee={year}"), readers, expected),
            route(format!("/indicateurs.xlsx?annee={year}"), readers, expected),
            route(
                format!("/donnees-ouvertes/indicateurs.csv?annee={year}"),
                &[Visitor],
                expected,
            ),
            route(
                format!("/donnees-ouvertes/indicateurs.json?annee={year}"),
                &[Visitor],
                expected,
            ),
        ]);
    }
    list
}

/// What went wrong on one route for one reader.
fn check(reader: Reader, route: &Route, shown: &[Figure]) -> Vec<String> {
    let persons: Vec<&Figure> = shown.iter().filter(|f| f.counts_persons()).collect();
    let mut problems = Vec::new();
    if reader != Coordinator {
        for figure in persons.iter().filter(|f| !f.small_counts().is_empty()) {
            problems.push(format!("{reader:?} {}: small count {figure:?}", route.path));
        }
    }
    for label in &route.expected {
        let labelled: Vec<&&Figure> = persons
            .iter()
            .filter(|f| f.labels.to_lowercase().contains(&label.to_lowercase()))
            .collect();
        let found = match reader {
            Coordinator => labelled.iter().any(|f| !f.small_counts().is_empty()),
            _ => !labelled.is_empty(),
        };
        if !found {
            problems.push(format!(
                "{reader:?} {}: no figure for « {label} »",
                route.path
            ));
        }
    }
    problems
}

async fn client(app: &TestApp, reader: Reader) -> Client {
    match reader {
        Pilote => app.signed_in("pilote@angers.fr").await,
        National => app.signed_in("national@anct.gouv.fr").await,
        Coordinator => app.signed_in("coord@angers.fr").await,
        Visitor => app.client(),
    }
}

both_backends!(
    no_reader_below_coordinator_receives_a_count_under_5,
    |app: TestApp| async move {
        let cite = small_cite(&app).await;
        let today = maillage_store::conformance::today();
        let years: Vec<i32> = report_years(today).collect();
        assert_eq!(years.last(), Some(&today.year()));
        let routes = routes(&cite, &years);
        let mut problems = Vec::new();
        for reader in [Pilote, National, Visitor, Coordinator] {
            let mut client = client(&app, reader).await;
            for route in routes.iter().filter(|r| r.readers.contains(&reader)) {
                let response = client.get(&route.path).await;
                if !route.open {
                    let refused = !response.status.is_success();
                    assert!(refused, "{reader:?} {}: {}", route.path, response.status);
                    continue;
                }
                assert_eq!(response.status, StatusCode::OK, "{reader:?} {}", route.path);
                problems.extend(check(reader, route, &figures(&response)));
            }
        }
        assert!(problems.is_empty(), "{problems:#?}");
    }
);
