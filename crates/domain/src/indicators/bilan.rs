//! The yearly bilan (*bilan annuel*): the report a Cité sends each year,
//! and the national team's across the network, in the same parts. Each
//! part opens with what Maillage counted (the indicators of its
//! [`Section`]), then what the coordinator (or the national team) wrote for
//! it in the app before generating the document.

use std::collections::BTreeMap;

use crate::accounts::Role;
use crate::codes::code_list;
use crate::errors::{optional_text, FieldErrors};
use crate::indicators::Section;

code_list!(
    /// A part of the yearly bilan, in the document's order.
    BilanPart {
        Context = "context", "Contexte et territoire";
        Federate = "federate", "Gouvernance et partenariat";
        ReachOut = "reach_out", "Aller vers et raccrocher";
        Innovate = "innovate", "Innover";
        Cohort = "cohort", "Les résultats de la cohorte";
        Money = "money", "Les financements";
        Outlook = "outlook", "Perspectives";
    }
);

/// Who reads a bilan: a Cité's coordinators and co-pilots their Cité's,
/// the national team the network's.
pub fn reads_bilan(role: Role) -> bool {
    matches!(role, Role::Coordinateur | Role::Pilote | Role::National)
}

/// Who writes it: the Cité's coordinators, the national team the
/// network's; co-pilots read it.
pub fn writes_bilan(role: Role) -> bool {
    matches!(role, Role::Coordinateur | Role::National)
}

/// The most a part's text holds, in characters (about four pages).
pub const BILAN_TEXT_MAX_CHARS: usize = 10_000;

impl BilanPart {
    /// The indicators this part opens with; the context and the outlook
    /// have none.
    pub fn section(self) -> Option<Section> {
        match self {
            BilanPart::Context | BilanPart::Outlook => None,
            BilanPart::Federate => Some(Section::Federate),
            BilanPart::ReachOut => Some(Section::ReachOut),
            BilanPart::Innovate => Some(Section::Innovate),
            BilanPart::Cohort => Some(Section::Cohort),
            BilanPart::Money => Some(Section::Money),
        }
    }

    /// What the writer is asked for, under the field.
    pub fn hint(self) -> &'static str {
        match self {
            BilanPart::Context => "Le territoire, ses quartiers, ce qui a marqué l'année (publics, contexte économique, changements d'équipe).",
            BilanPart::Federate => "Les instances tenues, les partenaires arrivés ou partis, la dynamique du partenariat.",
            BilanPart::ReachOut => "Les actions pour aller vers les habitants et raccrocher ceux qui sont loin de l'emploi : ce qui a marché, ce qui n'a pas marché.",
            BilanPart::Innovate => "Les actions innovantes de l'année, ce qu'elles ont changé, ce qui pourrait être partagé avec le réseau.",
            BilanPart::Cohort => "Le suivi des personnes, les freins les plus fréquents, les sorties et leur lecture.",
            BilanPart::Money => "L'usage de l'enveloppe, les cofinancements obtenus, les écarts au prévisionnel.",
            BilanPart::Outlook => "Les priorités et les actions prévues pour l'année suivante.",
        }
    }
}

/// What was written for each part, trimmed and bounded; a part left empty
/// is simply not written yet.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BilanTexts(BTreeMap<BilanPart, String>);

impl BilanTexts {
    /// The form's fields, named by the parts' codes, every one sent (empty
    /// when not written). A field missing or unknown is refused rather than
    /// guessed: the page is out of date, and saving it would clear a part.
    pub fn parse(form: &BTreeMap<String, String>) -> Result<BilanTexts, FieldErrors> {
        let mut errors = FieldErrors::new();
        let known = form.keys().all(|k| BilanPart::parse(k).is_some());
        if !known || form.len() != BilanPart::ALL.len() {
            errors.add(
                BilanPart::Context.code(),
                "Le formulaire n'est plus à jour : rechargez la page, puis recommencez.",
            );
            return Err(errors);
        }
        let mut texts = BTreeMap::new();
        for part in BilanPart::ALL {
            let value = form.get(part.code()).map_or("", String::as_str);
            let value = value.replace("\r\n", "\n");
            if let Some(text) =
                optional_text(&mut errors, part.code(), &value, BILAN_TEXT_MAX_CHARS)
            {
                texts.insert(part, text);
            }
        }
        errors.into_result(BilanTexts(texts))
    }

