//! The case file: who sees a person, and what the file records.

use maillage_domain::accounts::Role;
use maillage_domain::Scope;

use super::{cohort_input, is_not_found, Fixture};
use crate::{Actor, Store, StoreError};

pub(crate) fn person(
    consent_partners: &[i64],
) -> maillage_domain::participants::person::ParticipantDraft {
    use maillage_domain::participants::person::ParticipantInput;
    let input = ParticipantInput {
        first_name: "Amina".into(),
        last_name: "Belkacem".into(),
        birth_date: "1991-04-12".into(),
        sex: "f".into(),
        residence: "hors-qpv".into(),
        employment_status: "chomeur".into(),
        education: "isced_3_4".into(),
        rsa: "oui".into(),
        single_parent: "oui".into(),
        rqth: "nsp".into(),
        consent_date: "2026-01-05".into(),
        consent_method: "ecrit".into(),
        consent_partners: consent_partners.iter().map(|id| id.to_string()).collect(),
        ..ParticipantInput::default()
    };
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    input.validate(&[], consent_partners, today).unwrap()
}

pub async fn case_files_are_seen_only_by_those_who_follow_them(store: &dyn Store) {
    use crate::participants::Decision;
    let f = Fixture::new(store).await;
    let actor = Actor::system();
    let mut partners = Vec::new();
    let mut referents = Vec::new();
    for (i, name) in ["Mission locale", "CIDFF", "CAF"].into_iter().enumerate() {
        let partner = f.partner(store, name).await;
        partners.push(partner);
        referents.push(
            f.referent(store, partner, &format!("ref{i}@angers.fr"))
                .await,
        );
    }
    let (lead, other, uncovered) = (
        referents[0].clone(),
        referents[1].clone(),
        referents[2].clone(),
    );
    let cohort = cohort_input(2026);
    let cohort_id = store
        .create_cohort(&actor, &f.angers_coordinator, &cohort.validate().unwrap())
        .await
        .unwrap();
    let duplicate = store
        .create_cohort(&actor, &f.angers_coordinator, &cohort.validate().unwrap())
        .await;
    assert!(
        matches!(duplicate, Err(StoreError::Conflict { field: "name", .. })),
        "{duplicate:?}"
    );
    assert!(matches!(
        store
            .create_cohort(&actor, &lead, &cohort.validate().unwrap())
            .await,
        Err(StoreError::Forbidden)
    ));

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
            &lead,
            cohort_id,
            &draft,
            Some("Garde d'enfants"),
            today,
        )
        .await
        .unwrap();
    assert!(store.referrals(&other).await.unwrap().is_empty());
    assert_eq!(store.referrals(&lead).await.unwrap().len(), 1);
    assert_eq!(
        store.referrals(&f.angers_coordinator).await.unwrap()[0].status,
        "proposed"
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
    assert_eq!(store.cohorts(&lead).await.unwrap()[0].members, 1);

    assert_eq!(
        store.participant(&actor, &lead, id).await.unwrap().status,
        "active"
    );
    assert_eq!(
        store
            .participant(&actor, &f.angers_coordinator, id)
            .await
            .unwrap()
            .first_name,
        "Amina"
    );
    let national = Scope::National { user_id: 1 };
    let pilote = Scope::Cite {
        user_id: 2,
        cite_id: f.angers,
        role: Role::Pilote,
        partner_id: None,
    };
    let porteur = Scope::Cite {
        user_id: 3,
        cite_id: f.angers,
        role: Role::Porteur,
        partner_id: Some(partners[0]),
    };
    for scope in [
        &other,
        &uncovered,
        &f.vaulx_coordinator,
        &national,
        &pilote,
        &porteur,
    ] {
        assert!(
            is_not_found(store.participant(&actor, scope, id).await),
            "{scope:?}"
        );
    }
    assert!(is_not_found(
        store.participant(&actor, &lead, id + 1000).await
    ));

    // Sharing needs the consent to cover the partner; only the lead or a coordinator shares.
    let uncovered_share = store.share(&actor, &lead, id, partners[2]).await;
    assert!(matches!(
        uncovered_share,
        Err(StoreError::Invalid {
            field: "partner_id",
            ..
        })
    ));
    store.share(&actor, &lead, id, partners[1]).await.unwrap();
    assert_eq!(store.participant(&actor, &other, id).await.unwrap().id, id);
    assert!(matches!(
        store.share(&actor, &other, id, partners[1]).await,
        Err(StoreError::Forbidden)
    ));
    // Withdrawing the consent ends the shared access at once.
    store.withdraw_consent(&actor, &lead, id).await.unwrap();
    assert!(is_not_found(store.participant(&actor, &other, id).await));
    assert!(store.participant(&actor, &lead, id).await.is_ok());

    let log = store.audit_log(&f.angers_coordinator, 100).await.unwrap();
    let reads = log
        .iter()
        .filter(|r| r.action == "participant.read" && r.person_id == Some(id))
        .count();
    assert_eq!(reads, 4, "lead, coordinator, shared partner, lead again");
    assert!(log.iter().any(|r| r.action == "consent.withdraw"));

    // A refused proposal needs no entry date; expired ones cannot be decided.
    let (_, second) = store
        .propose(&actor, &lead, cohort_id, &person(&[]), None, today)
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
        .referrals(&lead)
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.id == second)
        .unwrap();
    assert_eq!(
        (refused.status.as_str(), refused.refusal_reason.as_deref()),
        ("refused", Some("Hors territoire"))
    );
    store
        .close_cohort_intake(&actor, &f.angers_coordinator, cohort_id)
        .await
        .unwrap();
    let closed = store
        .propose(&actor, &lead, cohort_id, &person(&[]), None, today)
        .await;
    assert!(matches!(
        closed,
        Err(StoreError::Invalid {
            field: "cohort_id",
            ..
        })
    ));
}

