//! An FSE+ operation's participant data (*données participants FSE+*),
//! `/actions/{id}/fse.xlsx`: for the coordinators of an action co-funded
//! by FSE+, what the programme reports of each person placed in it. A bulk
//! export of personal data: it needs a recent sign-in, and each person's
//! access log records it (the store writes it).

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use maillage_domain::documents::{DocumentKind, DocumentName};
use maillage_domain::funding::fse::COLUMNS;
use maillage_domain::ids::ActionId;

use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::extract::Path;
use crate::routes::documents::attachment;
use crate::state::AppState;

pub async fn export(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<ActionId>,
) -> AppResult<Response> {
    if !user.scope.can_administer_cite() {
        return Err(AppError::NotFound);
    }
    if let Err(confirm) = user.recent_sign_in(state.now(), &format!("/actions/{id}/fse.xlsx")) {
        return Ok(confirm.into_response());
    }
    let action = state.store.action(&user.scope, id).await?;
    let persons = state
        .store
        .fse_participants(&user.actor(), &user.scope, id)
        .await?;
    let lines: Vec<Vec<String>> = persons.iter().map(|p| p.line().to_vec()).collect();
    let title = format!("Participants FSE+ — {}", action.title);
    let bytes = maillage_office::fse_participants_xlsx(&title, &COLUMNS, &lines);
    let kind = DocumentKind::Xlsx;
    let name = DocumentName::sanitise(&format!("participants-fse-{}.xlsx", action.title), kind);
    Ok(attachment(&name, kind, bytes))
}
