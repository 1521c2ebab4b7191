//! Account requests through the real router on both backends: anyone asks
//! for a porteur account from a published call's public page; the Cité's
//! coordination accepts it (the account signs in with the temporary
//! password shown once) or refuses it with a reason; other roles and Cités
//! get a refusal or the 404.

mod common;

use axum::http::StatusCode;
use chrono::{Duration, Utc};
use common::{assert_not_found, Backend, TestApp};
use maillage_domain::calls::{CallInput, CallStatus};
use maillage_domain::ids::CallId;
use maillage_store::conformance::call_input;
use maillage_store::Actor;

fn text(body: &str) -> String {
    body.replace("&#39;", "'")
}

async fn call(app: &TestApp, published: bool) -> CallId {
    let actor = Actor::system(Utc::now());
    let coordinator = app.coordinator().await;
    // Open for ten more days: the public page offers the request.
    let today = maillage_store::conformance::today();
    let draft = CallInput {
        opens_on: today.format("%Y-%m-%d").to_string(),
        deadline_date: (today + Duration::days(10)).format("%Y-%m-%d").to_string(),
        ..call_input("Appel à projets mobilité")
    }
    .validate(today)
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

fn request<'a>(email: &'a str, siret: &'a str) -> Vec<(&'static str, &'a str)> {
    vec![
        ("structure_name", "Mob'In Sarthe"),
        ("siret", siret),
        ("contact_name", "Awa Diallo"),
        ("email", email),
        ("message", "Nous voulons candidater."),
    ]
}

/// The id at the end of the first link to a request.
fn request_id(page: &str) -> String {
    page.split("href=\"/demandes-de-compte/")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .to_owned()
}

both_backends!(
    a_structure_asks_for_an_account_and_the_coordination_accepts_it,
    |app: TestApp| async move {
        let draft = call(&app, false).await;
        let id = call(&app, true).await;
        let mut visitor = app.client();
        assert_not_found(
            &visitor
                .get(&format!("/appels/{draft}/demande-de-compte"))
                .await,
        );
        let public = text(&visitor.get(&format!("/appels/{id}")).await.body);
        let form = format!("/appels/{id}/demande-de-compte");
        assert!(public.contains(&form));
        let page = visitor.get(&form).await;
        assert_eq!(page.status, StatusCode::OK);

        let forged = visitor
            .post_raw(
                &form,
                &request("awa@mobin.fr", "13002526500013"),
                Some("http://localhost"),
            )
            .await;
        assert_eq!(forged.status, StatusCode::FORBIDDEN);
        let bad = visitor
            .post(&form, &request("awa@mobin.fr", "13002526500014"))
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(text(&bad.body).contains("sa clé de contrôle est fausse"));
        let sent = visitor
            .post(&form, &request("Awa@MobIn.fr", "130 025 265 00013"))
            .await;
        assert_eq!(sent.status, StatusCode::OK, "{}", sent.body);
        assert!(text(&sent.body).contains("Votre demande a été transmise"));
        let twice = visitor
            .post(&form, &request("awa@mobin.fr", "13002526500013"))
            .await;
        assert_eq!(twice.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(text(&twice.body).contains("Une demande de compte est déjà en attente"));

        let mut coordinator = app.signed_in("coord@angers.fr").await;
        let calls = text(&coordinator.get("/appels-a-projets").await.body);
        assert!(calls.contains("(1 en attente)"));
        let todo = text(&coordinator.get("/a-faire").await.body);
        assert!(todo.contains("1 demande de compte de porteur attend votre réponse"));
        assert!(coordinator
            .get("/a-faire/compteur")
            .await
            .body
            .contains("fr-badge"));
        let list = text(&coordinator.get("/demandes-de-compte").await.body);
        assert!(list.contains("Mob'In Sarthe"));
        let request_path = format!("/demandes-de-compte/{}", request_id(&list));
        let show = text(&coordinator.get(&request_path).await.body);
        assert!(show.contains("Le partenaire « Mob'In Sarthe » sera créé"));

        let mut pilote = app.signed_in("pilote@angers.fr").await;
        assert_eq!(
            pilote.get("/demandes-de-compte").await.status,
            StatusCode::FORBIDDEN
        );
        let mut vaulx = app.signed_in("coord@vaulx.fr").await;
        assert_not_found(&vaulx.get(&request_path).await);
        assert_not_found(&vaulx.post(&format!("{request_path}/accepter"), &[]).await);

        let accepted = coordinator
            .post(&format!("{request_path}/accepter"), &[])
            .await;
        assert_eq!(accepted.status, StatusCode::OK);
        let password = accepted
            .body
            .split("<code class=\"mai-password\">")
            .nth(1)
            .and_then(|rest| rest.split('<').next())
            .unwrap()
            .to_owned();
        let again = coordinator
            .post(&format!("{request_path}/accepter"), &[])
            .await;
        assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(text(&again.body).contains("Cette demande a déjà reçu une réponse."));
        let mut porteur = app.client();
        let signed_in = porteur.sign_in("awa@mobin.fr", &password).await;
        assert_eq!(signed_in.status, StatusCode::SEE_OTHER);
        assert!(text(&porteur.get("/candidatures").await.body).contains("Aucune candidature"));
        let journal = text(&coordinator.get("/journal").await.body);
        assert!(journal.contains("Demande de compte acceptée"));
        assert!(journal.contains("Demande de compte reçue"));
    }
);

both_backends!(
    the_coordination_refuses_a_request_with_a_reason,
    |app: TestApp| async move {
        let id = call(&app, true).await;
        let form = format!("/appels/{id}/demande-de-compte");
        let mut visitor = app.client();
        visitor.get(&form).await;
        visitor
            .post(&form, &request("b@asso.fr", "73282932000074"))
            .await;
        let mut coordinator = app.signed_in("coord@angers.fr").await;
        let list = coordinator.get("/demandes-de-compte").await.body;
        let refuse = format!("/demandes-de-compte/{}/refuser", request_id(&list));
        let page = text(&coordinator.get(&refuse).await.body);
        assert!(page.contains("Motif du refus"));
        let empty = coordinator.post(&refuse, &[("reason", " ")]).await;
        assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
        let refused = coordinator
            .post(&refuse, &[("reason", "Structure hors du territoire.")])
            .await;
        assert_eq!(
            refused.location(),
            "/demandes-de-compte?fait=demande-refusee"
        );
        assert!(text(&coordinator.get("/demandes-de-compte").await.body)
            .contains("Aucune demande en attente."));
        assert!(
            text(&coordinator.get("/journal").await.body).contains("Structure hors du territoire.")
        );
    }
);
