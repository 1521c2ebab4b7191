//! A meeting's agenda (*ordre du jour*): the numbered section of the
//! meeting's page with each item's attachments, and the coordinator's forms;
//! an item's own page (its text, its documents, its edit form), its moves up
//! and down and its removal after a confirmation. Until the agenda is frozen
//! (`agenda_frozen`: a cancelled meeting, published minutes) the
//! coordinator changes it; whoever reads the meeting reads it.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use maillage_domain::documents::DocumentOwner;
use maillage_domain::governance::agenda::{agenda_frozen, agenda_text};
use maillage_domain::governance::{AgendaItemInput, Direction, Event};
use maillage_domain::ids::{AgendaItemId, MeetingId};
use maillage_domain::FieldErrors;
use maillage_store::agenda::AgendaItemRow;
use maillage_store::governance::MeetingRow;

use super::{require_member, when, LIST};
use crate::auth::CurrentUser;
use crate::error::{checked, AppResult};
use crate::extract::Path;
use crate::form::Form;
use crate::routes::documents::{DocumentLine, DocumentsView};
use crate::state::AppState;
use crate::views::confirm::ConfirmPage;
use crate::views::notice::Notice;
use crate::views::{render, Layout};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/seances/{id}/ordre-du-jour", post(add))
        .route("/ordre-du-jour/{id}", get(show).post(update))
        .route("/ordre-du-jour/{id}/monter", post(move_up))
        .route("/ordre-du-jour/{id}/descendre", post(move_down))
        .route(
            "/ordre-du-jour/{id}/retirer",
            get(confirm_remove).post(remove),
        )
}

/// The agenda on the meeting's page, at the item `id`.
fn at_item(notice: Notice, meeting: MeetingId, id: AgendaItemId) -> Redirect {
    Redirect::to(&format!(
        "{}#point-{id}",
        notice.at(&format!("/seances/{meeting}"))
    ))
}

/// Why the meeting's agenda no longer changes, told to the coordinator.
fn frozen(meeting: &MeetingRow) -> Option<&'static str> {
    agenda_frozen(
        meeting.cancelled,
        meeting.minutes_published_revision.is_some(),
    )
}

/// The meeting's event with its agenda after its description, for a
/// calendar application.
pub fn with_agenda(mut event: Event, agenda: &[AgendaItemRow]) -> Event {
    if let Some(text) = agenda_text(agenda.iter().map(|item| item.title.as_str())) {
        event.description = Some(match event.description {
            Some(description) => format!("{description}\n\n{text}"),
            None => text,
        });
    }
    event
}

/// An item as the meeting's page lists it.
pub struct AgendaLine {
    pub id: AgendaItemId,
    pub title: String,
    pub description: String,
    pub documents: Vec<DocumentLine>,
}

/// The section « Ordre du jour » of a meeting's page.
pub struct AgendaSection {
    pub items: Vec<AgendaLine>,
    /// The coordinator changes the agenda until it is frozen.
    pub can_edit: bool,
    /// Why it no longer changes, for the coordinator.
    pub frozen: Option<&'static str>,
    /// The empty form to add an item (a refused one shows on its own page).
    pub form: AgendaItemInput,
    pub errors: FieldErrors,
}

impl AgendaSection {
    pub async fn load(
        state: &AppState,
        user: &CurrentUser,
        meeting: &MeetingRow,
    ) -> AppResult<AgendaSection> {
        let (rows, documents) = tokio::try_join!(
            state.store.agenda(&user.scope, meeting.id),
            state.store.agenda_documents(&user.scope, meeting.id),
        )?;
        let manages = user.scope.can_administer_cite();
        let frozen = frozen(meeting).filter(|_| manages);
        let items = rows
            .into_iter()
            .map(|row| AgendaLine {
                documents: documents
                    .iter()
                    .filter(|d| d.owner() == DocumentOwner::AgendaItem(row.id))
                    .cloned()
                    .map(DocumentLine::from)
                    .collect(),
                id: row.id,
                title: row.title,
                description: row.description,
            })
            .collect();
        Ok(AgendaSection {
            items,
            can_edit: manages && frozen.is_none(),
            frozen,
            form: AgendaItemInput::default(),
            errors: FieldErrors::new(),
        })
    }
}

#[derive(Template)]
#[template(path = "governance/agenda_new.html")]
struct NewPage {
    layout: Layout,
    meeting: MeetingRow,
    form: AgendaItemInput,
    errors: FieldErrors,
}

pub async fn add(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<MeetingId>,
    Form(form): Form<AgendaItemInput>,
) -> AppResult<Response> {
    user.require_coordinator()?;
    let errors = match form.parse() {
        Ok(draft) => {
            let added = state
                .store
                .add_agenda_item(&user.actor(), &user.scope, id, &draft)
                .await;
            match checked(added)? {
                Ok(item) => return Ok(at_item(Notice::AgendaItemAdded, id, item).into_response()),
                Err(errors) => errors,
            }
        }
        Err(errors) => errors,
    };
    let meeting = state.store.meeting(&user.scope, id).await?;
    let page = NewPage {
        layout: Layout::new("Ajouter un point à l'ordre du jour", &user, LIST),
        meeting,
        form,
        errors,
    };
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
}

