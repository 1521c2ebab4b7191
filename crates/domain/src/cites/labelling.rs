//! Labelling a new Cité (« labellisation ») : the national team creates it,
//! in a label wave (« vague de labellisation » : 24 pioneers in 2020, 60 more
//! in 2021…), with its code, its territory, its co-pilots and its first
//! coordinator; and archives one (« archiver une Cité ») that leaves the
//! programme.
//!
//! An archived Cité (« Cité archivée ») keeps its data (retention is its own
//! rule) but nobody works in it any more: its memberships no longer open a
//! scope, so no cohort, referral, action or account is added to it, and
//! it is listed apart from the active Cités. In national figures, what
//! describes the network today (how many Cités, partners, référents) counts
//! active Cités only; what is history stays: the persons it followed keep
//! their line on the national home, marked archived, and the innovative
//! actions it published stay in the national catalogue for others to reuse.

use std::ops::RangeInclusive;

use chrono::{Datelike, NaiveDate};

use super::{resolve_communes, CiteProfile};
use crate::accounts::Email;
use crate::errors::{optional_text, required_text, FieldErrors};
use crate::participants::cohorts::{DEFAULT_FOLLOW_UP_MONTHS, DEFAULT_REFERRAL_EXPIRY_DAYS};
use crate::referential;

/// The first label wave (« vague de labellisation ») : the 2020 pioneers.
pub const FIRST_LABEL_YEAR: i32 = 2020;

/// The plausible label waves seen from `today`: from the 2020 pioneers to
/// next year's, which the national team prepares ahead.
pub fn label_years(today: NaiveDate) -> RangeInclusive<i32> {
    FIRST_LABEL_YEAR..=today.year() + 1
}

/// The label wave typed in a form, when plausible ([`label_years`]).
pub fn label_year(errors: &mut FieldErrors, input: &str, today: NaiveDate) -> Option<i32> {
    let years = label_years(today);
    let year = input
        .trim()
        .parse::<i32>()
        .ok()
        .filter(|y| years.contains(y));
    if year.is_none() {
        errors.add(
            "label_year",
            format!(
                "Indiquez l'année de la vague de labellisation, de {} à {}.",
                years.start(),
                years.end()
            ),
        );
    }
    year
}

/// How long a Cité's code may be.
const MAX_CODE_CHARS: usize = 40;

/// A Cité's code (« code de la Cité ») : its short name on the command line
/// and in exports (`angers`, `est-ensemble`): lowercase letters without
/// accents, digits and single hyphens inside.
pub fn check_cite_code(code: &str) -> Result<(), String> {
    let well_formed = (2..=MAX_CODE_CHARS).contains(&code.len())
        && code
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !code.starts_with('-')
        && !code.ends_with('-')
        && !code.contains("--");
    if well_formed {
        Ok(())
    } else {
        Err(format!(
            "Le code s'écrit en minuscules sans accents, chiffres et tirets, de 2 à {MAX_CODE_CHARS} caractères (exemple : est-ensemble)."
        ))
    }
}

/// Why a new Cité's coordinator address is refused when it already has an
/// account. Refused rather than attached: that account may be a référent's
/// or a co-pilot's of another Cité, and making it the coordinator of the new
/// one would open every person's file there to whoever holds it, without its
/// owner nor its Cité being asked; nor would the national team get a
/// password to hand over, so the page could not say how the coordinator
/// signs in. Giving an existing account a second Cité stays a separate,
/// deliberate act.
pub const EMAIL_TAKEN: &str = "Un compte existe déjà avec cette adresse : le premier \
     coordinateur d'une nouvelle Cité reçoit un compte neuf. Indiquez une autre adresse.";

/// Why nothing is added to an archived Cité (« Cité archivée »).
pub const ARCHIVED_CITE: &str =
    "Cette Cité est archivée : on n'y ajoute plus de compte ni de donnée.";

/// Why a member cannot sign in when every Cité of their account is archived.
pub fn archived_cites_message(names: &[String]) -> String {
    let cites = names.join(", ");
    let (cite, verb) = if names.len() > 1 {
        ("Les Cités", "ont été archivées")
    } else {
        ("La Cité", "a été archivée")
    };
    format!(
        "{cite} de votre compte ({cites}) {verb} par l'équipe nationale : \
         on ne peut plus y travailler. Contactez l'équipe nationale (ANCT) \
         si vous pensez que c'est une erreur."
    )
}

/// The form (and command line) that labels a new Cité.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NewCiteInput {
    pub code: String,
    pub name: String,
    pub departement: String,
    /// SIREN number or name of the EPCI; may stay empty.
    pub epci: String,
    /// Names or INSEE codes, separated by commas.
    pub communes: String,
    pub label_year: String,
    pub co_pilots: String,
    pub coordinator_name: String,
    pub coordinator_email: String,
}

