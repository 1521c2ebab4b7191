//! Paying a commitment through the real router on both backends: the
//! coordinator schedules and records payments, refused in French with
//! nothing changed beyond the commitment; the budget page shows paid and
//! left to pay, with its chart and data table; co-pilots read; référents,
//! porteurs and other Cités get the 404; the national team sees totals only,
//! charted per Cité.

mod common;

use axum::http::StatusCode;
use common::{assert_not_found, Backend, TestApp};

/// The body with apostrophes as typed: askama escapes them.
fn text(body: &str) -> String {
    body.replace("&#39;", "'")
}

/// A form's fields as the client posts them.
fn post<'a>(fields: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    fields.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

/// The first number in `body` right after `marker`.
fn id_after(body: &str, marker: &str) -> String {
    let start = body.find(marker).expect(marker) + marker.len();
    body[start..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect()
}

both_backends!(
    a_coordinator_schedules_and_pays_a_commitment,
    |app: TestApp| async move {
        let mut coordinator = app.signed_in("coord@angers.fr").await;
        for (funder, amount) in [("anct", "50 000"), ("caf", "10 000")] {
            let done = coordinator
                .post(
                    "/financements/enveloppe",
                    &[
                        ("year", "2026"),
                        ("funder", funder),
                        ("line", "actions"),
                        ("amount", amount),
                    ],
                )
                .await;
            assert_eq!(done.status, StatusCode::SEE_OTHER);
        }
        let done = coordinator
            .post(
                "/financements/engagements",
                &[
                    ("year", "2026"),
                    ("funder", "anct"),
                    ("line", "actions"),
                    ("amount", "30 000"),
                    ("label", "Par'Emploi"),
                    ("action_id", ""),
                    ("committed_on", "2026-02-10"),
                ],
            )
            .await;
        assert_eq!(done.status, StatusCode::SEE_OTHER);
        let budget = coordinator.get("/financements?annee=2026").await;
        let id = id_after(&budget.body, "href=\"/financements/engagements/");
        let path = format!("/financements/engagements/{id}");
        let empty = text(&coordinator.get(&path).await.body);
        assert!(empty.contains("Aucune échéance prévue."));
        assert!(empty.contains("Engagement : Par'Emploi"));

        let instalments = format!("{path}/echeances");
        let bad = coordinator
            .post(
                &instalments,
                &[
                    ("label", " "),
                    ("planned_on", "2026-02-30"),
                    ("amount", "0"),
                ],
            )
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(text(&bad.body).contains("Indiquez un montant supérieur à zéro."));
        let schedule = |label: &'static str, amount: &'static str| {
            [
                ("label", label),
                ("planned_on", "2026-12-15"),
                ("amount", amount),
            ]
        };
        let done = coordinator
            .post(&instalments, &schedule("Avance à la signature", "15 000"))
            .await;
        assert_eq!(done.status, StatusCode::SEE_OTHER);
        assert_eq!(
            done.location(),
            format!("{path}?fait=echeance-ajoutee").as_str()
        );
        let over = coordinator
            .post(
                &instalments,
                &schedule("Solde après les bilans", "15 000,01"),
            )
            .await;
        assert_eq!(over.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(text(&over.body).contains(
            "L'échéancier dépasserait l'engagement : il reste 15\u{202f}000,00\u{a0}€ à prévoir"
        ));

        let page = coordinator.get(&path).await;
        // The payment form offers the instalment to settle.
        let select = &page.body[page.body.find("name=\"instalment_id\"").unwrap()..];
        let advance: String = select
            .split("<option value=\"")
            .skip(2)
            .map(|option| option.chars().take_while(char::is_ascii_digit).collect())
            .next()
            .expect("the advance");
        assert!(!advance.is_empty(), "{select}");
        let payments = format!("{path}/versements");
        let pay = |amount: &'static str, paid_on: String, instalment: String| {
            [
                ("paid_on", paid_on),
                ("amount", amount.to_owned()),
                ("instalment_id", instalment),
            ]
        };
        let tomorrow = (maillage_store::conformance::today() + chrono::Days::new(1))
            .format("%Y-%m-%d")
            .to_string();
        let future = pay("1", tomorrow, String::new());
        let refused = coordinator.post(&payments, &post(&future)).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            text(&refused.body).contains("La date du versement ne peut pas être dans le futur.")
        );
        let advance_paid = pay("15 000", "2026-02-10".into(), advance);
        let done = coordinator.post(&payments, &post(&advance_paid)).await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
        let too_much = pay("15 000,01", "2026-06-30".into(), String::new());
        let over = coordinator.post(&payments, &post(&too_much)).await;
        assert_eq!(over.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(text(&over.body).contains(
            "On ne paie pas plus que l'engagement : il reste 15\u{202f}000,00\u{a0}€ à payer"
        ));
        let file = text(&coordinator.get(&path).await.body);
        assert!(file.contains(
            "<td>30\u{202f}000,00\u{a0}€</td><td>15\u{202f}000,00\u{a0}€</td>\
             <td>15\u{202f}000,00\u{a0}€</td><td>15\u{202f}000,00\u{a0}€</td>"
        ));
        assert!(file.contains("<th scope=\"row\">10/02/2026</th><td>15\u{202f}000,00\u{a0}€</td><td>Avance à la signature</td>"));
        assert!(!file.contains("15\u{202f}000,01"), "nothing paid beyond");

        // The year's page: paid and left to pay per line and in total, and
        // the chart with its data table.
        let year = text(&coordinator.get("/financements?annee=2026").await.body);
        assert!(year.contains(
            "<td>30\u{202f}000,00\u{a0}€</td><td>20\u{202f}000,00\u{a0}€</td>\
             <td>15\u{202f}000,00\u{a0}€</td><td>15\u{202f}000,00\u{a0}€</td></tr>"
        ));
        assert!(year.contains("<svg role=\"img\" aria-labelledby=\"graphique-titre\""));
        assert!(year.contains("<title id=\"graphique-titre\">"));
        assert!(year.contains("Données du graphique : enveloppe, engagé et payé 2026 par ligne"));
        assert!(
            year.contains("<rect x=\"0\" y=\"20\" width=\"440\""),
            "the largest bar"
        );

        // Co-pilots read without the forms and cannot write.
        let mut pilote = app.signed_in("pilote@angers.fr").await;
        let read = text(&pilote.get(&path).await.body);
        assert!(read.contains("Avance à la signature"));
        assert!(!read.contains("Enregistrer un versement"));
        let forbidden = pilote.post(&payments, &post(&too_much)).await;
        assert_eq!(forbidden.status, StatusCode::FORBIDDEN);
        for email in [
            "referent@angers.fr",
            "porteur@angers.fr",
            "referent@vaulx.fr",
        ] {
            let mut client = app.signed_in(email).await;
            assert_not_found(&client.get(&path).await);
        }
        // The national team: totals with what is paid, no commitment.
        let mut national = app.signed_in("national@anct.gouv.fr").await;
        assert_not_found(&national.get(&path).await);
        let totals = text(&national.get("/financements?annee=2026").await.body);
        assert!(totals.contains("<th scope=\"col\">Payé</th><th scope=\"col\">Reste à payer</th>"));
        assert!(totals.contains(
            "<td>30\u{202f}000,00\u{a0}€</td><td>15\u{202f}000,00\u{a0}€</td>\
             <td>15\u{202f}000,00\u{a0}€</td>"
        ));
        assert!(!totals.contains("Par'Emploi"));
        // The same chart as a Cité's, one group per Cité, with its data table.
        assert!(totals.contains("<svg role=\"img\" aria-labelledby=\"graphique-titre\""));
        assert!(totals.contains("Données du graphique : enveloppe, engagé et payé 2026 par Cité"));
        assert!(totals.contains(">Cité d'Angers</text>"));
        assert!(totals.contains(
            "<tr><th scope=\"row\">Cité d'Angers</th><td>60\u{202f}000,00\u{a0}€</td>\
             <td>30\u{202f}000,00\u{a0}€</td><td>15\u{202f}000,00\u{a0}€</td></tr>"
        ));
        assert!(
            totals.contains("<rect x=\"0\" y=\"20\" width=\"440\""),
            "the largest bar: Angers' envelope"
        );
        assert_not_found(&coordinator.get("/financements/engagements/999999").await);
    }
);
