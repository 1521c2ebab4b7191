//! The territory's service catalogue (*offre de service*, *droit commun*) in
//! the data·inclusion v1 shape: structures (*structures*) and their services
//! (*services*), read from and written back to data·inclusion JSON.
//!
//! Field names in JSON are data·inclusion's (French); the Rust names are
//! English, with the data·inclusion name next to each.

pub(crate) mod fields;
mod file;
pub mod removal;
pub mod search;

use chrono::NaiveDate;
use serde_json::{json, Map, Value};

use crate::partners::Siret;
use crate::referential;
use fields::{Reader, LONG_TEXT, SHORT_TEXT};
pub use file::{Catalogue, ImportReport, Problem, MAX_PROBLEMS};

/// The fields of a data·inclusion v1 structure, in the schema's order.
pub const STRUCTURE_FIELDS: [&str; 20] = [
    "source",
    "id",
    "nom",
    "date_maj",
    "description",
    "lien_source",
    "siret",
    "commune",
    "code_postal",
    "code_insee",
    "adresse",
    "complement_adresse",
    "longitude",
    "latitude",
    "telephone",
    "courriel",
    "site_web",
    "horaires_accueil",
    "accessibilite_lieu",
    "reseaux_porteurs",
];

/// The fields of a data·inclusion v1 service, in the schema's order.
pub const SERVICE_FIELDS: [&str; 33] = [
    "source",
    "structure_id",
    "id",
    "nom",
    "description",
    "lien_source",
    "date_maj",
    "type",
    "thematiques",
    "frais",
    "frais_precisions",
    "publics",
    "publics_precisions",
    "conditions_acces",
    "commune",
    "code_postal",
    "code_insee",
    "adresse",
    "complement_adresse",
    "longitude",
    "latitude",
    "telephone",
    "courriel",
    "modes_accueil",
    "zone_eligibilite",
    "contact_nom_prenom",
    "lien_mobilisation",
    "modes_mobilisation",
    "mobilisable_par",
    "mobilisation_precisions",
    "volume_horaire_hebdomadaire",
    "nombre_semaines",
    "horaires_accueil",
];

/// Where a structure or a service is (*adresse*).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Address {
    /// `commune`
    pub commune: Option<String>,
    /// `code_postal`
    pub postal_code: Option<String>,
    /// `code_insee`: a commune that exists.
    pub insee_code: Option<String>,
    /// `adresse`
    pub street: Option<String>,
    /// `complement_adresse`
    pub complement: Option<String>,
    pub longitude: Option<f64>,
    pub latitude: Option<f64>,
}

impl Address {
    fn read(r: &mut Reader) -> Address {
        Address {
            commune: r.text("commune", 1, 200),
            postal_code: r.postal_code("code_postal"),
            insee_code: r.insee_code("code_insee"),
            street: r.text("adresse", 1, SHORT_TEXT),
            complement: r.text("complement_adresse", 1, SHORT_TEXT),
            longitude: r.number("longitude", -180.0, 180.0),
            latitude: r.number("latitude", -90.0, 90.0),
        }
    }

    fn write(&self, map: &mut Map<String, Value>) {
        map.insert("commune".into(), json!(self.commune));
        map.insert("code_postal".into(), json!(self.postal_code));
        map.insert("code_insee".into(), json!(self.insee_code));
        map.insert("adresse".into(), json!(self.street));
        map.insert("complement_adresse".into(), json!(self.complement));
        map.insert("longitude".into(), json!(self.longitude));
        map.insert("latitude".into(), json!(self.latitude));
    }

