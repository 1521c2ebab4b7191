//! The instruction of a call: the grid frozen at its opening, reviewers
//! scoring independently (a reviewer reads the others' scores only once its
//! own is submitted), never their own partner's application; decisions
//! bounded by the amount asked, required of every application before the
//! call is decided, read by the porteur afterwards; the action an accepted
//! application becomes.

use chrono::{NaiveDate, Utc};
use maillage_domain::accounts::Role;
use maillage_domain::calls::decision::{Decision, Outcome};
use maillage_domain::calls::review::{Criterion, ReviewDraft};
use maillage_domain::calls::CallStatus;
use maillage_domain::ids::{ApplicationId, CallId};
use maillage_domain::Scope;

use super::calls::{application, deadline, is_refused, published_call};
use super::{is_not_found, member, Fixture};
use crate::{Actor, Store};

/// A call of Angers with two submitted applications, one of each partner,
/// closed, its two-criteria grid set, and its reviewers: a co-pilot and a
/// référent of the first applicant's partner.
struct Instruction {
    call: CallId,
    mine: ApplicationId,
    other: ApplicationId,
    first_porteur: Scope,
    pilote: Scope,
    referent: Scope,
}

fn grid() -> Vec<Criterion> {
    vec![
        Criterion {
            label: "Pertinence pour les habitants des QPV".into(),
            weight: 3,
            max_score: 5,
        },
        Criterion {
            label: "Solidité du budget".into(),
            weight: 1,
            max_score: 5,
        },
    ]
}

fn review(scores: &[i32], submit: bool) -> ReviewDraft {
    ReviewDraft {
        scores: scores.iter().map(|s| Some(*s)).collect(),
        comment: "Projet solide.".into(),
        submit,
    }
}

async fn instruction(store: &dyn Store, f: &Fixture) -> Instruction {
    let actor = Actor::system(Utc::now());
    let coordinator = &f.angers_coordinator;
    let call = published_call(store, coordinator, "AAP 2023").await;
    let first = f.partner(store, "Mobil'Emploi").await;
    let second = f.partner(store, "Femmes Actives").await;
    let first_porteur = member(store, f.angers, Role::Porteur, Some(first), "p@mobil.fr").await;
    let second_porteur = member(store, f.angers, Role::Porteur, Some(second), "p@femmes.fr").await;
    let mut ids = Vec::new();
    for (porteur, title) in [(&first_porteur, "Mobilité"), (&second_porteur, "Garde")] {
        let id = store
            .create_application(&actor, porteur, call, &application(title, vec![]))
            .await
            .unwrap();
        store
            .submit_application(&actor, porteur, id, deadline())
            .await
            .unwrap();
        ids.push(id);
    }
    store
        .set_call_status(&actor, coordinator, call, CallStatus::Closed)
        .await
        .unwrap();
    store
        .set_criteria(&actor, coordinator, call, &grid())
        .await
        .unwrap();
    let pilote = member(store, f.angers, Role::Pilote, None, "pilote@angers.fr").await;
    let referent = member(store, f.angers, Role::Referent, Some(first), "r@mobil.fr").await;
    for reviewer in [&pilote, &referent] {
        store
            .add_reviewer(&actor, coordinator, call, reviewer.user_id())
            .await
            .unwrap();
    }
    Instruction {
        call,
        mine: ids[0],
        other: ids[1],
        first_porteur,
        pilote,
        referent,
    }
}

