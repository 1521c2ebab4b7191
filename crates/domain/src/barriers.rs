//! A Cité's barrier vocabulary (« freins de la Cité »): the words a Cité
//! uses for the barriers of the persons it follows (Angers speaks of four:
//! mobility, childcare, French, link to companies), each mapped to
//! data·inclusion thematics. Files, dashboards and exports speak the Cité's
//! words; the national view still aggregates by thematic.

use crate::errors::{optional_text, FieldErrors};
use crate::ids::BarrierWordId;
use crate::referential::{self, Code};
use crate::text::fold;

/// How many words a Cité names at most: a vocabulary, not a referential.
pub const MAX_WORDS: usize = 20;
/// How long a word may be.
pub const MAX_LABEL_CHARS: usize = 80;

/// One word of a Cité's vocabulary (« frein de la Cité »), as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BarrierWord {
    pub id: BarrierWordId,
    pub label: String,
    /// data·inclusion thematic codes, or whole categories (`mobilite`).
    pub thematics: Vec<String>,
}

impl BarrierWord {
    /// Whether a barrier of `thematic` reads under this word: the thematic
    /// itself, or its whole category, is mapped.
    pub fn covers(&self, thematic: &str) -> bool {
        self.thematics.iter().any(|code| covers(code, thematic))
    }

    /// Whether mapping `code` (a thematic or a category) to another word
    /// would share barriers with this one: either covers the other.
    pub fn overlaps(&self, code: &str) -> bool {
        self.thematics
            .iter()
            .any(|mapped| covers(mapped, code) || covers(code, mapped))
    }

    /// The thematics a barrier can be recorded with under this word, in
    /// the schema's order (a category brings all of its own).
    pub fn barrier_thematics(&self) -> Vec<&'static Code> {
        referential::thematics()
            .iter()
            .filter(|t| self.covers(t.code))
            .collect()
    }
}

/// Whether the mapped `code` (a thematic or a category) covers `thematic`.
fn covers(code: &str, thematic: &str) -> bool {
    code == thematic
        || thematic
            .strip_prefix(code)
            .is_some_and(|rest| rest.starts_with("--"))
}

/// A Cité's words, in its order; empty when it speaks the national codes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Vocabulary(pub Vec<BarrierWord>);

impl Vocabulary {
    pub fn words(&self) -> &[BarrierWord] {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn word(&self, id: BarrierWordId) -> Option<&BarrierWord> {
        self.0.iter().find(|w| w.id == id)
    }

    /// The word a barrier of `thematic` reads under, if any.
    pub fn word_for(&self, thematic: &str) -> Option<&BarrierWord> {
        self.0.iter().find(|w| w.covers(thematic))
    }

    /// How a barrier of `thematic` is named: the Cité's word, else the
    /// thematic's own label (else the bare code).
    pub fn name_of(&self, thematic: &str) -> String {
        match self.word_for(thematic) {
            Some(word) => word.label.clone(),
            None => thematic_label(thematic),
        }
    }

    /// The thematics no word covers, in the schema's order.
    pub fn other_thematics(&self) -> Vec<&'static Code> {
        referential::thematics()
            .iter()
            .filter(|t| self.word_for(t.code).is_none())
            .collect()
    }
}

/// A thematic's French label, else the code itself.
pub fn thematic_label(thematic: &str) -> String {
    referential::thematic(thematic).map_or_else(|| thematic.to_owned(), |t| t.label.to_owned())
}

/// A thematic or a whole category, as a word may map it.
fn mappable(code: &str) -> Option<&'static Code> {
    referential::thematic(code).or_else(|| referential::thematic_category(code))
}

/// A word as its form sends it: the label and the codes ticked.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BarrierWordInput {
    pub label: String,
    pub thematics: Vec<String>,
}

/// A word to save, checked against the Cité's other words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BarrierWordDraft {
    pub label: String,
    pub thematics: Vec<&'static str>,
}

