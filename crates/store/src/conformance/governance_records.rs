//! What meetings record: decisions numbered per Cité, year (the Paris year
//! of the meeting) and kind of committee, tied only to what the Cité owns,
//! an application's funding decision then pointing to its number; follow-up
//! items carried by an account or a partner of the Cité, closed once, by the
//! coordinator or their owner only.

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use maillage_domain::accounts::Role;
use maillage_domain::calls::decision::Outcome;
use maillage_domain::governance::follow_ups::{is_late, Closing, FollowUpDraft};
use maillage_domain::governance::{
    CommitteeDraft, CommitteeKind, DecisionSubject, FollowUpStatus, MeetingDraft, Rhythm, Schedule,
};
use maillage_domain::ids::{CommitteeId, MeetingId};
use maillage_domain::Scope;

use super::actions::action_input;
use super::agreements::decided;
use super::{is_not_found, member, Fixture};
use crate::governance::NewMember;
use crate::{Actor, Store, StoreError};

pub(super) fn committee(kind: CommitteeKind, name: &str) -> CommitteeDraft {
    CommitteeDraft {
        kind,
        name: name.into(),
        place: String::new(),
        schedule: Schedule {
            rhythm: Rhythm::None,
            start_time: NaiveTime::from_hms_opt(14, 0, 0).unwrap(),
            duration_minutes: 120,
            anchor: NaiveDate::from_ymd_opt(2026, 1, 5).unwrap(),
        },
    }
}

pub(super) async fn meeting(
    store: &dyn Store,
    coordinator: &Scope,
    committee: CommitteeId,
    starts_at: DateTime<Utc>,
) -> MeetingId {
    let draft = MeetingDraft {
        starts_at,
        ends_at: starts_at + Duration::hours(2),
        place: String::new(),
        video_url: String::new(),
    };
    store
        .add_meeting(&Actor::system(Utc::now()), coordinator, committee, &draft)
        .await
        .unwrap()
}

pub(super) fn is_refused<T: std::fmt::Debug>(result: Result<T, StoreError>, on: &str) -> bool {
    matches!(result, Err(StoreError::Invalid { field, .. }) if field == on)
}