pub async fn reviews_are_independent_and_never_of_ones_own_partner(store: &dyn Store) {
    let f = Fixture::new(store).await;
    let actor = Actor::system(Utc::now());
    let coordinator = &f.angers_coordinator;
    let i = instruction(store, &f).await;

    // A porteur is never a reviewer; scores wait for the instruction.
    assert!(is_refused(
        store
            .add_reviewer(&actor, coordinator, i.call, i.first_porteur.user_id())
            .await,
        "user_id"
    ));
    let early = store
        .save_review(&actor, &i.pilote, i.other, &review(&[4, 3], false))
        .await;
    let shown = format!("{early:?}");
    assert!(is_refused(early, "scores"), "{shown}");
    store
        .set_call_status(&actor, coordinator, i.call, CallStatus::Instruction)
        .await
        .unwrap();
    assert!(is_refused(
        store
            .set_criteria(&actor, coordinator, i.call, &grid())
            .await,
        "criteria"
    ));
    assert_eq!(store.criteria(&i.pilote, i.call).await.unwrap().len(), 2);

    // The référent does not review its own partner's application: not
    // offered, not readable, refused.
    let offered = store.call_applications(&i.referent, i.call).await.unwrap();
    assert_eq!(
        offered.iter().map(|a| a.id).collect::<Vec<_>>(),
        vec![i.other]
    );
    assert!(is_not_found(store.application(&i.referent, i.mine).await));
    assert!(is_refused(
        store
            .save_review(&actor, &i.referent, i.mine, &review(&[5, 5], true))
            .await,
        "scores"
    ));
    // Nor do a porteur, another Cité, or a member not named.
    let outsider = member(store, f.angers, Role::Referent, None, "x@angers.fr").await;
    for scope in [&i.first_porteur, &f.vaulx_coordinator, &outsider] {
        assert!(is_not_found(
            store
                .save_review(&actor, scope, i.other, &review(&[1, 1], true))
                .await
        ));
        assert!(is_not_found(store.reviews(scope, i.call).await));
    }

    // The référent drafts, the co-pilot submits: neither reads the other.
    store
        .save_review(&actor, &i.referent, i.other, &review(&[2, 2], false))
        .await
        .unwrap();
    store
        .save_review(&actor, &i.pilote, i.other, &review(&[5, 3], true))
        .await
        .unwrap();
    let names = |reviews: Vec<crate::reviews::ReviewRow>| {
        reviews
            .into_iter()
            .map(|r| (r.reviewer_id, r.submitted_at.is_some(), r.scores))
            .collect::<Vec<_>>()
    };
    let (pilote, referent) = (i.pilote.user_id(), i.referent.user_id());
    assert_eq!(
        names(store.reviews(&i.referent, i.call).await.unwrap()),
        vec![(referent, false, vec![Some(2), Some(2)])],
        "before submitting, a reviewer reads its own draft only"
    );
    assert_eq!(
        names(store.reviews(&i.pilote, i.call).await.unwrap()),
        vec![(pilote, true, vec![Some(5), Some(3)])],
        "the other's draft is never read"
    );
    assert_eq!(
        names(store.reviews(coordinator, i.call).await.unwrap()),
        vec![(pilote, true, vec![Some(5), Some(3)])],
        "the coordination reads submitted reviews only"
    );
    store
        .save_review(&actor, &i.referent, i.other, &review(&[3, 4], true))
        .await
        .unwrap();
    let after = names(store.reviews(&i.referent, i.call).await.unwrap());
    assert_eq!(
        after.len(),
        2,
        "once submitted, a reviewer reads the others"
    );
    assert!(after.contains(&(pilote, true, vec![Some(5), Some(3)])));
    assert!(is_refused(
        store
            .save_review(&actor, &i.referent, i.other, &review(&[1, 1], true))
            .await,
        "scores"
    ));
    // A draft that skips a criterion is kept as such.
    store
        .save_review(
            &actor,
            &i.pilote,
            i.mine,
            &ReviewDraft {
                scores: vec![Some(4), None],
                comment: String::new(),
                submit: false,
            },
        )
        .await
        .unwrap();
    let draft = store.reviews(&i.pilote, i.call).await.unwrap();
    assert!(draft
        .iter()
        .any(|r| r.application_id == i.mine && r.scores == vec![Some(4), None]));

    // Scores end with the instruction.
    for application in [i.mine, i.other] {
        store
            .record_decision(
                &actor,
                coordinator,
                application,
                &decision(Outcome::Postponed, None),
            )
            .await
            .unwrap();
    }
    store
        .set_call_status(&actor, coordinator, i.call, CallStatus::Decided)
        .await
        .unwrap();
    assert!(is_refused(
        store
            .save_review(&actor, &i.pilote, i.mine, &review(&[4, 4], true))
            .await,
        "scores"
    ));
}

fn decision(outcome: Outcome, amount_cents: Option<i64>) -> Decision {
    Decision {
        outcome,
        amount_cents,
        reason: match outcome {
            Outcome::Refused => "Hors du périmètre de l'appel".into(),
            _ => String::new(),
        },
        decided_on: NaiveDate::from_ymd_opt(2023, 11, 14).unwrap(),
        committee: "Comité de pilotage du 14/11/2023".into(),
    }
}