impl BarrierWordInput {
    /// Checks the word against `vocabulary`, leaving out the word being
    /// edited (`editing`): a label unique in the Cité (accents and case
    /// aside), at least one known code, no code another word already maps.
    pub fn validate(
        &self,
        vocabulary: &Vocabulary,
        editing: Option<BarrierWordId>,
    ) -> Result<BarrierWordDraft, FieldErrors> {
        let mut errors = FieldErrors::new();
        let others: Vec<&BarrierWord> = vocabulary
            .words()
            .iter()
            .filter(|w| Some(w.id) != editing)
            .collect();
        if editing.is_none() && others.len() >= MAX_WORDS {
            errors.add(
                "label",
                format!("Une Cité nomme {MAX_WORDS} freins au plus."),
            );
        }
        let label = optional_text(&mut errors, "label", &self.label, MAX_LABEL_CHARS);
        match &label {
            None => errors.add("label", "Nommez le frein."),
            Some(label) if others.iter().any(|w| fold(&w.label) == fold(label)) => {
                errors.add("label", "La Cité a déjà un frein de ce nom.")
            }
            Some(_) => {}
        }
        let mut thematics: Vec<&'static str> = Vec::new();
        for value in self.thematics.iter().map(|v| v.trim()) {
            let Some(code) = mappable(value) else {
                errors.add(
                    "thematics",
                    "Choisissez des thématiques du référentiel data·inclusion.",
                );
                continue;
            };
            let taken = others.iter().find(|w| w.overlaps(code.code));
            if let Some(word) = taken {
                errors.add(
                    "thematics",
                    format!(
                        "« {} » appartient déjà au frein « {} » de la Cité.",
                        code.label, word.label
                    ),
                );
            } else if !thematics.contains(&code.code) {
                thematics.push(code.code);
            }
        }
        if self.thematics.is_empty() {
            errors.add("thematics", "Cochez au moins une thématique.");
        }
        errors.into_result(BarrierWordDraft {
            label: label.unwrap_or_default(),
            thematics,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(id: i64, label: &str, thematics: &[&str]) -> BarrierWord {
        BarrierWord {
            id: BarrierWordId::new(id),
            label: label.into(),
            thematics: thematics.iter().map(|t| (*t).to_owned()).collect(),
        }
    }

    fn angers() -> Vocabulary {
        Vocabulary(vec![
            word(1, "Mobilité", &["mobilite"]),
            word(2, "Garde d'enfants", &["famille--garde-denfants"]),
        ])
    }

    fn input(label: &str, thematics: &[&str]) -> BarrierWordInput {
        BarrierWordInput {
            label: label.into(),
            thematics: thematics.iter().map(|t| (*t).to_owned()).collect(),
        }
    }

    #[test]
    fn a_barrier_reads_under_the_word_of_its_thematic_or_category() {
        let vocabulary = angers();
        assert_eq!(
            vocabulary.name_of("mobilite--preparer-un-permis"),
            "Mobilité"
        );
        assert_eq!(
            vocabulary.name_of("famille--garde-denfants"),
            "Garde d'enfants"
        );
        assert_eq!(
            vocabulary.name_of("famille--soutien-aidants"),
            "Soutien aux aidants"
        );
        assert!(vocabulary.word_for("mobilite-douce").is_none());
        assert_eq!(vocabulary.words()[0].barrier_thematics().len(), 6);
        assert!(vocabulary
            .other_thematics()
            .iter()
            .all(|t| !t.code.starts_with("mobilite--") && t.code != "famille--garde-denfants"));
    }

    #[test]
    fn a_word_is_named_once_and_maps_known_codes_no_other_word_maps() {
        let vocabulary = angers();
        let draft = input(
            " Maîtrise du français ",
            &[
                "lecture-ecriture-calcul--maitriser-le-francais",
                "lecture-ecriture-calcul--maitriser-le-francais",
            ],
        )
        .validate(&vocabulary, None)
        .unwrap();
        assert_eq!(draft.label, "Maîtrise du français");
        assert_eq!(draft.thematics.len(), 1);

        let errors = input("mobilite", &["mobilite--preparer-un-permis", "pas-un-code"])
            .validate(&vocabulary, None)
            .unwrap_err();
        assert_eq!(
            errors.get("label"),
            Some("La Cité a déjà un frein de ce nom.")
        );
        assert_eq!(
            errors.get("thematics"),
            Some("« Préparer un permis » appartient déjà au frein « Mobilité » de la Cité.")
        );

        let errors = input("", &[]).validate(&vocabulary, None).unwrap_err();
        assert_eq!(errors.get("label"), Some("Nommez le frein."));
        assert_eq!(
            errors.get("thematics"),
            Some("Cochez au moins une thématique.")
        );
        let long = "x".repeat(MAX_LABEL_CHARS + 1);
        let errors = input(&long, &["numerique"]).validate(&vocabulary, None);
        assert_eq!(
            errors.unwrap_err().get("label"),
            Some("80 caractères au maximum.")
        );
    }

    #[test]
    fn editing_a_word_compares_it_with_the_others_only() {
        let vocabulary = angers();
        let renamed = input("MOBILITÉ", &["mobilite", "mobilite--preparer-un-permis"])
            .validate(&vocabulary, Some(BarrierWordId::new(1)))
            .unwrap();
        assert_eq!(
            renamed.thematics,
            ["mobilite", "mobilite--preparer-un-permis"]
        );
        let errors = input("Enfants", &["famille"])
            .validate(&vocabulary, Some(BarrierWordId::new(1)))
            .unwrap_err();
        assert_eq!(
            errors.get("thematics"),
            Some("« Famille » appartient déjà au frein « Garde d'enfants » de la Cité.")
        );
    }

    #[test]
    fn a_cite_names_twenty_words_at_most() {
        let full = Vocabulary(
            (1..=MAX_WORDS as i64)
                .map(|i| word(i, &format!("Frein {i}"), &[]))
                .collect(),
        );
        let errors = input("Un de plus", &["numerique"])
            .validate(&full, None)
            .unwrap_err();
        assert_eq!(
            errors.get("label"),
            Some("Une Cité nomme 20 freins au plus.")
        );
        assert!(input("Frein 3 bis", &["numerique"])
            .validate(&full, Some(BarrierWordId::new(3)))
            .is_ok());
    }
}
