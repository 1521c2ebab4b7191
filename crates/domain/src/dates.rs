//! Dates typed in forms, and which of them are plausible (*date plausible*)
//! for what they say. A past event (*événement passé*: a consent given, a
//! barrier identified, an entry, an enrolment requested, a séance held, an
//! outcome recorded) happened between 1900 and today; a planned date (*date
//! prévue*: a planned step, the end of an action or of a cohort's entries)
//! lies between 1900 and a ten-year horizon. Year 0, year 1 or 9999 is a
//! typing slip, never a date to store: it would break orderings (the
//! waiting list's ties) and the exports.

use chrono::{Datelike, Months, NaiveDate};

use crate::errors::FieldErrors;

/// No date of the programme is older than this year.
pub const EARLIEST_YEAR: i32 = 1900;
/// How far ahead a planned date may lie, in years (*horizon*).
pub const HORIZON_YEARS: u32 = 10;

/// What a date says, hence which days are plausible for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateKind {
    /// Something that has happened: from 1900 to today.
    Past,
    /// Something planned or scheduled: from 1900 to the horizon.
    Planned,
}

impl DateKind {
    pub fn earliest() -> NaiveDate {
        NaiveDate::from_ymd_opt(EARLIEST_YEAR, 1, 1).unwrap_or(NaiveDate::MIN)
    }

    /// The last plausible day, seen from `today`.
    pub fn latest(self, today: NaiveDate) -> NaiveDate {
        match self {
            DateKind::Past => today,
            DateKind::Planned => today
                .checked_add_months(Months::new(12 * HORIZON_YEARS))
                .unwrap_or(NaiveDate::MAX),
        }
    }

    /// `date` when plausible; otherwise why not, in French, naming the field
    /// by its `label` (« La date du consentement »).
    pub fn check(
        self,
        label: &str,
        date: NaiveDate,
        today: NaiveDate,
    ) -> Result<NaiveDate, String> {
        let latest = self.latest(today);
        if date >= Self::earliest() && date <= latest {
            return Ok(date);
        }
        if self == DateKind::Past && date > today && date.year() <= latest.year() + 1 {
            return Err(format!("{label} ne peut pas être dans le futur."));
        }
        let until = match self {
            DateKind::Past => "aujourd'hui".to_owned(),
            DateKind::Planned => format!("le {}", latest.format("%d/%m/%Y")),
        };
        Err(format!(
            "{label} n'est pas plausible (année {}) : indiquez une date entre le 01/01/{EARLIEST_YEAR} et {until}.",
            date.year()
        ))
    }
}

/// A date field of a form: its name, its French label (the subject of the
/// messages) and its kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateField {
    pub name: &'static str,
    pub label: &'static str,
    pub kind: DateKind,
}

impl DateField {
    pub const fn past(name: &'static str, label: &'static str) -> DateField {
        DateField {
            name,
            label,
            kind: DateKind::Past,
        }
    }

    pub const fn planned(name: &'static str, label: &'static str) -> DateField {
        DateField {
            name,
            label,
            kind: DateKind::Planned,
        }
    }

    /// A date the form must carry, plausible for its kind.
    pub fn required(
        self,
        errors: &mut FieldErrors,
        input: &str,
        today: NaiveDate,
    ) -> Option<NaiveDate> {
        let date = required_date(errors, self.name, input)?;
        self.kind
            .check(self.label, date, today)
            .map_err(|message| errors.add(self.name, message))
            .ok()
    }

    /// A date the form may leave empty; plausible when given.
    pub fn optional(
        self,
        errors: &mut FieldErrors,
        input: &str,
        today: NaiveDate,
    ) -> Option<NaiveDate> {
        if input.trim().is_empty() {
            None
        } else {
            self.required(errors, input, today)
        }
    }
}

