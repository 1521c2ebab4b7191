//! Calls for projects and applications through the real router on both
//! backends: the coordinator writes, publishes, extends and closes a call;
//! anyone reads its public page without signing in; a porteur applies with
//! a budget table and submits before the deadline, not after; co-pilots
//! read; another porteur, another Cité and the national team get the 404.

mod common;

use axum::http::StatusCode;
use chrono::Duration;
use common::{assert_not_found, Backend, TestApp};
use maillage_domain::accounts::Role;
use maillage_domain::time::paris_date;
use maillage_web::Clock;

/// The body with apostrophes as typed: askama escapes them.
fn text(body: &str) -> String {
    body.replace("&#39;", "'")
}

/// The id at the end of a redirect (`/appels-a-projets/7?fait=…`).
fn id_in(location: &str) -> String {
    let path = location.split('?').next().unwrap_or_default();
    path.rsplit('/').next().unwrap_or_default().to_owned()
}

/// A call of 100 000 € a year for 3 years, due in ten days at noon (Paris).
fn call_fields(app: &TestApp, title: &'static str) -> Vec<(&'static str, String)> {
    let today = paris_date(app.clock.now());
    vec![
        ("title", title.to_owned()),
        (
            "text",
            "Lever les freins à l'emploi des habitants des QPV.".to_owned(),
        ),
        ("axes", "reach_out".to_owned()),
        ("thematics", "mobilite--acceder-a-un-vehicule".to_owned()),
        ("total_amount", "300 000".to_owned()),
        ("yearly_amount", "100 000".to_owned()),
        ("years", "3".to_owned()),
        ("opens_on", today.format("%Y-%m-%d").to_string()),
        (
            "deadline_date",
            (today + Duration::days(10)).format("%Y-%m-%d").to_string(),
        ),
        ("deadline_time", "12:00".to_owned()),
    ]
}

fn fields<'a>(owned: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    owned.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

/// A published call of Angers: its id.
async fn published_call(app: &TestApp, title: &'static str) -> String {
    let mut coordinator = app.signed_in("coord@angers.fr").await;
    let created = coordinator
        .post("/appels-a-projets", &fields(&call_fields(app, title)))
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let id = id_in(created.location());
    let published = coordinator
        .post(&format!("/appels-a-projets/{id}/publier"), &[])
        .await;
    assert_eq!(published.status, StatusCode::SEE_OTHER);
    id
}

