//! Séances collectives of an action: recorded by coordinators and référents
//! (linking only persons they follow), deleted by coordinators.

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use maillage_domain::actions::SeanceInput;
use maillage_domain::ids::{ActionId, SeanceId};
use maillage_domain::FieldErrors;
use maillage_store::StoreError;

use super::kind_options;
use super::show::{enrolment_choices, page, PageForms};
use crate::auth::CurrentUser;
use crate::error::{checked, AppResult};
use crate::extract::Path;
use crate::form::Form;
use crate::state::AppState;
use crate::views::notice::Notice;
use crate::views::{render, Layout};

pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<ActionId>,
    Form(form): Form<SeanceInput>,
) -> AppResult<Response> {
    let refused = |form: SeanceInput, errors: FieldErrors| PageForms {
        seance: form,
        seance_errors: errors,
        ..PageForms::default()
    };
    let draft = match form.validate(state.today()) {
        Ok(draft) => draft,
        Err(errors) => return page(&state, &user, id, refused(form, errors), None).await,
    };
    let added = state
        .store
        .add_seance(&user.actor(), &user.scope, id, &draft)
        .await;
    match checked(added)? {
        Ok(_) => Ok(Redirect::to(&seances(id, Notice::SeanceAdded)).into_response()),
        Err(errors) => page(&state, &user, id, refused(form, errors), None).await,
    }
}

#[derive(askama::Template)]
#[template(path = "actions/seance_form.html")]
struct SeancePage {
    layout: Layout,
    id: SeanceId,
    action_id: ActionId,
    form: SeanceInput,
    errors: FieldErrors,
    kinds: Vec<(String, String)>,
    /// Persons the user follows: those linked are selected.
    persons: Vec<(String, String)>,
    can_delete: bool,
}

/// The séance and its action, if the user's Cité holds it.
async fn find(
    state: &AppState,
    user: &CurrentUser,
    id: SeanceId,
) -> AppResult<(ActionId, maillage_store::actions::SeanceRow)> {
    let action_id = state.store.seance_action(&user.scope, id).await?;
    let seance = state
        .store
        .seances(&user.scope, action_id)
        .await?
        .into_iter()
        .find(|s| s.id == id)
        .ok_or(StoreError::NotFound)?;
    Ok((action_id, seance))
}

async fn seance_page(
    state: &AppState,
    user: &CurrentUser,
    id: SeanceId,
    form: Option<SeanceInput>,
    errors: FieldErrors,
) -> AppResult<Response> {
    let (action_id, seance) = find(state, user, id).await?;
    let persons = enrolment_choices(state, user).await?;
    let form = form.unwrap_or_else(|| SeanceInput {
        kind: seance.kind.code().to_owned(),
        held_on: seance.held_on.format("%Y-%m-%d").to_string(),
        place: seance.place.clone().unwrap_or_default(),
        anonymous_count: seance.anonymous_count.to_string(),
        participant_ids: seance
            .persons
            .iter()
            .map(|p| p.participant_id.to_string())
            .collect(),
    });
    let page = SeancePage {
        layout: Layout::new("Modifier la séance", user, "/actions"),
        id,
        action_id,
        form,
        kinds: kind_options(),
        persons,
        can_delete: user.scope.can_administer_cite(),
        errors,
    };
    let status = crate::views::form_status(&page.errors);
    Ok((status, render(&page)?).into_response())
}

pub async fn edit(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<SeanceId>,
) -> AppResult<Response> {
    seance_page(&state, &user, id, None, FieldErrors::new()).await
}

pub async fn update(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<SeanceId>,
    Form(form): Form<SeanceInput>,
) -> AppResult<Response> {
    let draft = match form.validate(state.today()) {
        Ok(draft) => draft,
        Err(errors) => return seance_page(&state, &user, id, Some(form), errors).await,
    };
    let (action_id, _) = find(&state, &user, id).await?;
    let updated = state
        .store
        .update_seance(&user.actor(), &user.scope, id, &draft)
        .await;
    match checked(updated)? {
        Ok(()) => Ok(Redirect::to(&seances(action_id, Notice::SeanceUpdated)).into_response()),
        Err(errors) => seance_page(&state, &user, id, Some(form), errors).await,
    }
}

pub async fn delete(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<SeanceId>,
) -> AppResult<Response> {
    user.require_coordinator()?;
    let (action_id, _) = find(&state, &user, id).await?;
    state
        .store
        .delete_seance(&user.actor(), &user.scope, id)
        .await?;
    Ok(Redirect::to(&seances(action_id, Notice::SeanceDeleted)).into_response())
}

/// Back to the action's séances, with `done`.
fn seances(action_id: ActionId, done: Notice) -> String {
    format!("{}#seances", done.at(&format!("/actions/{action_id}")))
}
