//! The file as the page shows it: French labels, French dates, and the
//! names of specialised partners hidden from those who may not know them.

use chrono::NaiveDate;
use maillage_domain::barriers::{thematic_label, Vocabulary};
use maillage_domain::ids::{BarrierId, ParticipantId, PartnerId};
use maillage_domain::names::prose_name;
use maillage_domain::participants::outcomes::{Checkpoint, Outcome, OutcomeClass};
use maillage_domain::participants::person::{age_on, ParticipantStatus};
use maillage_domain::referential;
use maillage_store::case_file::{
    AccessRow, BarrierRow, CaseFile, ConsentRow, NoteRow, OutcomeRow, StepRow,
};
use maillage_store::partners::PartnerRow;

use maillage_domain::participants::pathway::StepStatus;

use crate::auth::CurrentUser;
use crate::views::format;

/// What other partners read instead of a specialised partner's name (SPIP,
/// CSAPA…): being followed there says too much about the person.
pub const SPECIALISED: &str = "partenaire spécialisé";

/// The Cité's partners, named as this viewer may read them.
pub struct PartnerNames {
    rows: Vec<PartnerRow>,
    coordinator: bool,
    own: Option<PartnerId>,
}

impl PartnerNames {
    pub fn new(rows: Vec<PartnerRow>, user: &CurrentUser) -> PartnerNames {
        PartnerNames {
            rows,
            coordinator: user.scope.can_administer_cite(),
            own: user.scope.partner_id(),
        }
    }

    /// Coordinators and the partner's own référents know who it is.
    fn hides(&self, id: PartnerId, sensitive: bool) -> bool {
        sensitive && !self.coordinator && self.own != Some(id)
    }

    fn shown(&self, id: PartnerId, name: &str, sensitive: bool) -> String {
        if self.hides(id, sensitive) {
            SPECIALISED.to_owned()
        } else {
            name.to_owned()
        }
    }

    pub fn name(&self, id: PartnerId) -> String {
        self.rows.iter().find(|p| p.id == id).map_or_else(
            || "Partenaire inconnu".to_owned(),
            |p| self.shown(p.id, &p.name, p.sensitive),
        )
    }

    /// An organisation recorded by name (notes, audit log).
    pub fn organisation(&self, name: &str) -> String {
        match self.rows.iter().find(|p| p.name == name) {
            Some(p) => self.shown(p.id, &p.name, p.sensitive),
            None => name.to_owned(),
        }
    }

    pub fn is_hidden(&self, id: PartnerId) -> bool {
        self.rows
            .iter()
            .any(|p| p.id == id && self.hides(p.id, p.sensitive))
    }

    /// The partners still in the directory, for the forms' selects.
    pub fn options(&self) -> Vec<(String, String)> {
        self.rows
            .iter()
            .filter(|p| p.archived_at.is_none())
            .map(|p| (p.id.to_string(), p.name.clone()))
            .collect()
    }
}

/// Identity, situation at entry and where the follow-up stands.
pub struct PersonView {
    pub id: ParticipantId,
    pub full_name: String,
    pub birth_date: String,
    pub age: i32,
    pub sex: &'static str,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
    pub france_travail_id: Option<String>,
    pub entry_age: Option<i32>,
    pub employment_status: &'static str,
    pub education: &'static str,
    pub rsa: &'static str,
    pub single_parent: &'static str,
    pub rqth: &'static str,
    /// `None`: outside every QPV.
    pub qpv: Option<String>,
    pub status: String,
    pub status_badge: &'static str,
    pub cohort: Option<String>,
    pub lead_partner: String,
    pub lead_user: Option<String>,
    /// Outcomes can be recorded once the person entered the cohort.
    pub entered: bool,
}

pub struct PersonContext<'a> {
    pub qpv: Option<String>,
    pub cohort: Option<String>,
    pub lead_user: Option<String>,
    pub names: &'a PartnerNames,
    pub today: NaiveDate,
}

