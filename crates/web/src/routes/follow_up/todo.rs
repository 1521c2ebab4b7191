//! « À faire »: what the user's follow-up needs now, and the count the
//! header loads lazily so that other pages stay cheap to render.

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use maillage_domain::follow_up::{INACTIVITY_DAYS, LOOK_AHEAD_DAYS};
use maillage_domain::ids::ParticipantId;
use maillage_store::follow_up::TodoPerson;

use super::require_follow_up;
use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::state::AppState;
use crate::views::{format, render, Layout};
use maillage_domain::names::list_name;

/// A person to act on, with the date that explains why.
pub struct PersonItem {
    pub id: ParticipantId,
    pub name: String,
    pub since: String,
}

impl From<TodoPerson> for PersonItem {
    fn from(p: TodoPerson) -> Self {
        PersonItem {
            id: p.id,
            name: list_name(&p.first_name, &p.last_name),
            since: p.since.map(format::date).unwrap_or_default(),
        }
    }
}

pub struct CheckItem {
    pub person: PersonItem,
    pub checkpoint: &'static str,
    pub due: String,
    pub overdue: bool,
}

pub struct ReferralItem {
    pub participant_id: ParticipantId,
    pub name: String,
    pub cohort: String,
    pub from_partner: String,
    pub proposed_on: String,
}

#[derive(Template)]
#[template(path = "todo/show.html")]
struct TodoPage {
    layout: Layout,
    checks: Vec<CheckItem>,
    referrals: Vec<ReferralItem>,
    without_lead: Vec<PersonItem>,
    inactive: Vec<PersonItem>,
    consents: Vec<PersonItem>,
    look_ahead: i64,
    inactivity: i64,
}

pub async fn show(State(state): State<AppState>, user: CurrentUser) -> AppResult<Response> {
    require_follow_up(&user)?;
    let today = state.today();
    let mut todo = state.store.todo(&user.scope, today).await?;
    // By due date: the overdue ones come first.
    todo.checks_due.sort_by_key(|(_, _, due)| *due);
    let checks = todo
        .checks_due
        .into_iter()
        .map(|(person, checkpoint, due)| CheckItem {
            person: person.into(),
            checkpoint: checkpoint.label(),
            due: format::date(due),
            overdue: due < today,
        })
        .collect();
    let page = TodoPage {
        layout: Layout::new("À faire", &user, "/a-faire"),
        checks,
        referrals: todo
            .referrals_waiting
            .into_iter()
            .map(|r| ReferralItem {
                participant_id: r.participant_id,
                name: list_name(&r.first_name, &r.last_name),
                cohort: r.cohort_name,
                from_partner: r.from_partner_name,
                proposed_on: format::date(r.proposed_on),
            })
            .collect(),
        without_lead: todo.without_lead.into_iter().map(Into::into).collect(),
        inactive: todo.inactive.into_iter().map(Into::into).collect(),
        consents: todo.consents_expiring.into_iter().map(Into::into).collect(),
        look_ahead: LOOK_AHEAD_DAYS,
        inactivity: INACTIVITY_DAYS,
    };
    Ok(render(&page)?.into_response())
}

#[derive(Template)]
#[template(path = "todo/_counter.html")]
struct Counter {
    count: usize,
}

/// The header's badge: nothing when there is nothing to do.
pub async fn counter(State(state): State<AppState>, user: CurrentUser) -> AppResult<Response> {
    require_follow_up(&user)?;
    let todo = state.store.todo(&user.scope, state.today()).await?;
    Ok(render(&Counter {
        count: todo.count(),
    })?
    .into_response())
}
