//! Property tests of the actions' forms and rules: no panic whatever a user
//! types, amounts round-trip, and a waiting list's ranks are always 1 to n.

use chrono::NaiveDate;
use maillage_domain::actions::{ActionInput, Candidate, EnrolmentInput, PriorityRule, SeanceInput};
use maillage_domain::ids::EnrolmentId;
use maillage_domain::money::{euros_input, parse_euros};
use proptest::prelude::*;

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[0-9 ,.€\u{202f}\\-]{0,20}",
        "[0-9a-z_\\-/]{0,30}",
        ".{200,400}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn action_forms_never_panic(a in text(), b in text(), c in text(), d in text()) {
        let action = ActionInput {
            title: a.clone(), axis: b.clone(), innovative: Some(c.clone()), carrier_partner_id: d.clone(),
            thematics: vec![a.clone(), b.clone()], publics: vec![c.clone()], starts_on: d.clone(),
            ends_on: a.clone(), planned_budget: b.clone(), description: c.clone(), status: d.clone(),
            results: a.clone(), capacity: b.clone(), priority_rule: c.clone(), cite_axis: d.clone(),
        };
        let today = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let _ = action.validate(today);
        let seance = SeanceInput {
            kind: a.clone(), held_on: b.clone(), place: c.clone(), anonymous_count: d.clone(),
            participant_ids: vec![a.clone(), b.clone()],
        };
        let _ = seance.validate(today);
        let enrolment = EnrolmentInput { participant_id: c, requested_on: d };
        let _ = enrolment.validate(today);
        let _ = parse_euros(&a);
    }

    #[test]
    fn amounts_round_trip(cents in 0i64..1_000_000_000) {
        prop_assert_eq!(parse_euros(&euros_input(cents)), Ok(cents));
    }

    #[test]
    fn ranks_are_one_to_n_and_favoured_first(
        list in prop::collection::vec((0u32..60, any::<bool>(), any::<bool>()), 0..30)
    ) {
        let start = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let candidates: Vec<Candidate> = list
            .iter()
            .enumerate()
            .map(|(i, (day, single_parent, qpv_resident))| Candidate {
                enrolment_id: EnrolmentId::new(i as i64 + 1),
                requested_on: start + chrono::Duration::days(i64::from(*day)),
                single_parent: *single_parent,
                qpv_resident: *qpv_resident,
            })
            .collect();
        for rule in PriorityRule::ALL {
            let ranked = rule.rank(&candidates);
            prop_assert_eq!(ranked.iter().map(|r| r.rank).collect::<Vec<_>>(), (1..=candidates.len()).collect::<Vec<_>>());
            if rule == PriorityRule::SingleParentFirst {
                let flags: Vec<bool> = ranked
                    .iter()
                    .map(|r| candidates[(r.enrolment_id.get() - 1) as usize].single_parent)
                    .collect();
                // Every single parent before everyone else.
                prop_assert!(flags.windows(2).all(|w| w[0] || !w[1]));
            }
        }
    }
}
