//! The case review: persons put on a commission's meeting by the
//! coordinator under a pseudonym; their name and the decisions about them
//! only for readers who may see their file, each such read in the file's
//! access log; decisions recorded once the meeting started, on the file.

use chrono::{Duration, NaiveDate, Utc};
use maillage_domain::accounts::Role;
use maillage_domain::governance::{CaseDecision, CommitteeKind};
use maillage_domain::ids::ParticipantId;

use super::case_file::{person, Followers};
use super::governance_records::{committee, is_refused, meeting};
use super::{is_not_found, member};
use crate::participants::Decision;
use crate::{Actor, Store, StoreError};

/// A person proposed by the Mission locale (`fx.lead`) and admitted.
async fn admitted(store: &dyn Store, fx: &Followers) -> ParticipantId {
    let actor = Actor::system(Utc::now());
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let (id, referral) = store
        .propose(&actor, &fx.lead, fx.cohort_id, &person(&[]), None, today)
        .await
        .unwrap();
    let accept = Decision::Accept { entry_date: today };
    store
        .decide_referral(&actor, &fx.f.angers_coordinator, referral, &accept, today)
        .await
        .unwrap();
    id
}

pub async fn case_reviews_show_names_only_to_those_who_see_the_file(store: &dyn Store) {
    let fx = Followers::new(store).await;
    let coordinator = &fx.f.angers_coordinator;
    let now = Utc::now();
    let actor = Actor::system(now);
    let amina = admitted(store, &fx).await;
    let other = admitted(store, &fx).await;
    let commission = store
        .create_committee(
            &actor,
            coordinator,
            &committee(
                CommitteeKind::CaseReview,
                "Commission de suivi des parcours",
            ),
        )
        .await
        .unwrap();
    let starts_at = now + Duration::days(2);
    let seance = meeting(store, coordinator, commission, starts_at).await;

    // Only the coordinator puts persons on it, each once, under the next number.
    let review = store
        .add_case_review(&actor, coordinator, seance, amina)
        .await
        .unwrap();
    let second = store
        .add_case_review(&actor, coordinator, seance, other)
        .await
        .unwrap();
    assert!(is_refused(
        store
            .add_case_review(&actor, coordinator, seance, amina)
            .await,
        "participant_id"
    ));
    assert!(matches!(
        store.add_case_review(&actor, &fx.lead, seance, amina).await,
        Err(StoreError::Forbidden)
    ));
    assert!(is_refused(
        store
            .add_case_review(&actor, coordinator, seance, ParticipantId::new(i64::MAX))
            .await,
        "participant_id"
    ));
    // Another Cité's coordinator does not reach the meeting.
    assert!(is_not_found(
        store
            .add_case_review(&actor, &fx.f.vaulx_coordinator, seance, amina)
            .await
    ));
    // A COTECH reviews no one.
    let cotech = store
        .create_committee(
            &actor,
            coordinator,
            &committee(CommitteeKind::Cotech, "COTECH"),
        )
        .await
        .unwrap();
    let cotech_meeting = meeting(store, coordinator, cotech, starts_at).await;
    assert!(is_refused(
        store
            .add_case_review(&actor, coordinator, cotech_meeting, amina)
            .await,
        "participant_id"
    ));

    // The coordinator and the lead partner read the name; the CIDFF (not
    // shared with) and a co-pilot read the pseudonym alone.
    let pilote = member(store, fx.f.angers, Role::Pilote, None, "pilote@angers.fr").await;
    for (scope, sees) in [
        (coordinator, true),
        (&fx.lead, true),
        (&fx.other, false),
        (&pilote, false),
    ] {
        let rows = store.case_reviews(&actor, scope, seance).await.unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].id, review);
        assert_eq!((rows[0].number, rows[0].pseudonym.as_str()), (1, "A.B.-01"));
        assert_eq!(rows[1].pseudonym, "A.B.-02");
        assert_eq!(rows[0].person.is_some(), sees, "{scope:?}");
        if let Some(person) = &rows[0].person {
            assert_eq!(
                (person.first_name.as_str(), person.participant_id),
                ("Amina", amina)
            );
        }
    }
    assert!(is_not_found(
        store
            .case_reviews(&actor, &fx.f.vaulx_coordinator, seance)
            .await
    ));

    // Decisions: from the meeting's start, by a reader of the file only.
    let decision = CaseDecision::parse("Orientation vers l'AVIP crèche").unwrap();
    assert!(is_refused(
        store
            .record_case_decision(&actor, &fx.lead, seance, review, &decision)
            .await,
        "decision"
    ));
    let during = Actor::system(starts_at + Duration::minutes(30));
    for scope in [&fx.other, &pilote, &fx.f.vaulx_coordinator] {
        assert!(is_not_found(
            store
                .record_case_decision(&during, scope, seance, review, &decision)
                .await
        ));
    }
    store
        .record_case_decision(&during, &fx.lead, seance, review, &decision)
        .await
        .unwrap();
    // Once started, the review stays; before, it could be taken off.
    assert!(is_refused(
        store
            .remove_case_review(&during, coordinator, seance, second)
            .await,
        "review"
    ));

    // The file lists the review with its decision; its access log shows who
    // read the name in the commission and who recorded the decision.
    let file = store.case_file(&actor, &fx.lead, amina).await.unwrap();
    assert_eq!(file.case_reviews.len(), 1);
    let on_file = &file.case_reviews[0];
    assert_eq!(
        (on_file.meeting_id, on_file.pseudonym.as_str()),
        (seance, "A.B.-01")
    );
    assert_eq!(on_file.decisions.len(), 1);
    assert_eq!(on_file.decisions[0].body, "Orientation vers l'AVIP crèche");
    let actions: Vec<&str> = file.accesses.iter().map(|a| a.action.as_str()).collect();
    for action in ["case_review.add", "case_review.read", "case_review.decide"] {
        assert!(actions.contains(&action), "{action} in {actions:?}");
    }
    // The other person's file has no decision, the decision stays with Amina.
    let rows = store
        .case_reviews(&actor, coordinator, seance)
        .await
        .unwrap();
    assert!(rows[1].person.as_ref().unwrap().decisions.is_empty());
}

