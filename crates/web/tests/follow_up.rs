//! Finding people (`/personnes`), its exports, « À faire », the counts
//! co-pilots and the national team see instead of persons, and the Cité's
//! own words for barriers (« freins de la Cité ») they are read with.

#[path = "follow_up/cite_words.rs"]
mod cite_words;
mod common;
#[path = "follow_up/fixtures.rs"]
mod fixtures;
#[path = "follow_up/todo_and_counts.rs"]
mod todo_and_counts;

use axum::http::{header, StatusCode};
use chrono::{Duration, Months, NaiveDate};
use common::{Backend, TestApp};
use fixtures::{cohort, listed, other_partner_referent, person, Fixture, PERMIT};
use maillage_domain::accounts::Role;
use maillage_domain::Scope;
use maillage_store::Actor;

both_backends!(coordinators_filter_the_list, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    let mut client = app.signed_in("coord@angers.fr").await;
    let all = client.get("/personnes").await;
    assert_eq!(all.status, StatusCode::OK);
    assert_eq!(
        listed(&all.body),
        [
            "BENALI Karim",
            "DURAND Marie",
            "LEFÈVRE Élodie",
            "MARTIN Sophie"
        ]
    );
    assert!(all.body.contains("<strong>4</strong> personnes"));
    assert!(all
        .body
        .contains(&format!("href=\"/personnes/{}\"", f.lefevre)));
    assert!(all.body.contains("Dans la cohorte") && all.body.contains("Proposée"));
    assert!(all.body.contains(&format!(
        "{} ans",
        maillage_domain::participants::person::age_on(
            NaiveDate::from_ymd_opt(1991, 4, 12).unwrap(),
            f.today
        )
    )));
    assert!(
        all.body.contains("<optgroup label=\"Mobilité\">"),
        "barriers grouped by category"
    );
    assert!(all
        .body
        .contains("Compte referent@angers.fr (Mission locale angevine)"));

    // Names: accent- and case-insensitive, partial, either order of typing accents.
    for search in ["elodie%20lefe", "LEFEVRE", "Lef%C3%A8vre", "%C3%A9lodie"] {
        let page = client.get(&format!("/personnes?nom={search}")).await;
        assert_eq!(listed(&page.body), ["LEFÈVRE Élodie"], "nom={search}");
    }
    assert!(client
        .get("/personnes?nom=zorro")
        .await
        .body
        .contains("Aucune personne ne correspond"));

    let filtered = [
        (
            format!("cohorte={}", f.cohort),
            vec!["BENALI Karim", "DURAND Marie", "LEFÈVRE Élodie"],
        ),
        (format!("cohorte={}", f.later_cohort), vec!["MARTIN Sophie"]),
        (format!("qpv={}", f.qpv), vec!["LEFÈVRE Élodie"]),
        (format!("frein={PERMIT}"), vec!["BENALI Karim"]),
        ("statut=exited".to_owned(), vec!["DURAND Marie"]),
        ("statut=proposed".to_owned(), vec!["MARTIN Sophie"]),
        (
            "statut=active".to_owned(),
            vec!["BENALI Karim", "LEFÈVRE Élodie"],
        ),
        (
            format!("referent={}", f.referent.user_id()),
            vec!["LEFÈVRE Élodie"],
        ),
        (
            format!("statut=active&qpv={}", f.qpv),
            vec!["LEFÈVRE Élodie"],
        ),
    ];
    for (query, expected) in filtered {
        let page = client.get(&format!("/personnes?{query}")).await;
        assert_eq!(page.status, StatusCode::OK);
        assert_eq!(listed(&page.body), expected, "{query}");
    }
    let exited = client.get("/personnes?statut=exited").await;
    assert!(
        exited
            .body
            .contains("<option value=\"exited\" selected>Sortie</option>"),
        "the form keeps the filter"
    );
    assert!(exited
        .body
        .contains("href=\"/personnes/export.csv?statut=exited\""));
    assert!(exited
        .body
        .contains("href=\"/personnes/export.xlsx?statut=exited\""));

    // Bad values: a French notice, the filter ignored, never a 500.
    let vaulx_coordinator = Scope::Cite {
        user_id: app.user_id("coord@vaulx.fr").await,
        cite_id: app.vaulx,
        role: Role::Coordinateur,
        partner_id: None,
    };
    let vaulx_cohort = app
        .store
        .create_cohort(
            &Actor::system(chrono::Utc::now()),
            &vaulx_coordinator,
            &cohort("Vaulx", f.today, f.today)
                .validate(maillage_store::conformance::today())
                .unwrap(),
        )
        .await
        .unwrap();
    let foreign = format!("cohorte={vaulx_cohort}");
    for bad in [
        "cohorte=abc",
        &foreign,
        "qpv=-1",
        "frein=inconnu",
        "statut=perdu",
        "referent=x",
        "page=0",
        "page=abc",
        "moi=1",
    ] {
        let page = client.get(&format!("/personnes?{bad}")).await;
        assert_eq!(page.status, StatusCode::OK, "{bad}");
        assert!(page.body.contains("non reconnu, ignoré"), "{bad}");
        assert_eq!(listed(&page.body).len(), 4, "{bad}: the filter is ignored");
        assert!(
            page.body.contains("href=\"/personnes/export.csv\""),
            "{bad}: exports carry only valid filters"
        );
    }

    // htmx gets the results only; the same URL without JavaScript is a whole page.
    let partial = client.get_htmx("/personnes?statut=exited").await;
    assert!(partial.body.starts_with("<div id=\"resultats\">"));
    assert!(!partial.body.contains("<html"));
    assert_eq!(listed(&partial.body), ["DURAND Marie"]);
    assert!(exited.body.contains("<html"));
    assert!(exited
        .body
        .contains("hx-get=\"/personnes\" hx-target=\"#resultats\""));
    assert!(exited.body.contains("hx-push-url=\"true\""));
    // Anyone outside Angers sees none of them.
    let mut vaulx = app.signed_in("coord@vaulx.fr").await;
    assert!(listed(&vaulx.get("/personnes").await.body).is_empty());
});

