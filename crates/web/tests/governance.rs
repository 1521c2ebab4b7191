//! Governance through the real router on both backends: the coordinator
//! creates a committee with its rhythm (refused in French when it does not
//! read), names its members, plans its meetings and adds one by hand; the
//! Cité's co-pilots and référents read them and download a meeting as an
//! `.ics` file, which the `icalendar` crate parses back; a cancellation
//! keeps the UID and moves the SEQUENCE. Another Cité and a porteur whose
//! partner does not sit there get the 404; the national team counts, with
//! no names.

mod common;

use axum::http::StatusCode;
use common::{assert_not_found, Backend, TestApp};
use icalendar::{Component, EventLike};

fn text(body: &str) -> String {
    body.replace("&#39;", "'")
}

/// The id after the first `marker` (`href="/seances/`).
fn id_after(body: &str, marker: &str) -> String {
    body.split(marker)
        .nth(1)
        .unwrap()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect()
}

/// The one event of an `.ics` file, parsed by the `icalendar` crate.
fn event(ics: &str) -> icalendar::Event {
    let calendar: icalendar::Calendar = ics.parse().unwrap();
    calendar
        .components
        .into_iter()
        .find_map(|c| match c {
            icalendar::CalendarComponent::Event(e) => Some(e),
            _ => None,
        })
        .unwrap()
}

const COTECH: [(&str, &str); 9] = [
    ("committee_kind", "cotech"),
    ("name", "COTECH des co-pilotes"),
    ("place", "Hôtel de ville, salle 3"),
    ("kind", "every_weeks"),
    ("interval", "6"),
    ("weekday", "TU"),
    ("time", "14:00"),
    ("duration_minutes", "90"),
    ("anchor", "2027-01-05"),
];

