//! The Cité's actions (*actions*): what it funds or runs on one of the three
//! national axes, their séances collectives, places
//! and waiting lists (*places et liste d'attente*).

pub mod priority;
pub mod results;

use chrono::NaiveDate;

use crate::cites::{Axis, MAX_AXIS_CHARS};
use crate::codes::code_list;
use crate::dates::{check_end, DateField};
use crate::errors::{checked_codes, optional_text, required_text, FieldErrors};
use crate::ids::{ParticipantId, PartnerId};
use crate::money::parse_euros;
use crate::referential;
pub use priority::{Candidate, PriorityRule, Ranked, Waiting};

code_list!(
    /// Where an action stands.
    ActionStatus {
        Draft = "draft", "Brouillon";
        Planned = "planned", "Prévue";
        Running = "running", "En cours";
        Done = "done", "Terminée";
        Cancelled = "cancelled", "Annulée";
    }
);

code_list!(
    /// The kinds of séance collective.
    SeanceKind {
        JobDating = "job_dating", "Job dating";
        CafeEmploi = "cafe_emploi", "Café emploi";
        Atelier = "atelier", "Atelier";
        Information = "information", "Réunion d'information";
    }
);

code_list!(
    /// Where an enrolment in an action stands (`enrolments.status`).
    EnrolmentStatus {
        Placed = "placed", "Inscrite";
        Waiting = "waiting", "En liste d'attente";
        Released = "released", "Désinscrite";
    }
);

/// The largest capacity a form accepts.
pub const MAX_CAPACITY: i32 = 10_000;

/// An action, validated and ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionDraft {
    pub title: String,
    pub axis: Axis,
    pub innovative: bool,
    pub carrier_partner_id: Option<PartnerId>,
    /// data·inclusion thematic codes: the barriers (*freins*) addressed.
    pub thematics: Vec<String>,
    /// data·inclusion public codes.
    pub publics: Vec<String>,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    pub planned_budget_cents: Option<i64>,
    pub description: Option<String>,
    pub status: ActionStatus,
    pub results: Option<String>,
    /// Places; `None` when the action has no limit.
    pub capacity: Option<i32>,
    pub priority_rule: PriorityRule,
    /// One of the Cité's own axes (*axes propres*), besides the national one.
    pub cite_axis: Option<String>,
}

/// Raw action form fields, as typed; lists come as repeated fields.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct ActionInput {
    pub title: String,
    pub axis: String,
    pub innovative: Option<String>,
    pub carrier_partner_id: String,
    pub thematics: Vec<String>,
    pub publics: Vec<String>,
    pub starts_on: String,
    pub ends_on: String,
    pub planned_budget: String,
    pub description: String,
    pub status: String,
    pub results: String,
    pub capacity: String,
    pub priority_rule: String,
    /// One of the Cité's own axes, by its name, or empty.
    pub cite_axis: String,
}

/// A positive id chosen in a list, or nothing.
fn optional_id<T: std::str::FromStr>(
    errors: &mut FieldErrors,
    field: &'static str,
    value: &str,
) -> Option<T> {
    let value = value.trim();
    if value.is_empty() {
        return None;
    }
    let positive = value.parse::<i64>().is_ok_and(|id| id > 0);
    let id = value.parse::<T>().ok().filter(|_| positive);
    if id.is_none() {
        errors.add(field, "Choisissez une valeur dans la liste.");
    }
    id
}

/// A whole number in `min..=max`, or nothing when empty.
fn optional_number(
    errors: &mut FieldErrors,
    field: &'static str,
    value: &str,
    min: i32,
    max: i32,
) -> Option<i32> {
    let value: String = value.chars().filter(|c| !c.is_whitespace()).collect();
    if value.is_empty() {
        return None;
    }
    let number = value
        .parse::<i32>()
        .ok()
        .filter(|n| (min..=max).contains(n));
    if number.is_none() {
        errors.add(
            field,
            format!("Indiquez un nombre entier entre {min} et {max}."),
        );
    }
    number
}

