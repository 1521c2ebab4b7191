//! The Cité's actions (*actions*): the list everyone in the Cité reads, the
//! coordinator's forms, and on each action its places, waiting list and
//! séances collectives. Persons appear only to those who may see them; the
//! national team has no Cité and gets the 404 of a missing page.

mod form;
mod fse;
mod places;
pub mod results;
mod seances;
mod show;

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use maillage_domain::accounts::Role;
use maillage_domain::actions::{ActionInput, ActionStatus, PriorityRule, SeanceKind};
use maillage_domain::cites::Axis;
use maillage_domain::ids::ActionId;
use maillage_domain::masking::{count_for, may_reveal};
use maillage_domain::money::format_euros;
use maillage_domain::referential;
use maillage_store::actions::{ActionFilter, ActionRow};
use serde::Deserialize;

use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::extract::Query;
use crate::form::HxRequest;
use crate::routes::editing;
use crate::state::AppState;
use crate::views::codes::{self, closed_list};
use crate::views::notice::Notice;
use crate::views::{format, render, Layout};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/actions", get(list).post(editing::create::<ActionInput>))
        .route("/actions/nouvelle", get(editing::new::<ActionInput>))
        .route(
            "/actions/{id}",
            get(show::show).post(editing::update::<ActionInput>),
        )
        .route("/actions/{id}/modifier", get(editing::edit::<ActionInput>))
        .route("/actions/{id}/inscriptions", post(places::enrol))
        .route(
            "/actions/{id}/inscriptions/{enrolment_id}/liberer",
            post(places::release),
        )
        .route("/actions/{id}/seances", post(seances::create))
        .route(
            "/actions/seances/{id}",
            get(seances::edit).post(seances::update),
        )
        .route("/actions/seances/{id}/supprimer", post(seances::delete))
        .route("/actions/{id}/indicateurs", post(results::declare))
        .route(
            "/actions/{id}/indicateurs/{indicator_id}/retirer",
            get(results::confirm_remove).post(results::remove),
        )
        .route("/actions/{id}/resultats", post(results::record))
        .route("/actions/{id}/fse.xlsx", get(fse::export))
}

/// An action as the pages show it.
pub struct ActionView {
    pub id: ActionId,
    pub title: String,
    pub axis: &'static str,
    /// The Cité's own axis it is filed under, if any.
    pub cite_axis: Option<String>,
    pub innovative: bool,
    pub status: &'static str,
    pub status_badge: &'static str,
    pub carrier: Option<String>,
    pub thematics: Vec<&'static str>,
    pub publics: Vec<&'static str>,
    pub dates: String,
    pub budget: Option<String>,
    pub description: Option<String>,
    pub results: Option<String>,
    /// « 6 / 8 places prises », or « Sans limite de places ».
    pub places: String,
    pub capacity: Option<i32>,
    /// Shown only when the count it implies may be.
    pub full: bool,
    /// « 4 » en liste d'attente; `None` when nobody waits.
    pub waiting: Option<String>,
    pub priority_rule: &'static str,
}

fn status_badge(status: ActionStatus) -> &'static str {
    match status {
        ActionStatus::Draft => "fr-badge--new",
        ActionStatus::Planned | ActionStatus::Running => "fr-badge--info",
        ActionStatus::Done => "fr-badge--success",
        ActionStatus::Cancelled => "fr-badge--error",
    }
}

impl ActionView {
    /// The action as `role` sees it: counts of persons through the masking.
    pub fn new(row: ActionRow, role: Role) -> Self {
        let taken = count_for(role, row.places_taken);
        let dates = match row.ends_on {
            Some(end) => format!(
                "Du {} au {}",
                format::date(row.starts_on),
                format::date(end)
            ),
            None => format!("À partir du {}", format::date(row.starts_on)),
        };
        let places = match row.capacity {
            Some(capacity) => format!("{taken} / {capacity} places prises"),
            None => format!("{taken} personnes inscrites, sans limite de places"),
        };
        ActionView {
            id: row.id,
            axis: row.axis.label(),
            cite_axis: row.cite_axis.clone(),
            innovative: row.innovative,
            status: row.status.label(),
            status_badge: status_badge(row.status),
            carrier: row.carrier_partner_name.clone(),
            thematics: codes::labels(row.thematic_codes(), referential::thematic),
            publics: codes::labels(row.public_codes(), referential::public),
            dates,
            budget: row.planned_budget_cents.map(format_euros),
            places,
            capacity: row.capacity,
            full: row.free_places() == Some(0) && may_reveal(role, row.places_taken),
            waiting: (row.waiting > 0).then(|| count_for(role, row.waiting)),
            priority_rule: row.priority_rule.label(),
            title: row.title,
            description: row.description,
            results: row.results,
        }
    }
}

fn axis_options() -> Vec<(String, String)> {
    closed_list::<Axis>()
}

fn status_options() -> Vec<(String, String)> {
    closed_list::<ActionStatus>()
}

fn rule_options() -> Vec<(String, String)> {
    closed_list::<PriorityRule>()
}

fn kind_options() -> Vec<(String, String)> {
    closed_list::<SeanceKind>()
}

pub struct ActionsTable {
    pub rows: Vec<ActionView>,
    pub axis: String,
    pub status: String,
}

#[derive(askama::Template)]
#[template(path = "actions/list.html")]
struct ListPage {
    layout: Layout,
    table: ActionsTable,
    axes: Vec<(String, String)>,
    statuses: Vec<(String, String)>,
    can_edit: bool,
    /// The filters are never wrong: an unknown value shows everything.
    no_errors: maillage_domain::FieldErrors,
}

#[derive(askama::Template)]
#[template(path = "actions/_table.html")]
struct TablePartial {
    table: ActionsTable,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ListQuery {
    /// Not `axe`: an element id `axe` would shadow `window.axe` (axe-core).
    axe_national: String,
    statut: String,
    fait: Option<String>,
}

pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    HxRequest(partial): HxRequest,
    Query(query): Query<ListQuery>,
) -> AppResult<Response> {
    // An unknown filter value shows everything rather than an error page.
    let filter = ActionFilter {
        axis: Axis::parse(&query.axe_national),
        status: ActionStatus::parse(&query.statut),
    };
    let rows = state.store.actions(&user.scope, &filter).await?;
    let table = ActionsTable {
        rows: rows
            .into_iter()
            .map(|row| ActionView::new(row, user.scope.role()))
            .collect(),
        axis: filter.axis.map_or("", Axis::code).to_owned(),
        status: filter.status.map_or("", ActionStatus::code).to_owned(),
    };
    if partial {
        return Ok(render(&TablePartial { table })?.into_response());
    }
    let page = ListPage {
        layout: Layout::new("Actions de la Cité", &user, "/actions")
            .with_notice(Notice::of(query.fait.as_deref())),
        table,
        axes: axis_options(),
        statuses: status_options(),
        can_edit: user.scope.can_administer_cite(),
        no_errors: maillage_domain::FieldErrors::new(),
    };
    Ok(render(&page)?.into_response())
}
