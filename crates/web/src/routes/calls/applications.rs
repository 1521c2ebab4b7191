//! A porteur's applications (« Mes candidatures »): the form with its
//! budget table, then submit or withdraw, each after a confirmation. The
//! budget table offers blank rows: saving the draft brings more, so no
//! script is needed to add lines. Coordinators and co-pilots read an
//! application once submitted.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use maillage_domain::accounts::Role;
use maillage_domain::calls::decision::Outcome;
use maillage_domain::calls::{
    ApplicationInput, ApplicationStatus, BudgetLine, APPLICATION_FUNDERS,
};
use maillage_domain::cites::Axis;
use maillage_domain::documents::DocumentOwner;
use maillage_domain::ids::{ApplicationId, CallId, QpvId};
use maillage_domain::money::{euros_input, format_euros};
use maillage_domain::referential;
use maillage_domain::FieldErrors;
use maillage_store::calls::Application;

use super::decisions::{action_options, DecisionView};
use super::{ApplicationLine, CallView};
use crate::auth::CurrentUser;
use crate::error::{checked, AppError, AppResult};
use crate::extract::{Path, Query};
use crate::form::Form;
use crate::routes::documents::DocumentsView;
use crate::routes::NoticeQuery;
use crate::state::AppState;
use crate::views::codes::{closed_list, labels, ThematicGroup, THEMATIC_GROUPS};
use crate::views::confirm::ConfirmPage;
use crate::views::notice::Notice;
use crate::views::{form_status, format, render, Layout};

/// Blank rows the budget table offers beyond the lines already typed.
const BLANK_ROWS: usize = 3;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/candidatures", get(list))
        .route("/appels-a-projets/{id}/candidater", get(new).post(create))
        .route("/candidatures/{id}", get(show).post(update))
        .route("/candidatures/{id}/modifier", get(edit))
        .route(
            "/candidatures/{id}/deposer",
            get(confirm_submit).post(submit),
        )
        .route(
            "/candidatures/{id}/retirer",
            get(confirm_withdraw).post(withdraw),
        )
}

pub fn is_porteur(user: &CurrentUser) -> bool {
    user.role() == Role::Porteur
}

fn require_porteur(user: &CurrentUser) -> AppResult<()> {
    match is_porteur(user) {
        true => Ok(()),
        false => Err(AppError::NotFound),
    }
}

#[derive(Template)]
#[template(path = "calls/applications.html")]
struct ListPage {
    layout: Layout,
    /// Each application and its decision once published (« Retenue,
    /// 25 000,00 € »), or empty.
    applications: Vec<(ApplicationLine, String)>,
}

pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(query): Query<NoticeQuery>,
) -> AppResult<Response> {
    require_porteur(&user)?;
    let applications = state.store.my_applications(&user.scope).await?;
    let decisions = state.store.my_decisions(&user.scope).await?;
    let decision_of = |id| {
        decisions
            .iter()
            .find(|d| d.application_id == id)
            .map(|d| match d.amount_cents {
                Some(cents) => format!("{}, {}", d.outcome.label(), format_euros(cents)),
                None => d.outcome.label().to_owned(),
            })
            .unwrap_or_default()
    };
    let page = ListPage {
        layout: Layout::new("Mes candidatures", &user, "/candidatures")
            .with_notice(Notice::of(query.fait.as_deref())),
        applications: applications
            .into_iter()
            .map(|a| (decision_of(a.id), a))
            .map(|(decision, a)| (a.into(), decision))
            .collect(),
    };
    Ok(render(&page)?.into_response())
}

/// A row of the budget table as the form shows it.
pub struct BudgetRow {
    pub label: String,
    pub amount: String,
    pub shares: Vec<String>,
}

/// The typed rows, then blank ones.
fn budget_rows(form: &ApplicationInput) -> Vec<BudgetRow> {
    let width = APPLICATION_FUNDERS.len();
    let typed = form.line_label.len();
    (0..typed + BLANK_ROWS)
        .map(|row| {
            let at = |list: &[String], i: usize| list.get(i).cloned().unwrap_or_default();
            BudgetRow {
                label: at(&form.line_label, row),
                amount: at(&form.line_amount, row),
                shares: (0..width)
                    .map(|f| at(&form.share, row * width + f))
                    .collect(),
            }
        })
        .collect()
}

#[derive(Template)]
#[template(path = "calls/application_form.html")]
struct FormPage {
    layout: Layout,
    call: CallView,
    /// Where the form posts.
    action: String,
    form: ApplicationInput,
    errors: FieldErrors,
    qpvs: Vec<(String, String)>,
    axes: Vec<(String, String)>,
    thematic_groups: &'static [ThematicGroup],
    funders: Vec<&'static str>,
    rows: Vec<BudgetRow>,
}

