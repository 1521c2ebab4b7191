//! `GET /personnes/{id}/consultations`: the file's whole access log, paged.
//! The file shows only its latest lines; the person may ask who read their
//! file, ever, so the rest is one link away.

use std::str::FromStr;

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use maillage_domain::ids::ParticipantId;
use maillage_domain::names::prose_name;
use maillage_store::case_file::AccessPage;
use serde::Deserialize;

use super::view::{AccessView, PartnerNames};
use super::FileId;
use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::extract::Query;
use crate::state::AppState;
use crate::views::pagination::{PageLink, Pagination};
use crate::views::{format, render, Layout};

const PER_PAGE: i64 = 50;

#[derive(Deserialize)]
pub struct PageQuery {
    page: Option<String>,
    /// The newest line when the first page was read (see [`AccessPage`]).
    jusqu_a: Option<String>,
}

impl PageQuery {
    /// The page asked for; a malformed number (an edited URL) is the first
    /// page, and the log as it stands now.
    fn access_page(&self) -> AccessPage {
        fn number<T: FromStr>(value: &Option<String>) -> Option<T> {
            value.as_deref().and_then(|v| v.trim().parse().ok())
        }
        AccessPage {
            page: number(&self.page).filter(|p| *p >= 1).unwrap_or(1),
            per_page: PER_PAGE,
            until: number(&self.jusqu_a),
        }
    }
}

#[derive(Template)]
#[template(path = "participants/accesses.html")]
struct AccessesPage {
    layout: Layout,
    id: ParticipantId,
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
    let log = state
        .store
        .access_log(&user.actor(), &user.scope, id, query.access_page())
        .await?;
    let reference = state.reference.of(&state, &user).await?;
    let names = PartnerNames::new(reference.partners.clone(), &user);
    let full_name = prose_name(&log.participant.first_name, &log.participant.last_name);
    let until = log.until;
    let pagination = Pagination::new(
        "Pagination du journal des consultations",
        log.page,
        log.total,
        PER_PAGE,
        |page| format!("/personnes/{id}/consultations?page={page}&jusqu_a={until}"),
    );
    let lines = format!(
        "{} {}",
        format::integer(log.total),
        if log.total > 1 { "lignes" } else { "ligne" }
    );
    let caption = match &pagination {
        Some(p) => format!("Consultations et modifications ({lines}, {})", p.label),
        None => format!("Consultations et modifications ({lines})"),
    };
    let page = AccessesPage {
        layout: Layout::new(
            format!("{full_name} : qui a consulté ce dossier"),
            &user,
            "/personnes",
        )
        .with_breadcrumb(
            &[
                ("/personnes", "Personnes"),
                (&format!("/personnes/{id}"), &full_name),
            ],
            "Qui a consulté ce dossier",
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
