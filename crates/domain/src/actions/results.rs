//! What an action achieved (*résultats de l'action*): the result indicators
//! (*indicateurs de résultat*) it declares. What its own records can tell is
//! computed — persons who had a place, their returns to work, séances held,
//! people met without a file —; what happens outside Maillage (a childcare
//! solution found with a childminder) is recorded per year by the Cité.

use chrono::{Datelike, NaiveDate};

use crate::accounts::Role;
use crate::codes::code_list;
use crate::errors::{required_text, FieldErrors};
use crate::ids::{IndicatorId, PartnerId};
use crate::participants::outcomes::{Outcome, OutcomeClass};

code_list!(
    /// Where an indicator's value comes from.
    IndicatorSource {
        PersonsPlaced = "persons_placed", "Calculé : personnes qui ont eu une place";
        ReturnsToWork = "returns_to_work", "Calculé : retours à l'emploi de ces personnes";
        DurableEmployment = "durable_employment", "Calculé : emplois durables de ces personnes";
        Seances = "seances", "Calculé : séances collectives tenues";
        PersonsMet = "persons_met", "Calculé : personnes rencontrées sans dossier";
        Recorded = "recorded", "Saisi chaque année";
    }
);

impl IndicatorSource {
    pub fn is_computed(self) -> bool {
        self != IndicatorSource::Recorded
    }

    /// Whether its value is a count of persons, masked below the threshold
    /// for co-pilots and the national team (a number of séances is not).
    pub fn counts_persons(self) -> bool {
        self != IndicatorSource::Seances
    }
}

/// The most indicators an action declares: a few that say what it achieved.
pub const MAX_INDICATORS: usize = 12;
/// The longest indicator label.
pub const MAX_LABEL_CHARS: usize = 80;
/// The largest yearly value a form accepts.
pub const MAX_VALUE: i32 = 1_000_000;

/// An indicator an action declares, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndicatorDraft {
    /// What is counted, as the sentence says it after the number, plural:
    /// « familles », « retours à l'emploi », « solutions pérennes ».
    pub label: String,
    pub source: IndicatorSource,
}

#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct IndicatorInput {
    pub label: String,
    pub source: String,
}

impl IndicatorInput {
    pub fn validate(&self) -> Result<IndicatorDraft, FieldErrors> {
        let mut errors = FieldErrors::new();
        let label = required_text(&mut errors, "label", &self.label, MAX_LABEL_CHARS);
        if label.contains('\n') {
            errors.add("label", "Le libellé tient sur une ligne.");
        }
        let source = IndicatorSource::parse(self.source.trim());
        if source.is_none() {
            errors.add("source", "Choisissez une valeur dans la liste.");
        }
        match source {
            Some(source) if errors.is_empty() => Ok(IndicatorDraft { label, source }),
            _ => Err(errors),
        }
    }
}

/// A year's value of a recorded indicator, validated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct YearValue {
    pub indicator_id: IndicatorId,
    pub year: i32,
    pub value: i64,
}

#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct YearValueInput {
    pub indicator_id: String,
    pub year: String,
    pub value: String,
}

impl YearValueInput {
    /// A year is plausible from the action's start to the current year: a
    /// result is recorded once it happened.
    pub fn validate(
        &self,
        starts_on: NaiveDate,
        today: NaiveDate,
    ) -> Result<YearValue, FieldErrors> {
        let mut errors = FieldErrors::new();
        let indicator_id = super::optional_id(&mut errors, "indicator_id", &self.indicator_id);
        if indicator_id.is_none() && errors.is_empty() {
            errors.add("indicator_id", "Choisissez l'indicateur.");
        }
        let (first, last) = (starts_on.year().min(today.year()), today.year());
        let year = self
            .year
            .trim()
            .parse::<i32>()
            .ok()
            .filter(|year| (first..=last).contains(year));
        if year.is_none() {
            errors.add(
                "year",
                format!("Indiquez une année entre {first} et {last}."),
            );
        }
        let value = super::optional_number(&mut errors, "value", &self.value, 0, MAX_VALUE);
        if value.is_none() && errors.get("value").is_none() {
            errors.add("value", "Indiquez le nombre atteint cette année-là.");
        }
        match (indicator_id, year, value) {
            (Some(indicator_id), Some(year), Some(value)) if errors.is_empty() => Ok(YearValue {
                indicator_id,
                year,
                value: i64::from(value),
            }),
            _ => Err(errors),
        }
    }
}

