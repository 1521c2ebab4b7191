//! The persons a *commission de suivi des parcours* reviews (*situations
//! examinées*): the section of the meeting's page, the coordinator's forms
//! to put a person on it or take them off before the meeting, and the
//! decision about a person that a reader of their file records. The store
//! gives the name only to those who may see the file: every other reader,
//! and every page or export built for all members, has the pseudonym.

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use axum::Router;
use maillage_domain::governance::{replies_open, reviews_persons, CaseDecision};
use maillage_domain::ids::{CaseReviewId, MeetingId, ParticipantId};
use maillage_domain::participants::person::ParticipantStatus;
use maillage_domain::FieldErrors;
use maillage_store::case_reviews::{CaseDecisionRow, CaseReviewRow, FileCaseReviewRow};
use maillage_store::governance::MeetingRow;
use serde::Deserialize;

use super::decisions::Refusal;
use super::meetings;
use crate::auth::CurrentUser;
use crate::error::{checked, AppResult};
use crate::extract::Path;
use crate::form::Form;
use crate::routes::follow_up::person_choices;
use crate::state::AppState;
use crate::views::format;
use crate::views::notice::Notice;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/seances/{id}/examens", post(add))
        .route("/seances/{id}/examens/{review}/retirer", post(remove))
        .route("/seances/{id}/examens/{review}/decision", post(decide))
}

/// What a refused form of the section typed, and where.
#[derive(Default)]
pub struct CaseReviewRefusal {
    /// The review whose decision form was refused; `None` for the form
    /// that adds a person (or a refused removal).
    pub review: Option<CaseReviewId>,
    pub participant_id: String,
    pub decision: String,
    pub errors: FieldErrors,
}

/// A decision about a person, as the meeting's page and the file list it.
pub struct DecisionLine {
    pub body: String,
    pub by: String,
    pub on: String,
}

impl From<CaseDecisionRow> for DecisionLine {
    fn from(row: CaseDecisionRow) -> Self {
        DecisionLine {
            body: row.body,
            by: row
                .decided_by
                .unwrap_or_else(|| "Compte supprimé".to_owned()),
            on: format::date_time(row.decided_at),
        }
    }
}

/// A commission that reviewed the person, as their file lists it.
pub struct FileReviewLine {
    pub meeting_id: MeetingId,
    /// « Commission de suivi des parcours, mardi 12/01/2027 à 14 h 00 ».
    pub meeting: String,
    pub pseudonym: String,
    pub decisions: Vec<DecisionLine>,
}

impl From<&FileCaseReviewRow> for FileReviewLine {
    fn from(row: &FileCaseReviewRow) -> Self {
        FileReviewLine {
            meeting_id: row.meeting_id,
            meeting: format!("{}, {}", row.committee_name, super::when(row.starts_at)),
            pseudonym: row.pseudonym.clone(),
            decisions: row
                .decisions
                .iter()
                .cloned()
                .map(DecisionLine::from)
                .collect(),
        }
    }
}

/// Who a pseudonym stands for, for a reader of the file.
pub struct NamedPerson {
    pub name: String,
    pub id: ParticipantId,
}

/// A reviewed person, as the reader may see them.
pub struct ReviewLine {
    pub id: CaseReviewId,
    pub pseudonym: String,
    /// The name and the file's link, for a reader who may see the file.
    pub person: Option<NamedPerson>,
    pub decisions: Vec<DecisionLine>,
    /// The decision form, with what a refused one typed.
    pub can_decide: bool,
    pub field_id: String,
    pub decision: String,
    pub errors: FieldErrors,
}

/// The section « Situations examinées » of a commission's meeting.
pub struct CaseReviewSection {
    /// Only a commission reviews persons: other meetings have no section.
    pub shown: bool,
    pub lines: Vec<ReviewLine>,
    /// Before the meeting, the coordinator adds persons and takes them off.
    pub can_edit: bool,
    pub persons: Vec<(String, String)>,
    pub participant_id: String,
    pub errors: FieldErrors,
}

impl CaseReviewSection {
    /// The refusals no field of a form shown carries: a removal refused, a
    /// meeting cancelled meanwhile, or any when the add form is not shown.
    pub fn notices(&self) -> Vec<&str> {
        self.errors
            .iter()
            .filter(|(field, _)| !self.can_edit || *field != "participant_id")
            .map(|(_, message)| message)
            .collect()
    }

