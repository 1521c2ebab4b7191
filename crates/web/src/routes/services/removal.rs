//! Removing a service or a structure from the catalogue (*retirer du
//! catalogue*), behind a confirmation page, and restoring an archived one.
//! The store deletes what nothing points to and archives the rest.

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use maillage_domain::services::removal::Removal;
use maillage_store::services::CatalogueEntry;
use serde::de::DeserializeOwned;

use super::require_editor;
use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::extract::Path;
use crate::state::AppState;
use crate::views::confirm::ConfirmPage;
use crate::views::notice::Notice;
use crate::views::{render, Layout};

/// The entry's name, archived or not, or the same 404 as a missing one.
async fn name(state: &AppState, user: &CurrentUser, entry: CatalogueEntry) -> AppResult<String> {
    Ok(match entry {
        CatalogueEntry::Service(id) => state.store.service(&user.scope, id).await?.name,
        CatalogueEntry::Structure(id) => state.store.structure(&user.scope, id).await?.name,
    })
}

/// Where the entry's list or page is: where to go back to.
fn back(entry: CatalogueEntry) -> String {
    match entry {
        CatalogueEntry::Service(id) => format!("/offres/{id}"),
        CatalogueEntry::Structure(_) => "/offres/structures".to_owned(),
    }
}

/// What the page says of an entry: its path, the question, the consequence.
fn wording(entry: CatalogueEntry, name: &str) -> (String, String, &'static str) {
    match entry {
        CatalogueEntry::Service(id) => (
            format!("/offres/{id}"),
            format!("Retirer le service « {name} » du catalogue ?"),
            "Si des étapes de parcours le mobilisent, il est archivé : ces parcours gardent son nom, \
             et il n'apparaît plus dans la recherche, les solutions possibles ni les exports. \
             Sinon, il est supprimé.",
        ),
        CatalogueEntry::Structure(id) => (
            format!("/offres/structures/{id}"),
            format!("Retirer la structure « {name} » du catalogue ?"),
            "Si des services en dépendent, elle est archivée avec eux : ils n'apparaissent plus \
             dans la recherche, les solutions possibles ni les exports. Sinon, elle est supprimée.",
        ),
    }
}

async fn confirm(
    state: &AppState,
    user: &CurrentUser,
    entry: CatalogueEntry,
) -> AppResult<Response> {
    require_editor(user)?;
    let name = name(state, user, entry).await?;
    let (path, question, consequence) = wording(entry, &name);
    let title = format!("Retirer {name}");
    let page = ConfirmPage {
        layout: Layout::new(title.clone(), user, "/offres")
            .with_breadcrumb(&[("/offres", "Offre de services")], &title),
        question,
        consequences: vec![consequence.to_owned()],
        action: format!("{path}/retirer"),
        button: "Retirer du catalogue",
        back: back(entry),
        refusal: None,
    };
    Ok(render(&page)?.into_response())
}

async fn remove(
    state: &AppState,
    user: &CurrentUser,
    entry: CatalogueEntry,
) -> AppResult<Redirect> {
    require_editor(user)?;
    let removal = state
        .store
        .remove_catalogue_entry(&user.actor(), &user.scope, entry)
        .await?;
    let (notice, list) = match (entry, removal) {
        (CatalogueEntry::Service(_), Removal::Deleted) => (Notice::ServiceDeleted, "/offres"),
        (CatalogueEntry::Service(_), Removal::Archived) => (Notice::ServiceArchived, "/offres"),
        (CatalogueEntry::Structure(_), Removal::Deleted) => {
            (Notice::StructureDeleted, "/offres/structures")
        }
        (CatalogueEntry::Structure(_), Removal::Archived) => {
            (Notice::StructureArchived, "/offres/structures")
        }
    };
    Ok(Redirect::to(&notice.at(list)))
}

async fn restore(
    state: &AppState,
    user: &CurrentUser,
    entry: CatalogueEntry,
) -> AppResult<Redirect> {
    require_editor(user)?;
    state
        .store
        .restore_catalogue_entry(&user.actor(), &user.scope, entry)
        .await?;
    Ok(Redirect::to(&Notice::CatalogueRestored.at(&back(entry))))
}

/// A service's or a structure's id, as its routes' paths carry it.
pub trait EntryId: Into<CatalogueEntry> + DeserializeOwned + Send {}

impl<I: Into<CatalogueEntry> + DeserializeOwned + Send> EntryId for I {}

/// `GET …/retirer`: the confirmation page.
pub async fn confirm_page<I: EntryId>(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<I>,
) -> AppResult<Response> {
    confirm(&state, &user, id.into()).await
}

/// `POST …/retirer`.
pub async fn remove_entry<I: EntryId>(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<I>,
) -> AppResult<Redirect> {
    remove(&state, &user, id.into()).await
}

/// `POST …/retablir`.
pub async fn restore_entry<I: EntryId>(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<I>,
) -> AppResult<Redirect> {
    restore(&state, &user, id.into()).await
}
