//! Calls for projects (« appels à projets »): what a Cité funds, how much,
//! until when; and the applications (« candidatures ») carriers send it.
//! A call goes through one lifecycle, step by step; applications are
//! submitted until its deadline, a Paris date and time, which the
//! coordinator may only push later (« prorogation »).

mod application;
pub mod decision;
pub mod review;
#[cfg(test)]
mod tests;

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};

use crate::cites::Axis;
use crate::codes::code_list;
use crate::dates::DateField;
use crate::errors::{checked_codes, required_text, FieldErrors};
use crate::money::parse_euros;
use crate::participants::cohorts::bounded_number;
use crate::referential;
use crate::time::{in_paris, paris_to_utc};

pub use application::{
    ApplicationDraft, ApplicationInput, ApplicationStatus, BudgetLine, APPLICATION_FUNDERS,
};

code_list!(
    /// Where a call stands (« statut de l'appel à projets »), in the order
    /// it goes through.
    CallStatus {
        Draft = "draft", "Brouillon";
        Published = "published", "Publié";
        /// Applications closed (« candidatures closes »).
        Closed = "closed", "Candidatures closes";
        Instruction = "instruction", "En instruction";
        Decided = "decided", "Décidé";
        Agreements = "agreements", "Conventionnement";
        Reports = "reports", "Bilans";
        /// The call is over (« clôturé »).
        Finished = "finished", "Clôturé";
    }
);

impl CallStatus {
    /// The one step that follows.
    pub fn next(self) -> Option<CallStatus> {
        let all = CallStatus::ALL;
        let at = all.iter().position(|s| *s == self)?;
        all.get(at + 1).copied()
    }

    /// A call moves one step forward, never back nor past a step
    /// (« transition autorisée »).
    pub fn check_transition(self, to: CallStatus) -> Result<(), String> {
        if self.next() == Some(to) {
            return Ok(());
        }
        Err(format!(
            "Un appel « {} » ne peut pas passer à « {} ».",
            self.label(),
            to.label()
        ))
    }

    /// The public sees a call once published, until it is over.
    pub fn is_public(self) -> bool {
        !matches!(self, CallStatus::Draft)
    }

    /// Only a draft's text and amounts may change.
    pub fn is_editable(self) -> bool {
        self == CallStatus::Draft
    }
}

/// The largest number of years a call funds.
pub const MAX_YEARS: i32 = 5;

/// A call for projects, validated (« appel à projets »).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallDraft {
    pub title: String,
    /// What the call asks for, how to apply.
    pub text: String,
    pub axes: Vec<Axis>,
    /// data·inclusion thematic codes: the barriers sought (« freins visés »).
    pub thematics: Vec<String>,
    pub total_cents: i64,
    pub yearly_cents: i64,
    pub years: i32,
    /// The day it is launched (« lancement »).
    pub opens_on: NaiveDate,
    /// The last instant an application may be submitted, typed in Paris.
    pub deadline: DateTime<Utc>,
}

/// Raw call form fields, as typed.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct CallInput {
    pub title: String,
    pub text: String,
    pub axes: Vec<String>,
    pub thematics: Vec<String>,
    pub total_amount: String,
    pub yearly_amount: String,
    pub years: String,
    pub opens_on: String,
    pub deadline_date: String,
    pub deadline_time: String,
}

const OPENS_ON: DateField = DateField::planned("opens_on", "La date de lancement");
const DEADLINE: DateField = DateField::planned("deadline_date", "La date limite");

fn euros(errors: &mut FieldErrors, field: &'static str, value: &str) -> Option<i64> {
    match parse_euros(value) {
        Ok(0) => {
            errors.add(field, "Indiquez un montant supérieur à zéro.");
            None
        }
        Ok(cents) => Some(cents),
        Err(message) => {
            errors.add(field, message);
            None
        }
    }
}

/// A Paris date and time typed as two fields, as UTC.
fn paris_deadline(
    errors: &mut FieldErrors,
    date: &str,
    time: &str,
    today: NaiveDate,
) -> Option<DateTime<Utc>> {
    let day = DEADLINE.required(errors, date, today);
    let time = NaiveTime::parse_from_str(time.trim(), "%H:%M").ok();
    if time.is_none() {
        errors.add("deadline_time", "Indiquez une heure (exemple : 12:00).");
    }
    Some(paris_to_utc(day?.and_time(time?)))
}

