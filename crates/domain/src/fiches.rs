//! The national catalogue of innovative actions (*actions innovantes*): a
//! Cité publishes one of its actions as a fiche (`Fiche`) that every Cité and
//! the national team can read and reuse.
//!
//! A fiche is public to the whole network, so it never carries personal data.
//! It is built from the action's own fields (never from its participants), and
//! [`FicheDraft::check_no_personal_data`] refuses a text that would still name
//! or reach a person: e-mail addresses and phone numbers belong in the
//! professional contact fields only, and no free text may contain the name of
//! a person enrolled in the action.

use crate::accounts::Email;
use crate::cites::Axis;
use crate::errors::{checked_codes, optional_text, required_text, FieldErrors};
use crate::money::parse_euros;
use crate::participants::person::search_key;
use crate::referential::{self, Region};

/// The professional contact of a fiche: an organisation and a role, reached
/// by a work e-mail or phone, never a named person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FicheContact {
    pub organisation: String,
    /// « Chargée de mission Cité de l'emploi », « Directrice »…
    pub role: String,
    pub email: Option<String>,
    pub phone: Option<String>,
}

/// A fiche, validated and ready to publish.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FicheDraft {
    pub title: String,
    pub axis: Axis,
    /// data·inclusion thematics: the barriers (*freins*) the action lifts.
    pub thematics: Vec<String>,
    /// data·inclusion publics.
    pub publics: Vec<String>,
    pub description: String,
    /// Partner organisations, by name.
    pub partners: Vec<String>,
    pub budget_cents: Option<i64>,
    pub results: Option<String>,
    pub contact: FicheContact,
}

/// Raw publish form fields. Thematics and publics come as repeated fields.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct FicheInput {
    pub title: String,
    pub axis: String,
    pub thematics: Vec<String>,
    pub publics: Vec<String>,
    pub description: String,
    /// One organisation per line.
    pub partners: String,
    /// Euros, typed the French way.
    pub budget: String,
    pub results: String,
    pub contact_organisation: String,
    pub contact_role: String,
    pub contact_email: String,
    pub contact_phone: String,
}

/// What is known of a person enrolled in the action, to keep them out of the
/// fiche's text. Only the publish check sees it; it is never stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnrolledPerson {
    pub first_name: String,
    pub last_name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
}

const MAX_PARTNERS: usize = 30;

const NOT_IN_LIST: &str = "Choisissez uniquement des valeurs de la liste.";

/// A French phone number: ten digits, or `+` and an international number,
/// with spaces, dots or dashes between groups.
pub fn parse_phone(input: &str) -> Result<String, String> {
    let digits: String = input.chars().filter(char::is_ascii_digit).collect();
    let allowed = input
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '.' | '-' | '+' | '(' | ')'));
    let international = input.trim_start().starts_with('+');
    let length_ok = if international {
        (8..=15).contains(&digits.len())
    } else {
        digits.len() == 10 && digits.starts_with('0')
    };
    if allowed && length_ok {
        Ok(input.split_whitespace().collect::<Vec<_>>().join(" "))
    } else {
        Err("Numéro de téléphone invalide (exemple : 02 41 00 00 00).".to_owned())
    }
}

impl FicheInput {
    pub fn validate(&self) -> Result<FicheDraft, FieldErrors> {
        let mut errors = FieldErrors::new();
        let title = required_text(&mut errors, "title", &self.title, 200);
        let axis = Axis::parse(self.axis.trim());
        if axis.is_none() {
            errors.add("axis", "Choisissez un axe dans la liste.");
        }
        let thematics = checked_codes(
            &mut errors,
            "thematics",
            &self.thematics,
            referential::thematic,
            NOT_IN_LIST,
        );
        if thematics.is_empty() {
            errors.add(
                "thematics",
                "Indiquez au moins un frein que l'action aide à lever.",
            );
        }
        let publics = checked_codes(
            &mut errors,
            "publics",
            &self.publics,
            referential::public,
            NOT_IN_LIST,
        );
        let description = required_text(&mut errors, "description", &self.description, 5000);
        let partners = self.partners(&mut errors);
        let budget_cents = optional_text(&mut errors, "budget", &self.budget, 30)
            .and_then(|text| parse_euros(&text).map_err(|e| errors.add("budget", e)).ok());
        let results = optional_text(&mut errors, "results", &self.results, 5000);
        let contact = self.contact(&mut errors);
        match axis {
            Some(axis) if errors.is_empty() => Ok(FicheDraft {
                title,
                axis,
                thematics,
                publics,
                description,
                partners,
                budget_cents,
                results,
                contact,
            }),
            _ => Err(errors),
        }
    }

