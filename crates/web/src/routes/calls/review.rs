//! The instruction of a call: its review grid (« grille d'évaluation »),
//! its reviewers (« instructeurs ») and their reviews. The grid page shows
//! each application's weighted average out of 20, the lowest and highest
//! review and per-criterion averages, computed from what the store lets the
//! user read: a reviewer sees the others' scores of an application only
//! after submitting its own (the store's query decides it, not this page).

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use maillage_domain::accounts::Role;
use maillage_domain::calls::review::{spread, weighted_score, GridInput, ReviewInput, OUT_OF};
use maillage_domain::ids::{ApplicationId, CallId, UserId};
use maillage_domain::FieldErrors;
use maillage_store::calls::ApplicationRow;
use maillage_store::decisions::DecisionRow;
use maillage_store::reviews::{CriterionRow, ReviewRow, ReviewerRow};

use super::CallView;
use crate::auth::CurrentUser;
use crate::error::{checked, AppError, AppResult};
use crate::extract::{Path, Query};
use crate::form::Form;
use crate::routes::NoticeQuery;
use crate::state::AppState;
use crate::views::notice::Notice;
use crate::views::{form_status, render, Layout};

/// Blank rows the grid form offers beyond the criteria already typed.
const BLANK_ROWS: usize = 3;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/appels-a-projets/{id}/grille", get(grid))
        .route(
            "/appels-a-projets/{id}/grille/modifier",
            get(grid_form).post(save_grid),
        )
        .route(
            "/appels-a-projets/{id}/instructeurs",
            get(reviewers).post(add_reviewer),
        )
        .route(
            "/candidatures/{id}/evaluation",
            get(review_page).post(save_review),
        )
}

/// The Cité's coordinators and co-pilots: they read every submitted review
/// of the calls they do not review, and decide.
pub fn manages(user: &CurrentUser) -> bool {
    matches!(user.role(), Role::Coordinateur | Role::Pilote)
}

/// A score out of 20, one decimal: `14,5`.
pub fn out_of_twenty(value: f64) -> String {
    format!("{value:.1}").replace('.', ",")
}

fn call_path(id: CallId) -> String {
    format!("/appels-a-projets/{id}")
}

/// A review's weighted score, when every criterion is scored.
fn review_score(review: &ReviewRow, criteria: &[CriterionRow]) -> Option<f64> {
    let scored: Option<Vec<(i32, i32, i32)>> = review
        .scores
        .iter()
        .zip(criteria)
        .map(|(score, c)| score.map(|s| (s, c.max_score, c.weight)))
        .collect();
    weighted_score(&scored?)
}

/// An application's line of the grid page.
pub struct GridLine {
    pub id: ApplicationId,
    pub project: String,
    pub partner: String,
    pub reviews: usize,
    /// Empty when no submitted review is readable.
    pub average: String,
    pub spread: String,
    pub per_criterion: Vec<String>,
    /// The user's own review: « à faire », « brouillon », « rendue ».
    pub mine: &'static str,
    pub decision: String,
}

fn grid_line(
    application: ApplicationRow,
    criteria: &[CriterionRow],
    reviews: &[ReviewRow],
    me: UserId,
    decisions: &[DecisionRow],
) -> GridLine {
    let of_it: Vec<&ReviewRow> = reviews
        .iter()
        .filter(|r| r.application_id == application.id)
        .collect();
    let submitted: Vec<&ReviewRow> = of_it
        .iter()
        .copied()
        .filter(|r| r.submitted_at.is_some())
        .collect();
    let scores: Vec<f64> = submitted
        .iter()
        .filter_map(|r| review_score(r, criteria))
        .collect();
    let spread = spread(&scores);
    let per_criterion = (0..criteria.len())
        .map(|at| {
            let values: Vec<f64> = submitted
                .iter()
                .filter_map(|r| r.scores.get(at).copied().flatten())
                .map(f64::from)
                .collect();
            spread_of(&values)
                .map(|s| format!("{} / {}", out_of_twenty(s), criteria[at].max_score))
                .unwrap_or_default()
        })
        .collect();
    let mine = match of_it.iter().find(|r| r.reviewer_id == me) {
        Some(r) if r.submitted_at.is_some() => "Rendue",
        Some(_) => "Brouillon",
        None => "À faire",
    };
    GridLine {
        id: application.id,
        project: application.project_title,
        partner: application.partner_name,
        reviews: submitted.len(),
        average: spread
            .map(|s| format!("{} / {OUT_OF}", out_of_twenty(s.average)))
            .unwrap_or_default(),
        spread: spread
            .map(|s| format!("{} – {}", out_of_twenty(s.min), out_of_twenty(s.max)))
            .unwrap_or_default(),
        per_criterion,
        mine,
        decision: decisions
            .iter()
            .find(|d| d.application_id == application.id)
            .map(|d| d.outcome.label().to_owned())
            .unwrap_or_default(),
    }
}

