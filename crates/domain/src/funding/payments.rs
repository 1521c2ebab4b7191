//! Paying a commitment (*versements*): its schedule (*échéancier*) of planned
//! instalments (*échéances*: « Avance à la signature », « Solde après les
//! bilans »), and the payments recorded as they are made. Neither the
//! schedule nor what is paid ever exceeds what was committed.

use chrono::NaiveDate;

use crate::dates::DateField;
use crate::errors::{required_text, FieldErrors};
use crate::ids::InstalmentId;
use crate::money::format_euros;

use super::amount;

/// A planned instalment (*échéance*), validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instalment {
    /// « Avance à la signature ».
    pub label: String,
    pub planned_on: NaiveDate,
    pub amount_cents: i64,
}

#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct InstalmentInput {
    pub label: String,
    pub planned_on: String,
    pub amount: String,
}

impl InstalmentInput {
    pub fn validate(&self, today: NaiveDate) -> Result<Instalment, FieldErrors> {
        let mut errors = FieldErrors::new();
        let label = required_text(&mut errors, "label", &self.label, 200);
        let planned_on = DateField::planned("planned_on", "La date prévue").required(
            &mut errors,
            &self.planned_on,
            today,
        );
        let amount_cents = amount(&mut errors, &self.amount, true);
        match (planned_on, amount_cents) {
            (Some(planned_on), Some(amount_cents)) if errors.is_empty() => Ok(Instalment {
                label,
                planned_on,
                amount_cents,
            }),
            _ => Err(errors),
        }
    }
}

/// A payment made (*versement*), validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payment {
    pub paid_on: NaiveDate,
    pub amount_cents: i64,
    /// The instalment it settles, if any.
    pub instalment_id: Option<InstalmentId>,
}

#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct PaymentInput {
    pub paid_on: String,
    pub amount: String,
    pub instalment_id: String,
}

impl PaymentInput {
    pub fn validate(&self, today: NaiveDate) -> Result<Payment, FieldErrors> {
        let mut errors = FieldErrors::new();
        let paid_on = DateField::past("paid_on", "La date du versement").required(
            &mut errors,
            &self.paid_on,
            today,
        );
        let amount_cents = amount(&mut errors, &self.amount, true);
        let instalment_id = match self.instalment_id.trim() {
            "" => None,
            id => {
                let parsed = id
                    .parse::<i64>()
                    .ok()
                    .filter(|id| *id > 0)
                    .map(InstalmentId::new);
                if parsed.is_none() {
                    errors.add("instalment_id", "Choisissez une échéance dans la liste.");
                }
                parsed
            }
        };
        match (paid_on, amount_cents) {
            (Some(paid_on), Some(amount_cents)) if errors.is_empty() => Ok(Payment {
                paid_on,
                amount_cents,
                instalment_id,
            }),
            _ => Err(errors),
        }
    }
}

/// Where a commitment's payments stand: committed, scheduled, paid.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PaymentBalance {
    pub committed: i64,
    pub scheduled: i64,
    pub paid: i64,
}

impl PaymentBalance {
    /// Committed and not yet paid (*reste à payer*).
    pub fn to_pay(&self) -> i64 {
        self.committed - self.paid
    }

    /// A new instalment keeps the schedule within the commitment.
    pub fn check_instalment(&self, amount: i64) -> Result<(), String> {
        let left = self.committed - self.scheduled;
        if amount <= left {
            return Ok(());
        }
        Err(format!(
            "L'échéancier dépasserait l'engagement : il reste {} à prévoir, {} est trop.",
            format_euros(left.max(0)),
            format_euros(amount)
        ))
    }

    /// A payment never takes what is paid beyond what was committed.
    pub fn check_payment(&self, amount: i64) -> Result<(), String> {
        let left = self.to_pay();
        if amount <= left {
            return Ok(());
        }
        Err(format!(
            "On ne paie pas plus que l'engagement : il reste {} à payer, {} est trop.",
            format_euros(left.max(0)),
            format_euros(amount)
        ))
    }
}