both_backends!(pages_keep_the_filters, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    let actor = Actor::system(chrono::Utc::now());
    for n in 0..52 {
        let draft = person(
            "Test",
            &format!("Personne {n:02}"),
            "hors-qpv",
            &[],
            f.today,
        );
        app.store
            .propose(&actor, &f.referent, f.later_cohort, &draft, None, f.today)
            .await
            .unwrap();
    }
    let mut client = app.signed_in("coord@angers.fr").await;
    let first = client.get("/personnes?statut=proposed").await;
    assert!(first.body.contains("<strong>53</strong> personnes"));
    assert_eq!(listed(&first.body).len(), 50);
    assert!(first.body.contains("class=\"fr-pagination\""));
    assert!(
        first
            .body
            .contains("href=\"/personnes?statut=proposed&#38;page=2\""),
        "page links keep the filters"
    );
    assert!(first.body.contains("aria-current=\"page\">1</a>"));
    assert!(first.body.contains("(page 1 sur 2)"));
    let second = client.get("/personnes?statut=proposed&page=2").await;
    assert_eq!(
        listed(&second.body),
        ["PERSONNE 49 Test", "PERSONNE 50 Test", "PERSONNE 51 Test"]
    );
    assert!(second.body.contains("aria-current=\"page\">2</a>"));
    assert!(
        second.body.contains("href=\"/personnes?statut=proposed\""),
        "back to page 1"
    );
    let partial = client.get_htmx("/personnes?statut=proposed&page=2").await;
    assert!(partial.body.contains("fr-pagination"));
    assert!(!client
        .get("/personnes?statut=exited")
        .await
        .body
        .contains("fr-pagination"));
});

