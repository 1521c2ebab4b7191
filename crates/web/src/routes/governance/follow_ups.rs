//! What is to follow a meeting (*suites à donner*): the section of the
//! meeting's page with the coordinator's form, the Cité's list
//! (`/instances/suites`, open first, late ones flagged), the owner's own in
//! « À faire », and the closing form (`/suites/{id}/cloturer`), for the
//! coordinator or the owner.

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use chrono::NaiveDate;
use maillage_domain::accounts::Role;
use maillage_domain::governance::follow_ups::{is_late, Closing, FollowUpInput};
use maillage_domain::governance::FollowUpStatus;
use maillage_domain::ids::{FollowUpItemId, MeetingId};
use maillage_domain::FieldErrors;
use maillage_store::governance::MeetingRow;
use maillage_store::governance_records::FollowUpItemRow;
use maillage_store::StoreError;
use serde::Deserialize;

use super::decisions::{absorb, Refusal};
use super::{candidates, meetings, new_member, reads_whole_cite, require_member, when, LIST};
use crate::auth::CurrentUser;
use crate::error::{checked, AppError, AppResult};
use crate::extract::Path;
use crate::form::Form;
use crate::state::AppState;
use crate::views::notice::Notice;
use crate::views::{form_status, format, render, Layout};

pub const CITE_LIST: &str = "/instances/suites";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(CITE_LIST, get(cite_list))
        .route("/seances/{id}/suites", post(add))
        .route("/suites/{id}/cloturer", get(close_form).post(close))
}

/// The follow-up form, as typed: the item and its owner (`compte-12`,
/// `partenaire-4`).
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FollowUpForm {
    pub title: String,
    pub due_on: String,
    pub owner: String,
}

/// Whether the reader carries the item, itself or through its partner.
fn owns(user: &CurrentUser, row: &FollowUpItemRow) -> bool {
    row.owner_user_id == Some(user.user_id)
        || (row.owner_partner_id.is_some() && row.owner_partner_id == user.scope.partner_id())
}

/// An item as lists show it.
pub struct ItemLine {
    pub id: FollowUpItemId,
    pub title: String,
    pub owner: String,
    /// « 30/04/2026 », empty without a due date.
    pub due_on: String,
    pub late: bool,
    pub open: bool,
    pub status: &'static str,
    pub note: String,
    pub meeting_id: MeetingId,
    pub meeting: String,
    pub can_close: bool,
}

impl ItemLine {
    pub fn new(row: FollowUpItemRow, user: &CurrentUser, today: NaiveDate) -> ItemLine {
        let open = row.status == FollowUpStatus::Open;
        let can_close = open && (user.role() == Role::Coordinateur || owns(user, &row));
        ItemLine {
            id: row.id,
            late: is_late(row.status, row.due_on, today),
            due_on: row.due_on.map(format::date).unwrap_or_default(),
            open,
            status: row.status.label(),
            meeting: format!("{}, {}", row.committee_name, when(row.meeting_starts_at)),
            meeting_id: row.meeting_id,
            can_close,
            title: row.title,
            owner: row.owner_name,
            note: row.closing_note,
        }
    }
}

/// The section « Suites à donner » of a meeting's page.
pub struct FollowUpSection {
    pub lines: Vec<ItemLine>,
    pub can_add: bool,
    /// Whether the reader opens the Cité's list (not a porteur).
    pub reads_cite_list: bool,
    pub owners: Vec<(String, String)>,
    pub form: FollowUpForm,
    pub errors: FieldErrors,
}

impl FollowUpSection {
    pub async fn load(
        state: &AppState,
        user: &CurrentUser,
        meeting: &MeetingRow,
        form: FollowUpForm,
        errors: FieldErrors,
    ) -> AppResult<FollowUpSection> {
        let can_add = user.scope.can_administer_cite();
        let (rows, owners) = tokio::try_join!(
            async {
                state
                    .store
                    .meeting_follow_ups(&user.scope, meeting.id)
                    .await
                    .map_err(AppError::from)
            },
            async {
                match can_add {
                    true => candidates(state, user).await,
                    false => Ok(Vec::new()),
                }
            }
        )?;
        let today = state.today();
        Ok(FollowUpSection {
            lines: rows
                .into_iter()
                .map(|row| ItemLine::new(row, user, today))
                .collect(),
            can_add,
            reads_cite_list: reads_whole_cite(user),
            owners,
            form,
            errors,
        })
    }
}

