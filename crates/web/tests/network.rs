//! The national network through the real router on both backends: the
//! national team announces a café-cités (refused in French when it does
//! not read), the Cités' staff register until it is full, the national
//! team records who came and counts each Cité; the directory filters the
//! staff; coordinators share links and documents that the network finds
//! by theme and downloads as attachments, and withdraw their own. A
//! porteur finds none of it.

mod common;

use axum::http::{header, StatusCode};
use chrono::Duration;
use common::{assert_not_found, Backend, TestApp};
use maillage_domain::documents::samples;
use maillage_web::Clock;

fn text(body: &str) -> String {
    body.replace("&#39;", "'").replace("&#x27;", "'")
}

/// The id after the first `marker`.
fn id_after(body: &str, marker: &str) -> String {
    body.split(marker)
        .nth(1)
        .unwrap_or_else(|| panic!("{marker} absent"))
        .chars()
        .take_while(char::is_ascii_digit)
        .collect()
}

both_backends!(
    a_cafe_cites_is_announced_registered_for_and_attended,
    |app: TestApp| async move {
        let mut national = app.signed_in("national@anct.gouv.fr").await;
        let date = (app.clock.now() + Duration::days(20))
            .format("%Y-%m-%d")
            .to_string();
        let mut fields = vec![
            ("kind", "cafe_cites"),
            ("title", "Café-cités : la garde d'enfants"),
            ("theme", "garde_enfants"),
            ("date", date.as_str()),
            ("time", "11:00"),
            ("duration_minutes", "60"),
            ("place", ""),
            ("video_url", "https://webinaire.anct.gouv.fr/cafe"),
            ("capacity", "2"),
        ];
        // A theme out of the list: refused, nothing created.
        fields[2].1 = "meteo";
        let refused = national.post("/reseau/evenements", &fields).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(text(&refused.body).contains("Choisissez un thème de la liste."));
        fields[2].1 = "garde_enfants";
        let created = national.post("/reseau/evenements", &fields).await;
        assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
        let id = id_after(created.location(), "/reseau/evenements/");
        let page = format!("/reseau/evenements/{id}");

        // A coordinator may not announce one.
        let mut coordinator = app.signed_in("coord@angers.fr").await;
        assert_not_found(&coordinator.get("/reseau/evenements/nouveau").await);

        let mut referent = app.signed_in("referent@angers.fr").await;
        let home = referent.get("/reseau").await;
        assert!(text(&home.body).contains("Café-cités : la garde d'enfants"));
        assert!(home.body.contains("href=\"/reseau\""));
        let registered = referent.post(&format!("{page}/inscription"), &[]).await;
        assert_eq!(registered.status, StatusCode::SEE_OTHER);
        let again = referent.post(&format!("{page}/inscription"), &[]).await;
        assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(text(&again.body).contains("Vous êtes déjà inscrit"));
        assert!(referent
            .get(&page)
            .await
            .body
            .contains("Annuler mon inscription"));
        assert!(text(&referent.get("/reseau").await.body).contains("Mes inscriptions"));

        let mut vaulx = app.signed_in("referent@vaulx.fr").await;
        assert_eq!(
            vaulx.post(&format!("{page}/inscription"), &[]).await.status,
            StatusCode::SEE_OTHER
        );
        let mut pilote = app.signed_in("pilote@angers.fr").await;
        let full = pilote.post(&format!("{page}/inscription"), &[]).await;
        assert_eq!(full.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(text(&full.body).contains("L'événement est complet"));
        // The national team does not register; a porteur is not in the network.
        assert_eq!(
            national
                .post(&format!("{page}/inscription"), &[])
                .await
                .status,
            StatusCode::FORBIDDEN
        );
        let mut porteur = app.signed_in("porteur@angers.fr").await;
        assert_not_found(&porteur.get(&page).await);
        assert_not_found(&porteur.get("/reseau").await);
        assert!(!porteur.get("/").await.body.contains("href=\"/reseau\""));

        // The sheet waits for the event's day; then one form records it.
        let early = national.get(&format!("{page}/presences")).await;
        assert!(text(&early.body).contains("à partir du jour de l'événement"));
        // Three weeks on, sessions have expired: everyone signs in again.
        app.clock.advance(Duration::days(21));
        let mut national = app.signed_in("national@anct.gouv.fr").await;
        let mut vaulx = app.signed_in("referent@vaulx.fr").await;
        let mut coordinator = app.signed_in("coord@angers.fr").await;
        let closed = vaulx.post(&format!("{page}/desinscription"), &[]).await;
        assert!(text(&closed.body).contains("les inscriptions sont closes"));
        let sheet = national.get(&format!("{page}/presences")).await;
        assert_eq!(sheet.status, StatusCode::OK);
        let ids: Vec<String> = sheet
            .body
            .split("name=\"registration\" value=\"")
            .skip(1)
            .map(|s| s.chars().take_while(char::is_ascii_digit).collect())
            .collect();
        assert_eq!(ids.len(), 2);
        let first_present = vec![
            ("registration", ids[0].as_str()),
            ("registration", ids[1].as_str()),
            ("present", ids[0].as_str()),
        ];
        let recorded = national
            .post(&format!("{page}/presences"), &first_present)
            .await;
        assert_eq!(recorded.status, StatusCode::SEE_OTHER, "{}", recorded.body);
        let shown = national.get(&page).await.body;
        assert!(shown.contains("Présent") && shown.contains("Absent"));
        let list = text(&national.get("/reseau/evenements").await.body);
        assert!(list.contains("Inscriptions et présences par Cité"));
        assert!(list.contains("Cité d'Angers"));
        // Staff see no sheet.
        assert_not_found(&coordinator.get(&format!("{page}/presences")).await);
    }
);

both_backends!(
    the_directory_lists_coordinators_and_referents,
    |app: TestApp| async move {
        let mut pilote = app.signed_in("pilote@angers.fr").await;
        let all = text(&pilote.get("/reseau/annuaire").await.body);
        assert!(all.contains("coord@vaulx.fr") && all.contains("referent@angers.fr"));
        // Co-pilots, porteurs and the national team are not listed.
        assert!(!all.contains("porteur@angers.fr") && !all.contains("national@anct.gouv.fr"));
        let angers = app.angers.to_string();
        let filtered = pilote
            .get(&format!(
                "/reseau/annuaire?cite={angers}&role=referent&q=angevine"
            ))
            .await;
        let filtered = text(&filtered.body);
        assert!(filtered.contains("referent@angers.fr"));
        assert!(!filtered.contains("coord@angers.fr") && !filtered.contains("referent@vaulx.fr"));
        let ignored = text(&pilote.get("/reseau/annuaire?role=porteur").await.body);
        assert!(ignored.contains("Filtre non reconnu, ignoré : rôle"));
    }
);

both_backends!(
    resources_are_shared_found_downloaded_and_withdrawn,
    |app: TestApp| async move {
        let mut coordinator = app.signed_in("coord@angers.fr").await;
        let link = [
            ("title", "Guide de la mobilité solidaire"),
            ("theme", "mobilite"),
            (
                "description",
                "Les aides au permis et les garages solidaires.",
            ),
            ("kind", "lien"),
            ("url", "https://www.mobilite-solidaire.org/guide"),
        ];
        let shared = coordinator
            .post_multipart("/reseau/ressources", true, &link, None)
            .await;
        assert_eq!(shared.status, StatusCode::SEE_OTHER, "{}", shared.body);
        let pdf = samples::pdf("Crèche AVIP", &["15 familles, 14 retours à l'emploi"]);
        let mut document = link;
        document[0].1 = "Bilan de la crèche AVIP";
        document[1].1 = "garde_enfants";
        document[3].1 = "document";
        let refused = coordinator
            .post_multipart(
                "/reseau/ressources",
                true,
                &document,
                Some(("fichier", "bilan.pdf", b"pas un PDF")),
            )
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(text(&refused.body).contains("Ce fichier n'est pas accepté"));
        let added = coordinator
            .post_multipart(
                "/reseau/ressources",
                true,
                &document,
                Some(("fichier", "bilan crèche.pdf", &pdf)),
            )
            .await;
        assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);

        let mut referent = app.signed_in("referent@vaulx.fr").await;
        assert_eq!(
            referent.get("/reseau/ressources/nouvelle").await.status,
            StatusCode::FORBIDDEN
        );
        let childcare = text(
            &referent
                .get("/reseau/ressources?theme=garde_enfants")
                .await
                .body,
        );
        assert!(childcare.contains("Bilan de la crèche AVIP"));
        assert!(!childcare.contains("mobilité solidaire"));
        let found = text(&referent.get("/reseau/ressources?q=garages").await.body);
        assert!(found.contains("Guide de la mobilité solidaire"));
        assert!(!found.contains("/retirer"));
        let id = id_after(&childcare, "/reseau/ressources/");
        let download = referent
            .get(&format!("/reseau/ressources/{id}/telecharger"))
            .await;
        assert_eq!(download.status, StatusCode::OK);
        assert_eq!(download.headers[header::CONTENT_TYPE], "application/pdf");
        assert_eq!(download.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        assert!(download.headers[header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .starts_with("attachment"));
        assert_not_found(
            &referent
                .get(&format!("/reseau/ressources/{id}/retirer"))
                .await,
        );
        let mut other = app.signed_in("coord@vaulx.fr").await;
        assert_not_found(
            &other
                .post(&format!("/reseau/ressources/{id}/retirer"), &[])
                .await,
        );

        let withdrawn = coordinator
            .post(&format!("/reseau/ressources/{id}/retirer"), &[])
            .await;
        assert_eq!(withdrawn.status, StatusCode::SEE_OTHER);
        let left = text(&referent.get("/reseau/ressources").await.body);
        assert!(!left.contains("Bilan de la crèche AVIP"));
        assert!(left.contains("Guide de la mobilité solidaire"));
        let mut porteur = app.signed_in("porteur@angers.fr").await;
        assert_not_found(&porteur.get("/reseau/ressources").await);
    }
);
