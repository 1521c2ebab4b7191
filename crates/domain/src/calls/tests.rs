use chrono::{TimeZone, Utc};

use super::*;
use crate::funding::Funder;
use crate::ids::QpvId;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2023, 8, 1).unwrap()
}

/// Le Mans' 2023 call: 100 000 € a year for 3 years, due 06/10/2023 at noon.
fn le_mans() -> CallInput {
    CallInput {
        title: "Appel à projets 2023 de la Cité de l'emploi du Mans".into(),
        text: "Lever les freins périphériques à l'emploi.".into(),
        axes: vec!["reach_out".into(), "innovate".into(), "reach_out".into()],
        thematics: vec!["mobilite--acceder-a-un-vehicule".into()],
        total_amount: "300 000".into(),
        yearly_amount: "100 000".into(),
        years: "3".into(),
        opens_on: "2023-08-28".into(),
        deadline_date: "06/10/2023".into(),
        deadline_time: "12:00".into(),
    }
}

fn noon_on_6_october() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2023, 10, 6, 10, 0, 0).unwrap()
}

#[test]
fn a_call_is_read_with_its_paris_deadline() {
    let call = le_mans().validate(today()).unwrap();
    assert_eq!(call.deadline, noon_on_6_october());
    assert_eq!(call.axes, vec![Axis::ReachOut, Axis::Innovate]);
    assert_eq!(
        (call.total_cents, call.yearly_cents, call.years),
        (30_000_000, 10_000_000, 3)
    );
}

#[test]
fn a_call_is_checked_field_by_field() {
    let bad = CallInput {
        title: " ".into(),
        axes: vec!["partout".into()],
        thematics: vec!["inconnue".into()],
        total_amount: "0".into(),
        yearly_amount: "cent".into(),
        years: "6".into(),
        deadline_time: "midi".into(),
        ..le_mans()
    };
    let errors = bad.validate(today()).unwrap_err();
    for field in [
        "title",
        "axes",
        "thematics",
        "total_amount",
        "yearly_amount",
        "years",
        "deadline_time",
    ] {
        assert!(errors.get(field).is_some(), "{field}");
    }
    let too_much = CallInput {
        total_amount: "400 000".into(),
        ..le_mans()
    };
    assert!(too_much
        .validate(today())
        .unwrap_err()
        .get("total_amount")
        .is_some());
    let before_launch = CallInput {
        deadline_date: "2023-08-01".into(),
        ..le_mans()
    };
    assert_eq!(
        before_launch
            .validate(today())
            .unwrap_err()
            .get("deadline_date"),
        Some("La date limite ne peut pas précéder le lancement.")
    );
}

#[test]
fn a_call_moves_one_step_forward_only() {
    use CallStatus::*;
    let path = [
        Draft,
        Published,
        Closed,
        Instruction,
        Decided,
        Agreements,
        Reports,
        Finished,
    ];
    for pair in path.windows(2) {
        assert!(pair[0].check_transition(pair[1]).is_ok(), "{pair:?}");
        assert!(pair[1].check_transition(pair[0]).is_err(), "{pair:?}");
    }
    assert_eq!(Finished.next(), None);
    assert_eq!(
        Draft.check_transition(Closed).unwrap_err(),
        "Un appel « Brouillon » ne peut pas passer à « Candidatures closes »."
    );
    assert!(!Draft.is_public() && Published.is_public() && Closed.is_public());
    assert!(Draft.is_editable() && !Published.is_editable());
}

#[test]
fn a_submission_after_the_deadline_is_refused() {
    let deadline = noon_on_6_october();
    let second = chrono::Duration::seconds(1);
    assert!(may_submit(CallStatus::Published, deadline, deadline));
    assert!(!may_submit(
        CallStatus::Published,
        deadline,
        deadline + second
    ));
    assert!(!may_submit(CallStatus::Draft, deadline, deadline - second));
    assert!(!may_submit(CallStatus::Closed, deadline, deadline - second));
    assert_eq!(
        check_submission(CallStatus::Published, deadline, deadline + second).unwrap_err(),
        "La date limite de dépôt (06/10/2023 à 12:00) est passée : la candidature ne peut plus \
         être déposée."
    );
}

#[test]
fn an_extension_pushes_the_deadline_later() {
    let later = ExtensionInput {
        deadline_date: "2023-10-13".into(),
        deadline_time: "12:00".into(),
        reason: "Demande des associations".into(),
    };
    let extension = later
        .validate(CallStatus::Published, noon_on_6_october(), today())
        .unwrap();
    assert_eq!(
        extension.deadline,
        Utc.with_ymd_and_hms(2023, 10, 13, 10, 0, 0).unwrap()
    );
    let same = ExtensionInput {
        deadline_date: "2023-10-06".into(),
        ..later.clone()
    };
    assert_eq!(
        same.validate(CallStatus::Published, noon_on_6_october(), today())
            .unwrap_err()
            .get("deadline_date"),
        Some("La nouvelle date limite doit être après l'actuelle (06/10/2023 à 12:00).")
    );
    assert!(later
        .validate(CallStatus::Closed, noon_on_6_october(), today())
        .is_err());
    let no_reason = ExtensionInput {
        reason: String::new(),
        ..later
    };
    assert!(no_reason
        .validate(CallStatus::Published, noon_on_6_october(), today())
        .unwrap_err()
        .get("reason")
        .is_some());
}