    pub async fn load(
        state: &AppState,
        user: &CurrentUser,
        meeting: &MeetingRow,
        refusal: CaseReviewRefusal,
    ) -> AppResult<CaseReviewSection> {
        if !reviews_persons(meeting.kind) {
            // A form posted to another committee's meeting: its refusal only.
            return Ok(CaseReviewSection {
                shown: !refusal.errors.is_empty(),
                lines: Vec::new(),
                can_edit: false,
                persons: Vec::new(),
                participant_id: String::new(),
                errors: refusal.errors,
            });
        }
        let now = state.now();
        let can_edit = user.scope.can_administer_cite()
            && !meeting.cancelled
            && replies_open(meeting.starts_at, now);
        let actor = user.actor();
        let (rows, persons) = tokio::try_join!(
            state.store.case_reviews(&actor, &user.scope, meeting.id),
            async {
                match can_edit {
                    true => person_choices(state, user, &[ParticipantStatus::Active]).await,
                    false => Ok(Vec::new()),
                }
            }
        )?;
        let decisions_open = !meeting.cancelled && !replies_open(meeting.starts_at, now);
        // A decision's own error goes under its form; any other (a meeting
        // cancelled meanwhile) above the section.
        let (mut refused, errors) = match refusal.review {
            Some(review) => match refusal.errors.get("decision") {
                Some(message) => (
                    Some((
                        review,
                        refusal.decision,
                        FieldErrors::single("decision", message),
                    )),
                    FieldErrors::new(),
                ),
                None => (None, refusal.errors),
            },
            None => (None, refusal.errors),
        };
        let lines = rows
            .into_iter()
            .map(|row| line(row, decisions_open, &mut refused))
            .collect();
        Ok(CaseReviewSection {
            shown: true,
            lines,
            can_edit,
            persons,
            participant_id: refusal.participant_id,
            errors,
        })
    }
}

fn line(
    row: CaseReviewRow,
    decisions_open: bool,
    refused: &mut Option<(CaseReviewId, String, FieldErrors)>,
) -> ReviewLine {
    let (decision, errors) = match refused.take() {
        Some((review, decision, errors)) if review == row.id => (decision, errors),
        other => {
            *refused = other;
            (String::new(), FieldErrors::new())
        }
    };
    let (person, decisions) = match row.person {
        Some(p) => (
            Some(NamedPerson {
                name: format!("{} {}", p.first_name, p.last_name),
                id: p.participant_id,
            }),
            p.decisions.into_iter().map(DecisionLine::from).collect(),
        ),
        None => (None, Vec::new()),
    };
    ReviewLine {
        field_id: format!("examen-{}-decision", row.id),
        id: row.id,
        pseudonym: row.pseudonym,
        can_decide: decisions_open && person.is_some(),
        person,
        decisions,
        decision,
        errors,
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AddForm {
    pub participant_id: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DecisionForm {
    pub decision: String,
}

/// Back to the meeting's section, or its page again with the refusal.
async fn answer(
    state: &AppState,
    user: &CurrentUser,
    id: MeetingId,
    outcome: Result<Notice, CaseReviewRefusal>,
) -> AppResult<Response> {
    match outcome {
        Ok(notice) => {
            let to = notice.at(&format!("/seances/{id}"));
            Ok(Redirect::to(&format!("{to}#examens")).into_response())
        }
        Err(case_review) => {
            let refusal = Refusal {
                case_review,
                ..Refusal::default()
            };
            meetings::page(state, user, id, None, refusal).await
        }
    }
}

pub async fn add(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<MeetingId>,
    Form(form): Form<AddForm>,
) -> AppResult<Response> {
    user.require_coordinator()?;
    let outcome = match form.participant_id.trim().parse::<i64>() {
        Ok(participant) if participant > 0 => {
            let added = state
                .store
                .add_case_review(
                    &user.actor(),
                    &user.scope,
                    id,
                    ParticipantId::new(participant),
                )
                .await;
            checked(added)?.map(|_| Notice::CaseReviewAdded)
        }
        _ => Err(FieldErrors::single(
            "participant_id",
            "Choisissez une personne dans la liste.",
        )),
    };
    let outcome = outcome.map_err(|errors| CaseReviewRefusal {
        participant_id: form.participant_id,
        errors,
        ..CaseReviewRefusal::default()
    });
    answer(&state, &user, id, outcome).await
}

pub async fn remove(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, review)): Path<(MeetingId, CaseReviewId)>,
) -> AppResult<Response> {
    user.require_coordinator()?;
    let removed = state
        .store
        .remove_case_review(&user.actor(), &user.scope, id, review)
        .await;
    let outcome = checked(removed)?
        .map(|()| Notice::CaseReviewRemoved)
        .map_err(|errors| CaseReviewRefusal {
            errors,
            ..CaseReviewRefusal::default()
        });
    answer(&state, &user, id, outcome).await
}

pub async fn decide(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, review)): Path<(MeetingId, CaseReviewId)>,
    Form(form): Form<DecisionForm>,
) -> AppResult<Response> {
    super::require_member(&user)?;
    let outcome = match CaseDecision::parse(&form.decision) {
        Ok(decision) => {
            let recorded = state
                .store
                .record_case_decision(&user.actor(), &user.scope, id, review, &decision)
                .await;
            checked(recorded)?.map(|()| Notice::CaseDecisionRecorded)
        }
        Err(errors) => Err(errors),
    };
    let outcome = outcome.map_err(|errors| CaseReviewRefusal {
        review: Some(review),
        decision: form.decision,
        errors,
        ..CaseReviewRefusal::default()
    });
    answer(&state, &user, id, outcome).await
}