both_backends!(
    a_coordinator_sets_up_a_committee_its_members_read_it,
    |app: TestApp| async move {
        let mut coordinator = app.signed_in("coord@angers.fr").await;
        assert_eq!(
            coordinator.get("/instances/nouvelle").await.status,
            StatusCode::OK
        );
        let mut wrong = COTECH.to_vec();
        wrong[5] = ("weekday", "");
        let refused = coordinator.post("/instances", &wrong).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(text(&refused.body).contains("Choisissez un jour de la semaine."));
        assert!(refused.body.contains("value=\"COTECH des co-pilotes\""));

        let created = coordinator.post("/instances", &COTECH).await;
        assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
        let path = created.location().split('?').next().unwrap().to_owned();
        let again = coordinator.post("/instances", &COTECH).await;
        assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);

        let page = text(&coordinator.get(&path).await.body);
        assert!(
            page.contains("Toutes les 6 semaines, le mardi à 14 h 00"),
            "{page}"
        );
        // The Cité's référent joins as a member.
        let referent = page
            .split("value=\"compte-")
            .skip(1)
            .find(|option| option.contains("Compte referent@angers.fr"))
            .map(|option| {
                option
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .collect::<String>()
            })
            .unwrap();
        let member = format!("compte-{referent}");
        let added = coordinator
            .post(
                &format!("{path}/membres"),
                &[("member", member.as_str()), ("role", "member")],
            )
            .await;
        assert_eq!(added.status, StatusCode::SEE_OTHER);
        let twice = coordinator
            .post(
                &format!("{path}/membres"),
                &[("member", member.as_str()), ("role", "guest")],
            )
            .await;
        assert_eq!(twice.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(text(&twice.body).contains("est déjà membre de cette instance"));

        let planned = coordinator.post(&format!("{path}/planifier"), &[]).await;
        assert_eq!(planned.status, StatusCode::SEE_OTHER);
        let page = coordinator.get(&path).await.body;
        // Every six weeks over twelve months: eight or nine meetings.
        assert!(page.matches("href=\"/seances/").count() >= 8, "{page}");
        assert!(!page.contains("Aucune séance à venir."));
        let by_hand = coordinator
            .post(
                &format!("{path}/seances"),
                &[
                    ("date", "2027-02-03"),
                    ("time", "9:30"),
                    ("duration_minutes", "60"),
                    ("place", "Pôle emploi, Angers"),
                    ("video_url", "http://pas-securise"),
                ],
            )
            .await;
        assert_eq!(by_hand.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(text(&by_hand.body).contains("Le lien de visioconférence commence par https://."));
        let by_hand = coordinator
            .post(
                &format!("{path}/seances"),
                &[
                    ("date", "2027-02-03"),
                    ("time", "9:30"),
                    ("duration_minutes", "60"),
                    ("place", "Pôle emploi, Angers"),
                    ("video_url", "https://visio.example/cotech"),
                ],
            )
            .await;
        assert_eq!(by_hand.status, StatusCode::SEE_OTHER, "{}", by_hand.body);
        let meeting = by_hand.location().split('?').next().unwrap().to_owned();
        assert!(
            text(&coordinator.get(&meeting).await.body).contains("mercredi 03/02/2027 à 9 h 30")
        );

        // The Cité's co-pilots and référents read it and take it to a calendar.
        for email in ["referent@angers.fr", "pilote@angers.fr"] {
            let mut reader = app.signed_in(email).await;
            let list = text(&reader.get("/instances").await.body);
            assert!(list.contains("COTECH des co-pilotes"), "{email}");
            assert!(!list.contains("Nouvelle instance"), "{email}");
            assert_eq!(reader.get(&path).await.status, StatusCode::OK);
            let ics = reader.get(&format!("{meeting}/seance.ics")).await;
            assert_eq!(ics.status, StatusCode::OK, "{email}");
            assert!(ics.headers["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/calendar"));
        }
        let ics = coordinator.get(&format!("{meeting}/seance.ics")).await.body;
        let parsed = event(&ics);
        let id = id_after(&format!("{meeting}\""), "/seances/");
        assert_eq!(
            parsed.get_uid(),
            Some(format!("seance-{id}@maillage").as_str())
        );
        assert_eq!(parsed.get_summary(), Some("COTECH — COTECH des co-pilotes"));
        assert_eq!(parsed.get_location(), Some("Pôle emploi, Angers"));
        assert_eq!(parsed.property_value("SEQUENCE"), Some("0"));
        assert!(
            ics.contains("DTSTART;TZID=Europe/Paris:20270203T093000"),
            "{ics}"
        );

        // Cancelled: the same event, its sequence moved on.
        let cancel = format!("{meeting}/annuler");
        let mut referent = app.signed_in("referent@angers.fr").await;
        assert_eq!(
            referent.post(&cancel, &[]).await.status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(coordinator.get(&cancel).await.status, StatusCode::OK);
        assert_eq!(
            coordinator.post(&cancel, &[]).await.status,
            StatusCode::SEE_OTHER
        );
        let cancelled = coordinator.get(&format!("{meeting}/seance.ics")).await.body;
        let parsed = event(&cancelled);
        assert_eq!(
            parsed.get_uid(),
            Some(format!("seance-{id}@maillage").as_str())
        );
        assert_eq!(parsed.property_value("SEQUENCE"), Some("1"));
        assert_eq!(parsed.property_value("STATUS"), Some("CANCELLED"));
        assert_eq!(
            coordinator.post(&cancel, &[]).await.status,
            StatusCode::UNPROCESSABLE_ENTITY
        );

        // Not another Cité's, not the national team's, not a porteur's
        // whose partner does not sit there (`governance_porteur.rs`).
        for email in [
            "coord@vaulx.fr",
            "national@anct.gouv.fr",
            "porteur@angers.fr",
        ] {
            let mut stranger = app.signed_in(email).await;
            assert_not_found(&stranger.get(&path).await);
            assert_not_found(&stranger.get(&meeting).await);
            assert_not_found(&stranger.get(&format!("{meeting}/seance.ics")).await);
        }
        // The national team counts each Cité's meetings, without a name.
        let national = text(
            &app.signed_in("national@anct.gouv.fr")
                .await
                .get("/instances")
                .await
                .body,
        );
        assert!(national.contains("Instances des Cités"), "{national}");
        assert!(!national.contains("COTECH des co-pilotes"));
        assert!(!national.contains("referent@angers.fr"));
        let mut vaulx = app.signed_in("coord@vaulx.fr").await;
        assert!(!text(&vaulx.get("/instances").await.body).contains("COTECH des co-pilotes"));
        assert_not_found(&vaulx.post(&format!("{path}/planifier"), &[]).await);

        // Without a rhythm there is nothing to plan: meetings come one by one.
        let mut working_group = COTECH.to_vec();
        working_group[0] = ("committee_kind", "working_group");
        working_group[1] = ("name", "Groupe de travail des Hauts-de-Saint-Aubin");
        working_group[3] = ("kind", "none");
        let created = coordinator.post("/instances", &working_group).await;
        assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
        let group = created.location().split('?').next().unwrap().to_owned();
        assert!(!coordinator
            .get(&group)
            .await
            .body
            .contains("Planifier les séances"));
        let refused = coordinator.post(&format!("{group}/planifier"), &[]).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(text(&refused.body).contains("n'a pas de rythme fixe"));
        let journal = text(&coordinator.get("/journal").await.body);
        assert!(journal.contains("Instance créée"), "{journal}");
    }
);
