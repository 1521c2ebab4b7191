//! The code lists (*énumérations*) of the data·inclusion v1 schema
//! (data·inclusion, GIP de l'inclusion, schema 1.0.10; Licence Ouverte 2.0).
//! The codes are the national vocabulary shared with data·inclusion, Dora and
//! les emplois de l'inclusion: they are used as they are.

use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

const ENUMS_JSON: &str = include_str!("../../../../data/data-inclusion-v1/enums.json");

/// One value of a data·inclusion code list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Code {
    /// Stable code, e.g. `mission-locale`, `mobilite--preparer-un-permis`.
    pub code: &'static str,
    /// French label, e.g. `Mission Locale`.
    pub label: &'static str,
    /// French description, when the schema gives one.
    pub description: Option<&'static str>,
}

#[derive(Deserialize)]
struct RawCode {
    code: String,
    label: String,
    description: Option<String>,
}

/// The file `enums.json`, key by key (the schema's French names).
#[derive(Deserialize, Default)]
#[serde(default)]
struct RawEnums {
    #[serde(rename = "Categorie")]
    categories: Vec<RawCode>,
    #[serde(rename = "Thematique")]
    thematics: Vec<RawCode>,
    #[serde(rename = "Public")]
    publics: Vec<RawCode>,
    #[serde(rename = "TypeService")]
    service_types: Vec<RawCode>,
    #[serde(rename = "ModeAccueil")]
    reception_modes: Vec<RawCode>,
    #[serde(rename = "Frais")]
    fees: Vec<RawCode>,
    #[serde(rename = "ModeMobilisation")]
    mobilisation_modes: Vec<RawCode>,
    #[serde(rename = "PersonneMobilisatrice")]
    mobilising_persons: Vec<RawCode>,
    #[serde(rename = "ReseauPorteur")]
    networks: Vec<RawCode>,
}

struct Enums {
    categories: Vec<Code>,
    thematics: Vec<Code>,
    publics: Vec<Code>,
    service_types: Vec<Code>,
    reception_modes: Vec<Code>,
    fees: Vec<Code>,
    mobilisation_modes: Vec<Code>,
    mobilising_persons: Vec<Code>,
    networks: Vec<Code>,
}

/// The parsed strings live as long as the program (they are in a `static`):
/// making them `'static` once and for all avoids exposing `String`s, and
/// stays right if the JSON holds escapes.
fn leak(list: Vec<RawCode>) -> Vec<Code> {
    list.into_iter()
        .map(|raw| Code {
            code: raw.code.leak(),
            label: raw.label.leak(),
            description: raw.description.map(|d| &*d.leak()),
        })
        .collect()
}

static ENUMS: LazyLock<Enums> = LazyLock::new(|| {
    // The file is built in and checked by the tests: failure cannot happen
    // on the shipped data, and would only give empty lists.
    let raw: RawEnums = serde_json::from_str(ENUMS_JSON).unwrap_or_default();
    Enums {
        categories: leak(raw.categories),
        thematics: leak(raw.thematics),
        publics: leak(raw.publics),
        service_types: leak(raw.service_types),
        reception_modes: leak(raw.reception_modes),
        fees: leak(raw.fees),
        mobilisation_modes: leak(raw.mobilisation_modes),
        mobilising_persons: leak(raw.mobilising_persons),
        networks: leak(raw.networks),
    }
});

