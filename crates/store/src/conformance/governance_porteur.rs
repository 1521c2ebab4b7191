//! A porteur's governance: the committees where its partner or its own
//! account sits, their meetings, minutes once published and its calendar
//! feed; any other committee or meeting is `NotFound` like one that does
//! not exist. It answers its invitations and writes nothing else; what
//! spans the whole Cité stays closed.

use chrono::{Duration, TimeZone, Utc};
use maillage_domain::accounts::Role;
use maillage_domain::governance::{Attendance, DecisionSubject, MemberRole, Reply};
use maillage_domain::ids::{CommitteeId, MeetingId};
use maillage_domain::Scope;

use super::{is_not_found, member, Fixture};
use crate::governance::NewMember;
use crate::{Actor, Store, StoreError};

/// A committee with `members`, and one meeting of it on 9 March 2027.
async fn committee_with_meeting(
    store: &dyn Store,
    actor: &Actor,
    coordinator: &Scope,
    name: &str,
    members: &[NewMember],
) -> (CommitteeId, MeetingId) {
    let id = store
        .create_committee(actor, coordinator, &super::governance::cotech(name))
        .await
        .unwrap();
    for who in members {
        store
            .add_committee_member(actor, coordinator, id, *who, MemberRole::Member)
            .await
            .unwrap();
    }
    let starts_at = Utc.with_ymd_and_hms(2027, 3, 9, 13, 0, 0).unwrap();
    let meeting = super::governance_records::meeting(store, coordinator, id, starts_at).await;
    store
        .invite_members(actor, coordinator, meeting)
        .await
        .unwrap();
    (id, meeting)
}

fn forbidden<T>(result: Result<T, StoreError>) -> bool {
    matches!(result, Err(StoreError::Forbidden))
}

