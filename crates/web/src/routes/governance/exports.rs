//! The governance exports: a meeting's published minutes as DOCX
//! (`/seances/{id}/compte-rendu.docx`), the decisions register
//! (`/instances/decisions.xlsx`, one year's with `?annee=`) and a
//! committee's attendance over its held meetings
//! (`/instances/{id}/presences.xlsx`) as XLSX. Read by the governance's
//! readers, as the pages are; the minutes only once published (for the
//! coordinator too: the file is what the members read). Each download is
//! audited as an export, as the agreements' documents are.

use std::collections::HashMap;

use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use maillage_domain::documents::{DocumentKind, DocumentName};
use maillage_domain::governance::{Attendance, DecisionSubject, Reply};
use maillage_domain::ids::{CommitteeId, MeetingId};
use maillage_domain::time::in_paris;
use maillage_office::{
    AttendanceSheet, MemberAttendance, MinutesAttendee, MinutesDecision, MinutesDoc,
    MinutesFollowUp, RegisterLine,
};
use maillage_store::governance_records::CommitteeDecisionRow;
use maillage_store::meeting_records::InvitationRow;
use maillage_store::AuditEntry;

use super::decisions::RegisterQuery;
use super::require_member;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::extract::{Path, Query};
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/seances/{id}/compte-rendu.docx", get(minutes_docx))
        .route("/instances/decisions.xlsx", get(register_xlsx))
        .route("/instances/{id}/presences.xlsx", get(attendance_xlsx))
}

/// The file, once its export is audited.
async fn exported(
    state: &AppState,
    user: &CurrentUser,
    entry: AuditEntry,
    name: &str,
    kind: DocumentKind,
    bytes: Vec<u8>,
) -> AppResult<Response> {
    state.store.audit(&user.actor(), entry).await?;
    let name = DocumentName::sanitise(name, kind);
    Ok(crate::routes::documents::attachment(&name, kind, bytes))
}

/// « Présent », « Représenté par Mme X »; what was answered when nothing
/// was noted.
fn presence(row: &InvitationRow) -> String {
    match (row.attendance, row.reply()) {
        (Some(Attendance::Represented), Some(Reply::Represented { representative }))
            if !representative.trim().is_empty() =>
        {
            format!("Représenté par {representative}")
        }
        (Some(attendance), _) => attendance.label().to_owned(),
        (None, Some(reply)) => format!("Non noté (réponse : {})", reply.label()),
        (None, None) => "Non noté".to_owned(),
    }
}

/// « Création d'une action : Atelier CV »; empty without a subject.
fn subject(row: &CommitteeDecisionRow) -> String {
    match row.subject() {
        DecisionSubject::None => String::new(),
        subject => format!(
            "{} : {}",
            subject.label(),
            row.subject_title.clone().unwrap_or_default()
        ),
    }
}

pub async fn minutes_docx(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<MeetingId>,
) -> AppResult<Response> {
    require_member(&user)?;
    let meeting = state.store.meeting(&user.scope, id).await?;
    let revision = meeting
        .minutes_published_revision
        .ok_or(AppError::NotFound)?;
    let (minutes, invitations, decisions, follow_ups, case_reviews, agenda) = tokio::try_join!(
        state.store.minutes(&user.scope, id, Some(revision)),
        state.store.invitations(&user.scope, id),
        state.store.meeting_decisions(&user.scope, id),
        state.store.meeting_follow_ups(&user.scope, id),
        state.store.case_review_pseudonyms(&user.scope, id),
        state.store.agenda(&user.scope, id),
    )?;
    let minutes = minutes.ok_or(AppError::NotFound)?;
    let doc = MinutesDoc {
        committee: meeting.committee_name.clone(),
        kind: meeting.kind.label().to_owned(),
        starts: in_paris(meeting.starts_at).naive_local(),
        ends: in_paris(meeting.ends_at).naive_local(),
        place: meeting.place.clone(),
        revision: minutes.revision,
        attendees: invitations
            .iter()
            .map(|i| MinutesAttendee {
                name: i.name.clone(),
                organisation: i.organisation.clone().unwrap_or_default(),
                status: presence(i),
            })
            .collect(),
        agenda: agenda.into_iter().map(|item| item.title).collect(),
        body: minutes.body,
        decisions: decisions
            .iter()
            .map(|d| MinutesDecision {
                number: d.number().to_string(),
                text: d.text.clone(),
                subject: subject(d),
            })
            .collect(),
        follow_ups: follow_ups
            .into_iter()
            .map(|f| MinutesFollowUp {
                title: f.title,
                owner: f.owner_name,
                due_on: f.due_on,
                status: f.status.label().to_owned(),
            })
            .collect(),
        case_reviews,
    };
    let day = in_paris(meeting.starts_at).format("%Y-%m-%d");
    let entry = AuditEntry::new(
        "meeting.minutes_export",
        "meeting",
        Some(id),
        Some(meeting.cite_id),
    )
    .detail(format!("révision {revision}"));
    exported(
        &state,
        &user,
        entry,
        &format!("compte-rendu-{}-{day}.docx", meeting.committee_name),
        DocumentKind::Docx,
        maillage_office::minutes_docx(&doc),
    )
    .await
}

