//! The coordinator's action form: create and edit, with French messages next
//! to the fields and nothing saved when anything is wrong.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use maillage_domain::actions::ActionInput;
use maillage_domain::money::euros_input;
use maillage_domain::{referential, FieldErrors};

use super::{axis_options, rule_options, status_options};
use crate::auth::CurrentUser;
use crate::error::{checked, AppResult};
use crate::form::Form;
use crate::state::AppState;
use crate::views::codes::{self, ThematicGroup, THEMATIC_GROUPS};
use crate::views::{render, Layout};

#[derive(askama::Template)]
#[template(path = "actions/form.html")]
struct FormPage {
    layout: Layout,
    /// `None` when creating.
    id: Option<i64>,
    form: ActionInput,
    errors: FieldErrors,
    axes: Vec<(String, String)>,
    statuses: Vec<(String, String)>,
    rules: Vec<(String, String)>,
    partners: Vec<(String, String)>,
    thematic_groups: &'static [ThematicGroup],
    publics: Vec<(String, String)>,
}

async fn form_page(
    state: &AppState,
    user: &CurrentUser,
    id: Option<i64>,
    form: ActionInput,
    errors: FieldErrors,
) -> AppResult<Response> {
    let title = if id.is_some() {
        "Modifier l'action"
    } else {
        "Nouvelle action"
    };
    let partners = state
        .store
        .partners(&user.scope, false)
        .await?
        .into_iter()
        .map(|p| (p.id.to_string(), p.name))
        .collect();
    let page = FormPage {
        layout: Layout::new(title, user, "/actions"),
        id,
        form,
        axes: axis_options(),
        statuses: status_options(),
        rules: rule_options(),
        partners,
        thematic_groups: &THEMATIC_GROUPS,
        publics: codes::options(referential::publics()),
        errors,
    };
    let status = crate::views::form_status(&page.errors);
    Ok((status, render(&page)?).into_response())
}

pub async fn new(State(state): State<AppState>, user: CurrentUser) -> AppResult<Response> {
    user.require_coordinator()?;
    let form = ActionInput {
        status: "planned".into(),
        priority_rule: "request_date".into(),
        ..ActionInput::default()
    };
    form_page(&state, &user, None, form, FieldErrors::new()).await
}

pub async fn edit(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    user.require_coordinator()?;
    let row = state.store.action(&user.scope, id).await?;
    let form = ActionInput {
        innovative: row.innovative.then(|| "on".to_owned()),
        carrier_partner_id: row
            .carrier_partner_id
            .map(|p| p.to_string())
            .unwrap_or_default(),
        thematics: row
            .thematic_codes()
            .into_iter()
            .map(str::to_owned)
            .collect(),
        publics: row.public_codes().into_iter().map(str::to_owned).collect(),
        starts_on: row.starts_on.format("%Y-%m-%d").to_string(),
        ends_on: row
            .ends_on
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default(),
        planned_budget: row
            .planned_budget_cents
            .map(euros_input)
            .unwrap_or_default(),
        capacity: row.capacity.map(|c| c.to_string()).unwrap_or_default(),
        title: row.title,
        axis: row.axis,
        description: row.description.unwrap_or_default(),
        status: row.status,
        results: row.results.unwrap_or_default(),
        priority_rule: row.priority_rule.code().to_owned(),
    };
    form_page(&state, &user, Some(id), form, FieldErrors::new()).await
}

/// Saves a validated form; what only the database can check (a title already
/// used, a capacity below the places taken) becomes a field error.
async fn save(
    state: &AppState,
    user: &CurrentUser,
    id: Option<i64>,
    form: ActionInput,
) -> AppResult<Response> {
    user.require_coordinator()?;
    let draft = match form.validate() {
        Ok(draft) => draft,
        Err(errors) => return form_page(state, user, id, form, errors).await,
    };
    let store = &state.store;
    let result = match id {
        Some(id) => store
            .update_action(&user.actor(), &user.scope, id, &draft)
            .await
            .map(|()| id),
        None => {
            store
                .create_action(&user.actor(), &user.scope, &draft)
                .await
        }
    };
    match checked(result)? {
        Ok(saved) => {
            let done = if id.is_some() {
                "action-modifiee"
            } else {
                "action-creee"
            };
            Ok(Redirect::to(&format!("/actions/{saved}?fait={done}")).into_response())
        }
        Err(errors) => form_page(state, user, id, form, errors).await,
    }
}

pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    Form(form): Form<ActionInput>,
) -> AppResult<Response> {
    save(&state, &user, None, form).await
}

pub async fn update(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(form): Form<ActionInput>,
) -> AppResult<Response> {
    save(&state, &user, Some(id), form).await
}
