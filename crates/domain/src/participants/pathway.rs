//! The pathway (*parcours*): barriers (*freins*) identified then lifted, and
//! steps (*étapes*) placed on the timeline by their dates.

use chrono::NaiveDate;

use crate::codes::code_list;
use crate::dates::DateField;
use crate::errors::{optional_text, FieldErrors};
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
        let identified_on = DateField::past("identified_on", "La date d'identification du frein")
            .required(&mut errors, &self.identified_on, today);
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
    /// Reads the three date fields, adding their errors to `errors`: planned
    /// dates, except the start and end of a step already done, which have
    /// happened.
    pub fn parse(
        errors: &mut FieldErrors,
        [planned, started, ended]: [&str; 3],
        done: bool,
        today: NaiveDate,
    ) -> StepDates {
        let field = |name, label| match done {
            true => DateField::past(name, label),
            false => DateField::planned(name, label),
        };
        let dates = StepDates {
            planned_on: DateField::planned("planned_on", "La date prévue de l'étape")
                .optional(errors, planned, today),
            started_on: field("started_on", "Le début de l'étape").optional(errors, started, today),
            ended_on: field("ended_on", "La fin de l'étape").optional(errors, ended, today),
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
        let dates = StepDates::parse(
            &mut errors,
            ["", "2026-11-10", "2026-11-20"],
            false,
            day(23),
        );
        assert!(errors.is_empty());
        assert_eq!(
            (dates.started_on, dates.ended_on),
            (Some(day(10)), Some(day(20)))
        );
        let mut errors = FieldErrors::new();
        StepDates::parse(
            &mut errors,
            ["", "2026-11-20", "2026-11-10"],
            false,
            day(23),
        );
        assert!(errors.get("ended_on").is_some());
        let mut errors = FieldErrors::new();
        StepDates::parse(&mut errors, [" ", "", ""], false, day(23));
        assert!(errors.get("planned_on").is_some());
    }

    #[test]
    fn a_done_step_has_ended_and_a_planned_one_lies_within_the_horizon() {
        let mut errors = FieldErrors::new();
        StepDates::parse(
            &mut errors,
            ["", "2026-11-20", "2026-11-30"],
            false,
            day(23),
        );
        assert!(errors.is_empty());
        StepDates::parse(&mut errors, ["", "2026-11-20", "2026-11-30"], true, day(23));
        assert_eq!(
            errors.get("ended_on"),
            Some("La fin de l'étape ne peut pas être dans le futur.")
        );
        let mut errors = FieldErrors::new();
        StepDates::parse(
            &mut errors,
            ["9999-01-01", "0000-01-01", ""],
            false,
            day(23),
        );
        assert!(errors.get("planned_on").unwrap().contains("(année 9999)"));
        assert!(errors.get("started_on").unwrap().contains("(année 0)"));
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