impl CallInput {
    pub fn validate(&self, today: NaiveDate) -> Result<CallDraft, FieldErrors> {
        let mut errors = FieldErrors::new();
        let title = required_text(&mut errors, "title", &self.title, 200);
        let text = required_text(&mut errors, "text", &self.text, 20_000);
        let mut axes = Vec::new();
        for code in &self.axes {
            match Axis::parse(code.trim()) {
                Some(axis) if !axes.contains(&axis) => axes.push(axis),
                Some(_) => {}
                None => errors.add("axes", "Choisissez les axes dans la liste."),
            }
        }
        let thematics = checked_codes(
            &mut errors,
            "thematics",
            &self.thematics,
            referential::thematic,
            "Choisissez les freins dans la liste des thématiques data·inclusion.",
        );
        let total_cents = euros(&mut errors, "total_amount", &self.total_amount);
        let yearly_cents = euros(&mut errors, "yearly_amount", &self.yearly_amount);
        let years = bounded_number(&mut errors, "years", &self.years, 1..=MAX_YEARS);
        if let (Some(total), Some(yearly), Some(years)) = (total_cents, yearly_cents, years) {
            if yearly > total || yearly.saturating_mul(i64::from(years)) < total {
                errors.add(
                    "total_amount",
                    "Le montant total doit être compris entre le montant annuel et le montant \
                     annuel multiplié par le nombre d'années.",
                );
            }
        }
        let opens_on = OPENS_ON.required(&mut errors, &self.opens_on, today);
        let deadline = paris_deadline(&mut errors, &self.deadline_date, &self.deadline_time, today);
        if let (Some(opens_on), Some(deadline)) = (opens_on, deadline) {
            if in_paris(deadline).date_naive() < opens_on {
                errors.add(
                    "deadline_date",
                    "La date limite ne peut pas précéder le lancement.",
                );
            }
        }
        match (total_cents, yearly_cents, years, opens_on, deadline) {
            (
                Some(total_cents),
                Some(yearly_cents),
                Some(years),
                Some(opens_on),
                Some(deadline),
            ) if errors.is_empty() => Ok(CallDraft {
                title,
                text,
                axes,
                thematics,
                total_cents,
                yearly_cents,
                years,
                opens_on,
                deadline,
            }),
            _ => Err(errors),
        }
    }
}

/// May an application be submitted at `now` (« dépôt dans les délais »)?
/// Only to a published call, up to its deadline included.
pub fn may_submit(status: CallStatus, deadline: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    status == CallStatus::Published && now <= deadline
}

/// Why a submission is refused, in French, when it is.
pub fn check_submission(
    status: CallStatus,
    deadline: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), String> {
    if may_submit(status, deadline, now) {
        return Ok(());
    }
    if status == CallStatus::Published {
        return Err(format!(
            "La date limite de dépôt ({}) est passée : la candidature ne peut plus être déposée.",
            in_paris(deadline).format("%d/%m/%Y à %H:%M")
        ));
    }
    Err("Cet appel à projets ne reçoit pas de candidatures.".to_owned())
}

/// May the deadline move from `current` to `new` (« prorogation »)? Only
/// later, and only while the call is published.
pub fn check_extension(
    status: CallStatus,
    current: DateTime<Utc>,
    new: DateTime<Utc>,
) -> Result<(), String> {
    if status != CallStatus::Published {
        return Err("Seul un appel publié peut voir sa date limite prorogée.".to_owned());
    }
    if new <= current {
        return Err(format!(
            "La nouvelle date limite doit être après l'actuelle ({}).",
            in_paris(current).format("%d/%m/%Y à %H:%M")
        ));
    }
    Ok(())
}

/// An extension of the deadline (« prorogation »), validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extension {
    pub deadline: DateTime<Utc>,
    /// Why (« motif »), kept in the audit log.
    pub reason: String,
}

#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct ExtensionInput {
    pub deadline_date: String,
    pub deadline_time: String,
    pub reason: String,
}

impl ExtensionInput {
    /// The new deadline must be later than `current`, on a published call.
    pub fn validate(
        &self,
        status: CallStatus,
        current: DateTime<Utc>,
        today: NaiveDate,
    ) -> Result<Extension, FieldErrors> {
        let mut errors = FieldErrors::new();
        let reason = required_text(&mut errors, "reason", &self.reason, 500);
        let deadline = paris_deadline(&mut errors, &self.deadline_date, &self.deadline_time, today);
        if let Some(deadline) = deadline {
            if let Err(message) = check_extension(status, current, deadline) {
                errors.add("deadline_date", message);
            }
        }
        match deadline {
            Some(deadline) if errors.is_empty() => Ok(Extension { deadline, reason }),
            _ => Err(errors),
        }
    }
}
