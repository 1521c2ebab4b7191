//! An application to a call (« candidature »): the project, its public,
//! its calendar and its budget table (« tableau budgétaire »), each expense
//! line split between its co-funders.

use chrono::NaiveDate;

use crate::calls::CallStatus;
use crate::cites::Axis;
use crate::codes::code_list;
use crate::dates::{check_end, DateField};
use crate::errors::{checked_codes, required_text, FieldErrors};
use crate::funding::Funder;
use crate::ids::QpvId;
use crate::money::{format_euros, parse_euros};
use crate::participants::cohorts::bounded_number;
use crate::referential;

code_list!(
    /// Where an application stands (« statut de la candidature »).
    ApplicationStatus {
        Draft = "draft", "Brouillon";
        Submitted = "submitted", "Déposée";
        Withdrawn = "withdrawn", "Retirée";
    }
);

impl ApplicationStatus {
    /// Only a draft is changed or submitted.
    pub fn is_editable(self) -> bool {
        self == ApplicationStatus::Draft
    }

    /// A draft or a submitted application may be withdrawn (« retrait »),
    /// once, until the call's instruction opens: after, it is reviewed and
    /// decided on.
    pub fn check_withdrawal(self, call: CallStatus) -> Result<(), String> {
        match self {
            ApplicationStatus::Withdrawn => Err("Cette candidature est déjà retirée.".to_owned()),
            _ if call >= CallStatus::Instruction => Err(
                "Cet appel est en instruction : la candidature ne peut plus être retirée."
                    .to_owned(),
            ),
            _ => Ok(()),
        }
    }
}

/// The funders of a budget line, in the order the form's `share` fields
/// come for each line: the Cité's credits first.
pub const APPLICATION_FUNDERS: [Funder; 6] = Funder::ALL;

/// The largest number of budget lines.
const MAX_LINES: usize = 50;

/// An expense line (« ligne de dépense ») and what each funder pays of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BudgetLine {
    pub label: String,
    pub amount_cents: i64,
    /// Non-zero shares only, in [`APPLICATION_FUNDERS`] order.
    pub shares: Vec<(Funder, i64)>,
}

impl BudgetLine {
    /// What the Cité is asked for on this line.
    pub fn asked_cents(&self) -> i64 {
        self.shares
            .iter()
            .filter(|(funder, _)| *funder == Funder::Anct)
            .map(|(_, cents)| cents)
            .sum()
    }
}

/// An application, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApplicationDraft {
    pub project_title: String,
    pub summary: String,
    pub target_public: String,
    pub qpv_ids: Vec<QpvId>,
    pub axis: Axis,
    pub thematics: Vec<String>,
    pub expected_participants: i32,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub budget: Vec<BudgetLine>,
}

impl ApplicationDraft {
    /// What the application asks the Cité for (« montant demandé »): the
    /// sum of the Cité's own share of every line.
    pub fn asked_cents(&self) -> i64 {
        self.budget.iter().map(BudgetLine::asked_cents).sum()
    }
}

/// Raw application form fields. The budget table comes as parallel lists:
/// one `line_label` and `line_amount` per line, and for each line one
/// `share` per funder of [`APPLICATION_FUNDERS`]. Rows left blank are
/// ignored, so the form may offer empty rows to add lines without script.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct ApplicationInput {
    pub project_title: String,
    pub summary: String,
    pub target_public: String,
    pub qpvs: Vec<String>,
    pub axis: String,
    pub thematics: Vec<String>,
    pub expected_participants: String,
    pub starts_on: String,
    pub ends_on: String,
    pub line_label: Vec<String>,
    pub line_amount: Vec<String>,
    pub share: Vec<String>,
}

const STARTS_ON: DateField = DateField::planned("starts_on", "Le début du projet");
const ENDS_ON: DateField = DateField::planned("ends_on", "La fin du projet");

