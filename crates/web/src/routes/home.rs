//! The home page (*accueil*), fitted to the role.

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use maillage_domain::accounts::Role;

use super::cites::SummaryView;
use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::state::AppState;
use crate::views::{format, render, Layout};

#[derive(Template)]
#[template(path = "home/national.html")]
struct NationalHome {
    layout: Layout,
    cites: Vec<SummaryView>,
    partners: String,
    referents: String,
}

#[derive(Template)]
#[template(path = "home/cite.html")]
struct CiteHome {
    layout: Layout,
    cite_name: String,
    role: Role,
    organisation: Option<String>,
    partners: usize,
    qpvs: usize,
    accounts: Option<usize>,
}

pub async fn show(State(state): State<AppState>, user: CurrentUser) -> AppResult<Response> {
    let Some(cite_id) = user.scope.cite_id() else {
        let summaries = state.store.cite_summaries(&user.scope).await?;
        let partners = summaries.iter().map(|s| s.partners).sum();
        let referents = summaries.iter().map(|s| s.referents).sum();
        let page = NationalHome {
            layout: Layout::new("Accueil", &user, "/"),
            cites: summaries.into_iter().map(Into::into).collect(),
            partners: format::integer(partners),
            referents: format::integer(referents),
        };
        return Ok(render(&page)?.into_response());
    };
    let cite = state.store.cite(&user.scope, cite_id).await?;
    let partners = state.store.partners(&user.scope, false).await?.len();
    let qpvs = state.store.qpvs(&user.scope, cite_id).await?.len();
    let accounts = if user.scope.can_administer_cite() {
        Some(state.store.cite_accounts(&user.scope).await?.len())
    } else {
        None
    };
    let page = CiteHome {
        layout: Layout::new("Accueil", &user, "/"),
        cite_name: cite.name,
        role: user.role(),
        organisation: user.membership().and_then(|m| m.partner_name.clone()),
        partners,
        qpvs,
        accounts,
    };
    Ok(render(&page)?.into_response())
}
