//! The programme's indicators (*indicateurs du programme*): the store counts
//! each measure `domain::indicators` defines, per Cité and Paris year, in
//! one read on every backend; the domain assembles them. Counts leave the
//! store exact: the web masks them for the reader's role.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use maillage_domain::ids::CiteId;
use maillage_domain::indicators::breakdown::ExitCount;
use maillage_domain::indicators::referrals::ReferralCount;
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

/// An active Cité as open data names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenCite {
    pub id: CiteId,
    pub code: String,
    pub name: String,
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

    /// The persons of the scope's Cité who left the follow-up in `year`,
    /// by QPV, sex, age band and situation at exit. Coordinators and
    /// co-pilots only.
    async fn exit_counts(&self, scope: &Scope, year: &Year) -> StoreResult<Vec<ExitCount>>;

    /// The referrals proposed to the scope's Cité in `year`, by proposing
    /// partner and status. Coordinators and co-pilots only.
    async fn referral_counts(&self, scope: &Scope, year: &Year) -> StoreResult<Vec<ReferralCount>>;

    /// Every active Cité, by name, and its measures of `years`, for open
    /// data (*données ouvertes*): read without sign-in, so the web masks
    /// every count of persons.
    async fn open_indicator_measures(
        &self,
        years: &[Year],
        now: DateTime<Utc>,
    ) -> StoreResult<(Vec<OpenCite>, Vec<Measure>)>;
}
