//! One fiche of the catalogue: read by everyone signed in, reused by the
//! coordinators of other Cités, withdrawn by those of its own.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maillage_domain::actions::results::summary;
use maillage_domain::ids::{ActionId, FicheId};
use maillage_domain::masking::masked_count;
use maillage_store::StoreError;

use super::FicheView;
use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::extract::{Path, Query};
use crate::routes::NoticeQuery;
use crate::state::AppState;
use crate::views::notice::Notice;
use crate::views::{render, Layout};

#[derive(Template)]
#[template(path = "fiches/show.html")]
struct ShowPage {
    layout: Layout,
    fiche: FicheView,
    /// A coordinator of another Cité: « Réutiliser dans ma Cité ».
    can_reuse: bool,
    /// A coordinator of the fiche's Cité: edit and withdraw.
    can_manage: bool,
    /// The actions the user's Cité already made from this fiche.
    own_reuses: Vec<(ActionId, String)>,
    /// Why the reuse was refused.
    error: Option<String>,
    /// What the action measured (« 15 familles, 14 retours à l'emploi »),
    /// small counts masked: the catalogue is read by the whole network.
    measured: String,
}

async fn page(
    state: &AppState,
    user: &CurrentUser,
    id: FicheId,
    done: Option<&str>,
    error: Option<String>,
) -> AppResult<Response> {
    let (fiche, measured) = tokio::try_join!(
        state.store.fiche(&user.scope, id),
        state.store.fiche_results(&user.scope, id)
    )?;
    let fiche = FicheView::from(fiche);
    let coordinator = user.scope.can_administer_cite();
    let own = user.scope.cite_id() == Some(fiche.cite_id);
    let can_reuse = coordinator && !own;
    let own_reuses = if can_reuse {
        state.store.reuses_in_cite(&user.scope, id).await?
    } else {
        Vec::new()
    };
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let page = ShowPage {
        layout: Layout::new(fiche.title.clone(), user, "/actions-innovantes")
            .with_notice(Notice::of(done))
            .with_breadcrumb(
                &[("/actions-innovantes", "Actions innovantes")],
                &fiche.title,
            ),
        can_reuse,
        can_manage: coordinator && own,
        own_reuses,
        fiche,
        error,
        measured: summary(&measured, masked_count),
    };
    Ok((status, render(&page)?).into_response())
}

pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<FicheId>,
    Query(query): Query<NoticeQuery>,
) -> AppResult<Response> {
    page(&state, &user, id, query.fait.as_deref(), None).await
}

/// Copies the fiche into the coordinator's Cité as a draft action, then
/// opens that action to adapt it.
pub async fn reuse(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<FicheId>,
) -> AppResult<Response> {
    user.require_coordinator()?;
    let today = state.today();
    match state
        .store
        .reuse_fiche(&user.actor(), &user.scope, id, today)
        .await
    {
        Ok(action_id) => Ok(Redirect::to(&format!("/actions/{action_id}")).into_response()),
        Err(StoreError::Invalid { message, .. } | StoreError::Conflict { message, .. }) => {
            page(&state, &user, id, None, Some(message)).await
        }
        Err(error) => Err(error.into()),
    }
}

pub async fn unpublish(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<FicheId>,
) -> AppResult<Redirect> {
    user.require_coordinator()?;
    state
        .store
        .unpublish_fiche(&user.actor(), &user.scope, id)
        .await?;
    Ok(Redirect::to(
        &Notice::FicheWithdrawn.at("/actions-innovantes"),
    ))
}
