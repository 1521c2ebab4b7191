//! National reference data (*référentiels*) built into the binary: no IO at
//! run time.
//!
//! - Administrative divisions (*découpage administratif*: communes, municipal
//!   districts, EPCI, départements, regions): `@etalab/decoupage-administratif`
//!   6.0.0, MIT.
//! - The code lists of the data·inclusion v1 schema (thematics, publics,
//!   carrier networks…): data·inclusion, GIP de l'inclusion, schema 1.0.10,
//!   Licence Ouverte 2.0 (Etalab).
//!
//! The files are in `data/` at the root of the repository (see
//! `data/README.md`), included with `include_str!` and parsed once, on first
//! use. Every value returned is `'static`.

mod data_inclusion;
mod geo;

pub use data_inclusion::{
    category_of_thematic, fee, fees, mobilisation_mode, mobilisation_modes, mobilising_person,
    mobilising_persons, network, networks, public, publics, reception_mode, reception_modes,
    service_type, service_types, thematic, thematic_categories, thematic_category, thematics,
    thematics_of_category, Code,
};
pub use geo::{
    commune, communes, communes_of_departement, departement, departements, departements_of_region,
    districts_of, epci, epci_of_commune, epcis, municipal_districts, region, regions, Commune,
    Departement, Epci, Region, Zone,
};

/// Checks the *shape* of a commune's official geographic code (*code INSEE*),
/// not whether it exists (for that: `commune(code).is_some()`).
///
/// Accepted: exactly 5 ASCII characters, the first two being digits or
/// `2A`/`2B` (Corsica, upper case), the last three digits. Overseas codes
/// (`97411`, `98818`) are plain 5-digit codes. A postcode (`49000`) has the
/// same shape: only existence tells them apart.
pub fn is_valid_insee_code(code: &str) -> bool {
    let bytes = code.as_bytes();
    if bytes.len() != 5 {
        return false;
    }
    let departement_ok =
        matches!(&bytes[..2], [b'2', b'A' | b'B']) || bytes[..2].iter().all(u8::is_ascii_digit);
    departement_ok && bytes[2..].iter().all(u8::is_ascii_digit)
}

/// The lines of a built-in TSV file, without the header or blank lines, split
/// into cells. Lines without `columns` cells are skipped (the tests check
/// that none is, in the shipped data).
fn tsv_rows(text: &'static str, columns: usize) -> impl Iterator<Item = Vec<&'static str>> {
    text.lines()
        .skip(1)
        .filter(|line| !line.is_empty())
        .map(|line| line.split('\t').collect::<Vec<_>>())
        .filter(move |cells| cells.len() == columns)
}

/// An empty cell becomes `None`.
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
