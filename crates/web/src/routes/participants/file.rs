//! The file's page: every section in one audited read, and the forms of
//! every action. Actions that fail re-render it through [`file_page`] with
//! their form's values and errors.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use maillage_domain::accounts::Role;
use maillage_domain::barriers::Vocabulary;
use maillage_domain::ids::{BarrierId, ParticipantId, PartnerId};
use maillage_domain::participants::outcomes::{Checkpoint, Outcome};
use maillage_domain::FieldErrors;
use maillage_store::accounts::AccountRow;
use maillage_store::case_file::CaseFile;

use super::follow::{NoteForm, OutcomeForm};
use super::pathway::{BarrierForm, LiftForm, StepForm};
use super::sharing::{LeadForm, ShareForm};
use super::suggestions::{suggestions, Solutions};
use super::view::{
    covered_partners, outcome_table, AccessView, BarrierView, ConsentView, NoteView, OutcomeView,
    PartnerNames, PersonContext, PersonView, ShareView, StepView,
};
use super::{today, FileId};
use crate::extract::Query;
use crate::views::notice::Notice;
use maillage_domain::participants::pathway::StepStatus;

use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::reference::CiteReference;
use crate::routes::governance::FileReviewLine;
use crate::routes::NoticeQuery;
use crate::state::AppState;
use crate::views::codes::{barrier_options, closed_list, BarrierOptions};
use crate::views::{render, Layout};

/// The values and errors of the page's forms: their defaults, or what a
/// failed post sent, with its errors.
#[derive(Default)]
pub struct Forms {
    /// Today as a date input reads it, the default of date fields.
    pub today: String,
    pub lead: LeadForm,
    pub barrier: BarrierForm,
    pub lift: LiftForm,
    /// The barrier whose lift form failed.
    pub lift_of: Option<BarrierId>,
    pub step: StepForm,
    pub outcome: OutcomeForm,
    pub note: NoteForm,
    pub share: ShareForm,
    /// The form that failed, named by the prefix of its fields' ids
    /// (`frein`, `lever-12`…); empty when none did.
    pub failed: String,
    pub errors: FieldErrors,
    /// What the other forms show: no errors, no choice.
    pub(super) none: FieldErrors,
    pub(super) none_chosen: String,
}

impl Forms {
    pub fn new(today: NaiveDate) -> Forms {
        let today = today.format("%Y-%m-%d").to_string();
        Forms {
            barrier: BarrierForm {
                identified_on: today.clone(),
                ..BarrierForm::default()
            },
            outcome: OutcomeForm {
                recorded_on: today.clone(),
                ..OutcomeForm::default()
            },
            today,
            ..Forms::default()
        }
    }

    /// The defaults, with the errors of the form `key`; the caller puts
    /// back the values that form sent.
    pub fn failed(today: NaiveDate, key: impl Into<String>, errors: FieldErrors) -> Forms {
        Forms {
            failed: key.into(),
            errors,
            ..Forms::new(today)
        }
    }

    /// The errors of the form `key`: none for the others.
    pub fn errors_of(&self, key: &str) -> &FieldErrors {
        if self.failed == key {
            &self.errors
        } else {
            &self.none
        }
    }

    /// Each open barrier has its own lift form: only the one that failed
    /// shows what was sent.
    pub fn lift_date(&self, key: &str) -> &String {
        if self.failed == key {
            &self.lift.lifted_on
        } else {
            &self.today
        }
    }

    pub fn lift_step(&self, key: &str) -> &String {
        if self.failed == key {
            &self.lift.step_id
        } else {
            &self.none_chosen
        }
    }
}

/// The choices the forms offer.
pub struct Options {
    /// What a barrier is recorded as: the Cité's words first.
    pub barriers: Vec<BarrierOptions>,
    /// Whether the Cité named its barriers (« freins de la Cité »).
    pub cite_words: bool,
    pub referents: Vec<(String, String)>,
    pub partners: Vec<(String, String)>,
    pub catalogue: Vec<(String, String)>,
    pub steps: Vec<(String, String)>,
    pub statuses: Vec<(String, String)>,
    pub checkpoints: Vec<(String, String)>,
    pub outcomes: Vec<(String, String)>,
    /// Partners an unwithdrawn consent covers, the file is not shared with
    /// yet, and where a référent can open it.
    pub share_partners: Vec<(String, String)>,
    /// Covered too, but nobody there could open the file: no référent account.
    pub unreachable_partners: Vec<String>,
}