pub async fn case_reviews_are_taken_off_before_the_meeting_only(store: &dyn Store) {
    let fx = Followers::new(store).await;
    let coordinator = &fx.f.angers_coordinator;
    let actor = Actor::system(Utc::now());
    let amina = admitted(store, &fx).await;
    let commission = store
        .create_committee(
            &actor,
            coordinator,
            &committee(CommitteeKind::CaseReview, "Commission"),
        )
        .await
        .unwrap();
    let starts_at = Utc::now() + Duration::days(1);
    let seance = meeting(store, coordinator, commission, starts_at).await;
    let review = store
        .add_case_review(&actor, coordinator, seance, amina)
        .await
        .unwrap();
    assert!(matches!(
        store
            .remove_case_review(&actor, &fx.lead, seance, review)
            .await,
        Err(StoreError::Forbidden)
    ));
    store
        .remove_case_review(&actor, coordinator, seance, review)
        .await
        .unwrap();
    assert!(is_not_found(
        store
            .remove_case_review(&actor, coordinator, seance, review)
            .await
    ));
    assert!(store
        .case_reviews(&actor, coordinator, seance)
        .await
        .unwrap()
        .is_empty());
    // Put back, the person takes the first number again.
    store
        .add_case_review(&actor, coordinator, seance, amina)
        .await
        .unwrap();
    // Once started, no one is added; once cancelled, nothing changes.
    let started = Actor::system(starts_at + Duration::minutes(1));
    let late = admitted(store, &fx).await;
    assert!(is_refused(
        store
            .add_case_review(&started, coordinator, seance, late)
            .await,
        "participant_id"
    ));
    store
        .cancel_meeting(&actor, coordinator, seance)
        .await
        .unwrap();
    assert!(is_refused(
        store
            .add_case_review(&actor, coordinator, seance, late)
            .await,
        "meeting"
    ));
    let rows = store
        .case_reviews(&actor, coordinator, seance)
        .await
        .unwrap();
    assert_eq!(rows[0].pseudonym, "A.B.-01");
}