pub async fn add(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<MeetingId>,
    Form(form): Form<FollowUpForm>,
) -> AppResult<Response> {
    user.require_coordinator()?;
    let mut errors = FieldErrors::new();
    let input = FollowUpInput {
        title: form.title.clone(),
        due_on: form.due_on.clone(),
    };
    let draft = input
        .parse(state.today())
        .map_err(|e| absorb(&mut errors, &e))
        .ok();
    let owner = new_member(form.owner.trim());
    if owner.is_none() {
        errors.add("owner", "Choisissez un compte ou un partenaire de la Cité.");
    }
    if let (Some(draft), Some(owner)) = (draft, owner) {
        let added = state
            .store
            .add_follow_up_item(&user.actor(), &user.scope, id, &draft, owner)
            .await;
        match checked(added)? {
            Ok(_) => {
                let to = Notice::FollowUpItemAdded.at(&format!("/seances/{id}"));
                return Ok(Redirect::to(&format!("{to}#suites")).into_response());
            }
            Err(refused) => errors = refused,
        }
    }
    let refusal = Refusal {
        follow_up: form,
        follow_up_errors: errors,
        ..Refusal::default()
    };
    meetings::page(&state, &user, id, None, refusal).await
}

#[derive(Template)]
#[template(path = "governance/follow_ups.html")]
struct CiteListPage {
    layout: Layout,
    lines: Vec<ItemLine>,
    late: usize,
}

pub async fn cite_list(State(state): State<AppState>, user: CurrentUser) -> AppResult<Response> {
    require_member(&user)?;
    let today = state.today();
    let lines: Vec<ItemLine> = state
        .store
        .cite_follow_ups(&user.scope)
        .await?
        .into_iter()
        .map(|row| ItemLine::new(row, &user, today))
        .collect();
    let page = CiteListPage {
        layout: Layout::new("Suites à donner", &user, LIST)
            .with_breadcrumb(&[(LIST, "Instances")], "Suites à donner"),
        late: lines.iter().filter(|l| l.late).count(),
        lines,
    };
    Ok(render(&page)?.into_response())
}

/// The reader's open items, own or its partner's, for « À faire ».
pub async fn my_items(state: &AppState, user: &CurrentUser) -> AppResult<Vec<ItemLine>> {
    let today = state.today();
    Ok(state
        .store
        .my_follow_ups(&user.scope)
        .await?
        .into_iter()
        .map(|row| ItemLine::new(row, user, today))
        .collect())
}

/// The closing form, as typed.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CloseForm {
    pub status: String,
    pub note: String,
}

#[derive(Template)]
#[template(path = "governance/close_follow_up.html")]
struct ClosePage {
    layout: Layout,
    item: ItemLine,
    statuses: Vec<(String, String)>,
    form: CloseForm,
    errors: FieldErrors,
    back: String,
}

/// Where the reader goes back to: the meeting for who reads it, « À
/// faire » for an owner who does not.
async fn back(state: &AppState, user: &CurrentUser, meeting: MeetingId) -> AppResult<String> {
    match state.store.meeting(&user.scope, meeting).await {
        Ok(_) => Ok(format!("/seances/{meeting}")),
        Err(StoreError::NotFound) => Ok("/a-faire".to_owned()),
        Err(other) => Err(other.into()),
    }
}

async fn close_page(
    state: &AppState,
    user: &CurrentUser,
    id: FollowUpItemId,
    form: CloseForm,
    errors: FieldErrors,
) -> AppResult<Response> {
    let row = state.store.follow_up_item(&user.scope, id).await?;
    if user.role() != Role::Coordinateur && !owns(user, &row) {
        return Err(AppError::Forbidden);
    }
    let item = ItemLine::new(row, user, state.today());
    let page = ClosePage {
        layout: Layout::new("Clore une suite à donner", user, LIST),
        back: back(state, user, item.meeting_id).await?,
        statuses: [FollowUpStatus::Done, FollowUpStatus::Cancelled]
            .iter()
            .map(|s| (s.code().to_owned(), s.label().to_owned()))
            .collect(),
        item,
        form,
        errors,
    };
    let status = form_status(&page.errors);
    Ok((status, render(&page)?).into_response())
}

pub async fn close_form(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<FollowUpItemId>,
) -> AppResult<Response> {
    let form = CloseForm {
        status: FollowUpStatus::Done.code().to_owned(),
        ..CloseForm::default()
    };
    close_page(&state, &user, id, form, FieldErrors::new()).await
}

pub async fn close(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<FollowUpItemId>,
    Form(form): Form<CloseForm>,
) -> AppResult<Response> {
    let status = FollowUpStatus::parse(form.status.trim()).unwrap_or(FollowUpStatus::Open);
    let errors = match Closing::new(status, &form.note) {
        Ok(closing) => {
            let closed = state
                .store
                .close_follow_up_item(&user.actor(), &user.scope, id, &closing)
                .await;
            match checked(closed)? {
                Ok(()) => {
                    let row = state.store.follow_up_item(&user.scope, id).await?;
                    let back = back(&state, &user, row.meeting_id).await?;
                    let to = Notice::FollowUpItemClosed.at(&back);
                    return Ok(Redirect::to(&to).into_response());
                }
                Err(errors) => errors,
            }
        }
        Err(errors) => errors,
    };
    close_page(&state, &user, id, form, errors).await
}
