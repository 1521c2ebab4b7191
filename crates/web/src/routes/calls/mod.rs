//! Calls for projects (« appels à projets »): the coordinator writes,
//! publishes, closes and extends them; co-pilots read them and their
//! submitted applications; porteurs apply (see [`applications`]); anyone
//! reads a published call on its public page (see [`public`]).

mod applications;
mod decisions;
mod form;
mod public;
mod review;
mod steps;

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use maillage_domain::calls::{CallInput, CallStatus, ExtensionInput};
use maillage_domain::documents::DocumentOwner;
use maillage_domain::ids::CallId;
use maillage_domain::money::format_euros;
use maillage_domain::referential;
use maillage_domain::FieldErrors;
use maillage_store::calls::{ApplicationRow, CallRow};

use crate::auth::CurrentUser;
use crate::error::{checked, AppResult};
use crate::extract::{Path, Query};
use crate::form::Form;
use crate::routes::documents::DocumentsView;
use crate::routes::editing;
use crate::routes::NoticeQuery;
use crate::state::AppState;
use crate::views::confirm::ConfirmPage;
use crate::views::notice::Notice;
use crate::views::{codes, form_status, format, render, Layout};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/appels-a-projets",
            get(list).post(editing::create::<CallInput>),
        )
        .route("/appels-a-projets/nouveau", get(editing::new::<CallInput>))
        .route(
            "/appels-a-projets/{id}",
            get(show).post(editing::update::<CallInput>),
        )
        .route(
            "/appels-a-projets/{id}/modifier",
            get(editing::edit::<CallInput>),
        )
        .route(
            "/appels-a-projets/{id}/publier",
            get(confirm_publish).post(publish),
        )
        .route(
            "/appels-a-projets/{id}/clore",
            get(confirm_close).post(close),
        )
        .route(
            "/appels-a-projets/{id}/proroger",
            get(extension_page).post(extend),
        )
        .merge(applications::routes())
        .merge(public::routes())
        .merge(review::routes())
        .merge(decisions::routes())
        .merge(steps::routes())
}

/// A call as pages show it.
pub struct CallView {
    pub id: CallId,
    pub cite_name: String,
    pub title: String,
    pub text: String,
    pub status: CallStatus,
    pub axes: Vec<&'static str>,
    pub thematics: Vec<&'static str>,
    pub total: String,
    pub yearly: String,
    pub years: i32,
    pub opens_on: String,
    pub deadline: String,
}

impl From<CallRow> for CallView {
    fn from(row: CallRow) -> Self {
        CallView {
            id: row.id,
            thematics: codes::labels(row.thematic_codes(), referential::thematic),
            axes: row.axes.0.iter().map(|a| a.label()).collect(),
            cite_name: row.cite_name,
            title: row.title,
            text: row.text,
            status: row.status,
            total: format_euros(row.total_cents),
            yearly: format_euros(row.yearly_cents),
            years: row.years,
            opens_on: format::date(row.opens_on),
            deadline: format::date_time(row.deadline),
        }
    }
}

/// An application in a list.
pub struct ApplicationLine {
    pub id: String,
    pub call_title: String,
    pub partner: String,
    pub project: String,
    pub asked: String,
    pub status: &'static str,
    pub submitted_at: String,
}

impl From<ApplicationRow> for ApplicationLine {
    fn from(row: ApplicationRow) -> Self {
        ApplicationLine {
            id: row.id.to_string(),
            call_title: row.call_title,
            partner: row.partner_name,
            project: row.project_title,
            asked: format_euros(row.asked_cents),
            status: row.status.label(),
            submitted_at: row.submitted_at.map(format::date_time).unwrap_or_default(),
        }
    }
}

#[derive(Template)]
#[template(path = "calls/list.html")]
struct ListPage {
    layout: Layout,
    calls: Vec<CallView>,
    can_edit: bool,
    can_apply: bool,
    /// Pending account requests, for the coordination.
    account_requests: Option<usize>,
}

pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(query): Query<NoticeQuery>,
) -> AppResult<Response> {
    let calls = state.store.calls(&user.scope).await?;
    let page = ListPage {
        layout: Layout::new("Appels à projets", &user, "/appels-a-projets")
            .with_notice(Notice::of(query.fait.as_deref())),
        calls: calls.into_iter().map(CallView::from).collect(),
        can_edit: user.scope.can_administer_cite(),
        can_apply: applications::is_porteur(&user),
        account_requests: crate::routes::account_requests::pending_count(&state, &user).await?,
    };
    Ok(render(&page)?.into_response())
}

#[derive(Template)]
#[template(path = "calls/show.html")]
struct ShowPage {
    layout: Layout,
    call: CallView,
    can_edit: bool,
    can_apply: bool,
    /// The grid and its reviews: the coordination's and the reviewers'.
    can_review: bool,
    /// The submitted applications, for coordinators, co-pilots and the
    /// call's reviewers.
    applications: Option<Vec<ApplicationLine>>,
    documents: DocumentsView,
}

pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<CallId>,
    Query(query): Query<NoticeQuery>,
) -> AppResult<Response> {
    let call = state.store.call(&user.scope, id).await?;
    let manages = review::manages(&user);
    let reviewing =
        !applications::is_porteur(&user) && state.store.is_reviewer(&user.scope, id).await?;
    let applications = match manages || reviewing {
        false => None,
        true => Some(
            state
                .store
                .call_applications(&user.scope, id)
                .await?
                .into_iter()
                .map(ApplicationLine::from)
                .collect(),
        ),
    };
    let can_apply = applications::is_porteur(&user) && call.status == CallStatus::Published;
    let documents =
        DocumentsView::load(&state, Some(&user.scope), DocumentOwner::Call(call.id)).await?;
    let page = ShowPage {
        layout: Layout::new(call.title.clone(), &user, "/appels-a-projets")
            .with_notice(Notice::of(query.fait.as_deref()))
            .with_breadcrumb(&[("/appels-a-projets", "Appels à projets")], &call.title),
        call: call.into(),
        can_edit: user.scope.can_administer_cite(),
        can_apply,
        can_review: manages || reviewing,
        applications,
        documents,
    };
    Ok(render(&page)?.into_response())
}

/// A step of the lifecycle the coordinator confirms on a page of its own.
struct Step {
    to: CallStatus,
    path: &'static str,
    button: &'static str,
    consequences: &'static [&'static str],
    done: Notice,
}

const PUBLISH: Step = Step {
    to: CallStatus::Published,
    path: "publier",
    button: "Publier l'appel à projets",
    consequences: &[
        "Sa page publique pourra être lue par tous, sans connexion.",
        "Les porteurs de projet de la Cité pourront y candidater jusqu'à la date limite.",
        "Son texte et ses montants ne pourront plus être modifiés ; sa date limite pourra être prorogée.",
    ],
    done: Notice::CallPublished,
};

const CLOSE: Step = Step {
    to: CallStatus::Closed,
    path: "clore",
    button: "Clore les candidatures",
    consequences: &[
        "Plus aucune candidature ne pourra être créée ni déposée.",
        "Les candidatures déposées restent lisibles par la coordination et les co-pilotes.",
    ],
    done: Notice::CallClosed,
};

/// `refused`: why the store refused the step, when it did.
async fn confirm_step_refused(
    state: &AppState,
    user: &CurrentUser,
    id: CallId,
    step: &Step,
    refused: Option<String>,
) -> AppResult<Response> {
    user.require_coordinator()?;
    let call = state.store.call(&user.scope, id).await?;
    let back = format!("/appels-a-projets/{id}");
    let page = ConfirmPage {
        layout: Layout::new(step.button, user, "/appels-a-projets")
            .with_breadcrumb(&[("/appels-a-projets", "Appels à projets")], step.button),
        question: format!("{} « {} » ?", step.button, call.title),
        consequences: step.consequences.iter().map(|c| (*c).to_owned()).collect(),
        action: format!("{back}/{}", step.path),
        button: step.button,
        refusal: refused.or_else(|| call.status.check_transition(step.to).err()),
        back,
    };
    Ok(render(&page)?.into_response())
}