both_backends!(each_sees_only_whom_they_follow, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    let mut referent = app.signed_in("referent@angers.fr").await;
    let page = referent.get("/personnes").await;
    assert_eq!(
        listed(&page.body).len(),
        4,
        "the lead partner sees its persons"
    );
    assert!(page.body.contains("Suivis par moi"));
    assert_eq!(
        listed(&referent.get("/personnes?moi=1").await.body),
        ["LEFÈVRE Élodie"]
    );
    assert!(referent
        .get(&format!("/personnes?referent={}", f.referent.user_id()))
        .await
        .body
        .contains("non reconnu"));

    let mut other = other_partner_referent(&app).await;
    let page = other.get("/personnes").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(listed(&page.body).is_empty());
    assert!(page.body.contains("Aucune personne ne correspond"));
    let csv = other.get("/personnes/export.csv").await;
    assert_eq!(csv.status, StatusCode::OK);
    assert_eq!(csv.body.lines().count(), 1, "the header only: {}", csv.body);
    let mut vaulx = app.signed_in("referent@vaulx.fr").await;
    assert!(listed(&vaulx.get("/personnes?nom=lefevre").await.body).is_empty());

    for email in [
        "pilote@angers.fr",
        "porteur@angers.fr",
        "national@anct.gouv.fr",
    ] {
        let mut client = app.signed_in(email).await;
        let mut paths = vec![
            "/personnes",
            "/personnes?statut=active",
            "/personnes/export.csv",
            "/personnes/export.xlsx",
        ];
        if email.starts_with("porteur") {
            // A porteur's « À faire » holds its bilans, never a person.
            let todo = client.get("/a-faire").await;
            assert_eq!(todo.status, StatusCode::OK);
            assert!(todo.body.contains("Aucun bilan à rendre dans le mois."));
            assert!(!todo.body.contains("href=\"/personnes/"), "{}", todo.body);
            let counter = client.get("/a-faire/compteur").await;
            assert_eq!(counter.status, StatusCode::OK);
            assert!(!counter.body.contains("fr-badge"));
        } else {
            paths.extend(["/a-faire", "/a-faire/compteur"]);
        }
        for path in paths {
            let response = client.get(path).await;
            assert_eq!(response.status, StatusCode::NOT_FOUND, "{email} {path}");
            assert!(response.body.contains("Page introuvable"), "{email} {path}");
        }
        assert!(client.get_htmx("/personnes").await.status == StatusCode::NOT_FOUND);
    }
});