/// An end may not precede its start (« fin avant le début »); the message
/// goes to `field`, the end's.
pub fn check_end(
    errors: &mut FieldErrors,
    field: &'static str,
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
) {
    if let (Some(start), Some(end)) = (start, end) {
        if end < start {
            errors.add(field, "La fin ne peut pas précéder le début.");
        }
    }
}

/// Parses a date typed in a form: `2026-11-23` (HTML date input) or `23/11/2026`.
pub fn parse_date(input: &str) -> Option<NaiveDate> {
    let input = input.trim();
    NaiveDate::parse_from_str(input, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(input, "%d/%m/%Y"))
        .ok()
}

/// A date a form must carry, only parsed: [`DateField::required`] also
/// checks that it is plausible.
fn required_date(errors: &mut FieldErrors, field: &'static str, input: &str) -> Option<NaiveDate> {
    if input.trim().is_empty() {
        errors.add(field, "Indiquez une date.");
        return None;
    }
    let date = parse_date(input);
    if date.is_none() {
        errors.add(field, "Date invalide : utilisez le format JJ/MM/AAAA.");
    }
    date
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    const TODAY: (i32, u32, u32) = (2026, 12, 6);

    fn today() -> NaiveDate {
        day(TODAY.0, TODAY.1, TODAY.2)
    }

    const CONSENT: DateField = DateField::past("consent_date", "La date du consentement");
    const END: DateField = DateField::planned("ends_on", "La date de fin");

    fn refusal(field: DateField, input: &str) -> String {
        let mut errors = FieldErrors::new();
        assert_eq!(field.required(&mut errors, input, today()), None, "{input}");
        errors.get(field.name).unwrap().to_owned()
    }

    #[test]
    fn a_past_event_lies_between_1900_and_today() {
        let mut errors = FieldErrors::new();
        assert_eq!(
            CONSENT.required(&mut errors, "1900-01-01", today()),
            Some(day(1900, 1, 1))
        );
        assert_eq!(
            CONSENT.required(&mut errors, "06/12/2026", today()),
            Some(today())
        );
        assert!(errors.is_empty());
        assert_eq!(
            refusal(CONSENT, "0000-01-01"),
            "La date du consentement n'est pas plausible (année 0) : \
             indiquez une date entre le 01/01/1900 et aujourd'hui."
        );
        assert!(refusal(CONSENT, "0001-01-01").contains("(année 1)"));
        assert!(refusal(CONSENT, "1899-12-31").contains("(année 1899)"));
        assert_eq!(
            refusal(CONSENT, "2026-12-07"),
            "La date du consentement ne peut pas être dans le futur."
        );
        assert!(refusal(CONSENT, "9999-12-31").contains("(année 9999)"));
    }

    #[test]
    fn a_planned_date_lies_within_ten_years() {
        let mut errors = FieldErrors::new();
        assert_eq!(
            END.required(&mut errors, "2036-12-06", today()),
            Some(day(2036, 12, 6))
        );
        assert_eq!(
            END.required(&mut errors, "2020-01-01", today()),
            Some(day(2020, 1, 1))
        );
        assert!(errors.is_empty());
        assert_eq!(
            refusal(END, "9999-12-31"),
            "La date de fin n'est pas plausible (année 9999) : \
             indiquez une date entre le 01/01/1900 et le 06/12/2036."
        );
        assert!(refusal(END, "2036-12-07").contains("(année 2036)"));
        assert!(refusal(END, "0000-06-01").contains("(année 0)"));
    }

    #[test]
    fn empty_and_malformed_dates_keep_their_messages() {
        assert_eq!(refusal(END, " "), "Indiquez une date.");
        assert_eq!(
            refusal(END, "31/02/2026"),
            "Date invalide : utilisez le format JJ/MM/AAAA."
        );
        let mut errors = FieldErrors::new();
        assert_eq!(END.optional(&mut errors, "", today()), None);
        assert!(errors.is_empty());
        assert_eq!(END.optional(&mut errors, "9999-01-01", today()), None);
        assert!(errors.get("ends_on").is_some());
    }
}
