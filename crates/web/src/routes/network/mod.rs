//! The national network (*animation nationale*, « Réseau »): its home page
//! with the reader's registrations, the directory of the Cités'
//! coordinators and référents (here), the national events
//! (`events.rs`, attendance in `attendance.rs`) and the shared resources
//! (`resources.rs`). Read by the national team and the Cités' staff; a
//! porteur gets the 404 of a missing page, as the store answers.

mod attendance;
mod events;
mod resources;

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use maillage_domain::accounts::Role;
use maillage_domain::ids::CiteId;
use maillage_domain::network::{
    network_search_words, reads_network, DIRECTORY_PAGE_SIZE, DIRECTORY_ROLES,
};
use maillage_store::network::{DirectoryFilters, EventList};

use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::extract::Query;
use crate::state::AppState;
use crate::views::pagination::{PageLink, Pagination};
use crate::views::{render, Layout};

pub use events::EventLine;

const HOME: &str = "/reseau";
const DIRECTORY: &str = "/reseau/annuaire";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(HOME, get(home))
        .route(DIRECTORY, get(directory))
        .merge(events::routes())
        .merge(attendance::routes())
        .merge(resources::routes())
}

/// The national team and the Cités' staff; a porteur finds nothing.
fn require_network(user: &CurrentUser) -> AppResult<()> {
    match reads_network(user.role()) {
        true => Ok(()),
        false => Err(AppError::NotFound),
    }
}

/// A page of the network, under « Réseau » in the breadcrumb.
fn layout(title: &str, user: &CurrentUser, path: &str) -> Layout {
    let layout = Layout::new(title, user, path);
    match path {
        HOME => layout,
        _ => layout.with_breadcrumb(&[(HOME, "Réseau")], title),
    }
}

#[derive(Template)]
#[template(path = "network/home.html")]
struct HomePage {
    layout: Layout,
    upcoming: Vec<EventLine>,
    mine: Vec<EventLine>,
    registers: bool,
}

pub async fn home(State(state): State<AppState>, user: CurrentUser) -> AppResult<Response> {
    require_network(&user)?;
    let now = state.now();
    let (upcoming, mine) = tokio::try_join!(
        state
            .store
            .network_events(&user.scope, EventList::Upcoming, now, 3),
        state
            .store
            .network_events(&user.scope, EventList::Mine, now, 50),
    )?;
    let page = HomePage {
        layout: layout("Réseau des Cités de l'emploi", &user, HOME),
        upcoming: upcoming.into_iter().map(EventLine::from).collect(),
        mine: mine
            .into_iter()
            .filter(|e| e.starts_at > now)
            .map(EventLine::from)
            .collect(),
        registers: maillage_domain::network::registers_for_events(user.role()),
    };
    Ok(render(&page)?.into_response())
}

/// The directory's filters as the query string carries them.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DirectoryQuery {
    cite: String,
    role: String,
    q: String,
    page: String,
}

/// A directory line: professional contact data only.
pub struct DirectoryLine {
    pub name: String,
    pub email: String,
    pub cite: String,
    pub partner: String,
    pub role: &'static str,
}

#[derive(Template)]
#[template(path = "network/directory.html")]
struct DirectoryPage {
    layout: Layout,
    lines: Vec<DirectoryLine>,
    total: String,
    cites: Vec<(String, String)>,
    roles: Vec<(String, String)>,
    cite: String,
    role: String,
    q: String,
    ignored: Vec<&'static str>,
    pagination: Option<Pagination>,
}

pub async fn directory(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(query): Query<DirectoryQuery>,
) -> AppResult<Response> {
    require_network(&user)?;
    let mut ignored = Vec::new();
    let mut filters = DirectoryFilters {
        words: network_search_words(&query.q),
        ..DirectoryFilters::default()
    };
    let cites = state.store.network_cites(&user.scope).await?;
    match query.cite.trim() {
        "" => {}
        code => match code.parse::<CiteId>() {
            Ok(id) if cites.iter().any(|(c, _)| *c == id) => filters.cite_id = Some(id),
            _ => ignored.push("Cité"),
        },
    }
    match query.role.trim() {
        "" => {}
        code => match Role::parse(code).filter(|r| DIRECTORY_ROLES.contains(r)) {
            Some(role) => filters.role = Some(role),
            None => ignored.push("rôle"),
        },
    }
    let page = match query.page.trim() {
        "" => 1,
        text => text
            .parse::<i64>()
            .ok()
            .filter(|p| *p >= 1)
            .unwrap_or_else(|| {
                ignored.push("page");
                1
            }),
    };
    let found = state
        .store
        .directory(&user.scope, &filters, page, DIRECTORY_PAGE_SIZE)
        .await?;
    let cite = filters.cite_id.map(|c| c.to_string()).unwrap_or_default();
    let role = filters
        .role
        .map(|r| r.code().to_owned())
        .unwrap_or_default();
    let href = |n: i64| {
        let number = n.to_string();
        let pairs: Vec<(&str, &str)> = [
            ("cite", cite.as_str()),
            ("role", role.as_str()),
            ("q", query.q.trim()),
            ("page", number.as_str()),
        ]
        .into_iter()
        .filter(|(_, value)| !value.is_empty())
        .collect();
        let query = serde_urlencoded::to_string(pairs).unwrap_or_default();
        format!("{DIRECTORY}?{query}")
    };
    let pagination = Pagination::new(
        "Pagination de l'annuaire",
        page,
        found.total,
        DIRECTORY_PAGE_SIZE,
        href,
    );
    let view = DirectoryPage {
        layout: layout("Annuaire du réseau", &user, DIRECTORY),
        total: crate::views::format::integer(found.total),
        lines: found
            .rows
            .into_iter()
            .map(|row| DirectoryLine {
                name: row.name,
                email: row.email,
                cite: row.cite_name,
                partner: row.partner.unwrap_or_default(),
                role: row.role.label(),
            })
            .collect(),
        cites: cites
            .into_iter()
            .map(|(id, name)| (id.to_string(), name))
            .collect(),
        roles: DIRECTORY_ROLES
            .iter()
            .map(|r| (r.code().to_owned(), r.label().to_owned()))
            .collect(),
        cite,
        role,
        q: query.q.trim().to_owned(),
        ignored,
        pagination,
    };
    Ok(render(&view)?.into_response())
}
