//! Private calendar feeds (*abonnement d'agenda*): a user of a Cité's
//! governance gets a secret address that a calendar application polls
//! without signing in. Only the token's SHA-256 is kept; a new token
//! replaces the old one, and revoking it closes the address. The feed
//! holds the meetings of the user's committees (as an account or through
//! their partner; every committee of the Cité for its coordinators), and
//! stops answering once the account is inactive or its role no longer
//! reads the governance.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use maillage_domain::Scope;

use crate::governance::MeetingRow;
use crate::{Actor, StoreResult};

/// What a feed's address serves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarFeed {
    /// The Cité's name, as the calendar's name.
    pub cite_name: String,
    pub meetings: Vec<MeetingRow>,
}

#[async_trait]
pub trait CalendarFeedStore {
    /// When the user's current feed was created, if they have one.
    async fn calendar_feed_created(&self, scope: &Scope) -> StoreResult<Option<DateTime<Utc>>>;

    /// Gives the user a feed under `token_hash`, replacing any earlier one.
    async fn create_calendar_feed(
        &self,
        actor: &Actor,
        scope: &Scope,
        token_hash: &str,
    ) -> StoreResult<()>;

    /// Closes the user's feed; without one, `Invalid`.
    async fn revoke_calendar_feed(&self, actor: &Actor, scope: &Scope) -> StoreResult<()>;

    /// The feed under `token_hash`, with its meetings starting from `from`;
    /// `NotFound` for an unknown or revoked token, or a user who no longer
    /// reads the Cité's governance.
    async fn calendar_feed(
        &self,
        token_hash: &str,
        from: DateTime<Utc>,
    ) -> StoreResult<CalendarFeed>;
}
