//! `GET /personnes`: the persons the user may see, filtered and paginated.
//! htmx gets the results partial, anyone else the whole page.

use askama::Template;
use axum::extract::{RawQuery, State};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use maillage_domain::ids::ParticipantId;
use maillage_domain::participants::person::age_on;
use maillage_domain::FieldErrors;
use maillage_store::follow_up::ParticipantListRow;

use super::filters::{Choices, Filters};
use super::{optional_date, require_follow_up, StatusBadge};
use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::form::HxRequest;
use crate::state::AppState;
use crate::views::codes::{ThematicGroup, THEMATIC_GROUPS};
use crate::views::pagination::{PageLink, Pagination};
use crate::views::{format, render, Layout};
use maillage_domain::names::list_name;

const PER_PAGE: i64 = 50;

/// A line of the list.
pub struct PersonLine {
    pub id: ParticipantId,
    pub name: String,
    pub age: String,
    pub birth_date: String,
    pub cohort: String,
    pub qpv: String,
    pub lead_partner: String,
    pub lead_user: String,
    pub entry_date: String,
    pub exit_date: String,
    pub open_barriers: i64,
    pub status: &'static str,
    pub badge: &'static str,
}

impl PersonLine {
    fn new(row: ParticipantListRow, today: NaiveDate) -> PersonLine {
        PersonLine {
            id: row.id,
            name: list_name(&row.first_name, &row.last_name),
            age: format!("{} ans", age_on(row.birth_date, today)),
            birth_date: format::date(row.birth_date),
            cohort: row.cohort_name.unwrap_or_default(),
            qpv: row.qpv_name.unwrap_or_else(|| "Hors QPV".to_owned()),
            lead_partner: row.lead_partner_name,
            lead_user: row.lead_user_name.unwrap_or_default(),
            entry_date: optional_date(row.entry_date),
            exit_date: optional_date(row.exit_date),
            open_barriers: row.open_barriers,
            status: row.status.label(),
            badge: row.status.badge(),
        }
    }
}

pub struct Results {
    pub lines: Vec<PersonLine>,
    pub total: String,
    pub count: i64,
    pub ignored: Vec<&'static str>,
    /// The filters' query string, for the export links.
    pub query: String,
    pub pagination: Option<Pagination>,
}

#[derive(Template)]
#[template(path = "participants/list.html")]
struct ListPage {
    layout: Layout,
    filters: Filters,
    choices: Choices,
    thematics: &'static [ThematicGroup],
    errors: FieldErrors,
    results: Results,
}

#[derive(Template)]
#[template(path = "participants/_results.html")]
struct ResultsPartial {
    results: Results,
}

pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    HxRequest(partial): HxRequest,
    RawQuery(query): RawQuery,
) -> AppResult<Response> {
    require_follow_up(&user)?;
    let choices = Choices::load(&state, &user).await?;
    let filters = Filters::parse(query.as_deref(), &choices);
    let (rows, total) = state
        .store
        .search(
            &user.scope,
            &filters.search(&user, &choices, filters.page - 1, PER_PAGE),
        )
        .await?;
    let today = state.today();
    let results = Results {
        lines: rows
            .into_iter()
            .map(|r| PersonLine::new(r, today))
            .collect(),
        total: format::integer(total),
        count: total,
        ignored: filters.ignored.clone(),
        query: filters.query(None),
        pagination: Pagination::new(
            "Pagination des personnes",
            filters.page,
            total,
            PER_PAGE,
            |page| format!("/personnes?{}", filters.query(Some(page))),
        ),
    };
    if partial {
        return Ok(render(&ResultsPartial { results })?.into_response());
    }
    let page = ListPage {
        layout: Layout::new("Personnes accompagnées", &user, "/personnes"),
        filters,
        choices,
        thematics: &THEMATIC_GROUPS,
        errors: FieldErrors::new(),
        results,
    };
    Ok(render(&page)?.into_response())
}
