//! The audit log (*journal d'audit*): who did or read what, when, from where.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use maillage_domain::ids::{AuditId, CiteId, ParticipantId, UserId};
use maillage_domain::journal::AuditFamily;
use maillage_domain::Scope;

use crate::StoreResult;

/// Who is acting, and when, as the audit log records it. The store never
/// reads the clock: `at` is the caller's (the request's) time, so a test
/// clock drives every rule.
#[derive(Debug, Clone)]
pub struct Actor {
    pub user_id: Option<UserId>,
    /// The organisation the user acts for (partner, Cité, ANCT), as shown then.
    pub organisation: Option<String>,
    pub ip: Option<String>,
    pub request_id: Option<String>,
    pub at: DateTime<Utc>,
}

impl Actor {
    /// The command line and the demo loader act as the system itself.
    pub fn system(at: DateTime<Utc>) -> Actor {
        Actor {
            user_id: None,
            organisation: Some("Maillage (ligne de commande)".to_owned()),
            ip: None,
            request_id: None,
            at,
        }
    }

    /// The Paris date of the act: the « today » of every rule.
    pub fn today(&self) -> chrono::NaiveDate {
        maillage_domain::time::paris_date(self.at)
    }
}

/// One event to record.
#[derive(Debug, Clone)]
pub struct AuditEntry {
    /// What happened: `sign_in`, `sign_in_failed`, `partner.create`, …
    pub action: &'static str,
    pub entity: &'static str,
    pub entity_id: Option<i64>,
    pub cite_id: Option<CiteId>,
    /// Set when the event concerns a person (*personne accompagnée*).
    pub person_id: Option<ParticipantId>,
    pub detail: Option<String>,
    /// Set for events that are kept once a minute (`once_a_minute`): a row
    /// with the same bucket is not written again.
    pub bucket: Option<String>,
}

impl AuditEntry {
    pub fn new(
        action: &'static str,
        entity: &'static str,
        entity_id: Option<impl Into<i64>>,
        cite_id: Option<CiteId>,
    ) -> Self {
        AuditEntry {
            action,
            entity,
            entity_id: entity_id.map(Into::into),
            cite_id,
            person_id: None,
            detail: None,
            bucket: None,
        }
    }

    /// Kept once per who, what, target and minute: refusals and failed
    /// sign-ins can be repeated by a script at will, and must not flood the
    /// log (nor fill the disk) while still showing that it happened.
    /// `who` is the user, or for a failed sign-in the address typed.
    pub fn once_a_minute(mut self, who: &str, at: DateTime<Utc>) -> Self {
        let target = self.entity_id.map_or_else(
            || self.detail.clone().unwrap_or_default(),
            |id| id.to_string(),
        );
        self.bucket = Some(format!(
            "{}|{who}|{}|{target}|{}",
            self.action,
            self.entity,
            at.timestamp().div_euclid(60)
        ));
        self
    }

    pub fn detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AuditRow {
    pub id: AuditId,
    pub at: DateTime<Utc>,
    pub user_id: Option<UserId>,
    pub user_name: Option<String>,
    pub organisation: Option<String>,
    pub cite_id: Option<CiteId>,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<i64>,
    pub person_id: Option<ParticipantId>,
    pub ip: Option<String>,
    pub request_id: Option<String>,
    pub detail: Option<String>,
}

/// What the journal shows: every field narrows it.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub family: Option<AuditFamily>,
    /// Leaves out the successful sign-ins (`journal::SIGN_IN`).
    pub hide_sign_ins: bool,
    pub user_id: Option<UserId>,
    /// Paris dates, both included.
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

#[async_trait]
pub trait AuditStore {
    /// Records an event that has no other write to ride with (a failed
    /// sign-in, a refused access).
    async fn audit(&self, actor: &Actor, entry: AuditEntry) -> StoreResult<()>;

    /// The latest events, newest first: of the scope's Cité for its
    /// coordinators; for the national team, those outside any Cité (failed
    /// sign-ins, refusals of national accounts), which it reviews.
    async fn journal(
        &self,
        scope: &Scope,
        filter: &AuditFilter,
        limit: i64,
    ) -> StoreResult<Vec<AuditRow>>;

    /// Every event of the journal, sign-ins included, newest first.
    async fn audit_log(&self, scope: &Scope, limit: i64) -> StoreResult<Vec<AuditRow>> {
        self.journal(scope, &AuditFilter::default(), limit).await
    }
}
