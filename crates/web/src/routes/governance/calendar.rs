//! The private calendar feed (*abonnement d'agenda*): a member of the
//! Cité's governance asks for a secret address, shown once, that their
//! calendar application polls without signing in; asking again replaces
//! it, revoking closes it. The address serves the meetings of the user's
//! committees, from a year back, each with its stable UID and SEQUENCE so
//! that a change or a cancellation updates the same event.

use askama::Template;
use axum::extract::State;
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use chrono::Duration;
use maillage_domain::governance::Calendar;

use super::meetings::event;
use super::{require_member, LIST};
use crate::auth::session::{hash_session_id, random_token};
use crate::auth::CurrentUser;
use crate::error::{checked, AppError, AppResult};
use crate::extract::{Path, Query};
use crate::routes::NoticeQuery;
use crate::state::AppState;
use crate::views::notice::Notice;
use crate::views::{format, render, Layout};

const PAGE: &str = "/agenda";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(PAGE, get(show).post(create))
        .route("/agenda/revoquer", post(revoke))
        .route("/calendrier/{token}/seances.ics", get(feed))
}

#[derive(Template)]
#[template(path = "governance/calendar.html")]
struct CalendarPage {
    layout: Layout,
    /// When the current address was created, if there is one.
    created: Option<String>,
    /// The new address, shown once right after its creation.
    address: Option<String>,
    refusal: Option<String>,
}

async fn page(
    state: &AppState,
    user: &CurrentUser,
    address: Option<String>,
    notice: Option<&str>,
    refusal: Option<String>,
) -> AppResult<Response> {
    require_member(user)?;
    let created = state.store.calendar_feed_created(&user.scope).await?;
    let page = CalendarPage {
        layout: Layout::new("Mon agenda des séances", user, LIST)
            .with_breadcrumb(&[(LIST, "Instances")], "Mon agenda des séances")
            .with_notice(Notice::of(notice)),
        created: created.map(format::date_time),
        address,
        refusal,
    };
    Ok(render(&page)?.into_response())
}

pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(query): Query<NoticeQuery>,
) -> AppResult<Response> {
    page(&state, &user, None, query.fait.as_deref(), None).await
}

/// The feed's address on this server, as the browser reached it.
fn address(state: &AppState, headers: &HeaderMap, token: &str) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    let scheme = if state.config.https { "https" } else { "http" };
    format!("{scheme}://{host}/calendrier/{token}/seances.ics")
}

/// Creates a new address; the page shows it once, since only its hash is
/// kept (reloading would make yet another).
pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    headers: HeaderMap,
) -> AppResult<Response> {
    require_member(&user)?;
    let token = random_token();
    state
        .store
        .create_calendar_feed(&user.actor(), &user.scope, &hash_session_id(&token))
        .await?;
    let address = address(&state, &headers, &token);
    let mut response = page(&state, &user, Some(address), None, None).await?;
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    Ok(response)
}

pub async fn revoke(State(state): State<AppState>, user: CurrentUser) -> AppResult<Response> {
    require_member(&user)?;
    let revoked = state
        .store
        .revoke_calendar_feed(&user.actor(), &user.scope)
        .await;
    match checked(revoked)? {
        Ok(()) => Ok(Redirect::to(&Notice::CalendarFeedRevoked.at(PAGE)).into_response()),
        Err(errors) => {
            let message = errors.iter().next().map(|(_, m)| m.to_owned());
            let response = page(&state, &user, None, None, message).await?;
            Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, response).into_response())
        }
    }
}

/// The feed itself, for a calendar application: no session, the secret
/// address is the key. A token that is not one is the same 404 as a
/// revoked one.
pub async fn feed(State(state): State<AppState>, Path(token): Path<String>) -> AppResult<Response> {
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(AppError::NotFound);
    }
    let from = state.now() - Duration::days(365);
    let feed = state
        .store
        .calendar_feed(&hash_session_id(&token), from)
        .await?;
    let calendar = Calendar {
        name: format!("Séances — {}", feed.cite_name),
        events: feed.meetings.iter().map(event).collect(),
    };
    Ok((
        [
            (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
            (header::CACHE_CONTROL, "private, max-age=900"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            (header::REFERRER_POLICY, "no-referrer"),
        ],
        calendar.to_ics(),
    )
        .into_response())
}
