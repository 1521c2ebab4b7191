//! Notifications by e-mail on both backends: each user's choices, the
//! events that write them (a referral to decide, a decision), the daily
//! look at what falls due, and the worker sending them at once or in the
//! 7 h digest to a real SMTP server (aiosmtpd) the test starts.

#[path = "agreements/fixtures.rs"]
#[allow(dead_code)]
mod agreement_fixtures;
mod common;
#[path = "follow_up/fixtures.rs"]
#[allow(dead_code)]
mod fixtures;

use agreement_fixtures::{bilans, drawn, granted};
use axum::http::StatusCode;
use chrono::Duration;
use common::smtp::{Received, SmtpServer};
use common::{Backend, TestApp};
use fixtures::{person, Fixture};
use icalendar::Component;
use maillage_domain::calls::CallStatus;
use maillage_domain::notifications::Frequency;
use maillage_domain::notifications::{digest_time, NotificationKind};
use maillage_store::conformance::call_input;
use maillage_store::Actor;
use maillage_web::mail::{send_due, Mailer};
use maillage_web::notify::{look_for_due, queue_messages};
use maillage_web::{AppState, Clock, Config};

fn mail_config() -> Config {
    Config {
        mail_enabled: true,
        public_url: "http://maillage.test".into(),
        ..Config::default()
    }
}

/// Every kind with `frequency`, but `kind` with `choice`.
fn choices<'a>(
    frequency: &'a str,
    kind: NotificationKind,
    choice: &'a str,
) -> Vec<(&'a str, &'a str)> {
    NotificationKind::ALL
        .iter()
        .map(|k| (k.code(), if *k == kind { choice } else { frequency }))
        .collect()
}

/// Relays what is due and sends it; the messages received so far.
async fn deliver(state: &AppState, mailer: &Mailer, server: &SmtpServer) -> Vec<Received> {
    queue_messages(state).await;
    while send_due(state, mailer).await > 0 {}
    server.messages()
}

/// The link a message carries to our app, as a path.
fn link(message: &Received) -> String {
    let text = message.text();
    let start = text.find("http://maillage.test").expect("un lien");
    let url = text[start..].split_whitespace().next().unwrap();
    url.trim_start_matches("http://maillage.test").to_owned()
}

both_backends!(
    each_user_chooses_how_to_be_told_and_a_forged_form_changes_nothing,
    |app: TestApp| async move {
        let mut referent = app.signed_in("referent@angers.fr").await;
        let page = referent.get("/compte/notifications").await;
        assert_eq!(page.status, StatusCode::OK);
        // Defaults: answers at once, deadlines in the digest.
        assert!(page.body.contains(
            "id=\"adressage-decide-immediat\" name=\"adressage-decide\" value=\"immediat\" checked"
        ));
        assert!(page
            .body
            .contains("id=\"bilan-du-quotidien\" name=\"bilan-du\" value=\"quotidien\" checked"));
        assert!(page.body.contains("envoie pas encore de courriels"));

        let csrf = referent.csrf.clone();
        let mut form = choices("jamais", NotificationKind::CheckDue, "immediat");
        form.push(("csrf_token", &csrf));
        let saved = referent.post("/compte/notifications", &form).await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER);
        let page = referent.get(saved.location()).await;
        assert!(page.body.contains("Vos choix sont enregistrés"));
        assert!(page
            .body
            .contains("id=\"bilan-du-immediat\" name=\"bilan-du\" value=\"immediat\" checked"));
        assert!(page.body.contains(
            "id=\"adressage-decide-jamais\" name=\"adressage-decide\" value=\"jamais\" checked"
        ));

        // A kind missing, an unknown one, an unknown frequency: refused.
        let user = app.user_id("referent@angers.fr").await;
        let before = app.store.notification_preferences(user).await.unwrap();
        let missing: Vec<_> = form.iter().skip(1).cloned().collect();
        let mut unknown = form.clone();
        unknown.push(("genre-invente", "immediat"));
        let mut wrong = choices("jamais", NotificationKind::CheckDue, "parfois");
        wrong.push(("csrf_token", &csrf));
        for forged in [missing, unknown, wrong] {
            let refused = referent.post("/compte/notifications", &forged).await;
            assert_eq!(refused.status, StatusCode::BAD_REQUEST);
        }
        assert_eq!(
            app.store.notification_preferences(user).await.unwrap(),
            before
        );
        // Another user's choices are their own.
        let coordinator = app.user_id("coord@angers.fr").await;
        assert!(app
            .store
            .notification_preferences(coordinator)
            .await
            .unwrap()
            .is_empty());
    }
);