fn find(list: &'static [Code], code: &str) -> Option<&'static Code> {
    list.iter().find(|c| c.code == code)
}

macro_rules! enumeration {
    ($(#[$doc:meta])* $all:ident, $one:ident, $field:ident) => {
        $(#[$doc])*
        /// In the schema's order.
        pub fn $all() -> &'static [Code] {
            &ENUMS.$field
        }

        /// The value of this code, if it exists (see
        #[doc = concat!("[`", stringify!($all), "`]).")]
        pub fn $one(code: &str) -> Option<&'static Code> {
            find(&ENUMS.$field, code)
        }
    };
}

enumeration!(
    /// Carrier networks (*réseaux porteurs*, `ReseauPorteur`): France Travail,
    /// Mission Locale, CAF…
    networks, network, networks
);
enumeration!(
    /// Categories of thematics (`Categorie`): `mobilite`, `famille`…
    thematic_categories, thematic_category, categories
);
enumeration!(
    /// Thematics (*thématiques*, `Thematique`): needs and barriers, shaped
    /// `category--sub-thematic`.
    thematics, thematic, thematics
);
enumeration!(
    /// Publics (`Public`): `jeunes`, `residents-qpv-frr`…
    publics, public, publics
);
enumeration!(
    /// Service types (`TypeService`): `accompagnement`, `atelier`…
    service_types, service_type, service_types
);
enumeration!(
    /// Reception modes (*modes d'accueil*, `ModeAccueil`): `a-distance`,
    /// `en-presentiel`.
    reception_modes, reception_mode, reception_modes
);
enumeration!(
    /// Fees (*frais*, `Frais`): `gratuit`, `payant`.
    fees, fee, fees
);
enumeration!(
    /// How a service is mobilised (*modes de mobilisation*, `ModeMobilisation`):
    /// `telephoner`, `se-presenter`…
    mobilisation_modes, mobilisation_mode, mobilisation_modes
);
enumeration!(
    /// Who mobilises it (*personnes mobilisatrices*, `PersonneMobilisatrice`):
    /// `usagers`, `professionnels`.
    mobilising_persons, mobilising_person, mobilising_persons
);

/// The thematics of a category (those whose code starts with `category--`),
/// in the schema's order.
pub fn thematics_of_category(category_code: &str) -> impl Iterator<Item = &'static Code> + '_ {
    thematics().iter().filter(move |t| {
        t.code
            .strip_prefix(category_code)
            .is_some_and(|rest| rest.starts_with("--"))
    })
}

/// The category of a thematic, e.g. `mobilite` for
/// `mobilite--preparer-un-permis`.
pub fn category_of_thematic(thematic_code: &str) -> Option<&'static Code> {
    let (category, _) = thematic_code.split_once("--")?;
    thematic(thematic_code)?;
    thematic_category(category)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_file_parses_fully() {
        let json: serde_json::Value = serde_json::from_str(ENUMS_JSON).unwrap();
        let len = |key: &str| json[key].as_array().unwrap().len();
        assert_eq!(json.as_object().unwrap().len(), 9);
        assert_eq!(thematic_categories().len(), len("Categorie"));
        assert_eq!(thematics().len(), len("Thematique"));
        assert_eq!(publics().len(), len("Public"));
        assert_eq!(service_types().len(), len("TypeService"));
        assert_eq!(reception_modes().len(), len("ModeAccueil"));
        assert_eq!(fees().len(), len("Frais"));
        assert_eq!(mobilisation_modes().len(), len("ModeMobilisation"));
        assert_eq!(mobilising_persons().len(), len("PersonneMobilisatrice"));
        assert_eq!(networks().len(), len("ReseauPorteur"));
    }

    #[test]
    fn counts_and_unique_codes() {
        let lists = [
            (thematic_categories(), 16),
            (thematics(), 69),
            (publics(), 14),
            (service_types(), 6),
            (reception_modes(), 2),
            (fees(), 2),
            (mobilisation_modes(), 4),
            (mobilising_persons(), 2),
            (networks(), 108),
        ];
        for (list, expected) in lists {
            assert_eq!(list.len(), expected);
            let mut codes: Vec<_> = list.iter().map(|c| c.code).collect();
            codes.sort_unstable();
            codes.dedup();
            assert_eq!(codes.len(), expected);
            assert!(list
                .iter()
                .all(|c| !c.code.is_empty() && !c.label.is_empty()));
        }
    }

    #[test]
    fn networks_of_a_cite_de_l_emploi() {
        let expected = [
            ("france-travail", "France Travail"),
            ("mission-locale", "Mission Locale"),
            ("cap-emploi-reseau-cheops", "CAP Emploi - Réseau CHEOPS"),
            ("caf", "Caisse d’Allocations Familiales"),
            (
                "creches-avip",
                "Crèches à Vocation d’Insertion Professionnelle",
            ),
            ("departements", "Départements et Services Départementaux"),
            ("plie", "Plans Locaux pour l’Insertion et l’Emploi"),
        ];
        for (code, label) in expected {
            assert_eq!(network(code).map(|n| n.label), Some(label), "{code}");
        }
        assert!(network("cidff")
            .unwrap()
            .label
            .starts_with("Centres d’Information"));
        assert!(network("ccas-cias")
            .unwrap()
            .label
            .contains("Centres Communaux"));
        assert!(network("cap-emploi").is_none());
        assert!(network("").is_none());
    }

    #[test]
    fn thematics_and_categories() {
        let mobilite: Vec<_> = thematics_of_category("mobilite").map(|t| t.code).collect();
        assert_eq!(mobilite.len(), 6);
        assert!(mobilite.contains(&"mobilite--preparer-un-permis"));
        assert!(mobilite.contains(&"mobilite--acceder-a-un-vehicule"));
        assert_eq!(thematic_category("mobilite").unwrap().label, "Mobilité");
        assert_eq!(
            thematic("mobilite--preparer-un-permis").unwrap().label,
            "Préparer un permis"
        );
        assert_eq!(
            category_of_thematic("mobilite--preparer-un-permis").map(|c| c.code),
            Some("mobilite")
        );
        assert!(category_of_thematic("mobilite--inconnue").is_none());
        assert!(category_of_thematic("mobilite").is_none());
        // A prefix of a category ("mob") is not that category.
        assert_eq!(thematics_of_category("mob").count(), 0);
        assert_eq!(thematics_of_category("").count(), 0);

        // Every thematic belongs to a known category, and the categories
        // share out every thematic.
        for t in thematics() {
            assert!(category_of_thematic(t.code).is_some(), "{}", t.code);
        }
        let total: usize = thematic_categories()
            .iter()
            .map(|c| thematics_of_category(c.code).count())
            .sum();
        assert_eq!(total, thematics().len());
    }

    #[test]
    fn other_enumerations() {
        assert_eq!(
            public("residents-qpv-frr").unwrap().label,
            "Résidents en QPV ou FRR"
        );
        assert_eq!(public("jeunes").unwrap().label, "Jeunes");
        assert!(public("inconnu").is_none());
        assert_eq!(
            service_type("accompagnement").unwrap().label,
            "Accompagnement"
        );
        assert_eq!(fee("gratuit").unwrap().label, "Gratuit");
        assert_eq!(
            reception_mode("en-presentiel").unwrap().label,
            "En présentiel"
        );
        assert_eq!(mobilisation_mode("telephoner").unwrap().label, "Téléphoner");
        assert_eq!(
            mobilising_person("professionnels").unwrap().label,
            "Professionnels"
        );
        assert!(thematic_category("choisir-un-metier")
            .unwrap()
            .description
            .is_none());
        assert!(public("actifs").unwrap().description.is_some());
    }
}
