//! The Cité's money (*financements*): each year's envelope (*enveloppe*) is
//! what each funder gives, split in lines (actions, ingénierie, other);
//! commitments (*engagements*) spend it; what is left may be carried over
//! (*report*) to the next year by a recorded decision. A commitment, a
//! carry-over or a lowered amount never takes a line below zero.

use std::iter::Sum;
use std::ops::RangeInclusive;

use chrono::{Datelike, NaiveDate};

use crate::codes::code_list;
use crate::dates::DateField;
use crate::errors::{optional_text, required_text, FieldErrors};
use crate::ids::ActionId;
use crate::money::{format_euros, parse_euros};

code_list!(
    /// Who gives the money (*financeur*): the programme's credits, and the
    /// co-funders (*cofinancements*).
    Funder {
        Anct = "anct", "Crédits Cité de l'emploi (ANCT)";
        FsePlus = "fse_plus", "FSE+";
        Departement = "departement", "Département";
        Caf = "caf", "CAF";
        Commune = "commune", "Commune ou intercommunalité";
        Other = "autre", "Autre financeur";
    }
);

code_list!(
    /// What the money is for (*ligne*): Angers splits its 100 000 € in
    /// 50 000 € for actions and 50 000 € for staff (*ingénierie*).
    BudgetLine {
        Actions = "actions", "Actions";
        Engineering = "ingenierie", "Ingénierie (postes)";
        Other = "autre", "Autre";
    }
);

/// The first year of the programme: no envelope is older.
pub const FIRST_YEAR: i32 = 2020;

pub mod fse;
pub mod payments;

/// The years of envelope (*années*), from the programme's start to next year
/// (an envelope is voted before its year begins).
pub fn years(today: NaiveDate) -> RangeInclusive<i32> {
    FIRST_YEAR..=today.year() + 1
}

/// A year of envelope, within `years(today)`.
fn budget_year(
    errors: &mut FieldErrors,
    field: &'static str,
    value: &str,
    today: NaiveDate,
) -> Option<i32> {
    let range = years(today);
    let year = value
        .trim()
        .parse::<i32>()
        .ok()
        .filter(|y| range.contains(y));
    if year.is_none() {
        errors.add(
            field,
            format!(
                "Indiquez une année entre {} et {}.",
                range.start(),
                range.end()
            ),
        );
    }
    year
}

/// A date of the year's budget must fall in `allowed` years: adds `message`
/// on `field` otherwise.
fn date_in_years(
    errors: &mut FieldErrors,
    field: &'static str,
    date: Option<NaiveDate>,
    allowed: RangeInclusive<i32>,
    message: impl FnOnce() -> String,
) {
    if date.is_some_and(|d| !allowed.contains(&d.year())) {
        errors.add(field, message());
    }
}

fn code<T>(
    errors: &mut FieldErrors,
    field: &'static str,
    value: &str,
    parse: fn(&str) -> Option<T>,
) -> Option<T> {
    let parsed = parse(value.trim());
    if parsed.is_none() {
        errors.add(field, "Choisissez une valeur dans la liste.");
    }
    parsed
}

fn amount(errors: &mut FieldErrors, value: &str, positive: bool) -> Option<i64> {
    match parse_euros(value) {
        Ok(0) if positive => {
            errors.add("amount", "Indiquez un montant supérieur à zéro.");
            None
        }
        Ok(cents) => Some(cents),
        Err(message) => {
            errors.add("amount", message);
            None
        }
    }
}

/// Where an amount goes: a year, a funder, a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineKey {
    pub year: i32,
    pub funder: Funder,
    pub line: BudgetLine,
}

/// What a funder gives a line for a year, validated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Allocation {
    pub key: LineKey,
    pub amount_cents: i64,
}

#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct AllocationInput {
    pub year: String,
    pub funder: String,
    pub line: String,
    pub amount: String,
}

