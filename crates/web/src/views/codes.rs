//! data·inclusion codes as pages show and offer them: labels of stored codes,
//! options of selects and checkboxes, thematics grouped by category.

use std::sync::LazyLock;

use maillage_domain::barriers::Vocabulary;
use maillage_domain::codes::Code as CodeList;

use maillage_domain::referential::{self, Code};

/// The French labels of codes, in order; unknown codes are skipped.
pub fn labels<'a>(
    codes: impl IntoIterator<Item = &'a str>,
    lookup: fn(&str) -> Option<&'static Code>,
) -> Vec<&'static str> {
    codes
        .into_iter()
        .filter_map(lookup)
        .map(|c| c.label)
        .collect()
}

/// Every code of an enumeration as (code, label), for checkboxes and selects.
pub fn options(all: &'static [Code]) -> Vec<(String, String)> {
    all.iter()
        .map(|c| (c.code.to_owned(), c.label.to_owned()))
        .collect()
}

/// A code list as `(code, label)` options for a `<select>` or radios.
pub fn closed_list<T: CodeList>() -> Vec<(String, String)> {
    T::all()
        .iter()
        .map(|&v| (v.code().to_owned(), v.label().to_owned()))
        .collect()
}

/// A category of thematics and its thematics: an `<optgroup>`, or a group
/// of checkboxes.
pub struct ThematicGroup {
    pub code: &'static str,
    pub label: &'static str,
    pub options: Vec<(&'static str, &'static str)>,
}

/// The data·inclusion thematics grouped by category, in the schema's order.
pub static THEMATIC_GROUPS: LazyLock<Vec<ThematicGroup>> = LazyLock::new(|| {
    referential::thematic_categories()
        .iter()
        .map(|category| ThematicGroup {
            code: category.code,
            label: category.label,
            options: referential::thematics_of_category(category.code)
                .map(|t| (t.code, t.label))
                .collect(),
        })
        .filter(|group| !group.options.is_empty())
        .collect()
});

/// Options of a barrier `<select>`: an `<optgroup>` when `group` is set,
/// bare options otherwise.
pub struct BarrierOptions {
    pub group: Option<String>,
    pub options: Vec<(&'static str, String)>,
}

/// What a barrier is recorded as: the Cité's words first (a word of one
/// thematic is picked directly, a word of several is a group of them),
/// then « Autres thématiques »; without words, the thematics by category.
pub fn barrier_options(vocabulary: &Vocabulary) -> Vec<BarrierOptions> {
    let group = |label: &str, thematics: &[&'static Code]| BarrierOptions {
        group: Some(label.to_owned()),
        options: thematics
            .iter()
            .map(|t| (t.code, t.label.to_owned()))
            .collect(),
    };
    if vocabulary.is_empty() {
        return THEMATIC_GROUPS
            .iter()
            .map(|g| BarrierOptions {
                group: Some(g.label.to_owned()),
                options: g
                    .options
                    .iter()
                    .map(|(c, l)| (*c, (*l).to_owned()))
                    .collect(),
            })
            .collect();
    }
    let words = vocabulary
        .words()
        .iter()
        .map(|word| match word.barrier_thematics().as_slice() {
            [only] => BarrierOptions {
                group: None,
                options: vec![(only.code, word.label.clone())],
            },
            thematics => group(&word.label, thematics),
        });
    words
        .chain([group("Autres thématiques", &vocabulary.other_thematics())])
        .filter(|g| !g.options.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_skip_unknown_codes() {
        assert_eq!(
            labels(["jeunes", "inconnu", "femmes"], referential::public),
            ["Jeunes", "Femmes"]
        );
    }

    #[test]
    fn every_thematic_is_in_one_group() {
        let total: usize = THEMATIC_GROUPS.iter().map(|g| g.options.len()).sum();
        assert_eq!(total, referential::thematics().len());
        assert!(THEMATIC_GROUPS.iter().any(|g| g.code == "mobilite"));
    }
}
