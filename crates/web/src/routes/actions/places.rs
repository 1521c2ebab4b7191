//! Enrolling a person in an action (a place, or the waiting list) and
//! releasing a place, which goes at once to the next in line.

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use maillage_domain::actions::EnrolmentInput;
use maillage_domain::ids::{ActionId, EnrolmentId};
use maillage_domain::FieldErrors;
use maillage_store::actions::Enrolled;

use super::show::{page, PageForms};
use crate::auth::CurrentUser;
use crate::error::{checked, AppResult};
use crate::extract::Path;
use crate::form::Form;
use crate::state::AppState;
use crate::views::notice::Notice;

pub async fn enrol(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<ActionId>,
    Form(form): Form<EnrolmentInput>,
) -> AppResult<Response> {
    let refused = |form: EnrolmentInput, errors: FieldErrors| PageForms {
        enrolment: form,
        enrolment_errors: errors,
        ..PageForms::default()
    };
    let draft = match form.validate(state.today()) {
        Ok(draft) => draft,
        Err(errors) => return page(&state, &user, id, refused(form, errors), None).await,
    };
    let enrolled = state
        .store
        .enrol(&user.actor(), &user.scope, id, &draft)
        .await;
    match checked(enrolled)? {
        Ok(enrolled) => {
            let done = match enrolled {
                Enrolled::Placed { .. } => Notice::Enrolled,
                Enrolled::Waiting { .. } => Notice::WaitingListed,
            };
            Ok(Redirect::to(&places(id, done)).into_response())
        }
        Err(errors) => page(&state, &user, id, refused(form, errors), None).await,
    }
}

pub async fn release(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((action_id, enrolment_id)): Path<(ActionId, EnrolmentId)>,
) -> AppResult<Response> {
    let promoted = state
        .store
        .release(&user.actor(), &user.scope, action_id, enrolment_id)
        .await?;
    let done = if promoted.is_some() {
        Notice::PlaceReleased
    } else {
        Notice::EnrolmentWithdrawn
    };
    Ok(Redirect::to(&places(action_id, done)).into_response())
}

/// Back to the action's places, with `done`.
fn places(action_id: ActionId, done: Notice) -> String {
    format!("{}#places", done.at(&format!("/actions/{action_id}")))
}
