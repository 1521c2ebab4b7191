//! A meeting's agenda through the real router on both backends: the
//! coordinator adds items, edits, moves and removes them, attaches a PDF
//! through the real multipart form; the Cité's readers see the numbered
//! agenda, download the file and find the titles in the meeting's `.ics`;
//! a référent cannot write, another Cité gets the 404, and the agenda is
//! frozen once the meeting is cancelled.

mod common;

use axum::http::StatusCode;
use chrono::{Duration, Utc};
use common::{assert_not_found, Backend, TestApp};
use icalendar::Component;
use maillage_domain::documents::samples;

fn text(body: &str) -> String {
    body.replace("&#39;", "'")
}

/// The ids after each `marker` in `body`, in order.
fn ids_after(body: &str, marker: &str) -> Vec<String> {
    body.split(marker)
        .skip(1)
        .map(|rest| rest.chars().take_while(char::is_ascii_digit).collect())
        .filter(|id: &String| !id.is_empty())
        .collect()
}

/// The agenda's titles as the meeting's page numbers them.
fn titles(page: &str) -> Vec<String> {
    let agenda = page
        .split("id=\"ordre-du-jour\"")
        .nth(1)
        .and_then(|rest| rest.split("</ol>").next())
        .unwrap_or_default();
    agenda
        .split("<strong>")
        .skip(1)
        .filter_map(|rest| rest.split("</strong>").next())
        .map(text)
        .collect()
}

