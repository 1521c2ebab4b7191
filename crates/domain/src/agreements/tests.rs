use chrono::NaiveDate;

use super::*;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn an_amount_splits_to_the_cent_and_adds_up() {
    assert_eq!(
        split_evenly(10_000_000, 3),
        vec![3_333_334, 3_333_333, 3_333_333]
    );
    assert_eq!(split_evenly(5, 0), Vec::<i64>::new());
    for (total, parts) in [(1, 3), (99_999, 7), (30_000_000, 3)] {
        assert_eq!(split_evenly(total, parts).iter().sum::<i64>(), total);
    }
}

#[test]
fn a_project_spans_its_calendar_years() {
    assert_eq!(
        project_years(day(2023, 11, 1), day(2026, 6, 30)),
        vec![2023, 2024, 2025, 2026]
    );
}

#[test]
fn the_years_must_add_up_to_the_decided_amount() {
    let years = [2024, 2025];
    let input = AgreementInput {
        amount: vec!["10 000".into(), "5 000".into()],
        advance_percent: "50".into(),
    };
    let errors = input.validate(&years, 2_000_000).unwrap_err();
    assert_eq!(
        errors.get("amount"),
        Some("Les montants par année font 15\u{202f}000,00\u{a0}€ : ils doivent faire 20\u{202f}000,00\u{a0}€, le montant accordé.")
    );
    let draft = input.validate(&years, 1_500_000).unwrap();
    assert_eq!(draft.years.len(), 2);
    assert_eq!(draft.advance_percent, 50);
}

#[test]
fn a_bad_percent_or_a_missing_year_is_refused() {
    let years = [2024, 2025];
    let short = AgreementInput {
        amount: vec!["1".into()],
        advance_percent: "50".into(),
    };
    assert!(short
        .validate(&years, 100)
        .unwrap_err()
        .get("amount")
        .is_some());
    let over = AgreementInput {
        amount: vec!["1".into(), "0".into()],
        advance_percent: "150".into(),
    };
    let errors = over.validate(&years, 100).unwrap_err();
    assert_eq!(
        errors.get("advance_percent"),
        Some("Indiquez un pourcentage entier entre 0 et 100.")
    );
}

#[test]
fn the_proposal_spreads_the_decision_evenly() {
    let proposed = AgreementInput::proposed(10_000_000, &[2023, 2024, 2025]);
    assert_eq!(proposed.amount, vec!["33333,34", "33333,33", "33333,33"]);
    assert!(proposed.validate(&[2023, 2024, 2025], 10_000_000).is_ok());
}

#[test]
fn each_year_has_an_advance_and_a_balance_after_its_bilans() {
    let draft = AgreementDraft {
        years: vec![
            AgreementYear {
                year: 2023,
                amount_cents: 3_000_000,
            },
            AgreementYear {
                year: 2024,
                amount_cents: 3_000_001,
            },
        ],
        advance_percent: 50,
    };
    let plan = schedule(
        &draft,
        day(2023, 11, 20),
        day(2023, 11, 1),
        day(2024, 6, 30),
    );
    assert_eq!(plan[0].reports_due_on, day(2024, 3, 31));
    assert_eq!(plan[0].instalments[0].planned_on, day(2023, 11, 20));
    assert_eq!(plan[0].instalments[1].planned_on, day(2024, 4, 30));
    // The second year's activity ends with the project, in June.
    assert_eq!(plan[1].reports_due_on, day(2024, 9, 30));
    assert_eq!(plan[1].instalments[0].planned_on, day(2024, 1, 15));
    assert_eq!(plan[1].instalments[0].amount_cents, 1_500_000);
    assert_eq!(plan[1].instalments[1].amount_cents, 1_500_001);
}

#[test]
fn no_advance_plans_the_balance_alone() {
    let draft = AgreementDraft {
        years: vec![AgreementYear {
            year: 2024,
            amount_cents: 100,
        }],
        advance_percent: 0,
    };
    let plan = schedule(&draft, day(2024, 2, 1), day(2024, 1, 1), day(2024, 12, 31));
    assert_eq!(plan[0].instalments.len(), 1);
    assert_eq!(plan[0].instalments[0].label, "Solde après les bilans");
}

#[test]
fn a_bilan_is_due_soon_a_month_before_then_late() {
    let due = day(2024, 3, 31);
    assert_eq!(
        ReportState::of(due, false, day(2024, 2, 1)),
        ReportState::Upcoming
    );
    assert_eq!(
        ReportState::of(due, false, day(2024, 3, 1)),
        ReportState::DueSoon
    );
    assert_eq!(ReportState::of(due, false, due), ReportState::DueSoon);
    assert_eq!(
        ReportState::of(due, false, day(2024, 4, 1)),
        ReportState::Late
    );
    assert_eq!(
        ReportState::of(due, true, day(2024, 4, 1)),
        ReportState::Received
    );
}

#[test]
fn only_a_granted_application_at_the_right_step_gets_an_agreement() {
    assert!(check_agreement(None, true).is_err());
    assert!(check_agreement(Some(100), false).is_err());
    assert_eq!(check_agreement(Some(100), true), Ok(100));
}

#[test]
fn a_signature_is_dated_between_the_decision_and_today() {
    let decided = day(2023, 11, 14);
    let today = day(2026, 12, 6);
    assert!(check_signed_on(day(2023, 11, 13), decided, today).is_err());
    assert!(check_signed_on(day(2026, 12, 7), decided, today).is_err());
    assert!(check_signed_on(day(2023, 12, 1), decided, today).is_ok());
}

#[test]
fn references_are_numbered() {
    assert_eq!(reference(2023, 7), "CONV-2023-007");
}

#[test]
fn a_bilan_qualitatif_is_complete_to_be_transmitted() {
    let mut input = QualitativeInput {
        text: vec![
            "Douze ateliers.".into(),
            String::new(),
            "Aucune".into(),
            "Suite".into(),
        ],
        transmit: None,
    };
    assert_eq!(input.validate().unwrap()[1].1, "");
    input.transmit = Some("1".into());
    let errors = input.validate().unwrap_err();
    assert_eq!(
        errors.get("text"),
        Some("Complétez « Publics accompagnés et freins levés » avant de transmettre le bilan.")
    );
    input.text.pop();
    assert!(input.validate().is_err());
}

#[test]
fn a_year_gets_its_share_of_each_line() {
    assert_eq!(year_budget(1_000, 3, 0), 334);
    assert_eq!(year_budget(1_000, 3, 2), 333);
    assert_eq!(year_budget(1_000, 3, 5), 0);
}
