//! The minutes of a meeting (*compte rendu*): the coordinator writes them
//! in the app, each save a new revision kept with its author and time,
//! reads any earlier revision (to restore it, save it again) and publishes
//! one to the members, who read only the published revision on the
//! meeting's page.

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use maillage_domain::governance::minutes_text;
use maillage_domain::ids::MeetingId;
use maillage_domain::FieldErrors;
use serde::Deserialize;

use super::{when, LIST};
use crate::auth::CurrentUser;
use crate::error::{checked, AppError, AppResult};
use crate::extract::{blank_as_none, Path, Query};
use crate::form::Form;
use crate::state::AppState;
use crate::views::notice::Notice;
use crate::views::{form_status, format, render, Layout};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/seances/{id}/compte-rendu", get(edit).post(save))
        .route("/seances/{id}/compte-rendu/publier", post(publish))
}

/// A revision in the history.
pub struct RevisionLine {
    pub revision: i32,
    pub author: String,
    pub written: String,
    pub published: bool,
}

#[derive(Template)]
#[template(path = "governance/minutes.html")]
struct MinutesPage {
    layout: Layout,
    meeting_id: MeetingId,
    body: String,
    /// The revision shown in the editor, when it is not the latest.
    earlier: Option<i32>,
    history: Vec<RevisionLine>,
    /// The latest revision, when it is not the one the members read.
    to_publish: Option<i32>,
    errors: FieldErrors,
}

/// The editor with `body` (the revision asked for, else the latest, else
/// what was typed in a refused form).
async fn minutes_page(
    state: &AppState,
    user: &CurrentUser,
    id: MeetingId,
    revision: Option<i32>,
    typed: Option<String>,
    notice: Option<&str>,
    errors: FieldErrors,
) -> AppResult<Response> {
    user.require_coordinator()?;
    let (meeting, history, shown) = tokio::try_join!(
        state.store.meeting(&user.scope, id),
        state.store.minutes_history(&user.scope, id),
        state.store.minutes(&user.scope, id, revision),
    )?;
    if revision.is_some() && shown.is_none() {
        return Err(AppError::NotFound);
    }
    let latest = history.first().map(|m| m.revision);
    let published = meeting.minutes_published_revision;
    let back = format!("/seances/{id}");
    let page = MinutesPage {
        layout: Layout::new("Compte rendu", user, LIST)
            .with_breadcrumb(
                &[
                    (LIST, "Instances"),
                    (
                        &format!("/instances/{}", meeting.committee_id),
                        &meeting.committee_name,
                    ),
                    (&back, &format!("Séance du {}", when(meeting.starts_at))),
                ],
                "Compte rendu",
            )
            .with_notice(Notice::of(notice)),
        meeting_id: id,
        earlier: shown
            .as_ref()
            .map(|m| m.revision)
            .filter(|r| Some(*r) != latest),
        body: typed.unwrap_or_else(|| shown.map(|m| m.body).unwrap_or_default()),
        to_publish: latest.filter(|_| latest != published && !meeting.cancelled),
        history: history
            .into_iter()
            .map(|m| RevisionLine {
                revision: m.revision,
                author: m.written_by.unwrap_or_else(|| "Compte supprimé".to_owned()),
                written: format::date_time(m.written_at),
                published: Some(m.revision) == published,
            })
            .collect(),
        errors,
    };
    let status = form_status(&page.errors);
    Ok((status, render(&page)?).into_response())
}

#[derive(Debug, Default, Deserialize)]
pub struct MinutesQuery {
    #[serde(default, deserialize_with = "blank_as_none")]
    revision: Option<i32>,
    #[serde(default)]
    fait: Option<String>,
}

pub async fn edit(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<MeetingId>,
    Query(query): Query<MinutesQuery>,
) -> AppResult<Response> {
    let notice = query.fait.as_deref();
    minutes_page(
        &state,
        &user,
        id,
        query.revision,
        None,
        notice,
        FieldErrors::new(),
    )
    .await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MinutesInput {
    body: String,
}

pub async fn save(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<MeetingId>,
    Form(input): Form<MinutesInput>,
) -> AppResult<Response> {
    user.require_coordinator()?;
    let errors = match minutes_text(&input.body) {
        Ok(body) => {
            let saved = state
                .store
                .save_minutes(&user.actor(), &user.scope, id, &body)
                .await;
            match checked(saved)? {
                Ok(_) => {
                    let to = Notice::MinutesSaved.at(&format!("/seances/{id}/compte-rendu"));
                    return Ok(Redirect::to(&to).into_response());
                }
                Err(errors) => errors,
            }
        }
        Err(errors) => errors,
    };
    minutes_page(&state, &user, id, None, Some(input.body), None, errors).await
}

/// The revision the coordinator read when they chose to publish.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublishInput {
    revision: i32,
}

pub async fn publish(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<MeetingId>,
    Form(input): Form<PublishInput>,
) -> AppResult<Response> {
    user.require_coordinator()?;
    let published = state
        .store
        .publish_minutes(&user.actor(), &user.scope, id, input.revision)
        .await;
    match checked(published)? {
        Ok(_) => {
            let to = Notice::MinutesPublished.at(&format!("/seances/{id}"));
            Ok(Redirect::to(&to).into_response())
        }
        Err(errors) => minutes_page(&state, &user, id, None, None, None, errors).await,
    }
}
