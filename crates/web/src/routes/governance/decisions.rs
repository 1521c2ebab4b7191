//! The decisions a meeting records (*relevé de décisions*): the section of
//! the meeting's page with the coordinator's form, the record itself, and
//! the Cité's register (`/instances/decisions`), by number, year by year.

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use maillage_domain::governance::decisions::decision_text;
use maillage_domain::governance::DecisionSubject;
use maillage_domain::ids::MeetingId;
use maillage_domain::FieldErrors;
use maillage_store::governance::MeetingRow;
use maillage_store::governance_records::{CommitteeDecisionRow, SubjectChoice};
use serde::Deserialize;

use super::follow_ups::FollowUpForm;
use super::{meetings, reads_whole_cite, require_member, when, LIST};
use crate::auth::CurrentUser;
use crate::error::{checked, AppResult};
use crate::extract::{blank_as_none, Path, Query};
use crate::form::Form;
use crate::state::AppState;
use crate::views::notice::Notice;
use crate::views::{render, Layout};

pub const REGISTER: &str = "/instances/decisions";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(REGISTER, get(register))
        .route("/seances/{id}/decisions", post(record))
}

/// What the meeting's page shows back after a refused form, each form with
/// its own errors.
#[derive(Default)]
pub struct Refusal {
    pub decision: DecisionForm,
    pub decision_errors: FieldErrors,
    pub follow_up: FollowUpForm,
    pub follow_up_errors: FieldErrors,
    /// A refused reply, as typed.
    pub reply: Option<super::attendance::ReplyInput>,
    /// A refused invitation or reply.
    pub errors: FieldErrors,
    pub case_review: super::case_reviews::CaseReviewRefusal,
}

impl Refusal {
    pub fn is_empty(&self) -> bool {
        self.decision_errors.is_empty()
            && self.follow_up_errors.is_empty()
            && self.errors.is_empty()
            && self.case_review.errors.is_empty()
    }
}

/// The decision form, as typed: the subject as a kind and a choice of the
/// list (`candidature-12`, `action-4`, `report-2`).
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DecisionForm {
    pub text: String,
    pub subject_kind: String,
    pub subject: String,
}

/// The subject kinds the form offers, « Sans objet lié » first.
const SUBJECT_KINDS: [DecisionSubject; 5] = [
    DecisionSubject::None,
    DecisionSubject::Application(0),
    DecisionSubject::ActionCreated(0),
    DecisionSubject::ActionStopped(0),
    DecisionSubject::CarryOver(0),
];

/// The prefix of a subject's choice in the list, by the subject's kind.
fn choice_prefix(kind: &str) -> &'static str {
    match kind {
        "application" => "candidature-",
        "carry_over" => "report-",
        _ => "action-",
    }
}

impl DecisionForm {
    /// The subject chosen: its kind, and the choice of the list of the same
    /// kind (the store then checks it is the Cité's).
    fn subject(&self) -> Result<DecisionSubject, FieldErrors> {
        let kind = self.subject_kind.trim();
        let choice = self.subject.trim();
        if kind.is_empty() || kind == "none" {
            return match choice.is_empty() {
                true => Ok(DecisionSubject::None),
                false => Err(FieldErrors::single(
                    "subject_kind",
                    "Choisissez le genre de l'objet lié.",
                )),
            };
        }
        if !SUBJECT_KINDS.iter().any(|k| k.code() == kind) {
            return Err(FieldErrors::single(
                "subject_kind",
                "Choisissez un genre d'objet.",
            ));
        }
        choice
            .strip_prefix(choice_prefix(kind))
            .and_then(|id| id.parse::<i64>().ok())
            .filter(|id| *id > 0)
            .and_then(|id| DecisionSubject::from_parts(kind, Some(id)))
            .ok_or_else(|| {
                FieldErrors::single(
                    "subject",
                    "Choisissez dans la liste l'objet du genre indiqué.",
                )
            })
    }
}

/// A decision as the meeting's section and the register show it.
pub struct DecisionLine {
    pub number: String,
    pub text: String,
    pub meeting_id: MeetingId,
    pub meeting: String,
    /// « Création d'une action : Atelier CV »; empty without a subject.
    pub subject: String,
    pub subject_href: Option<String>,
}

impl From<CommitteeDecisionRow> for DecisionLine {
    fn from(row: CommitteeDecisionRow) -> Self {
        let subject = row.subject();
        let subject_href = match subject {
            DecisionSubject::Application(id) => Some(format!("/candidatures/{id}")),
            DecisionSubject::ActionCreated(id) | DecisionSubject::ActionStopped(id) => {
                Some(format!("/actions/{id}"))
            }
            DecisionSubject::CarryOver(_) => Some(format!("/financements?annee={}", row.year)),
            DecisionSubject::None => None,
        };
        DecisionLine {
            number: row.number().to_string(),
            meeting: format!("{}, {}", row.committee_name, when(row.meeting_starts_at)),
            meeting_id: row.meeting_id,
            subject: match subject {
                DecisionSubject::None => String::new(),
                _ => format!(
                    "{} : {}",
                    subject.label(),
                    row.subject_title.clone().unwrap_or_default()
                ),
            },
            subject_href,
            text: row.text,
        }
    }
}