pub async fn register_xlsx(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(query): Query<RegisterQuery>,
) -> AppResult<Response> {
    require_member(&user)?;
    let year = query.annee;
    let rows = state.store.cite_decisions(&user.scope, year).await?;
    let lines: Vec<RegisterLine> = rows
        .iter()
        .map(|d| RegisterLine {
            number: d.number().to_string(),
            meeting_on: in_paris(d.meeting_starts_at).date_naive(),
            committee: d.committee_name.clone(),
            text: d.text.clone(),
            subject: subject(d),
        })
        .collect();
    let (title, name) = match year {
        Some(year) => (
            format!("Relevé de décisions {year}"),
            format!("releve-decisions-{year}.xlsx"),
        ),
        None => (
            "Relevé de décisions".to_owned(),
            "releve-decisions.xlsx".to_owned(),
        ),
    };
    let entry = AuditEntry::new("decision.export", "cite", None::<i64>, user.scope.cite_id())
        .detail(title.clone());
    exported(
        &state,
        &user,
        entry,
        &name,
        DocumentKind::Xlsx,
        maillage_office::decisions_register_xlsx(&title, &lines),
    )
    .await
}

pub async fn attendance_xlsx(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<CommitteeId>,
) -> AppResult<Response> {
    require_member(&user)?;
    let now = state.now();
    let (committee, meetings, invitations) = tokio::try_join!(
        state.store.committee(&user.scope, id, now),
        state.store.committee_meetings(&user.scope, id),
        state.store.committee_invitations(&user.scope, id),
    )?;
    // Held: started, not cancelled.
    let held: Vec<_> = meetings
        .iter()
        .filter(|m| !m.cancelled && m.starts_at <= now)
        .collect();
    let column: HashMap<MeetingId, usize> =
        held.iter().enumerate().map(|(i, m)| (m.id, i)).collect();
    // Rows come by member, each member's invitations together.
    let mut members: Vec<MemberAttendance> = Vec::new();
    let mut last = None;
    for row in &invitations {
        let Some(&col) = column.get(&row.meeting_id) else {
            continue;
        };
        let member = row.invitation.member_id;
        if last != Some(member) {
            last = Some(member);
            members.push(MemberAttendance {
                name: row.invitation.name.clone(),
                organisation: row.invitation.organisation.clone().unwrap_or_default(),
                marks: vec![None; held.len()],
            });
        }
        if let Some(line) = members.last_mut() {
            line.marks[col] = row.invitation.attendance;
        }
    }
    let sheet = AttendanceSheet {
        committee: committee.name.clone(),
        meetings: held
            .iter()
            .map(|m| in_paris(m.starts_at).date_naive())
            .collect(),
        members,
    };
    let entry = AuditEntry::new(
        "committee.attendance_export",
        "committee",
        Some(id),
        Some(committee.cite_id),
    );
    exported(
        &state,
        &user,
        entry,
        &format!("presences-{}.xlsx", committee.name),
        DocumentKind::Xlsx,
        maillage_office::attendance_xlsx(&sheet),
    )
    .await
}
