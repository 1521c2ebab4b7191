//! Documents through the real router on both backends: the coordinator
//! attaches a call's files, anyone downloads them once the call is
//! published; a porteur attaches files to its draft application, the Cité's
//! reviewers read them once submitted; every other reader gets the 404;
//! what is not a PDF, DOCX, ODT, XLSX or ODS, or weighs more than 10 Mo, is
//! refused in French; downloads are attachments that are never sniffed.

mod common;

use axum::http::{header, StatusCode};
use chrono::{NaiveDate, TimeZone, Utc};
use common::{assert_not_found, Backend, TestApp};
use maillage_domain::accounts::Role;
use maillage_domain::calls::{ApplicationDraft, CallStatus};
use maillage_domain::cites::Axis;
use maillage_domain::documents::samples;
use maillage_domain::ids::{ApplicationId, CallId};
use maillage_store::conformance::call_input;
use maillage_store::Actor;

fn text(body: &str) -> String {
    body.replace("&#39;", "'")
}

/// A PDF of 245 Ko: its magic, then padding in a comment.
fn pdf_of_245_ko() -> Vec<u8> {
    let mut bytes = b"%PDF-1.4\n%".to_vec();
    bytes.resize(245 * 1024, b'x');
    bytes
}

/// A call of Angers, published or not, through the store.
async fn call(app: &TestApp, published: bool) -> CallId {
    let actor = Actor::system(Utc::now());
    let coordinator = app.coordinator().await;
    let draft = call_input("Appel à projets mobilité")
        .validate(maillage_store::conformance::today())
        .unwrap();
    let id = app
        .store
        .create_call(&actor, &coordinator, &draft)
        .await
        .unwrap();
    if published {
        app.store
            .set_call_status(&actor, &coordinator, id, CallStatus::Published)
            .await
            .unwrap();
    }
    id
}

/// A draft application of `porteur@angers.fr` to `call_id`.
async fn draft_application(app: &TestApp, call_id: CallId) -> ApplicationId {
    let porteur = app
        .scope(
            "porteur@angers.fr",
            app.angers,
            Role::Porteur,
            Some(app.angers_partner),
        )
        .await;
    let draft = ApplicationDraft {
        project_title: "Mobil'Emploi".into(),
        summary: "Location de scooters.".into(),
        target_public: "Demandeurs d'emploi".into(),
        qpv_ids: vec![],
        axis: Axis::ReachOut,
        thematics: vec![],
        expected_participants: 10,
        starts_on: NaiveDate::from_ymd_opt(2027, 1, 1).unwrap(),
        ends_on: NaiveDate::from_ymd_opt(2027, 12, 31).unwrap(),
        budget: vec![],
    };
    app.store
        .create_application(&Actor::system(Utc::now()), &porteur, call_id, &draft)
        .await
        .unwrap()
}

