//! « À faire »: what the user's follow-up needs now, grouped by kind with
//! the count of each, filtered by référent and partner, paginated by the
//! server (`TODO_PAGE_SIZE` lines a page); above it, what the Cité's money
//! awaits (bilans due or late, account requests to answer); and the count
//! the header loads lazily so that other pages stay cheap to render. A
//! porteur's « À faire » holds its bilans only.

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use maillage_domain::accounts::Role;
use maillage_domain::follow_up::{TodoKind, INACTIVITY_DAYS, LOOK_AHEAD_DAYS, TODO_PAGE_SIZE};
use maillage_domain::ids::{ParticipantId, PartnerId, UserId};
use maillage_domain::FieldErrors;
use maillage_store::follow_up::{TodoCounts, TodoFilters, TodoLine};
use serde::Deserialize;

use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::extract::{blank_as_none, Query};
use crate::routes::account_requests::pending_count;
use crate::routes::governance::{my_follow_up_items, FollowUpLine};
use crate::routes::home_work::{awaited_bilans, AwaitedBilan};
use crate::state::AppState;
use crate::views::pagination::{PageLink, Pagination};
use crate::views::{format, render, Layout};
use maillage_domain::names::list_name;

/// The filters as the URL carries them; a value that is not one (`genre=x`,
/// `referent=abc`) is the French 400 page.
#[derive(Debug, Default, Deserialize)]
pub struct TodoQuery {
    #[serde(default, deserialize_with = "blank_as_none")]
    genre: Option<TodoKind>,
    #[serde(default, deserialize_with = "blank_as_none")]
    referent: Option<UserId>,
    #[serde(default, deserialize_with = "blank_as_none")]
    partenaire: Option<PartnerId>,
    /// One-based.
    #[serde(default, deserialize_with = "blank_as_none")]
    page: Option<u32>,
}

impl TodoQuery {
    fn page(&self) -> i64 {
        i64::from(self.page.unwrap_or(1).max(1))
    }

    /// The link to `kind` (every kind when `None`) on `page`, keeping the
    /// référent and partner filters.
    pub fn href(&self, kind: Option<TodoKind>, page: i64) -> String {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        if let Some(kind) = kind {
            pairs.push(("genre", kind.code().to_owned()));
        }
        if let Some(referent) = self.referent {
            pairs.push(("referent", referent.to_string()));
        }
        if let Some(partner) = self.partenaire {
            pairs.push(("partenaire", partner.to_string()));
        }
        if page > 1 {
            pairs.push(("page", page.to_string()));
        }
        let query = serde_urlencoded::to_string(pairs).unwrap_or_default();
        match query.is_empty() {
            true => "/a-faire".to_owned(),
            false => format!("/a-faire?{query}"),
        }
    }

    fn filters(&self) -> TodoFilters {
        TodoFilters {
            kind: self.genre,
            lead_user_id: self.referent,
            partner_id: self.partenaire,
            page: self.page() - 1,
            per_page: TODO_PAGE_SIZE,
        }
    }
}

/// A kind in the summary: its count and the link that shows it alone.
pub struct KindLink {
    pub label: &'static str,
    pub count: String,
    pub href: String,
    pub current: bool,
}

/// A person to act on, with what explains why.
pub struct Line {
    pub id: ParticipantId,
    pub name: String,
    pub detail: String,
    pub overdue: bool,
}

impl Line {
    pub fn new(line: TodoLine, today: chrono::NaiveDate) -> Line {
        let since = line.since.map(format::date).unwrap_or_default();
        let due = line.checkpoint.and_then(|c| c.due_date(line.since));
        let detail = match line.kind {
            TodoKind::Check => format!(
                "bilan {} : sortie le {since}, à faire le {}",
                line.checkpoint.map_or("", |c| c.label()).to_lowercase(),
                due.map(format::date).unwrap_or_default()
            ),
            TodoKind::Referral => format!(
                "{}, adressée par {} le {since}",
                line.cohort_name.unwrap_or_default(),
                line.from_partner_name.unwrap_or_default()
            ),
            // A file not yet in a cohort has no entry date to give.
            TodoKind::WithoutLead | TodoKind::Inactive if since.is_empty() => String::new(),
            TodoKind::WithoutLead | TodoKind::Inactive => {
                format!("dans la cohorte depuis le {since}")
            }
            TodoKind::Consent => format!("consentement recueilli le {since}"),
        };
        Line {
            id: line.id,
            name: list_name(&line.first_name, &line.last_name),
            detail,
            overdue: due.is_some_and(|due| due < today),
        }
    }
}

/// The lines of one kind on this page, under a heading with the kind's count.
pub struct Group {
    pub kind: &'static str,
    pub count: String,
    pub lines: Vec<Line>,
}

#[derive(Template)]
#[template(path = "todo/show.html")]
struct TodoPage {
    layout: Layout,
    kinds: Vec<KindLink>,
    all_href: String,
    all_count: String,
    filtered_kind: bool,
    groups: Vec<Group>,
    pagination: Option<Pagination>,
    /// The coordinator's filters (a référent sees only its partner's files).
    referents: Vec<(String, String)>,
    partners: Vec<(String, String)>,
    referent: String,
    partner: String,
    genre: String,
    errors: FieldErrors,
    per_page: i64,
    look_ahead: i64,
    inactivity: i64,
    /// Whether the reader follows persons (not a porteur).
    follows: bool,
    funding: FundingWork,
    /// The committees' follow-up items the reader carries.
    follow_ups: Vec<FollowUpLine>,
}

