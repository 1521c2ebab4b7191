use super::*;

fn measure(cite: i64, year: i32, measure: &str, value: i64) -> Measure {
    Measure {
        cite_id: CiteId::new(cite),
        year,
        measure: measure.into(),
        value,
    }
}

#[test]
fn every_indicator_has_a_section_and_a_definition() {
    for indicator in Indicator::ALL {
        assert!(Indicator::of(indicator.section()).any(|i| i == indicator));
        assert!(indicator.definition().ends_with('.'), "{indicator:?}");
    }
    let persons: Vec<_> = Indicator::of(Section::ReachOut)
        .filter(|i| i.unit() == Unit::Persons)
        .collect();
    assert_eq!(persons, [Indicator::ReachOutBeneficiaries]);
}

#[test]
fn years_are_bounded_at_paris_midnight() {
    let year = Year::new(2026).unwrap();
    assert_eq!(year.last_day.to_string(), "2026-12-31");
    // Winter time: Paris midnight is 23:00 UTC the day before.
    assert_eq!(year.from.to_rfc3339(), "2025-12-31T23:00:00+00:00");
    assert_eq!(year.until.to_rfc3339(), "2026-12-31T23:00:00+00:00");
    assert_eq!(Year::new(i32::MAX), None);
}

#[test]
fn exits_count_by_class_and_actor_families_once_across_the_network() {
    let measures = [
        measure(1, 2026, "persons_followed", 90),
        measure(1, 2026, "exit:cdi", 10),
        measure(1, 2026, "exit:cdd_6m_plus", 4),
        measure(1, 2026, "exit:cdd_under_6m", 3),
        measure(1, 2026, "exit:unknown_code", 7),
        measure(1, 2026, "actor_type:spe", 3),
        measure(1, 2026, "actor_type:associatif", 2),
        measure(2, 2026, "actor_type:spe", 1),
        measure(2, 2026, "actor_type:entreprise", 1),
        measure(2, 2026, "persons_followed", 40),
        measure(2, 2025, "persons_followed", 30),
        measure(2, 2026, "not_an_indicator", 1),
    ];
    let cites = assemble(&measures);
    let angers = &cites[&CiteId::new(1)];
    assert_eq!(angers.get(2026, Indicator::ExitDurable), 14);
    assert_eq!(angers.get(2026, Indicator::ExitTransition), 3);
    assert_eq!(angers.get(2026, Indicator::ExitOther), 0);
    assert_eq!(angers.get(2026, Indicator::ActorTypes), 2);
    let all = network(cites.values());
    assert_eq!(all.get(2026, Indicator::PersonsFollowed), 130);
    assert_eq!(all.get(2025, Indicator::PersonsFollowed), 30);
    // spe, associatif, entreprise: three families, not four.
    assert_eq!(all.get(2026, Indicator::ActorTypes), 3);
}

#[test]
fn the_median_takes_the_middle_cite_and_leverage_needs_a_state_envelope() {
    let cites = assemble(&[
        measure(1, 2026, "partners", 14),
        measure(2, 2026, "partners", 8),
        measure(3, 2026, "partners", 20),
        measure(1, 2026, "state_envelope", 10_000_000),
        measure(1, 2026, "co_funding", 5_000_000),
    ]);
    assert_eq!(median(cites.values(), 2026, Indicator::Partners), Some(14));
    // With four, the lower middle one: a figure of a Cité, not a mean.
    let none = Figures::default();
    let four = cites.values().chain([&none]);
    assert_eq!(median(four, 2026, Indicator::Partners), Some(8));
    // With two, a Cité would read the other's figure: none.
    let two = [&cites[&CiteId::new(1)], &cites[&CiteId::new(2)]];
    assert_eq!(median(two, 2026, Indicator::Partners), None);
    assert_eq!(leverage(&cites[&CiteId::new(1)], 2026), Some(0.5));
    assert_eq!(leverage(&cites[&CiteId::new(2)], 2026), None);
}
