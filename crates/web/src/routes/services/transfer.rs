//! data·inclusion import (`/offres/import`: a file pasted or loaded into the
//! form, checked whole, imported in one transaction or not at all) and
//! export (`/offres/export.json`).

use askama::Template;
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use maillage_domain::services::{Catalogue, ImportReport};
use maillage_store::services::ImportCounts;
use serde::Deserialize;

use super::require_editor;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::form::Form;
use crate::state::AppState;
use crate::views::{render, Layout};

#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct ImportForm {
    /// The file's text.
    pub fichier: String,
}

#[derive(Template)]
#[template(path = "services/import.html")]
struct ImportPage {
    layout: Layout,
    text: String,
    report: Option<ImportReport>,
    done: Option<ImportCounts>,
}

fn import_view(
    user: &CurrentUser,
    text: String,
    report: Option<ImportReport>,
    done: Option<ImportCounts>,
) -> AppResult<Response> {
    let status = if report.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let page = ImportPage {
        layout: Layout::new("Importer un fichier data·inclusion", user, "/offres"),
        text,
        report,
        done,
    };
    Ok((status, render(&page)?).into_response())
}

pub async fn import_page(user: CurrentUser) -> AppResult<Response> {
    require_editor(&user)?;
    import_view(&user, String::new(), None, None)
}

pub async fn import(
    State(state): State<AppState>,
    user: CurrentUser,
    Form(form): Form<ImportForm>,
) -> AppResult<Response> {
    require_editor(&user)?;
    match Catalogue::parse(&form.fichier) {
        Err(report) => import_view(&user, form.fichier, Some(report), None),
        Ok(catalogue) => {
            let counts = state
                .store
                .import_data_inclusion(&user.actor(), &user.scope, &catalogue)
                .await?;
            import_view(&user, String::new(), None, Some(counts))
        }
    }
}

/// The Cité's whole catalogue as a data·inclusion file.
pub async fn export(State(state): State<AppState>, user: CurrentUser) -> AppResult<Response> {
    let catalogue = state
        .store
        .export_data_inclusion(&user.actor(), &user.scope)
        .await?;
    let body = serde_json::to_string_pretty(&catalogue.to_json())
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let name = format!(
        "attachment; filename=\"offre-de-services-{}.json\"",
        state.today().format("%Y-%m-%d")
    );
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/json; charset=utf-8".to_owned(),
            ),
            (header::CONTENT_DISPOSITION, name),
        ],
        body,
    )
        .into_response())
}
