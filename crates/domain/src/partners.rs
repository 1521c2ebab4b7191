//! Partners (*partenaires / acteurs*): the organisations of a Cité, their
//! category and data·inclusion network, SIRET, address.

use crate::codes::code_list;
use crate::errors::{optional_text, required_text, FieldErrors};
use crate::referential;

code_list!(
    /// The programme's categories of actors.
    PartnerCategory {
        ServicePublicEmploi = "spe", "Service public de l'emploi";
        Etat = "etat", "Services de l'État";
        Collectivite = "collectivite", "Collectivité";
        Entreprise = "entreprise", "Entreprise";
        Formation = "formation", "Formation";
        Habitants = "habitants", "Habitants";
        Associatif = "associatif", "Associatif";
        Social = "social", "Social";
    }
);

/// A SIRET number (14 digits) whose Luhn key is right.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Siret(String);

/// La Poste's establishments share one SIREN and do not follow the Luhn key:
/// INSEE checks them with the sum of the digits being a multiple of 5.
const LA_POSTE_SIREN: &str = "356000000";

impl Siret {
    pub fn parse(input: &str) -> Result<Siret, String> {
        let digits: String = input.chars().filter(|c| !c.is_whitespace()).collect();
        if digits.len() != 14 || !digits.chars().all(|c| c.is_ascii_digit()) {
            return Err("Le SIRET compte 14 chiffres.".to_owned());
        }
        let valid = if digits.starts_with(LA_POSTE_SIREN) && &digits[..] != "35600000000048" {
            digits
                .bytes()
                .map(|b| u32::from(b - b'0'))
                .sum::<u32>()
                .is_multiple_of(5)
        } else {
            luhn_valid(&digits)
        };
        if valid {
            Ok(Siret(digits))
        } else {
            Err(
                "Ce SIRET n'existe pas : sa clé de contrôle est fausse. Vérifiez les chiffres."
                    .to_owned(),
            )
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn siren(&self) -> &str {
        &self.0[..9]
    }
}

/// Luhn checksum over ASCII digits (the caller has checked they are digits).
fn luhn_valid(digits: &str) -> bool {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 {
                let doubled = d * 2;
                if doubled > 9 {
                    doubled - 9
                } else {
                    doubled
                }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// French postal code: five digits.
pub fn check_postal_code(code: &str) -> Result<(), String> {
    if code.len() == 5 && code.chars().all(|c| c.is_ascii_digit()) {
        Ok(())
    } else {
        Err("Le code postal compte 5 chiffres.".to_owned())
    }
}

/// A partner, validated and ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartnerDraft {
    pub name: String,
    pub category: PartnerCategory,
    pub network: Option<String>,
    pub siret: Option<Siret>,
    pub address: Option<String>,
    pub postal_code: Option<String>,
    pub city: Option<String>,
    pub sensitive: bool,
}

/// Raw partner form fields, as typed.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct PartnerInput {
    pub name: String,
    pub category: String,
    pub network: String,
    pub siret: String,
    pub address: String,
    pub postal_code: String,
    pub city: String,
    pub sensitive: Option<String>,
}

impl PartnerInput {
    pub fn validate(&self) -> Result<PartnerDraft, FieldErrors> {
        let mut errors = FieldErrors::new();
        let name = required_text(&mut errors, "name", &self.name, 200);
        let category = PartnerCategory::parse(self.category.trim());
        if category.is_none() {
            errors.add("category", "Choisissez une catégorie dans la liste.");
        }
        let network = optional_text(&mut errors, "network", &self.network, 100);
        if let Some(code) = &network {
            if referential::network(code).is_none() {
                errors.add(
                    "network",
                    "Ce réseau ne figure pas dans le référentiel data·inclusion.",
                );
            }
        }
        let siret = optional_text(&mut errors, "siret", &self.siret, 20)
            .and_then(|s| Siret::parse(&s).map_err(|e| errors.add("siret", e)).ok());
        let address = optional_text(&mut errors, "address", &self.address, 300);
        let postal_code = optional_text(&mut errors, "postal_code", &self.postal_code, 5);
        if let Some(code) = &postal_code {
            if let Err(message) = check_postal_code(code) {
                errors.add("postal_code", message);
            }
        }
        let city = optional_text(&mut errors, "city", &self.city, 100);
        let sensitive = matches!(self.sensitive.as_deref(), Some("on" | "true" | "1"));
        match category {
            Some(category) if errors.is_empty() => Ok(PartnerDraft {
                name,
                category,
                network,
                siret,
                address,
                postal_code,
                city,
                sensitive,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn siret_luhn_key() {
        // Direction interministérielle du numérique, a real establishment.
        assert!(Siret::parse("130 025 265 00013").is_ok());
        assert_eq!(Siret::parse("13002526500013").unwrap().siren(), "130025265");
        assert!(Siret::parse("13002526500014").is_err());
        assert!(Siret::parse("1300252650001").is_err());
        assert!(Siret::parse("1300252650001A").is_err());
        assert!(Siret::parse("").is_err());
    }

    #[test]
    fn siret_la_poste_exception() {
        // La Poste establishments: digits sum to a multiple of 5.
        assert!(Siret::parse("35600000012345").is_err());
        assert!(Siret::parse("35600000000141").is_ok());
    }

    #[test]
    fn categories_round_trip() {
        for category in PartnerCategory::ALL {
            assert_eq!(PartnerCategory::parse(category.code()), Some(category));
        }
        assert_eq!(PartnerCategory::parse("autre"), None);
    }

    fn valid_input() -> PartnerInput {
        PartnerInput {
            name: " Mission locale angevine ".into(),
            category: "spe".into(),
            network: "mission-locale".into(),
            siret: "13002526500013".into(),
            postal_code: "49000".into(),
            city: "Angers".into(),
            sensitive: Some("on".into()),
            ..PartnerInput::default()
        }
    }

    #[test]
    fn valid_partner() {
        let draft = valid_input().validate().unwrap();
        assert_eq!(draft.name, "Mission locale angevine");
        assert!(draft.sensitive);
        assert_eq!(draft.network.as_deref(), Some("mission-locale"));
    }

    #[test]
    fn every_bad_field_is_reported_in_french() {
        let input = PartnerInput {
            name: "  ".into(),
            category: "autre".into(),
            network: "reseau-inconnu".into(),
            siret: "12345678901234".into(),
            postal_code: "4900".into(),
            ..PartnerInput::default()
        };
        let errors = input.validate().unwrap_err();
        for field in ["name", "category", "network", "siret", "postal_code"] {
            assert!(errors.get(field).is_some(), "{field} should be reported");
        }
    }
}
