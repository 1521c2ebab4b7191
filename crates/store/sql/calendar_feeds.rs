//! Private calendar feeds (see `maillage_store::calendar_feeds`).

use crate::Backend;
use chrono::{DateTime, Duration, Utc};
use maillage_domain::accounts::Role;
use maillage_domain::ids::{CiteId, PartnerId, UserId};
use maillage_store::async_trait;
use maillage_store::calendar_feeds::CalendarFeed;
use maillage_store::{Actor, AuditEntry, CalendarFeedStore, Scope, StoreResult};

use super::calls::refused;
use super::governance::{feed_reader, governance_reader};
use maillage_store::StoreError;

/// The most meetings a feed carries: a year and more of every committee.
const FEED_LIMIT: i64 = 500;
/// How far after `from` a feed reaches: what is planned, not every year
/// a rhythm could generate.
const FEED_DAYS_AHEAD: i64 = 3 * 365;

#[derive(sqlx::FromRow)]
struct FeedOwner {
    user_id: UserId,
    cite_id: CiteId,
    role: Role,
    partner_id: Option<PartnerId>,
    cite_name: String,
}

#[async_trait]
impl CalendarFeedStore for Backend {
    async fn calendar_feed_created(&self, scope: &Scope) -> StoreResult<Option<DateTime<Utc>>> {
        let cite_id = governance_reader(scope)?.cite_id;
        Ok(sqlx::query_scalar(
            "SELECT created_at FROM calendar_feeds WHERE user_id = $1 AND cite_id = $2",
        )
        .bind(scope.user_id())
        .bind(cite_id)
        .fetch_optional(self.reader())
        .await?)
    }

    async fn create_calendar_feed(
        &self,
        actor: &Actor,
        scope: &Scope,
        token_hash: &str,
    ) -> StoreResult<()> {
        let cite_id = governance_reader(scope)?.cite_id;
        let mut tx = self.begin_write().await?;
        let replaced = self.calendar_feed_created(scope).await?.is_some();
        // Upserted: two clicks at once leave one address, never an error.
        sqlx::query(
            "INSERT INTO calendar_feeds (user_id, cite_id, token_hash, created_at)
             VALUES ($1, $2, $3, $4)
             ON CONFLICT (user_id, cite_id)
             DO UPDATE SET token_hash = excluded.token_hash, created_at = excluded.created_at",
        )
        .bind(scope.user_id())
        .bind(cite_id)
        .bind(token_hash)
        .bind(actor.at)
        .execute(&mut *tx)
        .await?;
        let detail = match replaced {
            false => "adresse créée",
            true => "nouvelle adresse, l'ancienne ne répond plus",
        };
        let entry = AuditEntry::new(
            "calendar_feed.create",
            "user",
            Some(scope.user_id()),
            Some(cite_id),
        )
        .detail(detail);
        Self::commit_audited(tx, actor, &entry).await
    }

    async fn revoke_calendar_feed(&self, actor: &Actor, scope: &Scope) -> StoreResult<()> {
        let cite_id = governance_reader(scope)?.cite_id;
        let mut tx = self.begin_write().await?;
        let revoked = sqlx::query("DELETE FROM calendar_feeds WHERE user_id = $1 AND cite_id = $2")
            .bind(scope.user_id())
            .bind(cite_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if revoked == 0 {
            return Err(refused(
                "feed",
                "Vous n'avez pas d'abonnement d'agenda à révoquer.",
            ));
        }
        let entry = AuditEntry::new(
            "calendar_feed.revoke",
            "user",
            Some(scope.user_id()),
            Some(cite_id),
        );
        Self::commit_audited(tx, actor, &entry).await
    }

    async fn calendar_feed(
        &self,
        token_hash: &str,
        from: DateTime<Utc>,
    ) -> StoreResult<CalendarFeed> {
        // The account must still be active and still read the governance.
        let owner: FeedOwner = sqlx::query_as(
            "SELECT f.user_id, f.cite_id, ms.role, ms.partner_id, c.name AS cite_name
             FROM calendar_feeds f
             JOIN users u ON u.id = f.user_id AND u.active = TRUE
             JOIN memberships ms ON ms.user_id = f.user_id AND ms.cite_id = f.cite_id
             JOIN cites c ON c.id = f.cite_id AND c.archived_at IS NULL
             WHERE f.token_hash = $1",
        )
        .bind(token_hash)
        .fetch_optional(self.reader())
        .await?
        .ok_or(StoreError::NotFound)?;
        let scope = Scope::Cite {
            user_id: owner.user_id,
            cite_id: owner.cite_id,
            role: owner.role,
            partner_id: owner.partner_id,
        };
        let until = from + Duration::days(FEED_DAYS_AHEAD);
        let meetings = self
            .meetings_from(&feed_reader(&scope)?, from, Some(until), FEED_LIMIT)
            .await?;
        Ok(CalendarFeed {
            cite_name: owner.cite_name,
            meetings,
        })
    }
}
