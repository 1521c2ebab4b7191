//! What an action achieved, through the real router on both backends: the
//! coordinator declares indicators and records yearly values, the carrier's
//! porteur records too, nobody else; the figures show on the action, on its
//! fiche of the national catalogue and on the homes, masked for co-pilots
//! and the network.

mod common;

use axum::http::StatusCode;
use common::people::participant;
use common::{assert_not_found, Backend, TestApp};
use maillage_domain::actions::results::IndicatorSource;
use maillage_domain::actions::{ActionInput, EnrolmentDraft, SeanceInput};
use maillage_domain::fiches::FicheInput;
use maillage_domain::ids::ActionId;
use maillage_store::Actor;

/// The body with apostrophes as typed: askama escapes them.
fn text(body: &str) -> String {
    body.replace("&#39;", "'")
}

/// Angers' action carried by the test porteur's partner.
async fn carried_action(app: &TestApp, title: &str) -> ActionId {
    app.action(ActionInput {
        title: title.into(),
        axis: "innovate".into(),
        thematics: vec!["famille--garde-denfants".into()],
        starts_on: "2026-01-05".into(),
        status: "running".into(),
        priority_rule: "request_date".into(),
        carrier_partner_id: app.angers_partner.to_string(),
        ..ActionInput::default()
    })
    .await
}

/// A café emploi of `action` held on `held_on`, `met` persons met there
/// without a file.
async fn cafe_emploi(app: &TestApp, action: ActionId, held_on: &str, met: &str) {
    let seance = SeanceInput {
        kind: "cafe_emploi".into(),
        held_on: held_on.into(),
        anonymous_count: met.into(),
        ..SeanceInput::default()
    };
    let draft = seance
        .validate(maillage_store::conformance::today())
        .unwrap();
    app.store
        .add_seance(
            &Actor::system(chrono::Utc::now()),
            &app.coordinator().await,
            action,
            &draft,
        )
        .await
        .unwrap();
}

async fn totals(app: &TestApp, action: ActionId) -> Vec<(String, i64)> {
    app.store
        .action_results(&app.coordinator().await, action)
        .await
        .unwrap()
        .into_iter()
        .map(|r| (r.label, r.total))
        .collect()
}