both_backends!(
    a_coordinator_writes_publishes_and_extends_a_call,
    |app: TestApp| async move {
        let mut coordinator = app.signed_in("coord@angers.fr").await;
        let empty = coordinator.get("/appels-a-projets").await;
        assert_eq!(empty.status, StatusCode::OK);
        assert!(text(&empty.body).contains("Aucun appel à projets"));

        let mut bad = call_fields(&app, "AAP");
        bad[4].1 = "beaucoup".into();
        bad[6].1 = "6".into();
        bad[9].1 = "midi".into();
        let refused = coordinator.post("/appels-a-projets", &fields(&bad)).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        let refused = text(&refused.body);
        for message in [
            "Indiquez un montant en euros (exemple : 1 234,50).",
            "Indiquez un nombre entre 1 et 5.",
            "Indiquez une heure (exemple : 12:00).",
        ] {
            assert!(refused.contains(message), "{message}");
        }
        assert!(text(&coordinator.get("/appels-a-projets").await.body)
            .contains("Aucun appel à projets"));

        let created = coordinator
            .post(
                "/appels-a-projets",
                &fields(&call_fields(&app, "Appel à projets 2026")),
            )
            .await;
        assert_eq!(created.status, StatusCode::SEE_OTHER);
        assert!(created.location().ends_with("?fait=appel-cree"));
        let id = id_in(created.location());
        let mut visitor = app.client();
        assert_not_found(&visitor.get(&format!("/appels/{id}")).await);

        let confirm = coordinator
            .get(&format!("/appels-a-projets/{id}/publier"))
            .await;
        assert!(text(&confirm.body).contains("Sa page publique pourra être lue par tous"));
        let mut pilote = app.signed_in("pilote@angers.fr").await;
        let forbidden = pilote
            .post(&format!("/appels-a-projets/{id}/publier"), &[])
            .await;
        assert_eq!(forbidden.status, StatusCode::FORBIDDEN);
        let published = coordinator
            .post(&format!("/appels-a-projets/{id}/publier"), &[])
            .await;
        assert_eq!(
            published.location(),
            format!("/appels-a-projets/{id}?fait=appel-publie")
        );
        let again = coordinator
            .post(&format!("/appels-a-projets/{id}/publier"), &[])
            .await;
        assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(text(&again.body).contains("Un appel « Publié » ne peut pas passer à « Publié »."));

        // Anyone reads the public page, without signing in.
        let public = visitor.get(&format!("/appels/{id}")).await;
        assert_eq!(public.status, StatusCode::OK);
        let public = text(&public.body);
        assert!(public.contains("Appel à projets 2026"));
        assert!(public.contains(
            "100\u{202f}000,00\u{a0}€ par an pendant 3 ans, soit 300\u{202f}000,00\u{a0}€ au total"
        ));
        assert!(public.contains("à 12:00 (heure de Paris)"));
        assert!(public.contains("Se connecter"));
        assert!(text(&visitor.get("/appels").await.body).contains("Appel à projets 2026"));
        assert!(text(&pilote.get("/appels-a-projets").await.body).contains("Appel à projets 2026"));

        // An extension must be later, and is in the journal.
        let today = paris_date(app.clock.now());
        let extend = |days: i64| {
            vec![
                (
                    "deadline_date",
                    (today + Duration::days(days))
                        .format("%Y-%m-%d")
                        .to_string(),
                ),
                ("deadline_time", "12:00".to_owned()),
                ("reason", "Demande des associations".to_owned()),
            ]
        };
        let path = format!("/appels-a-projets/{id}/proroger");
        assert!(text(&coordinator.get(&path).await.body).contains("La prorogation et son motif"));
        let earlier = coordinator.post(&path, &fields(&extend(5))).await;
        assert_eq!(earlier.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(text(&earlier.body).contains("La nouvelle date limite doit être après l'actuelle"));
        let later = coordinator.post(&path, &fields(&extend(17))).await;
        assert_eq!(later.status, StatusCode::SEE_OTHER);
        let new_deadline = (today + Duration::days(17)).format("%d/%m/%Y").to_string();
        assert!(visitor
            .get(&format!("/appels/{id}"))
            .await
            .body
            .contains(&new_deadline));
        let journal = text(&coordinator.get("/journal").await.body);
        assert!(journal.contains("Prorogation de la date limite d'un appel à projets"));
        assert!(journal.contains("Demande des associations"));

        let closed = coordinator
            .post(&format!("/appels-a-projets/{id}/clore"), &[])
            .await;
        assert_eq!(closed.status, StatusCode::SEE_OTHER);
        assert!(text(&visitor.get(&format!("/appels/{id}")).await.body)
            .contains("Cet appel à projets ne reçoit plus de candidatures."));

        let mut national = app.signed_in("national@anct.gouv.fr").await;
        assert_not_found(&national.get("/appels-a-projets").await);
        let mut vaulx = app.signed_in("coord@vaulx.fr").await;
        assert_not_found(&vaulx.get(&format!("/appels-a-projets/{id}")).await);
    }
);

/// An application's fields: one budget line of 30 000 € with `anct` asked
/// of the Cité and 5 000 € from the CAF, then a blank row.
fn application(title: &'static str, anct: &'static str) -> Vec<(&'static str, &'static str)> {
    let mut fields = vec![
        ("project_title", title),
        ("summary", "Location de scooters et permis accompagné."),
        (
            "target_public",
            "Demandeurs d'emploi sans solution de mobilité",
        ),
        ("axis", "reach_out"),
        ("thematics", "mobilite--acceder-a-un-vehicule"),
        ("expected_participants", "40"),
        ("starts_on", "2027-01-01"),
        ("ends_on", "2027-12-31"),
        ("line_label", "Conseiller mobilité"),
        ("line_amount", "30 000"),
        ("line_label", ""),
        ("line_amount", ""),
    ];
    // Anct, FSE+, Département, CAF, Commune, Autre; then the blank row's.
    for share in [anct, "", "", "5 000", "", ""] {
        fields.push(("share", share));
    }
    fields.extend([("share", ""); 6]);
    fields
}

both_backends!(
    a_porteur_applies_before_the_deadline_and_not_after,
    |app: TestApp| async move {
        let call = published_call(&app, "Appel à projets mobilité").await;
        let mut porteur = app.signed_in("porteur@angers.fr").await;
        let list = text(&porteur.get("/appels-a-projets").await.body);
        assert!(list.contains("Appel à projets mobilité"));
        let apply = format!("/appels-a-projets/{call}/candidater");
        let form = text(&porteur.get(&apply).await.body);
        assert!(form.contains("Lignes de dépense"));

        let over = porteur
            .post(&apply, &application("Mobil'Emploi", "30 000"))
            .await;
        assert_eq!(over.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(text(&over.body).contains("Ligne 1 : les parts des financeurs"));
        assert!(text(&porteur.get("/candidatures").await.body).contains("Aucune candidature."));

        let saved = porteur
            .post(&apply, &application("Mobil'Emploi", "20 000"))
            .await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
        let id = id_in(saved.location());
        let page = text(&porteur.get(&format!("/candidatures/{id}")).await.body);
        assert!(page.contains("20\u{202f}000,00\u{a0}€"));
        assert!(page.contains("Brouillon"));
        let edit = text(
            &porteur
                .get(&format!("/candidatures/{id}/modifier"))
                .await
                .body,
        );
        assert!(edit.contains("value=\"30000,00\""), "the line comes back");

        // Another porteur, the coordinator before submission: the 404.
        app.partner_with(
            "Autre association",
            "porteur@autre.fr",
            Role::Porteur,
            false,
        )
        .await;
        let mut other = app.signed_in("porteur@autre.fr").await;
        assert_not_found(&other.get(&format!("/candidatures/{id}")).await);
        assert_not_found(
            &other
                .post(&format!("/candidatures/{id}/deposer"), &[])
                .await,
        );
        assert!(text(&other.get("/candidatures").await.body).contains("Aucune candidature."));
        let mut coordinator = app.signed_in("coord@angers.fr").await;
        assert_not_found(&coordinator.get(&format!("/candidatures/{id}")).await);

        let confirm = text(
            &porteur
                .get(&format!("/candidatures/{id}/deposer"))
                .await
                .body,
        );
        assert!(confirm.contains("Elle ne pourra plus être modifiée"));
        let submitted = porteur
            .post(&format!("/candidatures/{id}/deposer"), &[])
            .await;
        assert_eq!(
            submitted.location(),
            format!("/candidatures/{id}?fait=candidature-deposee")
        );
        let call_page = text(
            &coordinator
                .get(&format!("/appels-a-projets/{call}"))
                .await
                .body,
        );
        assert!(call_page.contains("Mobil'Emploi"));
        assert!(call_page.contains("Mission locale angevine"));
        let mut pilote = app.signed_in("pilote@angers.fr").await;
        let read = text(&pilote.get(&format!("/candidatures/{id}")).await.body);
        assert!(read.contains("Conseiller mobilité"));
        assert!(!read.contains("/deposer"), "read-only");

        // Past the deadline: refused, 422, still a draft.
        let late_saved = porteur
            .post(&apply, &application("Second projet", "1 000"))
            .await;
        let late = id_in(late_saved.location());
        app.clock.advance(Duration::days(11));
        // Eleven days later the sessions have ended: sign in again.
        let mut porteur = app.signed_in("porteur@angers.fr").await;
        let mut coordinator = app.signed_in("coord@angers.fr").await;
        let refused = porteur
            .post(&format!("/candidatures/{late}/deposer"), &[])
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(text(&refused.body).contains("La date limite de dépôt ("));
        assert!(
            text(&porteur.get(&format!("/candidatures/{late}")).await.body).contains("Brouillon")
        );

        let withdrawn = porteur
            .post(&format!("/candidatures/{id}/retirer"), &[])
            .await;
        assert_eq!(withdrawn.status, StatusCode::SEE_OTHER);
        assert!(text(
            &coordinator
                .get(&format!("/appels-a-projets/{call}"))
                .await
                .body
        )
        .contains("Aucune candidature déposée."));
    }
);