both_backends!(
    the_coordinator_prepares_the_agenda_the_members_read_it,
    |app: TestApp| async move {
        let mut coordinator = app.signed_in("coord@angers.fr").await;
        let committee = coordinator
            .create_committee("copil", "COPIL de la Cité", "Hôtel de ville")
            .await;
        let day = (Utc::now() + Duration::days(20))
            .format("%Y-%m-%d")
            .to_string();
        let meeting = coordinator
            .add_meeting(&committee, &day, "14:00", "120", "Hôtel de ville")
            .await;
        let page = coordinator.get(&meeting).await.body;
        assert!(page.contains("Aucun point inscrit à l'ordre du jour."));
        let add_url = format!("{meeting}/ordre-du-jour");
        for (title, description) in [
            ("Accueil", ""),
            ("Budget 2027", "Présenté par la DDETS."),
            ("Questions diverses", ""),
        ] {
            let added = coordinator
                .post(&add_url, &[("title", title), ("description", description)])
                .await;
            assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
            assert!(added
                .location()
                .starts_with(&format!("{meeting}?fait=point-ajoute#point-")));
        }
        // A title is required, in French, the form shown back.
        let refused = coordinator
            .post(&add_url, &[("title", " "), ("description", "Sans titre")])
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        let body = text(&refused.body);
        assert!(body.contains("Indiquez l'intitulé du point."), "{body}");
        assert!(body.contains("Sans titre"));

        let page = coordinator.get(&meeting).await.body;
        assert_eq!(
            titles(&page),
            ["Accueil", "Budget 2027", "Questions diverses"]
        );
        let items = ids_after(&page, "id=\"point-");
        assert_eq!(items.len(), 3, "{page}");
        let (welcome, budget, misc) = (&items[0], &items[1], &items[2]);

        // Moved up and down, edited, removed.
        let moved = coordinator
            .post(&format!("/ordre-du-jour/{misc}/monter"), &[])
            .await;
        assert_eq!(moved.status, StatusCode::SEE_OTHER);
        assert_eq!(
            moved.location(),
            format!("{meeting}?fait=point-deplace#point-{misc}")
        );
        coordinator
            .post(&format!("/ordre-du-jour/{welcome}/descendre"), &[])
            .await;
        let page = coordinator.get(&meeting).await.body;
        assert_eq!(
            titles(&page),
            ["Questions diverses", "Accueil", "Budget 2027"]
        );
        let item = format!("/ordre-du-jour/{budget}");
        let edited = coordinator
            .post(
                &item,
                &[
                    ("title", "Budget 2027 et reports"),
                    ("description", "Présenté par la DDETS.\nVote."),
                ],
            )
            .await;
        assert_eq!(edited.status, StatusCode::SEE_OTHER, "{}", edited.body);
        let remove = format!("/ordre-du-jour/{misc}/retirer");
        assert_eq!(coordinator.get(&remove).await.status, StatusCode::OK);
        let removed = coordinator.post(&remove, &[]).await;
        assert_eq!(removed.status, StatusCode::SEE_OTHER);
        assert_not_found(&coordinator.get(&format!("/ordre-du-jour/{misc}")).await);

        // A PDF through the item's upload form, as a browser sends it.
        let show = coordinator.get(&item).await.body;
        assert!(show.contains("enctype=\"multipart/form-data\""), "{show}");
        let slides = samples::pdf("Budget 2027", &["Crédits engagés", "Reports"]);
        let sent = coordinator
            .post_multipart(
                &format!("{item}/documents"),
                true,
                &[("libelle", "Diaporama du budget")],
                Some(("fichier", "budget 2027.pdf", &slides)),
            )
            .await;
        assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
        assert_eq!(sent.location(), format!("{item}?fait=document-ajoute"));

        // The Cité's readers: the numbered agenda, the file, the calendar.
        for email in ["referent@angers.fr", "pilote@angers.fr"] {
            let mut reader = app.signed_in(email).await;
            let page = text(&reader.get(&meeting).await.body);
            assert_eq!(titles(&page), ["Accueil", "Budget 2027 et reports"]);
            assert!(page.contains("Présenté par la DDETS.\nVote."), "{email}");
            assert!(page.contains("Diaporama du budget"), "{email}");
            assert!(!page.contains("Ajouter un point"), "{email}");
            assert!(!page.contains("/monter"), "{email}");
            let documents = ids_after(&page, "href=\"/documents/");
            assert_eq!(documents.len(), 1, "{email}");
            let download = reader.get(&format!("/documents/{}", documents[0])).await;
            assert_eq!(download.status, StatusCode::OK, "{email}");
            assert_eq!(download.bytes, slides);
            assert_eq!(download.headers["content-type"], "application/pdf");
            assert_eq!(download.headers["x-content-type-options"], "nosniff");
            assert!(download.headers["content-disposition"]
                .to_str()
                .unwrap()
                .starts_with("attachment;"));
            let ics = reader.get(&format!("{meeting}/seance.ics")).await.body;
            let calendar: icalendar::Calendar = ics.parse().unwrap();
            let event = calendar
                .components
                .iter()
                .find_map(|c| match c {
                    icalendar::CalendarComponent::Event(e) => Some(e),
                    _ => None,
                })
                .unwrap();
            let description = event.get_description().unwrap();
            assert!(
                description.ends_with("Ordre du jour :\n1. Accueil\n2. Budget 2027 et reports"),
                "{description}"
            );
            assert_eq!(event.property_value("SEQUENCE"), Some("7"));

            // Reading is not writing.
            let refused = reader
                .post(&add_url, &[("title", "Point ajouté"), ("description", "")])
                .await;
            assert_eq!(refused.status, StatusCode::FORBIDDEN, "{email}");
            let upload = reader
                .post_multipart(
                    &format!("{item}/documents"),
                    true,
                    &[],
                    Some(("fichier", "a.pdf", &slides)),
                )
                .await;
            assert_not_found(&upload);
        }
        let log = text(&coordinator.get("/journal").await.body);
        for label in [
            "Point ajouté à l'ordre du jour d'une séance",
            "Point de l'ordre du jour déplacé",
            "Point de l'ordre du jour modifié",
            "Point retiré de l'ordre du jour",
            "Dépôt d'un document",
        ] {
            assert!(log.contains(label), "{label}");
        }

        // Another Cité and a porteur: the 404, the file too.
        let document = ids_after(&coordinator.get(&meeting).await.body, "href=\"/documents/");
        for email in ["coord@vaulx.fr", "porteur@angers.fr"] {
            let mut stranger = app.signed_in(email).await;
            assert_not_found(&stranger.get(&item).await);
            assert_not_found(&stranger.get(&format!("/documents/{}", document[0])).await);
        }
        let mut vaulx = app.signed_in("coord@vaulx.fr").await;
        assert_not_found(
            &vaulx
                .post(&add_url, &[("title", "Intrus"), ("description", "")])
                .await,
        );

        // Cancelled, the meeting's agenda is frozen: no form, no change.
        coordinator.post(&format!("{meeting}/annuler"), &[]).await;
        let page = text(&coordinator.get(&meeting).await.body);
        assert!(page.contains("Cette séance est annulée : son ordre du jour ne change plus."));
        assert!(!page.contains("Ajouter le point"));
        let refused = coordinator
            .post(&add_url, &[("title", "Trop tard"), ("description", "")])
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(text(&refused.body).contains("son ordre du jour ne change plus"));
        let upload = coordinator.get(&format!("{item}/documents")).await;
        assert_eq!(upload.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
);
