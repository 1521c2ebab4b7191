//! Actions through the real router on both backends: the coordinator's forms
//! and their French errors, capacity, enrolment into a full action and the
//! waiting list, priority, and who may do what.

mod common;
#[path = "actions/fixtures.rs"]
mod fixtures;

use axum::http::StatusCode;
use common::{Backend, TestApp};
use fixtures::{action, other_referent, person};
use maillage_domain::actions::EnrolmentDraft;
use maillage_domain::ids::ActionId;
use maillage_domain::participants::pathway::StepStatus;
use maillage_store::actions::ActionFilter;
use maillage_store::Actor;

const VALID: [(&str, &str); 11] = [
    ("title", "Places en crèche AVIP"),
    ("axis", "innovate"),
    ("innovative", "on"),
    ("thematics", "famille--garde-denfants"),
    ("publics", "familles"),
    ("starts_on", "2026-01-05"),
    ("ends_on", "2026-12-31"),
    ("planned_budget", "12 000,50"),
    ("status", "running"),
    ("capacity", "8"),
    ("priority_rule", "single_parent_first"),
];

/// The body with apostrophes as typed: askama escapes them.
fn text(body: &str) -> String {
    body.replace("&#39;", "'")
}

fn with(changes: &[(&'static str, &'static str)]) -> Vec<(&'static str, &'static str)> {
    let mut fields: Vec<_> = VALID
        .iter()
        .filter(|(k, _)| !changes.iter().any(|(c, _)| c == k))
        .copied()
        .collect();
    fields.extend_from_slice(changes);
    fields
}