#[derive(Template)]
#[template(path = "participants/file.html")]
struct FilePage {
    layout: Layout,
    person: PersonView,
    open_barriers: Vec<BarrierView>,
    lifted_barriers: Vec<BarrierView>,
    suggestions: Solutions,
    /// ISO date of today, the default date of a suggested step or enrolment.
    today: String,
    steps: Vec<StepView>,
    outcomes: Vec<OutcomeView>,
    notes: Vec<NoteView>,
    consents: Vec<ConsentView>,
    shares: Vec<ShareView>,
    accesses: Vec<AccessView>,
    more_accesses: bool,
    /// The commissions that reviewed the person (*commission de suivi des
    /// parcours*), with what they decided.
    case_reviews: Vec<FileReviewLine>,
    /// Coordinators and the lead partner's référents name the lead référent,
    /// share the file and record a consent's withdrawal.
    can_manage: bool,
    consent_in_force: bool,
    coordinator: bool,
    options: Options,
    forms: Forms,
}

/// What the page is drawn from, read once per request.
struct Sources<'a> {
    file: &'a CaseFile,
    reference: &'a CiteReference,
    /// The lead partner's accounts: référents to name, the lead's name.
    accounts: &'a [AccountRow],
    names: PartnerNames,
    /// The Cité's words for barriers.
    vocabulary: &'a Vocabulary,
    today: NaiveDate,
}

/// The whole file for this user, with the forms as given.
pub async fn file_page(
    state: &AppState,
    user: &CurrentUser,
    id: ParticipantId,
    mut forms: Forms,
    notice: Option<Notice>,
) -> AppResult<Response> {
    let file = state
        .store
        .case_file(&user.actor(), &user.scope, id)
        .await?;
    let p = &file.participant;
    if forms
        .lift_of
        .is_some_and(|barrier| !file.barriers.iter().any(|b| b.id == barrier))
    {
        // Another file's barrier, or none: as missing as a missing file.
        return Err(AppError::NotFound);
    }
    if forms.failed != "referent" {
        forms.lead.user_id = p.lead_user_id.map(|id| id.to_string()).unwrap_or_default();
    }
    let reference = state.reference.of(state, user).await?;
    let vocabulary = state.store.barrier_words(&user.scope, p.cite_id).await?;
    let accounts = reference
        .partner_accounts(state, user, p.lead_partner_id)
        .await?;
    let sources = Sources {
        file: &file,
        reference: &reference,
        accounts: &accounts,
        names: PartnerNames::new(reference.partners.clone(), user),
        vocabulary: &vocabulary,
        today: today(state),
    };
    let page = FilePage::new(&sources, user, forms, notice);
    let status = if page.forms.failed.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok((status, render(&page)?).into_response())
}

