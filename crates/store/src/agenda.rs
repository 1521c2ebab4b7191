//! A meeting's agenda (*ordre du jour*): ordered items, read by whoever
//! reads the meeting, written by the Cité's coordinators until the agenda
//! is frozen (`domain::governance::agenda::agenda_frozen`: a cancelled
//! meeting, published minutes). Each change moves the meeting's calendar
//! sequence, since its `.ics` carries the agenda. An item's attachments are
//! documents owned by `DocumentOwner::AgendaItem`, under the same rule.
//! Another Cité's meeting or item is `NotFound`; every change is audited.

use async_trait::async_trait;
use maillage_domain::governance::{AgendaItemDraft, Direction};
use maillage_domain::ids::{AgendaItemId, CiteId, MeetingId};
use maillage_domain::Scope;

use crate::documents::DocumentRow;
use crate::{Actor, StoreResult};

/// An agenda item, in its meeting's order.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct AgendaItemRow {
    pub id: AgendaItemId,
    pub meeting_id: MeetingId,
    pub cite_id: CiteId,
    pub position: i32,
    pub title: String,
    pub description: String,
}

#[async_trait]
pub trait AgendaStore {
    /// Adds an item at the end of the meeting's agenda.
    async fn add_agenda_item(
        &self,
        actor: &Actor,
        scope: &Scope,
        meeting: MeetingId,
        draft: &AgendaItemDraft,
    ) -> StoreResult<AgendaItemId>;

    /// The meeting's agenda, in order.
    async fn agenda(&self, scope: &Scope, meeting: MeetingId) -> StoreResult<Vec<AgendaItemRow>>;

    /// The documents of the meeting's agenda items, by item then upload.
    async fn agenda_documents(
        &self,
        scope: &Scope,
        meeting: MeetingId,
    ) -> StoreResult<Vec<DocumentRow>>;

    async fn agenda_item(&self, scope: &Scope, id: AgendaItemId) -> StoreResult<AgendaItemRow>;

    async fn update_agenda_item(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: AgendaItemId,
        draft: &AgendaItemDraft,
    ) -> StoreResult<MeetingId>;

    /// Swaps the item with its neighbour; at either end it stays (`Ok`).
    /// Both answer the item's meeting.
    async fn move_agenda_item(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: AgendaItemId,
        direction: Direction,
    ) -> StoreResult<MeetingId>;

    /// Removes the item with its attachments; returns what it was.
    async fn remove_agenda_item(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: AgendaItemId,
    ) -> StoreResult<AgendaItemRow>;
}
