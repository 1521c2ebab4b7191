//! `GET /personnes/{id}/consultations`: the file's whole access log, paged.
//! The file shows only its latest lines; the person may ask who read their
//! file, ever, so the rest is one link away.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::view::{AccessView, PartnerNames};
use super::FileId;
use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::state::AppState;
use crate::views::pagination::{PageLink, Pagination};
use crate::views::{render, Layout};

const PER_PAGE: i64 = 50;

#[derive(Deserialize)]
pub struct PageQuery {
    page: Option<String>,
}

impl PageQuery {
    /// A page number from the URL; anything else is the first page.
    fn page(&self) -> i64 {
        self.page
            .as_deref()
            .and_then(|p| p.trim().parse().ok())
            .filter(|p| (1..=100_000).contains(p))
            .unwrap_or(1)
    }
}

#[derive(Template)]
#[template(path = "participants/accesses.html")]
struct AccessesPage {
    layout: Layout,
    id: i64,
    full_name: String,
    accesses: Vec<AccessView>,
    caption: String,
    pagination: Option<Pagination>,
}

pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    FileId(id): FileId,
    Query(query): Query<PageQuery>,
) -> AppResult<Response> {
    let page = query.page();
    let log = state
        .store
        .access_log(&user.actor(), &user.scope, id, page, PER_PAGE)
        .await?;
    let reference = state.reference.of(&state, &user).await?;
    let names = PartnerNames::new(reference.partners.clone(), &user);
    let full_name = format!(
        "{} {}",
        log.participant.first_name, log.participant.last_name
    );
    let pagination = Pagination::new(
        "Pagination du journal des consultations",
        page,
        log.total,
        PER_PAGE,
        |page| format!("/personnes/{id}/consultations?page={page}"),
    );
    let lines = if log.total > 1 { "lignes" } else { "ligne" };
    let caption = match &pagination {
        Some(p) => format!(
            "Consultations et modifications ({} {lines}, {})",
            log.total, p.label
        ),
        None => format!("Consultations et modifications ({} {lines})", log.total),
    };
    let page = AccessesPage {
        layout: Layout::new(
            format!("{full_name} : qui a consulté ce dossier"),
            &user,
            "/personnes",
        ),
        id,
        full_name,
        accesses: log
            .rows
            .iter()
            .map(|a| AccessView::new(a, &names))
            .collect(),
        caption,
        pagination,
    };
    Ok(render(&page)?.into_response())
}