    /// The texts the store kept, by part code; a code this version does
    /// not know is left out.
    pub fn from_stored(rows: impl IntoIterator<Item = (String, String)>) -> BilanTexts {
        BilanTexts(
            rows.into_iter()
                .filter(|(_, text)| !text.is_empty())
                .filter_map(|(code, text)| BilanPart::parse(&code).map(|p| (p, text)))
                .collect(),
        )
    }

    /// The part's text, empty when not written.
    pub fn get(&self, part: BilanPart) -> &str {
        self.0.get(&part).map_or("", String::as_str)
    }

    /// Every part with its text, written or not, in the document's order.
    pub fn parts(&self) -> impl Iterator<Item = (BilanPart, &str)> {
        BilanPart::ALL.into_iter().map(|p| (p, self.get(p)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every part's field, empty but for `pairs`.
    fn form(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        let mut form: BTreeMap<String, String> = BilanPart::ALL
            .iter()
            .map(|p| (p.code().to_owned(), String::new()))
            .collect();
        form.extend(
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
        );
        form
    }

    #[test]
    fn co_pilots_read_the_bilan_that_coordinators_write() {
        for role in Role::ALL {
            assert!(!writes_bilan(role) || reads_bilan(role), "{role:?}");
        }
        assert!(reads_bilan(Role::Pilote) && !writes_bilan(Role::Pilote));
        assert!(!reads_bilan(Role::Referent) && !reads_bilan(Role::Porteur));
    }

    #[test]
    fn every_part_but_the_context_and_outlook_opens_with_its_section() {
        let sections: Vec<Section> = BilanPart::ALL.iter().filter_map(|p| p.section()).collect();
        assert_eq!(sections, Section::ALL.to_vec());
    }

    #[test]
    fn texts_are_trimmed_and_empty_parts_are_not_written() {
        let texts = BilanTexts::parse(&form(&[
            ("context", "  Quatre QPV,\r\n23 100 habitants  "),
            ("outlook", "   "),
        ]))
        .unwrap();
        assert_eq!(
            texts.get(BilanPart::Context),
            "Quatre QPV,\n23 100 habitants"
        );
        assert_eq!(texts.get(BilanPart::Outlook), "");
        assert_eq!(texts.parts().count(), BilanPart::ALL.len());
    }

    #[test]
    fn a_text_too_long_or_with_control_characters_is_refused() {
        let long = "é".repeat(BILAN_TEXT_MAX_CHARS + 1);
        let errors =
            BilanTexts::parse(&form(&[("money", &long), ("cohort", "a\u{7}b")])).unwrap_err();
        assert!(errors.get("money").is_some());
        assert!(errors.get("cohort").is_some());
        assert!(BilanTexts::parse(&form(&[("money", &"é".repeat(BILAN_TEXT_MAX_CHARS))])).is_ok());
    }

    #[test]
    fn an_unknown_or_missing_field_is_refused() {
        let errors = BilanTexts::parse(&form(&[("context", "x"), ("autre", "y")])).unwrap_err();
        assert!(errors.get("context").is_some());
        let mut missing = form(&[("context", "x")]);
        missing.remove("outlook");
        assert!(BilanTexts::parse(&missing).is_err());
        assert!(BilanTexts::parse(&BTreeMap::new()).is_err());
    }

    #[test]
    fn stored_texts_of_unknown_parts_are_left_out() {
        let texts = BilanTexts::from_stored([
            ("money".to_owned(), "Enveloppe consommée.".to_owned()),
            ("ancienne".to_owned(), "x".to_owned()),
        ]);
        assert_eq!(texts.get(BilanPart::Money), "Enveloppe consommée.");
        assert_eq!(texts.parts().filter(|(_, t)| !t.is_empty()).count(), 1);
    }
}