    fn partners(&self, errors: &mut FieldErrors) -> Vec<String> {
        let text = optional_text(errors, "partners", &self.partners, 6000).unwrap_or_default();
        let mut partners: Vec<String> = Vec::new();
        for name in text.lines().map(str::trim).filter(|n| !n.is_empty()) {
            if name.chars().count() > 200 {
                errors.add("partners", "200 caractères au maximum par partenaire.");
            } else if !partners.iter().any(|p| p == name) {
                partners.push(name.to_owned());
            }
        }
        if partners.len() > MAX_PARTNERS {
            errors.add(
                "partners",
                format!("{MAX_PARTNERS} partenaires au maximum."),
            );
        }
        partners
    }

    fn contact(&self, errors: &mut FieldErrors) -> FicheContact {
        let organisation = required_text(
            errors,
            "contact_organisation",
            &self.contact_organisation,
            200,
        );
        let role = required_text(errors, "contact_role", &self.contact_role, 200);
        let email =
            optional_text(errors, "contact_email", &self.contact_email, 254).and_then(|text| {
                Email::parse(&text)
                    .map(Email::into_string)
                    .map_err(|e| errors.add("contact_email", e))
                    .ok()
            });
        let phone =
            optional_text(errors, "contact_phone", &self.contact_phone, 30).and_then(|text| {
                parse_phone(&text)
                    .map_err(|e| errors.add("contact_phone", e))
                    .ok()
            });
        if self.contact_email.trim().is_empty() && self.contact_phone.trim().is_empty() {
            errors.add(
                "contact_email",
                "Indiquez une adresse électronique ou un téléphone professionnels.",
            );
        }
        FicheContact {
            organisation,
            role,
            email,
            phone,
        }
    }
}

/// Does the text hold something shaped like an e-mail address?
fn has_email(text: &str) -> bool {
    text.split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '(' | ')' | '<' | '>'))
        .map(|word| word.trim_end_matches(['.', ':', '!', '?']))
        .any(|word| {
            word.split_once('@').is_some_and(|(local, domain)| {
                !local.is_empty() && domain.contains('.') && !domain.ends_with('.')
            })
        })
}

/// Does the text hold a French phone number: a run of ten digits starting
/// with 0, or `+` and eleven or twelve digits, separators allowed? Years
/// (« 2021-2022 »), amounts and SIRET numbers are not.
fn has_phone(text: &str) -> bool {
    let is_phone = |run: &str| {
        let digits = phone_digits(run);
        if run.starts_with('+') {
            (11..=12).contains(&digits.len())
        } else {
            digits.len() == 10 && digits.starts_with('0')
        }
    };
    text.split(|c: char| !(c.is_ascii_digit() || matches!(c, ' ' | '.' | '-' | '+' | '\u{a0}')))
        .any(|chunk| is_phone(chunk.trim_matches(|c: char| !c.is_ascii_digit() && c != '+')))
}

/// True when `needle` appears in `haystack` as whole words (both folded).
fn contains_words(haystack: &str, needle: &str) -> bool {
    !needle.is_empty() && format!(" {haystack} ").contains(&format!(" {needle} "))
}

/// Digits only, to compare phone numbers however they were typed.
fn phone_digits(phone: &str) -> String {
    phone.chars().filter(char::is_ascii_digit).collect()
}

impl FicheDraft {
    /// The free-text fields, with the form field each one comes from.
    fn free_texts(&self) -> Vec<(&'static str, String)> {
        let mut texts = vec![
            ("title", self.title.clone()),
            ("description", self.description.clone()),
            ("partners", self.partners.join("\n")),
            ("contact_organisation", self.contact.organisation.clone()),
            ("contact_role", self.contact.role.clone()),
        ];
        if let Some(results) = &self.results {
            texts.push(("results", results.clone()));
        }
        texts
    }