/// The Cité's QPVs, as (id, name) options.
async fn qpvs(state: &AppState, user: &CurrentUser) -> AppResult<Vec<(QpvId, String)>> {
    let cite_id = user.scope.cite_id().ok_or(AppError::NotFound)?;
    let rows = state.store.qpvs(&user.scope, cite_id).await?;
    Ok(rows.into_iter().map(|q| (q.id, q.name)).collect())
}

async fn form_page(
    state: &AppState,
    user: &CurrentUser,
    call_id: CallId,
    action: String,
    form: ApplicationInput,
    errors: FieldErrors,
) -> AppResult<Response> {
    let call = state.store.call(&user.scope, call_id).await?;
    let title = format!("Candidature à « {} »", call.title);
    let page = FormPage {
        layout: Layout::new(title.clone(), user, "/candidatures")
            .with_breadcrumb(&[("/candidatures", "Mes candidatures")], &title),
        call: call.into(),
        action,
        rows: budget_rows(&form),
        form,
        errors,
        qpvs: qpvs(state, user)
            .await?
            .into_iter()
            .map(|(id, name)| (id.to_string(), name))
            .collect(),
        axes: closed_list::<Axis>(),
        thematic_groups: &THEMATIC_GROUPS,
        funders: APPLICATION_FUNDERS.iter().map(|f| f.label()).collect(),
    };
    Ok((form_status(&page.errors), render(&page)?).into_response())
}

pub async fn new(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<CallId>,
) -> AppResult<Response> {
    require_porteur(&user)?;
    let action = format!("/appels-a-projets/{id}/candidater");
    let form = ApplicationInput::default();
    form_page(&state, &user, id, action, form, FieldErrors::new()).await
}

/// Checks the form, then `save`s it; a refusal comes back, 422.
async fn save(
    state: &AppState,
    user: &CurrentUser,
    call_id: CallId,
    action: String,
    form: ApplicationInput,
    application_id: Option<ApplicationId>,
) -> AppResult<Response> {
    let qpv_ids: Vec<QpvId> = qpvs(state, user).await?.into_iter().map(|q| q.0).collect();
    let draft = match form.validate(&qpv_ids, state.today()) {
        Ok(draft) => draft,
        Err(errors) => return form_page(state, user, call_id, action, form, errors).await,
    };
    let (store, actor) = (&state.store, user.actor());
    let saved = match application_id {
        Some(id) => store
            .update_application(&actor, &user.scope, id, &draft)
            .await
            .map(|()| id),
        None => {
            store
                .create_application(&actor, &user.scope, call_id, &draft)
                .await
        }
    };
    match checked(saved)? {
        Ok(id) => Ok(
            Redirect::to(&Notice::ApplicationSaved.at(&format!("/candidatures/{id}")))
                .into_response(),
        ),
        Err(errors) => form_page(state, user, call_id, action, form, errors).await,
    }
}

pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<CallId>,
    Form(form): Form<ApplicationInput>,
) -> AppResult<Response> {
    require_porteur(&user)?;
    let action = format!("/appels-a-projets/{id}/candidater");
    save(&state, &user, id, action, form, None).await
}

/// The stored application as its form.
fn input_of(application: &Application) -> ApplicationInput {
    let row = &application.row;
    let lines = &application.budget;
    let share = |line: &BudgetLine, funder| {
        line.shares
            .iter()
            .find(|(f, _)| *f == funder)
            .map(|(_, cents)| euros_input(*cents))
            .unwrap_or_default()
    };
    ApplicationInput {
        project_title: row.project_title.clone(),
        summary: row.summary.clone(),
        target_public: row.target_public.clone(),
        qpvs: row.qpv_codes().into_iter().map(str::to_owned).collect(),
        axis: row.axis.code().to_owned(),
        thematics: row
            .thematic_codes()
            .into_iter()
            .map(str::to_owned)
            .collect(),
        expected_participants: row.expected_participants.to_string(),
        starts_on: row.starts_on.format("%Y-%m-%d").to_string(),
        ends_on: row.ends_on.format("%Y-%m-%d").to_string(),
        line_label: lines.iter().map(|l| l.label.clone()).collect(),
        line_amount: lines.iter().map(|l| euros_input(l.amount_cents)).collect(),
        share: lines
            .iter()
            .flat_map(|l| APPLICATION_FUNDERS.iter().map(move |f| share(l, *f)))
            .collect(),
    }
}

