use serde_json::{json, Value};

use super::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 6).unwrap()
}

const SERVICE_SCHEMA: &str = include_str!("../../../../data/data-inclusion-v1/service.schema.json");
const STRUCTURE_SCHEMA: &str =
    include_str!("../../../../data/data-inclusion-v1/structure.schema.json");

fn schema_fields(schema: &str) -> Vec<String> {
    let schema: Value = serde_json::from_str(schema).unwrap();
    let mut fields: Vec<String> = schema["properties"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    fields.sort();
    fields
}

fn sorted(fields: &[&str]) -> Vec<String> {
    let mut fields: Vec<String> = fields.iter().map(|f| (*f).to_owned()).collect();
    fields.sort();
    fields
}

#[test]
fn the_field_lists_are_the_schemas() {
    assert_eq!(sorted(&STRUCTURE_FIELDS), schema_fields(STRUCTURE_SCHEMA));
    assert_eq!(sorted(&SERVICE_FIELDS), schema_fields(SERVICE_SCHEMA));
}

fn structure() -> Value {
    json!({
        "source": "maillage", "id": "ml-angers", "nom": "Mission locale angevine",
        "date_maj": "2026-10-01", "siret": "13002526500013", "code_insee": "49007",
        "code_postal": "49000", "commune": "Angers", "reseaux_porteurs": ["mission-locale"],
        "site_web": "https://www.mission-locale-angers.fr", "latitude": 47.47, "longitude": -0.55
    })
}

fn service() -> Value {
    json!({
        "source": "maillage", "structure_id": "ml-angers", "id": "ml-permis",
        "nom": "Aide au permis de conduire", "description": "Financement et préparation du permis B.",
        "date_maj": "2026-10-02", "type": "aide-financiere",
        "thematiques": ["mobilite--preparer-un-permis", "mobilite--financer-ma-mobilite"],
        "publics": ["jeunes"], "frais": "gratuit", "zone_eligibilite": ["244900015"],
        "modes_mobilisation": ["telephoner"], "mobilisable_par": ["professionnels"],
        "volume_horaire_hebdomadaire": 2.5, "nombre_semaines": 12
    })
}

fn file(structures: Vec<Value>, services: Vec<Value>) -> String {
    json!({ "structures": structures, "services": services }).to_string()
}

#[test]
fn a_valid_file_round_trips() {
    let catalogue = Catalogue::parse(&file(vec![structure()], vec![service()]), today()).unwrap();
    let service = &catalogue.services[0];
    assert_eq!(service.thematics[1], "mobilite--financer-ma-mobilite");
    assert_eq!(service.updated_on.to_string(), "2026-10-02");
    assert_eq!(
        catalogue.structures[0].siret.as_ref().unwrap().siren(),
        "130025265"
    );
    let exported = catalogue.to_json();
    // Every field is written, `null` when absent.
    assert_eq!(
        exported["services"][0].as_object().unwrap().len(),
        SERVICE_FIELDS.len()
    );
    assert!(exported["services"][0]["modes_accueil"].is_null());
    let again = Catalogue::parse(&exported.to_string(), today()).unwrap();
    assert_eq!(again, catalogue);
    assert_eq!(again.to_json(), exported);
}

fn problems(text: &str) -> Vec<(String, String)> {
    Catalogue::parse(text, today())
        .unwrap_err()
        .problems
        .into_iter()
        .map(|p| (p.record, p.field))
        .collect()
}

#[test]
fn each_bad_record_and_field_is_reported() {
    let mut bad_structure = structure();
    bad_structure["siret"] = json!("13002526500014");
    bad_structure["reseaux_porteurs"] = json!(["reseau-inconnu"]);
    bad_structure["couleur"] = json!("bleu");
    let mut bad_service = service();
    bad_service["thematiques"] = json!(["mobilité"]);
    bad_service.as_object_mut().unwrap().remove("description");
    bad_service["structure_id"] = json!("absente");
    let mut duplicate = service();
    duplicate["publics"] = json!(["tous-publics", "jeunes"]);
    let text = file(vec![bad_structure], vec![bad_service, duplicate, json!(3)]);
    let report = problems(&text);
    let expect = [
        ("Structure n° 1 (ml-angers)", "siret"),
        ("Structure n° 1 (ml-angers)", "reseaux_porteurs"),
        ("Structure n° 1 (ml-angers)", "couleur"),
        ("Service n° 1 (ml-permis)", "thematiques"),
        ("Service n° 1 (ml-permis)", "description"),
        ("Service n° 2 (ml-permis)", "publics"),
        ("Service n° 3", ""),
    ];
    for (record, field) in expect {
        assert!(
            report.contains(&(record.to_owned(), field.to_owned())),
            "{record} {field}: {report:?}"
        );
    }
    // A service whose structure is not in the file.
    let only_orphan = file(
        vec![structure()],
        vec![{
            let mut s = service();
            s["structure_id"] = json!("absente");
            s
        }],
    );
    assert_eq!(
        problems(&only_orphan),
        vec![("Service n° 1 (ml-permis)".into(), "structure_id".into())]
    );
}

#[test]
fn the_file_itself_is_checked() {
    assert_eq!(problems("pas du json")[0].0, "Fichier");
    assert_eq!(problems("[]")[0].0, "Fichier");
    let report = problems(r#"{"structures": {}, "autre": 1}"#);
    assert!(report.contains(&("Fichier".into(), "structures".into())));
    assert!(report.contains(&("Fichier".into(), "services".into())));
    assert!(report.contains(&("Fichier".into(), "autre".into())));
    let twice = file(vec![structure(), structure()], vec![]);
    assert_eq!(
        problems(&twice),
        vec![("Structure n° 2 (ml-angers)".into(), "id".into())]
    );
}

#[test]
fn types_and_ranges_are_checked() {
    let mut s = service();
    s["nom"] = json!("ab");
    s["date_maj"] = json!("02/10/2026");
    s["latitude"] = json!(120);
    s["nombre_semaines"] = json!(0);
    s["courriel"] = json!("pas-une-adresse");
    s["lien_mobilisation"] = json!("www.exemple.fr");
    s["zone_eligibilite"] = json!(["49000"]);
    s["code_insee"] = json!(49007);
    s["frais"] = json!("offert");
    let rejected = Service::from_json(s.as_object().unwrap(), today()).unwrap_err();
    for field in [
        "nom",
        "date_maj",
        "latitude",
        "nombre_semaines",
        "courriel",
        "lien_mobilisation",
        "zone_eligibilite",
        "code_insee",
        "frais",
    ] {
        assert!(rejected.fields.get(field).is_some(), "{field}");
    }
}

#[test]
fn date_maj_follows_data_inclusion_s_own_validator() {
    for (date, message) in [
        ("2026-12-07", "ne peut pas être dans le futur"),
        ("1999-12-31", "au 21e siècle"),
        ("0001-01-01", "au 21e siècle"),
    ] {
        let mut s = service();
        s["date_maj"] = json!(date);
        let rejected = Service::from_json(s.as_object().unwrap(), today()).unwrap_err();
        assert!(
            rejected.fields.get("date_maj").unwrap().contains(message),
            "{date}"
        );
        let mut st = structure();
        st["date_maj"] = json!(date);
        assert!(Structure::from_json(st.as_object().unwrap(), today()).is_err());
    }
    let mut s = service();
    s["date_maj"] = json!("2000-01-01");
    assert!(Service::from_json(s.as_object().unwrap(), today()).is_ok());
}

#[test]
fn reports_are_bounded() {
    let many: Vec<Value> = (0..MAX_PROBLEMS + 10).map(|_| json!({})).collect();
    let report = Catalogue::parse(&file(many, vec![]), today()).unwrap_err();
    assert_eq!(report.problems.len(), MAX_PROBLEMS);
    assert!(report.more > 0);
    assert!(report.bad_records() > 100);
}

#[test]
fn addresses_on_one_line() {
    let address = Address {
        street: Some("12 rue Plantagenêt".into()),
        postal_code: Some("49100".into()),
        commune: Some("Angers".into()),
        ..Address::default()
    };
    assert_eq!(address.one_line(), "12 rue Plantagenêt, 49100 Angers");
    assert_eq!(Address::default().one_line(), "");
}
