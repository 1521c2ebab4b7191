//! Forgotten password through the real router on both backends: the same
//! answer for any address, a link queued for an existing account only, the
//! link opening a form once and for an hour; then the outbox's worker
//! sending it to a real SMTP server (aiosmtpd) the test starts.

mod common;

use axum::http::StatusCode;
use chrono::Duration;
use common::smtp::SmtpServer;
use common::{assert_not_found, Backend, TestApp, PASSWORD};
use maillage_web::{Clock, Config};

const NEW_PASSWORD: &str = "une phrase de passe neuve";

fn mail_config() -> Config {
    Config {
        mail_enabled: true,
        public_url: "http://maillage.test".into(),
        ..Config::default()
    }
}

/// The path of the link the outbox holds for `to`, the message claimed.
async fn queued_link(app: &TestApp, to: &str) -> String {
    let now = app.clock.now() + Duration::seconds(1);
    let messages = app.store.claim_mail(now, 10).await.unwrap();
    let message = messages.iter().find(|m| m.to == to).expect("un message");
    assert!(!message.subject.contains(to));
    queued_path(&message.text)
}

both_backends!(
    a_link_by_e_mail_lets_one_choose_a_new_password_once,
    |app: TestApp| async move {
        // Not offered where no message leaves.
        assert_not_found(&app.client().get("/mot-de-passe-oublie").await);
        let page = app.client().get("/connexion").await;
        assert!(!page.body.contains("/mot-de-passe-oublie"));

        let mut visitor = app.configured(mail_config());
        let page = visitor.get("/connexion").await;
        assert!(page.body.contains("href=\"/mot-de-passe-oublie\""));
        let page = visitor.get("/mot-de-passe-oublie").await;
        assert_eq!(page.status, StatusCode::OK);
        let bad = visitor
            .post("/mot-de-passe-oublie", &[("email", "pas une adresse")])
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(bad.body.contains("nom@domaine.fr"));
        // The same answer whether an account has the address or not.
        let unknown = visitor
            .post("/mot-de-passe-oublie", &[("email", "personne@angers.fr")])
            .await;
        let known = visitor
            .post("/mot-de-passe-oublie", &[("email", "Coord@Angers.fr")])
            .await;
        for answer in [&unknown, &known] {
            assert_eq!(answer.status, StatusCode::OK);
            let body = &answer.body;
            assert!(body.contains("Si un compte Maillage utilise"), "{body}");
        }
        assert_eq!(app.store.outbox_backlog().await.unwrap(), 1);

        let link = queued_link(&app, "coord@angers.fr").await;
        let form = visitor.get(&link).await;
        assert_eq!(form.status, StatusCode::OK);
        assert!(form.body.contains("Choisir un nouveau mot de passe"));
        for (password, confirmation, expected) in [
            ("court", "court", "au moins 12 caractères"),
            (NEW_PASSWORD, "une autre phrase de passe", "diffèrent"),
        ] {
            let refused = visitor
                .post(
                    &link,
                    &[("password", password), ("confirmation", confirmation)],
                )
                .await;
            assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
            assert!(refused.body.contains(expected), "{expected}");
        }
        let mut signed_in = app.signed_in("coord@angers.fr").await;
        let chosen = visitor
            .post(
                &link,
                &[("password", NEW_PASSWORD), ("confirmation", NEW_PASSWORD)],
            )
            .await;
        assert_eq!(chosen.status, StatusCode::SEE_OTHER);
        assert_eq!(chosen.headers["location"], "/connexion?nouveau=1");
        assert!(visitor
            .get("/connexion?nouveau=1")
            .await
            .body
            .contains("Votre nouveau mot de passe est enregistré"));
        // The old sessions ended, the old password no longer opens, the new one does.
        assert_eq!(signed_in.get("/").await.status, StatusCode::SEE_OTHER);
        let old = app.client().sign_in("coord@angers.fr", PASSWORD).await;
        assert_eq!(old.status, StatusCode::UNPROCESSABLE_ENTITY);
        let new = app.client().sign_in("coord@angers.fr", NEW_PASSWORD).await;
        assert_eq!(new.status, StatusCode::SEE_OTHER);

        // Spent, malformed, or unknown: the same page, nothing changed.
        for path in [
            link.as_str(),
            "/mot-de-passe/abc",
            &format!("/mot-de-passe/{}", "0".repeat(64)),
        ] {
            let closed = visitor.get(path).await;
            assert_eq!(closed.status, StatusCode::NOT_FOUND);
            assert!(closed.body.contains("Ce lien n'est plus valable"));
        }
        let again = visitor
            .post(
                &link,
                &[
                    ("password", "encore une autre phrase"),
                    ("confirmation", "encore une autre phrase"),
                ],
            )
            .await;
        assert_eq!(again.status, StatusCode::NOT_FOUND);
        let mut coordinator = app.client();
        coordinator.sign_in("coord@angers.fr", NEW_PASSWORD).await;
        let journal = coordinator.get("/journal").await.body;
        assert!(journal.contains("Lien de nouveau mot de passe envoyé"));
        assert!(journal.contains("Nouveau mot de passe choisi par lien"));
    }
);

