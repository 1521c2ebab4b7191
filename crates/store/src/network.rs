//! The national network (*animation nationale*): the directory of the
//! active Cités' coordinators and référents, the national team's events
//! with registrations and attendance, and the resources shared with the
//! network.
//!
//! Read by the national team and the Cités' staff (coordinators,
//! référents, co-pilots); a porteur finds nothing (`NotFound`). Events are
//! written by the national team; the staff register themselves until an
//! event starts. Resources are shared by the national team and by
//! coordinators, who withdraw their own. Every change, and every download
//! of a shared document, is audited.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use maillage_domain::accounts::Role;
use maillage_domain::documents::{DocumentKind, DocumentName};
use maillage_domain::ids::{CiteId, NetworkEventId, RegistrationId, ResourceId, UserId};
use maillage_domain::network::{EventDraft, EventKind, ResourceDraft, Theme};
use maillage_domain::Scope;

use crate::{Actor, StoreResult};

/// A directory search: every filter that is set must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DirectoryFilters {
    pub cite_id: Option<CiteId>,
    /// Coordinators or référents; `None` for both.
    pub role: Option<Role>,
    /// Folded words (`network::network_search_words`), all found in the
    /// name or the partner's name.
    pub words: Vec<String>,
}

/// A member of a Cité's staff as the directory shows them: professional
/// contact data only.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct DirectoryRow {
    pub user_id: UserId,
    pub name: String,
    pub email: String,
    pub cite_id: CiteId,
    pub cite_name: String,
    pub partner: Option<String>,
    pub role: Role,
}

/// A page of the directory, and how many lines match in all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirectoryPage {
    pub rows: Vec<DirectoryRow>,
    pub total: i64,
}

/// An event, with its registrations as counted for the reader.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct EventRow {
    pub id: NetworkEventId,
    pub kind: EventKind,
    pub title: String,
    pub theme: Theme,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub place: String,
    pub video_url: String,
    pub capacity: Option<i32>,
    pub attendance_recorded_at: Option<DateTime<Utc>>,
    pub registered: i64,
    /// Those who came, once the attendance is recorded.
    pub attended: i64,
    /// Whether the reader is registered.
    pub mine: bool,
}

impl EventRow {
    pub fn is_full(&self) -> bool {
        self.capacity
            .is_some_and(|c| self.registered >= i64::from(c))
    }
}

/// Which events a list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventList {
    /// Not started at `now`, soonest first.
    Upcoming,
    /// Started before `now`, latest first.
    Past,
    /// The reader's registrations, soonest first.
    Mine,
}

/// A registration on the attendance sheet.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct RegistrationRow {
    pub id: RegistrationId,
    pub name: String,
    pub cite_name: String,
    pub partner: Option<String>,
    pub role: Role,
    pub attended: Option<bool>,
}

/// One Cité's registrations and attendance, for the national team.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct CiteRegistrationsRow {
    pub cite_id: CiteId,
    pub cite_name: String,
    pub registrations: i64,
    pub attended: i64,
}

/// A resource search.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResourceFilters {
    pub theme: Option<Theme>,
    /// Folded words, all found in the title or description.
    pub words: Vec<String>,
}

/// A shared resource, without its document's bytes.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ResourceRow {
    pub id: ResourceId,
    pub title: String,
    pub theme: Theme,
    pub description: String,
    pub url: Option<String>,
    pub name: Option<String>,
    pub kind: Option<DocumentKind>,
    pub size: Option<i64>,
    pub sha256: Option<String>,
    pub shared_by: UserId,
    pub shared_by_name: String,
    /// The sharing coordinator's Cité; `None` for the national team.
    pub cite_name: Option<String>,
    pub shared_at: DateTime<Utc>,
}

impl ResourceRow {
    pub fn file_name(&self) -> Option<DocumentName> {
        self.name.clone().map(DocumentName::from_stored)
    }
}

/// The most resources a search lists.
pub const MAX_RESOURCES: i64 = 200;

