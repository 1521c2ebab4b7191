//! Catalogue search that understands French (*recherche*): « enfants » finds
//! « enfant », « creche » finds « Crèche », and a service is found by the
//! labels of its thematics (« permis » finds a service of the thematic
//! « Préparer un permis »).
//!
//! The same folding (case and accents) and the same Snowball French stemmer
//! are applied to the indexed text, once when it is written, and to the words
//! of a query.

use std::sync::LazyLock;

use rust_stemmers::{Algorithm, Stemmer};

use crate::participants::person::search_key;
use crate::referential;

/// Bumped when the indexed text changes (folding, stemmer, what is indexed):
/// the store then rebuilds its index once, at start.
pub const VERSION: i64 = 1;

/// Words too common to narrow a search; a query of these only is no filter.
const STOP_WORDS: [&str; 36] = [
    "a", "au", "aux", "avec", "c", "ce", "ces", "d", "dans", "de", "des", "du", "en", "et", "j",
    "l", "la", "le", "les", "m", "n", "ou", "par", "pour", "qu", "que", "qui", "s", "sa", "se",
    "ses", "son", "sur", "t", "un", "une",
];

/// At most this many words of a query count, each cut to 40 letters.
const MAX_QUERY_WORDS: usize = 8;
const MAX_WORD_CHARS: usize = 40;

static FRENCH: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::French));

/// The words of `text` folded like a person's name (lower case, no accents
/// nor punctuation: [`search_key`]), stop words left out.
pub fn words(text: &str) -> Vec<String> {
    search_key(text, "")
        .split(' ')
        .filter(|word| !word.is_empty() && !STOP_WORDS.contains(word))
        .map(str::to_owned)
        .collect()
}

/// The French stem of a folded word: « enfants » and « enfant » give « enfant ».
pub fn stem(word: &str) -> String {
    FRENCH.stem(word).into_owned()
}

/// The indexed form of `texts`: their stems, space-separated.
pub fn index_text<'a>(texts: impl IntoIterator<Item = &'a str>) -> String {
    texts
        .into_iter()
        .flat_map(words)
        .map(|word| stem(&word))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The words of a query, folded but not stemmed (PostgreSQL stems them with
/// its `french` configuration, SQLite with [`stem`]): a few, none too long.
pub fn query_words(text: &str) -> Vec<String> {
    words(text)
        .into_iter()
        .map(|word| word.chars().take(MAX_WORD_CHARS).collect())
        .take(MAX_QUERY_WORDS)
        .collect()
}

/// The French labels of these thematic codes (unknown codes left out),
/// indexed with the service so a search by need finds it.
pub fn thematic_labels<'a>(codes: impl IntoIterator<Item = &'a str>) -> String {
    codes
        .into_iter()
        .filter_map(referential::thematic)
        .map(|thematic| thematic.label)
        .collect::<Vec<_>>()
        .join(" ; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_forms_share_a_stem() {
        assert_eq!(stem("enfants"), stem("enfant"));
        assert_eq!(stem("gardes"), stem("garde"));
        assert_eq!(index_text(["Crèche"]), index_text(["creches"]));
        assert_eq!(index_text(["Numérique"]), index_text(["numerique"]));
    }

    #[test]
    fn stop_words_are_left_out() {
        assert_eq!(
            index_text(["Garde d'enfants"]),
            index_text(["garde enfant"])
        );
        assert!(query_words("de la, des").is_empty());
    }

    #[test]
    fn queries_are_a_few_short_words() {
        assert_eq!(query_words("  Crèche, AVIP!"), vec!["creche", "avip"]);
        assert!(query_words("\"*' -- ()").is_empty());
        assert_eq!(query_words(&"mot ".repeat(20)).len(), MAX_QUERY_WORDS);
        assert_eq!(query_words(&"x".repeat(100))[0].len(), MAX_WORD_CHARS);
    }

    #[test]
    fn thematics_are_indexed_by_their_labels() {
        let labels = thematic_labels(["mobilite--preparer-un-permis", "inconnue"]);
        assert_eq!(labels, "Préparer un permis");
        let indexed = index_text([labels.as_str()]);
        assert!(indexed.split(' ').any(|s| s == stem("permis")));
        assert!(
            index_text([thematic_labels(["famille--garde-denfants"]).as_str()])
                .contains(&stem("enfants"))
        );
    }
}
