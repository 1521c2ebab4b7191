//! Agreements and bilans through the real router on both backends: the
//! coordinator draws the agreement of an accepted application (refused in
//! French when the years do not add up), everyone who reads it downloads
//! it as a DOCX; the funded porteur writes its bilans, the spreadsheet is
//! refused cell by cell when it does not add up; another porteur, another
//! Cité and the national team get the 404.

mod common;
#[path = "agreements/fixtures.rs"]
mod fixtures;

use axum::http::StatusCode;
use common::{assert_not_found, Backend, TestApp};
use fixtures::{bilans, drawn, granted, id_after, id_in};
use maillage_domain::documents::samples;

/// The body with apostrophes as typed: askama escapes them.
fn text(body: &str) -> String {
    body.replace("&#39;", "'")
}

both_backends!(
    a_coordinator_draws_the_agreement_everyone_concerned_reads_it,
    |app: TestApp| async move {
        let application = granted(&app).await;
        let new = format!("/candidatures/{application}/convention");
        let mut coordinator = app.signed_in("coord@angers.fr").await;
        let form = coordinator.get(&new).await;
        assert_eq!(form.status, StatusCode::OK, "{}", form.body);
        assert!(form.body.contains("value=\"20000,00\""));

        let wrong = coordinator
            .post(&new, &[("amount", "15 000"), ("advance_percent", "50")])
            .await;
        assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(text(&wrong.body)
            .contains("ils doivent faire 20\u{202f}000,00\u{a0}€, le montant accordé."));
        let done = coordinator
            .post(&new, &[("amount", "20 000"), ("advance_percent", "40")])
            .await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
        assert!(done.location().ends_with("?fait=convention-etablie"));
        let id = id_in(done.location());
        let path = format!("/conventions/{id}");
        // Drawn once: the form now leads to it.
        let again = coordinator.get(&new).await;
        assert_eq!(again.status, StatusCode::SEE_OTHER);
        assert_eq!(again.location(), path);

        let page = text(&coordinator.get(&path).await.body);
        assert!(page.contains("Convention CONV-"));
        assert!(page.contains("Avance à la signature"));
        assert!(page.contains("8\u{202f}000,00\u{a0}€"), "40 % d'avance");
        assert!(page.contains("Comité de pilotage du 14/11/2023"));
        assert!(page.contains("Bilan financier 2024"));
        // The commitment is on the 2024 budget.
        let budget = text(&coordinator.get("/financements?annee=2024").await.body);
        assert!(budget.contains("Mob'In"), "{budget}");

        let docx = coordinator.get(&format!("{path}/convention.docx")).await;
        assert_eq!(docx.status, StatusCode::OK);
        assert_eq!(
            docx.headers["content-type"],
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        );
        assert_eq!(docx.headers["x-content-type-options"], "nosniff");
        assert!(docx.headers["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment"));
        assert!(docx.body.starts_with("PK"));

        for email in ["pilote@angers.fr", "porteur@angers.fr"] {
            let mut reader = app.signed_in(email).await;
            assert_eq!(reader.get(&path).await.status, StatusCode::OK, "{email}");
            assert_eq!(reader.get("/conventions").await.status, StatusCode::OK);
            let doc = reader.get(&format!("{path}/convention.docx")).await;
            assert_eq!(doc.status, StatusCode::OK, "{email}");
        }
        for email in [
            "porteur@autre.fr",
            "referent@angers.fr",
            "referent@vaulx.fr",
            "national@anct.gouv.fr",
        ] {
            let mut stranger = app.signed_in(email).await;
            assert_not_found(&stranger.get(&path).await);
            assert_not_found(&stranger.get(&format!("{path}/convention.docx")).await);
            // Only a coordinator draws an agreement.
            assert_eq!(stranger.get(&new).await.status, StatusCode::FORBIDDEN);
        }
        let mut pilote = app.signed_in("pilote@angers.fr").await;
        assert_eq!(pilote.get(&new).await.status, StatusCode::FORBIDDEN);
        // Another Cité's coordinator finds neither the application nor the agreement.
        let mut vaulx = app.signed_in("coord@vaulx.fr").await;
        assert_not_found(&vaulx.get(&new).await);
        assert_not_found(&vaulx.get(&path).await);
    }
);

