//! The decision on an application (« décision »): accepted with the amount
//! granted (« montant accordé », at most what was asked), refused with its
//! reason, or postponed (« ajournée »); dated and tied to the committee that
//! took it (« instance », free text until committees exist). Decisions are
//! recorded while the call is in instruction or decided; the call moves to
//! decided only once every submitted application has one.

use chrono::NaiveDate;

use crate::actions::required_code;
use crate::calls::CallStatus;
use crate::codes::code_list;
use crate::dates::DateField;
use crate::errors::{optional_text, required_text, FieldErrors};
use crate::money::{format_euros, parse_euros};

code_list!(
    /// What was decided (« issue de la décision »).
    Outcome {
        Accepted = "accepted", "Retenue";
        Refused = "refused", "Refusée";
        Postponed = "postponed", "Ajournée";
    }
);

/// A decision, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub outcome: Outcome,
    /// The amount granted, only when accepted.
    pub amount_cents: Option<i64>,
    pub reason: String,
    pub decided_on: NaiveDate,
    pub committee: String,
}

/// The decision form, as typed.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct DecisionInput {
    pub outcome: String,
    pub amount: String,
    pub reason: String,
    pub decided_on: String,
    pub committee: String,
}

const DECIDED_ON: DateField = DateField::past("decided_on", "La date de la décision");

/// The amount granted: more than zero, at most what was asked.
pub fn check_amount(amount_cents: i64, asked_cents: i64) -> Result<(), String> {
    if amount_cents <= 0 {
        return Err("Indiquez un montant accordé supérieur à zéro.".to_owned());
    }
    if amount_cents > asked_cents {
        return Err(format!(
            "Le montant accordé ne peut pas dépasser le montant demandé ({}).",
            format_euros(asked_cents)
        ));
    }
    Ok(())
}

impl DecisionInput {
    /// `asked_cents`: what the application asks; `opens_on`: the call's
    /// launch, before which no decision is plausible.
    pub fn validate(
        &self,
        asked_cents: i64,
        opens_on: NaiveDate,
        today: NaiveDate,
    ) -> Result<Decision, FieldErrors> {
        let mut errors = FieldErrors::new();
        let outcome = required_code(&mut errors, "outcome", &self.outcome, Outcome::parse);
        let committee = required_text(&mut errors, "committee", &self.committee, 200);
        let reason = match outcome {
            Some(Outcome::Refused) => required_text(&mut errors, "reason", &self.reason, 2000),
            _ => optional_text(&mut errors, "reason", &self.reason, 2000).unwrap_or_default(),
        };
        let amount_cents = match outcome {
            Some(Outcome::Accepted) => match parse_euros(&self.amount) {
                Ok(cents) => match check_amount(cents, asked_cents) {
                    Ok(()) => Some(cents),
                    Err(message) => {
                        errors.add("amount", message);
                        None
                    }
                },
                Err(message) => {
                    errors.add("amount", message);
                    None
                }
            },
            _ if !self.amount.trim().is_empty() => {
                errors.add(
                    "amount",
                    "Un montant n'accompagne qu'une candidature retenue.",
                );
                None
            }
            _ => None,
        };
        let decided_on = DECIDED_ON.required(&mut errors, &self.decided_on, today);
        if let Some(day) = decided_on {
            if day < opens_on {
                errors.add(
                    "decided_on",
                    format!(
                        "La décision ne peut pas précéder le lancement de l'appel ({}).",
                        opens_on.format("%d/%m/%Y")
                    ),
                );
            }
        }
        match (outcome, decided_on) {
            (Some(outcome), Some(decided_on)) if errors.is_empty() => Ok(Decision {
                outcome,
                amount_cents,
                reason,
                decided_on,
                committee,
            }),
            _ => Err(errors),
        }
    }
}

impl CallStatus {
    /// Decisions are recorded and changed while the call is in instruction
    /// or decided.
    pub fn check_deciding(self) -> Result<(), String> {
        match matches!(self, CallStatus::Instruction | CallStatus::Decided) {
            true => Ok(()),
            false => Err(
                "Les décisions se prennent pendant l'instruction de l'appel ou avant son \
                 conventionnement."
                    .to_owned(),
            ),
        }
    }

    /// The porteur reads the decision once the call is decided.
    pub fn decisions_are_published(self) -> bool {
        self >= CallStatus::Decided
    }
}

/// The call moves to decided only when no submitted application is left
/// without a decision (`undecided` of them).
pub fn check_all_decided(undecided: i64) -> Result<(), String> {
    match undecided {
        0 => Ok(()),
        1 => Err("Une candidature déposée attend encore sa décision.".to_owned()),
        n => Err(format!(
            "{n} candidatures déposées attendent encore leur décision."
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(outcome: &str, amount: &str, reason: &str, on: &str) -> DecisionInput {
        DecisionInput {
            outcome: outcome.into(),
            amount: amount.into(),
            reason: reason.into(),
            decided_on: on.into(),
            committee: "Comité de pilotage du 14/11/2023".into(),
        }
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn an_accepted_application_gets_at_most_what_it_asked() {
        let (asked, opens, today) = (2_800_000, day(2023, 8, 28), day(2023, 12, 1));
        let ok = input("accepted", "25 000", "", "2023-11-14")
            .validate(asked, opens, today)
            .unwrap();
        assert_eq!(ok.amount_cents, Some(2_500_000));
        for amount in ["28 000,01", "0", ""] {
            let errors = input("accepted", amount, "", "2023-11-14")
                .validate(asked, opens, today)
                .unwrap_err();
            assert!(errors.get("amount").is_some(), "{amount}");
        }
    }

    #[test]
    fn a_refusal_says_why_and_dates_are_plausible() {
        let (asked, opens, today) = (2_800_000, day(2023, 8, 28), day(2023, 12, 1));
        let errors = input("refused", "", "", "2023-11-14")
            .validate(asked, opens, today)
            .unwrap_err();
        assert!(errors.get("reason").is_some());
        assert!(input("postponed", "", "", "2023-11-14")
            .validate(asked, opens, today)
            .is_ok());
        for on in ["2023-08-27", "2023-12-02"] {
            let errors = input("postponed", "", "", on)
                .validate(asked, opens, today)
                .unwrap_err();
            assert!(errors.get("decided_on").is_some(), "{on}");
        }
        assert!(input("refused", "10", "Hors cadre", "2023-11-14")
            .validate(asked, opens, today)
            .is_err());
    }

    #[test]
    fn the_call_is_decided_once_every_application_is() {
        assert!(check_all_decided(0).is_ok());
        assert!(check_all_decided(2).unwrap_err().contains("2 candidatures"));
        assert!(CallStatus::Decided.check_deciding().is_ok());
        assert!(CallStatus::Agreements.check_deciding().is_err());
        assert!(!CallStatus::Instruction.decisions_are_published());
    }
}