both_backends!(
    exports_are_complete_french_and_audited,
    |app: TestApp| async move {
        let f = Fixture::new(&app).await;
        let draft = person(
            "Nadia",
            "=HYPERLINK(\"http://x\")",
            "hors-qpv",
            &[],
            f.today,
        );
        app.store
            .propose(
                &Actor::system(chrono::Utc::now()),
                &f.referent,
                f.later_cohort,
                &draft,
                None,
                f.today,
            )
            .await
            .unwrap();
        let mut client = app.signed_in("coord@angers.fr").await;
        let date = f.today.format("%Y-%m-%d");

        let csv = client.get("/personnes/export.csv?statut=active").await;
        assert_eq!(csv.status, StatusCode::OK);
        assert_eq!(csv.headers[header::CONTENT_TYPE], "text/csv; charset=utf-8");
        assert_eq!(
            csv.headers[header::CONTENT_DISPOSITION],
            format!("attachment; filename=\"personnes-angers-{date}.csv\"").as_str()
        );
        assert!(csv.body.starts_with('\u{feff}'), "a BOM for Excel");
        let lines: Vec<&str> = csv.body.trim_start_matches('\u{feff}').lines().collect();
        assert_eq!(
        lines[0],
        "Nom;Prénom;Date de naissance;Cohorte;Quartier prioritaire;Partenaire;Suivi par;Date d'entrée;Date de sortie;Freins non levés;Statut;Freins à lever;Thématiques des freins à lever (data·inclusion)"
    );
        let entry = (f.today - Duration::days(300)).format("%d/%m/%Y");
        assert_eq!(
        lines[1..],
        [
            format!("Benali;Karim;12/04/1991;Cohorte A;Hors QPV;Mission locale angevine;;{entry};;1;Dans la cohorte;Préparer un permis;{PERMIT}"),
            format!("Lefèvre;Élodie;12/04/1991;Cohorte A;Belle-Beille;Mission locale angevine;Compte referent@angers.fr;{entry};;0;Dans la cohorte;;"),
        ]
    );
        let all = client.get("/personnes/export.csv").await;
        assert_eq!(all.body.lines().count(), 6, "every person, unpaginated");
        assert!(
            all.body.contains("'=HYPERLINK"),
            "a formula stays text: {}",
            all.body
        );
        assert!(all.body.contains(&format!("Durand;Marie;12/04/1991;Cohorte A;Hors QPV;Mission locale angevine;;{entry};{};0;Sortie", (f.today - Duration::days(5)).checked_sub_months(Months::new(6)).unwrap().format("%d/%m/%Y"))));

        let xlsx = client.get("/personnes/export.xlsx?statut=active").await;
        assert_eq!(xlsx.status, StatusCode::OK);
        assert_eq!(
            xlsx.headers[header::CONTENT_TYPE],
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        );
        assert_eq!(
            xlsx.headers[header::CONTENT_DISPOSITION],
            format!("attachment; filename=\"personnes-angers-{date}.xlsx\"").as_str()
        );
        assert!(xlsx.body.starts_with("PK"), "a zip file");
        assert!(xlsx.body.contains("xl/worksheets/sheet1.xml"), "a workbook");

        // A bad filter is refused rather than widening the export.
        let bad = client.get("/personnes/export.csv?statut=perdu").await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST);
        assert!(bad
            .body
            .contains("Les filtres de cet export ne sont pas valides"));
        assert!(bad.body.contains("href=\"/personnes\""));

        let journal = client.get("/journal").await;
        assert!(
            journal.body.contains("csv : 2 personnes"),
            "{}",
            journal.body
        );
        assert!(journal.body.contains("csv : 5 personnes"));
        assert!(journal.body.contains("xlsx : 2 personnes"));
        assert!(
            !journal.body.contains("csv : 0"),
            "a refused export is not an export"
        );

        // Bulk exports need a recent sign-in; the list does not.
        app.clock.advance(Duration::minutes(11));
        let stale = client.get("/personnes/export.xlsx?statut=active").await;
        assert_eq!(
            (stale.status, stale.location()),
            (
                StatusCode::SEE_OTHER,
                "/reconnexion?retour=%2Fpersonnes%2Fexport.xlsx%3Fstatut%3Dactive"
            )
        );
        assert_eq!(client.get("/personnes").await.status, StatusCode::OK);
        // The password typed again, the export goes on where it was.
        let ask = client.get(stale.location()).await;
        assert!(ask.body.contains("moins de 10 minutes"));
        assert!(ask
            .body
            .contains("value=\"/personnes/export.xlsx?statut=active\""));
        let back = "/personnes/export.xlsx?statut=active";
        let wrong = client
            .post(
                "/reconnexion",
                &[("retour", back), ("password", "pas le bon")],
            )
            .await;
        assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(wrong.body.contains("Mot de passe incorrect."));
        let confirmed = client
            .post(
                "/reconnexion",
                &[("retour", back), ("password", common::PASSWORD)],
            )
            .await;
        assert_eq!(confirmed.location(), back);
        assert_eq!(client.get(back).await.status, StatusCode::OK);
        // Never sent to another site.
        let away = client
            .post(
                "/reconnexion",
                &[
                    ("retour", "//ailleurs.example/"),
                    ("password", common::PASSWORD),
                ],
            )
            .await;
        assert_eq!(away.location(), "/");
        let mut again = app.signed_in("coord@angers.fr").await;
        assert_eq!(
            again.get("/personnes/export.xlsx").await.status,
            StatusCode::OK
        );
    }
);