    /// Refuses a fiche that would carry personal data: an e-mail address or a
    /// phone number in a free text (only the contact fields hold them), the
    /// name of a person enrolled in the action (first and last name, in either
    /// order, ignoring case and accents), or a contact that is one of them.
    pub fn check_no_personal_data(&self, enrolled: &[EnrolledPerson]) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        for (field, text) in self.free_texts() {
            if has_email(&text) || has_phone(&text) {
                errors.add(
                    field,
                    "Ce texte contient une adresse électronique ou un numéro de téléphone : \
                     indiquez-les seulement dans le contact professionnel.",
                );
            }
            let folded = search_key(&text, "");
            let names_someone = enrolled.iter().any(|person| {
                contains_words(&folded, &search_key(&person.first_name, &person.last_name))
                    || contains_words(&folded, &search_key(&person.last_name, &person.first_name))
            });
            if names_someone {
                errors.add(
                    field,
                    "Ce texte cite une personne inscrite à l'action : une fiche ne contient \
                     jamais de donnée personnelle. Retirez son nom.",
                );
            }
        }
        for person in enrolled {
            if let (Some(contact), Some(own)) = (&self.contact.email, &person.email) {
                if contact.eq_ignore_ascii_case(own.trim()) {
                    errors.add(
                        "contact_email",
                        "Cette adresse est celle d'une personne inscrite à l'action : \
                         indiquez un contact professionnel.",
                    );
                }
            }
            if let (Some(contact), Some(own)) = (&self.contact.phone, &person.phone) {
                if !phone_digits(own).is_empty() && phone_digits(contact) == phone_digits(own) {
                    errors.add(
                        "contact_phone",
                        "Ce numéro est celui d'une personne inscrite à l'action : \
                         indiquez un contact professionnel.",
                    );
                }
            }
        }
        errors.into_result(())
    }

    /// Lower case, without accents or punctuation: what the catalogue's free
    /// text search matches, with the Cité's name.
    pub fn search_text(&self, cite_name: &str) -> String {
        let text = [
            self.title.as_str(),
            self.description.as_str(),
            self.results.as_deref().unwrap_or_default(),
            &self.partners.join(" "),
            &self.contact.organisation,
            cite_name,
        ]
        .join(" ");
        search_key(&text, "")
    }
}

/// The words a free-text query is split into, folded like
/// [`FicheDraft::search_text`]; single letters (« d' », « l' ») match
/// everything and are dropped; at most `max` words.
pub fn search_words(query: &str, max: usize) -> Vec<String> {
    search_key(query, "")
        .split(' ')
        .filter(|w| w.chars().count() >= 2)
        .take(max)
        .map(str::to_owned)
        .collect()
}