both_backends!(
    the_funded_porteur_writes_its_bilans,
    |app: TestApp| async move {
        let application = granted(&app).await;
        let mut coordinator = app.signed_in("coord@angers.fr").await;
        let agreement = drawn(&mut coordinator, application).await;
        let (qualitative, financial) = bilans(&mut coordinator, &agreement).await;
        assert_ne!(qualitative, financial);

        let mut porteur = app.signed_in("porteur@angers.fr").await;
        let home = text(&porteur.get("/").await.body);
        assert!(home.contains("Bilans des conventions à rendre"), "{home}");
        assert!(home.contains("En retard"));
        // « À faire » lists them too, for the porteur and the coordinator.
        for client in [&mut porteur, &mut coordinator] {
            let todo = text(&client.get("/a-faire").await.body);
            assert!(
                todo.contains("Bilans des conventions à rendre (2)"),
                "{todo}"
            );
            assert!(todo.contains(&format!("href=\"/bilans/{financial}\"")));
            assert!(client
                .get("/a-faire/compteur")
                .await
                .body
                .contains("fr-badge"));
        }

        let path = format!("/bilans/{qualitative}");
        let page = text(&porteur.get(&path).await.body);
        assert!(page.contains("Montant accordé pour 2024"));
        let sections = |first: &'static str| {
            vec![
                ("text", first),
                (
                    "text",
                    "Quarante personnes, dont douze ont repris un emploi.",
                ),
                ("text", "Le permis prend du temps."),
                ("text", "Poursuivre en 2025."),
            ]
        };
        let mut incomplete = sections("");
        incomplete.push(("transmit", "1"));
        let refused = porteur.post(&path, &incomplete).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(text(&refused.body)
            .contains("Complétez « Déroulement de l'action » avant de transmettre le bilan."));
        let saved = porteur.post(&path, &sections("Douze ateliers.")).await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER);
        let mut sent = sections("Douze ateliers.");
        sent.push(("transmit", "1"));
        assert_eq!(
            porteur.post(&path, &sent).await.status,
            StatusCode::SEE_OTHER
        );
        let read = text(&coordinator.get(&path).await.body);
        assert!(read.contains("Douze ateliers."));
        assert!(read.contains("reçu le"));
        let docx = coordinator.get(&format!("{path}/bilan.docx")).await;
        assert_eq!(docx.status, StatusCode::OK);
        assert!(docx.body.starts_with("PK"));

        // Another porteur neither reads nor writes it.
        let mut other = app.signed_in("porteur@autre.fr").await;
        assert_not_found(&other.get(&path).await);
        assert_not_found(&other.post(&path, &sections("Volé.")).await);

        // The spreadsheet comes from Maillage; a file that is not it is refused.
        let financial = format!("/bilans/{financial}");
        let template = porteur.get(&format!("{financial}/modele.xlsx")).await;
        assert_eq!(template.status, StatusCode::OK);
        assert_eq!(template.headers["x-content-type-options"], "nosniff");
        let upload = format!("{financial}/fichier");
        let not_xlsx = porteur
            .post_multipart(
                &upload,
                true,
                &[],
                Some(("fichier", "bilan.xlsx", b"bonjour")),
            )
            .await;
        assert_eq!(not_xlsx.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(text(&not_xlsx.body).contains("Le fichier est refusé, rien n'a été enregistré"));
        assert_not_found(&other.get(&format!("{financial}/modele.xlsx")).await);
        // A qualitative bilan has no spreadsheet.
        assert_not_found(&porteur.get(&format!("{path}/modele.xlsx")).await);
    }
);

