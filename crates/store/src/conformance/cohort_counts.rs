//! A Cité's cohort in a year as tables, whole and narrowed to one quarter:
//! the same persons as the cohort's indicators, on every backend.

use chrono::{NaiveDate, TimeZone, Utc};
use maillage_domain::accounts::Role;
use maillage_domain::actions::EnrolmentDraft;
use maillage_domain::cites::QpvDraft;
use maillage_domain::ids::{QpvId, UserId};
use maillage_domain::indicators::cohort::{CategoryBarriers, LabelledExit, QpvFilter};
use maillage_domain::indicators::{assemble, Indicator, Year};
use maillage_domain::participants::indicators::OutcomeCount;
use maillage_domain::participants::outcomes::{Checkpoint, Outcome};
use maillage_domain::Scope;

use super::actions::ActionsFixture;
use super::results::accept;
use crate::indicators::Reach;
use crate::{Actor, Store, StoreError};

fn day(month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, month, day).unwrap()
}

fn labelled(label: Option<&str>, outcome: &str) -> LabelledExit {
    LabelledExit {
        label: label.map(str::to_owned),
        outcome: outcome.into(),
        persons: 1,
    }
}

fn sorted<T: Ord>(mut rows: Vec<T>) -> Vec<T> {
    rows.sort();
    rows
}

