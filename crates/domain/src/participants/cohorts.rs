//! Cohorts (*cohortes*): the yearly group a Cité follows, and referrals
//! (*adressages*) of persons into it.

use chrono::{Duration, NaiveDate};

use crate::codes::code_list;
use crate::dates::DateField;
use crate::errors::{optional_text, required_text, FieldErrors};

pub const DEFAULT_FOLLOW_UP_MONTHS: i32 = 12;
/// How long a person may be followed (*durée de suivi*), in months.
pub const FOLLOW_UP_MONTHS: std::ops::RangeInclusive<i32> = 1..=36;
/// A proposal nobody decides expires after this many days, unless the Cité
/// says otherwise (*délai d'expiration des adressages*).
pub const DEFAULT_REFERRAL_EXPIRY_DAYS: i32 = 30;
pub const REFERRAL_EXPIRY_DAYS: std::ops::RangeInclusive<i32> = 7..=180;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CohortDraft {
    pub name: String,
    pub year: i32,
    pub target_size: i32,
    pub intake_start: NaiveDate,
    pub intake_end: NaiveDate,
    /// How long each person is followed; `None`: the Cité's own length.
    pub follow_up_months: Option<i32>,
}

impl CohortDraft {
    pub fn accepts_entry_on(&self, date: NaiveDate) -> bool {
        (self.intake_start..=self.intake_end).contains(&date)
    }
}

/// Where a cohort's intake (*entrées*) stands on a day: by its dates, or
/// closed early by the coordinator. Only an open intake takes proposals,
/// since accepting one enters the person on the day of the decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Intake {
    Upcoming,
    Open,
    Closed,
}

impl Intake {
    pub fn on(start: NaiveDate, end: NaiveDate, closed_early: bool, today: NaiveDate) -> Intake {
        if closed_early || today > end {
            Intake::Closed
        } else if today < start {
            Intake::Upcoming
        } else {
            Intake::Open
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Intake::Upcoming => "Entrées à venir",
            Intake::Open => "Entrées ouvertes",
            Intake::Closed => "Entrées closes",
        }
    }
}

/// A cohort as lists name it: « Cohorte 2026 », with the year only when its
/// name does not say it already.
pub fn cohort_label(name: &str, year: i32) -> String {
    if name.contains(&year.to_string()) {
        name.to_owned()
    } else {
        format!("{name} ({year})")
    }
}

#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CohortInput {
    pub name: String,
    pub year: String,
    pub target_size: String,
    pub intake_start: String,
    pub intake_end: String,
    pub follow_up_months: String,
}

/// A whole number typed in a form, within `range`.
pub fn bounded_number(
    errors: &mut FieldErrors,
    field: &'static str,
    input: &str,
    range: std::ops::RangeInclusive<i32>,
) -> Option<i32> {
    match input.trim().parse::<i32>() {
        Ok(n) if range.contains(&n) => Some(n),
        _ => {
            errors.add(
                field,
                format!(
                    "Indiquez un nombre entre {} et {}.",
                    range.start(),
                    range.end()
                ),
            );
            None
        }
    }
}

const INTAKE_START: DateField = DateField::planned("intake_start", "Le début des entrées");
const INTAKE_END: DateField = DateField::planned("intake_end", "La fin des entrées");

impl CohortInput {
    /// The entries' dates are planned dates, seen from `today`.
    pub fn validate(&self, today: NaiveDate) -> Result<CohortDraft, FieldErrors> {
        let mut errors = FieldErrors::new();
        let name = required_text(&mut errors, "name", &self.name, 120);
        let year = bounded_number(&mut errors, "year", &self.year, 2020..=2100);
        let target_size = bounded_number(&mut errors, "target_size", &self.target_size, 1..=10_000);
        let start = INTAKE_START.required(&mut errors, &self.intake_start, today);
        let end = INTAKE_END.required(&mut errors, &self.intake_end, today);
        if let (Some(start), Some(end)) = (start, end) {
            if end < start {
                errors.add("intake_end", "La fin des entrées doit suivre leur début.");
            }
        }
        let follow_up_months = if self.follow_up_months.trim().is_empty() {
            Some(None)
        } else {
            bounded_number(
                &mut errors,
                "follow_up_months",
                &self.follow_up_months,
                FOLLOW_UP_MONTHS,
            )
            .map(Some)
        };
        match (year, target_size, start, end, follow_up_months) {
            (
                Some(year),
                Some(target_size),
                Some(intake_start),
                Some(intake_end),
                Some(follow_up_months),
            ) if errors.is_empty() => Ok(CohortDraft {
                name,
                year,
                target_size,
                intake_start,
                intake_end,
                follow_up_months,
            }),
            _ => Err(errors),
        }
    }
}

code_list!(
    /// Where a referral stands.
    ReferralStatus {
        Proposed = "proposed", "En attente";
        Accepted = "accepted", "Acceptée";
        Refused = "refused", "Refusée";
        Expired = "expired", "Expirée";
    }
);