#[async_trait]
pub trait NetworkStore {
    /// The active Cités' coordinators and référents with an active
    /// account, by name, `per_page` from page `page` (from 1).
    async fn directory(
        &self,
        scope: &Scope,
        filters: &DirectoryFilters,
        page: i64,
        per_page: i64,
    ) -> StoreResult<DirectoryPage>;

    /// The active Cités, by name, for the directory's filter.
    async fn network_cites(&self, scope: &Scope) -> StoreResult<Vec<(CiteId, String)>>;

    /// The national team or a coordinator shares a resource; others are
    /// `Forbidden`.
    async fn share_resource(
        &self,
        actor: &Actor,
        scope: &Scope,
        draft: &ResourceDraft,
    ) -> StoreResult<ResourceId>;

    /// The resources matching `filters`, newest first, at most [`MAX_RESOURCES`].
    async fn shared_resources(
        &self,
        scope: &Scope,
        filters: &ResourceFilters,
    ) -> StoreResult<Vec<ResourceRow>>;

    async fn shared_resource(&self, scope: &Scope, id: ResourceId) -> StoreResult<ResourceRow>;

    /// A shared document's bytes (audited); a link is `NotFound`.
    async fn download_resource(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: ResourceId,
    ) -> StoreResult<(ResourceRow, Vec<u8>)>;

    /// Whether the scope may withdraw the resource: the national team any,
    /// a coordinator their own; `NotFound` otherwise.
    async fn withdrawable_resource(
        &self,
        scope: &Scope,
        id: ResourceId,
    ) -> StoreResult<ResourceRow>;

    async fn withdraw_resource(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: ResourceId,
    ) -> StoreResult<ResourceRow>;
}

/// The network's events: announced by the national team, registered for
/// by the Cités' staff, their attendance recorded after them.
#[async_trait]
pub trait NetworkEventStore {
    /// The national team announces an event; others are `Forbidden`.
    async fn create_event(
        &self,
        actor: &Actor,
        scope: &Scope,
        draft: &EventDraft,
    ) -> StoreResult<NetworkEventId>;

    /// The national team changes an event until it starts (`Invalid` on
    /// `date` after); a capacity below the registrations is `Invalid`.
    async fn update_event(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: NetworkEventId,
        draft: &EventDraft,
        now: DateTime<Utc>,
    ) -> StoreResult<()>;

    async fn network_event(&self, scope: &Scope, id: NetworkEventId) -> StoreResult<EventRow>;

    /// At most `limit` events of `list`, seen from `now`.
    async fn network_events(
        &self,
        scope: &Scope,
        list: EventList,
        now: DateTime<Utc>,
        limit: i64,
    ) -> StoreResult<Vec<EventRow>>;

    /// A staff member registers for their current Cité until the event
    /// starts (`Invalid` after), while places remain (`Conflict` when
    /// full or already registered). The national team is `Forbidden`.
    async fn register_for_event(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: NetworkEventId,
        now: DateTime<Utc>,
    ) -> StoreResult<RegistrationId>;

    /// Withdraws the reader's registration until the event starts;
    /// `NotFound` when they were not registered.
    async fn unregister_from_event(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: NetworkEventId,
        now: DateTime<Utc>,
    ) -> StoreResult<()>;

    /// The event's registrations, by Cité then name: the national team only.
    async fn event_registrations(
        &self,
        scope: &Scope,
        id: NetworkEventId,
    ) -> StoreResult<Vec<RegistrationRow>>;

    /// The national team records who came, from the event's (Paris) day
    /// on (`Invalid` on `attendance` before); each registration of the
    /// event once, and every one of them.
    async fn record_event_attendance(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: NetworkEventId,
        sheet: &[(RegistrationId, bool)],
        now: DateTime<Utc>,
    ) -> StoreResult<()>;

    /// Registrations and attendance per active Cité for events from
    /// `since`: the national team only.
    async fn registrations_by_cite(
        &self,
        scope: &Scope,
        since: DateTime<Utc>,
    ) -> StoreResult<Vec<CiteRegistrationsRow>>;
}
