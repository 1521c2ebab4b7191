//! The coordinator's decision on a waiting referral. A decision the store
//! refuses (entry date outside the intake window, expired or already decided
//! proposal) shows the list again with the French reason, nothing changed.

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use maillage_domain::ids::ReferralId;
use maillage_domain::participants::cohorts::{parse_date, refusal_reason};
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
            Ok(()) => return Ok(Redirect::to(&done.at("/adressages")).into_response()),
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
    let decision = match parse_date(&input.entry_date) {
        Some(entry_date) => Ok(Decision::Accept { entry_date }),
        None if input.entry_date.trim().is_empty() => Err(FieldErrors::single(
            "entry_date",
            "Indiquez la date d'entrée dans la cohorte.",
        )),
        None => Err(FieldErrors::single(
            "entry_date",
            "Date invalide : utilisez le format JJ/MM/AAAA.",
        )),
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
