//! The pathway (*parcours*): barriers (*freins*) identified then lifted, and
//! steps (*étapes*) placed on the timeline by their dates.

use chrono::NaiveDate;

use crate::codes::code_list;
use crate::errors::{optional_text, FieldErrors};
use crate::participants::cohorts::{optional_date, past_date};
use crate::referential;

code_list!(
    /// Where a step stands.
    StepStatus {
        Planned = "planned", "Prévue";
        InProgress = "in_progress", "En cours";
        Done = "done", "Réalisée";
        Dropped = "dropped", "Abandonnée";
        Cancelled = "cancelled", "Annulée";
    }
);

/// A barrier as its form sends it.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BarrierInput {
    pub thematic: String,
    pub identified_on: String,
    pub comment: String,
}

/// A barrier to record: a data·inclusion thematic, identified on a past day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BarrierDraft {
    pub thematic: &'static str,
    pub identified_on: NaiveDate,
    pub comment: Option<String>,
}

impl BarrierInput {
    pub fn validate(&self, today: NaiveDate) -> Result<BarrierDraft, FieldErrors> {
        let mut errors = FieldErrors::new();
        let thematic = referential::thematic(self.thematic.trim()).map(|t| t.code);
        if thematic.is_none() {
            errors.add("thematic", "Choisissez une thématique dans la liste.");
        }
        let identified_on = past_date(&mut errors, "identified_on", &self.identified_on, today);
        let comment = optional_text(&mut errors, "comment", &self.comment, 1000);
        match (thematic, identified_on) {
            (Some(thematic), Some(identified_on)) if errors.is_empty() => Ok(BarrierDraft {
                thematic,
                identified_on,
                comment,
            }),
            _ => Err(errors),
        }
    }
}

/// A step's dates: at least one, so the timeline can place it, and an end
/// that does not precede the start.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StepDates {
    pub planned_on: Option<NaiveDate>,
    pub started_on: Option<NaiveDate>,
    pub ended_on: Option<NaiveDate>,
}

impl StepDates {
    /// Reads the three date fields, adding their errors to `errors`.
    pub fn parse(errors: &mut FieldErrors, planned: &str, started: &str, ended: &str) -> StepDates {
        let dates = StepDates {
            planned_on: optional_date(errors, "planned_on", planned),
            started_on: optional_date(errors, "started_on", started),
            ended_on: optional_date(errors, "ended_on", ended),
        };
        if let (Some(start), Some(end)) = (dates.started_on, dates.ended_on) {
            if end < start {
                errors.add(
                    "ended_on",
                    "La fin de l'étape ne peut pas précéder son début.",
                );
            }
        }
        if [planned, started, ended]
            .iter()
            .all(|d| d.trim().is_empty())
        {
            errors.add(
                "planned_on",
                "Indiquez au moins une date : prévue, de début ou de fin.",
            );
        }
        dates
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    #[test]
    fn a_step_needs_a_date_and_ends_after_it_starts() {
        let mut errors = FieldErrors::new();
        let dates = StepDates::parse(&mut errors, "", "2026-11-10", "2026-11-20");
        assert!(errors.is_empty());
        assert_eq!(
            (dates.started_on, dates.ended_on),
            (Some(day(10)), Some(day(20)))
        );
        let mut errors = FieldErrors::new();
        StepDates::parse(&mut errors, "", "2026-11-20", "2026-11-10");
        assert!(errors.get("ended_on").is_some());
        let mut errors = FieldErrors::new();
        StepDates::parse(&mut errors, " ", "", "");
        assert!(errors.get("planned_on").is_some());
    }

    #[test]
    fn a_barrier_is_a_known_thematic_identified_in_the_past() {
        let input = BarrierInput {
            thematic: "mobilite--preparer-un-permis".into(),
            identified_on: "2026-11-20".into(),
            comment: String::new(),
        };
        let draft = input.validate(day(23)).unwrap();
        assert_eq!(draft.identified_on, day(20));
        let future = BarrierInput {
            identified_on: "2026-11-24".into(),
            ..input.clone()
        };
        assert!(future
            .validate(day(23))
            .unwrap_err()
            .get("identified_on")
            .is_some());
        let unknown = BarrierInput {
            thematic: "autre".into(),
            ..input
        };
        assert!(unknown
            .validate(day(23))
            .unwrap_err()
            .get("thematic")
            .is_some());
    }

    #[test]
    fn codes_round_trip() {
        for status in StepStatus::ALL {
            assert_eq!(StepStatus::parse(status.code()), Some(status));
        }
        assert_eq!(StepStatus::parse("autre"), None);
    }
}