fn spread_of(values: &[f64]) -> Option<f64> {
    spread(values).map(|s| s.average)
}

#[derive(Template)]
#[template(path = "calls/grid.html")]
struct GridPage {
    layout: Layout,
    call: CallView,
    criteria: Vec<CriterionRow>,
    lines: Vec<GridLine>,
    can_edit_grid: bool,
    can_name_reviewers: bool,
    reviewing: bool,
    scoring: bool,
    deciding: bool,
    manages: bool,
}

pub async fn grid(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<CallId>,
    Query(query): Query<NoticeQuery>,
) -> AppResult<Response> {
    let store = &state.store;
    // NotFound for anyone but the coordination and the call's reviewers.
    let reviews = store.reviews(&user.scope, id).await?;
    let call = store.call(&user.scope, id).await?;
    let criteria = store.criteria(&user.scope, id).await?;
    let reviewing = store.is_reviewer(&user.scope, id).await?;
    let decisions = match manages(&user) {
        true => store.decisions(&user.scope, id).await?,
        false => Vec::new(),
    };
    let applications = store.call_applications(&user.scope, id).await?;
    let lines = applications
        .into_iter()
        .map(|a| grid_line(a, &criteria, &reviews, user.user_id, &decisions))
        .collect();
    let title = "Grille d'évaluation";
    let page = GridPage {
        layout: Layout::new(title, &user, "/appels-a-projets")
            .with_notice(Notice::of(query.fait.as_deref()))
            .with_breadcrumb(
                &[
                    ("/appels-a-projets", "Appels à projets"),
                    (call_path(id).as_str(), call.title.as_str()),
                ],
                title,
            ),
        can_edit_grid: user.scope.can_administer_cite() && call.status.check_grid_change().is_ok(),
        can_name_reviewers: user.scope.can_administer_cite()
            && call.status.check_reviewer_change().is_ok(),
        scoring: reviewing && call.status.check_scoring().is_ok(),
        deciding: manages(&user) && call.status.check_deciding().is_ok(),
        manages: manages(&user),
        reviewing,
        call: call.into(),
        criteria,
        lines,
    };
    Ok(render(&page)?.into_response())
}

/// A row of the grid form.
pub struct CriterionField {
    pub label: String,
    pub weight: String,
    pub max_score: String,
}

#[derive(Template)]
#[template(path = "calls/grid_form.html")]
struct GridFormPage {
    layout: Layout,
    call: CallView,
    rows: Vec<CriterionField>,
    errors: FieldErrors,
}

async fn grid_form_page(
    state: &AppState,
    user: &CurrentUser,
    id: CallId,
    form: GridInput,
    errors: FieldErrors,
) -> AppResult<Response> {
    user.require_coordinator()?;
    let call = state.store.call(&user.scope, id).await?;
    let title = "Modifier la grille d'évaluation";
    let at = |list: &[String], i: usize| list.get(i).cloned().unwrap_or_default();
    let rows = (0..form.label.len() + BLANK_ROWS)
        .map(|i| CriterionField {
            label: at(&form.label, i),
            weight: at(&form.weight, i),
            max_score: at(&form.max_score, i),
        })
        .collect();
    let grid_path = format!("{}/grille", call_path(id));
    let page = GridFormPage {
        layout: Layout::new(title, user, "/appels-a-projets").with_breadcrumb(
            &[
                ("/appels-a-projets", "Appels à projets"),
                (call_path(id).as_str(), call.title.as_str()),
                (grid_path.as_str(), "Grille d'évaluation"),
            ],
            title,
        ),
        call: call.into(),
        rows,
        errors,
    };
    Ok((form_status(&page.errors), render(&page)?).into_response())
}

pub async fn grid_form(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<CallId>,
) -> AppResult<Response> {
    user.require_coordinator()?;
    let criteria = state.store.criteria(&user.scope, id).await?;
    let form = GridInput {
        label: criteria.iter().map(|c| c.label.clone()).collect(),
        weight: criteria.iter().map(|c| c.weight.to_string()).collect(),
        max_score: criteria.iter().map(|c| c.max_score.to_string()).collect(),
    };
    grid_form_page(&state, &user, id, form, FieldErrors::new()).await
}

