//! The case review (*commission de suivi des parcours*) through the real
//! router on both backends: the coordinator puts a person on a meeting of
//! the commission; the référent who follows the file reads the name and
//! records what was decided, which lands on the file; a co-pilot and a
//! référent who does not follow the file read the pseudonym only, and never
//! the name nor the decision: not in the page, the minutes' DOCX, the
//! meeting's `.ics` or their calendar feed.

mod common;

use axum::http::StatusCode;
use chrono::{Duration, Utc};
use common::files::docx_text;
use common::{assert_not_found, Backend, Client, TestApp};

fn text(body: &str) -> String {
    body.replace("&#39;", "'")
}

/// Neither the person's names nor the decision about them.
fn assert_pseudonymous(what: &str, body: &str) {
    for secret in ["Maëlle", "Durand", "AVIP"] {
        assert!(!body.contains(secret), "{secret} dans {what} : {body}");
    }
}

/// The first review whose form `page` shows (`/examens/12/…`): its id.
fn first_review(page: &str) -> String {
    let start = page.find("/examens/").expect("a review's form") + "/examens/".len();
    page[start..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect()
}

/// The calendar feed `client` subscribes to: its address, then its body.
async fn feed_of(client: &mut Client) -> String {
    let created = client.post("/agenda", &[]).await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.body);
    let page = created.body;
    let start = page.find("/calendrier/").expect("the feed's address");
    let address: String = page[start..]
        .chars()
        .take_while(|c| !matches!(c, '"' | '<' | ' '))
        .collect();
    let feed = client.get(&address).await;
    assert_eq!(feed.status, StatusCode::OK);
    feed.body
}

both_backends!(
    a_case_review_names_persons_only_to_those_who_follow_them,
    |app: TestApp| async move {
        // The CIDFF sits in the commission but does not follow the person.
        app.partner_with_referent("CIDFF", "cidff@angers.fr", false)
            .await;
        let person = app.admitted("Maëlle", "Durand").await;
        let mut coordinator = app.signed_in("coord@angers.fr").await;
        let committee = coordinator
            .create_committee(
                "case_review",
                "Commission de suivi des parcours",
                "Maison de quartier",
            )
            .await;
        coordinator
            .add_account_members(
                &committee,
                &[
                    ("Compte referent@angers.fr", "member"),
                    ("Compte cidff@angers.fr", "member"),
                    ("Compte pilote@angers.fr", "co_pilot"),
                ],
            )
            .await;
        let day = (Utc::now() + Duration::days(10))
            .format("%Y-%m-%d")
            .to_string();
        let meeting = coordinator
            .add_meeting(&committee, &day, "14:00", "120", "Maison de quartier")
            .await;

        // The coordinator puts the person on the meeting; bad input is a
        // French message that changes nothing.
        let add = format!("{meeting}/examens");
        let page = text(&coordinator.get(&meeting).await.body);
        assert!(page.contains("Situations examinées"), "{page}");
        assert!(page.contains("Aucune situation inscrite à cette séance."));
        for bad in ["", "abc", "-3", "999999999"] {
            let refused = coordinator.post(&add, &[("participant_id", bad)]).await;
            assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
            assert!(text(&refused.body).contains("Choisissez une personne dans la liste."));
        }
        let person_id = person.to_string();
        let mut referent = app.signed_in("referent@angers.fr").await;
        assert_eq!(
            referent
                .post(&add, &[("participant_id", &person_id)])
                .await
                .status,
            StatusCode::FORBIDDEN
        );
        let added = coordinator
            .post(&add, &[("participant_id", &person_id)])
            .await;
        assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
        let again = coordinator
            .post(&add, &[("participant_id", &person_id)])
            .await;
        assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(text(&again.body).contains("déjà inscrite à cette séance"));

        // Who reads what: the name for the coordinator and the référent
        // who follows the file; the pseudonym alone for the others.
        let mut cidff = app.signed_in("cidff@angers.fr").await;
        let mut pilote = app.signed_in("pilote@angers.fr").await;
        for (who, client) in [
            ("coordinator", &mut coordinator),
            ("referent", &mut referent),
        ] {
            let page = text(&client.get(&meeting).await.body);
            assert!(
                page.contains("M.D.-01 : <a href=\"/personnes/"),
                "{who}: {page}"
            );
            assert!(page.contains("Maëlle Durand"), "{who}");
        }
        for (who, client) in [("cidff", &mut cidff), ("pilote", &mut pilote)] {
            let page = text(&client.get(&meeting).await.body);
            assert!(page.contains("M.D.-01"), "{who}");
            assert!(page.contains("vous n'en voyez que le pseudonyme"), "{who}");
            assert_pseudonymous(who, &page);
        }

        // From the meeting's start, the référent records the decision; the
        // others reach no such review (the 404 of a review that does not
        // exist).
        app.clock.advance(Duration::days(10) + Duration::hours(14));
        // Ten days on, the sessions have expired: everyone signs in again.
        let mut coordinator = app.signed_in("coord@angers.fr").await;
        let mut referent = app.signed_in("referent@angers.fr").await;
        let mut cidff = app.signed_in("cidff@angers.fr").await;
        let mut pilote = app.signed_in("pilote@angers.fr").await;
        let review = first_review(&referent.get(&meeting).await.body);
        let decide = format!("{meeting}/examens/{review}/decision");
        let decision = [("decision", "Orientation vers l'AVIP crèche de Monplaisir")];
        let empty = referent.post(&decide, &[("decision", "  ")]).await;
        assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(text(&empty.body).contains("Indiquez ce que la commission a décidé"));
        assert_not_found(&cidff.post(&decide, &decision).await);
        assert_not_found(&pilote.post(&decide, &decision).await);
        assert_not_found(
            &referent
                .post(&format!("{meeting}/examens/999999/decision"), &decision)
                .await,
        );
        let recorded = referent.post(&decide, &decision).await;
        assert_eq!(recorded.status, StatusCode::SEE_OTHER, "{}", recorded.body);
        // The review stays once the meeting has started.
        let remove = coordinator
            .post(&format!("{meeting}/examens/{review}/retirer"), &[])
            .await;
        assert_eq!(remove.status, StatusCode::UNPROCESSABLE_ENTITY);

        // The decision is on the file, and on the page for its readers only.
        let file = text(&referent.get(&format!("/personnes/{person}")).await.body);
        assert!(file.contains("Commissions de suivi des parcours"));
        assert!(file.contains("sous le pseudonyme <strong>M.D.-01</strong>"));
        assert!(file.contains("Orientation vers l'AVIP crèche de Monplaisir"));
        let page = text(&coordinator.get(&meeting).await.body);
        assert!(page.contains("Orientation vers l'AVIP crèche de Monplaisir"));
        for (who, client) in [("cidff", &mut cidff), ("pilote", &mut pilote)] {
            assert_pseudonymous(who, &text(&client.get(&meeting).await.body));
        }

        // The shared minutes name the pseudonym only, even downloaded by
        // the coordinator; the calendars carry no person at all.
        coordinator
            .write_minutes(&meeting, "Trois situations examinées.")
            .await;
        coordinator.publish_minutes(&meeting, "1").await;
        for (who, client) in [
            ("coordinator", &mut coordinator),
            ("cidff", &mut cidff),
            ("pilote", &mut pilote),
        ] {
            let docx = client.get(&format!("{meeting}/compte-rendu.docx")).await;
            assert_eq!(docx.status, StatusCode::OK, "{who}");
            let xml = docx_text(&docx.bytes);
            assert!(xml.contains("M.D.-01"), "{who}");
            assert_pseudonymous(who, &xml);
            let ics = client.get(&format!("{meeting}/seance.ics")).await;
            assert_eq!(ics.status, StatusCode::OK);
            assert_pseudonymous(who, &ics.body);
            assert_pseudonymous(who, &feed_of(client).await);
        }

        // Another Cité reaches nothing.
        let mut vaulx = app.signed_in("coord@vaulx.fr").await;
        assert_not_found(&vaulx.post(&add, &[("participant_id", &person_id)]).await);
        assert_not_found(&vaulx.post(&decide, &decision).await);
    }
);

