//! Cohorts and referrals (*adressages*): référents propose persons into a
//! cohort, its Cité's coordinators decide, within the intake dates.

use maillage_domain::participants::cohorts::ReferralStatus;
use maillage_domain::participants::person::ParticipantStatus;

use super::{person, Followers};
use crate::conformance::{cohort_input, is_not_found};
use crate::participants::Decision;
use crate::{Actor, Store, StoreError};

pub async fn cohorts_are_created_by_coordinators_under_unique_names(store: &dyn Store) {
    let fx = Followers::new(store).await;
    let actor = Actor::system(chrono::Utc::now());
    let cohort = cohort_input(2026);
    let duplicate = store
        .create_cohort(
            &actor,
            &fx.f.angers_coordinator,
            &cohort.validate(crate::conformance::today()).unwrap(),
        )
        .await;
    assert!(
        matches!(duplicate, Err(StoreError::Conflict { field: "name", .. })),
        "{duplicate:?}"
    );
    assert!(matches!(
        store
            .create_cohort(
                &actor,
                &fx.lead,
                &cohort.validate(crate::conformance::today()).unwrap()
            )
            .await,
        Err(StoreError::Forbidden)
    ));
}

pub async fn referrals_are_proposed_by_referents_and_decided_by_coordinators(store: &dyn Store) {
    let fx = Followers::new(store).await;
    let (f, lead, other, partners, cohort_id) =
        (&fx.f, &fx.lead, &fx.other, &fx.partners, fx.cohort_id);
    let actor = Actor::system(chrono::Utc::now());
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let draft = person(&[partners[1]]);
    let by_coordinator = store
        .propose(
            &actor,
            &f.angers_coordinator,
            cohort_id,
            &draft,
            None,
            today,
        )
        .await;
    assert!(
        matches!(by_coordinator, Err(StoreError::Forbidden)),
        "référents propose, from their partner"
    );
    let (id, referral) = store
        .propose(
            &actor,
            lead,
            cohort_id,
            &draft,
            Some("Garde d'enfants"),
            today,
        )
        .await
        .unwrap();
    assert!(store.referrals(other).await.unwrap().is_empty());
    assert_eq!(store.referrals(lead).await.unwrap().len(), 1);
    assert_eq!(
        store.referrals(&f.angers_coordinator).await.unwrap()[0].status,
        ReferralStatus::Proposed
    );

    let outside = Decision::Accept {
        entry_date: chrono::NaiveDate::from_ymd_opt(2025, 12, 1).unwrap(),
    };
    let refused = store
        .decide_referral(&actor, &f.angers_coordinator, referral, &outside, today)
        .await;
    assert!(
        matches!(
            refused,
            Err(StoreError::Invalid {
                field: "entry_date",
                ..
            })
        ),
        "{refused:?}"
    );
    assert!(is_not_found(
        store
            .decide_referral(&actor, &f.vaulx_coordinator, referral, &outside, today)
            .await
    ));
    let accept = Decision::Accept { entry_date: today };
    store
        .decide_referral(&actor, &f.angers_coordinator, referral, &accept, today)
        .await
        .unwrap();
    let again = store
        .decide_referral(&actor, &f.angers_coordinator, referral, &accept, today)
        .await;
    assert!(matches!(again, Err(StoreError::Invalid { .. })));
    assert_eq!(store.cohorts(lead).await.unwrap()[0].members, 1);
    assert_eq!(
        store.participant(&actor, lead, id).await.unwrap().status,
        ParticipantStatus::Active
    );

    // A refused proposal needs no entry date; expired ones cannot be decided.
    let (_, second) = store
        .propose(&actor, lead, cohort_id, &person(&[]), None, today)
        .await
        .unwrap();
    let late = today + chrono::Duration::days(31);
    let expired = store
        .decide_referral(
            &actor,
            &f.angers_coordinator,
            second,
            &Decision::Refuse { reason: "x".into() },
            late,
        )
        .await;
    assert!(matches!(expired, Err(StoreError::Invalid { .. })));
    store
        .decide_referral(
            &actor,
            &f.angers_coordinator,
            second,
            &Decision::Refuse {
                reason: "Hors territoire".into(),
            },
            today,
        )
        .await
        .unwrap();
    let refused = store
        .referrals(lead)
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.id == second)
        .unwrap();
    assert_eq!(
        (refused.status, refused.refusal_reason.as_deref()),
        (ReferralStatus::Refused, Some("Hors territoire"))
    );
    store
        .close_cohort_intake(&actor, &f.angers_coordinator, cohort_id)
        .await
        .unwrap();
    let closed = store
        .propose(&actor, lead, cohort_id, &person(&[]), None, today)
        .await;
    assert!(matches!(
        closed,
        Err(StoreError::Invalid {
            field: "cohort_id",
            ..
        })
    ));
}