both_backends!(
    the_signature_keeps_the_signed_copy_for_who_reads_the_agreement,
    |app: TestApp| async move {
        let mut coordinator = app.signed_in("coord@angers.fr").await;
        let path = drawn(&mut coordinator, granted(&app).await).await;
        let signature = format!("{path}/signature");
        let scan = samples::pdf("Convention signée", &["Lu et approuvé."]);

        // Without the signed copy nothing is recorded; the date typed comes back.
        let no_copy = coordinator
            .post_multipart(&signature, true, &[("signed_on", "2023-12-01")], None)
            .await;
        assert_eq!(no_copy.status, StatusCode::UNPROCESSABLE_ENTITY);
        let page = text(&no_copy.body);
        assert!(page.contains("Choisissez un fichier à ajouter."), "{page}");
        assert!(page.contains("value=\"2023-12-01\""));
        let before_decision = coordinator
            .post_multipart(
                &signature,
                true,
                &[("signed_on", "2023-11-01")],
                Some(("fichier", "scan.pdf", &scan)),
            )
            .await;
        assert_eq!(before_decision.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(text(&before_decision.body)
            .contains("La convention ne peut pas être signée avant la décision."));
        // Neither a porteur nor the co-pilot records it.
        for email in ["porteur@angers.fr", "pilote@angers.fr"] {
            let mut other = app.signed_in(email).await;
            let refused = other
                .post_multipart(
                    &signature,
                    true,
                    &[("signed_on", "2023-12-01")],
                    Some(("fichier", "scan.pdf", &scan)),
                )
                .await;
            assert_eq!(refused.status, StatusCode::FORBIDDEN, "{email}");
        }
        let signed = coordinator
            .post_multipart(
                &signature,
                true,
                &[("signed_on", "2023-12-01")],
                Some(("fichier", "scan signé.pdf", &scan)),
            )
            .await;
        assert_eq!(signed.status, StatusCode::SEE_OTHER, "{}", signed.body);

        let page = coordinator.get(&path).await.body;
        assert!(text(&page).contains("signée le 01/12/2023"));
        assert!(!page.contains("Enregistrer la signature"));
        let document = id_after(&page, "href=\"/documents/");
        let download = format!("/documents/{document}");
        for email in ["pilote@angers.fr", "porteur@angers.fr"] {
            let mut reader = app.signed_in(email).await;
            let page = text(&reader.get(&path).await.body);
            assert!(page.contains("Convention signée"), "{email}");
            let file = reader.get(&download).await;
            assert_eq!(file.status, StatusCode::OK, "{email}");
            assert!(file.body.starts_with("%PDF"), "{email}");
            assert!(file.headers["content-disposition"]
                .to_str()
                .unwrap()
                .contains(".pdf"));
        }
        for email in [
            "porteur@autre.fr",
            "coord@vaulx.fr",
            "national@anct.gouv.fr",
        ] {
            let mut stranger = app.signed_in(email).await;
            assert_not_found(&stranger.get(&download).await);
            assert_not_found(&stranger.get(&format!("{path}/documents")).await);
        }
        // The porteur reads the agreement's documents, never adds any.
        let mut porteur = app.signed_in("porteur@angers.fr").await;
        assert_not_found(&porteur.get(&format!("{path}/documents")).await);
    }
);

both_backends!(
    the_filled_bilan_financier_is_kept_with_the_bilan,
    |app: TestApp| async move {
        let mut coordinator = app.signed_in("coord@angers.fr").await;
        let path = drawn(&mut coordinator, granted(&app).await).await;
        let agreement = coordinator.get(&path).await.body;
        let reports: Vec<String> = agreement
            .match_indices("href=\"/bilans/")
            .map(|(at, marker)| id_after(&agreement[at..], marker))
            .collect();
        let mut porteur = app.signed_in("porteur@angers.fr").await;
        let mut financial = None;
        for id in reports {
            let page = porteur.get(&format!("/bilans/{id}")).await.body;
            if page.contains("modele.xlsx") {
                financial = Some(id);
            }
        }
        let financial = format!("/bilans/{}", financial.expect("a bilan financier"));
        let template = porteur.get(&format!("{financial}/modele.xlsx")).await;
        let header = maillage_office::ReportHeader {
            cite_name: "Angers".into(),
            carrier_name: "Mobil'Emploi".into(),
            project_title: "Mob'In".into(),
            reference: "CONV".into(),
            period: "Année 2024".into(),
        };
        // The porteur spent a little less on each line than agreed.
        let lines: Vec<maillage_office::FinancialActual> =
            [("Conseillère mobilité", 3_000_000), ("Scooters", 500_000)]
                .into_iter()
                .map(|(label, budget_cents)| maillage_office::FinancialActual {
                    label: label.into(),
                    budget_cents,
                    actual_cents: budget_cents - 10_000,
                })
                .collect();
        let filled = maillage_office::filled_financial_report_xlsx(&header, &lines);
        assert!(template.body.starts_with("PK"));
        let sent = porteur
            .post_multipart(
                &format!("{financial}/fichier"),
                true,
                &[],
                Some(("fichier", "bilan rempli.xlsx", &filled)),
            )
            .await;
        assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);

        let page = coordinator.get(&financial).await.body;
        assert!(
            text(&page).contains("Bilan financier 2024 rempli"),
            "{page}"
        );
        assert!(text(&page).contains("29\u{202f}900,00\u{a0}€"));
        let document = id_after(&page, "href=\"/documents/");
        let file = coordinator.get(&format!("/documents/{document}")).await;
        assert_eq!(file.status, StatusCode::OK);
        assert!(file.body.starts_with("PK"));
        assert!(file.headers["content-disposition"]
            .to_str()
            .unwrap()
            .contains(".xlsx"));
        let mut other = app.signed_in("porteur@autre.fr").await;
        assert_not_found(&other.get(&format!("/documents/{document}")).await);
        // Transmitted: the bilan takes no more files.
        let late = porteur
            .post_multipart(
                &format!("{financial}/documents"),
                true,
                &[],
                Some(("fichier", "facture.pdf", &samples::pdf("Facture", &[]))),
            )
            .await;
        assert_eq!(late.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(text(&late.body).contains("Un bilan transmis ne reçoit plus de pièces jointes."));
    }
);
