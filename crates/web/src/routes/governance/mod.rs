//! Governance (*gouvernance*): a Cité's committees (*instances*), their
//! members and their meetings (*séances*). Every member of the Cité reads
//! them; its coordinators create committees, name members, plan the
//! meetings of a rhythm or add one by hand. A meeting downloads as an
//! `.ics` file (`meetings.rs`) and has an agenda (`agenda.rs`). Its members are invited and answer, their
//! attendance is noted (`attendance.rs`), its minutes written and published
//! (`minutes.rs`); it records decisions (`decisions.rs`) and what is to
//! follow it (`follow_ups.rs`); a commission's meeting reviews persons under
//! pseudonyms (`case_reviews.rs`). The minutes, the decisions register and a
//! committee's attendance download as office files (`exports.rs`). Members subscribe their calendar to their
//! committees' meetings (`calendar.rs`).

mod agenda;
mod attendance;
mod calendar;
mod case_reviews;
mod decisions;
mod exports;
mod follow_ups;
pub(crate) mod meetings;
mod minutes;

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use chrono::{Duration, Months};
use maillage_domain::accounts::Role;
use maillage_domain::governance::{CommitteeInput, CommitteeKind, MeetingInput, MemberRole};
use maillage_domain::ids::{CommitteeId, PartnerId, UserId};
use maillage_domain::time::in_paris;
use maillage_domain::FieldErrors;
use maillage_store::governance::{CommitteeRow, MeetingRow, NewMember};

use super::NoticeQuery;
use crate::auth::CurrentUser;
use crate::error::{checked, AppError, AppResult};
use crate::extract::{Path, Query};
use crate::form::Form;
use crate::state::AppState;
use crate::views::notice::Notice;
use crate::views::{form_status, format, render, Layout};

pub use case_reviews::FileReviewLine;
pub use follow_ups::my_items as my_follow_up_items;
pub use follow_ups::ItemLine as FollowUpLine;

const LIST: &str = "/instances";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(LIST, get(list).post(create))
        .route("/instances/nouvelle", get(new))
        .route("/instances/{id}", get(show))
        .route("/instances/{id}/membres", post(add_member))
        .route("/instances/{id}/planifier", post(plan))
        .route("/instances/{id}/seances", post(add_meeting))
        .merge(meetings::routes())
        .merge(agenda::routes())
        .merge(attendance::routes())
        .merge(calendar::routes())
        .merge(minutes::routes())
        .merge(decisions::routes())
        .merge(case_reviews::routes())
        .merge(follow_ups::routes())
        .merge(exports::routes())
}

/// The Cité's coordinators, co-pilots, référents and porteurs read its
/// governance (the store says which committees); the national team finds
/// only the national view.
fn require_member(user: &CurrentUser) -> AppResult<()> {
    match user.role() {
        Role::Coordinateur | Role::Pilote | Role::Referent | Role::Porteur => Ok(()),
        Role::National => Err(AppError::NotFound),
    }
}

/// Whether the user reads every committee of the Cité, and so what spans
/// them all (decisions register, follow-up list, attendance rates): a
/// porteur reads only the committees it sits in (the store's rule too).
fn reads_whole_cite(user: &CurrentUser) -> bool {
    matches!(
        user.role(),
        Role::Coordinateur | Role::Pilote | Role::Referent
    )
}

/// « mardi 12/01/2027 à 14 h 00 », in Paris.
pub fn when(at: chrono::DateTime<chrono::Utc>) -> String {
    let local = in_paris(at);
    format!(
        "{} {} à {}",
        maillage_domain::governance::rhythm::weekday_name(chrono::Datelike::weekday(&local)),
        format::date(local.date_naive()),
        maillage_domain::governance::rhythm::french_time(local.time())
    )
}

/// A committee in the list.
pub struct CommitteeLine {
    pub id: CommitteeId,
    pub name: String,
    pub kind: &'static str,
    pub rhythm: String,
    pub members: String,
    pub next: String,
}

impl From<CommitteeRow> for CommitteeLine {
    fn from(row: CommitteeRow) -> Self {
        CommitteeLine {
            rhythm: row
                .schedule()
                .map(|s| s.describe())
                .unwrap_or_else(|| "Rythme illisible".to_owned()),
            members: format::integer(row.members),
            next: row
                .next_meeting
                .map(when)
                .unwrap_or_else(|| "Aucune".to_owned()),
            kind: row.kind.label(),
            name: row.name,
            id: row.id,
        }
    }
}

