//! What an action achieved: computed indicators counted from places,
//! situations and séances; recorded ones per year; who declares, records
//! and reads them.

use chrono::NaiveDate;
use maillage_domain::accounts::Role;
use maillage_domain::actions::results::{IndicatorDraft, IndicatorSource, YearValue};
use maillage_domain::actions::{EnrolmentDraft, SeanceInput};
use maillage_domain::fiches::FicheInput;
use maillage_domain::ids::{ActionId, IndicatorId, ParticipantId, UserId};
use maillage_domain::participants::outcomes::{Checkpoint, Outcome};
use maillage_domain::Scope;

use super::actions::{action_input, ActionsFixture};
use super::is_not_found;
use crate::actions::Enrolled;
use crate::participants::Decision;
use crate::{Actor, Store, StoreError};

fn day(month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, month, day).unwrap()
}

fn indicator(label: &str, source: IndicatorSource) -> IndicatorDraft {
    IndicatorDraft {
        label: label.into(),
        source,
    }
}

fn value(indicator_id: IndicatorId, year: i32, value: i64) -> YearValue {
    YearValue {
        indicator_id,
        year,
        value,
    }
}

/// A person of the fixture's cohort, admitted on 24/11/2026.
pub(super) async fn admitted(fx: &ActionsFixture, store: &dyn Store, name: &str) -> ParticipantId {
    let person = fx.person(store, 0, name, false).await;
    accept(fx, store, person).await
}

/// Admits `person`, proposed to the fixture's cohort, on 24/11/2026.
pub(super) async fn accept(
    fx: &ActionsFixture,
    store: &dyn Store,
    person: ParticipantId,
) -> ParticipantId {
    let referral = store
        .referrals(&fx.f.angers_coordinator)
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.participant_id == person)
        .unwrap()
        .id;
    store
        .decide_referral(
            &Actor::system(chrono::Utc::now()),
            &fx.f.angers_coordinator,
            referral,
            &Decision::Accept {
                entry_date: day(11, 24),
            },
            day(11, 24),
        )
        .await
        .unwrap();
    person
}

fn scope(fx: &ActionsFixture, role: Role, partner: usize) -> Scope {
    Scope::Cite {
        user_id: UserId::new(1),
        cite_id: fx.f.angers,
        role,
        partner_id: Some(fx.partners[partner]),
    }
}

