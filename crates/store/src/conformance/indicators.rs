//! The programme's indicators: each measure counted from a record of its
//! year, the same on every backend; who may count, and for which Cités.

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use maillage_domain::accounts::Role;
use maillage_domain::actions::{EnrolmentDraft, SeanceInput};
use maillage_domain::funding::{BudgetLine, Funder};
use maillage_domain::governance::{CommitteeDraft, CommitteeKind, Rhythm, Schedule};
use maillage_domain::ids::UserId;
use maillage_domain::indicators::breakdown::ExitCount;
use maillage_domain::indicators::cohort::QpvFilter;
use maillage_domain::indicators::{assemble, Indicator, Year};
use maillage_domain::participants::outcomes::{Checkpoint, Outcome};
use maillage_domain::Scope;

use super::actions::{action_input, ActionsFixture};
use super::funding::{allocation, commitment, key};
use super::results::admitted;
use crate::indicators::Reach;
use crate::{Actor, Store, StoreError};

fn day(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).unwrap()
}

/// An actor whose clock reads noon (UTC) on `on`.
fn at(on: NaiveDate) -> Actor {
    Actor::system(Utc.from_utc_datetime(&on.and_hms_opt(12, 0, 0).unwrap()))
}

fn years() -> Vec<Year> {
    vec![Year::new(2025).unwrap(), Year::new(2026).unwrap()]
}

fn copil() -> CommitteeDraft {
    CommitteeDraft {
        kind: CommitteeKind::Copil,
        name: "COPIL".into(),
        place: "Préfecture".into(),
        schedule: Schedule {
            rhythm: Rhythm::None,
            start_time: NaiveTime::from_hms_opt(10, 0, 0).unwrap(),
            duration_minutes: 120,
            anchor: day(2026, 1, 1),
        },
    }
}

/// A meeting of two hours from `start`.
fn meeting(start: DateTime<Utc>) -> (DateTime<Utc>, DateTime<Utc>) {
    (start, start + Duration::hours(2))
}

