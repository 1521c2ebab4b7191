//! The network's events (*événements du réseau*): the upcoming and past
//! lists (with each Cité's registrations for the national team), an
//! event's page, the national team's form to announce or change one, and
//! the staff's registration and its withdrawal until the event starts.

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use chrono::{DateTime, Duration, Utc};
use maillage_domain::accounts::Role;
use maillage_domain::governance::replies_open;
use maillage_domain::ids::NetworkEventId;
use maillage_domain::network::{registers_for_events, EventInput, EventKind, Theme};
use maillage_domain::time::in_paris;
use maillage_domain::FieldErrors;
use maillage_store::network::{EventList, EventRow};

use super::{layout, require_network};
use crate::auth::CurrentUser;
use crate::error::{checked, AppError, AppResult};
use crate::extract::{Path, Query};
use crate::form::Form;
use crate::routes::NoticeQuery;
use crate::state::AppState;
use crate::views::notice::Notice;
use crate::views::{form_status, format, render, Layout};

const EVENTS: &str = "/reseau/evenements";
/// How many past events the list shows: a year of café-cités and groups.
const PAST_SHOWN: i64 = 24;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(EVENTS, get(list).post(create))
        .route("/reseau/evenements/nouveau", get(new))
        .route("/reseau/evenements/{id}", get(show))
        .route("/reseau/evenements/{id}/modifier", get(edit).post(update))
        .route("/reseau/evenements/{id}/inscription", post(register))
        .route("/reseau/evenements/{id}/desinscription", post(unregister))
}

fn national(user: &CurrentUser) -> AppResult<()> {
    match user.role() {
        Role::National => Ok(()),
        _ => Err(AppError::NotFound),
    }
}

/// An event as lists show it.
pub struct EventLine {
    pub id: NetworkEventId,
    pub kind: &'static str,
    pub title: String,
    pub theme: &'static str,
    /// « 14/01/2027 à 11:00 », in Paris.
    pub when: String,
    pub place: String,
    pub registered: String,
    /// « 12 places » or « sans limite ».
    pub capacity: String,
    pub full: bool,
    pub mine: bool,
    pub attended: Option<String>,
}

impl From<EventRow> for EventLine {
    fn from(row: EventRow) -> Self {
        EventLine {
            full: row.is_full(),
            kind: row.kind.label(),
            theme: row.theme.label(),
            when: format::date_time(row.starts_at),
            place: match (row.place.is_empty(), row.video_url.is_empty()) {
                (false, _) => row.place.clone(),
                (true, false) => "En visioconférence".to_owned(),
                (true, true) => String::new(),
            },
            registered: format::integer(row.registered),
            capacity: row
                .capacity
                .map(|c| format!("{} places", format::integer(i64::from(c))))
                .unwrap_or_else(|| "sans limite".to_owned()),
            mine: row.mine,
            attended: row
                .attendance_recorded_at
                .map(|_| format::integer(row.attended)),
            title: row.title,
            id: row.id,
        }
    }
}

#[derive(Template)]
#[template(path = "network/events.html")]
struct ListPage {
    layout: Layout,
    upcoming: Vec<EventLine>,
    past: Vec<EventLine>,
    national: bool,
    /// (Cité, registrations, attended) over twelve months.
    per_cite: Vec<(String, String, String)>,
}

pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(query): Query<NoticeQuery>,
) -> AppResult<Response> {
    require_network(&user)?;
    let now = state.now();
    let national = user.role() == Role::National;
    let (upcoming, past, per_cite) = tokio::try_join!(
        state
            .store
            .network_events(&user.scope, EventList::Upcoming, now, 100),
        state
            .store
            .network_events(&user.scope, EventList::Past, now, PAST_SHOWN),
        async {
            match national {
                true => {
                    state
                        .store
                        .registrations_by_cite(&user.scope, now - Duration::days(365))
                        .await
                }
                false => Ok(Vec::new()),
            }
        },
    )?;
    let page = ListPage {
        layout: layout("Événements du réseau", &user, EVENTS)
            .with_notice(Notice::of(query.fait.as_deref())),
        upcoming: upcoming.into_iter().map(EventLine::from).collect(),
        past: past.into_iter().map(EventLine::from).collect(),
        national,
        per_cite: per_cite
            .into_iter()
            .map(|c| {
                (
                    c.cite_name,
                    format::integer(c.registrations),
                    format::integer(c.attended),
                )
            })
            .collect(),
    };
    Ok(render(&page)?.into_response())
}