pub async fn cohort_tables_count_the_year_s_persons_whole_or_by_quarter(store: &dyn Store) {
    let fx = ActionsFixture::new(store).await;
    let coordinator = &fx.f.angers_coordinator;
    let actor = Actor::system(Utc.from_utc_datetime(&day(11, 25).and_hms_opt(12, 0, 0).unwrap()));
    let draft = QpvDraft {
        code: "QN04901M".into(),
        name: "Belle-Beille".into(),
        communes: vec!["49007".into()],
        population: None,
    };
    let qpv = store.add_qpv(&actor, coordinator, &draft).await.unwrap();

    // Awa lives in Belle-Beille, Binta and Chloé outside; Awa and Binta
    // leave in November.
    let mut persons = Vec::new();
    for (name, home) in [("Awa", Some(qpv)), ("Binta", None), ("Chloé", None)] {
        let person = fx.resident(store, 0, name, false, home).await;
        persons.push(accept(&fx, store, person).await);
    }
    let [awa, binta, _] = persons[..] else {
        unreachable!()
    };
    let barriers = [
        (awa, "mobilite--acceder-a-un-vehicule"),
        (binta, "famille--garde-denfants"),
        (binta, "mobilite--preparer-un-permis"),
    ];
    for (person, thematic) in barriers {
        store
            .add_barrier(&actor, coordinator, person, thematic, day(11, 25), None)
            .await
            .unwrap();
    }
    let cafe = fx
        .action(store, &actor, ("Café emploi", "2", "request_date"))
        .await;
    let draft = EnrolmentDraft {
        participant_id: awa,
        requested_on: day(11, 25),
    };
    store
        .enrol(&actor, coordinator, cafe, &draft)
        .await
        .unwrap();
    for (person, outcome) in [(awa, Outcome::Cdi), (binta, Outcome::QualifyingTraining)] {
        store
            .record_outcome(
                &actor,
                coordinator,
                person,
                Checkpoint::Exit,
                outcome,
                day(11, 30),
            )
            .await
            .unwrap();
    }

    let year = Year::new(2026).unwrap();
    let counts = |qpv| store.cohort_counts(coordinator, &year, qpv);
    let whole = counts(QpvFilter::All).await.unwrap();
    assert_eq!(whole.exits.len(), 2, "{:?}", whole.exits);
    // Binta counts under both of her categories, once under mobility with Awa.
    assert_eq!(
        sorted(whole.exits_by_barrier.clone()),
        sorted(vec![
            labelled(Some("famille"), "formation_qualifiante"),
            labelled(Some("mobilite"), "cdi"),
            labelled(Some("mobilite"), "formation_qualifiante"),
        ])
    );
    assert_eq!(
        sorted(whole.exits_by_action.clone()),
        sorted(vec![
            labelled(Some("Café emploi"), "cdi"),
            labelled(None, "formation_qualifiante"),
        ])
    );
    let category = |code: &str, identified| CategoryBarriers {
        category: Some(code.to_owned()),
        identified,
        lifted: 0,
    };
    assert_eq!(
        sorted(whole.barriers.clone()),
        [category("famille", 1), category("mobilite", 2)]
    );
    let exit = |outcome: &str| OutcomeCount {
        checkpoint: "exit".into(),
        outcome: outcome.into(),
        persons: 1,
    };
    assert_eq!(
        sorted(whole.follow_ups.clone()),
        [exit("cdi"), exit("formation_qualifiante")]
    );

    // Belle-Beille holds Awa's part of every table, outside the rest.
    let inside = counts(QpvFilter::In(qpv)).await.unwrap();
    assert_eq!(inside.exits_by_barrier, [labelled(Some("mobilite"), "cdi")]);
    assert_eq!(
        inside.exits_by_action,
        [labelled(Some("Café emploi"), "cdi")]
    );
    assert_eq!(inside.barriers, [category("mobilite", 1)]);
    assert_eq!(inside.follow_ups, [exit("cdi")]);
    let outside = counts(QpvFilter::Outside).await.unwrap();
    assert_eq!(outside.exits.len(), 1);
    assert_eq!(outside.exits[0].outcome, "formation_qualifiante");
    assert_eq!(outside.barriers.len(), 2);
    let unknown = counts(QpvFilter::In(QpvId::new(999_999))).await.unwrap();
    assert!(unknown.exits.is_empty() && unknown.barriers.is_empty());

    // The cohort's measures narrowed the same way; the other axes are not.
    let years = [year];
    let now = Utc::now();
    let followed = |reach| async move {
        let measures = store
            .indicator_measures(coordinator, reach, &years, now)
            .await
            .unwrap();
        let figures = assemble(&measures).remove(&fx.f.angers).unwrap_or_default();
        [
            Indicator::PersonsFollowed,
            Indicator::Referrals,
            Indicator::BarriersIdentified,
            Indicator::ExitDurable,
            Indicator::ExitPositive,
        ]
        .map(|i| figures.get(2026, i))
    };
    assert_eq!(followed(Reach::Own).await, [3, 3, 2, 1, 1]);
    assert_eq!(
        followed(Reach::Quarter(QpvFilter::All)).await,
        [3, 3, 2, 1, 1]
    );
    assert_eq!(
        followed(Reach::Quarter(QpvFilter::In(qpv))).await,
        [1, 1, 1, 1, 0]
    );
    assert_eq!(
        followed(Reach::Quarter(QpvFilter::Outside)).await,
        [2, 2, 1, 0, 1]
    );
    let referrals = store
        .referral_counts(coordinator, &year, QpvFilter::In(qpv))
        .await
        .unwrap();
    assert_eq!(referrals.iter().map(|r| r.referrals).sum::<i64>(), 1);

    assert_eq!(
        followed(Reach::Quarter(QpvFilter::Inside)).await,
        [1, 1, 1, 1, 0]
    );
    // The national team narrows every Cité to the QPVs' residents or the
    // others, never to one Cité's QPV; référents read no tables.
    let national = Scope::National {
        user_id: UserId::new(1),
    };
    let inside = Reach::Quarter(QpvFilter::Inside);
    let network = store
        .indicator_measures(&national, inside, &years, now)
        .await
        .unwrap();
    let figures = assemble(&network).remove(&fx.f.angers).unwrap_or_default();
    assert_eq!(figures.get(2026, Indicator::PersonsFollowed), 1);
    let one = Reach::Quarter(QpvFilter::In(qpv));
    assert!(matches!(
        store.indicator_measures(&national, one, &years, now).await,
        Err(StoreError::Forbidden)
    ));
    assert!(matches!(
        store
            .cohort_counts(&fx.referents[0], &year, QpvFilter::All)
            .await,
        Err(StoreError::Forbidden)
    ));
    assert_eq!(fx.referents[0].role(), Role::Referent);
}
