//! The public pages of published calls (« page publique »): read by anyone,
//! signed in or not, so carriers who have no account yet learn what is
//! funded, how much, until when, and how to apply.

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use maillage_domain::calls::may_submit;
use maillage_domain::documents::DocumentOwner;
use maillage_domain::ids::CallId;

use super::CallView;
use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::extract::Path;
use crate::routes::documents::DocumentsView;
use crate::state::AppState;
use crate::views::{render, Layout};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/appels", get(list))
        .route("/appels/{id}", get(show))
}

fn layout(title: &str, user: Option<&CurrentUser>) -> Layout {
    match user {
        Some(user) => Layout::new(title, user, "/appels"),
        None => Layout::anonymous(title, String::new()),
    }
}

#[derive(Template)]
#[template(path = "calls/public_list.html")]
struct ListPage {
    layout: Layout,
    calls: Vec<CallView>,
}

pub async fn list(State(state): State<AppState>, user: Option<CurrentUser>) -> AppResult<Response> {
    let calls = state.store.public_calls().await?;
    let page = ListPage {
        layout: layout("Appels à projets des Cités de l'emploi", user.as_ref()),
        calls: calls.into_iter().map(CallView::from).collect(),
    };
    Ok(render(&page)?.into_response())
}

#[derive(Template)]
#[template(path = "calls/public.html")]
struct PublicPage {
    layout: Layout,
    call: CallView,
    /// Applications are still received.
    open: bool,
    signed_in: bool,
    documents: DocumentsView,
}

pub async fn show(
    State(state): State<AppState>,
    user: Option<CurrentUser>,
    Path(id): Path<CallId>,
) -> AppResult<Response> {
    let call = state.store.public_call(id).await?;
    // Anyone reads a published call's documents: no scope needed.
    let documents = DocumentsView::load(&state, None, DocumentOwner::Call(call.id)).await?;
    let page = PublicPage {
        layout: layout(&call.title, user.as_ref()),
        open: may_submit(call.status, call.deadline, state.now()),
        signed_in: user.is_some(),
        documents,
        call: call.into(),
    };
    Ok(render(&page)?.into_response())
}