/// A return to work (*retour à l'emploi*): a person who had a place in the
/// action and whose situation at exit, +6 or +12 months, recorded on or after
/// the day they asked for it, is a job. The request, not the place, dates
/// the help: a place that frees up late still answers an earlier request. These are the situation codes the store
/// counts for it.
pub fn return_to_work_codes() -> Vec<&'static str> {
    Outcome::ALL
        .into_iter()
        .filter(|outcome| outcome.is_employment())
        .map(Outcome::code)
        .collect()
}

/// The situation codes of *emploi durable*, counted the same way.
pub fn durable_employment_codes() -> Vec<&'static str> {
    OutcomeClass::DurableEmployment.codes()
}

/// What the store counts for an action's computed indicators.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Computed {
    pub persons_placed: i64,
    pub returns_to_work: i64,
    pub durable_employment: i64,
    pub seances: i64,
    pub persons_met: i64,
}

impl Computed {
    /// The value of a computed source; `None` for a recorded one.
    pub fn get(&self, source: IndicatorSource) -> Option<i64> {
        match source {
            IndicatorSource::PersonsPlaced => Some(self.persons_placed),
            IndicatorSource::ReturnsToWork => Some(self.returns_to_work),
            IndicatorSource::DurableEmployment => Some(self.durable_employment),
            IndicatorSource::Seances => Some(self.seances),
            IndicatorSource::PersonsMet => Some(self.persons_met),
            IndicatorSource::Recorded => None,
        }
    }
}

/// An indicator as declared, for [`results`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Declared {
    pub id: IndicatorId,
    pub label: String,
    pub source: IndicatorSource,
}

/// An indicator's figures: its total, and for a recorded one its years.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndicatorResult {
    pub id: IndicatorId,
    pub label: String,
    pub source: IndicatorSource,
    pub total: i64,
    /// Recorded values, oldest year first; empty for a computed indicator.
    pub years: Vec<(i32, i64)>,
}

/// Each declared indicator with its figures: the computed ones from the
/// records, the recorded ones as the sum of their years.
pub fn results(
    declared: &[Declared],
    computed: &Computed,
    recorded: &[YearValue],
) -> Vec<IndicatorResult> {
    declared
        .iter()
        .map(|indicator| {
            let mut years: Vec<(i32, i64)> = recorded
                .iter()
                .filter(|v| v.indicator_id == indicator.id)
                .map(|v| (v.year, v.value))
                .collect();
            years.sort_unstable();
            let total = computed
                .get(indicator.source)
                .unwrap_or_else(|| years.iter().map(|(_, v)| v).sum());
            IndicatorResult {
                id: indicator.id,
                label: indicator.label.clone(),
                source: indicator.source,
                total,
                years,
            }
        })
        .collect()
}

impl IndicatorResult {
    /// Its total as `shown` (the reader's masking) puts a count of persons;
    /// a number of séances as it is.
    pub fn total_as(&self, shown: impl Fn(i64) -> String) -> String {
        match self.source.counts_persons() {
            true => shown(self.total),
            false => crate::numbers::integer(self.total),
        }
    }
}