both_backends!(
    the_worker_sends_the_outbox_to_a_real_smtp_server_once,
    |app: TestApp| async move {
        let mut server = SmtpServer::start();
        let mailer = maillage_web::mail::Mailer::new(
            &server.url(),
            "Maillage <ne-pas-repondre@maillage.test>",
        )
        .unwrap();
        let state = app.state(mail_config());
        let mut visitor = app.client_of(state.clone());
        visitor.get("/mot-de-passe-oublie").await;
        visitor
            .post("/mot-de-passe-oublie", &[("email", "coord@angers.fr")])
            .await;
        assert_eq!(maillage_web::mail::send_due(&state, &mailer).await, 1);
        // Sent once: the next round has nothing to send.
        assert_eq!(maillage_web::mail::send_due(&state, &mailer).await, 0);
        assert_eq!(app.store.outbox_backlog().await.unwrap(), 0);
        let received = server.messages();
        assert_eq!(received.len(), 1);
        let message = &received[0];
        assert!(message.header("To").contains("coord@angers.fr"));
        assert_eq!(
            message.header("Subject"),
            "Maillage : choisir un nouveau mot de passe"
        );
        assert!(message.header("Message-ID").starts_with("<outbox-"));
        let link = message
            .text()
            .lines()
            .find_map(|l| l.strip_prefix("http://maillage.test"))
            .expect("le lien")
            .to_owned();
        // The received link opens the form.
        assert_eq!(visitor.get(&link).await.status, StatusCode::OK);

        // The server gone, the message waits and leaves once it is back.
        server.stop();
        app.clock.advance(Duration::minutes(10));
        visitor.get("/mot-de-passe-oublie").await;
        visitor
            .post("/mot-de-passe-oublie", &[("email", "coord@angers.fr")])
            .await;
        assert_eq!(maillage_web::mail::send_due(&state, &mailer).await, 0);
        assert_eq!(app.store.outbox_backlog().await.unwrap(), 1);
        server.resume();
        // Not before its delay.
        assert_eq!(maillage_web::mail::send_due(&state, &mailer).await, 0);
        app.clock.advance(Duration::minutes(2));
        assert_eq!(maillage_web::mail::send_due(&state, &mailer).await, 1);
        assert_eq!(server.messages().len(), 2);
        assert_eq!(app.store.outbox_backlog().await.unwrap(), 0);
    }
);

both_backends!(
    coordinators_invite_and_reset_by_link_where_e_mail_is_configured,
    |app: TestApp| async move {
        let mut coordinator = app.configured(mail_config());
        coordinator.sign_in("coord@angers.fr", PASSWORD).await;
        coordinator.get("/comptes/nouveau").await;
        let partner = app.angers_partner.to_string();
        let created = coordinator
            .post(
                "/comptes",
                &[
                    ("email", "ines@ml-angers.fr"),
                    ("name", "Inès Conseillère"),
                    ("role", "referent"),
                    ("partner_id", &partner),
                ],
            )
            .await;
        assert_eq!(created.status, StatusCode::OK);
        assert!(created.body.contains("Invitation envoyée"));
        assert!(!created.body.contains("mai-password"), "no password shown");
        let invitation = app
            .store
            .claim_mail(app.clock.now() + Duration::seconds(1), 10)
            .await
            .unwrap();
        assert_eq!(invitation.len(), 1);
        assert_eq!(invitation[0].subject, "Maillage : votre compte est ouvert");
        assert!(invitation[0].text.contains("Cité d'Angers"));
        let link = queued_path(&invitation[0].text);

        // The invited person chooses a password and signs in with it.
        let mut ines = app.configured(mail_config());
        assert_eq!(ines.get(&link).await.status, StatusCode::OK);
        let chosen = ines
            .post(
                &link,
                &[("password", NEW_PASSWORD), ("confirmation", NEW_PASSWORD)],
            )
            .await;
        assert_eq!(chosen.status, StatusCode::SEE_OTHER);
        let signed = ines.sign_in("ines@ml-angers.fr", NEW_PASSWORD).await;
        assert_eq!(signed.status, StatusCode::SEE_OTHER);

        // A reset sends a link; the password chosen stops working.
        let list = coordinator.get("/comptes").await.body;
        assert!(list.contains("un lien pour choisir un nouveau mot de passe"));
        let credentials = app.store.credentials("ines@ml-angers.fr").await.unwrap();
        let id = credentials.unwrap().user_id;
        let sent = coordinator
            .post(&format!("/comptes/{id}/mot-de-passe"), &[])
            .await;
        assert_eq!(sent.status, StatusCode::OK);
        assert!(sent.body.contains("Lien envoyé"));
        assert_eq!(app.store.outbox_backlog().await.unwrap(), 2);
        let old = app
            .client()
            .sign_in("ines@ml-angers.fr", NEW_PASSWORD)
            .await;
        assert_eq!(old.status, StatusCode::UNPROCESSABLE_ENTITY);
        let journal = coordinator.get("/journal").await.body;
        assert!(journal.contains("Invitation à choisir un mot de passe"));
    }
);

/// The path of the link in a message's text.
fn queued_path(text: &str) -> String {
    text.lines()
        .find_map(|l| l.strip_prefix("http://maillage.test"))
        .expect("un lien")
        .to_owned()
}