fn header_of(response: &common::TestResponse, name: header::HeaderName) -> &str {
    response
        .headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

/// The ids of the documents a page links to, in order.
fn document_ids(page: &str) -> Vec<String> {
    page.split("href=\"/documents/")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter(|id| !id.contains('/'))
        .map(str::to_owned)
        .collect()
}

both_backends!(
    a_call_s_documents_are_public_once_it_is_published,
    |app: TestApp| async move {
        let id = call(&app, false).await;
        let page = format!("/appels-a-projets/{id}");
        let mut coordinator = app.signed_in("coord@angers.fr").await;
        let show = text(&coordinator.get(&page).await.body);
        assert!(show.contains("Aucun document."));
        assert!(show.contains("enctype=\"multipart/form-data\""));
        let upload = format!("{page}/documents");
        let sent = coordinator
            .post_multipart(
                &upload,
                true,
                &[("libelle", "Texte de l'appel")],
                Some(("fichier", "C:\\Documents\\appel été.PDF", &pdf_of_245_ko())),
            )
            .await;
        assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
        assert_eq!(sent.location(), format!("{page}?fait=document-ajoute"));
        let show = text(&coordinator.get(&page).await.body);
        assert!(show.contains("Texte de l'appel"));
        assert!(show.contains("245 Ko"));
        assert!(show.contains("appel été.pdf"));
        let ids = document_ids(&show);
        assert_eq!(ids.len(), 1);
        let download = format!("/documents/{}", ids[0]);

        // A draft call: its co-pilots read its files, nobody else.
        let mut pilote = app.signed_in("pilote@angers.fr").await;
        assert_eq!(pilote.get(&download).await.status, StatusCode::OK);
        assert!(!text(&pilote.get(&page).await.body).contains("enctype"));
        assert_not_found(
            &pilote
                .post_multipart(&upload, true, &[], Some(("fichier", "a.pdf", b"%PDF-1.4")))
                .await,
        );
        let mut visitor = app.client();
        let mut porteur = app.signed_in("porteur@angers.fr").await;
        let mut vaulx = app.signed_in("coord@vaulx.fr").await;
        let mut national = app.signed_in("national@anct.gouv.fr").await;
        for client in [&mut visitor, &mut porteur, &mut vaulx, &mut national] {
            assert_not_found(&client.get(&download).await);
        }
        assert_not_found(&vaulx.get(&upload).await);

        // Published: anyone downloads it, as an attachment never sniffed.
        app.store
            .set_call_status(
                &Actor::system(Utc::now()),
                &app.coordinator().await,
                id,
                CallStatus::Published,
            )
            .await
            .unwrap();
        let public = text(&visitor.get(&format!("/appels/{id}")).await.body);
        assert!(public.contains("Texte de l'appel"));
        assert!(public.contains(&download));
        assert!(!public.contains("enctype"));
        let file = visitor.get(&download).await;
        assert_eq!(file.status, StatusCode::OK);
        assert_eq!(file.body.len(), 245 * 1024);
        assert_eq!(header_of(&file, header::CONTENT_TYPE), "application/pdf");
        assert_eq!(header_of(&file, header::X_CONTENT_TYPE_OPTIONS), "nosniff");
        assert_eq!(
            header_of(&file, header::CONTENT_DISPOSITION),
            "attachment; filename=\"appel _t_.pdf\"; filename*=UTF-8''appel%20%C3%A9t%C3%A9.pdf"
        );
        assert_eq!(porteur.get(&download).await.status, StatusCode::OK);
        assert_not_found(
            &vaulx
                .get(&format!(
                    "/documents/{}",
                    ids[0].parse::<i64>().unwrap() + 1000
                ))
                .await,
        );

        // Removal, after a confirmation; then the 404.
        let remove = format!("{download}/retirer");
        assert_not_found(&pilote.get(&remove).await);
        assert_not_found(&porteur.post(&remove, &[]).await);
        let confirm = text(&coordinator.get(&remove).await.body);
        assert!(confirm.contains("Retirer le document « appel été.pdf » ?"));
        let removed = coordinator.post(&remove, &[]).await;
        assert_eq!(removed.location(), format!("{page}?fait=document-retire"));
        assert_not_found(&visitor.get(&download).await);
        let journal = text(&coordinator.get("/journal").await.body);
        for label in [
            "Dépôt d'un document",
            "Téléchargement d'un document",
            "Retrait d'un document",
        ] {
            assert!(journal.contains(label), "{label}");
        }
    }
);

both_backends!(
    what_is_not_an_accepted_document_is_refused_in_french,
    |app: TestApp| async move {
        let id = call(&app, false).await;
        let page = format!("/appels-a-projets/{id}");
        let mut coordinator = app.signed_in("coord@angers.fr").await;
        coordinator.get(&page).await;
        let upload = format!("{page}/documents");
        let exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00".to_vec();
        let html = b"<!doctype html><script>alert(1)</script>".to_vec();
        for (name, bytes) in [("programme.pdf", exe), ("modele.docx", html)] {
            let refused = coordinator
                .post_multipart(
                    &upload,
                    true,
                    &[("libelle", "Piège")],
                    Some(("fichier", name, &bytes)),
                )
                .await;
            assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{name}");
            let body = text(&refused.body);
            assert!(body.contains("Ce fichier n'est pas accepté"), "{name}");
            assert!(body.contains("value=\"Piège\""), "the label comes back");
        }
        let mut big = b"%PDF-1.4\n".to_vec();
        big.resize(11 * 1024 * 1024, b'x');
        let too_large = coordinator
            .post_multipart(&upload, true, &[], Some(("fichier", "gros.pdf", &big)))
            .await;
        assert_eq!(too_large.status, StatusCode::PAYLOAD_TOO_LARGE);
        assert!(text(&too_large.body).contains("Le fichier dépasse 10 Mo"));
        assert!(!too_large.body.contains("length limit"));
        let empty = coordinator.post_multipart(&upload, true, &[], None).await;
        assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(text(&empty.body).contains("Choisissez un fichier à ajouter."));
        let forged = coordinator
            .post_multipart(&upload, false, &[], Some(("fichier", "a.pdf", b"%PDF-1.4")))
            .await;
        assert_eq!(forged.status, StatusCode::FORBIDDEN);
        assert!(text(&coordinator.get(&page).await.body).contains("Aucun document."));
        let journal = text(&coordinator.get("/journal").await.body);
        assert!(journal.contains("Document refusé à l'envoi"));
    }
);

both_backends!(
    an_application_s_documents_are_its_porteur_s_then_its_reviewers,
    |app: TestApp| async move {
        let call_id = call(&app, true).await;
        let id = draft_application(&app, call_id).await;
        let page = format!("/candidatures/{id}");
        let upload = format!("{page}/documents");
        let mut porteur = app.signed_in("porteur@angers.fr").await;
        assert!(text(&porteur.get(&page).await.body).contains("enctype"));
        let odt = samples::odt("Budget prévisionnel", &["Frais de personnel"]);
        let sent = porteur
            .post_multipart(&upload, true, &[], Some(("fichier", "budget.odt", &odt)))
            .await;
        assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
        let ids = document_ids(&porteur.get(&page).await.body);
        let download = format!("/documents/{}", ids[0]);
        let file = porteur.get(&download).await;
        assert_eq!(
            header_of(&file, header::CONTENT_TYPE),
            "application/vnd.oasis.opendocument.text"
        );

        app.partner_with(
            "Autre association",
            "porteur@autre.fr",
            Role::Porteur,
            false,
        )
        .await;
        let mut other = app.signed_in("porteur@autre.fr").await;
        let mut coordinator = app.signed_in("coord@angers.fr").await;
        let mut pilote = app.signed_in("pilote@angers.fr").await;
        let mut visitor = app.client();
        for client in [&mut other, &mut coordinator, &mut pilote, &mut visitor] {
            assert_not_found(&client.get(&download).await);
        }
        for client in [&mut other, &mut coordinator] {
            client.get("/").await;
            assert_not_found(&client.get(&upload).await);
            assert_not_found(
                &client
                    .post_multipart(&upload, true, &[], Some(("fichier", "a.pdf", b"%PDF-1.4")))
                    .await,
            );
            assert_not_found(&client.get(&format!("{download}/retirer")).await);
        }

        // Submitted: the reviewers read it; the porteur adds nothing more.
        let porteur_scope = app
            .scope(
                "porteur@angers.fr",
                app.angers,
                Role::Porteur,
                Some(app.angers_partner),
            )
            .await;
        let before_deadline = Utc.with_ymd_and_hms(2023, 10, 5, 10, 0, 0).unwrap();
        app.store
            .submit_application(
                &Actor::system(Utc::now()),
                &porteur_scope,
                id,
                before_deadline,
            )
            .await
            .unwrap();
        assert_eq!(coordinator.get(&download).await.status, StatusCode::OK);
        assert_eq!(pilote.get(&download).await.status, StatusCode::OK);
        assert_not_found(&other.get(&download).await);
        let show = text(&porteur.get(&page).await.body);
        assert!(!show.contains("enctype"));
        assert!(show.contains("budget.odt"));
        let late = porteur
            .post_multipart(&upload, true, &[], Some(("fichier", "a.pdf", b"%PDF-1.4")))
            .await;
        assert_eq!(late.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            text(&late.body).contains("Une candidature déposée ne reçoit plus de pièces jointes.")
        );
    }
);
