//! A meeting (*séance*): its page, its `.ics` file for a calendar
//! application (stable UID, SEQUENCE moved by each change, STATUS:CANCELLED
//! once cancelled, the agenda in its description), and its cancellation after a confirmation.

use askama::Template;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use maillage_domain::governance::committees::ReplyKind;
use maillage_domain::governance::{attendance_open, replies_open, Calendar, Event, Reply};
use maillage_domain::ids::MeetingId;
use maillage_domain::time::in_paris;
use maillage_domain::FieldErrors;
use maillage_store::governance::MeetingRow;
use maillage_store::meeting_records::InvitationRow;

use super::agenda::{with_agenda, AgendaSection};
use super::attendance::ReplyInput;
use super::case_reviews::CaseReviewSection;
use super::decisions::{DecisionSection, Refusal};
use super::follow_ups::FollowUpSection;
use super::{require_member, when, LIST};
use crate::auth::CurrentUser;
use crate::error::{checked, AppResult};
use crate::extract::{Path, Query};
use crate::routes::NoticeQuery;
use crate::state::AppState;
use crate::views::confirm::ConfirmPage;
use crate::views::notice::Notice;
use crate::views::{format, render, Layout};
use axum::http::StatusCode;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/seances/{id}", get(show))
        .route("/seances/{id}/seance.ics", get(ics))
        .route("/seances/{id}/annuler", get(confirm_cancel).post(cancel))
}

/// An invited member as the meeting page lists them.
pub struct InvitationLine {
    pub name: String,
    pub organisation: String,
    pub role: &'static str,
    /// « Sera présent », « Représenté par Mme X »…; empty without a reply.
    pub reply: String,
    pub attendance: &'static str,
}

impl From<&InvitationRow> for InvitationLine {
    fn from(row: &InvitationRow) -> Self {
        let reply = match row.reply() {
            None => String::new(),
            Some(Reply::Represented { representative }) => {
                format!("Représenté par {representative}")
            }
            Some(reply) => reply.label().to_owned(),
        };
        InvitationLine {
            name: row.name.clone(),
            organisation: row.organisation.clone().unwrap_or_default(),
            role: row.role.label(),
            reply,
            attendance: row.attendance.map_or("", |a| a.label()),
        }
    }
}

/// The minutes as members read them once published.
pub struct PublishedMinutes {
    pub body: String,
    pub revision: i32,
    pub published_on: String,
}

#[derive(Template)]
#[template(path = "governance/meeting.html")]
struct MeetingPage {
    layout: Layout,
    meeting: MeetingRow,
    kind: &'static str,
    when: String,
    until: String,
    manages: bool,
    can_cancel: bool,
    can_invite: bool,
    can_note_attendance: bool,
    invitations: Vec<InvitationLine>,
    /// The signed-in user's reply form, when they are invited and may
    /// still answer.
    reply: Option<ReplyInput>,
    replies: Vec<(String, String)>,
    minutes: Option<PublishedMinutes>,
    /// A refused invitation or reply.
    errors: FieldErrors,
    decisions: DecisionSection,
    follow_ups: FollowUpSection,
    case_reviews: CaseReviewSection,
    agenda: AgendaSection,
}

pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<MeetingId>,
    Query(query): Query<NoticeQuery>,
) -> AppResult<Response> {
    require_member(&user)?;
    page(&state, &user, id, query.fait.as_deref(), Refusal::default()).await
}

/// The meeting's page, with what a refused form of its sections typed.
pub(super) async fn page(
    state: &AppState,
    user: &CurrentUser,
    id: MeetingId,
    notice: Option<&str>,
    refusal: Refusal,
) -> AppResult<Response> {
    require_member(user)?;
    let status = if refusal.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let (meeting, invitations) = tokio::try_join!(
        state.store.meeting(&user.scope, id),
        state.store.invitations(&user.scope, id),
    )?;
    let (decisions, follow_ups, minutes, case_reviews, agenda) = tokio::try_join!(
        DecisionSection::load(
            state,
            user,
            &meeting,
            refusal.decision,
            refusal.decision_errors
        ),
        FollowUpSection::load(
            state,
            user,
            &meeting,
            refusal.follow_up,
            refusal.follow_up_errors
        ),
        published_minutes(state, user, &meeting),
        CaseReviewSection::load(state, user, &meeting, refusal.case_review),
        AgendaSection::load(state, user, &meeting),
    )?;
    let now = state.now();
    let open = !meeting.cancelled && replies_open(meeting.starts_at, now);
    let typed = refusal.reply;
    // The account's own invitation first, as the store answers it.
    let reply = invitations
        .iter()
        .filter(|i| i.answered_by(&user.scope))
        .min_by_key(|i| i.user_id.is_none())
        .filter(|_| open)
        .map(|mine| {
            typed.unwrap_or_else(|| ReplyInput {
                reply: mine.reply.map(|r| r.code().to_owned()).unwrap_or_default(),
                representative: mine.representative.clone(),
            })
        });
    let manages = user.scope.can_administer_cite();
    let committee = format!("/instances/{}", meeting.committee_id);
    let title = format!("Séance du {}", when(meeting.starts_at));
    let page = MeetingPage {
        layout: Layout::new(title.clone(), user, LIST)
            .with_breadcrumb(
                &[(LIST, "Instances"), (&committee, &meeting.committee_name)],
                &title,
            )
            .with_notice(Notice::of(notice)),
        kind: meeting.kind.label(),
        when: when(meeting.starts_at),
        until: maillage_domain::governance::rhythm::french_time(in_paris(meeting.ends_at).time()),
        manages,
        can_cancel: manages && !meeting.cancelled,
        can_invite: manages && open,
        can_note_attendance: manages
            && !meeting.cancelled
            && !invitations.is_empty()
            && attendance_open(meeting.starts_at, now),
        invitations: invitations.iter().map(InvitationLine::from).collect(),
        reply,
        replies: ReplyKind::ALL
            .iter()
            .map(|r| (r.code().to_owned(), r.label().to_owned()))
            .collect(),
        minutes,
        errors: refusal.errors,
        decisions,
        follow_ups,
        case_reviews,
        agenda,
        meeting,
    };
    Ok((status, render(&page)?).into_response())
}

