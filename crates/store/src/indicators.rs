//! The programme's indicators (*indicateurs du programme*): the store counts
//! each measure `domain::indicators` defines, per Cité and Paris year, in
//! one read on every backend; the domain assembles them. Counts leave the
//! store exact: the web masks them for the reader's role.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use maillage_domain::indicators::{Measure, Year};
use maillage_domain::Scope;

use crate::StoreResult;

/// Whose measures are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// The scope's own Cité; every active Cité for the national team.
    Own,
    /// Every active Cité, for the network's figures a Cité is compared
    /// with (its median): counts of things and persons, never a person.
    Network,
}

#[async_trait]
pub trait IndicatorStore {
    /// The measures of `years`, meetings counted as held before `now`.
    /// Coordinators, co-pilots and the national team only.
    async fn indicator_measures(
        &self,
        scope: &Scope,
        reach: Reach,
        years: &[Year],
        now: DateTime<Utc>,
    ) -> StoreResult<Vec<Measure>>;
}