pub async fn committee_decisions_are_numbered_per_cite_kind_and_year(store: &dyn Store) {
    let f = Fixture::new(store).await;
    let actor = Actor::system(Utc::now());
    let coordinator = &f.angers_coordinator;
    let copil = store
        .create_committee(
            &actor,
            coordinator,
            &committee(CommitteeKind::Copil, "COPIL"),
        )
        .await
        .unwrap();
    let cotech = store
        .create_committee(
            &actor,
            coordinator,
            &committee(CommitteeKind::Cotech, "COTECH"),
        )
        .await
        .unwrap();
    let march = meeting(
        store,
        coordinator,
        copil,
        Utc.with_ymd_and_hms(2026, 3, 10, 13, 0, 0).unwrap(),
    )
    .await;
    // 31 December 23:30 UTC is already 2027 in Paris.
    let new_year = meeting(
        store,
        coordinator,
        copil,
        Utc.with_ymd_and_hms(2026, 12, 31, 23, 30, 0).unwrap(),
    )
    .await;
    let technical = meeting(
        store,
        coordinator,
        cotech,
        Utc.with_ymd_and_hms(2026, 3, 12, 13, 0, 0).unwrap(),
    )
    .await;
    let record = |meeting, text: &'static str| {
        store.record_committee_decision(&actor, coordinator, meeting, text, DecisionSubject::None)
    };
    let numbers = [
        record(march, "Feuille de route adoptée.").await.unwrap().1,
        record(march, "Calendrier adopté.").await.unwrap().1,
        record(technical, "Grille d'instruction validée.")
            .await
            .unwrap()
            .1,
        record(new_year, "Bilan de l'année présenté.")
            .await
            .unwrap()
            .1,
    ];
    let shown: Vec<String> = numbers.iter().map(ToString::to_string).collect();
    assert_eq!(
        shown,
        [
            "2026-COPIL-01",
            "2026-COPIL-02",
            "2026-COTECH-01",
            "2027-COPIL-01"
        ]
    );

    // Read by the Cité's référents, by number; written by its coordinators.
    let referent = member(store, f.angers, Role::Referent, None, "ref@angers.fr").await;
    let listed = store.meeting_decisions(&referent, march).await.unwrap();
    assert_eq!(
        listed
            .iter()
            .map(|d| d.number().to_string())
            .collect::<Vec<_>>(),
        ["2026-COPIL-01", "2026-COPIL-02"]
    );
    assert_eq!(listed[1].text, "Calendrier adopté.");
    assert_eq!(listed[1].subject(), DecisionSubject::None);
    assert_eq!(
        store
            .cite_decisions(&referent, Some(2027))
            .await
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        store.cite_decisions(&referent, None).await.unwrap().len(),
        4
    );
    assert_eq!(store.decision_years(&referent).await.unwrap(), [2027, 2026]);
    assert!(matches!(
        store
            .record_committee_decision(&actor, &referent, march, "Refusé.", DecisionSubject::None)
            .await,
        Err(StoreError::Forbidden)
    ));
    // Another Cité sees none of it and writes nothing on it.
    let vaulx = &f.vaulx_coordinator;
    assert!(is_not_found(store.meeting_decisions(vaulx, march).await));
    assert!(store.cite_decisions(vaulx, None).await.unwrap().is_empty());
    assert!(is_not_found(
        store
            .record_committee_decision(&actor, vaulx, march, "Décision.", DecisionSubject::None)
            .await
    ));

    // A subject is the Cité's own: Vaulx's action is refused.
    let draft = action_input("Atelier CV", "", "request_date")
        .validate(super::today())
        .unwrap();
    let theirs = store.create_action(&actor, vaulx, &draft).await.unwrap();
    let ours = store
        .create_action(&actor, coordinator, &draft)
        .await
        .unwrap();
    assert!(is_refused(
        store
            .record_committee_decision(
                &actor,
                coordinator,
                march,
                "Arrêt de l'atelier.",
                DecisionSubject::ActionStopped(theirs.get())
            )
            .await,
        "subject"
    ));
    assert!(is_refused(
        store
            .record_committee_decision(
                &actor,
                coordinator,
                march,
                "Report accordé.",
                DecisionSubject::CarryOver(ours.get())
            )
            .await,
        "subject"
    ));
    let (_, number) = store
        .record_committee_decision(
            &actor,
            coordinator,
            march,
            "Création de l'atelier.",
            DecisionSubject::ActionCreated(ours.get()),
        )
        .await
        .unwrap();
    assert_eq!(number.to_string(), "2026-COPIL-03");
    // Decisions taken at once never share a rank; each year has its own.
    let (first, second) = futures::join!(
        record(march, "Décision prise en même temps."),
        record(new_year, "Autre décision en même temps.")
    );
    assert_eq!((first.unwrap().1.rank, second.unwrap().1.rank), (4, 2));
    let (third, fourth) = futures::join!(
        record(march, "Troisième décision simultanée."),
        record(march, "Quatrième décision simultanée.")
    );
    let mut ranks = [third.unwrap().1.rank, fourth.unwrap().1.rank];
    ranks.sort_unstable();
    assert_eq!(ranks, [5, 6]);
    let listed = store.meeting_decisions(coordinator, march).await.unwrap();
    assert_eq!(
        listed[2].subject(),
        DecisionSubject::ActionCreated(ours.get())
    );
    assert_eq!(listed[2].subject_title.as_deref(), Some("Atelier CV"));

    // An application decided: its funding decision points to the number.
    let application = decided(store, &f, Outcome::Accepted).await.application;
    let (_, number) = store
        .record_committee_decision(
            &actor,
            coordinator,
            technical,
            "Candidature retenue pour 20 000 €.",
            DecisionSubject::Application(application.get()),
        )
        .await
        .unwrap();
    let funding = store
        .decision(coordinator, application)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(funding.committee_decision(), Some((technical, number)));
    assert_eq!(number.to_string(), "2026-COTECH-02");

    // A cancelled meeting takes no decision.
    store
        .cancel_meeting(&actor, coordinator, technical)
        .await
        .unwrap();
    assert!(is_refused(
        store
            .record_committee_decision(
                &actor,
                coordinator,
                technical,
                "Trop tard.",
                DecisionSubject::None
            )
            .await,
        "meeting"
    ));
}

