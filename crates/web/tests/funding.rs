//! The Cité's money through the real router on both backends: the
//! coordinator sets the envelope, commits and carries over, with French
//! refusals that change nothing; co-pilots read; the national team reads
//! the totals; référents and porteurs get the 404 of a missing page.

mod common;

use axum::http::StatusCode;
use common::{assert_not_found, Backend, TestApp};

/// The body with apostrophes as typed: askama escapes them.
fn text(body: &str) -> String {
    body.replace("&#39;", "'")
}

both_backends!(
    a_coordinator_runs_the_envelope_of_the_year,
    |app: TestApp| async move {
        let mut coordinator = app.signed_in("coord@angers.fr").await;
        let empty = coordinator.get("/financements?annee=2026").await;
        assert_eq!(empty.status, StatusCode::OK);
        assert!(text(&empty.body).contains("Aucune enveloppe n'est saisie pour 2026."));

        let bad = coordinator
            .post(
                "/financements/enveloppe",
                &[
                    ("year", "2026"),
                    ("funder", "banque"),
                    ("line", "actions"),
                    ("amount", "beaucoup"),
                ],
            )
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        let bad_text = text(&bad.body);
        assert!(bad_text.contains("Choisissez une valeur dans la liste."));
        assert!(bad_text.contains("Indiquez un montant en euros (exemple : 1 234,50)."));
        let unchanged = coordinator.get("/financements?annee=2026").await;
        assert!(text(&unchanged.body).contains("Aucune enveloppe n'est saisie pour 2026."));
        for (funder, line, amount) in [
            ("anct", "actions", "50 000"),
            ("anct", "ingenierie", "50 000"),
            ("caf", "actions", "20 000"),
        ] {
            let done = coordinator
                .post(
                    "/financements/enveloppe",
                    &[
                        ("year", "2026"),
                        ("funder", funder),
                        ("line", line),
                        ("amount", amount),
                    ],
                )
                .await;
            assert_eq!(done.status, StatusCode::SEE_OTHER);
            assert_eq!(
                done.location(),
                "/financements?fait=enveloppe-enregistree&annee=2026"
            );
        }
        let commit = |amount: &'static str| {
            [
                ("year", "2026"),
                ("funder", "anct"),
                ("line", "actions"),
                ("amount", amount),
                ("label", "Par'Emploi : conseillère garde d'enfants"),
                ("action_id", ""),
                ("committed_on", "2026-02-10"),
            ]
        };
        let done = coordinator
            .post("/financements/engagements", &commit("30 000"))
            .await;
        assert_eq!(done.status, StatusCode::SEE_OTHER);
        let over = coordinator
            .post("/financements/engagements", &commit("20 000,01"))
            .await;
        assert_eq!(over.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(text(&over.body).contains("Il reste 20\u{202f}000,00\u{a0}€ sur cette ligne"));
        let lowered = coordinator
            .post(
                "/financements/enveloppe",
                &[
                    ("year", "2026"),
                    ("funder", "anct"),
                    ("line", "actions"),
                    ("amount", "29 999"),
                ],
            )
            .await;
        assert_eq!(lowered.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(text(&lowered.body).contains(
            "L'enveloppe ne peut pas descendre sous 30\u{202f}000,00\u{a0}€ : ce qui est engagé"
        ));

        let page = text(&coordinator.get("/financements?annee=2026").await.body);
        for figure in [
            "120\u{202f}000,00\u{a0}€",
            "30\u{202f}000,00\u{a0}€",
            "90\u{202f}000,00\u{a0}€",
            "Par'Emploi : conseillère garde d'enfants",
            "Effet levier : 0,20\u{a0}€ d'autres financeurs pour 1\u{a0}€ de crédits Cité de l'emploi.",
        ] {
            assert!(page.contains(figure), "{figure}");
        }

        // What is left goes to next year by a decision, never more.
        let carry = |amount: &'static str| {
            [
                ("year", "2026"),
                ("funder", "anct"),
                ("line", "actions"),
                ("amount", amount),
                ("decision", "Comité de pilotage du 01/12/2026"),
                ("decided_on", "2026-12-01"),
            ]
        };
        let over = coordinator
            .post("/financements/reports", &carry("20 001"))
            .await;
        assert_eq!(over.status, StatusCode::UNPROCESSABLE_ENTITY);
        let done = coordinator
            .post("/financements/reports", &carry("20 000"))
            .await;
        assert_eq!(done.status, StatusCode::SEE_OTHER);
        let next = text(&coordinator.get("/financements?annee=2027").await.body);
        assert!(next.contains("Comité de pilotage du 01/12/2026"));
        assert!(next.contains("2026 → 2027"));
        // A year not begun has nothing to carry: no form, and a refusal in
        // the form's alert (its year is a hidden field).
        assert!(!next.contains("Reporter le reste sur 2028"));
        let early = coordinator
            .post(
                "/financements/reports",
                &[
                    ("year", "2027"),
                    ("funder", "anct"),
                    ("line", "actions"),
                    ("amount", "1"),
                    ("decision", "Comité de pilotage du 01/12/2026"),
                    ("decided_on", "2026-12-01"),
                ],
            )
            .await;
        assert_eq!(early.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(text(&early.body).contains(
            "role=\"alert\"><p>Rien n'a été enregistré. Corrigez les champs signalés.</p>\
             <p>On ne reporte que le reste d'une année commencée.</p></div>"
        ));

        // Co-pilots read, without the forms; nobody else reads it.
        let mut pilote = app.signed_in("pilote@angers.fr").await;
        let read = text(&pilote.get("/financements?annee=2026").await.body);
        assert!(read.contains("Par'Emploi : conseillère garde d'enfants"));
        assert!(!read.contains("Engager un montant"));
        let refused = pilote.post("/financements/engagements", &commit("1")).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
        for email in ["referent@angers.fr", "porteur@angers.fr"] {
            let mut client = app.signed_in(email).await;
            assert_not_found(&client.get("/financements").await);
        }
        let mut national = app.signed_in("national@anct.gouv.fr").await;
        let totals = text(&national.get("/financements?annee=2026").await.body);
        assert!(totals.contains("Enveloppes 2026 par Cité"));
        assert!(totals.contains("120\u{202f}000,00\u{a0}€"));
        // Its columns add up: 120 000 given, 20 000 carried out, 30 000
        // committed, 70 000 available.
        assert!(totals.contains("<th scope=\"col\">Reporté sur l'année suivante</th>"));
        assert!(totals.contains(
            "<td>120\u{202f}000,00\u{a0}€</td><td>0,00\u{a0}€</td><td>20\u{202f}000,00\u{a0}€</td>\
             <td>30\u{202f}000,00\u{a0}€</td><td>70\u{202f}000,00\u{a0}€</td>"
        ));
        assert!(!totals.contains("Par'Emploi"), "totals, not the lines");
        assert_not_found(&coordinator.get("/financements?annee=2019").await);
        let malformed = coordinator.get("/financements?annee=deux-mille").await;
        assert_eq!(malformed.status, StatusCode::BAD_REQUEST);
    }
);
