//! The instruction of a call through the real router on both backends: the
//! coordinator sets the grid, names two reviewers and opens the
//! instruction; each reviewer scores without seeing the other's scores
//! until submitting; a reviewer never sees its own partner's application;
//! a co-pilot decides, the porteur reads its decision, the coordinator makes
//! the accepted one an action. Another porteur, a member not named, another
//! Cité and the national team get the 404.

mod common;

use axum::http::StatusCode;
use chrono::Utc;
use common::{assert_not_found, Backend, TestApp};
use maillage_domain::accounts::Role;
use maillage_domain::calls::CallStatus;
use maillage_domain::time::paris_date;
use maillage_store::conformance::{application, call_input, deadline};
use maillage_store::Actor;
use maillage_web::Clock;

/// The body with apostrophes as typed: askama escapes them.
fn text(body: &str) -> String {
    body.replace("&#39;", "'")
}

/// A call of Angers closed with two submitted applications: « Mobilité »
/// of the Mission locale (the référent's partner) and « Garde » of
/// Femmes Actives; its grid and reviewers set through the pages.
struct Setup {
    call: String,
    mobility: String,
    childcare: String,
}

async fn setup(app: &TestApp) -> Setup {
    let actor = Actor::system(Utc::now());
    let store = &app.store;
    let femmes_partner = app
        .partner_with("Femmes Actives", "porteur@femmes.fr", Role::Porteur, false)
        .await;
    app.partner_with("Emploi 49", "referent@emploi49.fr", Role::Referent, false)
        .await;
    app.partner_with(
        "Autre structure",
        "referent@autre.fr",
        Role::Referent,
        false,
    )
    .await;
    let coordinator = app.coordinator().await;
    let today = paris_date(app.clock.now());
    let draft = call_input("AAP 2023").validate(today).unwrap();
    let call = store
        .create_call(&actor, &coordinator, &draft)
        .await
        .unwrap();
    store
        .set_call_status(&actor, &coordinator, call, CallStatus::Published)
        .await
        .unwrap();
    let porteur = app
        .scope(
            "porteur@angers.fr",
            app.angers,
            Role::Porteur,
            Some(app.angers_partner),
        )
        .await;
    let other = app
        .scope(
            "porteur@femmes.fr",
            app.angers,
            Role::Porteur,
            Some(femmes_partner),
        )
        .await;
    let mut ids = Vec::new();
    for (scope, title) in [(&porteur, "Mobilité"), (&other, "Garde")] {
        let id = store
            .create_application(&actor, scope, call, &application(title, vec![]))
            .await
            .unwrap();
        store
            .submit_application(&actor, scope, id, deadline())
            .await
            .unwrap();
        ids.push(id.to_string());
    }
    store
        .set_call_status(&actor, &coordinator, call, CallStatus::Closed)
        .await
        .unwrap();
    let call = call.to_string();

    let mut coordinator = app.signed_in("coord@angers.fr").await;
    let grid = format!("/appels-a-projets/{call}/grille/modifier");
    let bad = coordinator
        .post(
            &grid,
            &[("label", "Pertinence"), ("weight", "0"), ("max_score", "5")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(&bad.body).contains("un coefficient entier de 1 à 10"));
    let saved = coordinator
        .post(
            &grid,
            &[
                ("label", "Pertinence pour les QPV"),
                ("weight", "3"),
                ("max_score", "5"),
                ("label", "Solidité du budget"),
                ("weight", "1"),
                ("max_score", "5"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let reviewers = format!("/appels-a-projets/{call}/instructeurs");
    let page = text(&coordinator.get(&reviewers).await.body);
    assert!(page.contains("referent@emploi49.fr") || page.contains("Emploi 49"));
    assert!(!page.contains("Femmes Actives"), "porteurs are not offered");
    for email in ["referent@angers.fr", "referent@emploi49.fr"] {
        let id = app.user_id(email).await.to_string();
        let added = coordinator.post(&reviewers, &[("user_id", &id)]).await;
        assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    }
    let porteur_id = app.user_id("porteur@angers.fr").await.to_string();
    let refused = coordinator
        .post(&reviewers, &[("user_id", &porteur_id)])
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let opened = coordinator
        .post(&format!("/appels-a-projets/{call}/instruction"), &[])
        .await;
    assert_eq!(opened.status, StatusCode::SEE_OTHER);
    let frozen = coordinator
        .post(
            &grid,
            &[("label", "X"), ("weight", "1"), ("max_score", "5")],
        )
        .await;
    assert_eq!(frozen.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(&frozen.body).contains("figée"));
    Setup {
        call,
        mobility: ids[0].clone(),
        childcare: ids[1].clone(),
    }
}

both_backends!(
    two_reviewers_score_independently_never_their_own_partner,
    |app: TestApp| async move {
        let s = setup(&app).await;
        let grid = format!("/appels-a-projets/{}/grille", s.call);
        let mut first = app.signed_in("referent@angers.fr").await;
        let mut second = app.signed_in("referent@emploi49.fr").await;

        // The Mission locale's référent does not see its partner's project.
        let page = text(&first.get(&grid).await.body);
        assert!(
            page.contains("Garde") && !page.contains("Mobilité"),
            "{page}"
        );
        assert_not_found(&first.get(&format!("/candidatures/{}", s.mobility)).await);
        assert_not_found(
            &first
                .get(&format!("/candidatures/{}/evaluation", s.mobility))
                .await,
        );

        let review = format!("/candidatures/{}/evaluation", s.childcare);
        let incomplete = second
            .post(
                &review,
                &[
                    ("score", "4"),
                    ("score", ""),
                    ("comment", ""),
                    ("submit", "1"),
                ],
            )
            .await;
        assert_eq!(incomplete.status, StatusCode::UNPROCESSABLE_ENTITY);
        let submitted = second
            .post(
                &review,
                &[
                    ("score", "4"),
                    ("score", "3"),
                    ("comment", "Avis-du-second-instructeur"),
                    ("submit", "1"),
                ],
            )
            .await;
        assert_eq!(
            submitted.status,
            StatusCode::SEE_OTHER,
            "{}",
            submitted.body
        );

        // Before submitting, the first reads neither the scores nor the
        // averages.
        let before = text(&first.get(&review).await.body);
        assert!(!before.contains("Avis-du-second-instructeur"));
        assert!(text(&first.get(&grid).await.body).contains("À faire"));
        assert!(!text(&first.get(&grid).await.body).contains("/ 20"));
        let draft = first
            .post(
                &review,
                &[("score", "2"), ("score", ""), ("comment", "Premier avis")],
            )
            .await;
        assert_eq!(draft.status, StatusCode::SEE_OTHER);
        assert!(!text(&second.get(&review).await.body).contains("Premier avis"));
        let done = first
            .post(
                &review,
                &[
                    ("score", "2"),
                    ("score", "5"),
                    ("comment", "Premier avis"),
                    ("submit", "1"),
                ],
            )
            .await;
        assert_eq!(done.status, StatusCode::SEE_OTHER);
        let after = text(&first.get(&review).await.body);
        assert!(after.contains("Avis-du-second-instructeur"), "{after}");
        // (4/5×3 + 3/5) / 4 × 20 = 15; (2/5×3 + 5/5) / 4 × 20 = 11.
        let averages = text(&first.get(&grid).await.body);
        assert!(
            averages.contains("13,0 / 20") && averages.contains("11,0 – 15,0"),
            "{averages}"
        );

        // Whoever is not a reviewer of the call, nor its coordination: 404.
        app.partner_with("Asso", "porteur@asso.fr", Role::Porteur, false)
            .await;
        for email in [
            "porteur@angers.fr",
            "porteur@asso.fr",
            "referent@autre.fr",
            "coord@vaulx.fr",
            "national@anct.gouv.fr",
        ] {
            let mut client = app.signed_in(email).await;
            assert_not_found(&client.get(&grid).await);
            assert_not_found(&client.get(&review).await);
            assert_not_found(
                &client
                    .post(&review, &[("score", "1"), ("score", "1")])
                    .await,
            );
        }
        let mut pilote = app.signed_in("pilote@angers.fr").await;
        let seen = text(&pilote.get(&grid).await.body);
        assert!(seen.contains("13,0 / 20"));
        assert_not_found(&pilote.get(&review).await);
    }
);

both_backends!(
    a_pilote_decides_and_the_porteur_reads_the_decision,
    |app: TestApp| async move {
        let s = setup(&app).await;
        let mut pilote = app.signed_in("pilote@angers.fr").await;
        let mut coordinator = app.signed_in("coord@angers.fr").await;
        let mut porteur = app.signed_in("porteur@angers.fr").await;
        let today = paris_date(app.clock.now()).format("%Y-%m-%d").to_string();

        let withdraw = porteur
            .post(&format!("/candidatures/{}/retirer", s.mobility), &[])
            .await;
        assert_eq!(withdraw.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(text(&withdraw.body).contains("ne peut plus être retirée"));

        let decide = |id: &str| format!("/candidatures/{id}/decision");
        let fields = |outcome: &'static str, amount: &'static str, reason: &'static str| {
            vec![
                ("outcome", outcome),
                ("amount", amount),
                ("reason", reason),
                ("committee", "Comité de pilotage du 14/11/2023"),
                ("decided_on", today.as_str()),
            ]
        };
        let too_much = fields("accepted", "28 000,01", "");
        let refused = pilote.post(&decide(&s.childcare), &too_much).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(text(&refused.body).contains("ne peut pas dépasser le montant demandé"));
        let accepted = fields("accepted", "25 000", "");
        let done = pilote.post(&decide(&s.childcare), &accepted).await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);

        // Not every application is decided: the call stays in instruction.
        let early = coordinator
            .post(&format!("/appels-a-projets/{}/decisions", s.call), &[])
            .await;
        assert_eq!(early.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(text(&early.body).contains("attend encore sa décision"));
        let no = fields("refused", "", "Hors du périmètre de l'appel");
        assert_eq!(
            pilote.post(&decide(&s.mobility), &no).await.status,
            StatusCode::SEE_OTHER
        );
        assert!(!text(&porteur.get("/candidatures").await.body).contains("Refusée"));
        // Only the coordinator moves the call.
        let step = format!("/appels-a-projets/{}/decisions", s.call);
        assert_eq!(pilote.post(&step, &[]).await.status, StatusCode::FORBIDDEN);
        assert_eq!(
            coordinator.post(&step, &[]).await.status,
            StatusCode::SEE_OTHER
        );

        let list = text(&porteur.get("/candidatures").await.body);
        assert!(list.contains("Refusée"), "{list}");
        let page = text(
            &porteur
                .get(&format!("/candidatures/{}", s.mobility))
                .await
                .body,
        );
        assert!(page.contains("Hors du périmètre de l'appel"));
        for (email, id) in [
            ("porteur@femmes.fr", &s.mobility),
            ("porteur@angers.fr", &s.childcare),
            ("referent@emploi49.fr", &s.mobility),
            ("coord@vaulx.fr", &s.mobility),
            ("national@anct.gouv.fr", &s.childcare),
        ] {
            let mut client = app.signed_in(email).await;
            assert_not_found(&client.get(&decide(id)).await);
            assert_not_found(&client.post(&decide(id), &accepted).await);
        }
        // The reviewer is not the coordination: it does not decide.
        let mut reviewer = app.signed_in("referent@emploi49.fr").await;
        assert_not_found(&reviewer.get(&decide(&s.childcare)).await);

        // One click makes the accepted application an action of the Cité.
        let made = coordinator
            .post(&format!("/candidatures/{}/action", s.childcare), &[])
            .await;
        assert_eq!(made.status, StatusCode::SEE_OTHER);
        let page = text(
            &coordinator
                .get(&format!("/candidatures/{}", s.childcare))
                .await
                .body,
        );
        assert!(page.contains("href=\"/actions/"), "{page}");
        let again = coordinator
            .post(&format!("/candidatures/{}/action", s.childcare), &[])
            .await;
        assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            pilote
                .post(&format!("/candidatures/{}/action", s.childcare), &[])
                .await
                .status,
            StatusCode::FORBIDDEN
        );
    }
);
