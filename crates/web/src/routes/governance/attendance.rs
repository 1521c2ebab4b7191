//! Invitations (*convocations*) to a meeting, the members' replies and the
//! attendance sheet (*émargement*). The coordinator invites the committee's
//! members until the meeting starts; each invited member (the account, or
//! any account of the invited partner) answers on the meeting's page; from
//! the meeting's day on, the coordinator notes who was there.

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use maillage_domain::governance::{attendance_sheet, Attendance, Reply};
use maillage_domain::ids::{InvitationId, MeetingId};
use maillage_domain::FieldErrors;

use super::decisions::Refusal;
use super::meetings::{page, InvitationLine};
use super::{when, LIST};
use crate::auth::CurrentUser;
use crate::error::{checked, AppResult};
use crate::extract::Path;
use crate::form::Form;
use crate::state::AppState;
use crate::views::notice::Notice;
use crate::views::{form_status, render, Layout};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/seances/{id}/convoquer", post(invite))
        .route("/seances/{id}/reponse", post(reply))
        .route(
            "/seances/{id}/emargement",
            get(attendance_form).post(record_attendance),
        )
}

pub async fn invite(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<MeetingId>,
) -> AppResult<Response> {
    user.require_coordinator()?;
    let invited = state
        .store
        .invite_members(&user.actor(), &user.scope, id)
        .await;
    match checked(invited)? {
        Ok(_) => {
            // The invitations leave at once, with their .ics.
            state.mail_queued.notify_one();
            let to = Notice::MembersInvited.at(&format!("/seances/{id}"));
            Ok(Redirect::to(&to).into_response())
        }
        Err(errors) => {
            let refusal = Refusal {
                errors,
                ..Refusal::default()
            };
            page(&state, &user, id, None, refusal).await
        }
    }
}

/// The reply form, as typed.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ReplyInput {
    pub reply: String,
    pub representative: String,
}

pub async fn reply(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<MeetingId>,
    Form(input): Form<ReplyInput>,
) -> AppResult<Response> {
    let errors = match Reply::parse(&input.reply, &input.representative) {
        Ok(reply) => {
            let saved = state
                .store
                .reply_to_invitation(&user.actor(), &user.scope, id, &reply)
                .await;
            match checked(saved)? {
                Ok(()) => {
                    let to = Notice::ReplySaved.at(&format!("/seances/{id}"));
                    return Ok(Redirect::to(&to).into_response());
                }
                Err(errors) => errors,
            }
        }
        Err(errors) => errors,
    };
    let refusal = Refusal {
        reply: Some(input),
        errors,
        ..Refusal::default()
    };
    page(&state, &user, id, None, refusal).await
}

/// A line of the attendance sheet: the member and the attendance chosen.
pub struct SheetLine {
    pub invitation: InvitationId,
    /// « Mme X (Membre, Excusé) ».
    pub label: String,
    pub chosen: String,
}

#[derive(Template)]
#[template(path = "governance/attendance.html")]
struct AttendancePage {
    layout: Layout,
    meeting_id: MeetingId,
    lines: Vec<SheetLine>,
    choices: Vec<(String, String)>,
    errors: FieldErrors,
    /// The selects show no error of their own: the summary says it.
    no_errors: FieldErrors,
}

/// The sheet: what was noted, else what the reply announced, else absent;
/// after a refused form, what was chosen.
async fn attendance_page(
    state: &AppState,
    user: &CurrentUser,
    id: MeetingId,
    chosen: Option<&AttendanceInput>,
    errors: FieldErrors,
) -> AppResult<Response> {
    user.require_coordinator()?;
    let (meeting, invitations) = tokio::try_join!(
        state.store.meeting(&user.scope, id),
        state.store.invitations(&user.scope, id),
    )?;
    let back = format!("/seances/{id}");
    let title = format!("Émargement du {}", when(meeting.starts_at));
    let lines = invitations
        .iter()
        .map(|row| {
            let typed = chosen.and_then(|c| {
                let at = c.invitation.iter().position(|i| *i == row.id)?;
                c.attendance.get(at).cloned()
            });
            let expected = row
                .attendance
                .or_else(|| row.reply().map(|r| r.expected_attendance()))
                .unwrap_or(Attendance::Absent);
            let member = InvitationLine::from(row);
            let reply = match member.reply.is_empty() {
                true => "pas de réponse",
                false => member.reply.as_str(),
            };
            SheetLine {
                invitation: row.id,
                label: format!("{} ({}, {reply})", member.name, member.role),
                chosen: typed.unwrap_or_else(|| expected.code().to_owned()),
            }
        })
        .collect();
    let page = AttendancePage {
        layout: Layout::new(title.clone(), user, LIST).with_breadcrumb(
            &[
                (LIST, "Instances"),
                (
                    &format!("/instances/{}", meeting.committee_id),
                    &meeting.committee_name,
                ),
                (&back, &format!("Séance du {}", when(meeting.starts_at))),
            ],
            "Émargement",
        ),
        meeting_id: id,
        lines,
        choices: Attendance::ALL
            .iter()
            .map(|a| (a.code().to_owned(), a.label().to_owned()))
            .collect(),
        errors,
        no_errors: FieldErrors::new(),
    };
    let status = form_status(&page.errors);
    Ok((status, render(&page)?).into_response())
}

pub async fn attendance_form(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<MeetingId>,
) -> AppResult<Response> {
    attendance_page(&state, &user, id, None, FieldErrors::new()).await
}

/// The sheet as sent: the invitations and, in the same order, their
/// attendance.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AttendanceInput {
    invitation: Vec<InvitationId>,
    attendance: Vec<String>,
}

pub async fn record_attendance(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<MeetingId>,
    Form(input): Form<AttendanceInput>,
) -> AppResult<Response> {
    user.require_coordinator()?;
    let errors = match attendance_sheet(&input.invitation, &input.attendance) {
        Ok(sheet) => {
            let noted = state
                .store
                .record_attendance(&user.actor(), &user.scope, id, &sheet)
                .await;
            match checked(noted)? {
                Ok(()) => {
                    let to = Notice::AttendanceRecorded.at(&format!("/seances/{id}"));
                    return Ok(Redirect::to(&to).into_response());
                }
                Err(errors) => errors,
            }
        }
        Err(errors) => errors,
    };
    attendance_page(&state, &user, id, Some(&input), errors).await
}
