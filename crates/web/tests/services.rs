//! The service catalogue through the real router, on both backends: forms
//! and their errors, who may edit, the data·inclusion import (report, all
//! or nothing), export round trip validated against the JSON Schemas,
//! search, and a service added to a person's pathway.

mod common;
#[path = "participant_file/fixtures.rs"]
#[allow(dead_code)]
mod fixtures;
#[path = "services/removal.rs"]
mod removal;
#[path = "services/transfer.rs"]
mod transfer;
#[path = "services/upload.rs"]
mod upload;

use axum::http::StatusCode;
use common::{Backend, TestApp};
use maillage_domain::ids::ServiceId;
use maillage_store::services::ServiceQuery;

/// A structure and a service created through the forms; returns the service id.
async fn create_through_forms(app: &TestApp) -> ServiceId {
    let mut coord = app.signed_in("coord@angers.fr").await;
    let created = coord
        .post(
            "/offres/structures",
            &[
                ("nom", "Mobilité Solidaire 49"),
                ("siret", "130 025 265 00013"),
                ("code_insee", "49353"),
                ("commune", "Trélazé"),
                ("reseaux_porteurs", "wimoov"),
            ],
        )
        .await;
    assert_eq!(
        created.location(),
        "/offres/structures?fait=structure-creee"
    );
    let structures = app
        .store
        .structures(&app.coordinator().await)
        .await
        .unwrap();
    let structure = structures[0].id.to_string();
    assert_eq!(structures[0].siret.as_deref(), Some("13002526500013"));
    let created = coord
        .post(
            "/offres",
            &[
                ("structure", &structure),
                ("nom", "Auto-école sociale"),
                (
                    "description",
                    "Préparer le permis B à son rythme, avec un tarif solidaire.",
                ),
                ("type", "formation"),
                ("thematiques", "mobilite--preparer-un-permis"),
                ("thematiques", "mobilite--financer-ma-mobilite"),
                ("publics", "jeunes"),
                ("frais", "payant"),
                ("zone_eligibilite", "244900015"),
                ("volume_horaire_hebdomadaire", "4,5"),
                ("nombre_semaines", "20"),
                ("courriel", "contact@mobilite49.fr"),
            ],
        )
        .await;
    let location = created.location().to_owned();
    assert!(location.ends_with("?fait=service-cree"), "{location}");
    location
        .trim_start_matches("/offres/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

both_backends!(
    structures_and_services_through_forms,
    |app: TestApp| async move {
        let id = create_through_forms(&app).await;
        let mut coord = app.signed_in("coord@angers.fr").await;
        let page = coord.get(&format!("/offres/{id}?fait=service-cree")).await;
        assert_eq!(page.status, StatusCode::OK);
        for text in [
            "Le service a été ajouté au catalogue.",
            "Auto-école sociale",
            "Mobilité Solidaire 49",
            "Préparer un permis",
            "Jeunes",
            "Payant",
            "CU Angers Loire Métropole",
            "4,5 h",
        ] {
            assert!(page.body.contains(text), "{text}");
        }

        // Bad input: every field's French message, nothing saved.
        let bad = coord
            .post(
                "/offres",
                &[
                    ("structure", "999999"),
                    ("nom", "AE"),
                    ("thematiques", "mobilité"),
                    ("publics", "tous-publics"),
                    ("publics", "jeunes"),
                    ("courriel", "pas une adresse"),
                    ("nombre_semaines", "deux"),
                ],
            )
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        for message in [
            "Choisissez la structure qui propose le service.",
            "3 caractères au minimum.",
            "Ce champ est obligatoire et manque.",
            "Le code « mobilité » ne figure pas dans le référentiel data·inclusion.",
            "« tous-publics » ne se combine pas avec d&#39;autres publics.",
            "Adresse électronique invalide",
            "Ce champ doit être un nombre entier entre 1 et 520.",
        ] {
            assert!(bad.body.contains(message), "{message}");
        }
        let bad_structure = coord
            .post(
                "/offres/structures",
                &[
                    ("nom", ""),
                    ("siret", "13002526500014"),
                    ("site_web", "caf.fr"),
                ],
            )
            .await;
        assert_eq!(bad_structure.status, StatusCode::UNPROCESSABLE_ENTITY);
        for message in [
            "Ce champ est obligatoire",
            "clé de contrôle est fausse",
            "Adresse web invalide",
        ] {
            assert!(bad_structure.body.contains(message), "{message}");
        }
        let all = ServiceQuery {
            limit: 10,
            ..ServiceQuery::default()
        };
        let scope = app.coordinator().await;
        assert_eq!(
            app.store.search_services(&scope, &all).await.unwrap().len(),
            1
        );
        assert_eq!(app.store.structures(&scope).await.unwrap().len(), 1);

        // Edit: the form comes back filled, the change is saved.
        let form = coord.get(&format!("/offres/{id}/modifier")).await;
        assert!(form.body.contains("value=\"Auto-école sociale\""));
        assert!(form
            .body
            .contains("value=\"mobilite--preparer-un-permis\" checked"));
        let structure = app.store.structures(&scope).await.unwrap()[0]
            .id
            .to_string();
        let saved = coord
            .post(
                &format!("/offres/{id}"),
                &[
                    ("structure", &structure),
                    ("nom", "Auto-école solidaire"),
                    ("description", "Le permis B à prix solidaire."),
                ],
            )
            .await;
        assert_eq!(
            saved.location(),
            format!("/offres/{id}?fait=service-modifie")
        );
        let service = app.store.service(&scope, id).await.unwrap();
        assert_eq!(service.name, "Auto-école solidaire");
        assert_eq!(service.thematics, "", "unchecked boxes are cleared");
    }
);

both_backends!(who_reads_and_who_edits, |app: TestApp| async move {
    let id = create_through_forms(&app).await;
    let mut referent = app.signed_in("referent@angers.fr").await;
    assert_eq!(
        referent.get("/offres/nouvelle").await.status,
        StatusCode::OK
    );
    for email in ["pilote@angers.fr", "porteur@angers.fr"] {
        let mut client = app.signed_in(email).await;
        let page = client.get("/offres").await;
        assert_eq!(page.status, StatusCode::OK, "{email}");
        assert!(page.body.contains("Auto-école sociale"));
        assert!(!page.body.contains("Ajouter un service"));
        assert_eq!(
            client.get(&format!("/offres/{id}")).await.status,
            StatusCode::OK
        );
        let refused = client
            .post("/offres/structures", &[("nom", "Une structure")])
            .await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{email}");
        assert_eq!(
            client.get("/offres/import").await.status,
            StatusCode::FORBIDDEN
        );
    }
    let mut national = app.signed_in("national@anct.gouv.fr").await;
    assert_eq!(national.get("/offres").await.status, StatusCode::NOT_FOUND);
    let mut vaulx = app.signed_in("coord@vaulx.fr").await;
    assert_eq!(
        vaulx.get(&format!("/offres/{id}")).await.status,
        StatusCode::NOT_FOUND
    );
    assert!(!vaulx
        .get("/offres")
        .await
        .body
        .contains("Auto-école sociale"));
    let mut coord = app.signed_in("coord@angers.fr").await;
    let journal = coord.get("/journal").await;
    assert!(journal.body.contains("Ajout d&#39;un service au catalogue"));
});

both_backends!(
    a_service_becomes_a_step_of_a_followed_person,
    |app: TestApp| async move {
        let service = create_through_forms(&app).await;
        let person = fixtures::person(&app, &[]).await;
        let mut referent = app.signed_in("referent@angers.fr").await;
        let page = referent.get(&format!("/offres/{service}")).await;
        assert!(page.body.contains("Ajouter au parcours d'une personne"));
        let person_id = person.to_string();
        let today = fixtures::iso(fixtures::today());
        let added = referent
            .post(
                &format!("/offres/{service}/etape"),
                &[("participant_id", &person_id), ("planned_on", &today)],
            )
            .await;
        assert_eq!(
            added.location(),
            format!("/personnes/{person}?fait=etape-ajoutee#parcours")
        );
        let file = fixtures::saved(&app, person).await;
        assert_eq!(file.steps[0].service_id, Some(service));
        assert_eq!(file.steps[0].label, "Auto-école sociale");

        // A person the user does not follow: a field error, no step.
        let mut other = app.signed_in("coord@vaulx.fr").await;
        assert_eq!(
            other.get(&format!("/offres/{service}")).await.status,
            StatusCode::NOT_FOUND
        );
        let mut porteur = app.signed_in("porteur@angers.fr").await;
        let refused = porteur
            .post(
                &format!("/offres/{service}/etape"),
                &[("participant_id", &person_id), ("planned_on", &today)],
            )
            .await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
        let unknown = referent
            .post(
                &format!("/offres/{service}/etape"),
                &[("participant_id", "999999"), ("planned_on", &today)],
            )
            .await;
        assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(unknown
            .body
            .contains("Choisissez une personne que vous suivez."));
        let undated = referent
            .post(
                &format!("/offres/{service}/etape"),
                &[("participant_id", &person_id), ("planned_on", "")],
            )
            .await;
        assert_eq!(undated.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(undated.body.contains("Indiquez une date."));
        assert_eq!(fixtures::saved(&app, person).await.steps.len(), 1);
    }
);