/// The region of a Cité, from its département (referential).
pub fn region_of_departement(departement: &str) -> Option<&'static Region> {
    referential::region(referential::departement(departement)?.region)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> FicheInput {
        FicheInput {
            title: "Par'Emploi".into(),
            axis: "innovate".into(),
            thematics: vec![
                "famille--garde-denfants".into(),
                "famille--garde-denfants".into(),
            ],
            publics: vec!["familles".into()],
            description:
                "Un guichet qui trouve une solution de garde aux parents en recherche d'emploi."
                    .into(),
            partners: "Association Par'Emploi\n\nCAF de Maine-et-Loire\n".into(),
            budget: "35 000".into(),
            results: "120 solutions de garde temporaires, 45 pérennes.".into(),
            contact_organisation: "Aldev".into(),
            contact_role: "Chargée de mission Cité de l'emploi".into(),
            contact_email: "Cite.Emploi@aldev.fr".into(),
            contact_phone: String::new(),
        }
    }

    #[test]
    fn a_valid_fiche() {
        let draft = input().validate().unwrap();
        assert_eq!(draft.axis, Axis::Innovate);
        assert_eq!(draft.thematics, vec!["famille--garde-denfants"]);
        assert_eq!(
            draft.partners,
            vec!["Association Par'Emploi", "CAF de Maine-et-Loire"]
        );
        assert_eq!(draft.budget_cents, Some(3_500_000));
        assert_eq!(draft.contact.email.as_deref(), Some("cite.emploi@aldev.fr"));
        assert!(draft.check_no_personal_data(&[]).is_ok());
    }

    #[test]
    fn every_bad_field_is_reported_in_french() {
        let bad = FicheInput {
            title: " ".into(),
            axis: "autre".into(),
            thematics: vec!["inconnue".into()],
            publics: vec!["martiens".into()],
            description: String::new(),
            budget: "beaucoup".into(),
            contact_organisation: String::new(),
            contact_role: String::new(),
            contact_email: "pas-une-adresse".into(),
            contact_phone: "12".into(),
            ..FicheInput::default()
        };
        let errors = bad.validate().unwrap_err();
        for field in [
            "title",
            "axis",
            "thematics",
            "publics",
            "description",
            "budget",
            "contact_organisation",
            "contact_role",
            "contact_email",
            "contact_phone",
        ] {
            assert!(errors.get(field).is_some(), "{field} should be reported");
        }
    }

    #[test]
    fn a_contact_needs_an_email_or_a_phone() {
        let mut no_contact = input();
        no_contact.contact_email.clear();
        assert_eq!(
            no_contact.validate().unwrap_err().get("contact_email"),
            Some("Indiquez une adresse électronique ou un téléphone professionnels.")
        );
        no_contact.contact_phone = "02 41 05 40 00".into();
        let draft = no_contact.validate().unwrap();
        assert_eq!(draft.contact.phone.as_deref(), Some("02 41 05 40 00"));
        assert!(input().validate().is_ok());
    }

    #[test]
    fn phones() {
        assert!(parse_phone("02.41.05.40.00").is_ok());
        assert!(parse_phone("+33 2 41 05 40 00").is_ok());
        for bad in ["0241", "12 34 56 78 90", "02 41 05 40 0a", "+33"] {
            assert!(parse_phone(bad).is_err(), "{bad}");
        }
    }

    fn karim() -> EnrolledPerson {
        EnrolledPerson {
            first_name: "Karim".into(),
            last_name: "Benali".into(),
            email: Some("karim.benali@exemple.fr".into()),
            phone: Some("06 12 34 56 78".into()),
        }
    }

    #[test]
    fn the_name_of_an_enrolled_person_is_refused() {
        let mut with_name = input();
        with_name.results = "Témoignage de KARIM BÉNALI, embauché en CDI.".into();
        let errors = with_name
            .validate()
            .unwrap()
            .check_no_personal_data(&[karim()])
            .unwrap_err();
        assert!(errors.get("results").unwrap().contains("personne inscrite"));

        let mut reversed = input();
        reversed.description = "Accompagnement de Benali Karim vers la crèche.".into();
        let errors = reversed
            .validate()
            .unwrap()
            .check_no_personal_data(&[karim()])
            .unwrap_err();
        assert!(errors.get("description").is_some());

        // A first name alone, or a longer word that contains the name, is no one.
        let mut partial = input();
        partial.description = "Karim et Benalimoune ont animé l'atelier.".into();
        assert!(partial
            .validate()
            .unwrap()
            .check_no_personal_data(&[karim()])
            .is_ok());
    }

    #[test]
    fn contacts_stay_in_the_contact_fields() {
        let mut with_email = input();
        with_email.description = "Pour s'inscrire, écrire à marie.durand@gmail.com.".into();
        let draft = with_email.validate().unwrap();
        assert!(draft
            .check_no_personal_data(&[])
            .unwrap_err()
            .get("description")
            .is_some());

        let mut with_phone = input();
        with_phone.results = "Rappeler le 06 12 34 56 78.".into();
        assert!(with_phone
            .validate()
            .unwrap()
            .check_no_personal_data(&[])
            .unwrap_err()
            .get("results")
            .is_some());

        // Figures are not phone numbers.
        let mut figures = input();
        figures.results =
            "En 2021-2022-2023 : 120 familles, 45 solutions, 35 000 €, SIRET 130 025 265 00013."
                .into();
        assert!(figures
            .validate()
            .unwrap()
            .check_no_personal_data(&[])
            .is_ok());
    }

    #[test]
    fn the_contact_is_not_an_enrolled_person() {
        let mut own = input();
        own.contact_email = "Karim.Benali@exemple.fr".into();
        own.contact_phone = "06.12.34.56.78".into();
        let errors = own
            .validate()
            .unwrap()
            .check_no_personal_data(&[karim()])
            .unwrap_err();
        assert!(errors.get("contact_email").is_some());
        assert!(errors.get("contact_phone").is_some());
    }

    #[test]
    fn search_text_and_words_are_folded() {
        let draft = input().validate().unwrap();
        let text = draft.search_text("Cité de l'emploi d'Angers");
        assert!(text.contains("par emploi"));
        assert!(text.contains("solutions de garde"));
        assert!(text.contains("angers"));
        assert_eq!(
            search_words("  Crèche, GARDE d'enfants ", 3),
            vec!["creche", "garde", "enfants"]
        );
    }

    #[test]
    fn regions_come_from_the_departement() {
        assert_eq!(
            region_of_departement("49").unwrap().name,
            "Pays de la Loire"
        );
        assert_eq!(region_of_departement("93").unwrap().name, "Île-de-France");
        assert_eq!(region_of_departement("59").unwrap().name, "Hauts-de-France");
        assert!(region_of_departement("00").is_none());
    }
}
