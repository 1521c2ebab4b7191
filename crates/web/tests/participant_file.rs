//! A person's file through the real router: who sees it (404 for everyone
//! else, on every route), the pathway's forms and their errors, notes,
//! sharing with consent and « Qui a consulté ce dossier ».

#[path = "participant_file/accesses.rs"]
mod accesses;
mod common;
#[path = "participant_file/fixtures.rs"]
mod fixtures;
#[path = "participant_file/sharing.rs"]
mod sharing;
#[path = "participant_file/suggestions.rs"]
mod suggestions;

use axum::http::StatusCode;
use chrono::Months;
use common::{Backend, TestApp};
use fixtures::{french, iso, open, person, saved, section, today, PERMIS};
use maillage_domain::referential;
use maillage_domain::services::Catalogue;
use maillage_store::services::ServiceQuery;
use maillage_store::Actor;

/// One service of the territory, to mobilise as a step.
const AUTO_ECOLE: &str = r#"{"structures": [{"source": "t", "id": "mob", "nom": "Mobilité 49", "date_maj": "2026-01-01"}],
  "services": [{"source": "t", "structure_id": "mob", "id": "ae", "nom": "Auto-école sociale",
  "description": "Préparer le permis B.", "date_maj": "2026-01-01"}]}"#;

both_backends!(
    only_those_who_follow_see_the_file,
    |app: TestApp| async move {
        let id = person(&app, &[]).await;
        let barrier = app
            .store
            .add_barrier(
                &Actor::system(chrono::Utc::now()),
                &app.referent().await,
                id,
                PERMIS,
                today(),
                None,
            )
            .await
            .unwrap();

        for email in ["referent@angers.fr", "coord@angers.fr"] {
            let mut client = app.signed_in(email).await;
            let body = open(&mut client, id).await;
            assert!(
                body.contains("<h1 class=\"fr-mb-1w\">Amina Belkacem</h1>"),
                "{email}"
            );
            for anchor in [
                "identite",
                "entree",
                "suivi",
                "freins",
                "parcours",
                "sorties",
                "notes",
                "partage",
                "consultations",
            ] {
                assert!(
                    body.contains(&format!("<section id=\"{anchor}\"")),
                    "{anchor}"
                );
                assert!(
                    body.contains(&format!("href=\"#{anchor}\"")),
                    "{anchor} in the summary"
                );
            }
            assert!(body.contains("Hors QPV"));
            assert!(body.contains("Chômeur"));
            assert!(body.contains("CITE 3 et 4"));
            assert!(body.contains("Ne souhaite pas répondre"));
            assert!(body.contains(&format!(
                "Dans la cohorte depuis le {}",
                french(today() - chrono::Duration::days(10))
            )));
            assert!(body.contains("Cohorte des tests"));
            assert!(body.contains("Mission locale angevine"));
        }

        let mut lead_client = app.signed_in("referent@angers.fr").await;
        let missing = lead_client
            .get(&format!("/personnes/{}", id.get() + 1000))
            .await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND);
        for path in ["/personnes/12abc", "/personnes/12abc/consultations"] {
            let malformed = lead_client.get(path).await;
            assert_eq!(
                (malformed.status, malformed.body.as_str()),
                (StatusCode::NOT_FOUND, missing.body.as_str()),
                "{path}"
            );
        }

        let today = iso(today());
        let referent_id = app.user_id("referent@angers.fr").await.to_string();
        let partner = app.angers_partner.to_string();
        let posts: Vec<(String, Vec<(&str, &str)>)> = vec![
            (
                format!("/personnes/{id}/referent"),
                vec![("user_id", referent_id.as_str())],
            ),
            (
                format!("/personnes/{id}/freins"),
                vec![("thematic", PERMIS), ("identified_on", today.as_str())],
            ),
            // Invalid input answers 404 too, not a form with errors.
            (
                format!("/personnes/{id}/freins"),
                vec![("thematic", "inconnu")],
            ),
            (
                format!("/personnes/{id}/freins/{barrier}/lever"),
                vec![("lifted_on", today.as_str())],
            ),
            (
                format!("/personnes/{id}/etapes"),
                vec![
                    ("label", "Atelier CV"),
                    ("planned_on", today.as_str()),
                    ("status", "planned"),
                ],
            ),
            (
                format!("/personnes/{id}/etapes"),
                vec![("status", "inconnu")],
            ),
            (
                format!("/personnes/{id}/situations"),
                vec![
                    ("checkpoint", "exit"),
                    ("outcome", "cdi"),
                    ("recorded_on", today.as_str()),
                ],
            ),
            (
                format!("/personnes/{id}/notes"),
                vec![("body", "Intrusion")],
            ),
            (format!("/personnes/{id}/notes"), vec![("body", "")]),
            (
                format!("/personnes/{id}/partages"),
                vec![("partner_id", partner.as_str())],
            ),
            (format!("/personnes/{id}/consentement/retirer"), vec![]),
        ];
        for email in [
            "referent@vaulx.fr",
            "coord@vaulx.fr",
            "pilote@angers.fr",
            "porteur@angers.fr",
            "national@anct.gouv.fr",
        ] {
            let mut client = app.signed_in(email).await;
            // The error page carries the user's header: compare with their own 404.
            let missing = client.get(&format!("/personnes/{}", id.get() + 1000)).await;
            for path in [
                format!("/personnes/{id}"),
                format!("/personnes/{id}/consultations"),
                format!("/personnes/{id}/consultations?page=2"),
            ] {
                let page = client.get(&path).await;
                assert_eq!(
                    (page.status, page.body.as_str()),
                    (StatusCode::NOT_FOUND, missing.body.as_str()),
                    "{email} GET {path}"
                );
            }
            for (path, fields) in &posts {
                let response = client.post(path, fields).await;
                assert_eq!(
                    (response.status, response.body.as_str()),
                    (StatusCode::NOT_FOUND, missing.body.as_str()),
                    "{email} POST {path}"
                );
            }
        }
        let file = saved(&app, id).await;
        assert_eq!(
            (
                file.barriers.len(),
                file.steps.len(),
                file.outcomes.len(),
                file.notes.len()
            ),
            (1, 0, 0, 0),
            "nothing was saved"
        );
        assert!(file.barriers[0].lifted_on.is_none());
        assert!(file.participant.lead_user_id.is_none());
        assert!(file.consents[0].withdrawn_at.is_none());
    }
);

