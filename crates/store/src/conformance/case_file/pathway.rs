//! What a case file records: barriers (*freins*) lifted by steps (*étapes*)
//! of the pathway (*parcours*), outcomes (*situations*) at entry and exit,
//! notes kept within an organisation, and who did each in its access log.

use maillage_domain::ids::{BarrierId, ParticipantId, ReferralId};
use maillage_domain::participants::outcomes::{Checkpoint, Outcome};
use maillage_domain::participants::pathway::StepStatus;
use maillage_domain::participants::person::ParticipantStatus;
use maillage_domain::Scope;

use super::person;
use crate::case_file::NewStep;
use crate::conformance::{is_not_found, Fixture};
use crate::participants::Decision;
use crate::{Actor, Store, StoreError};

fn day(m: u32, d: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, m, d).unwrap()
}

/// A person the Mission locale's référent (`lead`) proposed into Angers'
/// 2026 cohort on 1 March.
struct Proposed {
    f: Fixture,
    lead: Scope,
    id: ParticipantId,
    referral: ReferralId,
}

impl Proposed {
    async fn new(store: &dyn Store) -> Proposed {
        let f = Fixture::new(store).await;
        let (_, lead) = f
            .angers_referent(store, "Mission locale", "lead@angers.fr")
            .await;
        // Followed the default 12 months.
        let cohort_id = f.cohort(store, 2026).await;
        let (id, referral) = store
            .propose(
                &Actor::system(chrono::Utc::now()),
                &lead,
                cohort_id,
                &person(&[]),
                None,
                day(3, 1),
            )
            .await
            .unwrap();
        Proposed {
            f,
            lead,
            id,
            referral,
        }
    }

    /// The coordinator admits the person on 2 March.
    async fn admit(&self, store: &dyn Store) {
        store
            .decide_referral(
                &Actor::system(chrono::Utc::now()),
                &self.f.angers_coordinator,
                self.referral,
                &Decision::Accept {
                    entry_date: day(3, 2),
                },
                day(3, 2),
            )
            .await
            .unwrap();
    }

    async fn admitted(store: &dyn Store) -> Proposed {
        let proposed = Proposed::new(store).await;
        proposed.admit(store).await;
        proposed
    }

    /// The file's access log, as the coordinator reads it, shows a read and
    /// each of `actions`; no other Cité sees the file.
    async fn assert_logged(&self, store: &dyn Store, actions: &[&str]) {
        let actor = Actor::system(chrono::Utc::now());
        let file = store
            .case_file(&actor, &self.f.angers_coordinator, self.id)
            .await
            .unwrap();
        let logged: Vec<&str> = file.accesses.iter().map(|a| a.action.as_str()).collect();
        for expected in actions.iter().chain(&["participant.read"]) {
            assert!(
                logged.contains(expected),
                "{expected} missing from {logged:?}"
            );
        }
        assert!(is_not_found(
            store
                .case_file(&actor, &self.f.vaulx_coordinator, self.id)
                .await
        ));
    }
}

pub async fn barriers_are_lifted_by_the_steps_of_the_pathway(store: &dyn Store) {
    let p = Proposed::admitted(store).await;
    let (f, lead, id) = (&p.f, &p.lead, p.id);
    let actor = Actor::system(chrono::Utc::now());
    let spip = f.partner(store, "SPIP").await;
    let foreign = Fixture::partner_of(store, &f.vaulx_coordinator, "Ailleurs").await;
    let barrier = store
        .add_barrier(
            &actor,
            lead,
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
        status: StepStatus::Planned,
        result: None,
    };
    let step_id = store.add_step(&actor, lead, id, &step).await.unwrap();
    let elsewhere = store
        .add_step(
            &actor,
            lead,
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
        .lift_barrier(&actor, lead, id, barrier, day(3, 1), Some(step_id))
        .await;
    assert!(matches!(
        too_early,
        Err(StoreError::Invalid {
            field: "lifted_on",
            ..
        })
    ));
    store
        .lift_barrier(&actor, lead, id, barrier, day(6, 30), Some(step_id))
        .await
        .unwrap();
    let other_barrier = store
        .lift_barrier(
            &actor,
            lead,
            id,
            BarrierId::new(barrier.get() + 1000),
            day(6, 30),
            None,
        )
        .await;
    assert!(is_not_found(other_barrier));

    let file = store.case_file(&actor, lead, id).await.unwrap();
    assert_eq!(file.barriers[0].lifted_by_step_id, Some(step_id));
    assert_eq!(file.steps[0].partner_sensitive, Some(false));
    p.assert_logged(store, &["barrier.create", "barrier.lift", "step.create"])
        .await;
}

pub async fn outcomes_are_recorded_after_entry_and_corrected_at_exit(store: &dyn Store) {
    let p = Proposed::new(store).await;
    let (lead, id) = (&p.lead, p.id);
    let actor = Actor::system(chrono::Utc::now());
    let record =
        |checkpoint, outcome, on| store.record_outcome(&actor, lead, id, checkpoint, outcome, on);
    let early = record(Checkpoint::Exit, Outcome::Cdi, day(3, 2)).await;
    assert!(
        matches!(early, Err(StoreError::Invalid { .. })),
        "no outcome before entry"
    );
    p.admit(store).await;

    let m6 = record(Checkpoint::SixMonths, Outcome::Cdi, day(9, 1)).await;
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
    record(Checkpoint::Exit, Outcome::CddShort, day(7, 1))
        .await
        .unwrap();
    record(Checkpoint::Exit, Outcome::CddLong, day(7, 1))
        .await
        .unwrap();
    let before_entry = record(Checkpoint::Exit, Outcome::Cdi, day(3, 1)).await;
    assert!(matches!(
        before_entry,
        Err(StoreError::Invalid {
            field: "recorded_on",
            ..
        })
    ));
    let before_exit = record(Checkpoint::SixMonths, Outcome::Cdi, day(6, 30)).await;
    assert!(matches!(
        before_exit,
        Err(StoreError::Invalid {
            field: "recorded_on",
            ..
        })
    ));

    let file = store.case_file(&actor, lead, id).await.unwrap();
    assert_eq!(file.participant.status, ParticipantStatus::Exited);
    assert_eq!(file.participant.exit_date, Some(day(7, 1)));
    assert_eq!(
        file.outcomes.len(),
        1,
        "the exit was corrected, not duplicated"
    );
    assert_eq!(file.outcomes[0].outcome, Outcome::CddLong);
    assert_eq!(file.consents.len(), 1);
    p.assert_logged(store, &["outcome.record", "referral.accept"])
        .await;
}

pub async fn notes_are_kept_within_their_organisation(store: &dyn Store) {
    let p = Proposed::admitted(store).await;
    let (f, lead, id) = (&p.f, &p.lead, p.id);
    let actor = Actor::system(chrono::Utc::now());
    store
        .add_note(&actor, lead, id, "Note visible de tous", false)
        .await
        .unwrap();
    store
        .add_note(&actor, lead, id, "Note interne à la Mission locale", true)
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

    let file = store.case_file(&actor, lead, id).await.unwrap();
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
    p.assert_logged(store, &["note.create"]).await;
}