#[derive(Template)]
#[template(path = "governance/list.html")]
struct ListPage {
    layout: Layout,
    committees: Vec<CommitteeLine>,
    meetings: Vec<MeetingLine>,
    /// The partner categories sitting in the committees, in French.
    actor_kinds: String,
    /// (partner, category, attendance rate) over twelve months.
    attendance: Vec<(String, &'static str, String)>,
    can_create: bool,
    reads_whole_cite: bool,
}

pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(query): Query<NoticeQuery>,
) -> AppResult<Response> {
    if user.role() == Role::National {
        return national(&state, &user).await;
    }
    require_member(&user)?;
    let now = state.now();
    let whole = reads_whole_cite(&user);
    let (committees, meetings, attendance) = tokio::try_join!(
        state.store.committees(&user.scope, now),
        state.store.upcoming_meetings(&user.scope, now, 10),
        async {
            match whole {
                true => {
                    state
                        .store
                        .partner_attendance(&user.scope, now - Duration::days(365), now)
                        .await
                }
                false => Ok(Vec::new()),
            }
        },
    )?;
    let kinds: std::collections::BTreeSet<&str> =
        attendance.iter().map(|a| a.category.label()).collect();
    let page = ListPage {
        layout: Layout::new("Instances", &user, LIST)
            .with_notice(Notice::of(query.fait.as_deref())),
        committees: committees.into_iter().map(CommitteeLine::from).collect(),
        meetings: meetings.into_iter().map(MeetingLine::from).collect(),
        actor_kinds: kinds.into_iter().collect::<Vec<_>>().join(", "),
        attendance: attendance
            .iter()
            .map(|a| {
                (
                    a.partner.clone(),
                    a.category.label(),
                    attendance_rate(a.present, a.noted),
                )
            })
            .collect(),
        can_create: user.scope.can_administer_cite(),
        reads_whole_cite: whole,
    };
    Ok(render(&page)?.into_response())
}

/// Present or represented over noted, « — » when nothing was noted.
fn attendance_rate(present: i64, noted: i64) -> String {
    match noted {
        0 => "—".to_owned(),
        _ => format::percent(100.0 * present as f64 / noted as f64),
    }
}

/// A Cité's line in the national view: counts, never a name.
pub struct NationalLine {
    pub cite: String,
    pub copils: String,
    pub meetings: String,
    pub actor_types: String,
    pub attendance: String,
}

#[derive(Template)]
#[template(path = "governance/national.html")]
struct NationalPage {
    layout: Layout,
    lines: Vec<NationalLine>,
    copils: String,
    meetings: String,
}

/// The network's governance over the last twelve months, per Cité.
async fn national(state: &AppState, user: &CurrentUser) -> AppResult<Response> {
    let now = state.now();
    let since = now - Duration::days(365);
    let rows = state
        .store
        .national_governance(&user.scope, since, now)
        .await?;
    let page = NationalPage {
        layout: Layout::new("Instances des Cités", user, LIST),
        copils: format::integer(rows.iter().map(|r| r.copils_held).sum()),
        meetings: format::integer(rows.iter().map(|r| r.meetings_held).sum()),
        lines: rows
            .into_iter()
            .map(|r| NationalLine {
                copils: format::integer(r.copils_held),
                meetings: format::integer(r.meetings_held),
                actor_types: format::integer(r.actor_types),
                attendance: attendance_rate(r.attendance_present, r.attendance_noted),
                cite: r.cite_name,
            })
            .collect(),
    };
    Ok(render(&page)?.into_response())
}

#[derive(Template)]
#[template(path = "governance/new.html")]
struct NewPage {
    layout: Layout,
    form: CommitteeInput,
    kinds: Vec<(String, String)>,
    rhythms: Vec<(String, String)>,
    weekdays: Vec<(String, String)>,
    errors: FieldErrors,
}

fn new_page(user: &CurrentUser, form: CommitteeInput, errors: FieldErrors) -> AppResult<Response> {
    use maillage_domain::governance::rhythm::{weekday_code, weekday_name, RhythmKind};
    let weekdays = [
        chrono::Weekday::Mon,
        chrono::Weekday::Tue,
        chrono::Weekday::Wed,
        chrono::Weekday::Thu,
        chrono::Weekday::Fri,
    ];
    let page = NewPage {
        layout: Layout::new("Nouvelle instance", user, LIST)
            .with_breadcrumb(&[(LIST, "Instances")], "Nouvelle instance"),
        kinds: CommitteeKind::ALL
            .iter()
            .map(|k| (k.code().to_owned(), k.label().to_owned()))
            .collect(),
        rhythms: RhythmKind::ALL
            .iter()
            .map(|k| (k.code().to_owned(), k.label().to_owned()))
            .collect(),
        weekdays: weekdays
            .iter()
            .map(|d| (weekday_code(*d).to_owned(), weekday_name(*d).to_owned()))
            .collect(),
        form,
        errors,
    };
    let status = form_status(&page.errors);
    Ok((status, render(&page)?).into_response())
}