/// A new Cité, validated: its code, its profile (territory, wave,
/// co-pilots; the rest left to its coordinator) and its first coordinator.
#[derive(Debug, Clone, PartialEq)]
pub struct NewCite {
    pub code: String,
    pub profile: CiteProfile,
    pub coordinator_name: String,
    pub coordinator_email: Email,
}

/// The EPCI a form names by SIREN number, by name, or as « Name (SIREN) ».
fn find_epci(input: &str) -> Option<&'static referential::Epci> {
    let code = input
        .rsplit_once('(')
        .and_then(|(_, code)| code.strip_suffix(')'))
        .unwrap_or(input)
        .trim();
    referential::epci(code).or_else(|| {
        let wanted = crate::text::fold(input);
        referential::epcis()
            .iter()
            .find(|e| crate::text::fold(e.name) == wanted)
    })
}

/// The EPCI (optional) and the communes of a new Cité, checked against the
/// reference data: the EPCI has communes in the département, the communes
/// belong to the EPCI, or to the département when no EPCI is named.
fn territory(
    errors: &mut FieldErrors,
    departement: Option<&referential::Departement>,
    epci_input: &str,
    communes_input: &str,
) -> (Option<String>, Vec<String>) {
    let epci_input = epci_input.trim();
    let epci =
        if epci_input.is_empty() {
            None
        } else {
            let found = find_epci(epci_input);
            match (found, departement) {
            (None, _) => errors.add(
                "epci",
                "Cet EPCI n'existe pas : indiquez son numéro SIREN (9 chiffres) ou son nom exact.",
            ),
            (Some(e), Some(d)) if !e.members.iter().any(|c| c.starts_with(d.code)) => errors.add(
                "epci",
                format!("L'EPCI {} n'a aucune commune dans le département {}.", e.name, d.name),
            ),
            _ => {}
        }
            found
        };
    let (candidates, place): (Vec<String>, String) = match (epci, departement) {
        (Some(e), _) => (
            e.members.iter().map(|&c| c.to_owned()).collect(),
            format!("de l'EPCI {}", e.name),
        ),
        (None, Some(d)) => (
            referential::communes_of_departement(d.code)
                .map(|c| c.code.to_owned())
                .collect(),
            format!("du département {} ({})", d.name, d.code),
        ),
        // The département's own error says what to fix first.
        (None, None) => return (None, Vec::new()),
    };
    let communes = resolve_communes(communes_input, &candidates, &place)
        .map_err(|message| errors.add("communes", message))
        .unwrap_or_default();
    (epci.map(|e| e.code.to_owned()), communes)
}

