//! The territory's service catalogue (`/offres`): search, a service's page
//! (and adding it to a person's pathway), the forms of structures and
//! services, data·inclusion import and export.
//!
//! Every member of the Cité reads it; coordinators and référents, who
//! mobilise it, edit it (the store decides too).

mod edit;
mod removal;
mod search;
mod show;
mod structures;
mod transfer;

use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::Router;
use maillage_domain::accounts::Role;
use maillage_domain::ids::{ServiceId, StructureId};

use edit::ServiceForm;
use structures::StructureForm;

use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::routes::editing;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/offres",
            get(search::list).post(editing::create::<ServiceForm>),
        )
        .route("/offres/nouvelle", get(editing::new::<ServiceForm>))
        .route(
            "/offres/{id}",
            get(show::show).post(editing::update::<ServiceForm>),
        )
        .route("/offres/{id}/modifier", get(editing::edit::<ServiceForm>))
        .route("/offres/{id}/etape", post(show::add_step))
        .route(
            "/offres/{id}/retirer",
            get(removal::confirm_page::<ServiceId>).post(removal::remove_entry::<ServiceId>),
        )
        .route(
            "/offres/{id}/retablir",
            post(removal::restore_entry::<ServiceId>),
        )
        .route(
            "/offres/structures",
            get(structures::list).post(editing::create::<StructureForm>),
        )
        .route(
            "/offres/structures/nouvelle",
            get(editing::new::<StructureForm>),
        )
        .route(
            "/offres/structures/{id}",
            post(editing::update::<StructureForm>),
        )
        .route(
            "/offres/structures/{id}/modifier",
            get(editing::edit::<StructureForm>),
        )
        .route(
            "/offres/structures/{id}/retirer",
            get(removal::confirm_page::<StructureId>).post(removal::remove_entry::<StructureId>),
        )
        .route(
            "/offres/structures/{id}/retablir",
            post(removal::restore_entry::<StructureId>),
        )
        .route(
            "/offres/import",
            get(transfer::import_page)
                .post(transfer::import)
                // The file and the form's other fields.
                .layer(DefaultBodyLimit::max(
                    transfer::MAX_IMPORT_BYTES + 1024 * 1024,
                )),
        )
        .route("/offres/export.json", get(transfer::export))
}

/// Coordinators and référents edit the catalogue.
fn can_edit(user: &CurrentUser) -> bool {
    matches!(user.role(), Role::Coordinateur | Role::Referent)
}

fn require_editor(user: &CurrentUser) -> AppResult<()> {
    if can_edit(user) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}