pub async fn action_results_count_places_jobs_and_seances(store: &dyn Store) {
    let fx = ActionsFixture::new(store).await;
    let (actor, coordinator) = (Actor::system(chrono::Utc::now()), &fx.f.angers_coordinator);
    let action = fx
        .action(store, &actor, ("Crèche AVIP", "2", "request_date"))
        .await;
    let [awa, binta, chloe, dina] = [
        admitted(&fx, store, "Awa").await,
        admitted(&fx, store, "Binta").await,
        admitted(&fx, store, "Chloé").await,
        admitted(&fx, store, "Dina").await,
    ];
    let outcome = |person, checkpoint, outcome, on| {
        store.record_outcome(&actor, coordinator, person, checkpoint, outcome, on)
    };
    // Awa asked in March and found a CDI in November: a return to work, lasting.
    outcome(awa, Checkpoint::Exit, Outcome::Cdi, day(11, 30))
        .await
        .unwrap();
    // Dina had her job before she asked: not the action's result.
    outcome(dina, Checkpoint::Exit, Outcome::CddShort, day(11, 30))
        .await
        .unwrap();
    // Binta is still searching; Chloé works but never had a place.
    outcome(binta, Checkpoint::Exit, Outcome::JobSearch, day(11, 30))
        .await
        .unwrap();
    outcome(chloe, Checkpoint::Exit, Outcome::Cdi, day(11, 30))
        .await
        .unwrap();
    let enrol = |person, requested_on| {
        let draft = EnrolmentDraft {
            participant_id: person,
            requested_on,
        };
        let actor = actor.clone();
        async move {
            store
                .enrol(&actor, coordinator, action, &draft)
                .await
                .unwrap()
        }
    };
    let Enrolled::Placed { enrolment_id } = enrol(awa, day(3, 1)).await else {
        panic!("a free place");
    };
    enrol(dina, day(12, 1)).await;
    enrol(binta, day(3, 2)).await;
    enrol(chloe, day(3, 3)).await;
    store
        .release(&actor, coordinator, action, enrolment_id)
        .await
        .unwrap();
    for (anonymous, on) in [("10", "2026-11-02"), ("5", "2026-11-09")] {
        let seance = SeanceInput {
            kind: "cafe_emploi".into(),
            held_on: on.into(),
            anonymous_count: anonymous.into(),
            ..SeanceInput::default()
        };
        let draft = seance.validate(crate::conformance::today()).unwrap();
        store
            .add_seance(&actor, coordinator, action, &draft)
            .await
            .unwrap();
    }
    let mut ids = Vec::new();
    for (label, source) in [
        ("familles", IndicatorSource::PersonsPlaced),
        ("retours à l'emploi", IndicatorSource::ReturnsToWork),
        ("emplois durables", IndicatorSource::DurableEmployment),
        ("séances", IndicatorSource::Seances),
        ("personnes rencontrées", IndicatorSource::PersonsMet),
        ("solutions temporaires", IndicatorSource::Recorded),
    ] {
        let draft = indicator(label, source);
        ids.push(
            store
                .add_indicator(&actor, coordinator, action, &draft)
                .await
                .unwrap(),
        );
    }
    let recorded = ids[5];
    for (year, n) in [(2026, 4), (2026, 6), (2025, 3)] {
        store
            .record_value(&actor, coordinator, action, &value(recorded, year, n))
            .await
            .unwrap();
    }

    let results = store.action_results(coordinator, action).await.unwrap();
    let totals: Vec<(&str, i64)> = results
        .iter()
        .map(|r| (r.label.as_str(), r.total))
        .collect();
    // Awa, Dina and Binta had a place (Binta once Awa left); Awa alone went
    // back to work after asking; a later value of a year replaces the earlier.
    assert_eq!(
        totals,
        [
            ("familles", 3),
            ("retours à l'emploi", 1),
            ("emplois durables", 1),
            ("séances", 2),
            ("personnes rencontrées", 15),
            ("solutions temporaires", 9),
        ]
    );
    assert_eq!(results[5].years, [(2025, 3), (2026, 6)]);
    let members = store
        .action_results(&fx.referents[1], action)
        .await
        .unwrap();
    assert_eq!(members, results, "every member of the Cité reads them");
    let cite = store.cite_results(coordinator).await.unwrap();
    assert_eq!(
        (cite.len(), cite[0].action_id, &cite[0].results),
        (1, action, &results)
    );

    // Nobody outside the Cité reads them, not even their absence.
    let national = Scope::National {
        user_id: UserId::new(1),
    };
    assert!(is_not_found(store.action_results(&national, action).await));
    assert!(is_not_found(
        store.action_results(&fx.f.vaulx_coordinator, action).await
    ));
    assert!(store
        .cite_results(&fx.f.vaulx_coordinator)
        .await
        .unwrap()
        .is_empty());
    let missing = ActionId::new(999_999);
    assert!(is_not_found(
        store.action_results(coordinator, missing).await
    ));

    // Séances and people met, per Cité: every Cité for the national team.
    let totals = store.seance_totals(&national).await.unwrap();
    assert_eq!(totals.len(), 1);
    assert_eq!(
        (totals[0].cite_id, totals[0].seances, totals[0].persons_met),
        (fx.f.angers, 2, 15)
    );
    assert!(store
        .seance_totals(&fx.f.vaulx_coordinator)
        .await
        .unwrap()
        .is_empty());

    // A published fiche shows its action's results to the whole network.
    let fiche = FicheInput {
        title: "Crèche AVIP".into(),
        axis: "innovate".into(),
        thematics: vec!["famille--garde-denfants".into()],
        description: "Des places en crèche pour les parents qui cherchent un emploi.".into(),
        contact_organisation: "Aldev".into(),
        contact_role: "Chargée de mission".into(),
        contact_email: "cite.emploi@aldev.fr".into(),
        ..FicheInput::default()
    };
    let fiche = store
        .publish_fiche(&actor, coordinator, action, &fiche.validate().unwrap())
        .await
        .unwrap();
    assert_eq!(
        store.fiche_results(&national, fiche).await.unwrap(),
        results
    );
    store
        .unpublish_fiche(&actor, coordinator, fiche)
        .await
        .unwrap();
    assert!(store
        .fiche_results(&national, fiche)
        .await
        .unwrap()
        .is_empty());
}