pub async fn programme_indicators_count_each_year_s_records(store: &dyn Store) {
    let fx = ActionsFixture::new(store).await;
    let coordinator = &fx.f.angers_coordinator;
    let early = at(day(2025, 3, 1));

    // Governance: a COPIL held in 2025, one in 2026, one cancelled, one to come.
    let copil = store
        .create_committee(&early, coordinator, &copil())
        .await
        .unwrap();
    let noon = |on: NaiveDate| Utc.from_utc_datetime(&on.and_hms_opt(9, 0, 0).unwrap());
    let starts = [
        day(2025, 10, 2),
        day(2026, 3, 5),
        day(2026, 6, 4),
        day(2026, 12, 30),
    ];
    let times: Vec<_> = starts.iter().map(|d| meeting(noon(*d))).collect();
    store
        .plan_meetings(&early, coordinator, copil, &times)
        .await
        .unwrap();
    let meetings = store.committee_meetings(coordinator, copil).await.unwrap();
    store
        .cancel_meeting(&early, coordinator, meetings[2].id)
        .await
        .unwrap();

    // An aller-vers action with two séances in 2026 and a place taken; an
    // innovative one running since 2025.
    let june = at(day(2026, 6, 15));
    let mut cafe = action_input("Café emploi", "2", "request_date");
    cafe.axis = "reach_out".into();
    let cafe = store
        .create_action(
            &june,
            coordinator,
            &cafe.validate(day(2026, 6, 15)).unwrap(),
        )
        .await
        .unwrap();
    let mut creche = action_input("Crèche AVIP", "", "request_date");
    creche.innovative = Some("on".into());
    creche.starts_on = "2025-09-01".into();
    store
        .create_action(
            &june,
            coordinator,
            &creche.validate(day(2026, 6, 15)).unwrap(),
        )
        .await
        .unwrap();

    // Two persons admitted in 2026, one of them out in a CDI.
    let persons = [
        admitted(&fx, store, "Awa").await,
        admitted(&fx, store, "Binta").await,
    ];
    store
        .add_barrier(
            &june,
            coordinator,
            persons[0],
            "mobilite--acceder-a-un-vehicule",
            day(2026, 11, 25),
            None,
        )
        .await
        .unwrap();
    store
        .record_outcome(
            &june,
            coordinator,
            persons[1],
            Checkpoint::Exit,
            Outcome::Cdi,
            day(2026, 11, 30),
        )
        .await
        .unwrap();
    let november = at(day(2026, 11, 25));
    let draft = EnrolmentDraft {
        participant_id: persons[0],
        requested_on: day(2026, 11, 25),
    };
    store
        .enrol(&november, coordinator, cafe, &draft)
        .await
        .unwrap();
    for (anonymous, on, who) in [
        ("10", "2026-11-26", vec![]),
        ("5", "2026-11-27", persons.to_vec()),
    ] {
        let seance = SeanceInput {
            kind: "cafe_emploi".into(),
            held_on: on.into(),
            anonymous_count: anonymous.into(),
            participant_ids: who.iter().map(|p| p.to_string()).collect(),
            ..SeanceInput::default()
        };
        let draft = seance.validate(super::today()).unwrap();
        store
            .add_seance(&november, coordinator, cafe, &draft)
            .await
            .unwrap();
    }

    // Money: the State's 2026 envelope, a co-funder's, a commitment and a payment.
    let state = key(2026, Funder::Anct, BudgetLine::Actions);
    let caf = key(2026, Funder::Caf, BudgetLine::Actions);
    for (line, euros) in [(state, 100_000), (caf, 30_000)] {
        store
            .set_allocation(&june, coordinator, &allocation(line, euros))
            .await
            .unwrap();
    }
    let committed = store
        .commit(
            &june,
            coordinator,
            &commitment(state, 12_000, "Café emploi", Some(cafe)),
        )
        .await
        .unwrap();
    let payment = maillage_domain::funding::payments::Payment {
        paid_on: day(2026, 3, 1),
        amount_cents: 500_000,
        instalment_id: None,
    };
    store
        .record_payment(&june, coordinator, committed, &payment)
        .await
        .unwrap();

    let now = Utc.from_utc_datetime(&day(2026, 12, 1).and_hms_opt(0, 0, 0).unwrap());
    let measures = store
        .indicator_measures(coordinator, Reach::Own, &years(), now)
        .await
        .unwrap();
    let cites = assemble(&measures);
    let angers = &cites[&fx.f.angers];
    let figures = |year| -> Vec<(Indicator, i64)> {
        Indicator::ALL
            .into_iter()
            .map(|i| (i, angers.get(year, i)))
            .filter(|(_, n)| *n != 0)
            .collect()
    };
    use Indicator::*;
    // Partners and référents were registered now: not in 2025.
    assert_eq!(
        figures(2025),
        [(Committees, 1), (CopilsHeld, 1), (InnovativeActions, 1)]
    );
    assert_eq!(
        figures(2026),
        [
            (Partners, 2),
            (Referents, 2),
            (Committees, 1),
            // The cancelled one and the one to come are not held.
            (CopilsHeld, 1),
            (ActorTypes, 1),
            (ReachOutActions, 1),
            (ReachOutSessions, 2),
            // Awa and Binta once each, and 15 persons met without a file.
            (ReachOutBeneficiaries, 17),
            (InnovativeActions, 1),
            (PersonsFollowed, 2),
            (Referrals, 2),
            (BarriersIdentified, 1),
            (ExitDurable, 1),
            (Committed, 1_200_000),
            (Paid, 500_000),
            (StateEnvelope, 10_000_000),
            (CoFunding, 3_000_000),
        ]
    );

    // Binta's exit, broken down: outside the QPVs, a woman of 36.
    let year = Year::new(2026).unwrap();
    let exits = store
        .cohort_counts(coordinator, &year, QpvFilter::All)
        .await
        .unwrap()
        .exits;
    let exit = ExitCount {
        qpv: None,
        sex: "f".into(),
        age_band: "26_49".into(),
        outcome: "cdi".into(),
        persons: 1,
    };
    assert_eq!(exits, [exit]);

    // The year's two referrals again, by the partner who proposed them.
    let referrals = store
        .referral_counts(coordinator, &year, QpvFilter::All)
        .await
        .unwrap();
    assert_eq!(referrals.iter().map(|r| r.referrals).sum::<i64>(), 2);
    assert!(
        referrals.iter().all(|r| !r.partner.is_empty()),
        "{referrals:?}"
    );

    // The national team counts every active Cité; a Cité's members count
    // the network only to compare; other roles are refused.
    let national = Scope::National {
        user_id: UserId::new(1),
    };
    let everyone = store
        .indicator_measures(&national, Reach::Own, &years(), now)
        .await
        .unwrap();
    assert_eq!(assemble(&everyone)[&fx.f.angers], *angers);
    let vaulx_own = store
        .indicator_measures(&fx.f.vaulx_coordinator, Reach::Own, &years(), now)
        .await
        .unwrap();
    assert!(vaulx_own.iter().all(|m| m.cite_id == fx.f.vaulx));
    let network = store
        .indicator_measures(&fx.f.vaulx_coordinator, Reach::Network, &years(), now)
        .await
        .unwrap();
    assert_eq!(assemble(&network)[&fx.f.angers], *angers);
    // Open data reads the same figures without a scope, every active Cité named.
    let (cites, open) = store.open_indicator_measures(&years(), now).await.unwrap();
    assert_eq!(assemble(&open)[&fx.f.angers], *angers);
    let names: Vec<&str> = cites.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["Cité d'Angers", "Cité de Vaulx-en-Velin"]);
    for role in [Role::Referent, Role::Porteur] {
        let scope = Scope::Cite {
            user_id: UserId::new(1),
            cite_id: fx.f.angers,
            role,
            partner_id: Some(fx.partners[0]),
        };
        assert!(matches!(
            store
                .indicator_measures(&scope, Reach::Own, &years(), now)
                .await,
            Err(StoreError::Forbidden)
        ));
        assert!(matches!(
            store
                .cohort_counts(&scope, &years()[1], QpvFilter::All)
                .await,
            Err(StoreError::Forbidden)
        ));
        assert!(matches!(
            store
                .referral_counts(&scope, &years()[1], QpvFilter::All)
                .await,
            Err(StoreError::Forbidden)
        ));
    }
}
