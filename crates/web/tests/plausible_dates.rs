//! Implausible dates (*dates plausibles*) on every form that takes a date:
//! year 0 or 1 in a past event, 9999 in a planned date. Each is refused with
//! a French message naming the field, and nothing is stored.

#[allow(dead_code)]
#[path = "actions/fixtures.rs"]
mod action_fixtures;
mod common;
#[allow(dead_code)]
#[path = "participant_file/fixtures.rs"]
mod file_fixtures;

use axum::http::StatusCode;
use common::{Backend, Client, TestApp};
use file_fixtures::{iso, saved, today, PERMIS};
use maillage_domain::ids::ParticipantId;
use maillage_store::actions::ActionFilter;

/// Posts `fields` to `path`: refused (422) with `message`, apostrophes as typed.
async fn refused(client: &mut Client, path: &str, fields: &[(&str, &str)], message: &str) {
    let response = client.post(path, fields).await;
    assert_eq!(
        response.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{path} {fields:?}"
    );
    let body = response.body.replace("&#39;", "'");
    assert!(body.contains(message), "{path} {fields:?}: {message}");
}

/// What a person's file holds that the pathway's forms write.
async fn pathway(app: &TestApp, id: ParticipantId) -> (usize, usize, usize, usize) {
    let file = saved(app, id).await;
    let lifted = file
        .barriers
        .iter()
        .filter(|b| b.lifted_on.is_some())
        .count();
    (
        file.barriers.len(),
        lifted,
        file.steps.len(),
        file.outcomes.len(),
    )
}

both_backends!(
    a_file_s_forms_refuse_year_0_and_9999,
    |app: TestApp| async move {
        let id = file_fixtures::person(&app, &[]).await;
        let barrier = file_fixtures::barrier(&app, id).await;
        let before = pathway(&app, id).await;
        let mut client = app.signed_in("referent@angers.fr").await;
        client.get(&format!("/personnes/{id}")).await;
        let file = format!("/personnes/{id}");
        refused(
            &mut client,
            &format!("{file}/freins"),
            &[("thematic", PERMIS), ("identified_on", "0000-01-01")],
            "La date d'identification du frein n'est pas plausible (année 0) : \
             indiquez une date entre le 01/01/1900 et aujourd'hui.",
        )
        .await;
        refused(
            &mut client,
            &format!("{file}/freins"),
            &[("thematic", PERMIS), ("identified_on", "9999-12-31")],
            "La date d'identification du frein n'est pas plausible (année 9999)",
        )
        .await;
        refused(
            &mut client,
            &format!("{file}/freins/{barrier}/lever"),
            &[("lifted_on", "0001-01-01")],
            "La date de levée du frein n'est pas plausible (année 1)",
        )
        .await;
        let end = iso(today() + chrono::Months::new(120));
        let step = |planned: &'static str, started: &'static str, status: &'static str| {
            vec![
                ("label", "Atelier CV"),
                ("planned_on", planned),
                ("started_on", started),
                ("status", status),
            ]
        };
        refused(
            &mut client,
            &format!("{file}/etapes"),
            &step("9999-12-31", "", "planned"),
            &format!(
                "La date prévue de l'étape n'est pas plausible (année 9999) : \
                 indiquez une date entre le 01/01/1900 et le {}.",
                (today() + chrono::Months::new(120)).format("%d/%m/%Y")
            ),
        )
        .await;
        refused(
            &mut client,
            &format!("{file}/etapes"),
            &step("", "0000-03-01", "in_progress"),
            "Le début de l'étape n'est pas plausible (année 0)",
        )
        .await;
        // A step done has ended: not next month.
        let next_month = iso(today() + chrono::Months::new(1));
        refused(
            &mut client,
            &format!("{file}/etapes"),
            &[
                ("label", "Atelier CV"),
                ("ended_on", next_month.as_str()),
                ("status", "done"),
            ],
            "La fin de l'étape ne peut pas être dans le futur.",
        )
        .await;
        refused(
            &mut client,
            &format!("{file}/situations"),
            &[
                ("checkpoint", "exit"),
                ("outcome", "cdi"),
                ("recorded_on", "0000-01-01"),
            ],
            "La date du constat n'est pas plausible (année 0)",
        )
        .await;
        assert_eq!(pathway(&app, id).await, before, "nothing stored");
        // A date at the horizon is planned, not absurd.
        let planned = client
            .post(
                &format!("{file}/etapes"),
                &[
                    ("label", "Atelier CV"),
                    ("planned_on", end.as_str()),
                    ("status", "planned"),
                ],
            )
            .await;
        assert_eq!(planned.status, StatusCode::SEE_OTHER, "{}", planned.body);
    }
);

both_backends!(
    a_service_step_refuses_year_9999,
    |app: TestApp| async move {
        let id = file_fixtures::person(&app, &[]).await;
        file_fixtures::auto_ecole(&app).await;
        let service = app.services().await[0].id;
        let mut client = app.signed_in("referent@angers.fr").await;
        client.get(&format!("/offres/{service}")).await;
        refused(
            &mut client,
            &format!("/offres/{service}/etape"),
            &[
                ("participant_id", &id.to_string()),
                ("planned_on", "9999-01-01"),
            ],
            "La date prévue de l'étape n'est pas plausible (année 9999)",
        )
        .await;
        assert_eq!(saved(&app, id).await.steps.len(), 0, "nothing stored");
    }
);