impl ApplicationInput {
    /// `qpvs_of_cite`: the QPVs the project may name.
    pub fn validate(
        &self,
        qpvs_of_cite: &[QpvId],
        today: NaiveDate,
    ) -> Result<ApplicationDraft, FieldErrors> {
        let mut errors = FieldErrors::new();
        let project_title = required_text(&mut errors, "project_title", &self.project_title, 200);
        let summary = required_text(&mut errors, "summary", &self.summary, 10_000);
        let target_public = required_text(&mut errors, "target_public", &self.target_public, 2000);
        let mut qpv_ids = Vec::new();
        for value in self.qpvs.iter().map(|v| v.trim()).filter(|v| !v.is_empty()) {
            match value.parse::<QpvId>() {
                Ok(id) if qpvs_of_cite.contains(&id) => {
                    if !qpv_ids.contains(&id) {
                        qpv_ids.push(id);
                    }
                }
                _ => errors.add("qpvs", "Choisissez les quartiers dans la liste de la Cité."),
            }
        }
        let axis = Axis::parse(self.axis.trim());
        if axis.is_none() {
            errors.add("axis", "Choisissez une valeur dans la liste.");
        }
        let thematics = checked_codes(
            &mut errors,
            "thematics",
            &self.thematics,
            referential::thematic,
            "Choisissez les freins dans la liste des thématiques data·inclusion.",
        );
        let expected_participants = bounded_number(
            &mut errors,
            "expected_participants",
            &self.expected_participants,
            1..=10_000,
        );
        let starts_on = STARTS_ON.required(&mut errors, &self.starts_on, today);
        let ends_on = ENDS_ON.required(&mut errors, &self.ends_on, today);
        check_end(&mut errors, "ends_on", starts_on, ends_on);
        let budget = self.budget(&mut errors);
        match (axis, expected_participants, starts_on, ends_on) {
            (Some(axis), Some(expected_participants), Some(starts_on), Some(ends_on))
                if errors.is_empty() =>
            {
                Ok(ApplicationDraft {
                    project_title,
                    summary,
                    target_public,
                    qpv_ids,
                    axis,
                    thematics,
                    expected_participants,
                    starts_on,
                    ends_on,
                    budget,
                })
            }
            _ => Err(errors),
        }
    }

    /// The budget table's filled rows; its errors all go to `budget`.
    fn budget(&self, errors: &mut FieldErrors) -> Vec<BudgetLine> {
        let width = APPLICATION_FUNDERS.len();
        let rows = self.line_label.len();
        if self.line_amount.len() != rows || self.share.len() != rows * width {
            errors.add(
                "budget",
                "Le tableau budgétaire est incomplet : rechargez la page.",
            );
            return Vec::new();
        }
        let mut lines = Vec::new();
        for (row, (label, amount)) in self.line_label.iter().zip(&self.line_amount).enumerate() {
            let shares = &self.share[row * width..(row + 1) * width];
            let blank = |s: &String| s.trim().is_empty();
            if blank(label) && blank(amount) && shares.iter().all(blank) {
                continue;
            }
            let number = row + 1;
            let mut line_errors = FieldErrors::new();
            let label = label.trim().to_owned();
            if label.is_empty()
                || label.chars().count() > 200
                || label.chars().any(char::is_control)
            {
                line_errors.add("budget", "indiquez un libellé d'au plus 200 caractères");
            }
            let amount_cents = match parse_euros(amount) {
                Ok(cents) if cents > 0 => cents,
                _ => {
                    line_errors.add("budget", "indiquez un montant supérieur à zéro");
                    0
                }
            };
            let mut parsed = Vec::new();
            for (funder, share) in APPLICATION_FUNDERS.iter().zip(shares) {
                if blank(share) {
                    continue;
                }
                match parse_euros(share) {
                    Ok(0) => {}
                    Ok(cents) => parsed.push((*funder, cents)),
                    Err(_) => line_errors.add(
                        "budget",
                        format!("la part « {} » n'est pas un montant", funder.label()),
                    ),
                }
            }
            let shared: i64 = parsed.iter().map(|(_, cents)| cents).sum();
            if line_errors.is_empty() && shared > amount_cents {
                line_errors.add(
                    "budget",
                    format!(
                        "les parts des financeurs ({}) dépassent le montant de la ligne ({})",
                        format_euros(shared),
                        format_euros(amount_cents)
                    ),
                );
            }
            if let Some(message) = line_errors.get("budget") {
                errors.add("budget", format!("Ligne {number} : {message}."));
            } else {
                lines.push(BudgetLine {
                    label,
                    amount_cents,
                    shares: parsed,
                });
            }
        }
        if lines.len() > MAX_LINES {
            errors.add("budget", format!("{MAX_LINES} lignes au maximum."));
        }
        if lines.is_empty() && errors.get("budget").is_none() {
            errors.add("budget", "Indiquez au moins une ligne de dépense.");
        }
        lines
    }
}
