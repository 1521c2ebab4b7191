//! SQL that is the same text on every backend, written once.
//!
//! sqlx's `Any` driver loses types, and generic code over `sqlx::Database`
//! drowns in trait bounds; so the shared queries are expanded by a macro into
//! each backend crate, against its concrete database type. A backend struct
//! provides `reader()` and `writer()` pools (SQLite has a single writer) and
//! invokes [`impl_sql_store!`](crate::impl_sql_store). What must differ between
//! backends (DDL, full-text search, date arithmetic) stays in the backend crate.

mod accounts;
pub mod actions;
mod audit;
mod case_file;
mod cites;
pub mod enrolments;
pub mod fiches;
mod follow_up;
mod group_commit;
pub mod participants;
mod partners;
mod seances;
mod seed;
pub mod services;
pub mod services_store;

use maillage_domain::accounts::Role;
use maillage_domain::Scope;

use crate::{StoreError, StoreResult};

/// The Cité a member scope works in; the national team has none.
pub fn member_cite(scope: &Scope) -> StoreResult<i64> {
    scope.cite_id().ok_or(StoreError::NotFound)
}

/// The Cité a coordinator administers; anyone else is refused.
pub fn administered_cite(scope: &Scope) -> StoreResult<i64> {
    match scope {
        Scope::Cite {
            cite_id,
            role: Role::Coordinateur,
            ..
        } => Ok(*cite_id),
        _ => Err(StoreError::Forbidden),
    }
}

/// Implements every area trait whose SQL is shared, plus `Store` itself.
#[macro_export]
macro_rules! impl_sql_store {
    ($store:ty, $db:ty, $backend:literal) => {
        impl $crate::Store for $store {
            fn backend(&self) -> &'static str {
                $backend
            }
        }

        impl $store {
            /// Appends an audit row inside the caller's transaction.
            async fn write_audit(
                tx: &mut sqlx::Transaction<'_, $db>,
                actor: &$crate::Actor,
                entry: &$crate::AuditEntry,
            ) -> $crate::StoreResult<()> {
                sqlx::query(
                    "INSERT INTO audit_log (at, user_id, organisation, cite_id, action, entity, \
                     entity_id, person_id, ip, request_id, detail) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
                )
                .bind(chrono::Utc::now())
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
                .execute(&mut **tx)
                .await?;
                Ok(())
            }

            async fn begin_write(&self) -> $crate::StoreResult<sqlx::Transaction<'static, $db>> {
                Ok(self.writer().begin().await?)
            }
        }

        $crate::__accounts_sql!($store, $db);
        $crate::__audit_sql!($store, $db);
        $crate::__cites_sql!($store, $db);
        $crate::__partners_sql!($store, $db);
        $crate::__participants_sql!($store, $db);
        $crate::__case_file_sql!($store, $db);
        $crate::__follow_up_sql!($store, $db);
        $crate::__services_sql!($store, $db);
        $crate::__actions_sql!($store, $db);
        $crate::__fiches_sql!($store, $db);
        $crate::__seed_sql!($store, $db);
        $crate::__group_commit_sql!($store, $db);
    };
}