pub async fn edit(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<ApplicationId>,
) -> AppResult<Response> {
    require_porteur(&user)?;
    let application = state.store.application(&user.scope, id).await?;
    let form = input_of(&application);
    let action = format!("/candidatures/{id}");
    let call_id = application.row.call_id;
    form_page(&state, &user, call_id, action, form, FieldErrors::new()).await
}

pub async fn update(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<ApplicationId>,
    Form(form): Form<ApplicationInput>,
) -> AppResult<Response> {
    require_porteur(&user)?;
    let call_id = state.store.application(&user.scope, id).await?.row.call_id;
    let action = format!("/candidatures/{id}");
    save(&state, &user, call_id, action, form, Some(id)).await
}

/// A budget line as the application page shows it.
pub struct LineView {
    pub label: String,
    pub amount: String,
    /// One per funder of [`APPLICATION_FUNDERS`], empty when none.
    pub shares: Vec<String>,
}

#[derive(Template)]
#[template(path = "calls/application.html")]
struct ShowPage {
    layout: Layout,
    id: ApplicationId,
    call_id: CallId,
    line: ApplicationLine,
    summary: String,
    target_public: String,
    qpvs: Vec<String>,
    axis: &'static str,
    thematics: Vec<&'static str>,
    expected_participants: i32,
    calendar: String,
    funders: Vec<&'static str>,
    budget: Vec<LineView>,
    total: String,
    /// The porteur's own draft: it may change, submit, withdraw it.
    editable: bool,
    withdrawable: bool,
    /// The decision, when the user may read it.
    decision: Option<DecisionView>,
    can_decide: bool,
    can_review: bool,
    /// The coordinator may turn the accepted application into an action.
    can_make_action: bool,
    /// (href, label) of the accepted application's agreement.
    agreement: Option<(String, &'static str)>,
    actions: Vec<(String, String)>,
    errors: FieldErrors,
    documents: DocumentsView,
}

pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<ApplicationId>,
    Query(query): Query<NoticeQuery>,
) -> AppResult<Response> {
    let notice = Notice::of(query.fait.as_deref());
    show_page(&state, &user, id, notice, FieldErrors::new()).await
}

/// The application page; `errors` when linking its action was refused.
pub async fn show_page(
    state: &AppState,
    user: &CurrentUser,
    id: ApplicationId,
    notice: Option<Notice>,
    errors: FieldErrors,
) -> AppResult<Response> {
    let store = &state.store;
    let Application { row, budget } = store.application(&user.scope, id).await?;
    let call = store.call(&user.scope, row.call_id).await?;
    let decision = store.decision(&user.scope, id).await?;
    let cite_qpvs = qpvs(state, user).await?;
    let own = is_porteur(user);
    let manages = super::review::manages(user);
    let qpvs = row
        .qpv_codes()
        .into_iter()
        .filter_map(|code| {
            let id = code.parse::<QpvId>().ok()?;
            cite_qpvs
                .iter()
                .find(|(q, _)| *q == id)
                .map(|(_, n)| n.clone())
        })
        .collect();
    let can_make_action = user.scope.can_administer_cite()
        && decision
            .as_ref()
            .is_some_and(|d| d.outcome == Outcome::Accepted && d.action_id.is_none());
    let actions = match can_make_action {
        true => action_options(state, user).await?,
        false => Vec::new(),
    };
    let agreement = match &decision {
        Some(d) if d.outcome == Outcome::Accepted => {
            crate::routes::agreements::agreement_link(state, user, id).await?
        }
        _ => None,
    };
    let title = row.project_title.clone();
    let documents =
        DocumentsView::load(state, Some(&user.scope), DocumentOwner::Application(id)).await?;
    let parent = if own {
        ("/candidatures", "Mes candidatures")
    } else {
        ("/appels-a-projets", "Appels à projets")
    };
    let page = ShowPage {
        layout: Layout::new(title.clone(), user, parent.0)
            .with_notice(notice)
            .with_breadcrumb(&[parent], &title),
        id,
        call_id: row.call_id,
        summary: row.summary.clone(),
        target_public: row.target_public.clone(),
        qpvs,
        axis: row.axis.label(),
        thematics: labels(row.thematic_codes(), referential::thematic),
        expected_participants: row.expected_participants,
        calendar: format!(
            "du {} au {}",
            format::date(row.starts_on),
            format::date(row.ends_on)
        ),
        funders: APPLICATION_FUNDERS.iter().map(|f| f.label()).collect(),
        total: format_euros(budget.iter().map(|l| l.amount_cents).sum()),
        budget: budget
            .iter()
            .map(|l| LineView {
                label: l.label.clone(),
                amount: format_euros(l.amount_cents),
                shares: APPLICATION_FUNDERS
                    .iter()
                    .map(|f| {
                        l.shares
                            .iter()
                            .find(|(g, _)| g == f)
                            .map(|(_, c)| format_euros(*c))
                            .unwrap_or_default()
                    })
                    .collect(),
            })
            .collect(),
        editable: own && row.status.is_editable(),
        withdrawable: own && row.status.check_withdrawal(call.status).is_ok(),
        decision: decision.map(DecisionView::from),
        can_decide: manages
            && row.status == ApplicationStatus::Submitted
            && call.status.check_deciding().is_ok(),
        can_review: !own && store.is_reviewer(&user.scope, call.id).await?,
        can_make_action,
        agreement,
        actions,
        errors,
        documents,
        line: row.into(),
    };
    Ok((form_status(&page.errors), render(&page)?).into_response())
}