impl AllocationInput {
    pub fn validate(&self, today: NaiveDate) -> Result<Allocation, FieldErrors> {
        let mut errors = FieldErrors::new();
        let year = budget_year(&mut errors, "year", &self.year, today);
        let funder = code(&mut errors, "funder", &self.funder, Funder::parse);
        let line = code(&mut errors, "line", &self.line, BudgetLine::parse);
        let amount_cents = amount(&mut errors, &self.amount, false);
        match (year, funder, line, amount_cents) {
            (Some(year), Some(funder), Some(line), Some(amount_cents)) if errors.is_empty() => {
                Ok(Allocation {
                    key: LineKey { year, funder, line },
                    amount_cents,
                })
            }
            _ => Err(errors),
        }
    }
}

/// A commitment (*engagement*) on a line, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commitment {
    pub key: LineKey,
    pub amount_cents: i64,
    /// What it pays for: « Par'Emploi : conseillère garde d'enfants ».
    pub label: String,
    /// The action it funds, if any.
    pub action_id: Option<ActionId>,
    pub committed_on: NaiveDate,
}

#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct CommitmentInput {
    pub year: String,
    pub funder: String,
    pub line: String,
    pub amount: String,
    pub label: String,
    pub action_id: String,
    pub committed_on: String,
}

impl CommitmentInput {
    pub fn validate(&self, today: NaiveDate) -> Result<Commitment, FieldErrors> {
        let mut errors = FieldErrors::new();
        let year = budget_year(&mut errors, "year", &self.year, today);
        let funder = code(&mut errors, "funder", &self.funder, Funder::parse);
        let line = code(&mut errors, "line", &self.line, BudgetLine::parse);
        let amount_cents = amount(&mut errors, &self.amount, true);
        let label = required_text(&mut errors, "label", &self.label, 200);
        let action_id =
            optional_text(&mut errors, "action_id", &self.action_id, 20).and_then(|id| {
                let parsed = id
                    .parse::<i64>()
                    .ok()
                    .filter(|id| *id > 0)
                    .map(ActionId::new);
                if parsed.is_none() {
                    errors.add("action_id", "Choisissez une action dans la liste.");
                }
                parsed
            });
        let committed_on = DateField::past("committed_on", "La date de l'engagement").required(
            &mut errors,
            &self.committed_on,
            today,
        );
        if let Some(year) = year {
            date_in_years(
                &mut errors,
                "committed_on",
                committed_on,
                year..=year,
                || {
                    format!(
                        "La date de l'engagement doit tomber en {year}, l'année de l'enveloppe."
                    )
                },
            );
        }
        match (year, funder, line, amount_cents, committed_on) {
            (Some(year), Some(funder), Some(line), Some(amount_cents), Some(committed_on))
                if errors.is_empty() =>
            {
                Ok(Commitment {
                    key: LineKey { year, funder, line },
                    amount_cents,
                    label,
                    action_id,
                    committed_on,
                })
            }
            _ => Err(errors),
        }
    }
}

/// A carry-over (*report*) of what a line left unspent to the next year,
/// validated: a decision, dated and stated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CarryOver {
    /// The year it leaves; it arrives on the same funder and line next year.
    pub from: LineKey,
    pub amount_cents: i64,
    /// « Comité de pilotage du 12/12/2025 ».
    pub decision: String,
    pub decided_on: NaiveDate,
}

#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct CarryOverInput {
    pub year: String,
    pub funder: String,
    pub line: String,
    pub amount: String,
    pub decision: String,
    pub decided_on: String,
}

impl CarryOverInput {
    pub fn validate(&self, today: NaiveDate) -> Result<CarryOver, FieldErrors> {
        let mut errors = FieldErrors::new();
        let year = budget_year(&mut errors, "year", &self.year, today);
        let funder = code(&mut errors, "funder", &self.funder, Funder::parse);
        let line = code(&mut errors, "line", &self.line, BudgetLine::parse);
        let amount_cents = amount(&mut errors, &self.amount, true);
        let decision = required_text(&mut errors, "decision", &self.decision, 300);
        let decided_on = DateField::past("decided_on", "La date de la décision").required(
            &mut errors,
            &self.decided_on,
            today,
        );
        if let Some(year) = year {
            // « report »: only what an année commencée left; the year after
            // next is on no page.
            if year > today.year() {
                errors.add("year", "On ne reporte que le reste d'une année commencée.");
            }
            date_in_years(
                &mut errors,
                "decided_on",
                decided_on,
                year..=year + 1,
                || {
                    format!(
                        "La décision d'un report de {year} se prend en {year} ou en {}.",
                        year + 1
                    )
                },
            );
        }
        match (year, funder, line, amount_cents, decided_on) {
            (Some(year), Some(funder), Some(line), Some(amount_cents), Some(decided_on))
                if errors.is_empty() =>
            {
                Ok(CarryOver {
                    from: LineKey { year, funder, line },
                    amount_cents,
                    decision,
                    decided_on,
                })
            }
            _ => Err(errors),
        }
    }
}

