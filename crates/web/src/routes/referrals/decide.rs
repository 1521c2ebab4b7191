//! The coordinator's decision on a waiting referral. A decision the store
//! refuses (entry date outside the intake window, expired or already decided
//! proposal) shows the list again with the French reason, nothing changed.

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use maillage_domain::dates::DateField;
use maillage_domain::ids::ReferralId;
use maillage_domain::participants::cohorts::refusal_reason;
use maillage_domain::FieldErrors;
use maillage_store::participants::Decision;
use maillage_store::StoreError;
use serde::Deserialize;

use super::{list_page, DecisionForm};
use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::extract::Path;
use crate::form::Form;
use crate::state::AppState;
use crate::views::notice::Notice;

#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct AcceptInput {
    entry_date: String,
}

#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct RefuseInput {
    reason: String,
}

/// Records a validated decision, or shows the list again with the problem.
async fn decide(
    state: &AppState,
    user: &CurrentUser,
    id: ReferralId,
    decision: Result<Decision, FieldErrors>,
    mut form: DecisionForm,
    done: Notice,
) -> AppResult<Response> {
    let today = state.today();
    let errors = match decision {
        Ok(decision) => match state
            .store
            .decide_referral(&user.actor(), &user.scope, id, &decision, today)
            .await
        {
            Ok(()) => {
                // The proposer may want to hear of it at once.
                state.mail_queued.notify_one();
                return Ok(Redirect::to(&done.at("/adressages")).into_response());
            }
            Err(StoreError::Invalid { field, message }) => FieldErrors::single(field, message),
            Err(error) => return Err(error.into()),
        },
        Err(errors) => errors,
    };
    form.errors = errors;
    list_page(state, user, Some((id, form)), None).await
}

pub async fn accept(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<ReferralId>,
    Form(input): Form<AcceptInput>,
) -> AppResult<Response> {
    user.require_coordinator()?;
    let mut errors = FieldErrors::new();
    if input.entry_date.trim().is_empty() {
        errors.add("entry_date", "Indiquez la date d'entrée dans la cohorte.");
    }
    // An entry has happened by the time it is recorded.
    let entry = DateField::past("entry_date", "La date d'entrée dans la cohorte").required(
        &mut errors,
        &input.entry_date,
        state.today(),
    );
    let decision = match entry {
        Some(entry_date) => Ok(Decision::Accept { entry_date }),
        None => Err(errors),
    };
    let form = DecisionForm {
        entry_date: input.entry_date,
        ..DecisionForm::new(state.today())
    };
    decide(&state, &user, id, decision, form, Notice::ReferralAccepted).await
}

pub async fn refuse(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<ReferralId>,
    Form(input): Form<RefuseInput>,
) -> AppResult<Response> {
    user.require_coordinator()?;
    let mut errors = FieldErrors::new();
    let reason = refusal_reason(&mut errors, &input.reason);
    let form = DecisionForm {
        reason: input.reason,
        ..DecisionForm::new(state.today())
    };
    let decision = errors.into_result(Decision::Refuse { reason });
    decide(&state, &user, id, decision, form, Notice::ReferralRefused).await
}