both_backends!(
    a_coordinator_declares_indicators_and_the_carrier_records_them,
    |app: TestApp| async move {
        let action = carried_action(&app, "Par'Emploi").await;
        let page = format!("/actions/{action}");
        let mut coordinator = app.signed_in("coord@angers.fr").await;
        let empty = coordinator.get(&page).await;
        assert!(text(&empty.body).contains("Aucun indicateur de résultat n'est déclaré"));

        let declare = format!("/actions/{action}/indicateurs");
        let bad = coordinator
            .post(&declare, &[("label", " "), ("source", "tout")])
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        let bad_text = text(&bad.body);
        for message in [
            "Rien n'a été enregistré",
            "Ce champ est obligatoire.",
            "Choisissez une valeur dans la liste.",
        ] {
            assert!(bad_text.contains(message), "{message}");
        }
        assert!(totals(&app, action).await.is_empty(), "nothing saved");
        for (label, source) in [
            ("familles", "persons_placed"),
            ("solutions pérennes", "recorded"),
        ] {
            let done = coordinator
                .post(&declare, &[("label", label), ("source", source)])
                .await;
            assert_eq!(done.status, StatusCode::SEE_OTHER);
            assert_eq!(
                done.location(),
                format!("/actions/{action}?fait=indicateur-ajoute#resultats")
            );
        }
        let twice = coordinator
            .post(&declare, &[("label", "familles"), ("source", "recorded")])
            .await;
        assert_eq!(twice.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(text(&twice.body).contains("Un indicateur porte déjà ce libellé sur cette action."));

        // A person enrolled: one family, exact for the coordinator.
        let referent = app.referent().await;
        let today = chrono::Utc::now().date_naive();
        let partners = [app.angers_partner];
        let draft = participant("Awa", "Benali")
            .validate(&[], &partners, today)
            .unwrap();
        let (awa, _) = app.propose(&draft, today).await;
        let request = EnrolmentDraft {
            participant_id: awa,
            requested_on: chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
        };
        let actor = Actor::system(chrono::Utc::now());
        app.store
            .enrol(&actor, &referent, action, &request)
            .await
            .unwrap();

        let results = app
            .store
            .action_results(&app.coordinator().await, action)
            .await
            .unwrap();
        let recorded = results
            .iter()
            .find(|r| r.source == IndicatorSource::Recorded)
            .unwrap()
            .id
            .to_string();
        let record = format!("/actions/{action}/resultats");
        let early = coordinator
            .post(
                &record,
                &[
                    ("indicator_id", &recorded),
                    ("year", "2024"),
                    ("value", "3"),
                ],
            )
            .await;
        assert_eq!(early.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(text(&early.body).contains("Indiquez une année entre 2026 et "));
        let computed = results[0].id.to_string();
        let typed = coordinator
            .post(
                &record,
                &[
                    ("indicator_id", &computed),
                    ("year", "2026"),
                    ("value", "3"),
                ],
            )
            .await;
        assert_eq!(typed.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(text(&typed.body).contains("Cet indicateur est calculé"));
        let done = coordinator
            .post(
                &record,
                &[
                    ("indicator_id", &recorded),
                    ("year", "2026"),
                    ("value", "12"),
                ],
            )
            .await;
        assert_eq!(done.status, StatusCode::SEE_OTHER);

        // The carrier's porteur corrects the year; a référent may not.
        let mut porteur = app.signed_in("porteur@angers.fr").await;
        let porteur_page = text(&porteur.get(&page).await.body);
        assert!(porteur_page.contains("Saisir une valeur"));
        assert!(!porteur_page.contains("Déclarer un indicateur"));
        let fields = [
            ("indicator_id", recorded.as_str()),
            ("year", "2026"),
            ("value", "14"),
        ];
        assert_eq!(
            porteur.post(&record, &fields).await.status,
            StatusCode::SEE_OTHER
        );
        let mut referent_client = app.signed_in("referent@angers.fr").await;
        let referent_page = text(&referent_client.get(&page).await.body);
        assert!(!referent_page.contains("Saisir une valeur"));
        let refused = referent_client
            .post(
                &record,
                &[
                    ("indicator_id", &recorded),
                    ("year", "2026"),
                    ("value", "99"),
                ],
            )
            .await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
        let refused = referent_client
            .post(
                &declare,
                &[("label", "retours"), ("source", "returns_to_work")],
            )
            .await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
        assert_eq!(
            totals(&app, action).await,
            [
                ("familles".to_owned(), 1),
                ("solutions pérennes".to_owned(), 14)
            ]
        );

        let shown = text(&coordinator.get(&page).await.body);
        assert!(shown.contains("Résultats de l'action"));
        assert!(
            shown.contains("<th scope=\"row\">familles</th>\n          <td>1</td>"),
            "{shown}"
        );
        assert!(shown.contains("2026 : 14"));
        let mut pilote = app.signed_in("pilote@angers.fr").await;
        let masked = text(&pilote.get(&page).await.body);
        assert!(
            masked.contains("<th scope=\"row\">familles</th>\n          <td>&#60; 5</td>"),
            "{masked}"
        );

        // Removing asks first, says what goes, and is the coordinator's.
        let indicator = results[1].id;
        let remove = format!("/actions/{action}/indicateurs/{indicator}/retirer");
        let ask = coordinator.get(&remove).await;
        assert_eq!(ask.status, StatusCode::OK);
        let ask_text = text(&ask.body);
        assert!(ask_text
            .contains("Retirer l'indicateur « solutions pérennes » de l'action « Par'Emploi » ?"));
        assert!(ask_text.contains("La valeur saisie pour 1 année est effacée."));
        assert_eq!(
            referent_client.post(&remove, &[]).await.status,
            StatusCode::FORBIDDEN
        );
        let mut vaulx = app.signed_in("coord@vaulx.fr").await;
        assert_not_found(&vaulx.get(&remove).await);
        assert_not_found(&vaulx.post(&remove, &[]).await);
        let other = format!("/actions/{action}/indicateurs/999999/retirer");
        assert_not_found(&coordinator.get(&other).await);
        let removed = coordinator.post(&remove, &[]).await;
        assert_eq!(removed.status, StatusCode::SEE_OTHER);
        assert_eq!(totals(&app, action).await, [("familles".to_owned(), 1)]);
    }
);

both_backends!(
    results_reach_the_fiche_and_the_homes_masked_for_the_network,
    |app: TestApp| async move {
        let action = carried_action(&app, "Places en crèche AVIP").await;
        let coordinator = app.coordinator().await;
        let actor = Actor::system(chrono::Utc::now());
        let mut ids = Vec::new();
        for label in ["familles", "solutions assistante maternelle"] {
            let draft = maillage_domain::actions::results::IndicatorDraft {
                label: label.into(),
                source: IndicatorSource::Recorded,
            };
            ids.push(
                app.store
                    .add_indicator(&actor, &coordinator, action, &draft)
                    .await
                    .unwrap(),
            );
        }
        for (id, year, value) in [(ids[0], 2025, 3), (ids[0], 2026, 15), (ids[1], 2026, 2)] {
            let value = maillage_domain::actions::results::YearValue {
                indicator_id: id,
                year,
                value,
            };
            app.store
                .record_value(&actor, &coordinator, action, &value)
                .await
                .unwrap();
        }
        cafe_emploi(&app, action, "2026-11-02", "42").await;
        let fiche = FicheInput {
            title: "Places en crèche AVIP".into(),
            axis: "innovate".into(),
            thematics: vec!["famille--garde-denfants".into()],
            description: "Des places en crèche pour les parents qui cherchent un emploi.".into(),
            contact_organisation: "Aldev".into(),
            contact_role: "Chargée de mission".into(),
            contact_email: "cite.emploi@aldev.fr".into(),
            ..FicheInput::default()
        };
        let fiche = app
            .store
            .publish_fiche(&actor, &coordinator, action, &fiche.validate().unwrap())
            .await
            .unwrap();

        // The catalogue is the network's: small counts masked, even for the
        // Cité's own coordinator.
        for email in ["national@anct.gouv.fr", "coord@vaulx.fr", "coord@angers.fr"] {
            let mut client = app.signed_in(email).await;
            let page = text(
                &client
                    .get(&format!("/actions-innovantes/{fiche}"))
                    .await
                    .body,
            );
            assert!(
                page.contains("18 familles, &#60; 5 solutions assistante maternelle"),
                "{email}: {page}"
            );
        }

        let mut coordinator_client = app.signed_in("coord@angers.fr").await;
        let home = text(&coordinator_client.get("/").await.body);
        assert!(home.contains("Résultats des actions"));
        assert!(
            home.contains("18 familles, 2 solutions assistante maternelle"),
            "{home}"
        );
        assert!(home.contains(
            "Séances collectives des actions : 1 ; personnes rencontrées sans dossier (aller-vers) : 42."
        ));
        let mut pilote = app.signed_in("pilote@angers.fr").await;
        let home = text(&pilote.get("/").await.body);
        assert!(
            home.contains("18 familles, &#60; 5 solutions assistante maternelle"),
            "{home}"
        );
        // 2025's 3 families would follow from the total and 2026's 15: the
        // co-pilot reads the total, and neither year.
        let page = format!("/actions/{action}");
        let pilote_page = text(&pilote.get(&page).await.body);
        assert!(
            pilote_page.contains("2025 : &#60; 5 · 2026 : non communiqué"),
            "{pilote_page}"
        );
        assert!(!pilote_page.contains("2026 : 15"));
        let coordinator_page = text(&coordinator_client.get(&page).await.body);
        assert!(coordinator_page.contains("2025 : 3 · 2026 : 15"));
        let mut referent = app.signed_in("referent@angers.fr").await;
        assert!(!text(&referent.get("/").await.body).contains("Résultats des actions"));
        let mut national = app.signed_in("national@anct.gouv.fr").await;
        let home = text(&national.get("/").await.body);
        assert!(home.contains("<h2 class=\"fr-tile__title\">42</h2><p class=\"fr-tile__desc\">Personnes rencontrées sans dossier (aller-vers)</p>"), "{home}");

        // Reused elsewhere, the action brings its indicators, not its figures.
        let mut vaulx = app.signed_in("coord@vaulx.fr").await;
        let reused = vaulx
            .post(&format!("/actions-innovantes/{fiche}/reutiliser"), &[])
            .await;
        assert_eq!(reused.status, StatusCode::SEE_OTHER);
        let copy: ActionId = reused
            .location()
            .trim_start_matches("/actions/")
            .parse()
            .unwrap();
        let page = text(&vaulx.get(&format!("/actions/{copy}")).await.body);
        assert!(page.contains("solutions assistante maternelle"));
        assert!(!page.contains("2026 : 2"), "the figures stay Angers'");
    }
);

both_backends!(
    no_seance_s_persons_met_follows_from_the_action_s_total,
    |app: TestApp| async move {
        let action = carried_action(&app, "Café emploi du quartier").await;
        let coordinator = app.coordinator().await;
        let actor = Actor::system(chrono::Utc::now());
        let draft = maillage_domain::actions::results::IndicatorDraft {
            label: "personnes rencontrées".into(),
            source: IndicatorSource::PersonsMet,
        };
        app.store
            .add_indicator(&actor, &coordinator, action, &draft)
            .await
            .unwrap();
        cafe_emploi(&app, action, "2026-10-05", "7").await;
        cafe_emploi(&app, action, "2026-11-02", "2").await;
        let page = format!("/actions/{action}");
        let mut coordinator = app.signed_in("coord@angers.fr").await;
        let exact = coordinator.get(&page).await.body;
        assert!(exact.contains("<td>7</td>") && exact.contains("<td>2</td>"));
        // The co-pilot reads the total, 9: the 7 beside it would give the 2.
        let mut pilote = app.signed_in("pilote@angers.fr").await;
        let masked = pilote.get(&page).await.body;
        assert!(masked.contains("<td>9</td>"), "{masked}");
        assert!(masked.contains("<td>&#60; 5</td>"));
        assert!(masked.contains("<td>non communiqué</td>"));
        assert!(!masked.contains("<td>7</td>") && !masked.contains("<td>2</td>"));
    }
);
