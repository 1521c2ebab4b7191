//! The storage contract: one `Store` trait grouped by area, its row types and
//! errors, and the conformance suite that each
//! backend must pass (atuin's server layout).
//!
//! Every function that reads per-Cité data takes a [`Scope`]; every change, and
//! every read of personal data, appends to the audit log in the same transaction.

pub mod account_requests;
pub mod accounts;
pub mod actions;
pub mod agenda;
pub mod agreements;
pub mod api_tokens;
pub mod audit;
pub mod bilan;
pub mod calendar_feeds;
pub mod calls;
pub mod case_file;
pub mod case_reviews;
pub mod cite_barriers;
pub mod cites;
#[cfg(feature = "conformance")]
pub mod conformance;
pub mod decisions;
pub mod documents;
pub mod error;
pub mod fiches;
pub mod follow_up;
pub mod funding;
pub mod governance;
pub mod governance_records;
pub mod group_commit;
pub mod indicators;
pub mod mail;
pub mod meeting_records;
pub mod network;
pub mod notifications;
pub mod participants;
pub mod partners;
pub mod results;
pub mod reviews;
pub mod seed;
pub mod services;
pub mod sign_in_flows;

pub use account_requests::AccountRequestStore;
pub use accounts::AccountStore;
pub use actions::ActionStore;
pub use agenda::AgendaStore;
pub use agreements::AgreementStore;
pub use api_tokens::ApiTokenStore;
pub use audit::{Actor, AuditEntry, AuditStore};
pub use bilan::BilanStore;
pub use calendar_feeds::CalendarFeedStore;
pub use calls::CallStore;
pub use case_file::CaseFileStore;
pub use case_reviews::CaseReviewStore;
pub use cite_barriers::CiteBarrierStore;
pub use cites::CiteStore;
pub use decisions::DecisionStore;
pub use documents::DocumentStore;
pub use error::{StoreError, StoreResult};
pub use fiches::FicheStore;
pub use follow_up::FollowUpStore;
pub use funding::FundingStore;
pub use governance::GovernanceStore;
pub use governance_records::CommitteeRecordStore;
pub use indicators::IndicatorStore;
pub use mail::MailStore;
pub use maillage_domain::Scope;
pub use meeting_records::MeetingRecordStore;
pub use network::{NetworkEventStore, NetworkStore};
pub use notifications::NotificationStore;
pub use participants::ParticipantStore;
pub use partners::PartnerStore;
pub use results::ResultStore;
pub use reviews::ReviewStore;
pub use seed::SeedStore;
pub use services::ServiceStore;
pub use sign_in_flows::SignInFlowStore;

/// Everything the application needs from a database.
pub trait Store:
    AccountStore
    + CiteStore
    + CiteBarrierStore
    + PartnerStore
    + ParticipantStore
    + CaseFileStore
    + FollowUpStore
    + ServiceStore
    + AuditStore
    + ActionStore
    + FicheStore
    + ResultStore
    + FundingStore
    + CallStore
    + AgreementStore
    + ReviewStore
    + DecisionStore
    + DocumentStore
    + AccountRequestStore
    + MeetingRecordStore
    + CalendarFeedStore
    + GovernanceStore
    + CommitteeRecordStore
    + CaseReviewStore
    + AgendaStore
    + IndicatorStore
    + MailStore
    + SignInFlowStore
    + NotificationStore
    + ApiTokenStore
    + BilanStore
    + NetworkStore
    + NetworkEventStore
    + Send
    + Sync
    + 'static
{
    /// `sqlite` or `postgres`, for `/healthz` and logs.
    fn backend(&self) -> &'static str;

    /// What `/metrics` reads of the store at each scrape.
    fn gauges(&self) -> StoreGauges;
}

/// The store's state as `/metrics` publishes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreGauges {
    pub pools: Vec<PoolGauge>,
    /// Audit rows waiting for their group commit.
    pub audit_queue: usize,
}

/// One connection pool: its connections open, idle, and at most.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoolGauge {
    pub pool: &'static str,
    pub open: u32,
    pub idle: usize,
    pub max: u32,
}

impl PoolGauge {
    pub fn of<DB: sqlx::Database>(pool: &'static str, of: &sqlx::Pool<DB>) -> PoolGauge {
        PoolGauge {
            pool,
            open: of.size(),
            idle: of.num_idle(),
            max: of.options().get_max_connections(),
        }
    }
}

/// The names of a migration tree, in order (both trees must list the same).
pub fn migration_names(migrator: &sqlx::migrate::Migrator) -> Vec<String> {
    migrator
        .iter()
        .map(|m| format!("{}_{}", m.version, m.description))
        .collect()
}

pub use async_trait::async_trait;
