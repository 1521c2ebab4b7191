//! Every count of persons shown to a co-pilot or the national team goes
//! through the masking: this walks every page and partial they can reach,
//! with an action of few places, and looks for a small count in the text.

mod common;
#[path = "actions/fixtures.rs"]
#[allow(dead_code)] // shared with actions.rs, which uses all of it
mod fixtures;

use std::collections::{BTreeSet, VecDeque};

use axum::http::StatusCode;
use common::{Backend, Client, TestApp};
use fixtures::{action, person};
use maillage_domain::actions::EnrolmentDraft;
use maillage_store::participants::Decision;
use maillage_store::Actor;

/// What follows a count of persons in our pages.
const PERSON_WORDS: [&str; 10] = [
    " / ",
    " personne",
    " en liste d'attente",
    " inscrit",
    " dossier",
    " adressage",
    " place",
    " sortie",
    " entrée",
    " famille",
];

/// The text of a page, tags dropped and apostrophes unescaped.
fn text(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    let out = out
        .replace("&#39;", "'")
        .replace("&#60;", "<")
        .replace("&lt;", "<");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Counts from 1 to 4 followed by a word that counts persons, unless masked
/// (`< 5`) or a capacity (`/ 3 places`).
fn small_counts(text: &str) -> Vec<String> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    for (i, &b) in bytes.iter().enumerate() {
        let lone = (b'1'..=b'4').contains(&b)
            && (i == 0 || !bytes[i - 1].is_ascii_digit())
            && bytes.get(i + 1).is_none_or(|n| !n.is_ascii_digit());
        if !lone {
            continue;
        }
        let before = &text[..i];
        if before.ends_with("/ ") || before.ends_with(',') {
            continue;
        }
        let after = &text[i + 1..];
        if PERSON_WORDS.iter().any(|w| after.starts_with(w)) {
            let end = after.char_indices().nth(30).map_or(after.len(), |(j, _)| j);
            found.push(format!("{}{}", b as char, &after[..end]));
        }
    }
    found
}

/// Links to our own pages in `body`.
fn links(body: &str) -> Vec<String> {
    body.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter(|href| href.starts_with('/') && !href.starts_with("/static"))
        .map(|href| href.split('#').next().unwrap_or(href).replace("&amp;", "&"))
        .collect()
}

/// Visits every page reachable from the home page, and each as a partial.
async fn walk(client: &mut Client) -> Vec<(String, Vec<String>)> {
    let mut seen = BTreeSet::from(["/".to_owned()]);
    let mut queue = VecDeque::from(["/".to_owned()]);
    let mut problems = Vec::new();
    while let Some(path) = queue.pop_front() {
        let page = client.get(&path).await;
        assert_ne!(page.status, StatusCode::INTERNAL_SERVER_ERROR, "{path}");
        let partial = client.get_htmx(&path).await;
        for body in [&page.body, &partial.body] {
            let counts = small_counts(&text(body));
            if !counts.is_empty() {
                problems.push((path.clone(), counts));
            }
        }
        for link in links(&page.body) {
            if seen.len() < 300 && seen.insert(link.clone()) {
                queue.push_back(link);
            }
        }
    }
    assert!(seen.len() > 5, "the walk reached {seen:?}");
    problems
}

both_backends!(
    co_pilots_and_the_national_team_see_no_small_count,
    |app: TestApp| async move {
        let creche = action(&app, "Places en crèche AVIP", "3", "request_date").await;
        let lead = app.referent().await;
        let actor = Actor::system(chrono::Utc::now());
        for (i, name) in ["Awa", "Binta", "Chloé", "Dalila", "Emma"]
            .iter()
            .enumerate()
        {
            let who = person(&app, &lead, name, false).await;
            let request = EnrolmentDraft {
                participant_id: who,
                requested_on: chrono::NaiveDate::from_ymd_opt(2026, 3, 1 + i as u32).unwrap(),
            };
            app.store
                .enrol(&actor, &lead, creche, &request)
                .await
                .unwrap();
        }
        // Two of them enter the cohort: a count under 5 on the cohorts page.
        let coordinator = app.coordinator().await;
        let today = chrono::Utc::now().date_naive();
        for referral in app
            .store
            .referrals(&coordinator)
            .await
            .unwrap()
            .iter()
            .take(2)
        {
            let accept = Decision::Accept { entry_date: today };
            app.store
                .decide_referral(&actor, &coordinator, referral.id, &accept, today)
                .await
                .unwrap();
        }
        // The coordinator sees the real figures…
        let mut coordinator = app.signed_in("coord@angers.fr").await;
        let page = text(&coordinator.get(&format!("/actions/{creche}")).await.body);
        assert!(page.contains("3 / 3 places prises — action complète ; 2 en liste d'attente"));
        // …co-pilots and the national team never a count under 5.
        for email in ["pilote@angers.fr", "national@anct.gouv.fr"] {
            let mut client = app.signed_in(email).await;
            let problems = walk(&mut client).await;
            assert!(problems.is_empty(), "{email}: {problems:#?}");
        }
        let mut pilote = app.signed_in("pilote@angers.fr").await;
        let page = text(&pilote.get(&format!("/actions/{creche}")).await.body);
        assert!(
            page.contains("< 5 / 3 places prises ; < 5 en liste d'attente."),
            "{page}"
        );
    }
);

#[test]
fn small_counts_are_found_and_masked_ones_are_not() {
    assert_eq!(
        small_counts("8 / 8 places prises ; 4 en liste d'attente"),
        ["4 en liste d'attente"]
    );
    assert!(
        small_counts("< 5 / 3 places prises ; < 5 en liste d'attente, 12 personnes").is_empty()
    );
}