/// Where a planned instalment (*échéance*) stands: its amount and what the
/// payments linked to it already paid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstalmentBalance {
    pub label: String,
    pub amount: i64,
    pub paid: i64,
}

impl InstalmentBalance {
    /// A payment linked to the instalment never takes it past its own amount
    /// (the rest belongs to another instalment, or to none).
    pub fn check_payment(&self, amount: i64) -> Result<(), String> {
        let left = self.amount - self.paid;
        if amount <= left {
            return Ok(());
        }
        Err(format!(
            "Ce versement dépasserait l'échéance « {} » : il en reste {} à verser, {} est trop.",
            self.label,
            format_euros(left.max(0)),
            format_euros(amount)
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 6).unwrap()
    }

    #[test]
    fn paid_never_exceeds_committed() {
        let balance = PaymentBalance {
            committed: 3_000_000,
            scheduled: 1_500_000,
            paid: 1_500_000,
        };
        assert_eq!(balance.to_pay(), 1_500_000);
        assert!(balance.check_payment(1_500_000).is_ok());
        assert_eq!(
            balance.check_payment(1_500_001).unwrap_err(),
            "On ne paie pas plus que l'engagement : il reste 15\u{202f}000,00\u{a0}€ à payer, \
             15\u{202f}000,01\u{a0}€ est trop."
        );
        assert!(balance.check_instalment(1_500_000).is_ok());
        assert!(balance
            .check_instalment(1_500_001)
            .unwrap_err()
            .starts_with("L'échéancier dépasserait l'engagement : il reste 15\u{202f}000,00"));
    }

    #[test]
    fn a_payment_never_takes_its_instalment_past_its_amount() {
        let advance = InstalmentBalance {
            label: "Avance à la signature".into(),
            amount: 1_500_000,
            paid: 1_000_000,
        };
        assert!(advance.check_payment(500_000).is_ok());
        assert_eq!(
            advance.check_payment(500_001).unwrap_err(),
            "Ce versement dépasserait l'échéance « Avance à la signature » : il en reste \
             5\u{202f}000,00\u{a0}€ à verser, 5\u{202f}000,01\u{a0}€ est trop."
        );
        let overpaid = InstalmentBalance {
            paid: 2_000_000,
            ..advance
        };
        assert!(overpaid
            .check_payment(1)
            .unwrap_err()
            .contains("il en reste 0,00"));
    }

    #[test]
    fn instalments_and_payments_are_checked_field_by_field() {
        let advance = InstalmentInput {
            label: "Avance à la signature".into(),
            planned_on: "2027-02-01".into(),
            amount: "15 000".into(),
        };
        let valid = advance.validate(today()).unwrap();
        assert_eq!(valid.amount_cents, 1_500_000, "a planned date may be ahead");
        let bad = InstalmentInput {
            label: " ".into(),
            planned_on: "0202-01-01".into(),
            amount: "0".into(),
        };
        let errors = bad.validate(today()).unwrap_err();
        for field in ["label", "planned_on", "amount"] {
            assert!(errors.get(field).is_some(), "{field}");
        }
        let payment = PaymentInput {
            paid_on: "2026-03-01".into(),
            amount: "15 000".into(),
            instalment_id: "4".into(),
        };
        assert_eq!(
            payment.validate(today()).unwrap().instalment_id,
            Some(InstalmentId::new(4))
        );
        let future = PaymentInput {
            paid_on: "2026-12-07".into(),
            amount: "-3".into(),
            instalment_id: "quatre".into(),
        };
        let errors = future.validate(today()).unwrap_err();
        assert_eq!(
            errors.get("paid_on"),
            Some("La date du versement ne peut pas être dans le futur.")
        );
        for field in ["amount", "instalment_id"] {
            assert!(errors.get(field).is_some(), "{field}");
        }
    }
}