fn application() -> ApplicationInput {
    let width = APPLICATION_FUNDERS.len();
    let mut share = vec![String::new(); 3 * width];
    // Line 1: 30 000 €, 20 000 € asked of the Cité, 5 000 € from the CAF.
    share[0] = "20 000".into();
    share[3] = "5 000".into();
    // Line 2: 8 000 €, all asked of the Cité.
    share[width] = "8 000".into();
    ApplicationInput {
        project_title: "Mobil'Emploi Sarthe".into(),
        summary: "Location de scooters et permis accompagné.".into(),
        target_public: "Demandeurs d'emploi des QPV sans solution de mobilité".into(),
        qpvs: vec!["4".into(), "4".into()],
        axis: "reach_out".into(),
        thematics: vec!["mobilite--acceder-a-un-vehicule".into()],
        expected_participants: "40".into(),
        starts_on: "2024-01-01".into(),
        ends_on: "2024-12-31".into(),
        line_label: vec!["Conseiller mobilité".into(), "Scooters".into(), " ".into()],
        line_amount: vec!["30 000".into(), "8 000".into(), String::new()],
        share,
    }
}

#[test]
fn an_application_asks_the_sum_of_the_cites_shares() {
    let draft = application().validate(&[QpvId::new(4)], today()).unwrap();
    assert_eq!(draft.budget.len(), 2, "the blank row is ignored");
    assert_eq!(draft.qpv_ids, vec![QpvId::new(4)]);
    assert_eq!(
        draft.budget[0].shares,
        vec![(Funder::Anct, 2_000_000), (Funder::Caf, 500_000)]
    );
    assert_eq!(draft.asked_cents(), 2_800_000);
}

#[test]
fn shares_may_not_exceed_their_line() {
    let mut input = application();
    input.share[1] = "15 000".into();
    let errors = input.validate(&[QpvId::new(4)], today()).unwrap_err();
    assert_eq!(
        errors.get("budget"),
        Some(
            "Ligne 1 : les parts des financeurs (40\u{202f}000,00\u{a0}€) dépassent le montant de \
             la ligne (30\u{202f}000,00\u{a0}€)."
        )
    );
}

#[test]
fn an_application_is_checked_field_by_field() {
    let bad = ApplicationInput {
        project_title: String::new(),
        qpvs: vec!["5".into()],
        axis: "ailleurs".into(),
        expected_participants: "0".into(),
        ends_on: "2023-12-31".into(),
        ..application()
    };
    let errors = bad.validate(&[QpvId::new(4)], today()).unwrap_err();
    for field in [
        "project_title",
        "qpvs",
        "axis",
        "expected_participants",
        "ends_on",
    ] {
        assert!(errors.get(field).is_some(), "{field}");
    }
    let empty = ApplicationInput {
        line_label: vec![String::new()],
        line_amount: vec![String::new()],
        share: vec![String::new(); APPLICATION_FUNDERS.len()],
        ..application()
    };
    assert_eq!(
        empty
            .validate(&[QpvId::new(4)], today())
            .unwrap_err()
            .get("budget"),
        Some("Indiquez au moins une ligne de dépense.")
    );
    let torn = ApplicationInput {
        share: vec![String::new()],
        ..application()
    };
    assert!(torn
        .validate(&[QpvId::new(4)], today())
        .unwrap_err()
        .get("budget")
        .is_some());
    let mut no_label = application();
    no_label.line_label[1] = String::new();
    assert_eq!(
        no_label
            .validate(&[QpvId::new(4)], today())
            .unwrap_err()
            .get("budget"),
        Some("Ligne 2 : indiquez un libellé d'au plus 200 caractères.")
    );
}

#[test]
fn only_a_draft_changes_and_a_withdrawal_happens_once() {
    use ApplicationStatus::*;
    assert!(Draft.is_editable() && !Submitted.is_editable() && !Withdrawn.is_editable());
    let closed = CallStatus::Closed;
    assert!(Draft.check_withdrawal(closed).is_ok() && Submitted.check_withdrawal(closed).is_ok());
    assert_eq!(
        Withdrawn.check_withdrawal(closed).unwrap_err(),
        "Cette candidature est déjà retirée."
    );
    for call in [CallStatus::Instruction, CallStatus::Decided] {
        assert_eq!(
            Submitted.check_withdrawal(call).unwrap_err(),
            "Cet appel est en instruction : la candidature ne peut plus être retirée."
        );
    }
}