    /// « 12 rue X, 49000 Angers », for pages.
    pub fn one_line(&self) -> String {
        let town = [self.postal_code.as_deref(), self.commune.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        [
            self.street.as_deref(),
            self.complement.as_deref(),
            Some(&town),
        ]
        .into_iter()
        .flatten()
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
    }
}

/// A list in JSON: `null` when empty (data·inclusion's "not given").
fn list<T: serde::Serialize>(items: &[T]) -> Value {
    if items.is_empty() {
        Value::Null
    } else {
        json!(items)
    }
}

/// An organisation that offers services (*structure*).
#[derive(Debug, Clone, PartialEq)]
pub struct Structure {
    /// `source`: the producer of the record (`dora`, `maillage`…).
    pub source: String,
    /// `id`: the record's id at its producer.
    pub id: String,
    /// `nom`
    pub name: String,
    /// `date_maj`: last change at the producer.
    pub updated_on: NaiveDate,
    pub description: Option<String>,
    /// `lien_source`
    pub source_link: Option<String>,
    pub siret: Option<Siret>,
    pub address: Address,
    /// `telephone`
    pub phone: Option<String>,
    /// `courriel`
    pub email: Option<String>,
    /// `site_web`
    pub website: Option<String>,
    /// `horaires_accueil` (OpenStreetMap opening hours)
    pub opening_hours: Option<String>,
    /// `accessibilite_lieu`: an Accèslibre link.
    pub accessibility: Option<String>,
    /// `reseaux_porteurs`
    pub networks: Vec<&'static str>,
}

impl Structure {
    /// Validates one record; unknown fields are refused too.
    pub fn from_json(map: &Map<String, Value>, today: NaiveDate) -> Result<Structure, Rejected> {
        let (mut r, unknown) = Reader::new(map, &STRUCTURE_FIELDS);
        let source = r.identifier("source");
        let id = r.identifier("id");
        let name = r.required("nom", 3, 150);
        let updated_on = r.updated_on(today);
        let structure = Structure {
            description: r.text("description", 5, LONG_TEXT),
            source_link: r.uri("lien_source"),
            siret: r.siret("siret"),
            address: Address::read(&mut r),
            phone: r.text("telephone", 1, 50),
            email: r.email("courriel"),
            website: r.uri("site_web"),
            opening_hours: r.text("horaires_accueil", 1, SHORT_TEXT),
            accessibility: r.uri("accessibilite_lieu"),
            networks: r.codes("reseaux_porteurs", referential::network),
            source,
            id,
            name,
            updated_on: updated_on.unwrap_or_default(),
        };
        Rejected::check(r, unknown, structure)
    }

    pub fn to_json(&self) -> Value {
        let mut map = Map::new();
        map.insert("source".into(), json!(self.source));
        map.insert("id".into(), json!(self.id));
        map.insert("nom".into(), json!(self.name));
        map.insert("date_maj".into(), json!(date(self.updated_on)));
        map.insert("description".into(), json!(self.description));
        map.insert("lien_source".into(), json!(self.source_link));
        map.insert(
            "siret".into(),
            json!(self.siret.as_ref().map(Siret::as_str)),
        );
        self.address.write(&mut map);
        map.insert("telephone".into(), json!(self.phone));
        map.insert("courriel".into(), json!(self.email));
        map.insert("site_web".into(), json!(self.website));
        map.insert("horaires_accueil".into(), json!(self.opening_hours));
        map.insert("accessibilite_lieu".into(), json!(self.accessibility));
        map.insert("reseaux_porteurs".into(), list(&self.networks));
        Value::Object(map)
    }
}

/// A service of a structure (*service*).
#[derive(Debug, Clone, PartialEq)]
pub struct Service {
    pub source: String,
    /// `structure_id`: the structure's `id` (same source).
    pub structure_id: String,
    pub id: String,
    /// `nom`
    pub name: String,
    pub description: String,
    /// `lien_source`
    pub source_link: Option<String>,
    /// `date_maj`
    pub updated_on: NaiveDate,
    /// `type`: accompagnement, atelier, formation…
    pub kind: Option<&'static str>,
    /// `thematiques`: the needs (*freins*) it answers.
    pub thematics: Vec<&'static str>,
    /// `frais`: gratuit or payant.
    pub fees: Option<&'static str>,
    /// `frais_precisions`
    pub fees_details: Option<String>,
    pub publics: Vec<&'static str>,
    /// `publics_precisions`
    pub publics_details: Option<String>,
    /// `conditions_acces`
    pub access_conditions: Option<String>,
    pub address: Address,
    /// `telephone`
    pub phone: Option<String>,
    /// `courriel`
    pub email: Option<String>,
    /// `modes_accueil`
    pub reception_modes: Vec<&'static str>,
    /// `zone_eligibilite`: codes of communes, départements, EPCI, countries.
    pub eligibility_zone: Vec<String>,
    /// `contact_nom_prenom`
    pub contact_name: Option<String>,
    /// `lien_mobilisation`
    pub mobilisation_link: Option<String>,
    /// `modes_mobilisation`
    pub mobilisation_modes: Vec<&'static str>,
    /// `mobilisable_par`: usagers, professionnels.
    pub mobilisable_by: Vec<&'static str>,
    /// `mobilisation_precisions`
    pub mobilisation_details: Option<String>,
    /// `volume_horaire_hebdomadaire`
    pub weekly_hours: Option<f64>,
    /// `nombre_semaines`
    pub weeks: Option<i64>,
    /// `horaires_accueil`
    pub opening_hours: Option<String>,
}

impl Service {
    /// Validates one record; unknown fields are refused too. Whether its
    /// structure exists is checked by the caller, who knows the structures.
    pub fn from_json(map: &Map<String, Value>, today: NaiveDate) -> Result<Service, Rejected> {
        let (mut r, unknown) = Reader::new(map, &SERVICE_FIELDS);
        let source = r.identifier("source");
        let structure_id = r.identifier("structure_id");
        let id = r.identifier("id");
        let name = r.required("nom", 3, 150);
        let description = r.required("description", 5, LONG_TEXT);
        let updated_on = r.updated_on(today);
        let publics = r.codes("publics", referential::public);
        if publics.len() > 1 && publics.contains(&"tous-publics") {
            r.errors.add(
                "publics",
                "« tous-publics » ne se combine pas avec d'autres publics.",
            );
        }
        let service = Service {
            source_link: r.uri("lien_source"),
            kind: r.code("type", referential::service_type),
            thematics: r.codes("thematiques", referential::thematic),
            fees: r.code("frais", referential::fee),
            fees_details: r.text("frais_precisions", 1, LONG_TEXT),
            publics_details: r.text("publics_precisions", 1, LONG_TEXT),
            access_conditions: r.text("conditions_acces", 1, LONG_TEXT),
            address: Address::read(&mut r),
            phone: r.text("telephone", 1, 50),
            email: r.email("courriel"),
            reception_modes: r.codes("modes_accueil", referential::reception_mode),
            eligibility_zone: r.zones("zone_eligibilite"),
            contact_name: r.text("contact_nom_prenom", 1, 200),
            mobilisation_link: r.uri("lien_mobilisation"),
            mobilisation_modes: r.codes("modes_mobilisation", referential::mobilisation_mode),
            mobilisable_by: r.codes("mobilisable_par", referential::mobilising_person),
            mobilisation_details: r.text("mobilisation_precisions", 1, LONG_TEXT),
            weekly_hours: r.number("volume_horaire_hebdomadaire", 0.0, 168.0),
            weeks: r.integer("nombre_semaines", 1, 520),
            opening_hours: r.text("horaires_accueil", 1, SHORT_TEXT),
            source,
            structure_id,
            id,
            name,
            description,
            updated_on: updated_on.unwrap_or_default(),
            publics,
        };
        Rejected::check(r, unknown, service)
    }

