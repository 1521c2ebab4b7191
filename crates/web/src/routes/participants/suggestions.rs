//! « Solutions possibles » on a person's file: the Cité's services and actions
//! that address the person's open barriers, ranked by the domain, each one
//! form away from becoming a step (a service) or an enrolment (an action).

use chrono::NaiveDate;
use maillage_domain::actions::ActionStatus;
use maillage_domain::ids::{ActionId, ServiceId};
use maillage_domain::participants::pathway::StepStatus;
use maillage_domain::participants::person::{age_on, Answer, EmploymentStatus, Sex};
use maillage_domain::referential;
use maillage_domain::suggestions::{
    publics_of, rank, Availability, Candidate, Person, PersonFacts,
};
use maillage_store::actions::{codes, ActionRow};
use maillage_store::case_file::StepRow;
use maillage_store::participants::ParticipantRow;

use crate::reference::CiteReference;

/// How many solutions the file shows at once: the others are one click away.
const SHOWN: usize = 8;

/// The solutions, the best [`SHOWN`] first.
#[derive(Default)]
pub struct Solutions {
    pub first: Vec<SuggestionView>,
    pub more: Vec<SuggestionView>,
}

#[derive(Clone, Copy)]
enum Offer {
    Service(ServiceId),
    Action(ActionId),
}

pub struct SuggestionView {
    pub name: String,
    /// « Service · Mission locale angevine » or « Action de la Cité · Par'Emploi ».
    pub kind: String,
    /// « Répond à : Garde d'enfants, Préparer un permis »
    pub addresses: String,
    /// Why it fits beyond the barriers: « Pour : Familles · … », or empty.
    pub reasons: String,
    pub availability: String,
    pub availability_badge: &'static str,
    /// The form that makes it a step: `/personnes/{id}/etapes` for a service,
    /// `/actions/{id}/inscriptions` for an action.
    pub action: String,
    pub service_id: Option<ServiceId>,
    pub button: &'static str,
    pub link: String,
}

/// Actions that can still take someone: not drafts, not over.
fn open_to_enrolment(action: &ActionRow) -> bool {
    matches!(action.status, ActionStatus::Planned | ActionStatus::Running)
}

/// Whether the action can take the person now, or where they would stand
/// in line.
fn availability(action: &ActionRow, favoured: bool) -> Availability {
    match action.free_places() {
        None => Availability::Open,
        Some(0) => {
            let waiting = action.waiting_list();
            Availability::WaitingList {
                waiting: waiting.total,
                position: action.priority_rule.position(favoured, waiting),
            }
        }
        Some(free) => Availability::Places(u32::try_from(free).unwrap_or(u32::MAX)),
    }
}

/// The person as the ranking sees them: their publics on `today`, and the
/// communes of their QPV.
fn person(p: &ParticipantRow, today: NaiveDate) -> Person {
    let facts = PersonFacts {
        age: u32::try_from(age_on(p.birth_date, today)).unwrap_or(0),
        female: p.sex == Sex::Female,
        job_seeker: matches!(
            p.employment_status,
            EmploymentStatus::Unemployed | EmploymentStatus::LongTermUnemployed
        ),
        single_parent: p.single_parent == Answer::Yes,
        rsa: p.rsa == Answer::Yes,
        rqth: p.rqth == Answer::Yes,
        qpv_resident: p.qpv_id.is_some(),
    };
    Person {
        publics: publics_of(facts),
        communes: p
            .qpv_communes
            .as_deref()
            .map(|list| codes(list).map(str::to_owned).collect())
            .unwrap_or_default(),
    }
}

fn thematic_label(code: &str) -> &str {
    referential::thematic(code).map_or(code, |t| t.label)
}

/// Whether a step of the pathway already mobilises the offer: planned, under
/// way or done (a dropped or cancelled one may be tried again).
fn mobilised(steps: &[StepRow], offer: Offer) -> bool {
    steps.iter().any(|step| {
        let live = matches!(
            step.status,
            StepStatus::Planned | StepStatus::InProgress | StepStatus::Done
        );
        live && match offer {
            Offer::Service(id) => step.service_id == Some(id),
            Offer::Action(id) => step.action_id == Some(id),
        }
    })
}

/// The solutions for a person whose open barriers are `open_barriers`, from
/// the Cité's catalogue and actions (its reference data, already loaded for
/// the step form), leaving out what the pathway already mobilises.
pub fn suggestions(
    participant: &ParticipantRow,
    open_barriers: &[&str],
    steps: &[StepRow],
    reference: &CiteReference,
    today: NaiveDate,
) -> Solutions {
    if open_barriers.is_empty() {
        return Solutions::default();
    }
    let single_parent = participant.single_parent == Answer::Yes;
    let qpv_resident = participant.qpv_id.is_some();
    let services = reference.services.iter().map(|s| Candidate {
        key: (Offer::Service(s.id), s.structure_name.clone()),
        name: s.name.clone(),
        thematics: codes(&s.thematics).map(str::to_owned).collect(),
        publics: codes(&s.publics).map(str::to_owned).collect(),
        commune: s.insee_code.clone(),
        favoured: false,
        availability: Availability::Open,
    });
    let actions = reference
        .actions
        .iter()
        .filter(|a| open_to_enrolment(a))
        .map(|a| {
            let favoured = a.priority_rule.favours_person(single_parent, qpv_resident);
            Candidate {
                key: (Offer::Action(a.id), a.title.clone()),
                name: a.title.clone(),
                thematics: a.thematic_codes().into_iter().map(str::to_owned).collect(),
                publics: a.public_codes().into_iter().map(str::to_owned).collect(),
                commune: None,
                favoured,
                availability: availability(a, favoured),
            }
        });
    let candidates = services
        .chain(actions)
        .filter(|c| !mobilised(steps, c.key.0))
        .collect();
    let participant_id = participant.id;
    let mut views = rank(open_barriers, &person(participant, today), candidates)
        .into_iter()
        .map(|s| {
            let reasons = s.reasons().join(" · ");
            let addresses = s
                .exact
                .iter()
                .chain(&s.related)
                .map(|code| thematic_label(code))
                .collect::<Vec<_>>()
                .join(", ");
            let (offer, detail) = s.key;
            let (kind, action, service_id, button, link) = match offer {
                Offer::Service(id) => (
                    format!("Service · {detail}"),
                    format!("/personnes/{participant_id}/etapes"),
                    Some(id),
                    "Ajouter au parcours",
                    format!("/offres/{id}"),
                ),
                Offer::Action(id) => (
                    "Action de la Cité".to_owned(),
                    format!("/actions/{id}/inscriptions"),
                    None,
                    match s.availability {
                        Availability::WaitingList { .. } => "Inscrire sur la liste d'attente",
                        _ => "Inscrire à l'action",
                    },
                    format!("/actions/{id}"),
                ),
            };
            SuggestionView {
                name: s.name,
                kind,
                addresses: format!("Répond à : {addresses}"),
                reasons,
                availability: s.availability.label(),
                availability_badge: match s.availability {
                    Availability::Places(_) => "fr-badge--success",
                    Availability::Open => "fr-badge--info",
                    Availability::WaitingList { .. } => "fr-badge--warning",
                },
                action,
                service_id,
                button,
                link,
            }
        })
        .collect::<Vec<_>>();
    let more = views.split_off(views.len().min(SHOWN));
    Solutions { first: views, more }
}