pub async fn case_file_records_the_pathway(store: &dyn Store) {
    use crate::case_file::NewStep;
    use crate::participants::Decision;
    use maillage_domain::participants::outcomes::{Checkpoint, Outcome};
    let f = Fixture::new(store).await;
    let actor = Actor::system();
    let (_, lead) = f
        .angers_referent(store, "Mission locale", "lead@angers.fr")
        .await;
    let spip = f.partner(store, "SPIP").await;
    let foreign = Fixture::partner_of(store, &f.vaulx_coordinator, "Ailleurs").await;
    // Followed the default 12 months.
    let cohort_id = f.cohort(store, 2026).await;
    let day = |m, d| chrono::NaiveDate::from_ymd_opt(2026, m, d).unwrap();
    let (id, referral) = store
        .propose(&actor, &lead, cohort_id, &person(&[]), None, day(3, 1))
        .await
        .unwrap();
    let early = store
        .record_outcome(&actor, &lead, id, Checkpoint::Exit, Outcome::Cdi, day(3, 2))
        .await;
    assert!(
        matches!(early, Err(StoreError::Invalid { .. })),
        "no outcome before entry"
    );
    store
        .decide_referral(
            &actor,
            &f.angers_coordinator,
            referral,
            &Decision::Accept {
                entry_date: day(3, 2),
            },
            day(3, 2),
        )
        .await
        .unwrap();

    let barrier = store
        .add_barrier(
            &actor,
            &lead,
            id,
            "mobilite--preparer-un-permis",
            day(3, 2),
            Some("Pas de permis"),
        )
        .await
        .unwrap();
    assert!(is_not_found(
        store
            .add_barrier(
                &actor,
                &f.vaulx_coordinator,
                id,
                "mobilite--preparer-un-permis",
                day(3, 2),
                None
            )
            .await
    ));
    let step = NewStep {
        label: "Auto-école sociale".into(),
        service_id: None,
        partner_id: Some(spip),
        planned_on: Some(day(3, 10)),
        started_on: None,
        ended_on: None,
        status: "planned".into(),
        result: None,
    };
    let step_id = store.add_step(&actor, &lead, id, &step).await.unwrap();
    let elsewhere = store
        .add_step(
            &actor,
            &lead,
            id,
            &NewStep {
                partner_id: Some(foreign),
                ..step.clone()
            },
        )
        .await;
    assert!(
        matches!(
            elsewhere,
            Err(StoreError::Invalid {
                field: "partner_id",
                ..
            })
        ),
        "{elsewhere:?}"
    );
    let too_early = store
        .lift_barrier(&actor, &lead, id, barrier, day(3, 1), Some(step_id))
        .await;
    assert!(matches!(
        too_early,
        Err(StoreError::Invalid {
            field: "lifted_on",
            ..
        })
    ));
    store
        .lift_barrier(&actor, &lead, id, barrier, day(6, 30), Some(step_id))
        .await
        .unwrap();
    let other_barrier = store
        .lift_barrier(&actor, &lead, id, barrier + 1000, day(6, 30), None)
        .await;
    assert!(is_not_found(other_barrier));

    let m6 = store
        .record_outcome(
            &actor,
            &lead,
            id,
            Checkpoint::SixMonths,
            Outcome::Cdi,
            day(9, 1),
        )
        .await;
    assert!(
        matches!(
            m6,
            Err(StoreError::Invalid {
                field: "checkpoint",
                ..
            })
        ),
        "+6 months needs an exit first"
    );
    store
        .record_outcome(
            &actor,
            &lead,
            id,
            Checkpoint::Exit,
            Outcome::CddShort,
            day(7, 1),
        )
        .await
        .unwrap();
    store
        .record_outcome(
            &actor,
            &lead,
            id,
            Checkpoint::Exit,
            Outcome::CddLong,
            day(7, 1),
        )
        .await
        .unwrap();
    let before_entry = store
        .record_outcome(&actor, &lead, id, Checkpoint::Exit, Outcome::Cdi, day(3, 1))
        .await;
    assert!(matches!(
        before_entry,
        Err(StoreError::Invalid {
            field: "recorded_on",
            ..
        })
    ));
    let before_exit = store
        .record_outcome(
            &actor,
            &lead,
            id,
            Checkpoint::SixMonths,
            Outcome::Cdi,
            day(6, 30),
        )
        .await;
    assert!(matches!(
        before_exit,
        Err(StoreError::Invalid {
            field: "recorded_on",
            ..
        })
    ));

    store
        .add_note(&actor, &lead, id, "Note visible de tous", false)
        .await
        .unwrap();
    store
        .add_note(&actor, &lead, id, "Note interne à la Mission locale", true)
        .await
        .unwrap();
    store
        .add_note(
            &actor,
            &f.angers_coordinator,
            id,
            "Note de la coordination",
            true,
        )
        .await
        .unwrap();

    let file = store.case_file(&actor, &lead, id).await.unwrap();
    assert_eq!(file.participant.status, "exited");
    assert_eq!(file.participant.exit_date, Some(day(7, 1)));
    assert_eq!(file.barriers[0].lifted_by_step_id, Some(step_id));
    assert_eq!(file.steps[0].partner_sensitive, Some(false));
    assert_eq!(
        file.outcomes.len(),
        1,
        "the exit was corrected, not duplicated"
    );
    assert_eq!(file.outcomes[0].outcome, "cdd_6m_plus");
    assert_eq!(file.consents.len(), 1);
    let bodies: Vec<&str> = file.notes.iter().map(|n| n.body.as_str()).collect();
    assert!(
        bodies.contains(&"Note interne à la Mission locale")
            && !bodies.contains(&"Note de la coordination")
    );
    let coordinator_view = store
        .case_file(&actor, &f.angers_coordinator, id)
        .await
        .unwrap();
    let bodies: Vec<&str> = coordinator_view
        .notes
        .iter()
        .map(|n| n.body.as_str())
        .collect();
    assert!(
        !bodies.contains(&"Note interne à la Mission locale")
            && bodies.contains(&"Note de la coordination")
    );
    let actions: Vec<&str> = coordinator_view
        .accesses
        .iter()
        .map(|a| a.action.as_str())
        .collect();
    for expected in [
        "participant.read",
        "barrier.create",
        "barrier.lift",
        "step.create",
        "outcome.record",
        "note.create",
        "referral.accept",
    ] {
        assert!(
            actions.contains(&expected),
            "{expected} missing from {actions:?}"
        );
    }
    assert!(is_not_found(
        store.case_file(&actor, &f.vaulx_coordinator, id).await
    ));
}
