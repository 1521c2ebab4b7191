//! « Solutions possibles » on a person's file: the Cité's services and actions
//! that address the person's open barriers, ranked by the domain, each one
//! form away from becoming a step (a service) or an enrolment (an action).

use maillage_domain::actions::ActionStatus;
use maillage_domain::ids::{ActionId, ParticipantId, ServiceId};
use maillage_domain::participants::pathway::StepStatus;
use maillage_domain::referential;
use maillage_domain::suggestions::{rank, Availability, Candidate};
use maillage_store::actions::{codes, ActionRow};
use maillage_store::case_file::StepRow;

use crate::reference::CiteReference;

/// How many solutions the file shows: the rest is one search away.
const SHOWN: usize = 8;

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

fn availability(action: &ActionRow) -> Availability {
    match action.free_places() {
        None => Availability::Open,
        Some(0) => Availability::WaitingList(u32::try_from(action.waiting).unwrap_or(u32::MAX)),
        Some(free) => Availability::Places(u32::try_from(free).unwrap_or(u32::MAX)),
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
    participant_id: ParticipantId,
    open_barriers: &[&str],
    steps: &[StepRow],
    reference: &CiteReference,
) -> Vec<SuggestionView> {
    if open_barriers.is_empty() {
        return Vec::new();
    }
    let services = reference.services.iter().map(|s| Candidate {
        key: (Offer::Service(s.id), s.structure_name.clone()),
        name: s.name.clone(),
        thematics: codes(&s.thematics).map(str::to_owned).collect(),
        availability: Availability::Open,
    });
    let actions = reference
        .actions
        .iter()
        .filter(|a| open_to_enrolment(a))
        .map(|a| Candidate {
            key: (Offer::Action(a.id), a.title.clone()),
            name: a.title.clone(),
            thematics: a.thematic_codes().into_iter().map(str::to_owned).collect(),
            availability: availability(a),
        });
    let candidates = services
        .chain(actions)
        .filter(|c| !mobilised(steps, c.key.0))
        .collect();
    let ranked = rank(open_barriers, candidates);
    ranked
        .into_iter()
        .take(SHOWN)
        .map(|s| {
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
                        Availability::WaitingList(_) => "Inscrire sur la liste d'attente",
                        _ => "Inscrire à l'action",
                    },
                    format!("/actions/{id}"),
                ),
            };
            SuggestionView {
                name: s.name,
                kind,
                addresses: format!("Répond à : {addresses}"),
                availability: s.availability.label(),
                availability_badge: match s.availability {
                    Availability::Places(_) => "fr-badge--success",
                    Availability::Open => "fr-badge--info",
                    Availability::WaitingList(_) => "fr-badge--warning",
                },
                action,
                service_id,
                button,
                link,
            }
        })
        .collect()
}
