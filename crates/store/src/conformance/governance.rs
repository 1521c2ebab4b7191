//! Governance: committees written by the coordinators of their Cité and
//! read by its coordinators, co-pilots and référents (a porteur, those it
//! sits in); members from the Cité alone, once each; meetings planned
//! without duplicates, cancelled once with a new sequence.

use chrono::{Duration, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use maillage_domain::accounts::Role;
use maillage_domain::governance::{
    CommitteeDraft, CommitteeKind, MeetingDraft, MemberRole, Rhythm, Schedule,
};

use super::{is_not_found, member, partner_input, Fixture};
use crate::governance::NewMember;
use crate::{Actor, Store, StoreError};

pub(super) fn cotech(name: &str) -> CommitteeDraft {
    CommitteeDraft {
        kind: CommitteeKind::Cotech,
        name: name.into(),
        place: "Hôtel de ville".into(),
        schedule: Schedule {
            rhythm: Rhythm::EveryWeeks {
                interval: 6,
                weekday: Weekday::Tue,
            },
            start_time: NaiveTime::from_hms_opt(14, 0, 0).unwrap(),
            duration_minutes: 90,
            anchor: NaiveDate::from_ymd_opt(2027, 1, 5).unwrap(),
        },
    }
}

pub async fn committees_and_meetings_belong_to_their_cite(store: &dyn Store) {
    let f = Fixture::new(store).await;
    let actor = Actor::system(Utc::now());
    let coordinator = &f.angers_coordinator;
    let now = Utc.with_ymd_and_hms(2026, 12, 7, 9, 0, 0).unwrap();
    let id = store
        .create_committee(&actor, coordinator, &cotech("COTECH"))
        .await
        .unwrap();
    assert!(matches!(
        store
            .create_committee(&actor, coordinator, &cotech("COTECH"))
            .await,
        Err(StoreError::Conflict { field: "name", .. })
    ));
    let referent = member(store, f.angers, Role::Referent, None, "ref@angers.fr").await;
    assert!(matches!(
        store
            .create_committee(&actor, &referent, &cotech("Autre"))
            .await,
        Err(StoreError::Forbidden)
    ));
    // Every member of the Cité reads it, with its rhythm as written.
    let read = store.committee(&referent, id, now).await.unwrap();
    assert_eq!(read.schedule(), Some(cotech("COTECH").schedule));
    assert_eq!(
        read.rrule.as_deref(),
        Some("FREQ=WEEKLY;INTERVAL=6;BYDAY=TU")
    );
    assert!(is_not_found(
        store.committee(&f.vaulx_coordinator, id, now).await
    ));
    assert!(store
        .committees(&f.vaulx_coordinator, now)
        .await
        .unwrap()
        .is_empty());

    // Members: an account or a partner of the Cité, once each.
    let partner = store
        .create_partner(
            &actor,
            coordinator,
            &partner_input("Mission locale").validate().unwrap(),
        )
        .await
        .unwrap();
    let referent_id = referent.user_id();
    store
        .add_committee_member(
            &actor,
            coordinator,
            id,
            NewMember::Account(referent_id),
            MemberRole::Member,
        )
        .await
        .unwrap();
    store
        .add_committee_member(
            &actor,
            coordinator,
            id,
            NewMember::Partner(partner),
            MemberRole::CoPilot,
        )
        .await
        .unwrap();
    assert!(matches!(
        store
            .add_committee_member(
                &actor,
                coordinator,
                id,
                NewMember::Partner(partner),
                MemberRole::Guest
            )
            .await,
        Err(StoreError::Conflict {
            field: "member",
            ..
        })
    ));
    let stranger = f.vaulx_coordinator.user_id();
    assert!(matches!(
        store
            .add_committee_member(
                &actor,
                coordinator,
                id,
                NewMember::Account(stranger),
                MemberRole::Guest
            )
            .await,
        Err(StoreError::Invalid {
            field: "member",
            ..
        })
    ));
    // A porteur reads it once its partner sits there (`governance_porteur`).
    let porteur = member(store, f.angers, Role::Porteur, Some(partner), "p@angers.fr").await;
    assert_eq!(store.committee(&porteur, id, now).await.unwrap().id, id);
    assert_eq!(store.committees(&porteur, now).await.unwrap().len(), 1);
    let members = store.committee_members(&referent, id).await.unwrap();
    let roles: Vec<(String, MemberRole)> = members.into_iter().map(|m| (m.name, m.role)).collect();
    assert_eq!(
        roles,
        vec![
            ("Mission locale".to_owned(), MemberRole::CoPilot),
            ("Compte ref@angers.fr".to_owned(), MemberRole::Member),
        ]
    );
    assert!(is_not_found(
        store.committee_members(&f.vaulx_coordinator, id).await
    ));

    // Meetings: planned once per start, whatever is asked twice.
    let schedule = cotech("COTECH").schedule;
    let from = NaiveDate::from_ymd_opt(2027, 1, 1).unwrap();
    let times: Vec<_> = schedule
        .occurrences_utc(from, NaiveDate::from_ymd_opt(2027, 12, 31).unwrap())
        .into_iter()
        .map(|start| (start, start + Duration::minutes(90)))
        .collect();
    assert_eq!(times.len(), 9);
    assert_eq!(
        store
            .plan_meetings(&actor, coordinator, id, &times)
            .await
            .unwrap(),
        9
    );
    assert_eq!(
        store
            .plan_meetings(&actor, coordinator, id, &times)
            .await
            .unwrap(),
        0
    );
    let meetings = store.committee_meetings(&referent, id).await.unwrap();
    assert_eq!(meetings.len(), 9);
    assert!(meetings.iter().all(|m| m.place == "Hôtel de ville"));
    let first = &meetings[0];
    assert_eq!(
        first.starts_at,
        Utc.with_ymd_and_hms(2027, 1, 5, 13, 0, 0).unwrap()
    );
    assert_eq!(
        store
            .committee(&referent, id, now)
            .await
            .unwrap()
            .next_meeting,
        Some(first.starts_at)
    );
    let by_hand = MeetingDraft {
        starts_at: first.starts_at,
        ends_at: first.ends_at,
        place: "Visio".into(),
        video_url: "https://visio.example".into(),
    };
    assert!(matches!(
        store.add_meeting(&actor, coordinator, id, &by_hand).await,
        Err(StoreError::Conflict { field: "date", .. })
    ));
    assert!(matches!(
        store
            .add_meeting(&actor, &f.vaulx_coordinator, id, &by_hand)
            .await,
        Err(StoreError::NotFound)
    ));

    // Cancelled once: its sequence moves on, the next meeting is the following one.
    store
        .cancel_meeting(&actor, coordinator, first.id)
        .await
        .unwrap();
    let cancelled = store.meeting(&referent, first.id).await.unwrap();
    assert!(cancelled.cancelled);
    assert_eq!(cancelled.sequence, first.sequence + 1);
    assert!(matches!(
        store.cancel_meeting(&actor, coordinator, first.id).await,
        Err(StoreError::Invalid { .. })
    ));
    assert!(matches!(
        store
            .cancel_meeting(&actor, &referent, meetings[1].id)
            .await,
        Err(StoreError::Forbidden)
    ));
    assert_eq!(
        store
            .committee(&referent, id, now)
            .await
            .unwrap()
            .next_meeting,
        Some(meetings[1].starts_at)
    );
    assert!(is_not_found(
        store.meeting(&f.vaulx_coordinator, first.id).await
    ));
    let upcoming = store.upcoming_meetings(&referent, now, 3).await.unwrap();
    assert_eq!(upcoming.len(), 3);
    assert_eq!(upcoming[0].id, first.id);
}