/// A code of a closed list, refused when out of it.
pub(crate) fn required_code<T>(
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

impl ActionInput {
    /// Its dates are planned dates, seen from `today`.
    pub fn validate(&self, today: NaiveDate) -> Result<ActionDraft, FieldErrors> {
        let mut errors = FieldErrors::new();
        let title = required_text(&mut errors, "title", &self.title, 200);
        let axis = required_code(&mut errors, "axis", &self.axis, Axis::parse);
        let carrier_partner_id =
            optional_id(&mut errors, "carrier_partner_id", &self.carrier_partner_id);
        let thematics = checked_codes(
            &mut errors,
            "thematics",
            &self.thematics,
            referential::thematic,
            "Choisissez les freins dans la liste des thématiques data·inclusion.",
        );
        let publics = checked_codes(
            &mut errors,
            "publics",
            &self.publics,
            referential::public,
            "Choisissez les publics dans la liste data·inclusion.",
        );
        let starts_on = DateField::planned("starts_on", "La date de début de l'action").required(
            &mut errors,
            &self.starts_on,
            today,
        );
        let ends_on = DateField::planned("ends_on", "La date de fin de l'action").optional(
            &mut errors,
            &self.ends_on,
            today,
        );
        check_end(&mut errors, "ends_on", starts_on, ends_on);
        let planned_budget_cents =
            optional_text(&mut errors, "planned_budget", &self.planned_budget, 30).and_then(
                |text| {
                    parse_euros(&text)
                        .map_err(|e| errors.add("planned_budget", e))
                        .ok()
                },
            );
        let description = optional_text(&mut errors, "description", &self.description, 5000);
        let status = required_code(&mut errors, "status", &self.status, ActionStatus::parse);
        let results = optional_text(&mut errors, "results", &self.results, 5000);
        let capacity = optional_number(&mut errors, "capacity", &self.capacity, 1, MAX_CAPACITY);
        let priority_rule = required_code(
            &mut errors,
            "priority_rule",
            &self.priority_rule,
            PriorityRule::parse,
        );
        let innovative = matches!(self.innovative.as_deref(), Some("on" | "true" | "1"));
        let cite_axis = optional_text(&mut errors, "cite_axis", &self.cite_axis, MAX_AXIS_CHARS);
        match (axis, starts_on, status, priority_rule) {
            (Some(axis), Some(starts_on), Some(status), Some(priority_rule))
                if errors.is_empty() =>
            {
                Ok(ActionDraft {
                    title,
                    axis,
                    innovative,
                    carrier_partner_id,
                    thematics,
                    publics,
                    starts_on,
                    ends_on,
                    planned_budget_cents,
                    description,
                    status,
                    results,
                    capacity,
                    priority_rule,
                    cite_axis,
                })
            }
            _ => Err(errors),
        }
    }
}

/// Capacity can't go below the places already taken (*places prises*).
pub fn check_capacity(capacity: Option<i32>, taken: i64) -> Result<(), String> {
    match capacity {
        Some(capacity) if i64::from(capacity) < taken => Err(format!(
            "{taken} places sont déjà prises : la capacité ne peut pas descendre en dessous. \
             Libérez d'abord des places."
        )),
        _ => Ok(()),
    }
}

/// May one more person take a place? Always, when the action has no limit.
pub fn has_free_place(capacity: Option<i32>, taken: i64) -> bool {
    capacity.is_none_or(|capacity| taken < i64::from(capacity))
}

/// A séance collective, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeanceDraft {
    pub kind: SeanceKind,
    pub held_on: NaiveDate,
    pub place: Option<String>,
    /// People met without a file (aller-vers): counted, never named.
    pub anonymous_count: i32,
    pub participant_ids: Vec<ParticipantId>,
}

#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct SeanceInput {
    pub kind: String,
    pub held_on: String,
    pub place: String,
    pub anonymous_count: String,
    pub participant_ids: Vec<String>,
}

impl SeanceInput {
    /// A séance is recorded once held: its date has happened.
    pub fn validate(&self, today: NaiveDate) -> Result<SeanceDraft, FieldErrors> {
        let mut errors = FieldErrors::new();
        let kind = required_code(&mut errors, "kind", &self.kind, SeanceKind::parse);
        let held_on = DateField::past("held_on", "La date de la séance").required(
            &mut errors,
            &self.held_on,
            today,
        );
        let place = optional_text(&mut errors, "place", &self.place, 200);
        let anonymous_count = optional_number(
            &mut errors,
            "anonymous_count",
            &self.anonymous_count,
            0,
            100_000,
        )
        .unwrap_or(0);
        let mut participant_ids = Vec::new();
        for value in &self.participant_ids {
            if let Some(id) = optional_id(&mut errors, "participant_ids", value) {
                if !participant_ids.contains(&id) {
                    participant_ids.push(id);
                }
            }
        }
        match (kind, held_on) {
            (Some(kind), Some(held_on)) if errors.is_empty() => Ok(SeanceDraft {
                kind,
                held_on,
                place,
                anonymous_count,
                participant_ids,
            }),
            _ => Err(errors),
        }
    }
}

/// A request to enrol a person (*inscription*), validated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EnrolmentDraft {
    pub participant_id: ParticipantId,
    pub requested_on: NaiveDate,
}

#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct EnrolmentInput {
    pub participant_id: String,
    pub requested_on: String,
}

impl EnrolmentInput {
    /// The date of request can't be in the future: it decides who comes first.
    pub fn validate(&self, today: NaiveDate) -> Result<EnrolmentDraft, FieldErrors> {
        let mut errors = FieldErrors::new();
        let participant_id = optional_id(&mut errors, "participant_id", &self.participant_id);
        if participant_id.is_none() {
            errors.add("participant_id", "Choisissez la personne à inscrire.");
        }
        let requested_on = DateField::past("requested_on", "La date de la demande").required(
            &mut errors,
            &self.requested_on,
            today,
        );
        match (participant_id, requested_on) {
            (Some(participant_id), Some(requested_on)) if errors.is_empty() => Ok(EnrolmentDraft {
                participant_id,
                requested_on,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests;