pub async fn indicators_are_declared_by_coordinators_and_recorded_by_the_carrier(
    store: &dyn Store,
) {
    let fx = ActionsFixture::new(store).await;
    let (actor, coordinator) = (Actor::system(chrono::Utc::now()), &fx.f.angers_coordinator);
    let mut input = action_input("Par'Emploi", "", "request_date");
    input.carrier_partner_id = fx.partners[1].to_string();
    let draft = input.validate(crate::conformance::today()).unwrap();
    let action = store
        .create_action(&actor, coordinator, &draft)
        .await
        .unwrap();
    let other = fx
        .action(store, &actor, ("Solidair'Mam", "", "request_date"))
        .await;
    let solutions = indicator("solutions pérennes", IndicatorSource::Recorded);
    let declare = |scope: &Scope, action, draft: &IndicatorDraft| {
        let (actor, scope, draft) = (actor.clone(), scope.clone(), draft.clone());
        async move { store.add_indicator(&actor, &scope, action, &draft).await }
    };
    for refused in [
        &fx.referents[0],
        &scope(&fx, Role::Porteur, 1),
        &scope(&fx, Role::Pilote, 0),
    ] {
        let result = declare(refused, action, &solutions).await;
        assert!(matches!(result, Err(StoreError::Forbidden)), "{result:?}");
    }
    assert!(is_not_found(
        declare(&fx.f.vaulx_coordinator, action, &solutions).await
    ));
    let recorded = declare(coordinator, action, &solutions).await.unwrap();
    let again = declare(coordinator, action, &solutions).await;
    assert!(
        matches!(again, Err(StoreError::Conflict { field: "label", .. })),
        "{again:?}"
    );
    // The same label on another action is another indicator.
    let elsewhere = declare(coordinator, other, &solutions).await.unwrap();
    let placed = indicator("familles", IndicatorSource::PersonsPlaced);
    let computed = declare(coordinator, action, &placed).await.unwrap();

    // The coordinator and the carrier's porteur record; nobody else.
    let record = |scope: &Scope, indicator, n| {
        let (actor, scope) = (actor.clone(), scope.clone());
        async move {
            store
                .record_value(&actor, &scope, action, &value(indicator, 2026, n))
                .await
        }
    };
    record(coordinator, recorded, 10).await.unwrap();
    record(&scope(&fx, Role::Porteur, 1), recorded, 14)
        .await
        .unwrap();
    for refused in [
        &scope(&fx, Role::Porteur, 0),
        &fx.referents[1],
        &scope(&fx, Role::Pilote, 1),
    ] {
        let result = record(refused, recorded, 99).await;
        assert!(matches!(result, Err(StoreError::Forbidden)), "{result:?}");
    }
    assert!(is_not_found(
        record(&fx.f.vaulx_coordinator, recorded, 99).await
    ));
    // A computed indicator is not typed; another action's is not this one's.
    for wrong in [computed, elsewhere] {
        let result = record(coordinator, wrong, 5).await;
        assert!(
            matches!(
                result,
                Err(StoreError::Invalid {
                    field: "indicator_id",
                    ..
                })
            ),
            "{result:?}"
        );
    }
    let totals = |results: Vec<maillage_domain::actions::results::IndicatorResult>| {
        results.iter().map(|r| r.total).collect::<Vec<_>>()
    };
    assert_eq!(
        totals(store.action_results(coordinator, action).await.unwrap()),
        [14, 0]
    );

    // Removing: the coordinator of the Cité only; the values go with it.
    let remove = |scope: &Scope, indicator| {
        let (actor, scope) = (actor.clone(), scope.clone());
        async move {
            store
                .remove_indicator(&actor, &scope, action, indicator)
                .await
        }
    };
    assert!(matches!(
        remove(&fx.referents[0], recorded).await,
        Err(StoreError::Forbidden)
    ));
    assert!(is_not_found(
        remove(&fx.f.vaulx_coordinator, recorded).await
    ));
    assert!(
        is_not_found(remove(coordinator, elsewhere).await),
        "not this action's"
    );
    remove(coordinator, recorded).await.unwrap();
    assert!(is_not_found(remove(coordinator, recorded).await));
    let left = store.action_results(coordinator, action).await.unwrap();
    assert_eq!(left.iter().map(|r| r.id).collect::<Vec<_>>(), [computed]);
    let readded = declare(coordinator, action, &solutions).await.unwrap();
    let results = store.action_results(coordinator, action).await.unwrap();
    assert_eq!(
        (results[1].id, results[1].total),
        (readded, 0),
        "no value left behind"
    );
}
