//! Agreements (*conventions*) that fund an accepted application, and the
//! bilans each year of them owes: a *bilan qualitatif* and a *bilan
//! financier*, due three months after the year's activity ends.
//!
//! An agreement spreads the decided amount over the project's calendar
//! years; each year becomes a commitment on the Cité's envelope (ANCT
//! credits, « actions » line) with two instalments: an advance at
//! signature and the balance once that year's bilans are in.

use chrono::{Datelike, Duration, Months, NaiveDate};

use crate::codes::code_list;
use crate::errors::FieldErrors;
use crate::money::{format_euros, parse_euros};

code_list!(
    /// The two bilans a year of an agreement owes.
    ReportKind {
        Qualitative = "qualitative", "Bilan qualitatif";
        Financial = "financial", "Bilan financier";
    }
);

/// What a year of the agreement gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AgreementYear {
    pub year: i32,
    pub amount_cents: i64,
}

/// A validated agreement: the amount of each calendar year of the project,
/// adding up to the decided amount, and the share paid in advance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgreementDraft {
    pub years: Vec<AgreementYear>,
    /// Percent of each year paid at signature (« avance »), 0 to 100.
    pub advance_percent: i64,
}

/// The form: one amount per calendar year of the project, in order.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct AgreementInput {
    pub amount: Vec<String>,
    pub advance_percent: String,
}

/// The calendar years a project spans.
pub fn project_years(starts_on: NaiveDate, ends_on: NaiveDate) -> Vec<i32> {
    (starts_on.year()..=ends_on.year()).collect()
}

/// `total` in `parts` amounts that differ by at most a cent, the larger
/// first, adding up exactly.
pub fn split_evenly(total: i64, parts: usize) -> Vec<i64> {
    let Ok(n) = i64::try_from(parts) else {
        return Vec::new();
    };
    if n == 0 {
        return Vec::new();
    }
    let (base, rest) = (total / n, total % n);
    (0..n).map(|i| base + i64::from(i < rest)).collect()
}

impl AgreementInput {
    /// The form as first shown: the decided amount spread evenly, half in
    /// advance.
    pub fn proposed(decided_cents: i64, years: &[i32]) -> AgreementInput {
        AgreementInput {
            amount: split_evenly(decided_cents, years.len())
                .into_iter()
                .map(crate::money::euros_input)
                .collect(),
            advance_percent: "50".to_owned(),
        }
    }

    /// `years`: the project's calendar years; the amounts must add up to
    /// `decided_cents`, what the decision granted.
    pub fn validate(
        &self,
        years: &[i32],
        decided_cents: i64,
    ) -> Result<AgreementDraft, FieldErrors> {
        let mut errors = FieldErrors::new();
        if self.amount.len() != years.len() {
            errors.add(
                "amount",
                "Le tableau des années est incomplet : rechargez la page.",
            );
            return Err(errors);
        }
        let mut parsed = Vec::new();
        for (year, value) in years.iter().zip(&self.amount) {
            match parse_euros(value) {
                Ok(cents) => parsed.push(AgreementYear {
                    year: *year,
                    amount_cents: cents,
                }),
                Err(message) => errors.add("amount", format!("{year} : {message}")),
            }
        }
        let total: i64 = parsed.iter().map(|y| y.amount_cents).sum();
        if errors.is_empty() && total != decided_cents {
            errors.add(
                "amount",
                format!(
                    "Les montants par année font {} : ils doivent faire {}, le montant accordé.",
                    format_euros(total),
                    format_euros(decided_cents)
                ),
            );
        }
        let advance_percent = match self.advance_percent.trim().parse::<i64>() {
            Ok(p) if (0..=100).contains(&p) => Some(p),
            _ => {
                errors.add(
                    "advance_percent",
                    "Indiquez un pourcentage entier entre 0 et 100.",
                );
                None
            }
        };
        match advance_percent {
            Some(advance_percent) if errors.is_empty() => Ok(AgreementDraft {
                years: parsed.into_iter().filter(|y| y.amount_cents > 0).collect(),
                advance_percent,
            }),
            _ => Err(errors),
        }
    }
}

/// A planned instalment of a year's commitment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedInstalment {
    pub label: &'static str,
    pub planned_on: NaiveDate,
    pub amount_cents: i64,
}

/// What one year of an agreement plans: its instalments and its bilans'
/// due date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedYear {
    pub year: i32,
    pub amount_cents: i64,
    pub instalments: Vec<PlannedInstalment>,
    pub reports_due_on: NaiveDate,
}

/// Bilans are due three months after the year's activity ends.
const REPORT_DELAY_MONTHS: u32 = 3;