async fn confirm_step(
    state: &AppState,
    user: &CurrentUser,
    id: CallId,
    step: &Step,
) -> AppResult<Response> {
    confirm_step_refused(state, user, id, step, None).await
}

async fn take_step(
    state: &AppState,
    user: &CurrentUser,
    id: CallId,
    step: &Step,
) -> AppResult<Response> {
    user.require_coordinator()?;
    let done = state
        .store
        .set_call_status(&user.actor(), &user.scope, id, step.to)
        .await;
    match checked(done)? {
        Ok(()) => {
            Ok(Redirect::to(&step.done.at(&format!("/appels-a-projets/{id}"))).into_response())
        }
        Err(errors) => {
            let refused = errors.iter().next().map(|(_, message)| message.to_owned());
            let mut page = confirm_step_refused(state, user, id, step, refused).await?;
            *page.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(page)
        }
    }
}

pub async fn confirm_publish(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<CallId>,
) -> AppResult<Response> {
    confirm_step(&state, &user, id, &PUBLISH).await
}

pub async fn publish(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<CallId>,
) -> AppResult<Response> {
    take_step(&state, &user, id, &PUBLISH).await
}

pub async fn confirm_close(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<CallId>,
) -> AppResult<Response> {
    confirm_step(&state, &user, id, &CLOSE).await
}

pub async fn close(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<CallId>,
) -> AppResult<Response> {
    take_step(&state, &user, id, &CLOSE).await
}

#[derive(Template)]
#[template(path = "calls/extend.html")]
struct ExtensionPage {
    layout: Layout,
    call: CallView,
    form: ExtensionInput,
    errors: FieldErrors,
}

async fn extension_form(
    state: &AppState,
    user: &CurrentUser,
    id: CallId,
    form: ExtensionInput,
    errors: FieldErrors,
) -> AppResult<Response> {
    user.require_coordinator()?;
    let call = state.store.call(&user.scope, id).await?;
    let title = "Proroger la date limite";
    let call_path = format!("/appels-a-projets/{id}");
    let page = ExtensionPage {
        layout: Layout::new(title, user, "/appels-a-projets").with_breadcrumb(
            &[
                ("/appels-a-projets", "Appels à projets"),
                (call_path.as_str(), call.title.as_str()),
            ],
            title,
        ),
        call: call.into(),
        form,
        errors,
    };
    Ok((form_status(&page.errors), render(&page)?).into_response())
}

pub async fn extension_page(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<CallId>,
) -> AppResult<Response> {
    let form = ExtensionInput {
        deadline_time: "12:00".into(),
        ..ExtensionInput::default()
    };
    extension_form(&state, &user, id, form, FieldErrors::new()).await
}

pub async fn extend(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<CallId>,
    Form(form): Form<ExtensionInput>,
) -> AppResult<Response> {
    user.require_coordinator()?;
    let call = state.store.call(&user.scope, id).await?;
    let extension = match form.validate(call.status, call.deadline, state.today()) {
        Ok(extension) => extension,
        Err(errors) => return extension_form(&state, &user, id, form, errors).await,
    };
    let saved = state
        .store
        .extend_call(&user.actor(), &user.scope, id, &extension)
        .await;
    match checked(saved)? {
        Ok(()) => Ok(
            Redirect::to(&Notice::CallExtended.at(&format!("/appels-a-projets/{id}")))
                .into_response(),
        ),
        Err(errors) => extension_form(&state, &user, id, form, errors).await,
    }
}