both_backends!(
    a_coordinator_creates_and_edits_actions,
    |app: TestApp| async move {
        let mut client = app.signed_in("coord@angers.fr").await;
        assert_eq!(client.get("/actions/nouvelle").await.status, StatusCode::OK);
        let bad = client
            .post(
                "/actions",
                &with(&[
                    ("title", " "),
                    ("planned_budget", "beaucoup"),
                    ("thematics", "garde"),
                    ("ends_on", "2025-01-01"),
                ]),
            )
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        let bad_text = text(&bad.body);
        for message in [
            "Rien n'a été enregistré",
            "Ce champ est obligatoire.",
            "Indiquez un montant en euros (exemple : 1 234,50).",
            "Choisissez les freins dans la liste des thématiques data·inclusion.",
            "La fin ne peut pas précéder le début.",
        ] {
            assert!(bad_text.contains(message), "{message}");
        }
        let none = app
            .store
            .actions(&app.coordinator().await, &ActionFilter::default())
            .await
            .unwrap();
        assert!(none.is_empty(), "nothing saved");

        let created = client.post("/actions", &VALID).await;
        assert_eq!(created.status, StatusCode::SEE_OTHER);
        let page = client.get(created.location()).await;
        assert!(text(&page.body).contains("L'action a été créée."));
        assert!(text(&page.body).contains("<h1 class=\"fr-mb-1w\">Places en crèche AVIP</h1>"));
        assert!(text(&page.body).contains("12\u{202f}000,50\u{a0}€"));
        assert!(text(&page.body).contains("Du 05/01/2026 au 31/12/2026"));
        assert!(text(&page.body).contains("0 / 8 places prises"));
        assert!(text(&page.body).contains("Parents isolés d'abord, puis date de la demande"));
        let id: ActionId = created
            .location()
            .trim_start_matches("/actions/")
            .split('?')
            .next()
            .unwrap()
            .parse()
            .unwrap();

        let edit = client.get(&format!("/actions/{id}/modifier")).await;
        assert!(text(&edit.body).contains("value=\"12000,50\""));
        assert!(text(&edit.body).contains("value=\"famille--garde-denfants\" checked"));
        let updated = client
            .post(
                &format!("/actions/{id}"),
                &with(&[("results", "6 solutions pérennes"), ("capacity", "10")]),
            )
            .await;
        assert_eq!(updated.status, StatusCode::SEE_OTHER);
        let page = client.get(updated.location()).await;
        assert!(text(&page.body).contains("L'action a été modifiée."));
        assert!(text(&page.body).contains("6 solutions pérennes"));
        assert!(text(&page.body).contains("0 / 10 places prises"));

        // The same title twice in the Cité is refused next to the field.
        let twice = client.post("/actions", &VALID).await;
        assert_eq!(twice.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(text(&twice.body).contains("Une action porte déjà ce titre dans la Cité."));
        // Filters: htmx gets the table only, without JavaScript the whole page.
        let partial = client.get_htmx("/actions?axe_national=reach_out").await;
        assert!(partial.body.starts_with("<div id=\"actions\">"));
        assert!(partial.body.contains("Aucune action ne correspond."));
        let full = client
            .get("/actions?axe_national=innovate&statut=running")
            .await;
        assert!(full.body.contains("<html") && full.body.contains("Places en crèche AVIP"));
        // Another Cité's coordinator: the 404 of a missing id.
        let mut vaulx = app.signed_in("coord@vaulx.fr").await;
        assert_eq!(
            vaulx.get(&format!("/actions/{id}")).await.status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            vaulx.post(&format!("/actions/{id}"), &VALID).await.status,
            StatusCode::NOT_FOUND
        );
    }
);

both_backends!(
    capacity_cannot_go_below_places_taken,
    |app: TestApp| async move {
        let id = action(&app, "Places en crèche AVIP", "2", "request_date").await;
        let lead = app.referent().await;
        for name in ["Awa", "Binta"] {
            let participant_id = person(&app, &lead, name, false).await;
            let request = EnrolmentDraft {
                participant_id,
                requested_on: chrono::Utc::now().date_naive(),
            };
            app.store
                .enrol(&Actor::system(chrono::Utc::now()), &lead, id, &request)
                .await
                .unwrap();
        }
        let mut client = app.signed_in("coord@angers.fr").await;
        let refused = client
            .post(&format!("/actions/{id}"), &with(&[("capacity", "1")]))
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(text(&refused.body)
            .contains("2 places sont déjà prises : la capacité ne peut pas descendre en dessous."));
        let row = app
            .store
            .action(&app.coordinator().await, id)
            .await
            .unwrap();
        assert_eq!(
            (row.capacity, row.title.as_str()),
            (Some(2), "Places en crèche AVIP"),
            "nothing changed"
        );
        let bad_number = client
            .post(&format!("/actions/{id}"), &with(&[("capacity", "huit")]))
            .await;
        assert!(text(&bad_number.body).contains("Indiquez un nombre entier entre 1 et 10000."));
    }
);

both_backends!(
    a_freed_place_goes_to_the_next_in_line,
    |app: TestApp| async move {
        let id = action(&app, "Places en crèche AVIP", "1", "single_parent_first").await;
        let lead = app.referent().await;
        let awa = person(&app, &lead, "Awa", false).await;
        let binta = person(&app, &lead, "Binta", false).await;
        let chloe = person(&app, &lead, "Chloé", true).await;
        let mut client = app.signed_in("referent@angers.fr").await;
        let page = client.get(&format!("/actions/{id}")).await;
        assert!(
            text(&page.body).contains(&format!("<option value=\"{awa}\">BENALI Awa</option>")),
            "picker"
        );
        for (who, day, notice) in [
            (awa, "2026-03-01", "La personne a une place dans l'action."),
            (
                binta,
                "2026-03-02",
                "la personne est inscrite sur la liste d'attente",
            ),
            (
                chloe,
                "2026-03-20",
                "la personne est inscrite sur la liste d'attente",
            ),
        ] {
            let who = who.to_string();
            let done = client
                .post(
                    &format!("/actions/{id}/inscriptions"),
                    &[("participant_id", &who), ("requested_on", day)],
                )
                .await;
            assert_eq!(done.status, StatusCode::SEE_OTHER);
            assert!(
                text(&client.get(done.location()).await.body).contains(notice),
                "{notice}"
            );
        }
        let page = text(&client.get(&format!("/actions/{id}")).await.body);
        assert!(page.contains("1 / 1 places prises"));
        let first = page
            .find("Parent isolé·e, demande du 20/03/2026")
            .expect("the single parent first");
        let second = page
            .find("Après les parents isolés, demande du 02/03/2026")
            .expect("then the date");
        assert!(first < second);
        // Enrolled twice: refused, the page says why.
        let again = client
            .post(
                &format!("/actions/{id}/inscriptions"),
                &[
                    ("participant_id", &binta.to_string()),
                    ("requested_on", "2026-03-03"),
                ],
            )
            .await;
        assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(text(&again.body).contains(
            "Cette personne est déjà inscrite à cette action ou sur sa liste d'attente."
        ));
        // Awa leaves: Chloé gets the place at once, her step starts.
        let list = app.store.enrolments(&lead, id).await.unwrap();
        // Named under another action, the place is not released.
        let other = action(&app, "Par'Emploi", "5", "request_date").await;
        for wrong in [other, ActionId::new(987_654_321)] {
            let refused = client
                .post(
                    &format!(
                        "/actions/{wrong}/inscriptions/{}/liberer",
                        list.placed[0].id
                    ),
                    &[],
                )
                .await;
            assert_eq!(refused.status, StatusCode::NOT_FOUND);
        }
        assert_eq!(
            app.store.enrolments(&lead, id).await.unwrap().placed[0].participant_id,
            awa
        );
        let released = client
            .post(
                &format!("/actions/{id}/inscriptions/{}/liberer", list.placed[0].id),
                &[],
            )
            .await;
        assert_eq!(released.status, StatusCode::SEE_OTHER);
        let page = text(&client.get(released.location()).await.body);
        assert!(page.contains("la personne suivante sur la liste d'attente l'a obtenue"));
        let list = app.store.enrolments(&lead, id).await.unwrap();
        assert_eq!(list.placed[0].participant_id, chloe);
        assert_eq!(
            (
                list.waiting[0].rank,
                list.waiting[0].enrolment.participant_id
            ),
            (1, binta)
        );
        let file = app
            .store
            .case_file(&Actor::system(chrono::Utc::now()), &lead, chloe)
            .await
            .unwrap();
        assert_eq!(
            (file.steps[0].label.as_str(), file.steps[0].status),
            ("Places en crèche AVIP", StepStatus::InProgress)
        );
        let file = text(&client.get(&format!("/personnes/{awa}")).await.body);
        assert!(file.contains("Places en crèche AVIP") && file.contains("Place libérée"));
    }
);

both_backends!(
    a_referent_enrols_only_persons_they_follow,
    |app: TestApp| async move {
        let id = action(&app, "Places en crèche AVIP", "8", "request_date").await;
        let cidff = other_referent(&app).await;
        let theirs = person(&app, &cidff, "Dounia", true).await;
        let mut client = app.signed_in("referent@angers.fr").await;
        let page = text(&client.get(&format!("/actions/{id}")).await.body);
        assert!(!page.contains("Dounia"), "absent from the picker");
        let refused = client
            .post(
                &format!("/actions/{id}/inscriptions"),
                &[
                    ("participant_id", &theirs.to_string()),
                    ("requested_on", "2026-03-01"),
                ],
            )
            .await;
        assert_eq!(refused.status, StatusCode::NOT_FOUND);
        assert!(app
            .store
            .enrolments(&cidff, id)
            .await
            .unwrap()
            .placed
            .is_empty());
        // Enrolled by their own référent, the person shows without name nor reason.
        let request = EnrolmentDraft {
            participant_id: theirs,
            requested_on: chrono::Utc::now().date_naive(),
        };
        app.store
            .enrol(&Actor::system(chrono::Utc::now()), &cidff, id, &request)
            .await
            .unwrap();
        let page = text(&client.get(&format!("/actions/{id}")).await.body);
        assert!(
            page.contains("Personne suivie par un autre partenaire") && !page.contains("Dounia")
        );
        let list = app.store.enrolments(&cidff, id).await.unwrap();
        let release = client
            .post(
                &format!("/actions/{id}/inscriptions/{}/liberer", list.placed[0].id),
                &[],
            )
            .await;
        assert_eq!(release.status, StatusCode::NOT_FOUND);
    }
);

both_backends!(
    only_coordinators_create_actions,
    |app: TestApp| async move {
        let id = action(&app, "Cafés emploi", "", "request_date").await;
        for email in [
            "porteur@angers.fr",
            "pilote@angers.fr",
            "referent@angers.fr",
        ] {
            let mut client = app.signed_in(email).await;
            assert_eq!(
                client.get("/actions/nouvelle").await.status,
                StatusCode::FORBIDDEN,
                "{email}"
            );
            assert_eq!(
                client.post("/actions", &VALID).await.status,
                StatusCode::FORBIDDEN,
                "{email}"
            );
            assert_eq!(
                client.post(&format!("/actions/{id}"), &VALID).await.status,
                StatusCode::FORBIDDEN,
                "{email}"
            );
            // They read the Cité's actions.
            assert!(
                client.get("/actions").await.body.contains("Cafés emploi"),
                "{email}"
            );
        }
        let rows = app
            .store
            .actions(&app.coordinator().await, &ActionFilter::default())
            .await
            .unwrap();
        assert_eq!(rows.len(), 1, "nothing created");
        // Co-pilots see counts, never the persons nor the enrolment form.
        let mut pilote = app.signed_in("pilote@angers.fr").await;
        let page = text(&pilote.get(&format!("/actions/{id}")).await.body);
        assert!(page.contains("sans limite de places") && !page.contains("Inscrire une personne"));
        let mut national = app.signed_in("national@anct.gouv.fr").await;
        assert_eq!(national.get("/actions").await.status, StatusCode::NOT_FOUND);
    }
);

both_backends!(
    seances_count_people_met_and_link_persons_followed,
    |app: TestApp| async move {
        let id = action(&app, "Cafés emploi", "", "request_date").await;
        let lead = app.referent().await;
        let awa = person(&app, &lead, "Awa", false).await.to_string();
        let mut client = app.signed_in("referent@angers.fr").await;
        let seance = [
            ("kind", "cafe_emploi"),
            ("held_on", "2026-10-14"),
            ("place", "Marché de Monplaisir"),
            ("anonymous_count", "23"),
            ("participant_ids", awa.as_str()),
        ];
        let bad = client
            .post(
                &format!("/actions/{id}/seances"),
                &[
                    ("kind", "fete"),
                    ("held_on", "2026-10-14"),
                    ("anonymous_count", "-3"),
                ],
            )
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(text(&bad.body).contains("Indiquez un nombre entier entre 0 et 100000."));
        assert!(
            app.store.seances(&lead, id).await.unwrap().is_empty(),
            "nothing saved"
        );
        let added = client
            .post(&format!("/actions/{id}/seances"), &seance)
            .await;
        assert_eq!(added.status, StatusCode::SEE_OTHER);
        let page = text(&client.get(added.location()).await.body);
        assert!(page.contains("La séance a été ajoutée.") && page.contains("Marché de Monplaisir"));
        assert!(page.contains(&format!("<a href=\"/personnes/{awa}\">BENALI Awa</a>")));
        let seance_id = app.store.seances(&lead, id).await.unwrap()[0].id;
        let edited = client
            .post(
                &format!("/actions/seances/{seance_id}"),
                &[
                    ("kind", "cafe_emploi"),
                    ("held_on", "2026-10-14"),
                    ("anonymous_count", "30"),
                ],
            )
            .await;
        assert_eq!(edited.status, StatusCode::SEE_OTHER);
        let seances = app.store.seances(&lead, id).await.unwrap();
        assert_eq!((seances[0].anonymous_count, seances[0].linked), (30, 0));
        // Only a coordinator deletes a séance.
        let refused = client
            .post(&format!("/actions/seances/{seance_id}/supprimer"), &[])
            .await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
        let mut coordinator = app.signed_in("coord@angers.fr").await;
        let deleted = coordinator
            .post(&format!("/actions/seances/{seance_id}/supprimer"), &[])
            .await;
        assert_eq!(deleted.status, StatusCode::SEE_OTHER);
        assert!(app.store.seances(&lead, id).await.unwrap().is_empty());
    }
);