pub async fn save_grid(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<CallId>,
    Form(form): Form<GridInput>,
) -> AppResult<Response> {
    user.require_coordinator()?;
    let criteria = match form.validate() {
        Ok(criteria) => criteria,
        Err(errors) => return grid_form_page(&state, &user, id, form, errors).await,
    };
    let saved = state
        .store
        .set_criteria(&user.actor(), &user.scope, id, &criteria)
        .await;
    match checked(saved)? {
        Ok(()) => Ok(
            Redirect::to(&Notice::GridSaved.at(&format!("{}/grille", call_path(id))))
                .into_response(),
        ),
        Err(errors) => grid_form_page(&state, &user, id, form, errors).await,
    }
}

/// A reviewer as the page lists it.
pub struct ReviewerLine {
    pub id: String,
    pub name: String,
    pub role: &'static str,
    pub partner: String,
}

impl From<ReviewerRow> for ReviewerLine {
    fn from(row: ReviewerRow) -> Self {
        ReviewerLine {
            id: row.user_id.to_string(),
            name: row.name,
            role: row.role.label(),
            partner: row.partner_name.unwrap_or_default(),
        }
    }
}

#[derive(Template)]
#[template(path = "calls/reviewers.html")]
struct ReviewersPage {
    layout: Layout,
    call: CallView,
    reviewers: Vec<ReviewerLine>,
    candidates: Vec<(String, String)>,
    can_name: bool,
    errors: FieldErrors,
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ReviewerInput {
    pub user_id: String,
}

async fn reviewers_page(
    state: &AppState,
    user: &CurrentUser,
    id: CallId,
    errors: FieldErrors,
    notice: Option<Notice>,
) -> AppResult<Response> {
    let store = &state.store;
    let reviewers = store.reviewers(&user.scope, id).await?;
    let call = store.call(&user.scope, id).await?;
    let can_name = user.scope.can_administer_cite() && call.status.check_reviewer_change().is_ok();
    let candidates = match can_name {
        true => store.reviewer_candidates(&user.scope, id).await?,
        false => Vec::new(),
    };
    let title = "Instructeurs";
    let page = ReviewersPage {
        layout: Layout::new(title, user, "/appels-a-projets")
            .with_notice(notice)
            .with_breadcrumb(
                &[
                    ("/appels-a-projets", "Appels à projets"),
                    (call_path(id).as_str(), call.title.as_str()),
                ],
                title,
            ),
        call: call.into(),
        reviewers: reviewers.into_iter().map(Into::into).collect(),
        candidates: candidates
            .into_iter()
            .map(|c| {
                let line = ReviewerLine::from(c);
                let text = match line.partner.is_empty() {
                    true => format!("{} ({})", line.name, line.role),
                    false => format!("{} ({}, {})", line.name, line.role, line.partner),
                };
                (line.id, text)
            })
            .collect(),
        can_name,
        errors,
    };
    Ok((form_status(&page.errors), render(&page)?).into_response())
}

pub async fn reviewers(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<CallId>,
    Query(query): Query<NoticeQuery>,
) -> AppResult<Response> {
    let notice = Notice::of(query.fait.as_deref());
    reviewers_page(&state, &user, id, FieldErrors::new(), notice).await
}

pub async fn add_reviewer(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<CallId>,
    Form(form): Form<ReviewerInput>,
) -> AppResult<Response> {
    user.require_coordinator()?;
    let Ok(reviewer) = form.user_id.trim().parse::<UserId>() else {
        let errors = FieldErrors::single("user_id", "Choisissez un membre dans la liste.");
        return reviewers_page(&state, &user, id, errors, None).await;
    };
    let added = state
        .store
        .add_reviewer(&user.actor(), &user.scope, id, reviewer)
        .await;
    match checked(added)? {
        Ok(()) => Ok(Redirect::to(
            &Notice::ReviewerAdded.at(&format!("{}/instructeurs", call_path(id))),
        )
        .into_response()),
        Err(errors) => reviewers_page(&state, &user, id, errors, None).await,
    }
}

/// A criterion with the user's score field and the readable others'.
pub struct ScoreField {
    pub label: String,
    pub weight: i32,
    pub max_score: i32,
    pub value: String,
}

/// Another reviewer's submitted review, once the user's is.
pub struct OtherReview {
    pub name: String,
    pub scores: Vec<String>,
    pub total: String,
    pub comment: String,
}

#[derive(Template)]
#[template(path = "calls/review.html")]
struct ReviewPage {
    layout: Layout,
    id: ApplicationId,
    call_id: CallId,
    partner: String,
    fields: Vec<ScoreField>,
    comment: String,
    /// The user's review is submitted: the page reads, no form.
    submitted: bool,
    own_total: String,
    refusal: Option<String>,
    others: Vec<OtherReview>,
    errors: FieldErrors,
}

async fn review_form(
    state: &AppState,
    user: &CurrentUser,
    id: ApplicationId,
    typed: Option<ReviewInput>,
    errors: FieldErrors,
    notice: Option<Notice>,
) -> AppResult<Response> {
    let store = &state.store;
    let application = store.application(&user.scope, id).await?.row;
    let call_id = application.call_id;
    if !store.is_reviewer(&user.scope, call_id).await? {
        return Err(AppError::NotFound);
    }
    let call = store.call(&user.scope, call_id).await?;
    let criteria = store.criteria(&user.scope, call_id).await?;
    let reviews: Vec<ReviewRow> = store
        .reviews(&user.scope, call_id)
        .await?
        .into_iter()
        .filter(|r| r.application_id == id)
        .collect();
    let mine = reviews.iter().find(|r| r.reviewer_id == user.user_id);
    let submitted = mine.is_some_and(|r| r.submitted_at.is_some());
    let values: Vec<String> = match &typed {
        Some(form) => form.score.clone(),
        None => criteria
            .iter()
            .enumerate()
            .map(|(at, _)| {
                mine.and_then(|r| r.scores.get(at).copied().flatten())
                    .map(|s| s.to_string())
                    .unwrap_or_default()
            })
            .collect(),
    };
    let fields = criteria
        .iter()
        .enumerate()
        .map(|(at, c)| ScoreField {
            label: c.label.clone(),
            weight: c.weight,
            max_score: c.max_score,
            value: values.get(at).cloned().unwrap_or_default(),
        })
        .collect();
    let total = |r: &ReviewRow| {
        review_score(r, &criteria)
            .map(|s| format!("{} / {OUT_OF}", out_of_twenty(s)))
            .unwrap_or_default()
    };
    let others = reviews
        .iter()
        .filter(|r| r.reviewer_id != user.user_id && r.submitted_at.is_some())
        .map(|r| OtherReview {
            name: r.reviewer_name.clone(),
            scores: r
                .scores
                .iter()
                .map(|s| s.map(|s| s.to_string()).unwrap_or_default())
                .collect(),
            total: total(r),
            comment: r.comment.clone(),
        })
        .collect();
    let title = format!("Évaluation de « {} »", application.project_title);
    let grid_path = format!("{}/grille", call_path(call_id));
    let page = ReviewPage {
        layout: Layout::new(title.clone(), user, "/appels-a-projets")
            .with_notice(notice)
            .with_breadcrumb(
                &[
                    ("/appels-a-projets", "Appels à projets"),
                    (call_path(call_id).as_str(), call.title.as_str()),
                    (grid_path.as_str(), "Grille d'évaluation"),
                ],
                &title,
            ),
        id,
        call_id,
        partner: application.partner_name,
        fields,
        comment: match &typed {
            Some(form) => form.comment.clone(),
            None => mine.map(|r| r.comment.clone()).unwrap_or_default(),
        },
        submitted,
        own_total: mine.map(total).unwrap_or_default(),
        refusal: call.status.check_scoring().err(),
        others,
        errors,
    };
    Ok((form_status(&page.errors), render(&page)?).into_response())
}

pub async fn review_page(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<ApplicationId>,
    Query(query): Query<NoticeQuery>,
) -> AppResult<Response> {
    let notice = Notice::of(query.fait.as_deref());
    review_form(&state, &user, id, None, FieldErrors::new(), notice).await
}

pub async fn save_review(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<ApplicationId>,
    Form(form): Form<ReviewInput>,
) -> AppResult<Response> {
    let store = &state.store;
    let call_id = store.application(&user.scope, id).await?.row.call_id;
    let criteria = store.criteria(&user.scope, call_id).await?;
    let maxima: Vec<i32> = criteria.iter().map(|c| c.max_score).collect();
    let review = match form.validate(&maxima) {
        Ok(review) => review,
        Err(errors) => return review_form(&state, &user, id, Some(form), errors, None).await,
    };
    let saved = store
        .save_review(&user.actor(), &user.scope, id, &review)
        .await;
    match checked(saved)? {
        Ok(()) => {
            let notice = match review.submit {
                true => Notice::ReviewSubmitted,
                false => Notice::ReviewSaved,
            };
            Ok(Redirect::to(&notice.at(&format!("/candidatures/{id}/evaluation"))).into_response())
        }
        Err(errors) => review_form(&state, &user, id, Some(form), errors, None).await,
    }
}