impl FilePage {
    fn new(
        sources: &Sources<'_>,
        user: &CurrentUser,
        forms: Forms,
        notice: Option<Notice>,
    ) -> FilePage {
        let Sources { file, names, .. } = sources;
        let p = &file.participant;
        let person = person(sources);
        let (lifted, open): (Vec<_>, Vec<_>) = file
            .barriers
            .iter()
            .map(|b| BarrierView::new(b, &file.steps, sources.vocabulary))
            .partition(|b| b.lifted_on.is_some());
        let covered = covered_partners(&file.consents);
        FilePage {
            layout: Layout::new(person.full_name.clone(), user, "/personnes")
                .with_notice(notice)
                .with_breadcrumb(&[("/personnes", "Personnes")], &person.full_name),
            person,
            open_barriers: open,
            lifted_barriers: lifted,
            suggestions: file_suggestions(sources),
            today: sources.today.to_string(),
            steps: file.steps.iter().map(|s| StepView::new(s, names)).collect(),
            outcomes: outcome_table(&file.outcomes, p.exit_date),
            notes: file.notes.iter().map(|n| NoteView::new(n, names)).collect(),
            consents: file
                .consents
                .iter()
                .map(|c| ConsentView::new(c, names))
                .collect(),
            shares: file
                .shared_with
                .iter()
                .map(|id| ShareView {
                    partner: names.name(*id),
                    active: covered.contains(id),
                })
                .collect(),
            accesses: file
                .accesses
                .iter()
                .map(|a| AccessView::new(a, names))
                .collect(),
            more_accesses: file.more_accesses,
            case_reviews: file.case_reviews.iter().map(FileReviewLine::from).collect(),
            can_manage: user.scope.manages(p.lead_partner_id),
            consent_in_force: file.consents.iter().any(|c| c.withdrawn_at.is_none()),
            coordinator: user.scope.can_administer_cite(),
            options: options(sources, &covered),
            forms,
        }
    }
}

fn person(sources: &Sources<'_>) -> PersonView {
    let p = &sources.file.participant;
    let lead_user = p
        .lead_user_id
        .and_then(|lead| sources.accounts.iter().find(|a| a.user_id == lead))
        .map(|a| a.name.clone());
    PersonView::new(
        sources.file,
        PersonContext {
            qpv: p.qpv_name.clone(),
            cohort: p.cohort_name.clone(),
            lead_user,
            names: &sources.names,
            today: sources.today,
        },
    )
}

/// Services of the catalogue for the barriers still open.
fn file_suggestions(sources: &Sources<'_>) -> Solutions {
    let file = sources.file;
    let open_codes: Vec<&str> = file
        .barriers
        .iter()
        .filter(|b| b.lifted_on.is_none())
        .map(|b| b.thematic.as_str())
        .collect();
    suggestions(
        &file.participant,
        &open_codes,
        &file.steps,
        sources.reference,
        sources.today,
    )
}

/// `covered`: the partners an unwithdrawn consent covers.
fn options(sources: &Sources<'_>, covered: &[PartnerId]) -> Options {
    let Sources {
        file,
        reference,
        accounts,
        names,
        ..
    } = sources;
    let p = &file.participant;
    let shareable: Vec<PartnerId> = covered
        .iter()
        .copied()
        .filter(|id| *id != p.lead_partner_id && !file.shared_with.contains(id))
        .collect();
    let has_referent = |id: PartnerId| {
        reference
            .partners
            .iter()
            .any(|partner| partner.id == id && partner.referents > 0)
    };
    Options {
        barriers: barrier_options(sources.vocabulary),
        cite_words: !sources.vocabulary.is_empty(),
        referents: accounts
            .iter()
            .filter(|a| a.role == Role::Referent && a.active)
            .map(|a| (a.user_id.to_string(), a.name.clone()))
            .collect(),
        partners: names.options(),
        catalogue: reference
            .services
            .iter()
            // « Auto-école sociale (Association Mobilité 49) »
            .map(|item| {
                (
                    item.id.to_string(),
                    format!("{} ({})", item.name, item.structure_name),
                )
            })
            .collect(),
        steps: file
            .steps
            .iter()
            .map(|s| (s.id.to_string(), s.label.clone()))
            .collect(),
        statuses: closed_list::<StepStatus>(),
        checkpoints: closed_list::<Checkpoint>(),
        outcomes: closed_list::<Outcome>(),
        share_partners: shareable
            .iter()
            .filter(|id| has_referent(**id))
            .map(|id| (id.to_string(), names.name(*id)))
            .collect(),
        unreachable_partners: shareable
            .iter()
            .filter(|id| !has_referent(**id))
            .map(|id| names.name(*id))
            .collect(),
    }
}

pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    FileId(id): FileId,
    Query(query): Query<NoticeQuery>,
) -> AppResult<Response> {
    let forms = Forms::new(today(&state));
    file_page(&state, &user, id, forms, Notice::of(query.fait.as_deref())).await
}