/// What the Cité's money awaits from the reader.
pub struct FundingWork {
    pub bilans: Vec<AwaitedBilan>,
    /// Account requests to answer, for a coordinator.
    pub requests: usize,
}

impl FundingWork {
    async fn load(state: &AppState, user: &CurrentUser) -> AppResult<FundingWork> {
        let (bilans, requests) = tokio::try_join!(
            awaited_bilans(state, user, state.today()),
            pending_count(state, user)
        )?;
        Ok(FundingWork {
            bilans,
            requests: requests.unwrap_or_default(),
        })
    }

    fn count(&self) -> i64 {
        i64::try_from(self.bilans.len() + self.requests).unwrap_or(i64::MAX)
    }
}

/// Coordinators and référents follow persons; a porteur has its bilans.
fn follows_persons(user: &CurrentUser) -> AppResult<bool> {
    match user.role() {
        Role::Coordinateur | Role::Referent => Ok(true),
        Role::Porteur => Ok(false),
        Role::National | Role::Pilote => Err(AppError::NotFound),
    }
}

/// The persons' lines and counts, for who follows persons.
async fn person_work(
    state: &AppState,
    user: &CurrentUser,
    follows: bool,
    filters: &TodoFilters,
) -> AppResult<(Vec<TodoLine>, TodoCounts)> {
    if !follows {
        return Ok((Vec::new(), TodoCounts::default()));
    }
    let today = state.today();
    Ok(tokio::try_join!(
        state.store.todo(&user.scope, today, filters),
        state.store.todo_counts(&user.scope, today, filters),
    )?)
}

/// The Cité's référents and partners, for the coordinator's filters.
async fn filter_choices(
    state: &AppState,
    user: &CurrentUser,
) -> AppResult<(Vec<(String, String)>, Vec<(String, String)>)> {
    if user.role() != Role::Coordinateur {
        return Ok((Vec::new(), Vec::new()));
    }
    let (accounts, partners) = tokio::try_join!(
        state.store.cite_accounts(&user.scope),
        state.store.partners(&user.scope, false),
    )?;
    let mut referents: Vec<(String, String)> = accounts
        .into_iter()
        .filter(|a| a.role == Role::Referent)
        .map(|a| (a.user_id.to_string(), a.name))
        .collect();
    referents.sort_by_key(|(_, name)| name.to_lowercase());
    let partners = partners
        .into_iter()
        .map(|p| (p.id.to_string(), p.name))
        .collect();
    Ok((referents, partners))
}

pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(query): Query<TodoQuery>,
) -> AppResult<Response> {
    let follows = follows_persons(&user)?;
    let today = state.today();
    let filters = query.filters();
    let ((lines, counts), (referents, partners), funding, follow_ups) = tokio::try_join!(
        person_work(&state, &user, follows, &filters),
        filter_choices(&state, &user),
        FundingWork::load(&state, &user),
        my_follow_up_items(&state, &user),
    )?;
    let mut groups: Vec<Group> = Vec::new();
    for line in lines {
        let kind = line.kind;
        if groups.last().is_none_or(|g| g.kind != kind.label()) {
            groups.push(Group {
                kind: kind.label(),
                count: format::integer(counts.of(kind)),
                lines: Vec::new(),
            });
        }
        if let Some(group) = groups.last_mut() {
            group.lines.push(Line::new(line, today));
        }
    }
    let total = query.genre.map_or(counts.total(), |kind| counts.of(kind));
    let page = TodoPage {
        layout: Layout::new("À faire", &user, "/a-faire"),
        kinds: kind_links(&query, &counts),
        all_href: query.href(None, 1),
        all_count: format::integer(counts.total()),
        filtered_kind: query.genre.is_some(),
        groups,
        pagination: Pagination::new(
            "Pagination de « À faire »",
            query.page(),
            total,
            TODO_PAGE_SIZE,
            |page| query.href(query.genre, page),
        ),
        referents,
        partners,
        referent: query.referent.map(|id| id.to_string()).unwrap_or_default(),
        partner: query
            .partenaire
            .map(|id| id.to_string())
            .unwrap_or_default(),
        genre: query.genre.map(|k| k.code().to_owned()).unwrap_or_default(),
        errors: FieldErrors::new(),
        per_page: TODO_PAGE_SIZE,
        look_ahead: LOOK_AHEAD_DAYS,
        inactivity: INACTIVITY_DAYS,
        follows,
        funding,
        follow_ups,
    };
    Ok(render(&page)?.into_response())
}

pub fn kind_links(query: &TodoQuery, counts: &TodoCounts) -> Vec<KindLink> {
    TodoKind::ALL
        .into_iter()
        .map(|kind| KindLink {
            label: kind.label(),
            count: format::integer(counts.of(kind)),
            href: query.href(Some(kind), 1),
            current: query.genre == Some(kind),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "todo/_counter.html")]
struct Counter {
    count: i64,
}

/// The header's badge: nothing when there is nothing to do.
pub async fn counter(State(state): State<AppState>, user: CurrentUser) -> AppResult<Response> {
    let follows = follows_persons(&user)?;
    let persons = async {
        if !follows {
            return Ok(TodoCounts::default());
        }
        let filters = TodoFilters::default();
        Ok(state
            .store
            .todo_counts(&user.scope, state.today(), &filters)
            .await?)
    };
    let (persons, funding, follow_ups) = tokio::try_join!(
        persons,
        FundingWork::load(&state, &user),
        my_follow_up_items(&state, &user)
    )?;
    let follow_ups = i64::try_from(follow_ups.len()).unwrap_or(i64::MAX);
    Ok(render(&Counter {
        count: persons.total() + funding.count() + follow_ups,
    })?
    .into_response())
}