both_backends!(
    actions_enrolments_and_seances_refuse_year_0_and_9999,
    |app: TestApp| async move {
        let action = action_fixtures::action(&app, "Cafés emploi", "", "request_date").await;
        let lead = app.referent().await;
        let awa = action_fixtures::person(&app, &lead, "Awa", false).await;
        let mut coordinator = app.signed_in("coord@angers.fr").await;
        coordinator.get("/actions/nouvelle").await;
        let action_form = |starts: &'static str, ends: &'static str| {
            vec![
                ("title", "Garde d'enfants"),
                ("axis", "innovate"),
                ("thematics", "famille--garde-denfants"),
                ("starts_on", starts),
                ("ends_on", ends),
                ("status", "running"),
                ("priority_rule", "request_date"),
            ]
        };
        refused(
            &mut coordinator,
            "/actions",
            &action_form("0000-01-05", ""),
            "La date de début de l'action n'est pas plausible (année 0)",
        )
        .await;
        refused(
            &mut coordinator,
            "/actions",
            &action_form("2026-01-05", "9999-12-31"),
            "La date de fin de l'action n'est pas plausible (année 9999)",
        )
        .await;
        refused(
            &mut coordinator,
            &format!("/actions/{action}"),
            &action_form("2026-01-05", "9999-12-31"),
            "La date de fin de l'action n'est pas plausible (année 9999)",
        )
        .await;
        let coordinator_scope = app.coordinator().await;
        let actions = app
            .store
            .actions(&coordinator_scope, &ActionFilter::default())
            .await
            .unwrap();
        assert_eq!(actions.len(), 1, "no action created");
        assert_eq!(actions[0].ends_on, None, "the action unchanged");

        let mut referent = app.signed_in("referent@angers.fr").await;
        referent.get(&format!("/actions/{action}")).await;
        refused(
            &mut referent,
            &format!("/actions/{action}/inscriptions"),
            &[
                ("participant_id", &awa.to_string()),
                ("requested_on", "0000-01-01"),
            ],
            "La date de la demande n'est pas plausible (année 0)",
        )
        .await;
        for held_on in ["0000-10-14", "9999-10-14"] {
            refused(
                &mut referent,
                &format!("/actions/{action}/seances"),
                &[("kind", "cafe_emploi"), ("held_on", held_on)],
                "La date de la séance n'est pas plausible",
            )
            .await;
        }
        let enrolments = app
            .store
            .enrolments(&coordinator_scope, action)
            .await
            .unwrap();
        assert!(enrolments.placed.is_empty() && enrolments.waiting.is_empty());
        assert!(app
            .store
            .seances(&coordinator_scope, action)
            .await
            .unwrap()
            .is_empty());
    }
);

both_backends!(
    cohorts_consents_and_entries_refuse_year_0_and_9999,
    |app: TestApp| async move {
        let cohort = app.cohort().await;
        let mut coordinator = app.signed_in("coord@angers.fr").await;
        coordinator.get("/cohortes").await;
        let cohort_form = |start: &'static str, end: &'static str| {
            vec![
                ("name", "Cohorte absurde"),
                ("year", "2026"),
                ("target_size", "90"),
                ("intake_start", start),
                ("intake_end", end),
            ]
        };
        refused(
            &mut coordinator,
            "/cohortes",
            &cohort_form("2026-01-01", "9999-12-31"),
            "La fin des entrées n'est pas plausible (année 9999)",
        )
        .await;
        refused(
            &mut coordinator,
            "/cohortes",
            &cohort_form("0000-01-01", "2026-12-31"),
            "Le début des entrées n'est pas plausible (année 0)",
        )
        .await;
        let reader = app.coordinator().await;
        assert_eq!(app.store.cohorts(&reader).await.unwrap().len(), 1);

        let mut referent = app.signed_in("referent@angers.fr").await;
        referent.get("/adressages/nouveau").await;
        let cohort_id = cohort.to_string();
        let proposal = |consent: &'static str| {
            vec![
                ("cohort_id", cohort_id.as_str()),
                ("motive", "Recherche d'emploi"),
                ("first_name", "Amina"),
                ("last_name", "Belkacem"),
                ("birth_date", "1991-04-12"),
                ("sex", "f"),
                ("residence", "hors-qpv"),
                ("employment_status", "chomeur_longue_duree"),
                ("education", "isced_3_4"),
                ("rsa", "oui"),
                ("single_parent", "oui"),
                ("rqth", "nsp"),
                ("consent_date", consent),
                ("consent_method", "ecrit"),
            ]
        };
        refused(
            &mut referent,
            "/adressages",
            &proposal("0000-01-01"),
            "La date du consentement n'est pas plausible (année 0)",
        )
        .await;
        refused(
            &mut referent,
            "/adressages",
            &proposal("9999-01-01"),
            "La date du consentement n'est pas plausible (année 9999)",
        )
        .await;
        assert!(app.store.referrals(&reader).await.unwrap().is_empty());

        let mut valid = proposal("");
        valid.retain(|(name, _)| !name.starts_with("consent"));
        let sent = referent.post("/adressages", &valid).await;
        assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
        let referral = app.store.referrals(&reader).await.unwrap().remove(0);
        coordinator.get("/adressages").await;
        refused(
            &mut coordinator,
            &format!("/adressages/{}/accepter", referral.id),
            &[("entry_date", "0000-01-01")],
            "La date d'entrée dans la cohorte n'est pas plausible (année 0)",
        )
        .await;
        let after = app.store.referrals(&reader).await.unwrap().remove(0);
        assert_eq!(after.status, referral.status, "still undecided");
    }
);
