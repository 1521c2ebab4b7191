//! How a person's name (*nom*) is written and sorted: « NOM Prénom » in
//! lists and tables, « Prénom Nom » in prose (titles, sentences), and one
//! folded sort key (*clé de tri*) every list is ordered by, so that SQLite
//! and PostgreSQL give the same order.

use crate::text::fold;

/// « BELKACEM Amina »: the family name in capitals, first, as lists and
/// tables write it.
pub fn list_name(first_name: &str, last_name: &str) -> String {
    format!("{} {}", last_name.trim().to_uppercase(), first_name.trim())
}

/// « Amina Belkacem »: as a title or a sentence writes it.
pub fn prose_name(first_name: &str, last_name: &str) -> String {
    format!("{} {}", first_name.trim(), last_name.trim())
}

/// The key persons are sorted by: family name then first name, accents and
/// case folded (« Ève » with « eve », between « eric » and « Zoé »). The
/// separator `/` sorts before every letter and digit, so « Martin Zoé »
/// comes before « Martin-Dupont Anne » byte by byte — the order both
/// backends give to a plain (`C`) comparison.
pub fn sort_key(first_name: &str, last_name: &str) -> String {
    format!("{} / {}", fold(last_name), fold(first_name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_capitalise_the_family_name_and_prose_keeps_the_usual_order() {
        assert_eq!(list_name("Amina", "Belkacem"), "BELKACEM Amina");
        assert_eq!(list_name(" Zoé ", "de la Tour"), "DE LA TOUR Zoé");
        assert_eq!(prose_name("Amina", "Belkacem"), "Amina Belkacem");
    }

    #[test]
    fn the_sort_key_folds_accents_and_case() {
        let mut names = [
            ("Zoé", "Martin"),
            ("Ève", "Martin"),
            ("eric", "Martin"),
            ("Émile", "Martin"),
            ("Anne", "Martin-Dupont"),
            ("Jean", "Martinez"),
            ("Luc", "Élie"),
        ];
        names.sort_by_key(|(first, last)| sort_key(first, last));
        let order: Vec<_> = names.iter().map(|(first, _)| *first).collect();
        assert_eq!(
            order,
            ["Luc", "Émile", "eric", "Ève", "Zoé", "Anne", "Jean"]
        );
        assert_eq!(sort_key("Ève", "Lefèvre"), "lefevre / eve");
    }
}
