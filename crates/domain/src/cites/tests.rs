use super::*;

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn resolve_communes_of_cite(input: &str, cite: &[String]) -> Result<Vec<String>, String> {
    resolve_communes(input, cite, CITE_TERRITORY)
}

fn angers() -> CiteInput {
    CiteInput {
        name: "Cité de l'emploi d'Angers Loire Métropole".into(),
        departement: "49".into(),
        epci: "244900015".into(),
        communes: "49007, 49353".into(),
        label_year: "2020".into(),
        unemployment_rate: "12,5 %".into(),
        population: "155 000".into(),
        target_publics: vec!["jeunes".into()],
        axes: vec!["innovate".into(), "federate".into()],
        ..CiteInput::default()
    }
}

#[test]
fn valid_profile_parses_french_numbers() {
    let profile = angers().validate(today()).unwrap();
    assert_eq!(profile.communes, vec!["49007", "49353"]);
    assert_eq!(profile.unemployment_rate, Some(12.5));
    assert_eq!(profile.population, Some(155_000));
    assert_eq!(profile.axes, vec![Axis::Innovate, Axis::Federate]);
}

#[test]
fn bad_profile_fields_are_reported() {
    let input = CiteInput {
        departement: "00".into(),
        epci: "123".into(),
        communes: "49007 99999".into(),
        label_year: "2019".into(),
        poverty_rate: "120".into(),
        target_publics: vec!["martiens".into()],
        axes: vec!["conquer".into()],
        ..angers()
    };
    let errors = input.validate(today()).unwrap_err();
    for field in [
        "departement",
        "epci",
        "communes",
        "label_year",
        "poverty_rate",
        "target_publics",
        "axes",
    ] {
        assert!(errors.get(field).is_some(), "{field} should be reported");
    }
    assert!(errors.get("communes").unwrap().contains("99999"));
}

#[test]
fn qpv_codes_and_communes() {
    assert!(check_qpv_code("QN04901M").is_ok());
    assert!(check_qpv_code("QP049001").is_err());
    assert!(check_qpv_code("QN").is_err());
    let communes = vec!["49007".to_owned()];
    let ok = QpvInput {
        code: "qn04901m".into(),
        name: "Belle-Beille".into(),
        communes: "49007".into(),
        population: String::new(),
    };
    assert_eq!(ok.validate(&communes).unwrap().code, "QN04901M");
    let outside = QpvInput {
        communes: "69256".into(),
        ..ok
    };
    assert!(outside
        .validate(&communes)
        .unwrap_err()
        .get("communes")
        .is_some());
}

#[test]
fn a_qpv_where_people_live_is_kept_with_the_count() {
    assert_eq!(qpv_removal_refused(0), None);
    assert!(qpv_removal_refused(1)
        .unwrap()
        .contains("1 dossier de personne accompagnée y est"));
    assert!(qpv_removal_refused(1200)
        .unwrap()
        .contains("1\u{202f}200 dossiers"));
}

#[test]
fn a_qpv_names_its_communes_by_name_or_code() {
    let cite = vec!["49007".to_owned(), "49353".to_owned()];
    assert_eq!(
        resolve_communes_of_cite("Angers", &cite).unwrap(),
        ["49007"]
    );
    assert_eq!(
        resolve_communes_of_cite("angers, 49353", &cite).unwrap(),
        ["49007", "49353"]
    );
    assert_eq!(
        resolve_communes_of_cite("Angers (49007)", &cite).unwrap(),
        ["49007"]
    );
    assert_eq!(
        resolve_communes_of_cite("49007 49353", &cite).unwrap(),
        ["49007", "49353"]
    );
    let outside = resolve_communes_of_cite("69256", &cite).unwrap_err();
    assert_eq!(
        outside,
        "La commune Vaulx-en-Velin (69256) ne fait pas partie du territoire de la Cité."
    );
    assert!(resolve_communes_of_cite("Lyon", &cite)
        .unwrap_err()
        .starts_with("« Lyon » n'est pas"));
    assert!(resolve_communes_of_cite(" , ", &cite).is_err());
}

#[test]
fn no_target_public_is_a_choice_that_excludes_publics() {
    let chosen = CiteInput {
        target_publics: Vec::new(),
        no_target_public: "oui".into(),
        ..angers()
    };
    assert!(chosen.validate(today()).unwrap().no_target_public);
    let both = CiteInput {
        no_target_public: "oui".into(),
        ..angers()
    };
    assert_eq!(
        both.validate(today()).unwrap_err().get("target_publics"),
        Some("Cochez des publics visés ou « pas de public cible », pas les deux.")
    );
}

#[test]
fn own_axes_are_one_per_line_without_repeats_and_bounded() {
    let stated = CiteInput {
        own_axes: " Aller vers\n\nIAE\naller vers \n".into(),
        ..angers()
    };
    assert_eq!(
        stated.validate(today()).unwrap().own_axes,
        ["Aller vers", "IAE"]
    );
    let many: Vec<String> = (0..=MAX_OWN_AXES).map(|i| format!("Axe {i}")).collect();
    let too_many = CiteInput {
        own_axes: many.join("\n"),
        ..angers()
    };
    assert!(too_many
        .validate(today())
        .unwrap_err()
        .get("own_axes")
        .is_some());
    let too_long = CiteInput {
        own_axes: "x".repeat(MAX_AXIS_CHARS + 1),
        ..angers()
    };
    assert!(too_long
        .validate(today())
        .unwrap_err()
        .get("own_axes")
        .is_some());
    assert!(is_own_axis(&["IAE".to_owned()], "IAE"));
    assert!(!is_own_axis(&["IAE".to_owned()], "Mars"));
}
