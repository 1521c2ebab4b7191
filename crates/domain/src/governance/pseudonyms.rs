//! Pseudonyms (*pseudonymes*) under which a case review (*commission de
//! suivi des parcours*) speaks of persons: the initials of the first and
//! last names and a number within the meeting, « M.D.-03 ». The agenda,
//! the minutes and the calendar never carry a name.

/// The initial of a name: its first letter, upper case, accents folded
/// (« Élodie » → « E »); « X » when there is none. A composed name
/// (« Jean-Pierre ») gives the initial of its first part.
pub fn initial(name: &str) -> char {
    name.chars()
        .find(|c| c.is_alphabetic())
        .map(fold_letter)
        .unwrap_or('X')
}

/// A letter without its accent, in upper case; a letter outside the Latin
/// alphabet folds to « X » so that the pseudonym stays plain ASCII.
fn fold_letter(c: char) -> char {
    let folded = match c.to_lowercase().next().unwrap_or(c) {
        'à' | 'â' | 'ä' | 'á' | 'ã' | 'å' | 'æ' => 'a',
        'ç' => 'c',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'î' | 'ï' | 'í' | 'ì' => 'i',
        'ô' | 'ö' | 'ó' | 'ò' | 'õ' | 'ø' | 'œ' => 'o',
        'ù' | 'û' | 'ü' | 'ú' => 'u',
        'ÿ' | 'ý' => 'y',
        'ñ' => 'n',
        other => other,
    };
    if folded.is_ascii_alphabetic() {
        folded.to_ascii_uppercase()
    } else {
        'X'
    }
}

/// « M.D.-03 »: the initials of `first_name` and `last_name` and the
/// person's `number` within the meeting, on two digits at least.
pub fn pseudonym(first_name: &str, last_name: &str, number: u32) -> String {
    format!(
        "{}.{}.-{number:02}",
        initial(first_name),
        initial(last_name)
    )
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn initials_and_a_two_digit_number() {
        assert_eq!(pseudonym("Marie", "Dupont", 3), "M.D.-03");
        assert_eq!(pseudonym("marie", "dupont", 12), "M.D.-12");
        assert_eq!(pseudonym("Marie", "Dupont", 120), "M.D.-120");
    }

    #[test]
    fn accents_are_folded() {
        assert_eq!(pseudonym("Élodie", "Œuvray", 1), "E.O.-01");
        assert_eq!(pseudonym("çédric", "Àlvarez", 2), "C.A.-02");
        assert_eq!(pseudonym("Ïsmaël", "Ñúñez", 4), "I.N.-04");
    }

    #[test]
    fn composed_names_give_their_first_initial() {
        assert_eq!(pseudonym("Jean-Pierre", "Le Goff", 5), "J.L.-05");
        assert_eq!(pseudonym("  'Anne", "d'Arc", 6), "A.D.-06");
    }

    #[test]
    fn empty_or_letterless_names_give_x() {
        assert_eq!(pseudonym("", "", 7), "X.X.-07");
        assert_eq!(pseudonym("   ", "-", 8), "X.X.-08");
        assert_eq!(pseudonym("Amina", "", 9), "A.X.-09");
        // Outside the Latin alphabet: no letter to show in plain ASCII.
        assert_eq!(pseudonym("Юрий", "李", 10), "X.X.-10");
    }

    proptest! {
        #[test]
        fn a_pseudonym_is_always_plain(first in any::<String>(), last in any::<String>(), number in 0u32..100) {
            let p = pseudonym(&first, &last, number);
            prop_assert_eq!(p.len(), 7);
            prop_assert!(p.is_ascii());
            let bytes = p.as_bytes();
            prop_assert!(bytes[0].is_ascii_uppercase() && bytes[2].is_ascii_uppercase());
        }
    }
}