both_backends!(
    only_a_commission_reviews_persons_and_only_before_it_meets,
    |app: TestApp| async move {
        let person = app.admitted("Maëlle", "Durand").await.to_string();
        let mut coordinator = app.signed_in("coord@angers.fr").await;
        let cotech = coordinator
            .create_committee("cotech", "Comité technique", "Mairie")
            .await;
        let commission = coordinator
            .create_committee("case_review", "Commission", "Mairie")
            .await;
        let day = (Utc::now() + Duration::days(3))
            .format("%Y-%m-%d")
            .to_string();
        let technical = coordinator
            .add_meeting(&cotech, &day, "09:00", "60", "Mairie")
            .await;
        let page = text(&coordinator.get(&technical).await.body);
        assert!(!page.contains("Situations examinées"));
        let refused = coordinator
            .post(
                &format!("{technical}/examens"),
                &[("participant_id", &person)],
            )
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(text(&refused.body).contains("Seule une commission de suivi des parcours"));

        // Taken off before the meeting, the person can be put back.
        let meeting = coordinator
            .add_meeting(&commission, &day, "09:00", "60", "Mairie")
            .await;
        let add = format!("{meeting}/examens");
        assert_eq!(
            coordinator
                .post(&add, &[("participant_id", &person)])
                .await
                .status,
            StatusCode::SEE_OTHER
        );
        let review = first_review(&coordinator.get(&meeting).await.body);
        let remove = format!("{meeting}/examens/{review}/retirer");
        let mut referent = app.signed_in("referent@angers.fr").await;
        assert_eq!(
            referent.post(&remove, &[]).await.status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            coordinator.post(&remove, &[]).await.status,
            StatusCode::SEE_OTHER
        );
        assert_not_found(&coordinator.post(&remove, &[]).await);
        let page = text(&coordinator.get(&meeting).await.body);
        assert!(page.contains("Aucune situation inscrite à cette séance."));
        // Decisions wait for the meeting: before it, no form to record one.
        assert_eq!(
            coordinator
                .post(&add, &[("participant_id", &person)])
                .await
                .status,
            StatusCode::SEE_OTHER
        );
        let page = coordinator.get(&meeting).await.body;
        assert!(
            !page.contains("/decision\""),
            "no decision form before the meeting"
        );
    }
);
