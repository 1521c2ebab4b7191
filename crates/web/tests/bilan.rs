//! The yearly bilan through the real router on both backends: the
//! coordinator writes each part's comment and downloads the DOCX, its
//! counts of persons masked since it is made to be passed on; the co-pilot
//! reads it; the national team writes and downloads the network's, with
//! each Cité's line; other roles and years out of range get the 404.

mod common;

use axum::http::StatusCode;
use chrono::Datelike;
use common::files::docx_text;
use common::{assert_not_found, Backend, TestApp};
use maillage_domain::indicators::bilan::{BilanPart, BILAN_TEXT_MAX_CHARS};

/// Every part's field, as the page sends them, empty but for `texts`.
fn parts<'a>(texts: &[(&'static str, &'a str)]) -> Vec<(&'static str, &'a str)> {
    BilanPart::ALL
        .iter()
        .map(|part| {
            let text = texts.iter().find(|(code, _)| *code == part.code());
            (part.code(), text.map_or("", |(_, text)| *text))
        })
        .collect()
}

both_backends!(
    each_writer_keeps_its_own_bilan_and_the_document_masks_small_counts,
    |app: TestApp| async move {
        let year = chrono::Utc::now().year();
        let mut persons = Vec::new();
        for name in ["Awa", "Binta", "Chloé"] {
            persons.push(app.admitted(name, "Diallo").await);
        }
        // Awa's barrier makes the cohort's table of barriers.
        let thematic = "famille--garde-denfants";
        let today = maillage_store::conformance::today();
        let actor = maillage_store::Actor::system(chrono::Utc::now());
        app.store
            .add_barrier(
                &actor,
                &app.coordinator().await,
                persons[0],
                thematic,
                today,
                None,
            )
            .await
            .unwrap();
        let mut coordinator = app.signed_in("coord@angers.fr").await;
        let page = coordinator.get("/bilan").await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains(&format!("Bilan annuel {year}")));
        assert!(page.body.contains("id=\"bilan-context\""));
        // The coordinator's own page gives the exact figure.
        assert!(
            page.body.contains("<dt>Personnes suivies</dt><dd>3</dd>"),
            "{}",
            page.body
        );

        let saved = coordinator
            .post(
                &format!("/bilan?annee={year}"),
                &parts(&[
                    ("context", "Quatre QPV & 23 100 habitants\r\nà Angers."),
                    ("outlook", "Ouvrir un café emploi à Belle-Beille."),
                ]),
            )
            .await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER);
        let page = coordinator.get(&format!("/bilan?annee={year}")).await;
        assert!(page
            .body
            .contains("Quatre QPV &#38; 23 100 habitants\nà Angers."));
        assert!(page.body.contains("Dernière modification le"));

        // Refused as a whole: a text too long, or a field the form lacks.
        let long = "x".repeat(BILAN_TEXT_MAX_CHARS + 1);
        for fields in [
            parts(&[("context", "Autre texte"), ("money", long.as_str())]),
            [parts(&[("context", "Autre texte")]), vec![("inconnu", "x")]].concat(),
            vec![("context", "Autre texte")],
        ] {
            let refused = coordinator
                .post(&format!("/bilan?annee={year}"), &fields)
                .await;
            assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
            assert!(refused.body.contains("Le formulaire contient des erreurs"));
        }
        let page = coordinator.get("/bilan").await;
        assert!(!page.body.contains("Autre texte"));
        assert!(page.body.contains("Ouvrir un café emploi"));

        let file = coordinator.get(&format!("/bilan.docx?annee={year}")).await;
        assert_eq!(file.status, StatusCode::OK);
        let text = docx_text(&file.bytes);
        for expected in [
            "Bilan annuel",
            "L&apos;année en bref",
            "Contexte et territoire",
            "Quatre QPV &amp; 23 100 habitants",
            "Ouvrir un café emploi à Belle-Beille.",
            "Personnes suivies",
            "&lt; 5",
            "Commentaire non rédigé.",
            &format!("Freins {year} par catégorie"),
            "Famille",
        ] {
            assert!(text.contains(expected), "{expected} manque : {text}");
        }
        assert!(
            !text.contains(">3</w:t>"),
            "masked for the co-pilots it goes to"
        );
        let journal = coordinator.get("/journal").await.body;
        assert!(journal.contains("Bilan annuel enregistré"));
        assert!(journal.contains("Téléchargement du bilan annuel"));

        // The co-pilot reads it, masked, and cannot write it.
        let mut pilote = app.signed_in("pilote@angers.fr").await;
        let page = pilote.get("/bilan").await;
        assert!(page.body.contains("Ouvrir un café emploi"));
        assert!(!page.body.contains("<textarea"));
        assert!(page
            .body
            .contains("<dt>Personnes suivies</dt><dd>&#60; 5</dd>"));
        let forged = pilote
            .post(
                &format!("/bilan?annee={year}"),
                &parts(&[("context", "Réécrit")]),
            )
            .await;
        assert_not_found(&forged);
        let file = pilote.get("/bilan.docx").await;
        assert!(docx_text(&file.bytes).contains("Quatre QPV"));

        // The network's bilan is the national team's own.
        let mut national = app.signed_in("national@anct.gouv.fr").await;
        let page = national.get("/bilan").await;
        assert!(page.body.contains("le réseau"));
        assert!(!page.body.contains("Quatre QPV"));
        let saved = national
            .post(
                "/bilan",
                &parts(&[("federate", "84 Cités, 14 partenaires en moyenne.")]),
            )
            .await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER);
        let text = docx_text(&national.get("/bilan.docx").await.bytes);
        for expected in [
            "Cités de l&apos;emploi",
            "Partenaires par Cité, en moyenne",
            &format!("Les Cités en {year}"),
            "Cité d&apos;Angers",
            "84 Cités, 14 partenaires en moyenne.",
        ] {
            assert!(text.contains(expected), "{expected} manque : {text}");
        }
        assert!(!text.contains("Quatre QPV"));
        let page = coordinator.get("/bilan").await;
        assert!(!page.body.contains("84 Cités, 14 partenaires"));

        assert_not_found(&coordinator.get("/bilan?annee=2019").await);
        assert_not_found(
            &coordinator
                .get(&format!("/bilan.docx?annee={}", year + 1))
                .await,
        );
        for email in ["referent@angers.fr", "porteur@angers.fr"] {
            let mut other = app.signed_in(email).await;
            assert_not_found(&other.get("/bilan").await);
            assert_not_found(&other.get("/bilan.docx").await);
            assert_not_found(&other.post("/bilan", &[("context", "x")]).await);
        }
    }
);