/// Where a line stands (*disponible*): what it was given, carried in from
/// last year, carried out to next year, committed, and paid (*payé*) on its
/// commitments.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct LineBalance {
    pub allocated: i64,
    pub carried_in: i64,
    pub carried_out: i64,
    pub committed: i64,
    pub paid: i64,
}

impl Sum for LineBalance {
    fn sum<I: Iterator<Item = LineBalance>>(iter: I) -> Self {
        iter.fold(LineBalance::default(), |t, b| LineBalance {
            allocated: t.allocated + b.allocated,
            carried_in: t.carried_in + b.carried_in,
            carried_out: t.carried_out + b.carried_out,
            committed: t.committed + b.committed,
            paid: t.paid + b.paid,
        })
    }
}

impl LineBalance {
    pub fn available(&self) -> i64 {
        self.allocated + self.carried_in - self.carried_out - self.committed
    }

    /// What the year can spend (*enveloppe de l'année*): given, plus carried
    /// in, minus carried out.
    pub fn envelope(&self) -> i64 {
        self.allocated + self.carried_in - self.carried_out
    }

    /// Committed and not yet paid (*reste à payer*).
    pub fn to_pay(&self) -> i64 {
        self.committed - self.paid
    }

    /// A commitment or a carry-over of `amount` fits in what is available.
    pub fn check_spending(&self, amount: i64) -> Result<(), String> {
        let available = self.available();
        if amount <= available {
            return Ok(());
        }
        Err(format!(
            "Il reste {} sur cette ligne : {} dépasserait l'enveloppe. Réduisez le montant ou \
             augmentez l'enveloppe d'abord.",
            format_euros(available.max(0)),
            format_euros(amount)
        ))
    }

    /// A new allocated amount keeps what was already committed or carried out.
    pub fn check_allocation(&self, amount: i64) -> Result<(), String> {
        let spent = self.carried_out + self.committed - self.carried_in;
        if amount >= spent {
            return Ok(());
        }
        Err(format!(
            "L'enveloppe ne peut pas descendre sous {} : ce qui est engagé ou reporté, moins le \
             report reçu.",
            format_euros(spent)
        ))
    }
}

/// Co-funding leverage (*effet levier*): the other funders' euros for each
/// euro of the programme's credits; `None` without programme credits.
pub fn leverage(allocations: &[(Funder, i64)]) -> Option<f64> {
    let (anct, others) = allocations.iter().fold(
        (0i64, 0i64),
        |(anct, others), (funder, cents)| match funder {
            Funder::Anct => (anct + cents, others),
            _ => (anct, others + cents),
        },
    );
    (anct > 0).then(|| others as f64 / anct as f64)
}