/// The section « Relevé de décisions » of a meeting's page.
pub struct DecisionSection {
    pub lines: Vec<DecisionLine>,
    /// The coordinator records decisions on a meeting not cancelled.
    pub can_record: bool,
    /// Whether the reader opens the Cité's register (not a porteur).
    pub reads_register: bool,
    pub kinds: Vec<(String, String)>,
    pub subjects: Vec<(String, String)>,
    pub form: DecisionForm,
    pub errors: FieldErrors,
}

fn choice(subject: SubjectChoice) -> (String, String) {
    let label = match subject.kind.as_str() {
        "application" => "Candidature",
        "carry_over" => "Report de crédits",
        _ => "Action",
    };
    (
        format!("{}{}", choice_prefix(&subject.kind), subject.id),
        format!("{label} : {}", subject.label),
    )
}

impl DecisionSection {
    pub async fn load(
        state: &AppState,
        user: &CurrentUser,
        meeting: &MeetingRow,
        form: DecisionForm,
        errors: FieldErrors,
    ) -> AppResult<DecisionSection> {
        let can_record = user.scope.can_administer_cite() && !meeting.cancelled;
        let (lines, subjects) = tokio::try_join!(
            state.store.meeting_decisions(&user.scope, meeting.id),
            async {
                match can_record {
                    true => state.store.decision_subjects(&user.scope).await,
                    false => Ok(Vec::new()),
                }
            }
        )?;
        Ok(DecisionSection {
            lines: lines.into_iter().map(DecisionLine::from).collect(),
            can_record,
            reads_register: reads_whole_cite(user),
            kinds: SUBJECT_KINDS
                .iter()
                .map(|k| (k.code().to_owned(), k.label().to_owned()))
                .collect(),
            subjects: subjects.into_iter().map(choice).collect(),
            form,
            errors,
        })
    }
}

/// Adds `more` to `errors`.
pub fn absorb(errors: &mut FieldErrors, more: &FieldErrors) {
    for (field, message) in more.iter() {
        errors.add(field, message);
    }
}

pub async fn record(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<MeetingId>,
    Form(form): Form<DecisionForm>,
) -> AppResult<Response> {
    user.require_coordinator()?;
    let mut errors = FieldErrors::new();
    let text = decision_text(&form.text)
        .map_err(|e| absorb(&mut errors, &e))
        .ok();
    let subject = form.subject().map_err(|e| absorb(&mut errors, &e)).ok();
    if let (Some(text), Some(subject)) = (text, subject) {
        let recorded = state
            .store
            .record_committee_decision(&user.actor(), &user.scope, id, &text, subject)
            .await;
        match checked(recorded)? {
            Ok(_) => {
                let to = Notice::CommitteeDecisionRecorded.at(&format!("/seances/{id}"));
                return Ok(Redirect::to(&format!("{to}#decisions")).into_response());
            }
            Err(refused) => errors = refused,
        }
    }
    let refusal = Refusal {
        decision: form,
        decision_errors: errors,
        ..Refusal::default()
    };
    meetings::page(&state, &user, id, None, refusal).await
}

/// The register's filter: a year, or every year.
#[derive(Debug, Default, Deserialize)]
pub struct RegisterQuery {
    #[serde(default, deserialize_with = "blank_as_none")]
    pub annee: Option<i32>,
}

#[derive(Template)]
#[template(path = "governance/decisions.html")]
struct RegisterPage {
    layout: Layout,
    lines: Vec<DecisionLine>,
    years: Vec<(String, String)>,
    year: String,
    errors: FieldErrors,
}

pub async fn register(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(query): Query<RegisterQuery>,
) -> AppResult<Response> {
    require_member(&user)?;
    let (lines, years) = tokio::try_join!(
        state.store.cite_decisions(&user.scope, query.annee),
        state.store.decision_years(&user.scope),
    )?;
    let page = RegisterPage {
        layout: Layout::new("Relevé de décisions", &user, LIST)
            .with_breadcrumb(&[(LIST, "Instances")], "Relevé de décisions"),
        lines: lines.into_iter().map(DecisionLine::from).collect(),
        years: years
            .into_iter()
            .map(|y| (y.to_string(), y.to_string()))
            .collect(),
        year: query.annee.map(|y| y.to_string()).unwrap_or_default(),
        errors: FieldErrors::new(),
    };
    Ok(render(&page)?.into_response())
}
