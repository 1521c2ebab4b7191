//! The cohort's exits broken down (*ventilation*): the persons who left the
//! follow-up in a year, by situation class (columns) and by QPV, sex, age
//! band, barrier or action (rows). Each table is published with its totals,
//! so it goes through `masking::mask_table` for co-pilots.

use std::collections::BTreeMap;

use chrono::{Months, NaiveDate};

use crate::codes::code_list;
use crate::indicators::cohort::{category_label, CohortCounts, LabelledExit};
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
        Barrier = "barrier", "Par frein repéré";
        Action = "action", "Par action suivie";
    }
);

impl Dimension {
    /// Whether each leaver falls in exactly one row. Someone may have had
    /// several barriers or actions: those rows overlap, and their column
    /// totals would count a person twice.
    pub fn partitions(self) -> bool {
        !matches!(self, Dimension::Barrier | Dimension::Action)
    }
}

/// One breakdown: each row's label with its persons per class, in the
/// order of `participants::indicators::CLASSES`.
pub type Breakdown = Vec<(String, [i64; 4])>;

const OUTSIDE: &str = "Hors QPV";
const NO_BARRIER: &str = "Aucun frein repéré";
const NO_ACTION: &str = "Aucune action suivie";

/// Where a row's label sorts: the dimension's own order, then by name,
/// the row of those outside or concerned by none last.
fn rank(dimension: Dimension, label: &str) -> usize {
    match dimension {
        Dimension::Sex => Sex::ALL.iter().position(|s| s.label() == label),
        Dimension::AgeBand => AgeBand::ALL.iter().position(|b| b.label() == label),
        Dimension::Qpv | Dimension::Barrier | Dimension::Action => Some(usize::from(
            [OUTSIDE, NO_BARRIER, NO_ACTION].contains(&label),
        )),
    }
    .unwrap_or(9)
}

/// The exits by `dimension`: rows in the dimension's order (QPVs, barrier
/// categories and actions by name), only those with an exit.
pub fn breakdown(counts: &CohortCounts, dimension: Dimension) -> Breakdown {
    let labelled = |exits: &[LabelledExit], none: &str, label: fn(&str) -> String| {
        exits
            .iter()
            .map(|e| {
                let row = e.label.as_deref().map_or_else(|| none.to_owned(), label);
                (row, e.outcome.clone(), e.persons)
            })
            .collect::<Vec<_>>()
    };
    let persons = |label: &dyn Fn(&ExitCount) -> String| {
        counts
            .exits
            .iter()
            .map(|c| (label(c), c.outcome.clone(), c.persons))
            .collect::<Vec<_>>()
    };
    // Unknown codes read « Autre ».
    let cells = match dimension {
        Dimension::Qpv => persons(&|c| c.qpv.clone().unwrap_or_else(|| OUTSIDE.to_owned())),
        Dimension::Sex => persons(&|c| Sex::parse(&c.sex).map_or("Autre", Sex::label).to_owned()),
        Dimension::AgeBand => persons(&|c| {
            AgeBand::parse(&c.age_band)
                .map_or("Autre", AgeBand::label)
                .to_owned()
        }),
        Dimension::Barrier => labelled(&counts.exits_by_barrier, NO_BARRIER, |code| {
            category_label(Some(code)).to_owned()
        }),
        Dimension::Action => labelled(&counts.exits_by_action, NO_ACTION, str::to_owned),
    };
    let mut rows: BTreeMap<(usize, String), [i64; 4]> = BTreeMap::new();
    for (label, outcome, persons) in cells {
        let Some(column) = Outcome::parse(&outcome)
            .and_then(|o| CLASSES.iter().position(|class| *class == o.class()))
        else {
            continue;
        };
        rows.entry((rank(dimension, &label), label)).or_default()[column] += persons;
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
        let counts = CohortCounts {
            exits: vec![
                exit(Some("La Roseraie"), "f", "under_26", "cdi", 6),
                exit(Some("Belle-Beille"), "m", "26_49", "cdd_under_6m", 2),
                exit(None, "f", "50_plus", "formation_qualifiante", 3),
                exit(Some("Belle-Beille"), "f", "26_49", "cdi", 1),
                exit(Some("Belle-Beille"), "f", "26_49", "unknown", 9),
            ],
            ..CohortCounts::default()
        };
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
        assert!(Dimension::AgeBand.partitions());
    }

    #[test]
    fn exits_are_broken_down_by_barrier_and_action_those_concerned_by_none_last() {
        let labelled = |label: Option<&str>, outcome: &str, persons| LabelledExit {
            label: label.map(str::to_owned),
            outcome: outcome.into(),
            persons,
        };
        let counts = CohortCounts {
            exits_by_barrier: vec![
                labelled(None, "cdi", 2),
                labelled(Some("mobilite"), "cdi", 4),
                labelled(Some("famille"), "formation_qualifiante", 1),
                labelled(Some("mobilite"), "cdd_under_6m", 1),
            ],
            exits_by_action: vec![
                labelled(Some("Par'Emploi"), "cdi", 3),
                labelled(None, "cdi", 1),
                labelled(Some("Crèche AVIP"), "cdi", 2),
            ],
            ..CohortCounts::default()
        };
        assert_eq!(
            breakdown(&counts, Dimension::Barrier),
            [
                ("Famille".to_owned(), [0, 0, 1, 0]),
                ("Mobilité".to_owned(), [4, 1, 0, 0]),
                ("Aucun frein repéré".to_owned(), [2, 0, 0, 0]),
            ]
        );
        let actions: Vec<String> = breakdown(&counts, Dimension::Action)
            .into_iter()
            .map(|(label, _)| label)
            .collect();
        assert_eq!(
            actions,
            ["Crèche AVIP", "Par'Emploi", "Aucune action suivie"]
        );
        assert!(!Dimension::Barrier.partitions());
    }

    #[test]
    fn cutoffs_are_birthdays_at_the_end_of_the_year() {
        let last = NaiveDate::from_ymd_opt(2026, 12, 31).unwrap();
        let [under_26, under_50] = AgeBand::cutoffs(last).unwrap();
        assert_eq!(under_26.to_string(), "2000-12-31");
        assert_eq!(under_50.to_string(), "1976-12-31");
    }
}
