//! Référentiels nationaux embarqués dans le binaire (aucune IO à l'exécution).
//!
//! - Découpage administratif (communes, arrondissements municipaux, EPCI,
//!   départements, régions) : `@etalab/decoupage-administratif` 6.0.0, MIT.
//! - Énumérations du schéma data·inclusion v1 (thématiques, publics, réseaux
//!   porteurs…) : data·inclusion, GIP de l'inclusion, schéma 1.0.10, Licence
//!   Ouverte 2.0 (Etalab).
//!
//! Les fichiers sont dans `data/` à la racine du dépôt (voir `data/README.md`),
//! inclus avec `include_str!` et analysés une seule fois, à la première
//! utilisation. Toutes les valeurs renvoyées sont `'static`.

mod data_inclusion;
mod geo;

pub use data_inclusion::{
    category_of_thematic, fee, fees, mobilisation_mode, mobilisation_modes, mobilising_person,
    mobilising_persons, network, networks, public, publics, reception_mode, reception_modes,
    service_type, service_types, thematic, thematic_categories, thematic_category, thematics,
    thematics_of_category, Code,
};
pub use geo::{
    arrondissements_municipaux, arrondissements_of, commune, communes, communes_of_departement,
    departement, departements, departements_of_region, epci, epci_of_commune, epcis, region,
    regions, Commune, Departement, Epci, Region, Zone,
};

/// Vérifie la *forme* d'un code officiel géographique (code INSEE) de commune,
/// sans dire s'il existe (pour cela : `commune(code).is_some()`).
///
/// Forme acceptée : exactement 5 caractères ASCII, les deux premiers étant deux
/// chiffres ou `2A`/`2B` (Corse, en majuscules), les trois suivants des
/// chiffres. Les codes d'outre-mer (`97411`, `98818`) sont de simples codes à
/// 5 chiffres. Un code postal (`49000`) a la même forme : seule l'existence
/// permet de les distinguer.
pub fn is_valid_insee_code(code: &str) -> bool {
    let bytes = code.as_bytes();
    if bytes.len() != 5 {
        return false;
    }
    let departement_ok =
        matches!(&bytes[..2], [b'2', b'A' | b'B']) || bytes[..2].iter().all(u8::is_ascii_digit);
    departement_ok && bytes[2..].iter().all(u8::is_ascii_digit)
}

/// Lignes d'un fichier TSV embarqué, sans l'en-tête ni les lignes vides,
/// découpées en cellules. Les lignes qui n'ont pas `columns` cellules sont
/// ignorées (les tests vérifient qu'aucune ne l'est sur les données livrées).
fn tsv_rows(text: &'static str, columns: usize) -> impl Iterator<Item = Vec<&'static str>> {
    text.lines()
        .skip(1)
        .filter(|line| !line.is_empty())
        .map(|line| line.split('\t').collect::<Vec<_>>())
        .filter(move |cells| cells.len() == columns)
}

/// Une cellule vide devient `None`.
fn non_empty(cell: &'static str) -> Option<&'static str> {
    (!cell.is_empty()).then_some(cell)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn insee_code_syntax() {
        for good in [
            "49007", "2A004", "2B033", "97411", "98818", "75101", "01001",
        ] {
            assert!(is_valid_insee_code(good), "{good}");
        }
        for bad in [
            "",
            "ABCDE",
            "1234",
            "123456",
            "2a004",
            "2C004",
            "A2004",
            "4900A",
            "49 07",
            " 49007",
            "49007 ",
            "4900é",
            "é4900",
            "49\u{0}07",
            "٤٩٠٠٧",
            "４９００７",
        ] {
            assert!(!is_valid_insee_code(bad), "{bad:?}");
        }
    }

    #[test]
    fn syntax_and_existence_are_separate() {
        assert!(is_valid_insee_code("49000"));
        assert!(commune("49000").is_none());
        assert!(commune("49007").is_some());
    }

    #[test]
    fn tsv_rows_skip_header_blank_and_malformed_lines() {
        let rows: Vec<_> = tsv_rows("a\tb\n1\t2\n\nonly-one\n3\t4\n", 2).collect();
        assert_eq!(rows, vec![vec!["1", "2"], vec!["3", "4"]]);
        assert_eq!(non_empty(""), None);
        assert_eq!(non_empty("x"), Some("x"));
    }
}