impl PersonView {
    pub fn new(file: &CaseFile, context: PersonContext<'_>) -> PersonView {
        let p = &file.participant;
        let (status, status_badge) = match (p.status, p.entry_date, p.exit_date) {
            (ParticipantStatus::Active, Some(entry), _) => (
                format!("Dans la cohorte depuis le {}", format::date(entry)),
                "fr-badge--info",
            ),
            (ParticipantStatus::Exited, _, Some(exit)) => (
                format!("Sortie le {}", format::date(exit)),
                "fr-badge--success",
            ),
            (ParticipantStatus::NotAdmitted, _, _) => {
                ("Non retenue dans la cohorte".to_owned(), "fr-badge--error")
            }
            _ => (
                "Proposée, en attente de décision".to_owned(),
                "fr-badge--new",
            ),
        };
        let lead_hidden = context.names.is_hidden(p.lead_partner_id);
        PersonView {
            id: p.id,
            full_name: prose_name(&p.first_name, &p.last_name),
            birth_date: format::date(p.birth_date),
            age: age_on(p.birth_date, context.today),
            sex: p.sex.label(),
            phone: p.phone.clone(),
            email: p.email.clone(),
            address: p.address.clone(),
            france_travail_id: p.france_travail_id.clone(),
            entry_age: p.entry_date.map(|entry| age_on(p.birth_date, entry)),
            employment_status: p.employment_status.label(),
            education: p.education.label(),
            rsa: p.rsa.label(),
            single_parent: p.single_parent.label(),
            rqth: p.rqth.label(),
            qpv: context.qpv,
            status,
            status_badge,
            cohort: context.cohort,
            lead_partner: context.names.name(p.lead_partner_id),
            // Naming the person would name the specialised partner.
            lead_user: context.lead_user.filter(|_| !lead_hidden),
            entered: matches!(
                p.status,
                ParticipantStatus::Active | ParticipantStatus::Exited
            ),
        }
    }
}

/// The prefix of a barrier's lift form's fields (each open barrier has one).
pub fn lift_key(barrier_id: BarrierId) -> String {
    format!("lever-{barrier_id}")
}

pub struct BarrierView {
    pub id: BarrierId,
    /// The prefix of its lift form's fields.
    pub lift_key: String,
    /// The Cité's word for it (« frein de la Cité »), else its thematic.
    pub label: String,
    /// Under a Cité's word, the thematic; else the thematic's category.
    pub secondary: String,
    pub identified_on: String,
    pub comment: Option<String>,
    pub lifted_on: Option<String>,
    pub lifted_by: Option<String>,
}

impl BarrierView {
    pub fn new(row: &BarrierRow, steps: &[StepRow], vocabulary: &Vocabulary) -> BarrierView {
        let (label, secondary) = match vocabulary.word_for(&row.thematic) {
            Some(word) => (word.label.clone(), thematic_label(&row.thematic)),
            None => (
                thematic_label(&row.thematic),
                referential::category_of_thematic(&row.thematic)
                    .map(|c| c.label.to_owned())
                    .unwrap_or_default(),
            ),
        };
        BarrierView {
            id: row.id,
            lift_key: lift_key(row.id),
            label,
            secondary,
            identified_on: format::date(row.identified_on),
            comment: row.comment.clone(),
            lifted_on: row.lifted_on.map(format::date),
            lifted_by: row
                .lifted_by_step_id
                .and_then(|id| steps.iter().find(|s| s.id == id))
                .map(|s| s.label.clone()),
        }
    }
}

pub struct StepView {
    pub label: String,
    /// The service or the Cité action the step mobilises, to open it.
    pub link: Option<String>,
    pub partner: Option<String>,
    pub dates: Vec<String>,
    pub status: &'static str,
    pub status_badge: &'static str,
    pub result: Option<String>,
}

impl StepView {
    pub fn new(row: &StepRow, names: &PartnerNames) -> StepView {
        let status = row.status.label();
        let status_badge = match row.status {
            StepStatus::Done => "fr-badge--success",
            StepStatus::InProgress => "fr-badge--info",
            StepStatus::Planned => "fr-badge--new",
            StepStatus::Dropped | StepStatus::Cancelled => "",
        };
        let dates = [
            ("Prévue le", row.planned_on),
            ("Commencée le", row.started_on),
            ("Terminée le", row.ended_on),
        ]
        .into_iter()
        .filter_map(|(label, date)| date.map(|d| format!("{label} {}", format::date(d))))
        .collect();
        let link = match (row.action_id, row.service_id) {
            (Some(action), _) => Some(format!("/actions/{action}")),
            (None, Some(service)) => Some(format!("/offres/{service}")),
            (None, None) => None,
        };
        StepView {
            label: row.label.clone(),
            link,
            partner: row.partner_id.map(|id| {
                let name = row.partner_name.as_deref().unwrap_or_default();
                names.shown(id, name, row.partner_sensitive == Some(true))
            }),
            dates,
            status,
            status_badge,
            result: row.result.clone(),
        }
    }
}

