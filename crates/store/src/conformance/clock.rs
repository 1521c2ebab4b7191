//! The caller's clock, never the store's: every write is dated by the
//! actor's `at`, and « today » is its Paris date.

use chrono::{NaiveDate, TimeZone, Utc};

use super::actions::{action_input, request, ActionsFixture};
use crate::actions::Enrolled;
use crate::{Actor, Store};

pub async fn writes_are_dated_by_the_callers_clock_in_paris(store: &dyn Store) {
    let fx = ActionsFixture::new(store).await;
    let coordinator = &fx.f.angers_coordinator;
    // 00:30 in Paris on 1 January 2027: still 2026 in UTC.
    let new_year = Utc.with_ymd_and_hms(2026, 12, 31, 23, 30, 0).unwrap();
    let actor = Actor::system(new_year);
    let draft = action_input("Café emploi", "2", "request_date")
        .validate(crate::conformance::today())
        .unwrap();
    let action = store
        .create_action(&actor, coordinator, &draft)
        .await
        .unwrap();
    let person = fx.person(store, 0, "Awa", false).await;
    let enrolled = store
        .enrol(&actor, coordinator, action, &request(person, 2))
        .await
        .unwrap();
    assert!(matches!(enrolled, Enrolled::Placed { .. }), "{enrolled:?}");

    // The place taken in a running action starts its step « today » in Paris.
    let file = store.case_file(&actor, coordinator, person).await.unwrap();
    let step = file
        .steps
        .iter()
        .find(|s| s.action_id == Some(action))
        .expect("the enrolment's step");
    assert_eq!(step.started_on, NaiveDate::from_ymd_opt(2027, 1, 1));

    // The audit rows carry the caller's time, not the server's.
    let log = store.audit_log(coordinator, 200).await.unwrap();
    let enrol = log
        .iter()
        .find(|row| row.action == "action.enrol" && row.person_id == Some(person))
        .expect("the enrolment's audit row");
    assert_eq!(enrol.at, new_year);
    let created = log
        .iter()
        .find(|row| row.action == "action.create" && row.entity_id == Some(action.into()))
        .expect("the action's audit row");
    assert_eq!(created.at, new_year);
}
