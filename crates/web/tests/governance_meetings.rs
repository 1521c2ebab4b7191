//! A meeting's life through the real router on both backends: the
//! coordinator invites the committee's members; each answers for
//! themselves (a represented member must name who comes); from the day of
//! the meeting the coordinator notes attendance; the minutes are written
//! revision by revision and the members read only the published one.
//! Bad input is a French message that changes nothing; another Cité and a
//! porteur get the 404.

mod common;

use axum::http::StatusCode;
use chrono::{Duration, Utc};
use common::governance::values_after;
use common::{assert_not_found, Backend, TestApp};

fn text(body: &str) -> String {
    body.replace("&#39;", "'")
}

/// The attendance sheet's fields: each invitation, then its attendance.
fn sheet<'a>(
    invitations: &'a [String],
    first: &'a str,
    second: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("invitation", invitations[0].as_str()),
        ("attendance", first),
        ("invitation", invitations[1].as_str()),
        ("attendance", second),
    ]
}

both_backends!(
    members_are_invited_reply_attend_and_read_the_published_minutes,
    |app: TestApp| async move {
        let mut coordinator = app.signed_in("coord@angers.fr").await;
        let committee = coordinator
            .create_committee("follow_up_committee", "Comité de suivi", "Hôtel de ville")
            .await;
        coordinator
            .add_account_members(
                &committee,
                &[
                    ("Compte referent@angers.fr", "member"),
                    ("Compte pilote@angers.fr", "co_pilot"),
                ],
            )
            .await;
        let day = (Utc::now() + Duration::days(10))
            .format("%Y-%m-%d")
            .to_string();
        let meeting = coordinator
            .add_meeting(&committee, &day, "14:00", "120", "Hôtel de ville")
            .await;

        // Invited: every member, once.
        let page = text(&coordinator.get(&meeting).await.body);
        assert!(page.contains("Les membres ne sont pas encore convoqués."));
        let invite = format!("{meeting}/convoquer");
        let mut referent = app.signed_in("referent@angers.fr").await;
        assert_eq!(
            referent.post(&invite, &[]).await.status,
            StatusCode::FORBIDDEN
        );
        assert_not_found(
            &app.signed_in("coord@vaulx.fr")
                .await
                .post(&invite, &[])
                .await,
        );
        assert_eq!(
            coordinator.post(&invite, &[]).await.status,
            StatusCode::SEE_OTHER
        );
        let again = coordinator.post(&invite, &[]).await;
        assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(text(&again.body).contains("Tous les membres de l'instance sont déjà convoqués"));
        let page = text(&coordinator.get(&meeting).await.body);
        assert_eq!(page.matches("Pas de réponse").count(), 2, "{page}");
        assert!(!page.contains("Votre réponse"));

        // Each member answers; a represented one names who comes.
        let reply = format!("{meeting}/reponse");
        let page = text(&referent.get(&meeting).await.body);
        assert!(page.contains("Votre réponse"), "{page}");
        let refused = referent
            .post(&reply, &[("reply", "represented"), ("representative", " ")])
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(text(&refused.body).contains("Indiquez le nom de la personne qui vous représente."));
        assert_eq!(
            referent
                .post(&reply, &[("reply", "coming"), ("representative", "")])
                .await
                .status,
            StatusCode::SEE_OTHER
        );
        let mut pilote = app.signed_in("pilote@angers.fr").await;
        assert_eq!(
            pilote
                .post(
                    &reply,
                    &[("reply", "represented"), ("representative", "Mme  Durand")]
                )
                .await
                .status,
            StatusCode::SEE_OTHER
        );
        let unknown = coordinator
            .post(&reply, &[("reply", "coming"), ("representative", "")])
            .await;
        assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(text(&unknown.body).contains("Vous n'êtes pas convoqué à cette séance."));
        let mut porteur = app.signed_in("porteur@angers.fr").await;
        assert_not_found(&porteur.get(&meeting).await);
        assert_not_found(
            &porteur
                .post(&reply, &[("reply", "coming"), ("representative", "")])
                .await,
        );
        let page = text(&coordinator.get(&meeting).await.body);
        assert!(page.contains("Sera présent"), "{page}");
        assert!(page.contains("Représenté par Mme Durand"), "{page}");

        // Attendance waits for the meeting's day.
        let sheet_url = format!("{meeting}/emargement");
        let form = coordinator.get(&sheet_url).await;
        assert_eq!(form.status, StatusCode::OK);
        let invitations = values_after(&form.body, "name=\"invitation\" value=\"");
        assert_eq!(invitations.len(), 2);
        let early = coordinator
            .post(&sheet_url, &sheet(&invitations, "present", "present"))
            .await;
        assert_eq!(early.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(text(&early.body).contains("L'émargement s'ouvre le jour de la séance."));

        app.clock.advance(Duration::days(10));
        let mut coordinator = app.signed_in("coord@angers.fr").await;
        let wrong = coordinator
            .post(&sheet_url, &sheet(&invitations, "present", "peut-etre"))
            .await;
        assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(text(&wrong.body).contains("Choisissez la présence de chaque membre."));
        let noted = coordinator
            .post(&sheet_url, &sheet(&invitations, "represented", "absent"))
            .await;
        assert_eq!(noted.status, StatusCode::SEE_OTHER, "{}", noted.body);
        let page = text(&coordinator.get(&meeting).await.body);
        assert!(
            page.contains("<td>Représenté</td>") && page.contains("<td>Absent</td>"),
            "{page}"
        );

        // Minutes: revisions, the members reading the published one.
        let minutes = format!("{meeting}/compte-rendu");
        let empty = coordinator.post(&minutes, &[("body", "  ")]).await;
        assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(text(&empty.body).contains("Rédigez le compte rendu avant de l'enregistrer."));
        assert_eq!(
            coordinator
                .post(&minutes, &[("body", "Premier jet du compte rendu")])
                .await
                .status,
            StatusCode::SEE_OTHER
        );
        let mut referent = app.signed_in("referent@angers.fr").await;
        assert_eq!(referent.get(&minutes).await.status, StatusCode::FORBIDDEN);
        let page = text(&referent.get(&meeting).await.body);
        assert!(page.contains("Le compte rendu n'est pas encore publié."));
        assert!(!page.contains("Premier jet"));
        assert_eq!(
            coordinator
                .post(&format!("{minutes}/publier"), &[("revision", "1")])
                .await
                .status,
            StatusCode::SEE_OTHER
        );
        coordinator
            .post(&minutes, &[("body", "Version relue et corrigée")])
            .await;
        let page = text(&referent.get(&meeting).await.body);
        assert!(page.contains("Premier jet du compte rendu"), "{page}");
        assert!(!page.contains("Version relue"));
        let editor = text(&coordinator.get(&minutes).await.body);
        assert!(editor.contains("Version relue et corrigée"));
        assert!(editor.contains("Révision 2") && editor.contains("Révision 1"));
        let first = text(&coordinator.get(&format!("{minutes}?revision=1")).await.body);
        assert!(first.contains("Vous lisez la révision 1."), "{first}");
        assert_not_found(&coordinator.get(&format!("{minutes}?revision=9")).await);
        assert_eq!(
            coordinator
                .get(&format!("{minutes}?revision=abc"))
                .await
                .status,
            StatusCode::BAD_REQUEST
        );
        assert_not_found(&app.signed_in("coord@vaulx.fr").await.get(&minutes).await);
        // Held, it counts in each partner's attendance over the year: the
        // référent's Mission locale was absent.
        app.clock.advance(Duration::days(1));
        let mut coordinator = app.signed_in("coord@angers.fr").await;
        let list = text(&coordinator.get("/instances").await.body);
        let row = list
            .split("<th scope=\"row\">Mission locale angevine</th>")
            .nth(1)
            .unwrap_or_else(|| panic!("{list}"));
        assert!(
            row.split("</tr>").next().unwrap().contains("0\u{a0}%"),
            "{row}"
        );
        let journal = text(&coordinator.get("/journal").await.body);
        for label in [
            "Membres convoqués à une séance",
            "Réponse à une convocation",
            "Émargement d'une séance",
            "Compte rendu de séance publié",
        ] {
            assert!(journal.contains(label), "{label}");
        }
    }
);