pub async fn decisions_are_bounded_required_and_become_actions(store: &dyn Store) {
    let f = Fixture::new(store).await;
    let actor = Actor::system(Utc::now());
    let coordinator = &f.angers_coordinator;
    let i = instruction(store, &f).await;
    // 28 000 € asked (`application`'s budget).
    let accepted = decision(Outcome::Accepted, Some(2_500_000));

    assert!(is_refused(
        store
            .record_decision(&actor, coordinator, i.mine, &accepted)
            .await,
        "outcome"
    ));
    store
        .set_call_status(&actor, coordinator, i.call, CallStatus::Instruction)
        .await
        .unwrap();
    assert!(is_refused(
        store
            .withdraw_application(&actor, &i.first_porteur, i.mine)
            .await,
        "status"
    ));
    assert!(is_refused(
        store
            .record_decision(
                &actor,
                coordinator,
                i.mine,
                &decision(Outcome::Accepted, Some(2_800_001))
            )
            .await,
        "amount"
    ));
    for scope in [&i.first_porteur, &i.referent, &f.vaulx_coordinator] {
        assert!(is_not_found(
            store
                .record_decision(&actor, scope, i.mine, &accepted)
                .await
        ));
    }
    // The co-pilot decides.
    store
        .record_decision(&actor, &i.pilote, i.mine, &accepted)
        .await
        .unwrap();
    assert!(is_refused(
        store
            .set_call_status(&actor, coordinator, i.call, CallStatus::Decided)
            .await,
        "status"
    ));
    assert_eq!(
        store.decision(&i.first_porteur, i.mine).await.unwrap(),
        None,
        "the porteur waits for the call to be decided"
    );
    assert!(store
        .my_decisions(&i.first_porteur)
        .await
        .unwrap()
        .is_empty());
    store
        .record_decision(
            &actor,
            coordinator,
            i.other,
            &decision(Outcome::Refused, None),
        )
        .await
        .unwrap();
    store
        .set_call_status(&actor, coordinator, i.call, CallStatus::Decided)
        .await
        .unwrap();
    let read = store
        .decision(&i.first_porteur, i.mine)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (read.outcome, read.amount_cents, read.committee.as_str()),
        (
            Outcome::Accepted,
            Some(2_500_000),
            "Comité de pilotage du 14/11/2023"
        )
    );
    assert_eq!(store.my_decisions(&i.first_porteur).await.unwrap().len(), 1);
    assert!(is_not_found(
        store.decision(&i.first_porteur, i.other).await
    ));
    assert_eq!(store.decisions(&i.pilote, i.call).await.unwrap().len(), 2);

    // The accepted application becomes an action of the Cité, once.
    assert!(matches!(
        store
            .create_action_from_application(&actor, &i.pilote, i.mine)
            .await,
        Err(crate::StoreError::Forbidden)
    ));
    assert!(is_refused(
        store
            .create_action_from_application(&actor, coordinator, i.other)
            .await,
        "action_id"
    ));
    let action_id = store
        .create_action_from_application(&actor, coordinator, i.mine)
        .await
        .unwrap();
    let action = store.action(coordinator, action_id).await.unwrap();
    assert_eq!(
        (
            action.title.as_str(),
            action.carrier_partner_name.as_deref(),
            action.capacity,
            action.planned_budget_cents
        ),
        ("Mobilité", Some("Mobil'Emploi"), Some(40), Some(2_500_000))
    );
    assert_eq!(
        store
            .decision(coordinator, i.mine)
            .await
            .unwrap()
            .and_then(|d| d.action_id),
        Some(action_id)
    );
    assert!(is_refused(
        store
            .link_action(&actor, coordinator, i.mine, action_id)
            .await,
        "action_id"
    ));

    // Decisions change until the agreements, then they are final.
    store
        .set_call_status(&actor, coordinator, i.call, CallStatus::Agreements)
        .await
        .unwrap();
    assert!(is_refused(
        store
            .record_decision(&actor, coordinator, i.other, &accepted)
            .await,
        "outcome"
    ));
}
