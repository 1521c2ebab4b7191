//! Decisions on applications (« décisions »): a coordinator or co-pilot
//! records each, dated and tied to its committee; an accepted application
//! becomes, in one click, an action of the Cité (or is tied to an existing
//! one) so that its participants and results feed the bilan.

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use maillage_domain::calls::decision::{DecisionInput, Outcome};
use maillage_domain::ids::{ActionId, ApplicationId, MeetingId};
use maillage_domain::money::{euros_input, format_euros};
use maillage_domain::FieldErrors;
use maillage_store::actions::ActionFilter;
use maillage_store::decisions::DecisionRow;

use super::review::manages;
use crate::auth::CurrentUser;
use crate::error::{checked, AppError, AppResult};
use crate::extract::Path;
use crate::form::Form;
use crate::state::AppState;
use crate::views::codes::closed_list;
use crate::views::notice::Notice;
use crate::views::{form_status, format, render, Layout};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/candidatures/{id}/decision",
            get(decision_page).post(decide),
        )
        .route("/candidatures/{id}/action", post(create_action))
        .route("/candidatures/{id}/action/lier", post(link_action))
}

/// A decision as the application page and the porteur's list show it.
pub struct DecisionView {
    pub outcome: &'static str,
    pub accepted: bool,
    pub amount: String,
    pub reason: String,
    pub decided_on: String,
    pub committee: String,
    pub action: Option<(ActionId, String)>,
    /// « Décidé en séance : 2026-CSTRAT-01 », with its meeting.
    pub in_session: Option<(MeetingId, String)>,
}

impl From<DecisionRow> for DecisionView {
    fn from(row: DecisionRow) -> Self {
        let in_session = row
            .committee_decision()
            .map(|(meeting, number)| (meeting, number.to_string()));
        DecisionView {
            in_session,
            outcome: row.outcome.label(),
            accepted: row.outcome == Outcome::Accepted,
            amount: row.amount_cents.map(format_euros).unwrap_or_default(),
            reason: row.reason,
            decided_on: format::date(row.decided_on),
            committee: row.committee,
            action: row.action_id.zip(row.action_title),
        }
    }
}

fn require_manager(user: &CurrentUser) -> AppResult<()> {
    match manages(user) {
        true => Ok(()),
        false => Err(AppError::NotFound),
    }
}

#[derive(Template)]
#[template(path = "calls/decision.html")]
struct DecisionPage {
    layout: Layout,
    id: ApplicationId,
    partner: String,
    asked: String,
    form: DecisionInput,
    outcomes: Vec<(String, String)>,
    refusal: Option<String>,
    errors: FieldErrors,
}

async fn decision_form(
    state: &AppState,
    user: &CurrentUser,
    id: ApplicationId,
    typed: Option<DecisionInput>,
    errors: FieldErrors,
) -> AppResult<Response> {
    require_manager(user)?;
    let store = &state.store;
    let application = store.application(&user.scope, id).await?.row;
    let call = store.call(&user.scope, application.call_id).await?;
    let form = match typed {
        Some(form) => form,
        None => match store.decision(&user.scope, id).await? {
            Some(d) => DecisionInput {
                outcome: d.outcome.code().to_owned(),
                amount: d.amount_cents.map(euros_input).unwrap_or_default(),
                reason: d.reason,
                decided_on: d.decided_on.format("%Y-%m-%d").to_string(),
                committee: d.committee,
            },
            None => DecisionInput {
                amount: euros_input(application.asked_cents),
                decided_on: state.today().format("%Y-%m-%d").to_string(),
                ..DecisionInput::default()
            },
        },
    };
    let title = format!("Décision sur « {} »", application.project_title);
    let call_path = format!("/appels-a-projets/{}", call.id);
    let page = DecisionPage {
        layout: Layout::new(title.clone(), user, "/appels-a-projets").with_breadcrumb(
            &[
                ("/appels-a-projets", "Appels à projets"),
                (call_path.as_str(), call.title.as_str()),
            ],
            &title,
        ),
        id,
        partner: application.partner_name,
        asked: format_euros(application.asked_cents),
        form,
        outcomes: closed_list::<Outcome>(),
        refusal: call.status.check_deciding().err(),
        errors,
    };
    Ok((form_status(&page.errors), render(&page)?).into_response())
}

pub async fn decision_page(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<ApplicationId>,
) -> AppResult<Response> {
    decision_form(&state, &user, id, None, FieldErrors::new()).await
}

pub async fn decide(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<ApplicationId>,
    Form(form): Form<DecisionInput>,
) -> AppResult<Response> {
    require_manager(&user)?;
    let store = &state.store;
    let application = store.application(&user.scope, id).await?.row;
    let call = store.call(&user.scope, application.call_id).await?;
    let decision = match form.validate(application.asked_cents, call.opens_on, state.today()) {
        Ok(decision) => decision,
        Err(errors) => return decision_form(&state, &user, id, Some(form), errors).await,
    };
    let saved = store
        .record_decision(&user.actor(), &user.scope, id, &decision)
        .await;
    match checked(saved)? {
        Ok(()) => Ok(
            Redirect::to(&Notice::DecisionRecorded.at(&format!("/candidatures/{id}")))
                .into_response(),
        ),
        Err(errors) => decision_form(&state, &user, id, Some(form), errors).await,
    }
}

/// The Cité's actions an accepted application may be tied to, as options.
pub async fn action_options(
    state: &AppState,
    user: &CurrentUser,
) -> AppResult<Vec<(String, String)>> {
    let actions = state
        .store
        .actions(&user.scope, &ActionFilter::default())
        .await?;
    Ok(actions
        .into_iter()
        .map(|a| (a.id.to_string(), a.title))
        .collect())
}

/// After an action change: the application page, or its refusal there.
async fn after_action(
    state: &AppState,
    user: &CurrentUser,
    id: ApplicationId,
    done: maillage_store::StoreResult<()>,
) -> AppResult<Response> {
    match checked(done)? {
        Ok(()) => Ok(
            Redirect::to(&Notice::ActionLinked.at(&format!("/candidatures/{id}"))).into_response(),
        ),
        Err(errors) => super::applications::show_page(state, user, id, None, errors).await,
    }
}

pub async fn create_action(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<ApplicationId>,
) -> AppResult<Response> {
    user.require_coordinator()?;
    let done = state
        .store
        .create_action_from_application(&user.actor(), &user.scope, id)
        .await
        .map(|_| ());
    after_action(&state, &user, id, done).await
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LinkInput {
    pub action_id: String,
}

pub async fn link_action(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<ApplicationId>,
    Form(form): Form<LinkInput>,
) -> AppResult<Response> {
    user.require_coordinator()?;
    let done = match form.action_id.trim().parse::<ActionId>() {
        Ok(action_id) => {
            state
                .store
                .link_action(&user.actor(), &user.scope, id, action_id)
                .await
        }
        Err(_) => Err(maillage_store::StoreError::Invalid {
            field: "action_id",
            message: "Choisissez une action de la Cité.".to_owned(),
        }),
    };
    after_action(&state, &user, id, done).await
}