#[derive(Template)]
#[template(path = "network/event.html")]
struct ShowPage {
    layout: Layout,
    event: EventLine,
    video_url: String,
    /// « 11:00 – 12:00 ».
    hours: String,
    open: bool,
    registers: bool,
    national: bool,
    /// The sheet, for the national team: (name, Cité, partner, role, attended).
    registrations: Vec<(String, String, String, &'static str, &'static str)>,
    errors: FieldErrors,
}

async fn show_page(
    state: &AppState,
    user: &CurrentUser,
    id: NetworkEventId,
    notice: Option<&str>,
    errors: FieldErrors,
) -> AppResult<Response> {
    require_network(user)?;
    let row = state.store.network_event(&user.scope, id).await?;
    let national = user.role() == Role::National;
    let registrations = match national {
        true => state.store.event_registrations(&user.scope, id).await?,
        false => Vec::new(),
    };
    let hours = format!(
        "{} – {}",
        in_paris(row.starts_at).format("%H:%M"),
        in_paris(row.ends_at).format("%H:%M")
    );
    let page = ShowPage {
        layout: layout(&row.title.clone(), user, EVENTS)
            .with_breadcrumb(&[("/reseau", "Réseau"), (EVENTS, "Événements")], &row.title)
            .with_notice(Notice::of(notice)),
        video_url: row.video_url.clone(),
        hours,
        open: replies_open(row.starts_at, state.now()),
        registers: registers_for_events(user.role()),
        national,
        registrations: registrations
            .into_iter()
            .map(|r| {
                let attended = match r.attended {
                    None => "—",
                    Some(true) => "Présent",
                    Some(false) => "Absent",
                };
                (
                    r.name,
                    r.cite_name,
                    r.partner.unwrap_or_default(),
                    r.role.label(),
                    attended,
                )
            })
            .collect(),
        event: EventLine::from(row),
        errors,
    };
    let status = form_status(&page.errors);
    Ok((status, render(&page)?).into_response())
}

pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<NetworkEventId>,
    Query(query): Query<NoticeQuery>,
) -> AppResult<Response> {
    show_page(&state, &user, id, query.fait.as_deref(), FieldErrors::new()).await
}

#[derive(Template)]
#[template(path = "network/event_form.html")]
struct FormPage {
    layout: Layout,
    /// Where the form posts.
    action: String,
    back: String,
    form: EventInput,
    kinds: Vec<(String, String)>,
    themes: Vec<(String, String)>,
    errors: FieldErrors,
}

fn form_page(
    user: &CurrentUser,
    id: Option<NetworkEventId>,
    form: EventInput,
    errors: FieldErrors,
) -> AppResult<Response> {
    let (title, action, back) = match id {
        None => ("Nouvel événement", EVENTS.to_owned(), EVENTS.to_owned()),
        Some(id) => (
            "Modifier l'événement",
            format!("{EVENTS}/{id}/modifier"),
            format!("{EVENTS}/{id}"),
        ),
    };
    let page = FormPage {
        layout: layout(title, user, EVENTS)
            .with_breadcrumb(&[("/reseau", "Réseau"), (EVENTS, "Événements")], title),
        action,
        back,
        form,
        kinds: EventKind::ALL
            .iter()
            .map(|k| (k.code().to_owned(), k.label().to_owned()))
            .collect(),
        themes: Theme::ALL
            .iter()
            .map(|t| (t.code().to_owned(), t.label().to_owned()))
            .collect(),
        errors,
    };
    let status = form_status(&page.errors);
    Ok((status, render(&page)?).into_response())
}

