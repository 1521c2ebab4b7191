//! « À faire »: grouped by kind with counts, filtered by référent and
//! partner, paginated by the server, and no consent renewal once the
//! follow-up has ended.

mod common;
#[path = "follow_up/fixtures.rs"]
#[allow(dead_code)]
mod fixtures;

use axum::http::StatusCode;
use chrono::{Duration, NaiveDate};
use common::{Backend, TestApp};
use fixtures::{person, person_input, Fixture};
use maillage_domain::ids::{CohortId, ParticipantId};
use maillage_domain::participants::cohorts::CohortInput;
use maillage_domain::participants::outcomes::{Checkpoint, Outcome};
use maillage_store::participants::Decision;
use maillage_store::Actor;

/// A person of the first cohort who consented on `entry` and entered then;
/// gone on `exit` when given.
async fn consented(
    app: &TestApp,
    f: &Fixture,
    name: (&str, &str),
    entry: NaiveDate,
    exit: Option<NaiveDate>,
) -> ParticipantId {
    consented_in(app, f, f.cohort, name, entry, exit).await
}

/// [`consented`], in `cohort`.
async fn consented_in(
    app: &TestApp,
    f: &Fixture,
    cohort: CohortId,
    name: (&str, &str),
    entry: NaiveDate,
    exit: Option<NaiveDate>,
) -> ParticipantId {
    let actor = Actor::system(chrono::Utc::now());
    let mut input = person_input(name.0, name.1, "hors-qpv");
    input.consent_date = entry.to_string();
    input.consent_method = "ecrit".into();
    let draft = input.validate(&[], &[], f.today).unwrap();
    let (id, referral) = app
        .store
        .propose(&actor, &f.referent, cohort, &draft, None, entry)
        .await
        .unwrap();
    let accept = Decision::Accept { entry_date: entry };
    let coordinator = app.coordinator().await;
    app.store
        .decide_referral(&actor, &coordinator, referral, &accept, entry)
        .await
        .unwrap();
    if let Some(exit) = exit {
        app.store
            .record_outcome(
                &actor,
                &f.referent,
                id,
                Checkpoint::Exit,
                Outcome::JobSearch,
                exit,
            )
            .await
            .unwrap();
    }
    id
}

/// The text of the `<h2>` headings, in order.
fn headings(body: &str) -> Vec<String> {
    body.split("<h2")
        .skip(1)
        .filter_map(|rest| rest.split_once('>')?.1.split_once("</h2>"))
        .map(|(text, _)| text.to_owned())
        .collect()
}

both_backends!(
    todo_groups_by_kind_and_spares_ended_files,
    |app: TestApp| async move {
        let f = Fixture::new(&app).await;
        // Both consented 400 days ago: the consent expires within 30 days. One
        // is still in the cohort; the other left 13 months ago, past the
        // Cité's 12 months of follow-up.
        let long_ago = f.today - Duration::days(400);
        let here = consented(&app, &f, ("Paul", "Présent"), long_ago, None).await;
        let gone = consented(
            &app,
            &f,
            ("Gaston", "Parti"),
            long_ago,
            Some(f.today - Duration::days(395)),
        )
        .await;
        let mut client = app.signed_in("coord@angers.fr").await;
        let page = client.get("/a-faire").await;
        assert_eq!(page.status, StatusCode::OK);
        assert_eq!(
            headings(&page.body),
            [
                "Bilans à faire (3)",
                "Adressages en attente (1)",
                "Personnes sans référent (2)",
                "Consentements à renouveler (1)",
            ]
        );
        assert!(page.body.contains(&format!(
            "href=\"/personnes/{here}\">PRÉSENT Paul</a>, consentement recueilli le"
        )));
        assert!(
            !page.body.contains(&format!(
                "/personnes/{gone}\">PARTI Gaston</a>, consentement"
            )),
            "a file whose follow-up has ended is not asked for its consent"
        );
        // The summary: each kind with its count, a link that shows it alone.
        assert!(page.body.contains("aria-current=\"page\">Tout (7)</a>"));
        assert!(page
        .body
        .contains("<a class=\"fr-tag\" href=\"/a-faire?genre=consentement\">Consentements à renouveler (1)</a>"));
        assert!(page.body.contains(">Dossiers sans activité (0)</a>"));
        let consents = client.get("/a-faire?genre=consentement").await;
        assert_eq!(headings(&consents.body), ["Consentements à renouveler (1)"]);
        assert!(consents
            .body
            .contains("aria-current=\"page\">Consentements à renouveler (1)</a>"));
        // The header's badge counts every line.
        assert!(client.get("/a-faire/compteur").await.body.contains(">7<"));
    }
);