pub async fn follow_up_items_are_closed_by_their_owner_or_the_coordinator(store: &dyn Store) {
    let f = Fixture::new(store).await;
    let actor = Actor::system(Utc::now());
    let coordinator = &f.angers_coordinator;
    let copil = store
        .create_committee(
            &actor,
            coordinator,
            &committee(CommitteeKind::Copil, "COPIL"),
        )
        .await
        .unwrap();
    let held = meeting(
        store,
        coordinator,
        copil,
        Utc.with_ymd_and_hms(2026, 3, 10, 13, 0, 0).unwrap(),
    )
    .await;
    let partner = f.partner(store, "Mission locale").await;
    let other = f.partner(store, "CIDFF").await;
    let porteur = member(store, f.angers, Role::Porteur, Some(partner), "p@ml.fr").await;
    let stranger = member(store, f.angers, Role::Porteur, Some(other), "p@cidff.fr").await;
    let referent = member(store, f.angers, Role::Referent, None, "ref@angers.fr").await;
    let pilote = member(store, f.angers, Role::Pilote, None, "pilote@angers.fr").await;
    let due = NaiveDate::from_ymd_opt(2026, 4, 30).unwrap();
    let item = |title: &str, due_on| FollowUpDraft {
        title: title.into(),
        due_on,
    };
    let theirs = store
        .add_follow_up_item(
            &actor,
            coordinator,
            held,
            &item("Envoyer le bilan", Some(due)),
            NewMember::Partner(partner),
        )
        .await
        .unwrap();
    let mine = store
        .add_follow_up_item(
            &actor,
            coordinator,
            held,
            &item("Relancer la DDETS", None),
            NewMember::Account(referent.user_id()),
        )
        .await
        .unwrap();
    let vaulx_partner = Fixture::partner_of(store, &f.vaulx_coordinator, "Vaulx Emploi").await;
    assert!(is_refused(
        store
            .add_follow_up_item(
                &actor,
                coordinator,
                held,
                &item("Autre", None),
                NewMember::Partner(vaulx_partner)
            )
            .await,
        "owner"
    ));
    assert!(is_not_found(
        store
            .add_follow_up_item(
                &actor,
                &f.vaulx_coordinator,
                held,
                &item("Autre", None),
                NewMember::Partner(vaulx_partner)
            )
            .await
    ));
    assert!(matches!(
        store
            .add_follow_up_item(
                &actor,
                &referent,
                held,
                &item("Autre", None),
                NewMember::Partner(partner)
            )
            .await,
        Err(StoreError::Forbidden)
    ));

    // Each owner finds its open items; the due date reads back for the flag.
    let open = store.my_follow_ups(&porteur).await.unwrap();
    assert_eq!(open.iter().map(|i| i.id).collect::<Vec<_>>(), [theirs]);
    assert_eq!(open[0].owner_name, "Mission locale");
    assert_eq!(open[0].due_on, Some(due));
    assert!(is_late(
        open[0].status,
        open[0].due_on,
        due + Duration::days(1)
    ));
    assert!(!is_late(open[0].status, open[0].due_on, due));
    let ids: Vec<_> = store
        .my_follow_ups(&referent)
        .await
        .unwrap()
        .iter()
        .map(|i| i.id)
        .collect();
    assert_eq!(ids, [mine]);
    assert!(store.my_follow_ups(&stranger).await.unwrap().is_empty());
    assert!(store.follow_up_item(&porteur, theirs).await.is_ok());
    assert!(is_not_found(store.follow_up_item(&porteur, mine).await));
    assert!(is_not_found(store.meeting_follow_ups(&porteur, held).await));
    assert!(is_not_found(
        store.follow_up_item(&f.vaulx_coordinator, theirs).await
    ));

    // Closed by its owner only (or the coordinator), once, with a note.
    let done = Closing::new(FollowUpStatus::Done, "Bilan envoyé le 28/04.").unwrap();
    assert!(is_not_found(
        store
            .close_follow_up_item(&actor, &stranger, theirs, &done)
            .await
    ));
    assert!(matches!(
        store
            .close_follow_up_item(&actor, &pilote, theirs, &done)
            .await,
        Err(StoreError::Forbidden)
    ));
    assert!(is_not_found(
        store
            .close_follow_up_item(&actor, &f.vaulx_coordinator, theirs, &done)
            .await
    ));
    store
        .close_follow_up_item(&actor, &porteur, theirs, &done)
        .await
        .unwrap();
    assert!(is_refused(
        store
            .close_follow_up_item(&actor, &porteur, theirs, &done)
            .await,
        "status"
    ));
    assert!(store.my_follow_ups(&porteur).await.unwrap().is_empty());
    let dropped = Closing::new(FollowUpStatus::Cancelled, "Sans objet.").unwrap();
    store
        .close_follow_up_item(&actor, coordinator, mine, &dropped)
        .await
        .unwrap();

    let listed = store.meeting_follow_ups(&referent, held).await.unwrap();
    assert_eq!(listed.len(), 2);
    let closed = listed.iter().find(|i| i.id == theirs).unwrap();
    assert_eq!(closed.status, FollowUpStatus::Done);
    assert_eq!(closed.closing_note, "Bilan envoyé le 28/04.");
    assert!(!is_late(
        closed.status,
        closed.due_on,
        due + Duration::days(1)
    ));
    assert_eq!(store.cite_follow_ups(&pilote).await.unwrap().len(), 2);
    assert!(store
        .cite_follow_ups(&f.vaulx_coordinator)
        .await
        .unwrap()
        .is_empty());
}