    pub fn to_json(&self) -> Value {
        let mut map = Map::new();
        map.insert("source".into(), json!(self.source));
        map.insert("structure_id".into(), json!(self.structure_id));
        map.insert("id".into(), json!(self.id));
        map.insert("nom".into(), json!(self.name));
        map.insert("description".into(), json!(self.description));
        map.insert("lien_source".into(), json!(self.source_link));
        map.insert("date_maj".into(), json!(date(self.updated_on)));
        map.insert("type".into(), json!(self.kind));
        map.insert("thematiques".into(), list(&self.thematics));
        map.insert("frais".into(), json!(self.fees));
        map.insert("frais_precisions".into(), json!(self.fees_details));
        map.insert("publics".into(), list(&self.publics));
        map.insert("publics_precisions".into(), json!(self.publics_details));
        map.insert("conditions_acces".into(), json!(self.access_conditions));
        self.address.write(&mut map);
        map.insert("telephone".into(), json!(self.phone));
        map.insert("courriel".into(), json!(self.email));
        map.insert("modes_accueil".into(), list(&self.reception_modes));
        map.insert("zone_eligibilite".into(), list(&self.eligibility_zone));
        map.insert("contact_nom_prenom".into(), json!(self.contact_name));
        map.insert("lien_mobilisation".into(), json!(self.mobilisation_link));
        map.insert("modes_mobilisation".into(), list(&self.mobilisation_modes));
        map.insert("mobilisable_par".into(), list(&self.mobilisable_by));
        map.insert(
            "mobilisation_precisions".into(),
            json!(self.mobilisation_details),
        );
        map.insert(
            "volume_horaire_hebdomadaire".into(),
            json!(self.weekly_hours),
        );
        map.insert("nombre_semaines".into(), json!(self.weeks));
        map.insert("horaires_accueil".into(), json!(self.opening_hours));
        Value::Object(map)
    }
}

fn date(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

/// Why a record was refused: its bad fields, and the fields the schema does
/// not know.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rejected {
    pub fields: crate::FieldErrors,
    pub unknown: Vec<String>,
}

impl Rejected {
    /// A missing date is always in `r.errors`, so `value`'s placeholder date
    /// never leaves.
    fn check<T>(r: Reader, unknown: Vec<String>, value: T) -> Result<T, Rejected> {
        if r.errors.is_empty() && unknown.is_empty() {
            Ok(value)
        } else {
            Err(Rejected {
                fields: r.errors,
                unknown,
            })
        }
    }

    /// Every problem as (field, French message).
    pub fn problems(&self) -> Vec<(String, String)> {
        let unknown = self.unknown.iter().map(|field| {
            (
                field.clone(),
                "Ce champ n'existe pas dans le schéma data·inclusion v1.".to_owned(),
            )
        });
        self.fields
            .iter()
            .map(|(field, message)| (field.to_owned(), message.to_owned()))
            .chain(unknown)
            .collect()
    }
}

#[cfg(test)]
mod tests;