both_backends!(
    events_and_due_checks_are_told_by_e_mail_at_once_or_in_the_digest,
    |app: TestApp| async move {
        let server = SmtpServer::start();
        let mailer =
            Mailer::new(&server.url(), "Maillage <ne-pas-repondre@maillage.test>").unwrap();
        let state = app.state(mail_config());
        let f = Fixture::new(&app).await;
        let actor = Actor::system(chrono::Utc::now());
        let before = deliver(&state, &mailer, &server).await.len();

        // A référent proposes: the coordinator is told at once, by a
        // message that names nobody and links to the referrals.
        let draft = person("Yasmine", "Secrète", "hors-qpv", &[], f.today);
        let (_, referral) = app.propose(&draft, f.today).await;
        let received = deliver(&state, &mailer, &server).await;
        let new: Vec<_> = received[before..].iter().collect();
        assert_eq!(new.len(), 1);
        let message = new[0];
        assert_eq!(message.header("To"), "coord@angers.fr");
        assert_eq!(
            message.header("Subject"),
            "Maillage : un adressage attend votre décision"
        );
        assert!(!message.text().contains("Secrète") && !message.text().contains("Yasmine"));
        assert_eq!(link(message), "/adressages");
        let mut coordinator = app.signed_in("coord@angers.fr").await;
        let page = coordinator.get(&link(message)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("SECRÈTE Yasmine"));

        // Told once: the next rounds send nothing more.
        assert_eq!(
            deliver(&state, &mailer, &server).await.len(),
            received.len()
        );

        // The coordinator decides: the référent who proposed hears of it.
        let coordinator_scope = app.coordinator().await;
        let refuse = maillage_store::participants::Decision::Refuse {
            reason: "Hors critères".into(),
        };
        app.store
            .decide_referral(&actor, &coordinator_scope, referral, &refuse, f.today)
            .await
            .unwrap();
        let received = deliver(&state, &mailer, &server).await;
        let last = received.last().unwrap();
        assert_eq!(last.header("To"), "referent@angers.fr");
        assert_eq!(
            last.header("Subject"),
            "Maillage : la coordination a répondu à votre adressage"
        );

        // A coordinator who wants no more of them is not told.
        let coordinator_id = app.user_id("coord@angers.fr").await;
        app.store
            .set_notification_preferences(
                &actor,
                coordinator_id,
                &[(
                    NotificationKind::ReferralToAccept,
                    maillage_domain::notifications::Frequency::Never,
                )],
            )
            .await
            .unwrap();
        let count = received.len();
        app.propose(&person("Omar", "Second", "hors-qpv", &[], f.today), f.today)
            .await;
        assert_eq!(deliver(&state, &mailer, &server).await.len(), count);

        // Durand's +6 months check is overdue: his référent hears of it in
        // the digest of 7 h, not before, and once.
        let referent = app.user_id("referent@angers.fr").await;
        app.store
            .set_lead_user(&actor, &coordinator_scope, f.durand, referent)
            .await
            .unwrap();
        assert!(look_for_due(&state, f.today).await >= 1);
        assert_eq!(
            look_for_due(&state, f.today).await,
            0,
            "a thing is told once"
        );
        assert_eq!(deliver(&state, &mailer, &server).await.len(), count);
        let tomorrow = f.today + Duration::days(1);
        let seven = digest_time(tomorrow) + Duration::minutes(1) - app.clock.now();
        app.clock.advance(seven);
        let received = deliver(&state, &mailer, &server).await;
        assert_eq!(received.len(), count + 1);
        let digest = received.last().unwrap();
        assert_eq!(digest.header("To"), "referent@angers.fr");
        assert!(digest
            .header("Subject")
            .starts_with("Maillage : votre récapitulatif du jour"));
        assert!(!digest.text().contains("Durand") && !digest.text().contains("DURAND"));
        let path = link(digest);
        assert_eq!(path, format!("/a-faire?genre=bilan&referent={referent}"));
        let mut referent_client = app.signed_in("referent@angers.fr").await;
        let page = referent_client.get(&path).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains(&format!("/personnes/{}", f.durand)));
        assert_eq!(deliver(&state, &mailer, &server).await.len(), count + 1);
    }
);