impl NewCiteInput {
    /// The new Cité, or every field's French error. `today` bounds the label
    /// wave; the territory is checked against the built-in reference data.
    pub fn validate(&self, today: NaiveDate) -> Result<NewCite, FieldErrors> {
        let mut errors = FieldErrors::new();
        let code = self.code.trim().to_lowercase();
        if let Err(message) = check_cite_code(&code) {
            errors.add("code", message);
        }
        let name = required_text(&mut errors, "name", &self.name, 200);
        let departement_code = self.departement.trim().to_uppercase();
        let departement = referential::departement(&departement_code);
        if departement.is_none() {
            errors.add("departement", "Choisissez un département dans la liste.");
        }
        let (epci, communes) = territory(&mut errors, departement, &self.epci, &self.communes);
        let label_year = label_year(&mut errors, &self.label_year, today);
        let co_pilots = optional_text(&mut errors, "co_pilots", &self.co_pilots, 500);
        let coordinator_name =
            required_text(&mut errors, "coordinator_name", &self.coordinator_name, 200);
        let coordinator_email = Email::parse(&self.coordinator_email)
            .map_err(|message| errors.add("coordinator_email", message))
            .ok();
        let (Some(label_year), Some(coordinator_email), true) =
            (label_year, coordinator_email, errors.is_empty())
        else {
            return Err(errors);
        };
        Ok(NewCite {
            code,
            profile: CiteProfile {
                name,
                departement: departement_code,
                epci,
                communes,
                label_year,
                co_pilots,
                population: None,
                unemployment_rate: None,
                employment_rate: None,
                poverty_rate: None,
                defm_abc: None,
                target_publics: Vec::new(),
                no_target_public: false,
                axes: Vec::new(),
                own_axes: Vec::new(),
                follow_up_months: DEFAULT_FOLLOW_UP_MONTHS,
                referral_expiry_days: DEFAULT_REFERRAL_EXPIRY_DAYS,
            },
            coordinator_name,
            coordinator_email,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 6).unwrap()
    }

    fn le_mans() -> NewCiteInput {
        NewCiteInput {
            code: "le-mans".into(),
            name: "Cité de l'emploi du Mans Métropole".into(),
            departement: "72".into(),
            epci: "247200132".into(),
            communes: "Le Mans, 72003, le mans".into(),
            label_year: "2021".into(),
            co_pilots: "Préfecture de la Sarthe".into(),
            coordinator_name: "Nadia Benali".into(),
            coordinator_email: "Nadia.Benali@lemans.fr".into(),
        }
    }

    #[test]
    fn a_new_cite_resolves_its_communes_in_its_epci() {
        let cite = le_mans().validate(today()).unwrap();
        assert_eq!(cite.code, "le-mans");
        assert_eq!(cite.profile.epci.as_deref(), Some("247200132"));
        assert_eq!(cite.profile.communes, ["72181", "72003"]);
        assert_eq!(cite.coordinator_email.as_str(), "nadia.benali@lemans.fr");
        let by_name = NewCiteInput {
            epci: "CU Le Mans Métropole".into(),
            ..le_mans()
        };
        assert_eq!(
            by_name.validate(today()).unwrap().profile.epci.as_deref(),
            Some("247200132")
        );
    }

    #[test]
    fn communes_must_lie_in_the_epci_or_the_departement() {
        let outside = NewCiteInput {
            communes: "Le Mans, Sablé-sur-Sarthe".into(),
            ..le_mans()
        };
        assert_eq!(
            outside.validate(today()).unwrap_err().get("communes"),
            Some(
                "« Sablé-sur-Sarthe » n'est pas une commune de l'EPCI CU Le Mans Métropole : \
                 choisissez-en une dans la liste proposée, par son nom ou son code INSEE."
            )
        );
        let no_epci = NewCiteInput {
            epci: String::new(),
            communes: "Sablé-sur-Sarthe, 49007".into(),
            ..le_mans()
        };
        assert_eq!(
            no_epci.validate(today()).unwrap_err().get("communes"),
            Some("La commune Angers (49007) ne fait pas partie du département Sarthe (72).")
        );
        let elsewhere = NewCiteInput {
            epci: "244900015".into(),
            ..le_mans()
        };
        assert!(elsewhere
            .validate(today())
            .unwrap_err()
            .get("epci")
            .unwrap()
            .contains("aucune commune dans le département Sarthe"));
    }

    #[test]
    fn every_bad_field_is_named_in_french() {
        let bad = NewCiteInput {
            code: "Est Ensemble".into(),
            name: " ".into(),
            departement: "00".into(),
            epci: "123".into(),
            label_year: "2019".into(),
            coordinator_name: String::new(),
            coordinator_email: "nadia@".into(),
            ..le_mans()
        };
        let errors = bad.validate(today()).unwrap_err();
        for field in [
            "code",
            "name",
            "departement",
            "epci",
            "label_year",
            "coordinator_name",
            "coordinator_email",
        ] {
            assert!(errors.get(field).is_some(), "{field} should be reported");
        }
        assert_eq!(
            errors.get("label_year"),
            Some("Indiquez l'année de la vague de labellisation, de 2020 à 2027.")
        );
    }

    #[test]
    fn label_waves_run_from_2020_to_next_year() {
        let mut errors = FieldErrors::new();
        assert_eq!(label_year(&mut errors, "2020", today()), Some(2020));
        assert_eq!(label_year(&mut errors, " 2027 ", today()), Some(2027));
        assert!(errors.is_empty());
        assert_eq!(label_year(&mut errors, "2028", today()), None);
        assert_eq!(label_year(&mut errors, "2019", today()), None);
        assert_eq!(label_year(&mut errors, "vingt", today()), None);
    }

    #[test]
    fn codes_are_short_lowercase_slugs() {
        for good in ["angers", "est-ensemble", "93-nord", "le-mans-2"] {
            assert!(check_cite_code(good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "a",
            "Angers",
            "cité",
            "est--ensemble",
            "-x",
            "x-",
            "est ensemble",
        ] {
            assert!(check_cite_code(bad).is_err(), "{bad:?}");
        }
        assert!(check_cite_code(&"a".repeat(41)).is_err());
    }

    #[test]
    fn the_archived_message_names_the_cites() {
        assert!(archived_cites_message(&["Cité d'Angers".into()])
            .starts_with("La Cité de votre compte (Cité d'Angers) a été archivée"));
        assert!(archived_cites_message(&["A".into(), "B".into()])
            .starts_with("Les Cités de votre compte (A, B) ont été archivées"));
    }
}
