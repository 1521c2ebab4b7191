//! SQL that is the same text on every backend, written once as ordinary Rust.
//!
//! This folder is not a module of `maillage-store`: each backend crate
//! includes it with `#[path]`, after naming its own concrete types
//! `crate::Backend` (the store struct) and `crate::Db` (the sqlx database), so
//! every query below compiles against SQLite's and PostgreSQL's own types
//! (sqlx's `Any` driver would lose them). A backend provides `reader()`,
//! `writer()` and `audit_queue()`; what must differ between backends (DDL,
//! full-text search, date arithmetic) stays in the backend crate.

mod account_requests;
mod accounts;
mod actions;
mod agenda;
mod agreements;
mod api_tokens;
mod applications;
mod audit;
mod bilan;
mod calendar_feeds;
mod calls;
mod case_file;
mod case_reviews;
mod cite_barriers;
mod cites;
mod cohort_counts;
mod decisions;
mod documents;
mod enrolments;
mod fiches;
mod follow_up;
mod fse;
mod funding;
mod governance;
mod governance_records;
mod group_commit;
mod indicators;
mod mail;
mod meeting_records;
mod network;
mod network_events;
mod notifications;
mod participants;
mod partners;
mod results;
mod reviews;
mod seances;
mod seed;
mod services;
mod services_archive;
pub(crate) mod services_index;
mod services_store;
mod sign_in_flows;
mod todo;

use maillage_domain::accounts::Role;
use maillage_domain::ids::CiteId;
use maillage_store::{Actor, AuditEntry, Scope, StoreError, StoreResult};

use crate::{Backend, Db};

/// The Cité a member scope works in; the national team has none.
fn member_cite(scope: &Scope) -> StoreResult<CiteId> {
    scope.cite_id().ok_or(StoreError::NotFound)
}

/// The Cité a coordinator administers; anyone else is refused.
fn administered_cite(scope: &Scope) -> StoreResult<CiteId> {
    match scope {
        Scope::Cite {
            cite_id,
            role: Role::Coordinateur,
            ..
        } => Ok(*cite_id),
        _ => Err(StoreError::Forbidden),
    }
}

impl Backend {
    /// Appends an audit row inside the caller's transaction.
    pub(crate) async fn write_audit(
        tx: &mut sqlx::Transaction<'_, Db>,
        actor: &Actor,
        entry: &AuditEntry,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO audit_log (at, user_id, organisation, cite_id, action, entity,
                                    entity_id, person_id, ip, request_id, detail, bucket)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
             ON CONFLICT DO NOTHING",
        )
        .bind(actor.at)
        .bind(actor.user_id)
        .bind(&actor.organisation)
        .bind(entry.cite_id)
        .bind(entry.action)
        .bind(entry.entity)
        .bind(entry.entity_id)
        .bind(entry.person_id)
        .bind(&actor.ip)
        .bind(&actor.request_id)
        .bind(&entry.detail)
        .bind(&entry.bucket)
        .execute(&mut **tx)
        .await?;
        Ok(())
    }

    /// Writes the audit row of a change and commits both at once: the
    /// change is never kept without its trace.
    pub(crate) async fn commit_audited(
        mut tx: sqlx::Transaction<'_, Db>,
        actor: &Actor,
        entry: &AuditEntry,
    ) -> StoreResult<()> {
        Self::write_audit(&mut tx, actor, entry).await?;
        tx.commit().await?;
        Ok(())
    }

    pub(crate) async fn begin_write(&self) -> StoreResult<sqlx::Transaction<'static, Db>> {
        Ok(self.writer().begin().await?)
    }
}
