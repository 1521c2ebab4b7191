//! A meeting's records: the committee's members invited once each until
//! the meeting starts; each replies for their own invitation (an account
//! for its partner's); attendance from the meeting's day, for invitations
//! of that meeting only; minutes kept revision by revision, the members
//! reading the published one alone.

use chrono::{Duration, TimeZone, Utc};
use maillage_domain::accounts::Role;
use maillage_domain::governance::{Attendance, MeetingDraft, MemberRole, Reply};

use super::{is_not_found, member, partner_input, Fixture};
use crate::governance::NewMember;
use crate::{Actor, Store, StoreError};

fn invalid<T>(result: Result<T, StoreError>, expected: &str) -> bool {
    matches!(result, Err(StoreError::Invalid { field, .. }) if field == expected)
}

pub async fn meetings_invite_reply_attend_and_keep_minutes(store: &dyn Store) {
    let f = Fixture::new(store).await;
    let coordinator = &f.angers_coordinator;
    let before = Actor::system(Utc.with_ymd_and_hms(2027, 3, 1, 9, 0, 0).unwrap());
    let id = store
        .create_committee(&before, coordinator, &super::governance::cotech("COTECH"))
        .await
        .unwrap();
    let partner = store
        .create_partner(
            &before,
            coordinator,
            &partner_input("Mission locale").validate().unwrap(),
        )
        .await
        .unwrap();
    let referent = member(store, f.angers, Role::Referent, None, "ref@angers.fr").await;
    let of_partner = member(
        store,
        f.angers,
        Role::Referent,
        Some(partner),
        "ml@angers.fr",
    )
    .await;
    let outsider = member(store, f.angers, Role::Referent, None, "autre@angers.fr").await;
    for (who, role) in [
        (NewMember::Account(referent.user_id()), MemberRole::Member),
        (NewMember::Partner(partner), MemberRole::CoPilot),
    ] {
        store
            .add_committee_member(&before, coordinator, id, who, role)
            .await
            .unwrap();
    }
    let starts_at = Utc.with_ymd_and_hms(2027, 3, 9, 13, 0, 0).unwrap();
    let draft = MeetingDraft {
        starts_at,
        ends_at: starts_at + Duration::minutes(90),
        place: "Hôtel de ville".into(),
        video_url: String::new(),
    };
    let meeting = store
        .add_meeting(&before, coordinator, id, &draft)
        .await
        .unwrap();

    // Invited once each; again only when members were added since.
    assert!(matches!(
        store.invite_members(&before, &referent, meeting).await,
        Err(StoreError::Forbidden)
    ));
    assert_eq!(
        store
            .invite_members(&before, coordinator, meeting)
            .await
            .unwrap(),
        2
    );
    assert!(invalid(
        store.invite_members(&before, coordinator, meeting).await,
        "invite"
    ));
    assert!(is_not_found(
        store.invitations(&f.vaulx_coordinator, meeting).await
    ));
    assert!(store
        .meeting(&referent, meeting)
        .await
        .unwrap()
        .invited_at
        .is_some());

    // Each replies for their invitation; the partner's account for its partner.
    let excused = Reply::Represented {
        representative: "Mme Durand".into(),
    };
    store
        .reply_to_invitation(&before, &referent, meeting, &Reply::Coming)
        .await
        .unwrap();
    store
        .reply_to_invitation(&before, &of_partner, meeting, &excused)
        .await
        .unwrap();
    assert!(invalid(
        store
            .reply_to_invitation(&before, &outsider, meeting, &Reply::Coming)
            .await,
        "reply"
    ));
    let invitations = store.invitations(&referent, meeting).await.unwrap();
    let replies: Vec<(String, Option<Reply>)> = invitations
        .iter()
        .map(|i| (i.name.clone(), i.reply()))
        .collect();
    assert_eq!(
        replies,
        vec![
            ("Mission locale".to_owned(), Some(excused)),
            ("Compte ref@angers.fr".to_owned(), Some(Reply::Coming)),
        ]
    );
    assert!(invitations[0].answered_by(&of_partner));
    assert!(!invitations[0].answered_by(&referent));
    let started = Actor::system(starts_at);
    assert!(invalid(
        store
            .reply_to_invitation(&started, &referent, meeting, &Reply::Excused)
            .await,
        "reply"
    ));
    assert!(invalid(
        store.invite_members(&started, coordinator, meeting).await,
        "invite"
    ));

    // Attendance from the meeting's day, for this meeting's invitations only.
    let sheet: Vec<_> = invitations
        .iter()
        .map(|i| (i.id, Attendance::Present))
        .collect();
    let eve = Actor::system(starts_at - Duration::days(1));
    assert!(invalid(
        store
            .record_attendance(&eve, coordinator, meeting, &sheet)
            .await,
        "attendance"
    ));
    let other = store
        .add_meeting(
            &before,
            coordinator,
            id,
            &MeetingDraft {
                starts_at: starts_at + Duration::days(42),
                ends_at: starts_at + Duration::days(42) + Duration::hours(1),
                ..draft.clone()
            },
        )
        .await
        .unwrap();
    assert!(invalid(
        store
            .record_attendance(&started, coordinator, other, &sheet)
            .await,
        "attendance"
    ));
    let mixed = vec![
        (invitations[0].id, Attendance::Represented),
        (invitations[1].id, Attendance::Absent),
    ];
    store
        .record_attendance(&started, coordinator, meeting, &mixed)
        .await
        .unwrap();
    let noted: Vec<_> = store
        .invitations(&referent, meeting)
        .await
        .unwrap()
        .into_iter()
        .map(|i| i.attendance)
        .collect();
    assert_eq!(
        noted,
        vec![Some(Attendance::Represented), Some(Attendance::Absent)]
    );

    // The committee's attendance in one read: every meeting's invitations
    // (the other meeting has none), member by member; not another Cité's.
    let all: Vec<_> = store
        .committee_invitations(&referent, id)
        .await
        .unwrap()
        .into_iter()
        .map(|r| (r.meeting_id, r.invitation.name, r.invitation.attendance))
        .collect();
    assert_eq!(
        all,
        vec![
            (
                meeting,
                "Mission locale".to_owned(),
                Some(Attendance::Represented)
            ),
            (
                meeting,
                "Compte ref@angers.fr".to_owned(),
                Some(Attendance::Absent)
            ),
        ]
    );
    assert!(is_not_found(
        store.committee_invitations(&f.vaulx_coordinator, id).await
    ));

    // Minutes: revisions kept; the members read the published one only.
    assert!(invalid(
        store
            .publish_minutes(&started, coordinator, meeting, 1)
            .await,
        "publish"
    ));
    assert_eq!(
        store
            .save_minutes(&started, coordinator, meeting, "Premier jet")
            .await
            .unwrap(),
        1
    );
    assert!(invalid(
        store
            .save_minutes(&started, coordinator, meeting, "Premier jet")
            .await,
        "body"
    ));
    assert!(matches!(
        store
            .save_minutes(&started, &referent, meeting, "Autre")
            .await,
        Err(StoreError::Forbidden)
    ));
    assert_eq!(store.minutes(&referent, meeting, None).await.unwrap(), None);
    store
        .publish_minutes(&started, coordinator, meeting, 1)
        .await
        .unwrap();
    assert!(invalid(
        store
            .publish_minutes(&started, coordinator, meeting, 1)
            .await,
        "publish"
    ));
    store
        .save_minutes(&started, coordinator, meeting, "Version relue")
        .await
        .unwrap();
    // Revision 2 came in while revision 1 was being read: not published unseen.
    assert!(invalid(
        store
            .publish_minutes(&started, coordinator, meeting, 1)
            .await,
        "publish"
    ));
    let read = |scope| store.minutes(scope, meeting, None);
    assert_eq!(read(&referent).await.unwrap().unwrap().body, "Premier jet");
    assert_eq!(
        read(coordinator).await.unwrap().unwrap().body,
        "Version relue"
    );
    assert_eq!(
        store.minutes(&referent, meeting, Some(2)).await.unwrap(),
        None
    );
    assert_eq!(
        store
            .minutes(coordinator, meeting, Some(1))
            .await
            .unwrap()
            .unwrap()
            .body,
        "Premier jet"
    );
    let history = store.minutes_history(coordinator, meeting).await.unwrap();
    assert_eq!(
        history.iter().map(|m| m.revision).collect::<Vec<_>>(),
        vec![2, 1]
    );
    assert!(is_not_found(
        store.minutes_history(&f.vaulx_coordinator, meeting).await
    ));
    assert!(is_not_found(
        store.minutes(&f.vaulx_coordinator, meeting, None).await
    ));
    let published = store.meeting(&referent, meeting).await.unwrap();
    assert_eq!(published.minutes_published_revision, Some(1));

    // A cancelled meeting takes no more records.
    store
        .cancel_meeting(&started, coordinator, other)
        .await
        .unwrap();
    assert!(invalid(
        store
            .save_minutes(&started, coordinator, other, "Texte")
            .await,
        "meeting"
    ));
}
