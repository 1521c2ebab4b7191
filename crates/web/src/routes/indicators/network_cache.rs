//! The network's measures, counted at most every ten minutes: every Cité's
//! page compares itself with them (its median), the national page and the
//! network's bilan show them, and over the national dataset (half a million
//! persons) they take seconds to count. A Cité's own figures are always
//! counted afresh.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, Utc};
use maillage_domain::indicators::cohort::QpvFilter;
use maillage_domain::indicators::{Measure, Year};
use maillage_store::indicators::Reach;
use maillage_store::StoreResult;

use crate::auth::CurrentUser;
use crate::state::AppState;

/// How long the network's figures are shown before being counted again.
pub const FRESH_FOR: Duration = Duration::minutes(10);

type Counted = (DateTime<Utc>, Arc<Vec<Measure>>);

/// The years asked and the quarter's code.
type Key = (Vec<i32>, String);

/// By the years asked and the quarter, when they were counted and what.
#[derive(Default)]
pub struct NetworkCache(Mutex<HashMap<Key, Counted>>);

impl NetworkCache {
    fn fresh(&self, key: &Key, now: DateTime<Utc>) -> Option<Arc<Vec<Measure>>> {
        let entries = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let (at, measures) = entries.get(key)?;
        (now - *at < FRESH_FOR && *at <= now).then(|| measures.clone())
    }

    fn keep(&self, key: Key, now: DateTime<Utc>, measures: Arc<Vec<Measure>>) {
        let mut entries = self.0.lock().unwrap_or_else(|e| e.into_inner());
        entries.insert(key, (now, measures));
    }
}

/// Every active Cité's measures of `years`, their persons narrowed to
/// `qpv` (the national team's quarters only: `QpvFilter::All` otherwise).
/// Only the roles that read indicators come here (`report`): a cached
/// answer does not ask the store again.
pub async fn network_measures(
    state: &AppState,
    user: &CurrentUser,
    years: &[Year],
    qpv: QpvFilter,
) -> StoreResult<Arc<Vec<Measure>>> {
    let now = state.now();
    let key = (years.iter().map(|y| y.year).collect(), qpv.code());
    if let Some(measures) = state.network_measures.fresh(&key, now) {
        return Ok(measures);
    }
    let reach = match qpv {
        QpvFilter::All => Reach::Network,
        quarter => Reach::Quarter(quarter),
    };
    let measures = state
        .store
        .indicator_measures(&user.scope, reach, years, now)
        .await?;
    let measures = Arc::new(measures);
    state.network_measures.keep(key, now, measures.clone());
    Ok(measures)
}