pub async fn new(user: CurrentUser) -> AppResult<Response> {
    national(&user)?;
    let form = EventInput {
        kind: EventKind::CafeCites.code().into(),
        time: "11:00".into(),
        duration_minutes: "60".into(),
        ..EventInput::default()
    };
    form_page(&user, None, form, FieldErrors::new())
}

pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    Form(input): Form<EventInput>,
) -> AppResult<Response> {
    national(&user)?;
    let errors = match input.validate(state.now()) {
        Ok(draft) => {
            let created = state
                .store
                .create_event(&user.actor(), &user.scope, &draft)
                .await;
            match checked(created)? {
                Ok(id) => {
                    let to = Notice::NetworkEventCreated.at(&format!("{EVENTS}/{id}"));
                    return Ok(Redirect::to(&to).into_response());
                }
                Err(errors) => errors,
            }
        }
        Err(errors) => errors,
    };
    form_page(&user, None, input, errors)
}

/// The form filled with the event as it is.
fn input_of(row: &EventRow) -> EventInput {
    let start = in_paris(row.starts_at);
    EventInput {
        kind: row.kind.code().into(),
        title: row.title.clone(),
        theme: row.theme.code().into(),
        date: start.format("%Y-%m-%d").to_string(),
        time: start.format("%H:%M").to_string(),
        duration_minutes: (row.ends_at - row.starts_at).num_minutes().to_string(),
        place: row.place.clone(),
        video_url: row.video_url.clone(),
        capacity: row.capacity.map(|c| c.to_string()).unwrap_or_default(),
    }
}

pub async fn edit(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<NetworkEventId>,
) -> AppResult<Response> {
    national(&user)?;
    let row = state.store.network_event(&user.scope, id).await?;
    form_page(&user, Some(id), input_of(&row), FieldErrors::new())
}

pub async fn update(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<NetworkEventId>,
    Form(input): Form<EventInput>,
) -> AppResult<Response> {
    national(&user)?;
    // A missing event is the 404, before any message about the form.
    state.store.network_event(&user.scope, id).await?;
    let now = state.now();
    let errors = match input.validate(now) {
        Ok(draft) => {
            let updated = state
                .store
                .update_event(&user.actor(), &user.scope, id, &draft, now)
                .await;
            match checked(updated)? {
                Ok(()) => {
                    let to = Notice::NetworkEventUpdated.at(&format!("{EVENTS}/{id}"));
                    return Ok(Redirect::to(&to).into_response());
                }
                Err(errors) => errors,
            }
        }
        Err(errors) => errors,
    };
    form_page(&user, Some(id), input, errors)
}

/// A registration or its withdrawal, then back to the event.
async fn registration(
    state: &AppState,
    user: &CurrentUser,
    id: NetworkEventId,
    now: DateTime<Utc>,
    register: bool,
) -> AppResult<Response> {
    require_network(user)?;
    if !registers_for_events(user.role()) {
        return Err(AppError::Forbidden);
    }
    let (done, notice) = match register {
        true => (
            state
                .store
                .register_for_event(&user.actor(), &user.scope, id, now)
                .await
                .map(|_| ()),
            Notice::NetworkRegistered,
        ),
        false => (
            state
                .store
                .unregister_from_event(&user.actor(), &user.scope, id, now)
                .await,
            Notice::NetworkUnregistered,
        ),
    };
    match checked(done)? {
        Ok(()) => Ok(Redirect::to(&notice.at(&format!("{EVENTS}/{id}"))).into_response()),
        Err(errors) => show_page(state, user, id, None, errors).await,
    }
}

pub async fn register(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<NetworkEventId>,
) -> AppResult<Response> {
    let now = state.now();
    registration(&state, &user, id, now, true).await
}

pub async fn unregister(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<NetworkEventId>,
) -> AppResult<Response> {
    let now = state.now();
    registration(&state, &user, id, now, false).await
}