pub async fn new(user: CurrentUser) -> AppResult<Response> {
    user.require_coordinator()?;
    let form = CommitteeInput {
        kind: "none".into(),
        time: "14:00".into(),
        duration_minutes: "120".into(),
        ..CommitteeInput::default()
    };
    new_page(&user, form, FieldErrors::new())
}

pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    Form(input): Form<CommitteeInput>,
) -> AppResult<Response> {
    user.require_coordinator()?;
    let errors = match input.validate(state.today()) {
        Ok(draft) => {
            let created = state
                .store
                .create_committee(&user.actor(), &user.scope, &draft)
                .await;
            match checked(created)? {
                Ok(id) => {
                    let to = Notice::CommitteeCreated.at(&format!("/instances/{id}"));
                    return Ok(Redirect::to(&to).into_response());
                }
                Err(errors) => errors,
            }
        }
        Err(errors) => errors,
    };
    new_page(&user, input, errors)
}

/// A meeting as lists show it.
pub struct MeetingLine {
    pub id: maillage_domain::ids::MeetingId,
    pub committee: String,
    pub when: String,
    pub place: String,
    pub cancelled: bool,
}

impl From<MeetingRow> for MeetingLine {
    fn from(row: MeetingRow) -> Self {
        MeetingLine {
            id: row.id,
            committee: row.committee_name,
            when: when(row.starts_at),
            place: row.place,
            cancelled: row.cancelled,
        }
    }
}

/// What the committee's page shows back after a refused form.
#[derive(Default)]
struct Refused {
    member: (String, String),
    meeting: Option<MeetingInput>,
    errors: FieldErrors,
}

