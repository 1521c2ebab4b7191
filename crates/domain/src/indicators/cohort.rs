//! A Cité's cohort in one year, as tables: its exits broken down
//! (`breakdown`), the barriers of each category found and lifted, and the
//! situations of the year's leavers at exit, +6 and +12 months. All can be
//! narrowed to one quarter (*filtre par QPV*).

use std::collections::BTreeMap;

use crate::ids::QpvId;
use crate::indicators::breakdown::ExitCount;
use crate::participants::indicators::OutcomeCount;
use crate::referential::thematic_category;

/// Whose persons a Cité's cohort figures count: the quarter (*QPV*) they
/// live in, as their file says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum QpvFilter {
    #[default]
    All,
    /// The residents of one of the Cité's QPVs.
    In(QpvId),
    /// The residents of any QPV.
    Inside,
    /// Those whose file names no QPV.
    Outside,
}

impl QpvFilter {
    /// The query string's value: empty for all, `en-qpv` for any QPV,
    /// `hors` outside, else a QPV's id; `None` for anything else.
    pub fn parse(value: &str) -> Option<QpvFilter> {
        match value {
            "" => Some(QpvFilter::All),
            "en-qpv" => Some(QpvFilter::Inside),
            "hors" => Some(QpvFilter::Outside),
            id => id.parse().ok().map(|id| QpvFilter::In(QpvId::new(id))),
        }
    }

    /// What [`QpvFilter::parse`] reads back.
    pub fn code(self) -> String {
        match self {
            QpvFilter::All => String::new(),
            QpvFilter::In(id) => id.to_string(),
            QpvFilter::Inside => "en-qpv".to_owned(),
            QpvFilter::Outside => "hors".to_owned(),
        }
    }
}

/// Exits of the year counted under one label (a barrier category's code,
/// an action's name) with one situation. A person counts under every label
/// that concerns them; `None` labels those concerned by none.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct LabelledExit {
    pub label: Option<String>,
    pub outcome: String,
    pub persons: i64,
}

/// Persons with a barrier of one category found, or lifted, in the year.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct CategoryBarriers {
    /// The data·inclusion category's code; `None` for a thematic of none.
    pub category: Option<String>,
    pub identified: i64,
    pub lifted: i64,
}

/// What the store counts of a Cité's cohort in one year.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CohortCounts {
    /// The year's leavers by QPV, sex, age band and situation at exit.
    pub exits: Vec<ExitCount>,
    /// The same by barrier category ever found (`None`: none found).
    pub exits_by_barrier: Vec<LabelledExit>,
    /// The same by action they took part in (`None`: none).
    pub exits_by_action: Vec<LabelledExit>,
    pub barriers: Vec<CategoryBarriers>,
    /// The year's leavers by checkpoint (exit, +6, +12 months) and
    /// situation, for `participants::indicators::outcomes_by_class`.
    pub follow_ups: Vec<OutcomeCount>,
}

/// A category's label; « Autre » for a code the referential lacks.
pub fn category_label(code: Option<&str>) -> &'static str {
    code.and_then(thematic_category)
        .map_or("Autre", |c| c.label)
}

/// The barriers table: each category's persons found and lifted, most
/// found first.
pub fn barriers_by_category(counts: &[CategoryBarriers]) -> Vec<(String, [i64; 2])> {
    let mut rows: BTreeMap<&str, [i64; 2]> = BTreeMap::new();
    for count in counts {
        let row = rows
            .entry(category_label(count.category.as_deref()))
            .or_default();
        row[0] += count.identified;
        row[1] += count.lifted;
    }
    let mut rows: Vec<(String, [i64; 2])> = rows
        .into_iter()
        .map(|(label, row)| (label.to_owned(), row))
        .collect();
    rows.sort_by(|a, b| b.1[0].cmp(&a.1[0]).then_with(|| a.0.cmp(&b.0)));
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_quarter_filter_reads_back_what_it_writes() {
        for filter in [
            QpvFilter::All,
            QpvFilter::Inside,
            QpvFilter::Outside,
            QpvFilter::In(QpvId::new(12)),
        ] {
            assert_eq!(QpvFilter::parse(&filter.code()), Some(filter));
        }
        assert_eq!(QpvFilter::parse("belle-beille"), None);
        assert_eq!(QpvFilter::parse("-"), None);
    }

    #[test]
    fn barriers_are_read_by_category_most_found_first() {
        let count = |category: Option<&str>, identified, lifted| CategoryBarriers {
            category: category.map(str::to_owned),
            identified,
            lifted,
        };
        let rows = barriers_by_category(&[
            count(Some("mobilite"), 4, 1),
            count(Some("famille"), 7, 3),
            count(None, 2, 0),
            count(Some("inconnue"), 1, 1),
        ]);
        assert_eq!(
            rows,
            [
                ("Famille".to_owned(), [7, 3]),
                ("Mobilité".to_owned(), [4, 1]),
                ("Autre".to_owned(), [3, 1]),
            ]
        );
    }
}