both_backends!(
    an_invitation_to_a_meeting_comes_with_its_calendar_file,
    |app: TestApp| async move {
        let server = SmtpServer::start();
        let mailer =
            Mailer::new(&server.url(), "Maillage <ne-pas-repondre@maillage.test>").unwrap();
        let state = app.state(mail_config());
        let mut coordinator = app.client_of(state.clone());
        coordinator
            .sign_in("coord@angers.fr", common::PASSWORD)
            .await;
        coordinator.get("/").await;
        let committee = coordinator
            .create_committee("follow_up_committee", "Comité de suivi", "Hôtel de ville")
            .await;
        coordinator
            .add_account_members(&committee, &[("Compte referent@angers.fr", "member")])
            .await;
        let day = (chrono::Utc::now() + Duration::days(10))
            .format("%Y-%m-%d")
            .to_string();
        let meeting = coordinator
            .add_meeting(&committee, &day, "14:00", "120", "Hôtel de ville")
            .await;
        let invited = coordinator.post(&format!("{meeting}/convoquer"), &[]).await;
        assert_eq!(invited.status, StatusCode::SEE_OTHER);

        let received = deliver(&state, &mailer, &server).await;
        let invitation = received
            .iter()
            .find(|m| m.header("To") == "referent@angers.fr")
            .expect("l'invitation du référent");
        assert_eq!(
            invitation.header("Subject"),
            "Maillage : vous êtes invité à une réunion"
        );
        assert_eq!(link(invitation), meeting);
        let calendar = invitation
            .attachment("invitation.ics")
            .expect("le fichier .ics");
        let parsed: icalendar::Calendar = calendar.parse().unwrap();
        let event = parsed
            .components
            .iter()
            .find_map(|c| match c {
                icalendar::CalendarComponent::Event(e) => Some(e),
                _ => None,
            })
            .expect("un événement");
        assert!(event.get_summary().unwrap().ends_with("Comité de suivi"));
        assert_eq!(event.property_value("LOCATION"), Some("Hôtel de ville"));
    }
);

both_backends!(
    bilans_awaited_and_calls_closing_are_found_for_those_who_answer_them,
    |app: TestApp| async move {
        let state = app.state(mail_config());
        let mut coordinator = app.signed_in("coord@angers.fr").await;
        let agreement = drawn(&mut coordinator, granted(&app).await).await;
        let (qualitative, financial) = bilans(&mut coordinator, &agreement).await;
        // A call closing in three days.
        let today = maillage_domain::time::paris_date(app.clock.now());
        let mut input = call_input("AAP qui se clôt");
        input.opens_on = (today - Duration::days(30)).to_string();
        input.deadline_date = (today + Duration::days(3)).to_string();
        let coordinator_scope = app.coordinator().await;
        let actor = Actor::system(chrono::Utc::now());
        let call = app
            .store
            .create_call(&actor, &coordinator_scope, &input.validate(today).unwrap())
            .await
            .unwrap();
        app.store
            .set_call_status(&actor, &coordinator_scope, call, CallStatus::Published)
            .await
            .unwrap();

        assert!(look_for_due(&state, today).await >= 3);
        let pending = app
            .store
            .pending_notifications(Frequency::Daily, None, 100)
            .await
            .unwrap();
        let of = |email: &str, kind| {
            let mut paths: Vec<String> = pending
                .iter()
                .filter(|n| n.email == email && n.kind == kind)
                .map(|n| n.path.clone())
                .collect();
            paths.sort();
            paths
        };
        let mut reports = vec![
            format!("/bilans/{qualitative}"),
            format!("/bilans/{financial}"),
        ];
        reports.sort();
        assert_eq!(of("porteur@angers.fr", NotificationKind::BilanDue), reports);
        assert_eq!(
            of("coord@angers.fr", NotificationKind::CallClosing),
            [format!("/appels/{call}")]
        );
        // Another Cité's people hear of neither.
        assert!(pending.iter().all(|n| !n.email.ends_with("@vaulx.fr")));
    }
);
