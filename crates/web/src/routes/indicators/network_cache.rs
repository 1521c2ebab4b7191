//! The network's measures, counted at most every ten minutes: every Cité's
//! page compares itself with them (its median), the national page and the
//! network's bilan show them, and over the national dataset (half a million
//! persons) they take seconds to count. A Cité's own figures are always
//! counted afresh.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, Utc};
use maillage_domain::indicators::{Measure, Year};
use maillage_store::indicators::Reach;
use maillage_store::StoreResult;

use crate::auth::CurrentUser;
use crate::state::AppState;

/// How long the network's figures are shown before being counted again.
pub const FRESH_FOR: Duration = Duration::minutes(10);

type Counted = (DateTime<Utc>, Arc<Vec<Measure>>);

/// By the years asked, when they were counted and what.
#[derive(Default)]
pub struct NetworkCache(Mutex<HashMap<Vec<i32>, Counted>>);

impl NetworkCache {
    fn fresh(&self, key: &[i32], now: DateTime<Utc>) -> Option<Arc<Vec<Measure>>> {
        let entries = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let (at, measures) = entries.get(key)?;
        (now - *at < FRESH_FOR && *at <= now).then(|| measures.clone())
    }

    fn keep(&self, key: Vec<i32>, now: DateTime<Utc>, measures: Arc<Vec<Measure>>) {
        let mut entries = self.0.lock().unwrap_or_else(|e| e.into_inner());
        entries.insert(key, (now, measures));
    }
}

/// Every active Cité's measures of `years`, as `user` may count them (the
/// store refuses roles that read no indicators, even when cached).
pub async fn network_measures(
    state: &AppState,
    user: &CurrentUser,
    years: &[Year],
) -> StoreResult<Arc<Vec<Measure>>> {
    let now = state.now();
    let key: Vec<i32> = years.iter().map(|y| y.year).collect();
    if let Some(measures) = state.network_measures.fresh(&key, now) {
        return Ok(measures);
    }
    let measures = state
        .store
        .indicator_measures(&user.scope, Reach::Network, years, now)
        .await?;
    let measures = Arc::new(measures);
    state.network_measures.keep(key, now, measures.clone());
    Ok(measures)
}