both_backends!(barriers_steps_and_outcomes, |app: TestApp| async move {
    let id = person(&app, &[]).await;
    let today_iso = iso(today());
    let catalogue = Catalogue::parse(AUTO_ECOLE).unwrap();
    app.store
        .import_data_inclusion(
            &Actor::system(chrono::Utc::now()),
            &app.coordinator().await,
            &catalogue,
        )
        .await
        .unwrap();
    let query = ServiceQuery {
        limit: 10,
        ..ServiceQuery::default()
    };
    let item = app
        .store
        .search_services(&app.coordinator().await, &query)
        .await
        .unwrap()[0]
        .id;

    let mut client = app.signed_in("referent@angers.fr").await;
    open(&mut client, id).await;
    let added = client
        .post(
            &format!("/personnes/{id}/freins"),
            &[
                ("thematic", PERMIS),
                ("identified_on", &today_iso),
                ("comment", "Pas de permis B"),
            ],
        )
        .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER);
    assert_eq!(
        added.location(),
        format!("/personnes/{id}?fait=frein-ajoute#freins")
    );
    let body = client.get(added.location()).await.body;
    assert!(body.contains("Le frein a été ajouté."));
    let freins = section(&body, "freins");
    assert!(freins.contains(referential::thematic(PERMIS).unwrap().label));
    assert!(freins.contains("Mobilité"), "its category");
    assert!(freins.contains(&format!("Identifié le {}", french(today()))));
    assert!(freins.contains("Pas de permis B"));
    assert!(
        freins.contains("<optgroup label="),
        "thematics grouped by category"
    );

    // An unknown thematic, a future date: 422, the errors by their fields, values kept.
    let tomorrow = iso(today() + chrono::Duration::days(1));
    let refused = client
        .post(
            &format!("/personnes/{id}/freins"),
            &[
                ("thematic", "inconnu"),
                ("identified_on", &tomorrow),
                ("comment", "À garder"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains(
        "<p id=\"frein-thematic-error\" class=\"fr-error-text\">Choisissez une thématique dans la liste.</p>"
    ));
    assert!(refused
        .body
        .contains("Cette date ne peut pas être dans le futur."));
    assert!(refused
        .body
        .contains("aria-describedby=\"frein-identified_on-error\""));
    assert!(refused.body.contains(">À garder</textarea>"));
    assert!(
        refused.body.contains("href=\"#frein-thematic\""),
        "the summary links to the field"
    );

    let item_id = item.to_string();
    let step = client
        .post(
            &format!("/personnes/{id}/etapes"),
            &[
                ("service_id", item_id.as_str()),
                ("started_on", today_iso.as_str()),
                ("status", "in_progress"),
            ],
        )
        .await;
    assert_eq!(
        step.location(),
        format!("/personnes/{id}?fait=etape-ajoutee#parcours")
    );
    let bad_step = client
        .post(
            &format!("/personnes/{id}/etapes"),
            &[
                ("started_on", "2026-03-10"),
                ("ended_on", "2026-03-01"),
                ("status", "bientot"),
                ("result", "Résultat gardé"),
            ],
        )
        .await;
    assert_eq!(bad_step.status, StatusCode::UNPROCESSABLE_ENTITY);
    for message in [
        "Choisissez un service du catalogue ou décrivez l&#39;étape.",
        "La fin de l&#39;étape ne peut pas précéder son début.",
        "Choisissez un statut dans la liste.",
    ] {
        assert!(bad_step.body.contains(message), "{message}");
    }
    assert!(bad_step.body.contains("id=\"etape-ended_on-error\""));
    assert!(bad_step.body.contains(">Résultat gardé</textarea>"));
    let undated = client
        .post(
            &format!("/personnes/{id}/etapes"),
            &[
                ("label", "Atelier"),
                ("status", "planned"),
                ("planned_on", "31/02/2026"),
            ],
        )
        .await;
    assert!(undated
        .body
        .contains("Date invalide : utilisez le format JJ/MM/AAAA."));
    let file = saved(&app, id).await;
    assert_eq!(
        (file.steps.len(), file.barriers.len()),
        (1, 1),
        "only the valid ones"
    );
    assert_eq!(file.steps[0].label, "Auto-école sociale");
    let (barrier, step_id) = (file.barriers[0].id, file.steps[0].id);

    let body = open(&mut client, id).await;
    let timeline = section(&body, "parcours");
    assert!(timeline.contains("Auto-école sociale"));
    assert!(timeline.contains("En cours"));
    assert!(timeline.contains(&format!("Commencée le {}", french(today()))));

    // Lifting: a date is needed; another file's barrier is as missing as a missing file.
    let no_date = client
        .post(
            &format!("/personnes/{id}/freins/{barrier}/lever"),
            &[("lifted_on", "")],
        )
        .await;
    assert_eq!(no_date.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(no_date.body.contains(&format!(
        "id=\"lever-{barrier}-lifted_on-error\" class=\"fr-error-text\">Indiquez une date."
    )));
    let elsewhere = client
        .post(
            &format!("/personnes/{id}/freins/{}/lever", barrier.get() + 1000),
            &[("lifted_on", today_iso.as_str())],
        )
        .await;
    assert_eq!(elsewhere.status, StatusCode::NOT_FOUND);
    let step_text = step_id.to_string();
    let lifted = client
        .post(
            &format!("/personnes/{id}/freins/{barrier}/lever"),
            &[
                ("lifted_on", today_iso.as_str()),
                ("step_id", step_text.as_str()),
            ],
        )
        .await;
    assert_eq!(
        lifted.location(),
        format!("/personnes/{id}?fait=frein-leve#freins")
    );
    let body = client.get(lifted.location()).await.body;
    let freins = section(&body, "freins");
    assert!(freins.contains("Freins levés (1)"));
    assert!(freins.contains(&format!("levé le {}", french(today()))));
    assert!(freins.contains("grâce à l'étape « Auto-école sociale »"));

    // +6 months needs the exit first.
    let early = client
        .post(
            &format!("/personnes/{id}/situations"),
            &[
                ("checkpoint", "m6"),
                ("outcome", "cdi"),
                ("recorded_on", today_iso.as_str()),
            ],
        )
        .await;
    assert_eq!(early.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(early.body.contains(
        "<p id=\"situation-checkpoint-error\" class=\"fr-error-text\">Enregistrez d&#39;abord la situation à la sortie.</p>"
    ));
    let unknown = client
        .post(
            &format!("/personnes/{id}/situations"),
            &[
                ("checkpoint", "m24"),
                ("outcome", "millionnaire"),
                ("recorded_on", today_iso.as_str()),
            ],
        )
        .await;
    assert!(unknown
        .body
        .contains("Choisissez une échéance dans la liste."));
    assert!(unknown
        .body
        .contains("Choisissez une situation dans la liste."));
    assert!(saved(&app, id).await.outcomes.is_empty());

    for (checkpoint, outcome) in [("exit", "cdd_6m_plus"), ("m6", "cdi")] {
        let recorded = client
            .post(
                &format!("/personnes/{id}/situations"),
                &[
                    ("checkpoint", checkpoint),
                    ("outcome", outcome),
                    ("recorded_on", today_iso.as_str()),
                ],
            )
            .await;
        assert_eq!(
            recorded.location(),
            format!("/personnes/{id}?fait=situation-enregistree#sorties"),
            "{checkpoint}"
        );
    }
    let body = open(&mut client, id).await;
    assert!(body.contains(&format!("Sortie le {}", french(today()))));
    let outcomes = section(&body, "sorties");
    assert!(outcomes.contains("CDD de 6 mois ou plus"));
    assert!(outcomes.contains("CDI"));
    assert!(outcomes.contains("Emploi durable"));
    let m12 = today().checked_add_months(Months::new(12)).unwrap();
    assert!(
        outcomes.contains(&french(m12)),
        "+12 months falls due a year after the exit"
    );
});