#[derive(Template)]
#[template(path = "governance/show.html")]
struct ShowPage {
    layout: Layout,
    committee: CommitteeLine,
    place: String,
    /// (name, organisation, role)
    members: Vec<(String, String, &'static str)>,
    upcoming: Vec<MeetingLine>,
    past: Vec<MeetingLine>,
    manages: bool,
    has_rhythm: bool,
    /// The member form's choices: (value, label).
    candidates: Vec<(String, String)>,
    roles: Vec<(String, String)>,
    member: String,
    role: String,
    meeting: MeetingInput,
    errors: FieldErrors,
}

async fn show_page(
    state: &AppState,
    user: &CurrentUser,
    id: CommitteeId,
    notice: Option<&str>,
    refused: Refused,
) -> AppResult<Response> {
    let now = state.now();
    let (committee, members, meetings) = tokio::try_join!(
        state.store.committee(&user.scope, id, now),
        state.store.committee_members(&user.scope, id),
        state.store.committee_meetings(&user.scope, id),
    )?;
    let manages = user.scope.can_administer_cite();
    let candidates = match manages {
        true => candidates(state, user).await?,
        false => Vec::new(),
    };
    let (upcoming, past): (Vec<MeetingRow>, Vec<MeetingRow>) =
        meetings.into_iter().partition(|m| m.starts_at >= now);
    let has_rhythm = committee.rrule.is_some();
    let place = committee.place.clone();
    let duration = committee.duration_minutes.to_string();
    let line = CommitteeLine::from(committee);
    let page = ShowPage {
        layout: Layout::new(line.name.clone(), user, LIST)
            .with_breadcrumb(&[(LIST, "Instances")], &line.name)
            .with_notice(Notice::of(notice)),
        place: place.clone(),
        members: members
            .into_iter()
            .map(|m| (m.name, m.organisation.unwrap_or_default(), m.role.label()))
            .collect(),
        upcoming: upcoming.into_iter().map(MeetingLine::from).collect(),
        past: past.into_iter().rev().map(MeetingLine::from).collect(),
        manages,
        has_rhythm,
        candidates,
        roles: MemberRole::ALL
            .iter()
            .map(|r| (r.code().to_owned(), r.label().to_owned()))
            .collect(),
        member: refused.member.0,
        role: refused.member.1,
        meeting: refused.meeting.unwrap_or(MeetingInput {
            duration_minutes: duration,
            place,
            ..MeetingInput::default()
        }),
        errors: refused.errors,
        committee: line,
    };
    let status = form_status(&page.errors);
    Ok((status, render(&page)?).into_response())
}

/// The Cité's accounts and partners, as the member form offers them.
async fn candidates(state: &AppState, user: &CurrentUser) -> AppResult<Vec<(String, String)>> {
    let (accounts, partners) = tokio::try_join!(
        state.store.cite_accounts(&user.scope),
        state.store.partners(&user.scope, false),
    )?;
    let mut choices: Vec<(String, String)> = accounts
        .into_iter()
        .map(|a| {
            (
                format!("compte-{}", a.user_id),
                format!("{} ({})", a.name, a.role.label()),
            )
        })
        .collect();
    choices.extend(partners.into_iter().map(|p| {
        (
            format!("partenaire-{}", p.id),
            format!("{} (partenaire)", p.name),
        )
    }));
    Ok(choices)
}

pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<CommitteeId>,
    Query(query): Query<NoticeQuery>,
) -> AppResult<Response> {
    require_member(&user)?;
    show_page(&state, &user, id, query.fait.as_deref(), Refused::default()).await
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MemberInput {
    member: String,
    role: String,
}

/// `compte-12` or `partenaire-4`, as the form's choices name them.
fn new_member(value: &str) -> Option<NewMember> {
    let (kind, id) = value.split_once('-')?;
    match kind {
        "compte" => id.parse::<UserId>().ok().map(NewMember::Account),
        "partenaire" => id.parse::<PartnerId>().ok().map(NewMember::Partner),
        _ => None,
    }
}

pub async fn add_member(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<CommitteeId>,
    Form(input): Form<MemberInput>,
) -> AppResult<Response> {
    user.require_coordinator()?;
    let mut errors = FieldErrors::new();
    let member = new_member(input.member.trim());
    if member.is_none() {
        errors.add(
            "member",
            "Choisissez un compte ou un partenaire de la Cité.",
        );
    }
    let role = MemberRole::parse(input.role.trim());
    if role.is_none() {
        errors.add("role", "Choisissez un rôle.");
    }
    if let (Some(member), Some(role)) = (member, role) {
        let added = state
            .store
            .add_committee_member(&user.actor(), &user.scope, id, member, role)
            .await;
        match checked(added)? {
            Ok(_) => {
                let to = Notice::CommitteeMemberAdded.at(&format!("/instances/{id}"));
                return Ok(Redirect::to(&to).into_response());
            }
            Err(refused) => errors = refused,
        }
    }
    let refused = Refused {
        member: (input.member, input.role),
        meeting: None,
        errors,
    };
    show_page(&state, &user, id, None, refused).await
}

/// Plans the rhythm's meetings of the next twelve months.
pub async fn plan(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<CommitteeId>,
) -> AppResult<Response> {
    user.require_coordinator()?;
    let committee = state.store.committee(&user.scope, id, state.now()).await?;
    let schedule = committee
        .schedule()
        .ok_or_else(|| AppError::Internal("rythme illisible".into()))?;
    if schedule.rhythm == maillage_domain::governance::Rhythm::None {
        let refused = Refused {
            errors: FieldErrors::single(
                "plan",
                "Cette instance n'a pas de rythme fixe : ajoutez ses séances une à une.",
            ),
            ..Refused::default()
        };
        return show_page(&state, &user, id, None, refused).await;
    }
    let from = state.today() + Duration::days(1);
    let until = from.checked_add_months(Months::new(12)).unwrap_or(from);
    let length = Duration::minutes(i64::from(schedule.duration_minutes));
    // The end is the start plus the duration, in UTC: a meeting over the
    // night the clocks change lasts what it lasts.
    let times: Vec<_> = schedule
        .occurrences_utc(from, until)
        .into_iter()
        .map(|start| (start, start + length))
        .collect();
    state
        .store
        .plan_meetings(&user.actor(), &user.scope, id, &times)
        .await?;
    let to = Notice::MeetingsPlanned.at(&format!("/instances/{id}"));
    Ok(Redirect::to(&to).into_response())
}

pub async fn add_meeting(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<CommitteeId>,
    Form(input): Form<MeetingInput>,
) -> AppResult<Response> {
    user.require_coordinator()?;
    let errors = match input.validate(state.today()) {
        Ok(draft) => {
            let added = state
                .store
                .add_meeting(&user.actor(), &user.scope, id, &draft)
                .await;
            match checked(added)? {
                Ok(meeting) => {
                    let to = Notice::MeetingAdded.at(&format!("/seances/{meeting}"));
                    return Ok(Redirect::to(&to).into_response());
                }
                Err(errors) => errors,
            }
        }
        Err(errors) => errors,
    };
    let refused = Refused {
        member: Default::default(),
        meeting: Some(input),
        errors,
    };
    show_page(&state, &user, id, None, refused).await
}
