//! The catalogue's part of an action's page: the fiche published from it
//! (coordinators publish, edit or publish again from there), and the fiche
//! it was reused from, for everyone in the Cité.

use maillage_domain::ids::{ActionId, FicheId};
use maillage_store::fiches::FicheRow;

use super::reuses_label;
use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::state::AppState;

/// The fiche a reused action came from.
pub struct OriginView {
    pub id: FicheId,
    pub title: String,
    pub cite: String,
    /// Still in the catalogue (otherwise shown without a link).
    pub live: bool,
}

/// The fiche published from the action, for its coordinators.
pub struct PublishedView {
    pub id: FicheId,
    pub reuses: String,
    pub live: bool,
}

pub struct CataloguePanel {
    pub action_id: ActionId,
    pub can_publish: bool,
    pub published: Option<PublishedView>,
    pub origin: Option<OriginView>,
}

impl CataloguePanel {
    /// Nothing to show: neither a coordinator nor a reused action.
    pub fn is_empty(&self) -> bool {
        !self.can_publish && self.origin.is_none()
    }
}

/// Reads the panel of an action the user already may see.
pub async fn catalogue_panel(
    state: &AppState,
    user: &CurrentUser,
    action_id: ActionId,
) -> AppResult<CataloguePanel> {
    let origin = state
        .store
        .origin_fiche(&user.scope, action_id)
        .await?
        .map(|row: FicheRow| OriginView {
            id: row.id,
            live: row.unpublished_at.is_none(),
            title: row.title,
            cite: row.cite_name,
        });
    let can_publish = user.scope.can_administer_cite();
    let published = if can_publish {
        state
            .store
            .fiche_of_action(&user.scope, action_id)
            .await?
            .map(|row| PublishedView {
                id: row.id,
                reuses: reuses_label(row.reuses),
                live: row.unpublished_at.is_none(),
            })
    } else {
        None
    };
    Ok(CataloguePanel {
        action_id,
        can_publish,
        published,
        origin,
    })
}
