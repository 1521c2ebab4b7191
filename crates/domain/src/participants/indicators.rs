//! A Cité's indicators (*indicateurs*) as co-pilots read them: barriers by
//! thematic category, identified and lifted, and situations at exit, +6 and
//! +12 months by class. Counts only; masking happens where they are shown.

use std::collections::BTreeMap;

use super::outcomes::{Checkpoint, Outcome, OutcomeClass};
use crate::referential::category_of_thematic;

/// Persons with one barrier thematic, from the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BarrierCount {
    pub thematic: String,
    pub identified: i64,
    pub lifted: i64,
}

/// Persons with one situation at one checkpoint, from the store.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct OutcomeCount {
    pub checkpoint: String,
    pub outcome: String,
    pub persons: i64,
}

/// A row as the store reads it: checkpoint, situation, persons.
impl From<(String, String, i64)> for OutcomeCount {
    fn from((checkpoint, outcome, persons): (String, String, i64)) -> OutcomeCount {
        OutcomeCount {
            checkpoint,
            outcome,
            persons,
        }
    }
}

/// One line of the barriers table: a thematic category.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BarrierLine {
    pub category: &'static str,
    pub identified: i64,
    pub lifted: i64,
}

/// Barriers summed by data·inclusion category, most identified first.
pub fn barriers_by_category(counts: &[BarrierCount]) -> Vec<BarrierLine> {
    let mut by_category: BTreeMap<&'static str, (i64, i64)> = BTreeMap::new();
    for count in counts {
        let category = category_of_thematic(&count.thematic).map_or("Autre", |c| c.label);
        let line = by_category.entry(category).or_default();
        line.0 += count.identified;
        line.1 += count.lifted;
    }
    let mut lines: Vec<BarrierLine> = by_category
        .into_iter()
        .map(|(category, (identified, lifted))| BarrierLine {
            category,
            identified,
            lifted,
        })
        .collect();
    lines.sort_by(|a, b| {
        b.identified
            .cmp(&a.identified)
            .then(a.category.cmp(b.category))
    });
    lines
}

/// The checkpoints the situations table shows, in its column order.
pub const FOLLOW_UP_CHECKPOINTS: [Checkpoint; 3] = [
    Checkpoint::Exit,
    Checkpoint::SixMonths,
    Checkpoint::TwelveMonths,
];

/// The classes the situations table shows, in its row order.
pub const CLASSES: [OutcomeClass; 4] = [
    OutcomeClass::DurableEmployment,
    OutcomeClass::TransitionEmployment,
    OutcomeClass::PositiveExit,
    OutcomeClass::Other,
];

/// Persons by class (rows, as [`CLASSES`]) and checkpoint (columns, as
/// [`FOLLOW_UP_CHECKPOINTS`]); unknown codes and the entry checkpoint are left out.
pub fn outcomes_by_class(counts: &[OutcomeCount]) -> [[i64; 3]; 4] {
    let mut table = [[0; 3]; 4];
    for count in counts {
        let column = FOLLOW_UP_CHECKPOINTS
            .iter()
            .position(|c| Some(*c) == Checkpoint::parse(&count.checkpoint));
        let row = Outcome::parse(&count.outcome)
            .and_then(|o| CLASSES.iter().position(|class| *class == o.class()));
        if let (Some(row), Some(column)) = (row, column) {
            table[row][column] += count.persons;
        }
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    fn barrier(thematic: &str, identified: i64, lifted: i64) -> BarrierCount {
        BarrierCount {
            thematic: thematic.into(),
            identified,
            lifted,
        }
    }

    fn outcome(checkpoint: &str, outcome: &str, persons: i64) -> OutcomeCount {
        OutcomeCount {
            checkpoint: checkpoint.into(),
            outcome: outcome.into(),
            persons,
        }
    }

    #[test]
    fn barriers_add_up_by_category_most_frequent_first() {
        let lines = barriers_by_category(&[
            barrier("mobilite--preparer-un-permis", 4, 1),
            barrier("famille--garde-denfants", 7, 3),
            barrier("mobilite--acceder-a-un-vehicule", 5, 2),
        ]);
        assert_eq!(
            lines,
            [
                BarrierLine {
                    category: "Mobilité",
                    identified: 9,
                    lifted: 3
                },
                BarrierLine {
                    category: "Famille",
                    identified: 7,
                    lifted: 3
                },
            ]
        );
    }

    #[test]
    fn situations_count_by_class_and_checkpoint() {
        let table = outcomes_by_class(&[
            outcome("exit", "cdi", 3),
            outcome("exit", "interim_6m_plus", 2),
            outcome("m6", "cdd_under_6m", 4),
            outcome("m12", "formation_qualifiante", 1),
            outcome("m12", "injoignable", 6),
            outcome("entry", "cdi", 9),
            outcome("exit", "not-a-code", 9),
        ]);
        assert_eq!(table, [[5, 0, 0], [0, 4, 0], [0, 0, 1], [0, 0, 6]]);
    }
}