pub async fn a_porteur_reads_and_answers_only_its_partner_s_committees(store: &dyn Store) {
    let f = Fixture::new(store).await;
    let coordinator = &f.angers_coordinator;
    let actor = Actor::system(Utc.with_ymd_and_hms(2027, 3, 1, 9, 0, 0).unwrap());
    let ml = f.partner(store, "Mission locale").await;
    let cidff = f.partner(store, "CIDFF").await;
    let porteur = member(store, f.angers, Role::Porteur, Some(ml), "p@ml.fr").await;
    let itself = member(store, f.angers, Role::Porteur, Some(cidff), "p@cidff.fr").await;
    let stranger = member(
        store,
        f.angers,
        Role::Porteur,
        Some(cidff),
        "autre@cidff.fr",
    )
    .await;
    let referent = member(store, f.angers, Role::Referent, None, "ref@angers.fr").await;
    let (suivi, ours) = committee_with_meeting(
        store,
        &actor,
        coordinator,
        "Comité de suivi",
        &[NewMember::Partner(ml), NewMember::Account(itself.user_id())],
    )
    .await;
    let (cotech, theirs) = committee_with_meeting(
        store,
        &actor,
        coordinator,
        "COTECH",
        &[NewMember::Account(referent.user_id())],
    )
    .await;
    let now = actor.at;

    // Through its partner or its own account: that committee, not the other.
    for reader in [&porteur, &itself] {
        let names: Vec<_> = store
            .committees(reader, now)
            .await
            .unwrap()
            .into_iter()
            .map(|c| c.id)
            .collect();
        assert_eq!(names, [suivi]);
        assert_eq!(
            store.committee(reader, suivi, now).await.unwrap().members,
            2
        );
        assert_eq!(
            store.committee_members(reader, suivi).await.unwrap().len(),
            2
        );
        let meetings = store.committee_meetings(reader, suivi).await.unwrap();
        assert_eq!(meetings.iter().map(|m| m.id).collect::<Vec<_>>(), [ours]);
        let upcoming = store.upcoming_meetings(reader, now, 10).await.unwrap();
        assert_eq!(upcoming.iter().map(|m| m.id).collect::<Vec<_>>(), [ours]);
        assert_eq!(
            store.meeting(reader, ours).await.unwrap().committee_id,
            suivi
        );
        assert_eq!(store.invitations(reader, ours).await.unwrap().len(), 2);
        assert!(store
            .meeting_decisions(reader, ours)
            .await
            .unwrap()
            .is_empty());
        assert!(store
            .meeting_follow_ups(reader, ours)
            .await
            .unwrap()
            .is_empty());
        assert!(store.committee_invitations(reader, suivi).await.is_ok());

        // The other committee answers as one that does not exist.
        for missing in [cotech, CommitteeId::new(999_999)] {
            assert!(is_not_found(store.committee(reader, missing, now).await));
            assert!(is_not_found(store.committee_members(reader, missing).await));
            assert!(is_not_found(
                store.committee_meetings(reader, missing).await
            ));
            assert!(is_not_found(
                store.committee_invitations(reader, missing).await
            ));
        }
        for missing in [theirs, MeetingId::new(999_999)] {
            assert!(is_not_found(store.meeting(reader, missing).await));
            assert!(is_not_found(store.invitations(reader, missing).await));
            assert!(is_not_found(store.minutes(reader, missing, None).await));
            assert!(is_not_found(store.meeting_decisions(reader, missing).await));
            assert!(is_not_found(
                store.meeting_follow_ups(reader, missing).await
            ));
            assert!(is_not_found(
                store
                    .reply_to_invitation(&actor, reader, missing, &Reply::Coming)
                    .await
            ));
        }

        // What spans the whole Cité stays closed.
        assert!(is_not_found(store.cite_decisions(reader, None).await));
        assert!(is_not_found(store.decision_years(reader).await));
        assert!(is_not_found(store.cite_follow_ups(reader).await));
        assert!(is_not_found(
            store
                .partner_attendance(reader, now - Duration::days(365), now)
                .await
        ));
    }
    // A porteur whose partner and account sit nowhere finds nothing.
    assert!(store.committees(&stranger, now).await.unwrap().is_empty());
    assert!(store
        .upcoming_meetings(&stranger, now, 10)
        .await
        .unwrap()
        .is_empty());
    assert!(is_not_found(store.meeting(&stranger, ours).await));
    assert!(is_not_found(
        store
            .reply_to_invitation(&actor, &stranger, ours, &Reply::Coming)
            .await
    ));
    // The Cité's other readers still read every committee.
    assert_eq!(store.committees(&referent, now).await.unwrap().len(), 2);

    // Each answers its own invitation: the partner's, the account's.
    let represented = Reply::Represented {
        representative: "Mme Martin".into(),
    };
    store
        .reply_to_invitation(&actor, &porteur, ours, &represented)
        .await
        .unwrap();
    store
        .reply_to_invitation(&actor, &itself, ours, &Reply::Excused)
        .await
        .unwrap();
    let replies: Vec<_> = store
        .invitations(coordinator, ours)
        .await
        .unwrap()
        .into_iter()
        .map(|i| (i.name.clone(), i.reply()))
        .collect();
    assert_eq!(
        replies,
        [
            ("Compte p@cidff.fr".to_owned(), Some(Reply::Excused)),
            ("Mission locale".to_owned(), Some(represented)),
        ]
    );

    // Writes stay the coordinator's.
    let invitations = store.invitations(&porteur, ours).await.unwrap();
    let sheet: Vec<_> = invitations
        .iter()
        .map(|i| (i.id, Attendance::Present))
        .collect();
    assert!(forbidden(
        store
            .record_attendance(&actor, &porteur, ours, &sheet)
            .await
    ));
    assert!(forbidden(
        store.save_minutes(&actor, &porteur, ours, "Texte").await
    ));
    assert!(forbidden(store.minutes_history(&porteur, ours).await));
    assert!(forbidden(
        store
            .record_committee_decision(&actor, &porteur, ours, "Accord", DecisionSubject::None)
            .await
    ));
    assert!(forbidden(
        store.invite_members(&actor, &porteur, ours).await
    ));
    assert!(forbidden(
        store.cancel_meeting(&actor, &porteur, ours).await
    ));

    // The minutes once published, and only the published revision.
    let first = store
        .save_minutes(&actor, coordinator, ours, "Relevé des échanges.")
        .await
        .unwrap();
    assert_eq!(store.minutes(&porteur, ours, None).await.unwrap(), None);
    store
        .publish_minutes(&actor, coordinator, ours, first)
        .await
        .unwrap();
    store
        .save_minutes(&actor, coordinator, ours, "Brouillon suivant.")
        .await
        .unwrap();
    let read = store.minutes(&porteur, ours, None).await.unwrap().unwrap();
    assert_eq!(
        (read.revision, read.body.as_str()),
        (first, "Relevé des échanges.")
    );

    // Its calendar feed carries its committee's meeting alone.
    store
        .create_calendar_feed(&actor, &porteur, "hash-du-porteur")
        .await
        .unwrap();
    let feed = store
        .calendar_feed("hash-du-porteur", now - Duration::days(365))
        .await
        .unwrap();
    assert_eq!(
        feed.meetings.iter().map(|m| m.id).collect::<Vec<_>>(),
        [ours]
    );
    store
        .create_calendar_feed(&actor, coordinator, "hash-du-coordinateur")
        .await
        .unwrap();
    let all = store
        .calendar_feed("hash-du-coordinateur", now - Duration::days(365))
        .await
        .unwrap();
    let mut ids: Vec<_> = all.meetings.iter().map(|m| m.id).collect();
    ids.sort();
    let mut both = vec![ours, theirs];
    both.sort();
    assert_eq!(ids, both);
}