/// A leverage as euros for one euro: « 0,40 € ».
pub fn format_leverage(ratio: f64) -> String {
    format_euros((ratio * 100.0).round() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 6).unwrap()
    }

    #[test]
    fn a_line_never_goes_below_zero() {
        let line = LineBalance {
            allocated: 5_000_000,
            carried_in: 450_000,
            carried_out: 0,
            committed: 3_800_000,
            paid: 1_000_000,
        };
        assert_eq!(line.to_pay(), 2_800_000);
        assert_eq!(line.envelope(), 5_450_000);
        assert_eq!(
            [line, line].into_iter().sum::<LineBalance>().paid,
            2_000_000
        );
        assert_eq!(line.available(), 1_650_000);
        assert!(line.check_spending(1_650_000).is_ok());
        let refused = line.check_spending(1_650_001).unwrap_err();
        assert!(
            refused.starts_with("Il reste 16\u{202f}500,00\u{a0}€ sur cette ligne"),
            "{refused}"
        );
        assert!(line.check_allocation(3_350_000).is_ok());
        let lowered = line.check_allocation(3_349_999).unwrap_err();
        assert!(
            lowered.starts_with(
                "L'enveloppe ne peut pas descendre sous 33\u{202f}500,00\u{a0}€ : ce qui est engagé"
            ),
            "{lowered}"
        );
    }

    #[test]
    fn leverage_is_the_other_funders_euros_per_programme_euro() {
        let allocations = [
            (Funder::Anct, 10_000_000),
            (Funder::Caf, 2_000_000),
            (Funder::FsePlus, 3_000_000),
        ];
        assert_eq!(leverage(&allocations), Some(0.5));
        assert_eq!(leverage(&[(Funder::Caf, 100)]), None);
        assert_eq!(format_leverage(0.4), "0,40\u{a0}€");
    }

    #[test]
    fn inputs_are_checked_field_by_field() {
        let good = CommitmentInput {
            year: "2026".into(),
            funder: "anct".into(),
            line: "actions".into(),
            amount: "30 000".into(),
            label: "Par'Emploi".into(),
            action_id: "3".into(),
            committed_on: "2026-02-10".into(),
        };
        let commitment = good.validate(today()).unwrap();
        assert_eq!(
            (commitment.amount_cents, commitment.action_id),
            (3_000_000, Some(ActionId::new(3)))
        );
        let bad = CommitmentInput {
            year: "2019".into(),
            funder: "banque".into(),
            amount: "0".into(),
            label: " ".into(),
            action_id: "x".into(),
            committed_on: "2027-01-01".into(),
            ..good
        };
        let errors = bad.validate(today()).unwrap_err();
        for field in [
            "year",
            "funder",
            "amount",
            "label",
            "action_id",
            "committed_on",
        ] {
            assert!(errors.get(field).is_some(), "{field}");
        }
        let next_year = AllocationInput {
            year: "2027".into(),
            funder: "caf".into(),
            line: "actions".into(),
            amount: "0".into(),
        };
        assert_eq!(
            next_year.validate(today()).unwrap().amount_cents,
            0,
            "an envelope may be emptied"
        );
        let too_far = AllocationInput {
            year: "2028".into(),
            ..next_year
        };
        assert!(too_far.validate(today()).unwrap_err().get("year").is_some());
        let carry = CarryOverInput {
            year: "2025".into(),
            funder: "anct".into(),
            line: "actions".into(),
            amount: "4 500".into(),
            decision: String::new(),
            decided_on: "2025-12-12".into(),
        };
        assert!(carry
            .validate(today())
            .unwrap_err()
            .get("decision")
            .is_some());
    }

    #[test]
    fn dates_fall_in_their_budget_year() {
        let commitment = CommitmentInput {
            year: "2026".into(),
            funder: "anct".into(),
            line: "actions".into(),
            amount: "100".into(),
            label: "Café emploi".into(),
            action_id: String::new(),
            committed_on: "2025-12-20".into(),
        };
        let errors = commitment.validate(today()).unwrap_err();
        assert_eq!(
            errors.get("committed_on"),
            Some("La date de l'engagement doit tomber en 2026, l'année de l'enveloppe.")
        );
        let carry = CarryOverInput {
            year: "2024".into(),
            funder: "anct".into(),
            line: "actions".into(),
            amount: "100".into(),
            decision: "Comité de pilotage".into(),
            decided_on: "2026-01-10".into(),
        };
        let errors = carry.validate(today()).unwrap_err();
        assert_eq!(
            errors.get("decided_on"),
            Some("La décision d'un report de 2024 se prend en 2024 ou en 2025.")
        );
        let next_year = CarryOverInput {
            year: "2025".into(),
            ..carry.clone()
        };
        assert!(
            next_year.validate(today()).is_ok(),
            "decided the year after"
        );
        let not_begun = CarryOverInput {
            year: "2027".into(),
            decided_on: "2026-12-01".into(),
            ..carry
        };
        assert_eq!(
            not_begun.validate(today()).unwrap_err().get("year"),
            Some("On ne reporte que le reste d'une année commencée.")
        );
        assert_eq!(years(today()), 2020..=2027);
    }
}
