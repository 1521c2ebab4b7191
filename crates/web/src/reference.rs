//! The reference data of a Cité (référentiel) that pages list on every
//! request — partners, their accounts, services, actions — kept in memory per
//! Cité instead of read again by every page.
//!
//! Each copy carries the Cité's `reference_version` read by the session query
//! before the data. Database triggers bump that version in the same transaction
//! as any change to those tables, so a copy older than the version a request
//! saw is read again: a change shows on the very next request, whichever server
//! process made it.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use maillage_domain::ids::{CiteId, PartnerId};
use maillage_store::accounts::AccountRow;
use maillage_store::actions::{ActionFilter, ActionRow};
use maillage_store::partners::PartnerRow;
use maillage_store::services::{ServiceListRow, ServiceQuery};

use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::state::AppState;

/// One Cité's reference data, as of `version` or later.
pub struct CiteReference {
    version: i64,
    /// Archived ones included: old steps and notes still name them.
    pub partners: Vec<PartnerRow>,
    /// The whole catalogue, by name.
    pub services: Vec<ServiceListRow>,
    pub actions: Vec<ActionRow>,
    /// Each partner's accounts, read the first time a page asks.
    accounts: Mutex<HashMap<PartnerId, Arc<Vec<AccountRow>>>>,
}

impl CiteReference {
    async fn load(state: &AppState, user: &CurrentUser, version: i64) -> AppResult<CiteReference> {
        let store = &state.store;
        let catalogue = ServiceQuery {
            limit: i64::from(u16::MAX),
            ..ServiceQuery::default()
        };
        Ok(CiteReference {
            version,
            partners: store.partners(&user.scope, true).await?,
            services: store.search_services(&user.scope, &catalogue).await?,
            actions: store.actions(&user.scope, &ActionFilter::default()).await?,
            accounts: Mutex::default(),
        })
    }

    /// The accounts of one of the Cité's partners.
    pub async fn partner_accounts(
        &self,
        state: &AppState,
        user: &CurrentUser,
        partner_id: PartnerId,
    ) -> AppResult<Arc<Vec<AccountRow>>> {
        if let Some(accounts) = lock(&self.accounts).get(&partner_id) {
            return Ok(accounts.clone());
        }
        let accounts = Arc::new(
            state
                .store
                .partner_accounts(&user.scope, partner_id)
                .await?,
        );
        lock(&self.accounts).insert(partner_id, accounts.clone());
        Ok(accounts)
    }
}

/// The copies of every Cité this process served.
#[derive(Default)]
pub struct ReferenceCache {
    cites: Mutex<HashMap<CiteId, Arc<CiteReference>>>,
}

impl ReferenceCache {
    /// The reference data of the user's Cité, at least as recent as the
    /// version their session query read.
    pub async fn of(&self, state: &AppState, user: &CurrentUser) -> AppResult<Arc<CiteReference>> {
        let Some(membership) = user.membership() else {
            // The national team has no Cité of its own: nothing to share.
            return Ok(Arc::new(CiteReference::load(state, user, 0).await?));
        };
        let (cite_id, version) = (membership.cite_id, membership.reference_version);
        if let Some(copy) = lock(&self.cites).get(&cite_id) {
            if copy.version >= version {
                return Ok(copy.clone());
            }
        }
        let fresh = Arc::new(CiteReference::load(state, user, version).await?);
        let mut cites = lock(&self.cites);
        // A concurrent request may have stored a newer copy meanwhile.
        match cites.get(&cite_id) {
            Some(copy) if copy.version > version => Ok(copy.clone()),
            _ => {
                cites.insert(cite_id, fresh.clone());
                Ok(fresh)
            }
        }
    }
}

/// A poisoned lock only means another request panicked while holding it;
/// the maps it guards are always whole.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}