#[derive(Template)]
#[template(path = "governance/agenda_item.html")]
struct ItemPage {
    layout: Layout,
    item: AgendaItemRow,
    /// Its rank in the agenda, from 1.
    number: usize,
    meeting: MeetingRow,
    documents: DocumentsView,
    can_edit: bool,
    frozen: Option<&'static str>,
    form: AgendaItemInput,
    errors: FieldErrors,
}

/// The item's page; `typed`: a refused edit, as typed, with its errors.
async fn item_page(
    state: &AppState,
    user: &CurrentUser,
    id: AgendaItemId,
    typed: Option<(AgendaItemInput, FieldErrors)>,
) -> AppResult<Response> {
    require_member(user)?;
    let item = state.store.agenda_item(&user.scope, id).await?;
    let (meeting, agenda) = tokio::try_join!(
        state.store.meeting(&user.scope, item.meeting_id),
        state.store.agenda(&user.scope, item.meeting_id),
    )?;
    let documents =
        DocumentsView::load(state, Some(&user.scope), DocumentOwner::AgendaItem(id)).await?;
    let manages = user.scope.can_administer_cite();
    let frozen = frozen(&meeting).filter(|_| manages);
    let status = match typed {
        Some(_) => StatusCode::UNPROCESSABLE_ENTITY,
        None => StatusCode::OK,
    };
    let (form, errors) = typed.unwrap_or_else(|| {
        let form = AgendaItemInput {
            title: item.title.clone(),
            description: item.description.clone(),
        };
        (form, FieldErrors::new())
    });
    let committee = format!("/instances/{}", meeting.committee_id);
    let seance = format!("/seances/{}", meeting.id);
    let seance_title = format!("Séance du {}", when(meeting.starts_at));
    let page = ItemPage {
        layout: Layout::new(item.title.clone(), user, LIST).with_breadcrumb(
            &[
                (LIST, "Instances"),
                (&committee, &meeting.committee_name),
                (&seance, &seance_title),
            ],
            &item.title,
        ),
        number: agenda.iter().position(|i| i.id == id).unwrap_or_default() + 1,
        can_edit: manages && frozen.is_none(),
        frozen,
        documents,
        form,
        errors,
        item,
        meeting,
    };
    Ok((status, render(&page)?).into_response())
}

pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<AgendaItemId>,
) -> AppResult<Response> {
    item_page(&state, &user, id, None).await
}

pub async fn update(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<AgendaItemId>,
    Form(form): Form<AgendaItemInput>,
) -> AppResult<Response> {
    user.require_coordinator()?;
    let errors = match form.parse() {
        Ok(draft) => {
            let updated = state
                .store
                .update_agenda_item(&user.actor(), &user.scope, id, &draft)
                .await;
            match checked(updated)? {
                Ok(meeting) => {
                    return Ok(at_item(Notice::AgendaItemUpdated, meeting, id).into_response())
                }
                Err(errors) => errors,
            }
        }
        Err(errors) => errors,
    };
    item_page(&state, &user, id, Some((form, errors))).await
}

async fn move_item(
    state: &AppState,
    user: &CurrentUser,
    id: AgendaItemId,
    direction: Direction,
) -> AppResult<Redirect> {
    user.require_coordinator()?;
    let meeting = state
        .store
        .move_agenda_item(&user.actor(), &user.scope, id, direction)
        .await?;
    Ok(at_item(Notice::AgendaItemMoved, meeting, id))
}

pub async fn move_up(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<AgendaItemId>,
) -> AppResult<Redirect> {
    move_item(&state, &user, id, Direction::Up).await
}

pub async fn move_down(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<AgendaItemId>,
) -> AppResult<Redirect> {
    move_item(&state, &user, id, Direction::Down).await
}

async fn remove_page(
    state: &AppState,
    user: &CurrentUser,
    id: AgendaItemId,
    refusal: Option<String>,
) -> AppResult<Response> {
    user.require_coordinator()?;
    let item = state.store.agenda_item(&user.scope, id).await?;
    let meeting = state.store.meeting(&user.scope, item.meeting_id).await?;
    let page = ConfirmPage {
        layout: Layout::new("Retirer le point", user, LIST),
        question: format!("Retirer « {} » de l'ordre du jour ?", item.title),
        consequences: vec![
            "Ses pièces jointes sont retirées avec lui ; le retrait reste au journal.".to_owned(),
        ],
        action: format!("/ordre-du-jour/{id}/retirer"),
        button: "Retirer le point",
        refusal: refusal.or_else(|| frozen(&meeting).map(str::to_owned)),
        back: format!("/ordre-du-jour/{id}"),
    };
    Ok(render(&page)?.into_response())
}

pub async fn confirm_remove(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<AgendaItemId>,
) -> AppResult<Response> {
    remove_page(&state, &user, id, None).await
}

pub async fn remove(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<AgendaItemId>,
) -> AppResult<Response> {
    user.require_coordinator()?;
    let removed = state
        .store
        .remove_agenda_item(&user.actor(), &user.scope, id)
        .await;
    match checked(removed)? {
        Ok(row) => {
            let to = Notice::AgendaItemRemoved.at(&format!("/seances/{}", row.meeting_id));
            Ok(Redirect::to(&format!("{to}#ordre-du-jour")).into_response())
        }
        Err(errors) => {
            let message = errors.iter().next().map(|(_, m)| m.to_owned());
            let page = remove_page(&state, &user, id, message).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}