impl ReferralStatus {
    /// A proposal nobody decided on expires after the Cité's delay.
    pub fn effective(
        self,
        proposed_on: NaiveDate,
        expiry_days: i64,
        today: NaiveDate,
    ) -> ReferralStatus {
        if self == ReferralStatus::Proposed && today > proposed_on + Duration::days(expiry_days) {
            ReferralStatus::Expired
        } else {
            self
        }
    }
}

/// A refusal must say why.
pub fn refusal_reason(errors: &mut FieldErrors, input: &str) -> String {
    let reason = optional_text(errors, "reason", input, 1000).unwrap_or_default();
    if reason.is_empty() && errors.get("reason").is_none() {
        errors.add(
            "reason",
            "Indiquez le motif du refus : il est transmis au partenaire qui a proposé la personne.",
        );
    }
    reason
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> CohortInput {
        CohortInput {
            name: "Cohorte 2025".into(),
            year: "2025".into(),
            target_size: "90".into(),
            intake_start: "2025-01-06".into(),
            intake_end: "31/12/2025".into(),
            follow_up_months: String::new(),
        }
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 6).unwrap()
    }

    #[test]
    fn cohorts_default_to_twelve_months_of_follow_up() {
        let cohort = input().validate(today()).unwrap();
        // Left empty, the length is the Cité's own (see the store).
        assert_eq!(cohort.follow_up_months, None);
        assert_eq!(
            cohort.intake_end,
            NaiveDate::from_ymd_opt(2025, 12, 31).unwrap()
        );
        assert!(cohort.accepts_entry_on(NaiveDate::from_ymd_opt(2025, 3, 1).unwrap()));
        assert!(!cohort.accepts_entry_on(NaiveDate::from_ymd_opt(2024, 12, 31).unwrap()));
    }

    #[test]
    fn bad_cohorts_are_explained() {
        let bad = CohortInput {
            year: "1999".into(),
            target_size: "0".into(),
            intake_start: "2025-06-01".into(),
            intake_end: "2025-01-01".into(),
            follow_up_months: "48".into(),
            ..input()
        };
        let errors = bad.validate(today()).unwrap_err();
        for field in ["year", "target_size", "intake_end", "follow_up_months"] {
            assert!(errors.get(field).is_some(), "{field}");
        }
        let no_date = CohortInput {
            intake_start: "32/13/2025".into(),
            ..input()
        };
        assert!(no_date
            .validate(today())
            .unwrap_err()
            .get("intake_start")
            .unwrap()
            .contains("JJ/MM/AAAA"));
        let endless = CohortInput {
            intake_end: "9999-12-31".into(),
            ..input()
        };
        assert!(endless
            .validate(today())
            .unwrap_err()
            .get("intake_end")
            .unwrap()
            .contains("La fin des entrées n'est pas plausible (année 9999)"));
    }

    #[test]
    fn undecided_referrals_expire() {
        let proposed = NaiveDate::from_ymd_opt(2026, 10, 1).unwrap();
        let status = ReferralStatus::Proposed;
        assert_eq!(
            status.effective(proposed, 30, NaiveDate::from_ymd_opt(2026, 10, 31).unwrap()),
            ReferralStatus::Proposed
        );
        assert_eq!(
            status.effective(proposed, 30, NaiveDate::from_ymd_opt(2026, 11, 1).unwrap()),
            ReferralStatus::Expired
        );
        assert_eq!(
            ReferralStatus::Accepted.effective(
                proposed,
                30,
                NaiveDate::from_ymd_opt(2027, 1, 1).unwrap()
            ),
            ReferralStatus::Accepted
        );
    }

    #[test]
    fn a_refusal_needs_a_reason() {
        let mut errors = FieldErrors::new();
        refusal_reason(&mut errors, "  ");
        assert!(errors.get("reason").is_some());
        let mut errors = FieldErrors::new();
        assert_eq!(
            refusal_reason(&mut errors, "Hors territoire"),
            "Hors territoire"
        );
        assert!(errors.is_empty());
    }

    #[test]
    fn an_intake_follows_its_dates_unless_closed_early() {
        let day = |m, d| NaiveDate::from_ymd_opt(2025, m, d).unwrap();
        let (start, end) = (day(1, 1), day(12, 31));
        assert_eq!(Intake::on(start, end, false, day(6, 1)), Intake::Open);
        assert_eq!(Intake::on(start, end, true, day(6, 1)), Intake::Closed);
        let december_2026 = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
        assert_eq!(Intake::on(start, end, false, december_2026), Intake::Closed);
        let before = NaiveDate::from_ymd_opt(2024, 12, 31).unwrap();
        assert_eq!(Intake::on(start, end, false, before), Intake::Upcoming);
        assert_eq!(Intake::on(start, end, false, end), Intake::Open);
    }

    #[test]
    fn a_cohort_label_says_its_year_once() {
        assert_eq!(cohort_label("Cohorte 2025", 2025), "Cohorte 2025");
        assert_eq!(
            cohort_label("Promotion Jean Moulin", 2026),
            "Promotion Jean Moulin (2026)"
        );
    }
}
