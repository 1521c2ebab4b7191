//! A porteur's governance through the real router on both backends: the
//! « Instances » of its menu list the committees its partner sits in, with
//! their meetings, `.ics` files, published minutes and its calendar feed;
//! it answers its partner's invitation and writes nothing else. Another
//! committee, its meeting, `.ics` or export is the same 404 as an id that
//! does not exist, and so is what spans the whole Cité.

mod common;

use axum::http::StatusCode;
use chrono::{Duration, Utc};
use common::governance::values_after;
use common::{assert_not_found, Backend, Client, TestApp};

fn text(body: &str) -> String {
    body.replace("&#39;", "'")
}

/// A committee with `partners` and `accounts` as members and one meeting
/// in ten days, its members invited; (committee, meeting) paths.
async fn committee(
    coordinator: &mut Client,
    name: &str,
    partners: &[(&str, &str)],
    accounts: &[(&str, &str)],
) -> (String, String) {
    let committee = coordinator
        .create_committee("follow_up_committee", name, "Hôtel de ville")
        .await;
    coordinator.add_partner_members(&committee, partners).await;
    coordinator.add_account_members(&committee, accounts).await;
    let day = (Utc::now() + Duration::days(10))
        .format("%Y-%m-%d")
        .to_string();
    let meeting = coordinator
        .add_meeting(&committee, &day, "14:00", "120", "Hôtel de ville")
        .await;
    let invited = coordinator.post(&format!("{meeting}/convoquer"), &[]).await;
    assert_eq!(invited.status, StatusCode::SEE_OTHER, "{}", invited.body);
    (committee, meeting)
}