pub struct OutcomeView {
    pub checkpoint: &'static str,
    pub outcome: Option<&'static str>,
    pub class: Option<&'static str>,
    pub class_badge: &'static str,
    pub recorded_on: Option<String>,
    pub due_on: Option<String>,
}

/// One line per checkpoint, recorded or not, with when +6 and +12 fall due.
pub fn outcome_table(rows: &[OutcomeRow], exit: Option<NaiveDate>) -> Vec<OutcomeView> {
    Checkpoint::ALL
        .iter()
        .map(|checkpoint| {
            let row = rows.iter().find(|r| r.checkpoint == *checkpoint);
            let outcome = row.map(|r| r.outcome);
            let class = outcome.map(Outcome::class);
            OutcomeView {
                checkpoint: checkpoint.label(),
                outcome: outcome.map(Outcome::label),
                class: class.map(OutcomeClass::label),
                class_badge: match class {
                    Some(OutcomeClass::DurableEmployment) => "fr-badge--success",
                    Some(OutcomeClass::TransitionEmployment) => "fr-badge--info",
                    Some(OutcomeClass::PositiveExit) => "fr-badge--new",
                    _ => "",
                },
                recorded_on: row.map(|r| format::date(r.recorded_on)),
                due_on: checkpoint.due_date(exit).map(format::date),
            }
        })
        .collect()
}

pub struct NoteView {
    pub author: String,
    pub organisation: Option<String>,
    pub private: bool,
    pub at: String,
    pub paragraphs: Vec<String>,
}

impl NoteView {
    pub fn new(row: &NoteRow, names: &PartnerNames) -> NoteView {
        NoteView {
            author: row.author_name.clone(),
            organisation: row.partner_name.as_deref().map(|n| names.organisation(n)),
            private: row.private,
            at: format::date_time(row.created_at),
            paragraphs: row
                .body
                .lines()
                .map(str::trim)
                .filter(|line| !line.is_empty())
                .map(str::to_owned)
                .collect(),
        }
    }
}

pub struct ConsentView {
    pub given_on: String,
    pub method: &'static str,
    pub partners: Vec<String>,
    pub withdrawn_at: Option<String>,
}

impl ConsentView {
    pub fn new(row: &ConsentRow, names: &PartnerNames) -> ConsentView {
        ConsentView {
            given_on: format::date(row.given_on),
            method: row.method.label(),
            partners: row.partners.iter().map(|id| names.name(*id)).collect(),
            withdrawn_at: row.withdrawn_at.map(format::date_time),
        }
    }
}

/// A partner the file is shared with, and whether a consent still covers it.
pub struct ShareView {
    pub partner: String,
    pub active: bool,
}

/// The partners an unwithdrawn consent covers.
pub fn covered_partners(consents: &[ConsentRow]) -> Vec<PartnerId> {
    let mut ids: Vec<PartnerId> = consents
        .iter()
        .filter(|c| c.withdrawn_at.is_none())
        .flat_map(|c| c.partners.iter().copied())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

pub struct AccessView {
    pub at: String,
    pub who: String,
    pub organisation: String,
    pub action: &'static str,
}

impl AccessView {
    pub fn new(row: &AccessRow, names: &PartnerNames) -> AccessView {
        AccessView {
            at: format::date_time(row.at),
            who: row
                .user_name
                .clone()
                .unwrap_or_else(|| "Système".to_owned()),
            organisation: row
                .organisation
                .as_deref()
                .map(|o| names.organisation(o))
                .unwrap_or_default(),
            action: crate::views::audit::action_label(&row.action),
        }
    }
}