/// The schedule (*échéancier*) of an agreement signed on `signed_on` for a
/// project running from `starts_on` to `ends_on`: each year's advance at
/// signature (or on the 15th of January for later years), its balance a
/// month after that year's bilans are due.
pub fn schedule(
    draft: &AgreementDraft,
    signed_on: NaiveDate,
    starts_on: NaiveDate,
    ends_on: NaiveDate,
) -> Vec<PlannedYear> {
    draft
        .years
        .iter()
        .map(|y| {
            let activity_ends =
                NaiveDate::from_ymd_opt(y.year, 12, 31).map_or(ends_on, |end| end.min(ends_on));
            let reports_due_on = activity_ends
                .checked_add_months(Months::new(REPORT_DELAY_MONTHS))
                .unwrap_or(activity_ends);
            let advance_on = if y.year <= signed_on.year() {
                signed_on
            } else {
                NaiveDate::from_ymd_opt(y.year, 1, 15)
                    .unwrap_or(starts_on)
                    .max(starts_on)
            };
            let advance = y.amount_cents * draft.advance_percent / 100;
            let mut instalments = Vec::new();
            if advance > 0 {
                instalments.push(PlannedInstalment {
                    label: "Avance à la signature",
                    planned_on: advance_on,
                    amount_cents: advance,
                });
            }
            if y.amount_cents > advance {
                instalments.push(PlannedInstalment {
                    label: "Solde après les bilans",
                    planned_on: reports_due_on + Duration::days(30),
                    amount_cents: y.amount_cents - advance,
                });
            }
            PlannedYear {
                year: y.year,
                amount_cents: y.amount_cents,
                instalments,
                reports_due_on,
            }
        })
        .collect()
}

/// The agreement's reference, as printed on it: « CONV-2023-007 ».
pub fn reference(year: i32, agreement_number: i64) -> String {
    format!("CONV-{year}-{agreement_number:03}")
}

/// Where a bilan stands for the « À faire » list and its page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportState {
    Received,
    /// Due within [`REPORT_NOTICE_DAYS`] days.
    DueSoon,
    Late,
    Upcoming,
}

/// How long before its due date a bilan shows in « À faire ».
pub const REPORT_NOTICE_DAYS: i64 = 30;

impl ReportState {
    pub fn of(due_on: NaiveDate, received: bool, today: NaiveDate) -> ReportState {
        if received {
            ReportState::Received
        } else if today > due_on {
            ReportState::Late
        } else if due_on - today <= Duration::days(REPORT_NOTICE_DAYS) {
            ReportState::DueSoon
        } else {
            ReportState::Upcoming
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ReportState::Received => "Reçu",
            ReportState::DueSoon => "À rendre bientôt",
            ReportState::Late => "En retard",
            ReportState::Upcoming => "À venir",
        }
    }
}

/// Who may draw an agreement: a decision granted the application, and the
/// call is at its decisions or agreements step.
pub fn check_agreement(accepted_cents: Option<i64>, call_allows: bool) -> Result<i64, String> {
    match accepted_cents {
        None => Err("Seule une candidature retenue donne lieu à une convention.".to_owned()),
        Some(_) if !call_allows => Err(
            "L'appel à projets doit être à l'étape des décisions ou des conventions.".to_owned(),
        ),
        Some(cents) => Ok(cents),
    }
}

/// The date a signed copy may carry: not in the future, not before the
/// decision.
pub fn check_signed_on(
    signed_on: NaiveDate,
    decided_on: NaiveDate,
    today: NaiveDate,
) -> Result<(), String> {
    if signed_on > today {
        Err("La date de signature ne peut pas être dans le futur.".to_owned())
    } else if signed_on < decided_on {
        Err("La convention ne peut pas être signée avant la décision.".to_owned())
    } else {
        Ok(())
    }
}

/// The questions of a bilan qualitatif the porteur answers, beside what
/// Maillage already knows of the funded action.
pub const QUALITATIVE_SECTIONS: [&str; 4] = [
    "Déroulement de l'action",
    "Publics accompagnés et freins levés",
    "Difficultés rencontrées",
    "Perspectives",
];

/// The bilan qualitatif's form: one text per section; `transmit` when the
/// porteur sends it rather than saving a draft.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct QualitativeInput {
    pub text: Vec<String>,
    pub transmit: Option<String>,
}

impl QualitativeInput {
    /// The sections as (heading, text); every one is required to transmit.
    pub fn validate(&self) -> Result<Vec<(String, String)>, FieldErrors> {
        let mut errors = FieldErrors::new();
        if self.text.len() != QUALITATIVE_SECTIONS.len() {
            errors.add("text", "Le formulaire est incomplet : rechargez la page.");
            return Err(errors);
        }
        let mut sections = Vec::new();
        for (heading, text) in QUALITATIVE_SECTIONS.iter().zip(&self.text) {
            let text = text.trim().replace("\r\n", "\n");
            if text.chars().count() > 10_000 {
                errors.add(
                    "text",
                    format!("« {heading} » : 10 000 caractères au plus."),
                );
            } else if text
                .chars()
                .any(|c| c.is_control() && c != '\n' && c != '\t')
            {
                errors.add(
                    "text",
                    format!("« {heading} » contient des caractères invalides."),
                );
            } else if text.is_empty() && self.transmit.is_some() {
                errors.add(
                    "text",
                    format!("Complétez « {heading} » avant de transmettre le bilan."),
                );
            }
            sections.push(((*heading).to_owned(), text));
        }
        if errors.is_empty() {
            Ok(sections)
        } else {
            Err(errors)
        }
    }
}

/// The budget of each line for one year of a multi-year agreement: the
/// line spread evenly over the agreement's years, to the cent.
pub fn year_budget(line_cents: i64, years: usize, index: usize) -> i64 {
    split_evenly(line_cents, years)
        .get(index)
        .copied()
        .unwrap_or(0)
}

#[cfg(test)]
mod tests;
