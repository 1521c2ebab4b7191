//! Who follows the person and who else may read the file: the lead
//! référent, sharing with another partner the consent covers, and the
//! consent's withdrawal. Coordinators and the lead partner's référents do
//! this; a partner the file is shared with gets 403 (the store decides).

use axum::extract::State;
use axum::response::Response;
use maillage_domain::FieldErrors;
use serde::Deserialize;

use super::file::{file_page, Forms};
use super::{back_to, today, FileId};
use crate::auth::CurrentUser;
use crate::error::checked;
use crate::error::AppResult;
use crate::form::Form;
use crate::state::AppState;
use crate::views::notice::Notice;

/// An id chosen in a select; which ids are allowed is the store's to say.
fn chosen_id<T: std::str::FromStr>(
    errors: &mut FieldErrors,
    field: &'static str,
    input: &str,
    message: &str,
) -> Option<T> {
    let id = input.trim().parse::<T>().ok();
    if id.is_none() {
        errors.add(field, message);
    }
    id
}

#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct LeadForm {
    pub user_id: String,
}

pub async fn set_lead(
    State(state): State<AppState>,
    user: CurrentUser,
    FileId(id): FileId,
    Form(form): Form<LeadForm>,
) -> AppResult<Response> {
    let mut errors = FieldErrors::new();
    if let Some(user_id) = chosen_id(
        &mut errors,
        "user_id",
        &form.user_id,
        "Choisissez un référent dans la liste.",
    ) {
        let named = state
            .store
            .set_lead_user(&user.actor(), &user.scope, id, user_id)
            .await;
        match checked(named)? {
            Ok(()) => return Ok(back_to(id, Notice::LeadNamed, "suivi")),
            Err(refused) => errors = refused,
        }
    }
    let forms = Forms {
        lead: form,
        ..Forms::failed(today(&state), "referent", errors)
    };
    file_page(&state, &user, id, forms, None).await
}

#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct ShareForm {
    pub partner_id: String,
}

pub async fn share(
    State(state): State<AppState>,
    user: CurrentUser,
    FileId(id): FileId,
    Form(form): Form<ShareForm>,
) -> AppResult<Response> {
    let mut errors = FieldErrors::new();
    if let Some(partner_id) = chosen_id(
        &mut errors,
        "partner_id",
        &form.partner_id,
        "Choisissez un partenaire dans la liste.",
    ) {
        let shared = state
            .store
            .share(&user.actor(), &user.scope, id, partner_id)
            .await;
        match checked(shared)? {
            Ok(()) => return Ok(back_to(id, Notice::FileShared, "partage")),
            Err(refused) => errors = refused,
        }
    }
    let forms = Forms {
        share: form,
        ..Forms::failed(today(&state), "partage", errors)
    };
    file_page(&state, &user, id, forms, None).await
}

/// Ends every consent: partners the file was shared with lose access on
/// their very next request.
pub async fn withdraw_consent(
    State(state): State<AppState>,
    user: CurrentUser,
    FileId(id): FileId,
) -> AppResult<Response> {
    state
        .store
        .withdraw_consent(&user.actor(), &user.scope, id)
        .await?;
    Ok(back_to(id, Notice::ConsentWithdrawn, "partage"))
}