/// The one line a fiche or a dashboard shows (« 15 familles, 14 retours à
/// l'emploi »), each count of persons through `shown` (the masking of the
/// reader's role); empty when nothing is declared. A label is plural: 0 or
/// 1 reads « familles : 1 ».
pub fn summary(results: &[IndicatorResult], shown: impl Fn(i64) -> String) -> String {
    results
        .iter()
        .map(|r| {
            let total = r.total_as(&shown);
            match r.total {
                0 | 1 if total == crate::numbers::integer(r.total) => {
                    format!("{} : {total}", r.label)
                }
                _ => format!("{total} {}", r.label),
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Who records an action's yearly values: its Cité's coordinators, and the
/// porteurs of its carrier partner.
pub fn may_record(role: Role, partner: Option<PartnerId>, carrier: Option<PartnerId>) -> bool {
    match role {
        Role::Coordinateur => true,
        Role::Porteur => carrier.is_some() && partner == carrier,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::masking::masked_count;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn declared(id: i64, label: &str, source: IndicatorSource) -> Declared {
        Declared {
            id: IndicatorId::new(id),
            label: label.into(),
            source,
        }
    }

    #[test]
    fn computed_indicators_take_the_records_and_recorded_ones_sum_their_years() {
        let declared = [
            declared(1, "familles", IndicatorSource::PersonsPlaced),
            declared(2, "solutions temporaires", IndicatorSource::Recorded),
            declared(3, "retours à l'emploi", IndicatorSource::ReturnsToWork),
        ];
        let computed = Computed {
            persons_placed: 63,
            returns_to_work: 17,
            ..Computed::default()
        };
        let recorded = [
            YearValue {
                indicator_id: IndicatorId::new(2),
                year: 2026,
                value: 9,
            },
            YearValue {
                indicator_id: IndicatorId::new(2),
                year: 2025,
                value: 6,
            },
            YearValue {
                indicator_id: IndicatorId::new(9),
                year: 2025,
                value: 100,
            },
        ];
        let results = results(&declared, &computed, &recorded);
        let totals: Vec<i64> = results.iter().map(|r| r.total).collect();
        assert_eq!(totals, [63, 15, 17]);
        assert_eq!(results[1].years, [(2025, 6), (2026, 9)]);
        assert!(results[0].years.is_empty());
        assert_eq!(
            summary(&results, masked_count),
            "63 familles, 15 solutions temporaires, 17 retours à l'emploi"
        );
    }

    #[test]
    fn a_summary_masks_small_counts_of_persons_but_not_of_seances() {
        let declared = [
            declared(
                1,
                "solutions assistante maternelle",
                IndicatorSource::Recorded,
            ),
            declared(2, "séances", IndicatorSource::Seances),
        ];
        let computed = Computed {
            seances: 3,
            ..Computed::default()
        };
        let recorded = [YearValue {
            indicator_id: IndicatorId::new(1),
            year: 2026,
            value: 2,
        }];
        let results = results(&declared, &computed, &recorded);
        assert_eq!(
            summary(&results, masked_count),
            "< 5 solutions assistante maternelle, 3 séances"
        );
        assert_eq!(
            summary(&results, crate::numbers::integer),
            "2 solutions assistante maternelle, 3 séances"
        );
        let single = [IndicatorResult {
            total: 1,
            ..results[0].clone()
        }];
        assert_eq!(
            summary(&single, crate::numbers::integer),
            "solutions assistante maternelle : 1"
        );
        assert_eq!(
            summary(&single, masked_count),
            "< 5 solutions assistante maternelle"
        );
    }

    #[test]
    fn a_return_to_work_is_a_job_and_durable_employment_a_lasting_one() {
        let jobs = return_to_work_codes();
        assert!(jobs.contains(&"cdi") && jobs.contains(&"interim_under_6m"));
        assert!(!jobs.contains(&"formation_qualifiante") && !jobs.contains(&"recherche"));
        let durable = durable_employment_codes();
        assert!(durable.contains(&"cdi") && !durable.contains(&"cdd_under_6m"));
        assert!(durable.iter().all(|code| jobs.contains(code)));
    }

    #[test]
    fn an_indicator_needs_a_label_and_a_source_of_the_list() {
        let ok = IndicatorInput {
            label: " familles ".into(),
            source: "persons_placed".into(),
        };
        assert_eq!(
            ok.validate(),
            Ok(IndicatorDraft {
                label: "familles".into(),
                source: IndicatorSource::PersonsPlaced
            })
        );
        let bad = IndicatorInput {
            label: String::new(),
            source: "everyone".into(),
        };
        let errors = bad.validate().unwrap_err();
        assert!(errors.get("label").is_some() && errors.get("source").is_some());
    }

    #[test]
    fn a_year_value_lies_between_the_action_start_and_this_year() {
        let (start, today) = (date(2025, 3, 1), date(2026, 12, 6));
        let input = |year: &str, value: &str| YearValueInput {
            indicator_id: "4".into(),
            year: year.into(),
            value: value.into(),
        };
        assert_eq!(
            input("2026", "14").validate(start, today),
            Ok(YearValue {
                indicator_id: IndicatorId::new(4),
                year: 2026,
                value: 14
            })
        );
        for (year, value, field) in [
            ("2024", "3", "year"),
            ("2027", "3", "year"),
            ("", "3", "year"),
            ("2025", "-1", "value"),
            ("2025", "", "value"),
            ("2025", "douze", "value"),
        ] {
            let errors = input(year, value).validate(start, today).unwrap_err();
            assert!(errors.get(field).is_some(), "{year} {value}");
        }
        let none = YearValueInput {
            indicator_id: String::new(),
            ..input("2025", "1")
        };
        assert!(none
            .validate(start, today)
            .unwrap_err()
            .get("indicator_id")
            .is_some());
    }
}
