//! The cohort's exits broken down (*ventilation*): the persons who left the
//! follow-up in a year, by situation class (columns) and by QPV, sex or age
//! band (rows). Each table is published with its totals, so it goes through
//! `masking::mask_table` for co-pilots.

use std::collections::BTreeMap;

use chrono::{Months, NaiveDate};

use crate::codes::code_list;
use crate::participants::indicators::CLASSES;
use crate::participants::outcomes::Outcome;
use crate::participants::person::Sex;

code_list!(
    /// An age band (*tranche d'âge*), the age reached in the year of exit.
    AgeBand {
        Under26 = "under_26", "Moins de 26 ans";
        From26To49 = "26_49", "26 à 49 ans";
        From50 = "50_plus", "50 ans et plus";
    }
);

impl AgeBand {
    /// The latest birth date of the older bands in `year`, as the store
    /// compares: born after the first is under 26 at the end of the year,
    /// after the second under 50.
    pub fn cutoffs(last_day: NaiveDate) -> Option<[NaiveDate; 2]> {
        Some([
            last_day.checked_sub_months(Months::new(26 * 12))?,
            last_day.checked_sub_months(Months::new(50 * 12))?,
        ])
    }
}

/// What the store counts: exits of one QPV (by name; `None` outside),
/// sex, age band and situation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExitCount {
    pub qpv: Option<String>,
    pub sex: String,
    pub age_band: String,
    pub outcome: String,
    pub persons: i64,
}

code_list!(
    /// What the rows of a breakdown are.
    Dimension {
        Qpv = "qpv", "Par quartier";
        Sex = "sex", "Par sexe";
        AgeBand = "age", "Par tranche d'âge";
    }
);

/// One breakdown: each row's label with its persons per class, in the
/// order of `participants::indicators::CLASSES`.
pub type Breakdown = Vec<(String, [i64; 4])>;

/// The label of `count`'s row in `dimension`; unknown codes read « Autre ».
fn row_label(dimension: Dimension, count: &ExitCount) -> String {
    match dimension {
        Dimension::Qpv => count.qpv.clone().unwrap_or_else(|| "Hors QPV".to_owned()),
        Dimension::Sex => Sex::parse(&count.sex)
            .map_or("Autre", Sex::label)
            .to_owned(),
        Dimension::AgeBand => AgeBand::parse(&count.age_band)
            .map_or("Autre", AgeBand::label)
            .to_owned(),
    }
}

/// The exits by `dimension`: rows in the dimension's order (QPVs by name,
/// « Hors QPV » last), only those with an exit.
pub fn breakdown(counts: &[ExitCount], dimension: Dimension) -> Breakdown {
    let order = |label: &str| -> (usize, String) {
        let rank = match dimension {
            Dimension::Qpv => usize::from(label == "Hors QPV"),
            Dimension::Sex => Sex::ALL
                .iter()
                .position(|s| s.label() == label)
                .unwrap_or(9),
            Dimension::AgeBand => AgeBand::ALL
                .iter()
                .position(|b| b.label() == label)
                .unwrap_or(9),
        };
        (rank, label.to_owned())
    };
    let mut rows: BTreeMap<(usize, String), [i64; 4]> = BTreeMap::new();
    for count in counts {
        let Some(column) = Outcome::parse(&count.outcome)
            .and_then(|o| CLASSES.iter().position(|class| *class == o.class()))
        else {
            continue;
        };
        let label = row_label(dimension, count);
        rows.entry(order(&label)).or_default()[column] += count.persons;
    }
    rows.into_iter()
        .map(|((_, label), row)| (label, row))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exit(
        qpv: Option<&str>,
        sex: &str,
        age_band: &str,
        outcome: &str,
        persons: i64,
    ) -> ExitCount {
        ExitCount {
            qpv: qpv.map(str::to_owned),
            sex: sex.into(),
            age_band: age_band.into(),
            outcome: outcome.into(),
            persons,
        }
    }

    #[test]
    fn exits_are_broken_down_by_quarter_sex_and_age() {
        let counts = [
            exit(Some("La Roseraie"), "f", "under_26", "cdi", 6),
            exit(Some("Belle-Beille"), "m", "26_49", "cdd_under_6m", 2),
            exit(None, "f", "50_plus", "formation_qualifiante", 3),
            exit(Some("Belle-Beille"), "f", "26_49", "cdi", 1),
            exit(Some("Belle-Beille"), "f", "26_49", "unknown", 9),
        ];
        assert_eq!(
            breakdown(&counts, Dimension::Qpv),
            [
                ("Belle-Beille".to_owned(), [1, 2, 0, 0]),
                ("La Roseraie".to_owned(), [6, 0, 0, 0]),
                ("Hors QPV".to_owned(), [0, 0, 3, 0]),
            ]
        );
        let by_sex = breakdown(&counts, Dimension::Sex);
        assert_eq!(by_sex[0], ("Femme".to_owned(), [7, 0, 3, 0]));
        let by_age: Vec<String> = breakdown(&counts, Dimension::AgeBand)
            .into_iter()
            .map(|(label, _)| label)
            .collect();
        assert_eq!(by_age, ["Moins de 26 ans", "26 à 49 ans", "50 ans et plus"]);
    }

    #[test]
    fn cutoffs_are_birthdays_at_the_end_of_the_year() {
        let last = NaiveDate::from_ymd_opt(2026, 12, 31).unwrap();
        let [under_26, under_50] = AgeBand::cutoffs(last).unwrap();
        assert_eq!(under_26.to_string(), "2000-12-31");
        assert_eq!(under_50.to_string(), "1976-12-31");
    }
}