both_backends!(
    todo_filters_by_referent_and_partner,
    |app: TestApp| async move {
        let f = Fixture::new(&app).await;
        let other = app
            .partner_with_referent("CIDFF de Maine-et-Loire", "cidff@angers.fr", false)
            .await;
        let referent = f.referent.user_id();
        // Benali gets the référent: his line « sans référent » goes, and he is
        // the référent's only line.
        app.store
            .set_lead_user(
                &Actor::system(chrono::Utc::now()),
                &app.coordinator().await,
                f.benali,
                referent,
            )
            .await
            .unwrap();
        let mut client = app.signed_in("coord@angers.fr").await;
        let page = client.get("/a-faire").await;
        assert!(page
            .body
            .contains("<option value=\"\" selected>Tous les référents</option>"));
        assert!(page.body.contains("CIDFF de Maine-et-Loire</option>"));

        let theirs = client.get(&format!("/a-faire?referent={referent}")).await;
        assert_eq!(theirs.status, StatusCode::OK);
        assert_eq!(
            headings(&theirs.body),
            Vec::<String>::new(),
            "{}",
            theirs.body
        );
        assert!(theirs.body.contains("Rien à faire pour ces filtres."));
        assert!(theirs
            .body
            .contains(&format!("<option value=\"{referent}\" selected>")));
        // The kind links keep the filter.
        assert!(theirs.body.contains(&format!(
            "href=\"/a-faire?genre=bilan&#38;referent={referent}\""
        )));

        // The Mission locale leads every file; the new partner none.
        let led = client
            .get(&format!("/a-faire?partenaire={}", app.angers_partner))
            .await;
        assert_eq!(
            headings(&led.body),
            ["Bilans à faire (1)", "Adressages en attente (1)"]
        );
        let none = client
            .get(&format!("/a-faire?partenaire={other}&genre=bilan"))
            .await;
        assert!(none
            .body
            .contains("Rien à faire de ce genre pour ces filtres."));
        assert!(none
            .body
            .contains("<input type=\"hidden\" name=\"genre\" value=\"bilan\">"));

        // A value that is not one is the French 400 page, never a 500 or
        // axum's English text.
        for bad in [
            "referent=abc",
            "partenaire=1.5",
            "genre=perdu",
            "page=-1",
            "page=abc",
            "genre=bilan&genre=adressage",
        ] {
            let page = client.get(&format!("/a-faire?{bad}")).await;
            assert_eq!(page.status, StatusCode::BAD_REQUEST, "{bad}");
            assert!(
                page.body.contains("paramètres inattendus ou mal formés"),
                "{bad}"
            );
            assert!(page.body.contains("<html"), "{bad}");
        }
        // An empty value (a form's « Tous ») is no filter.
        let all = client.get("/a-faire?referent=&partenaire=&genre=").await;
        assert_eq!(all.status, StatusCode::OK);
        assert!(all.body.contains("Tout (2)"));
    }
);

both_backends!(todo_is_paged_by_the_server, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    // 52 more proposals waiting: 53 referrals, 55 lines in all.
    for i in 0..52 {
        app.propose(
            &person(
                "Personne",
                &format!("Attente{i:02}"),
                "hors-qpv",
                &[],
                f.today,
            ),
            f.today - Duration::days(1),
        )
        .await;
    }
    let mut client = app.signed_in("coord@angers.fr").await;
    let first = client.get("/a-faire").await;
    let lines = |body: &str| body.matches("<li><a href=\"/personnes/").count();
    assert_eq!(lines(&first.body), 50, "50 lines a page");
    assert!(first.body.contains("50 lignes par page"));
    assert!(first.body.contains("Adressages en attente (53)"));
    assert!(first.body.contains("href=\"/a-faire?page=2\""));
    let second = client.get("/a-faire?page=2").await;
    assert_eq!(lines(&second.body), 5);
    assert_eq!(
        headings(&second.body),
        ["Adressages en attente (53)", "Personnes sans référent (1)"],
        "a kind that goes on keeps its heading and total"
    );
    // The pagination keeps the filters.
    let referrals = client
        .get(&format!(
            "/a-faire?genre=adressage&partenaire={}",
            app.angers_partner
        ))
        .await;
    assert_eq!(lines(&referrals.body), 50);
    let next = format!(
        "href=\"/a-faire?genre=adressage&#38;partenaire={}&#38;page=2\"",
        app.angers_partner
    );
    assert!(referrals.body.contains(&next), "{}", referrals.body);
    let last = client
        .get(&format!(
            "/a-faire?genre=adressage&partenaire={}&page=2",
            app.angers_partner
        ))
        .await;
    assert_eq!(lines(&last.body), 3);
});

both_backends!(
    a_cohort_followed_six_months_asks_no_consent_after_them,
    |app: TestApp| async move {
        let f = Fixture::new(&app).await;
        let long_ago = f.today - Duration::days(400);
        let short = CohortInput {
            name: "Cohorte courte".into(),
            year: long_ago.format("%Y").to_string(),
            target_size: "20".into(),
            intake_start: (long_ago - Duration::days(30)).to_string(),
            intake_end: f.today.to_string(),
            follow_up_months: "6".into(),
        };
        let short = app
            .store
            .create_cohort(
                &Actor::system(chrono::Utc::now()),
                &app.coordinator().await,
                &short.validate(f.today).unwrap(),
            )
            .await
            .unwrap();
        // Both consented 400 days ago; the Cité follows 12 months after the
        // exit, this cohort 6: left 8 months ago is no longer followed.
        let ended = Some(f.today - Duration::days(240));
        let gone = consented_in(&app, &f, short, ("Gaston", "Parti"), long_ago, ended).await;
        let recent = Some(f.today - Duration::days(90));
        let here = consented_in(&app, &f, short, ("Paul", "Présent"), long_ago, recent).await;
        let mut client = app.signed_in("coord@angers.fr").await;
        let consents = client.get("/a-faire?genre=consentement").await.body;
        assert!(
            consents.contains(&format!("/personnes/{here}\">PRÉSENT Paul</a>")),
            "{consents}"
        );
        assert!(
            !consents.contains(&format!("/personnes/{gone}\"")),
            "the cohort's own follow-up has ended"
        );
    }
);
