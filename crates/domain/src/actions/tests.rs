use super::*;
use crate::ids::{ParticipantId, PartnerId};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()
}

fn input() -> ActionInput {
    ActionInput {
        title: "Places en crèche AVIP".into(),
        axis: "innovate".into(),
        innovative: Some("on".into()),
        carrier_partner_id: "3".into(),
        thematics: vec![
            "famille--garde-denfants".into(),
            "famille--garde-denfants".into(),
        ],
        publics: vec!["familles".into()],
        starts_on: "05/01/2026".into(),
        ends_on: "2026-12-31".into(),
        planned_budget: "12 000,50".into(),
        description: "8 places réservées".into(),
        status: "running".into(),
        results: String::new(),
        capacity: "8".into(),
        priority_rule: "single_parent_first".into(),
        cite_axis: "Mobiliser les employeurs".into(),
    }
}

#[test]
fn a_complete_action_parses() {
    let draft = input().validate(today()).unwrap();
    assert_eq!(draft.axis, Axis::Innovate);
    assert!(draft.innovative);
    assert_eq!(draft.carrier_partner_id, Some(PartnerId::new(3)));
    assert_eq!(draft.thematics, ["famille--garde-denfants"]);
    assert_eq!(draft.planned_budget_cents, Some(1_200_050));
    assert_eq!(draft.capacity, Some(8));
    assert_eq!(draft.priority_rule, PriorityRule::SingleParentFirst);
    assert_eq!(draft.status, ActionStatus::Running);
    assert_eq!(draft.results, None);
}

#[test]
fn bad_fields_get_french_messages() {
    let bad = ActionInput {
        title: " ".into(),
        axis: "autre".into(),
        thematics: vec!["garde".into()],
        publics: vec!["martiens".into()],
        starts_on: "2026-12-31".into(),
        ends_on: "2026-01-01".into(),
        planned_budget: "beaucoup".into(),
        capacity: "0".into(),
        priority_rule: "age".into(),
        status: "draft".into(),
        ..input()
    };
    let errors = bad.validate(today()).unwrap_err();
    assert_eq!(errors.get("title"), Some("Ce champ est obligatoire."));
    assert_eq!(
        errors.get("axis"),
        Some("Choisissez une valeur dans la liste.")
    );
    assert!(errors.get("thematics").unwrap().contains("data·inclusion"));
    assert!(errors.get("publics").is_some());
    assert_eq!(
        errors.get("ends_on"),
        Some("La fin ne peut pas précéder le début.")
    );
    assert!(errors.get("planned_budget").unwrap().contains("1 234,50"));
    assert_eq!(
        errors.get("capacity"),
        Some("Indiquez un nombre entier entre 1 et 10000.")
    );
    assert!(errors.get("priority_rule").is_some());
    assert!(errors.get("status").is_none());
}

#[test]
fn an_action_starting_in_year_0_or_ending_in_9999_is_refused() {
    let absurd = ActionInput {
        starts_on: "0000-01-01".into(),
        ends_on: "9999-12-31".into(),
        ..input()
    };
    let errors = absurd.validate(today()).unwrap_err();
    assert!(errors
        .get("starts_on")
        .unwrap()
        .starts_with("La date de début de l'action n'est pas plausible (année 0)"));
    assert!(errors
        .get("ends_on")
        .unwrap()
        .starts_with("La date de fin de l'action n'est pas plausible (année 9999)"));
    let seance = SeanceInput {
        kind: "cafe_emploi".into(),
        held_on: "2026-12-01".into(),
        ..SeanceInput::default()
    };
    assert_eq!(
        seance.validate(today()).unwrap_err().get("held_on"),
        Some("La date de la séance ne peut pas être dans le futur.")
    );
}

#[test]
fn capacity_never_below_places_taken() {
    assert_eq!(check_capacity(Some(8), 8), Ok(()));
    assert_eq!(check_capacity(None, 30), Ok(()));
    let refused = check_capacity(Some(5), 6).unwrap_err();
    assert!(refused.starts_with("6 places sont déjà prises"));
    assert!(has_free_place(Some(8), 7));
    assert!(!has_free_place(Some(8), 8));
    assert!(has_free_place(None, 1_000));
}

#[test]
fn seances_count_anonymous_attendees_and_link_persons() {
    let input = SeanceInput {
        kind: "cafe_emploi".into(),
        held_on: "14/10/2026".into(),
        place: "Place du marché, Monplaisir".into(),
        anonymous_count: "23".into(),
        participant_ids: vec!["4".into(), "4".into(), "9".into()],
    };
    let draft = input.validate(today()).unwrap();
    assert_eq!(draft.kind, SeanceKind::CafeEmploi);
    assert_eq!(draft.anonymous_count, 23);
    assert_eq!(
        draft.participant_ids,
        [ParticipantId::new(4), ParticipantId::new(9)]
    );
    let empty_count = SeanceInput {
        anonymous_count: String::new(),
        ..input.clone()
    };
    assert_eq!(empty_count.validate(today()).unwrap().anonymous_count, 0);
    let bad = SeanceInput {
        kind: "fete".into(),
        anonymous_count: "-1".into(),
        participant_ids: vec!["x".into()],
        ..input
    };
    let errors = bad.validate(today()).unwrap_err();
    assert!(errors.get("kind").is_some());
    assert!(errors.get("anonymous_count").is_some());
    assert!(errors.get("participant_ids").is_some());
}

#[test]
fn a_request_is_not_dated_in_the_future() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    let input = EnrolmentInput {
        participant_id: "12".into(),
        requested_on: "30/11/2026".into(),
    };
    assert_eq!(
        input.validate(today).unwrap().participant_id,
        ParticipantId::new(12)
    );
    let future = EnrolmentInput {
        requested_on: "01/12/2026".into(),
        ..input.clone()
    };
    assert!(future
        .validate(today)
        .unwrap_err()
        .get("requested_on")
        .is_some());
    let nobody = EnrolmentInput {
        participant_id: String::new(),
        ..input
    };
    assert_eq!(
        nobody.validate(today).unwrap_err().get("participant_id"),
        Some("Choisissez la personne à inscrire.")
    );
}
