//! What meetings record, through the real router on both backends: the
//! coordinator inscribes numbered decisions and adds follow-up items on a
//! meeting (refused in French, nothing kept, when the form does not read);
//! the Cité's co-pilots and référents read them and the register; the owner
//! (here through its partner) finds its item in « À faire », late, and
//! closes it with a note. Porteurs, the national team and another Cité get
//! the 404 on governance pages.

mod common;

use axum::http::StatusCode;
use common::{assert_not_found, Backend, TestApp};

fn text(body: &str) -> String {
    body.replace("&#39;", "'").replace("&#x27;", "'")
}

/// The id after the first `marker` (`href="/suites/`).
fn id_after(body: &str, marker: &str) -> String {
    body.split(marker)
        .nth(1)
        .unwrap()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect()
}

const COTECH: [(&str, &str); 9] = [
    ("committee_kind", "cotech"),
    ("name", "COTECH des co-pilotes"),
    ("place", "Hôtel de ville"),
    ("kind", "none"),
    ("interval", "6"),
    ("weekday", "TU"),
    ("time", "14:00"),
    ("duration_minutes", "90"),
    ("anchor", "2027-01-05"),
];

both_backends!(
    meetings_record_numbered_decisions_and_follow_ups_their_owners_close,
    |app: TestApp| async move {
        let mut coordinator = app.signed_in("coord@angers.fr").await;
        let created = coordinator.post("/instances", &COTECH).await;
        assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
        let committee = created.location().split('?').next().unwrap().to_owned();
        let meeting = coordinator
            .add_meeting(&committee, "2027-02-03", "9:30", "60", "Mairie")
            .await;
        let page = text(&coordinator.get(&meeting).await.body);
        assert!(page.contains("Relevé de décisions"), "{page}");
        assert!(page.contains("Aucune décision inscrite pour cette séance."));

        // Refused in French, nothing recorded.
        let decisions = format!("{meeting}/decisions");
        let short = coordinator
            .post(
                &decisions,
                &[("text", "Oui"), ("subject_kind", ""), ("subject", "")],
            )
            .await;
        assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(text(&short.body).contains("La décision compte au moins 5 caractères."));
        let no_subject = coordinator
            .post(
                &decisions,
                &[
                    ("text", "Candidature retenue."),
                    ("subject_kind", "application"),
                    ("subject", "action-1"),
                ],
            )
            .await;
        assert_eq!(no_subject.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            text(&no_subject.body).contains("Choisissez dans la liste l'objet du genre indiqué.")
        );
        let not_ours = coordinator
            .post(
                &decisions,
                &[
                    ("text", "Candidature retenue."),
                    ("subject_kind", "application"),
                    ("subject", "candidature-999"),
                ],
            )
            .await;
        assert_eq!(not_ours.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(text(&not_ours.body).contains("Choisissez une candidature déposée"));
        assert!(text(&coordinator.get(&meeting).await.body)
            .contains("Aucune décision inscrite pour cette séance."));

        // Numbered in the meeting's year and the committee's kind.
        for decision in ["Feuille de route adoptée.", "Calendrier 2027 adopté."] {
            let recorded = coordinator
                .post(
                    &decisions,
                    &[
                        ("text", decision),
                        ("subject_kind", "none"),
                        ("subject", ""),
                    ],
                )
                .await;
            assert_eq!(recorded.status, StatusCode::SEE_OTHER, "{}", recorded.body);
        }
        let page = text(&coordinator.get(&meeting).await.body);
        assert!(
            page.contains("2027-COTECH-01</strong> : Feuille de route adoptée."),
            "{page}"
        );
        assert!(page.contains("2027-COTECH-02</strong> : Calendrier 2027 adopté."));

        // Follow-up items: refused in French, then one for the partner, late.
        let suites = format!("{meeting}/suites");
        let partner = format!("partenaire-{}", app.angers_partner);
        let untitled = coordinator
            .post(
                &suites,
                &[("title", ""), ("due_on", ""), ("owner", partner.as_str())],
            )
            .await;
        assert_eq!(untitled.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(text(&untitled.body).contains("Indiquez ce qui est à faire."));
        let elsewhere = format!("partenaire-{}", app.vaulx_partner);
        let stranger = coordinator
            .post(
                &suites,
                &[
                    ("title", "Envoyer le bilan"),
                    ("due_on", ""),
                    ("owner", elsewhere.as_str()),
                ],
            )
            .await;
        assert_eq!(stranger.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(text(&stranger.body).contains("Choisissez un compte ou un partenaire de la Cité."));
        assert!(text(&coordinator.get(&meeting).await.body)
            .contains("Aucune suite à donner pour cette séance."));
        let added = coordinator
            .post(
                &suites,
                &[
                    ("title", "Envoyer le bilan intermédiaire"),
                    ("due_on", "2020-01-15"),
                    ("owner", partner.as_str()),
                ],
            )
            .await;
        assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
        let page = text(&coordinator.get(&meeting).await.body);
        assert!(
            page.contains("Envoyer le bilan intermédiaire — Mission locale angevine"),
            "{page}"
        );
        assert!(page.contains("En retard"));
        let item = id_after(&page, "href=\"/suites/");
        let close = format!("/suites/{item}/cloturer");

        // The Cité's co-pilots and référents read; only the coordinator writes.
        for email in ["pilote@angers.fr", "referent@angers.fr"] {
            let mut reader = app.signed_in(email).await;
            let page = text(&reader.get(&meeting).await.body);
            assert!(page.contains("2027-COTECH-01"), "{email}");
            assert!(!page.contains("Inscrire la décision"), "{email}");
            assert!(!page.contains("Ajouter la suite à donner"), "{email}");
            let register = text(&reader.get("/instances/decisions").await.body);
            assert!(register.contains("2027-COTECH-02"), "{email}");
            let list = text(&reader.get("/instances/suites").await.body);
            assert!(list.contains("Envoyer le bilan intermédiaire"), "{email}");
            assert!(list.contains("En retard"), "{email}");
            let refused = reader
                .post(
                    &decisions,
                    &[("text", "Décision."), ("subject_kind", ""), ("subject", "")],
                )
                .await;
            assert_eq!(refused.status, StatusCode::FORBIDDEN, "{email}");
        }
        let mut pilote = app.signed_in("pilote@angers.fr").await;
        assert_eq!(pilote.get(&close).await.status, StatusCode::FORBIDDEN);
        let register = text(
            &coordinator
                .get("/instances/decisions?annee=2026")
                .await
                .body,
        );
        assert!(register.contains("Aucune décision inscrite."), "{register}");
        assert!(!register.contains("2027-COTECH-01"));
        let bad_year = coordinator.get("/instances/decisions?annee=deux").await;
        assert_eq!(bad_year.status, StatusCode::BAD_REQUEST);

        // The porteur of the partner finds it in « À faire » and closes it.
        let mut porteur = app.signed_in("porteur@angers.fr").await;
        let todo = text(&porteur.get("/a-faire").await.body);
        assert!(todo.contains("Suites à donner des instances (1)"), "{todo}");
        assert!(todo.contains("Envoyer le bilan intermédiaire"));
        assert!(todo.contains("En retard"));
        assert!(porteur.get("/a-faire/compteur").await.body.contains(">1<"));
        assert_eq!(porteur.get(&close).await.status, StatusCode::OK);
        let no_note = porteur
            .post(&close, &[("status", "done"), ("note", " ")])
            .await;
        assert_eq!(no_note.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(text(&no_note.body).contains("Indiquez en quelques mots ce qui a été fait"));
        assert!(
            text(&porteur.get("/a-faire").await.body).contains("Envoyer le bilan intermédiaire")
        );
        let closed = porteur
            .post(
                &close,
                &[("status", "done"), ("note", "Bilan envoyé le 10/01.")],
            )
            .await;
        assert_eq!(closed.status, StatusCode::SEE_OTHER, "{}", closed.body);
        assert!(closed.location().starts_with("/a-faire"));
        assert!(
            !text(&porteur.get("/a-faire").await.body).contains("Envoyer le bilan intermédiaire")
        );
        let twice = porteur
            .post(&close, &[("status", "done"), ("note", "Encore.")])
            .await;
        assert_eq!(twice.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(text(&twice.body).contains("Cette suite à donner est close"));
        let page = text(&coordinator.get(&meeting).await.body);
        assert!(
            page.contains("Fait</span> : Bilan envoyé le 10/01."),
            "{page}"
        );
        assert!(!page.contains("En retard"));

        // Not a porteur's, the national team's or another Cité's pages.
        for email in [
            "porteur@angers.fr",
            "national@anct.gouv.fr",
            "coord@vaulx.fr",
        ] {
            let mut stranger = app.signed_in(email).await;
            assert_not_found(&stranger.get(&meeting).await);
            if !email.starts_with("coord") {
                assert_not_found(&stranger.get("/instances/decisions").await);
                assert_not_found(&stranger.get("/instances/suites").await);
            }
        }
        let mut vaulx = app.signed_in("coord@vaulx.fr").await;
        assert!(!text(&vaulx.get("/instances/decisions").await.body).contains("2027-COTECH"));
        assert!(!text(&vaulx.get("/instances/suites").await.body).contains("Envoyer le bilan"));
        assert_not_found(
            &vaulx
                .post(
                    &decisions,
                    &[("text", "Décision."), ("subject_kind", ""), ("subject", "")],
                )
                .await,
        );
        assert_not_found(&vaulx.get(&close).await);
        let journal = text(&coordinator.get("/journal").await.body);
        assert!(
            journal.contains("Décision inscrite au relevé d'une séance"),
            "{journal}"
        );
        assert!(journal.contains("Suite à donner close"));
    }
);

/// An application of the porteur's partner, submitted and granted; the id.
async fn granted(app: &TestApp) -> String {
    use maillage_domain::accounts::Role;
    use maillage_domain::calls::decision::{Decision, Outcome};
    use maillage_domain::calls::CallStatus;
    use maillage_store::conformance::{application, call_input, deadline};
    let (store, actor) = (
        &app.store,
        maillage_store::Actor::system(chrono::Utc::now()),
    );
    let coordinator = app.coordinator().await;
    let porteur = app
        .scope(
            "porteur@angers.fr",
            app.angers,
            Role::Porteur,
            Some(app.angers_partner),
        )
        .await;
    let today = maillage_domain::time::paris_date(chrono::Utc::now());
    let call = store
        .create_call(
            &actor,
            &coordinator,
            &call_input("AAP 2023").validate(today).unwrap(),
        )
        .await
        .unwrap();
    store
        .set_call_status(&actor, &coordinator, call, CallStatus::Published)
        .await
        .unwrap();
    let id = store
        .create_application(&actor, &porteur, call, &application("Mob'In", vec![]))
        .await
        .unwrap();
    store
        .submit_application(&actor, &porteur, id, deadline())
        .await
        .unwrap();
    for status in [CallStatus::Closed, CallStatus::Instruction] {
        store
            .set_call_status(&actor, &coordinator, call, status)
            .await
            .unwrap();
    }
    let decision = Decision {
        outcome: Outcome::Accepted,
        amount_cents: Some(2_000_000),
        reason: String::new(),
        decided_on: chrono::NaiveDate::from_ymd_opt(2023, 11, 14).unwrap(),
        committee: "Comité stratégique".into(),
    };
    store
        .record_decision(&actor, &coordinator, id, &decision)
        .await
        .unwrap();
    id.to_string()
}

both_backends!(
    a_decision_on_an_application_is_shown_with_its_funding_decision,
    |app: TestApp| async move {
        let application = granted(&app).await;
        let mut coordinator = app.signed_in("coord@angers.fr").await;
        let mut strategic = COTECH.to_vec();
        strategic[0] = ("committee_kind", "strategic_committee");
        strategic[1] = ("name", "Comité stratégique");
        let created = coordinator.post("/instances", &strategic).await;
        assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
        let committee = created.location().split('?').next().unwrap().to_owned();
        let meeting = coordinator
            .add_meeting(&committee, "2027-02-03", "9:30", "60", "Mairie")
            .await;
        // The form lists the Cité's submitted application.
        let choice = format!("candidature-{application}");
        let page = text(&coordinator.get(&meeting).await.body);
        assert!(page.contains(&format!("value=\"{choice}\"")), "{page}");
        assert!(page.contains("Candidature : Mob'In"));
        let recorded = coordinator
            .post(
                &format!("{meeting}/decisions"),
                &[
                    ("text", "Candidature retenue pour 20 000 €."),
                    ("subject_kind", "application"),
                    ("subject", choice.as_str()),
                ],
            )
            .await;
        assert_eq!(recorded.status, StatusCode::SEE_OTHER, "{}", recorded.body);
        let page = text(&coordinator.get(&meeting).await.body);
        assert!(
            page.contains(&format!(
                "<a href=\"/candidatures/{application}\">Décision sur une candidature : Mob'In</a>"
            )),
            "{page}"
        );
        let shown = text(
            &coordinator
                .get(&format!("/candidatures/{application}"))
                .await
                .body,
        );
        assert!(shown.contains("Décidé en séance"), "{shown}");
        assert!(
            shown.contains(&format!("<a href=\"{meeting}\">2027-CSTRAT-01</a>")),
            "{shown}"
        );
    }
);