/// The published minutes, if any: the members read nothing else.
async fn published_minutes(
    state: &AppState,
    user: &CurrentUser,
    meeting: &MeetingRow,
) -> AppResult<Option<PublishedMinutes>> {
    let Some(revision) = meeting.minutes_published_revision else {
        return Ok(None);
    };
    let minutes = state
        .store
        .minutes(&user.scope, meeting.id, Some(revision))
        .await?;
    Ok(minutes.map(|m| PublishedMinutes {
        body: m.body,
        revision: m.revision,
        published_on: meeting
            .minutes_published_at
            .map(format::date_time)
            .unwrap_or_default(),
    }))
}

/// The meeting as a calendar event.
pub(crate) fn event(meeting: &MeetingRow) -> Event {
    let non_empty = |text: &str| (!text.is_empty()).then(|| text.to_owned());
    Event {
        uid: Event::seance_uid(meeting.id.get()),
        sequence: u32::try_from(meeting.sequence).unwrap_or_default(),
        stamp: meeting.updated_at,
        start: in_paris(meeting.starts_at).naive_local(),
        end: in_paris(meeting.ends_at).naive_local(),
        summary: format!("{} — {}", meeting.kind.label(), meeting.committee_name),
        description: Some(format!(
            "Séance de l'instance « {} ».",
            meeting.committee_name
        )),
        location: non_empty(&meeting.place),
        url: non_empty(&meeting.video_url),
        cancelled: meeting.cancelled,
    }
}

pub async fn ics(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<MeetingId>,
) -> AppResult<Response> {
    require_member(&user)?;
    let (meeting, agenda) = tokio::try_join!(
        state.store.meeting(&user.scope, id),
        state.store.agenda(&user.scope, id),
    )?;
    let calendar = Calendar {
        name: meeting.committee_name.clone(),
        events: vec![with_agenda(event(&meeting), &agenda)],
    };
    let disposition = format!("attachment; filename=\"seance-{id}.ics\"");
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "text/calendar; charset=utf-8".to_owned(),
            ),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, "no-store".to_owned()),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
        ],
        calendar.to_ics(),
    )
        .into_response())
}

async fn cancel_page(
    state: &AppState,
    user: &CurrentUser,
    id: MeetingId,
    refusal: Option<String>,
) -> AppResult<Response> {
    user.require_coordinator()?;
    let meeting = state.store.meeting(&user.scope, id).await?;
    let back = format!("/seances/{id}");
    let refusal = refusal.or_else(|| {
        meeting
            .cancelled
            .then(|| "Cette séance est déjà annulée.".to_owned())
    });
    let page = ConfirmPage {
        layout: Layout::new("Annuler la séance", user, LIST),
        question: format!(
            "Annuler la séance de « {} » du {} ?",
            meeting.committee_name,
            when(meeting.starts_at)
        ),
        consequences: vec![
            "Elle reste dans la liste, marquée annulée.".to_owned(),
            "Les agendas abonnés la montrent annulée à leur prochaine mise à jour.".to_owned(),
        ],
        action: format!("{back}/annuler"),
        button: "Annuler la séance",
        refusal,
        back,
    };
    Ok(render(&page)?.into_response())
}

pub async fn confirm_cancel(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<MeetingId>,
) -> AppResult<Response> {
    cancel_page(&state, &user, id, None).await
}

pub async fn cancel(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<MeetingId>,
) -> AppResult<Response> {
    user.require_coordinator()?;
    let cancelled = state
        .store
        .cancel_meeting(&user.actor(), &user.scope, id)
        .await;
    match checked(cancelled)? {
        Ok(()) => {
            let to = Notice::MeetingCancelled.at(&format!("/seances/{id}"));
            Ok(Redirect::to(&to).into_response())
        }
        Err(errors) => {
            let message = errors.iter().next().map(|(_, m)| m.to_owned());
            let page = cancel_page(&state, &user, id, message).await?;
            Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}