/// What the porteur confirms: submitting or withdrawing.
struct Step {
    path: &'static str,
    button: &'static str,
    consequences: &'static [&'static str],
    done: Notice,
}

const SUBMIT: Step = Step {
    path: "deposer",
    button: "Déposer la candidature",
    consequences: &[
        "La coordination de la Cité et ses co-pilotes pourront la lire.",
        "Elle ne pourra plus être modifiée ; elle pourra être retirée.",
    ],
    done: Notice::ApplicationSubmitted,
};

const WITHDRAW: Step = Step {
    path: "retirer",
    button: "Retirer la candidature",
    consequences: &[
        "Elle ne sera pas étudiée.",
        "Un retrait est définitif : pour candidater de nouveau, créez une autre candidature.",
    ],
    done: Notice::ApplicationWithdrawn,
};

async fn confirm(
    state: &AppState,
    user: &CurrentUser,
    id: ApplicationId,
    step: &Step,
) -> AppResult<Response> {
    require_porteur(user)?;
    let application = state.store.application(&user.scope, id).await?;
    let row = &application.row;
    let refusal = match step.done {
        Notice::ApplicationSubmitted => {
            let call = state.store.call(&user.scope, row.call_id).await?;
            match row.status.is_editable() {
                true => maillage_domain::calls::check_submission(
                    call.status,
                    call.deadline,
                    state.now(),
                )
                .err(),
                false => Some("Seule une candidature en brouillon peut être déposée.".to_owned()),
            }
        }
        _ => {
            let call = state.store.call(&user.scope, row.call_id).await?;
            row.status.check_withdrawal(call.status).err()
        }
    };
    let back = format!("/candidatures/{id}");
    let page = ConfirmPage {
        layout: Layout::new(step.button, user, "/candidatures")
            .with_breadcrumb(&[("/candidatures", "Mes candidatures")], step.button),
        question: format!("{} « {} » ?", step.button, row.project_title),
        consequences: step.consequences.iter().map(|c| (*c).to_owned()).collect(),
        action: format!("{back}/{}", step.path),
        button: step.button,
        refusal,
        back,
    };
    Ok(render(&page)?.into_response())
}

pub async fn confirm_submit(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<ApplicationId>,
) -> AppResult<Response> {
    confirm(&state, &user, id, &SUBMIT).await
}

pub async fn confirm_withdraw(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<ApplicationId>,
) -> AppResult<Response> {
    confirm(&state, &user, id, &WITHDRAW).await
}

/// Does the step; a refusal (late, already withdrawn…) comes back on the
/// confirmation page with its reason, 422, nothing changed.
async fn take_step(
    state: &AppState,
    user: &CurrentUser,
    id: ApplicationId,
    step: &Step,
) -> AppResult<Response> {
    require_porteur(user)?;
    let (store, actor) = (&state.store, user.actor());
    let done = match step.done {
        Notice::ApplicationSubmitted => {
            store
                .submit_application(&actor, &user.scope, id, state.now())
                .await
        }
        _ => store.withdraw_application(&actor, &user.scope, id).await,
    };
    match checked(done)? {
        Ok(()) => Ok(Redirect::to(&step.done.at(&format!("/candidatures/{id}"))).into_response()),
        Err(_) => {
            let mut page = confirm(state, user, id, step).await?;
            *page.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(page)
        }
    }
}

pub async fn submit(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<ApplicationId>,
) -> AppResult<Response> {
    take_step(&state, &user, id, &SUBMIT).await
}

pub async fn withdraw(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<ApplicationId>,
) -> AppResult<Response> {
    take_step(&state, &user, id, &WITHDRAW).await
}