both_backends!(
    a_porteur_reads_its_partner_s_committees_and_answers_its_invitations,
    |app: TestApp| async move {
        let mut coordinator = app.signed_in("coord@angers.fr").await;
        let (ours, meeting) = committee(
            &mut coordinator,
            "Comité de suivi",
            &[("Mission locale angevine", "member")],
            &[],
        )
        .await;
        let (theirs, their_meeting) = committee(
            &mut coordinator,
            "COTECH insertion",
            &[],
            &[("Compte referent@angers.fr", "member")],
        )
        .await;

        // Its menu leads to its partner's committee, without the Cité's.
        let mut porteur = app.signed_in("porteur@angers.fr").await;
        let home = porteur.get("/").await.body;
        assert!(home.contains("href=\"/instances\""), "{home}");
        let list = porteur.get("/instances").await;
        assert_eq!(list.status, StatusCode::OK);
        let list = text(&list.body);
        assert!(list.contains("Comité de suivi"), "{list}");
        assert!(!list.contains("COTECH insertion"), "{list}");
        for closed in [
            "Nouvelle instance",
            "Assiduité des partenaires",
            "href=\"/instances/decisions\"",
            "href=\"/instances/suites\"",
        ] {
            assert!(!list.contains(closed), "{closed}");
        }
        let page = text(&porteur.get(&ours).await.body);
        assert!(page.contains("Mission locale angevine"), "{page}");
        assert!(!page.contains(&format!("{ours}/membres")), "{page}");
        assert!(!page.contains(&format!("{ours}/seances\"")), "{page}");

        // The meeting's page: its reply form, no coordinator's control.
        let page = text(&porteur.get(&meeting).await.body);
        assert!(page.contains("Votre réponse"), "{page}");
        for control in [
            "/convoquer",
            "/emargement",
            "/annuler",
            "Rédiger ou réviser le compte rendu",
            "Inscrire la décision",
            "Ajouter la suite à donner",
            "href=\"/instances/decisions\"",
            "href=\"/instances/suites\"",
        ] {
            assert!(!page.contains(control), "{control}");
        }
        assert_eq!(
            values_after(&page, "name=\"csrf_token\" value=\"").len(),
            page.matches("method=\"post\"").count(),
            "every form carries the CSRF token"
        );
        let ics = porteur.get(&format!("{meeting}/seance.ics")).await;
        assert_eq!(ics.status, StatusCode::OK);
        assert!(ics.body.contains("Comité de suivi"));

        // It answers for its partner; the coordinator reads the reply.
        let reply = porteur
            .post(
                &format!("{meeting}/reponse"),
                &[("reply", "represented"), ("representative", "Mme Martin")],
            )
            .await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
        let page = text(&coordinator.get(&meeting).await.body);
        assert!(page.contains("Représenté par Mme Martin"), "{page}");

        // Another committee answers as one that does not exist.
        let missing_meeting = "/seances/999999";
        for (seen, missing) in [
            (theirs.clone(), "/instances/999999".to_owned()),
            (
                format!("{theirs}/presences.xlsx"),
                "/instances/999999/presences.xlsx".to_owned(),
            ),
            (their_meeting.clone(), missing_meeting.to_owned()),
            (
                format!("{their_meeting}/seance.ics"),
                format!("{missing_meeting}/seance.ics"),
            ),
            (
                format!("{their_meeting}/compte-rendu.docx"),
                format!("{missing_meeting}/compte-rendu.docx"),
            ),
        ] {
            let (seen, missing) = (porteur.get(&seen).await, porteur.get(&missing).await);
            assert_not_found(&seen);
            assert_eq!(seen.body, missing.body);
        }
        assert_not_found(
            &porteur
                .post(
                    &format!("{their_meeting}/reponse"),
                    &[("reply", "coming"), ("representative", "")],
                )
                .await,
        );
        // So does what spans the whole Cité.
        for path in [
            "/instances/decisions",
            "/instances/decisions.xlsx",
            "/instances/suites",
        ] {
            assert_not_found(&porteur.get(path).await);
        }

        // It writes nothing else.
        let sheet = [("invitation", "1"), ("attendance", "present")];
        let item = [("title", "Relancer"), ("due_on", ""), ("owner", "")];
        let writes: [(String, &[(&str, &str)]); 7] = [
            (format!("{meeting}/convoquer"), &[]),
            (format!("{meeting}/emargement"), &sheet),
            (format!("{meeting}/compte-rendu"), &[("body", "Texte")]),
            (
                format!("{meeting}/compte-rendu/publier"),
                &[("revision", "1")],
            ),
            (
                format!("{meeting}/decisions"),
                &[("text", "Accord"), ("subject_kind", ""), ("subject", "")],
            ),
            (format!("{meeting}/suites"), &item),
            (format!("{meeting}/annuler"), &[]),
        ];
        for (path, fields) in writes {
            assert_eq!(
                porteur.post(&path, fields).await.status,
                StatusCode::FORBIDDEN,
                "{path}"
            );
        }
        assert_eq!(
            porteur.get(&format!("{meeting}/compte-rendu")).await.status,
            StatusCode::FORBIDDEN
        );

        // The minutes once published, as a page and as a document.
        coordinator
            .write_minutes(&meeting, "Le comité valide le plan d'action.")
            .await;
        assert!(!text(&porteur.get(&meeting).await.body).contains("valide le plan"));
        coordinator.publish_minutes(&meeting, "1").await;
        let page = text(&porteur.get(&meeting).await.body);
        assert!(
            page.contains("Le comité valide le plan d'action."),
            "{page}"
        );
        let docx = porteur.get(&format!("{meeting}/compte-rendu.docx")).await;
        assert_eq!(docx.status, StatusCode::OK);

        // Its calendar feed carries its committee's meeting alone.
        assert_eq!(porteur.get("/agenda").await.status, StatusCode::OK);
        let created = porteur.post("/agenda", &[]).await;
        assert_eq!(created.status, StatusCode::OK, "{}", created.body);
        let address = created
            .body
            .split("id=\"adresse-agenda\" value=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .and_then(|url| url.split("/calendrier/").nth(1))
            .map(|token| format!("/calendrier/{token}"))
            .unwrap();
        let feed = app.client().get(&address).await;
        assert_eq!(feed.status, StatusCode::OK);
        let id = |path: &str| path.trim_start_matches("/seances/").to_owned();
        assert!(feed
            .body
            .contains(&format!("seance-{}@maillage", id(&meeting))));
        assert!(!feed
            .body
            .contains(&format!("seance-{}@maillage", id(&their_meeting))));
    }
);

both_backends!(
    each_role_reads_the_committees_it_may,
    |app: TestApp| async move {
        let mut coordinator = app.signed_in("coord@angers.fr").await;
        committee(
            &mut coordinator,
            "COTECH insertion",
            &[],
            &[("Compte referent@angers.fr", "member")],
        )
        .await;
        // The Cité's readers list it; a porteur whose partner and account
        // sit nowhere lists nothing, and the national team counts.
        for (email, lists) in [
            ("coord@angers.fr", true),
            ("pilote@angers.fr", true),
            ("referent@angers.fr", true),
            ("porteur@angers.fr", false),
            ("coord@vaulx.fr", false),
            ("national@anct.gouv.fr", false),
        ] {
            let list = app.signed_in(email).await.get("/instances").await;
            assert_eq!(list.status, StatusCode::OK, "{email}");
            assert_eq!(list.body.contains("COTECH insertion"), lists, "{email}");
        }
        let mut porteur = app.signed_in("porteur@angers.fr").await;
        assert!(text(&porteur.get("/instances").await.body).contains("Aucune instance"));
        assert_not_found(&porteur.get("/instances/decisions").await);
        let mut pilote = app.signed_in("pilote@angers.fr").await;
        assert_eq!(
            pilote.get("/instances/decisions").await.status,
            StatusCode::OK
        );
    }
);
