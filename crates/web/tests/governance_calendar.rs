//! The private calendar feed through the real router on both backends: a
//! member asks for an address, shown once; a calendar application reads it
//! without a session and finds the meetings of the member's committees
//! only (every committee for a coordinator), parsed back by the `icalendar`
//! crate; a cancellation keeps the UID and moves the SEQUENCE; a new
//! address closes the old one, revoking closes both.

mod common;

use axum::http::StatusCode;
use chrono::{Duration, Utc};
use common::{assert_not_found, Backend, Client, TestApp};
use icalendar::Component;

/// The feed's path in the page that shows the address once.
fn feed_path(page: &str) -> String {
    let url = page
        .split("id=\"adresse-agenda\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    format!("/calendrier/{}", url.split("/calendrier/").nth(1).unwrap())
}

/// The (UID, SEQUENCE, STATUS) of each event of a feed.
fn events(ics: &str) -> Vec<(String, String, Option<String>)> {
    let calendar: icalendar::Calendar = ics.parse().unwrap();
    calendar
        .components
        .into_iter()
        .filter_map(|c| match c {
            icalendar::CalendarComponent::Event(e) => Some((
                e.get_uid().unwrap().to_owned(),
                e.property_value("SEQUENCE").unwrap().to_owned(),
                e.property_value("STATUS").map(str::to_owned),
            )),
            _ => None,
        })
        .collect()
}

/// Creates a committee without rhythm, with the Cité's référent as a
/// member or not, and one meeting in a week; the meeting's id.
async fn committee_with_meeting(coordinator: &mut Client, name: &str, referent: bool) -> String {
    let committee = coordinator
        .create_committee("working_group", name, "Mairie")
        .await;
    if referent {
        coordinator
            .add_account_members(&committee, &[("Compte referent@angers.fr", "member")])
            .await;
    }
    let day = (Utc::now() + Duration::days(7))
        .format("%Y-%m-%d")
        .to_string();
    coordinator
        .add_meeting(&committee, &day, "10:00", "60", "Mairie")
        .await
        .trim_start_matches("/seances/")
        .to_owned()
}

both_backends!(
    a_member_subscribes_to_the_meetings_of_their_committees,
    |app: TestApp| async move {
        let mut coordinator = app.signed_in("coord@angers.fr").await;
        let theirs =
            committee_with_meeting(&mut coordinator, "Groupe emploi Belle-Beille", true).await;
        let other =
            committee_with_meeting(&mut coordinator, "Groupe emploi Monplaisir", false).await;

        let mut referent = app.signed_in("referent@angers.fr").await;
        let page = referent.get("/agenda").await;
        assert!(
            page.body.contains("pas encore d&#39;adresse")
                || page.body.contains("pas encore d'adresse")
        );
        let created = referent.post("/agenda", &[]).await;
        assert_eq!(created.status, StatusCode::OK);
        assert_eq!(created.headers["cache-control"], "no-store");
        let feed = feed_path(&created.body);
        // Shown once: the page does not show it again.
        assert!(!referent.get("/agenda").await.body.contains(&feed));

        // A calendar application reads it without a session.
        let mut calendar = app.client();
        let read = calendar.get(&feed).await;
        assert_eq!(read.status, StatusCode::OK);
        assert!(read.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/calendar"));
        let uids: Vec<String> = events(&read.body).into_iter().map(|e| e.0).collect();
        assert_eq!(uids, vec![format!("seance-{theirs}@maillage")]);

        // The coordinator's holds every committee's meetings.
        let coordinator_feed = feed_path(&coordinator.post("/agenda", &[]).await.body);
        let all = events(&calendar.get(&coordinator_feed).await.body);
        assert_eq!(all.len(), 2);
        assert!(all
            .iter()
            .any(|e| e.0 == format!("seance-{other}@maillage")));

        // Cancelled: the same event, its sequence moved on.
        coordinator
            .post(&format!("/seances/{theirs}/annuler"), &[])
            .await;
        let cancelled = events(&calendar.get(&feed).await.body);
        assert_eq!(
            cancelled,
            vec![(
                format!("seance-{theirs}@maillage"),
                "1".to_owned(),
                Some("CANCELLED".to_owned())
            )]
        );

        // A new address closes the old one; revoking closes the new one.
        let renewed = feed_path(&referent.post("/agenda", &[]).await.body);
        assert_ne!(renewed, feed);
        assert_not_found(&calendar.get(&feed).await);
        assert_eq!(calendar.get(&renewed).await.status, StatusCode::OK);
        let revoked = referent.post("/agenda/revoquer", &[]).await;
        assert_eq!(revoked.status, StatusCode::SEE_OTHER);
        assert_not_found(&calendar.get(&renewed).await);
        let twice = referent.post("/agenda/revoquer", &[]).await;
        assert_eq!(twice.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            twice.body.contains("pas d&#39;abonnement") || twice.body.contains("pas d'abonnement")
        );

        // Not a token, or no governance to read: the same 404.
        assert_not_found(&calendar.get("/calendrier/abc/seances.ics").await);
        assert_not_found(
            &calendar
                .get(&format!("/calendrier/{}/seances.ics", "0".repeat(64)))
                .await,
        );
        assert!(
            coordinator
                .get("/journal")
                .await
                .body
                .contains("Adresse d&#39;abonnement d&#39;agenda révoquée")
                || coordinator
                    .get("/journal")
                    .await
                    .body
                    .contains("Adresse d'abonnement d'agenda révoquée")
        );
    }
);
