//! The programme's indicators (*indicateurs du programme*): the store counts
//! each measure `domain::indicators` defines, per Cité and Paris year, in
//! one read on every backend; the domain assembles them. Counts leave the
//! store exact: the web masks them for the reader's role.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use maillage_domain::ids::CiteId;
use maillage_domain::indicators::cohort::{CohortCounts, QpvFilter};
use maillage_domain::indicators::referrals::ReferralCount;
use maillage_domain::indicators::{Measure, Year};
use maillage_domain::Scope;

use crate::StoreResult;

/// Whose measures are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// The scope's own Cité; every active Cité for the national team.
    Own,
    /// The scope's own Cité (every active one for the national team), its
    /// persons narrowed to one quarter: the cohort's measures only. The
    /// national team narrows to the QPVs' residents or the others, never to
    /// one Cité's QPV.
    Quarter(QpvFilter),
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

    /// The scope's Cité's cohort in `year` as tables, its persons in `qpv`:
    /// the year's leavers broken down, barriers by category, situations at
    /// each checkpoint. Coordinators and co-pilots only.
    async fn cohort_counts(
        &self,
        scope: &Scope,
        year: &Year,
        qpv: QpvFilter,
    ) -> StoreResult<CohortCounts>;

    /// The referrals proposed to the scope's Cité in `year` of its persons
    /// in `qpv`, by proposing partner and status. Coordinators and
    /// co-pilots only.
    async fn referral_counts(
        &self,
        scope: &Scope,
        year: &Year,
        qpv: QpvFilter,
    ) -> StoreResult<Vec<ReferralCount>>;

    /// Every active Cité, by name, and its measures of `years`, for open
    /// data (*données ouvertes*): read without sign-in, so the web masks
    /// every count of persons.
    async fn open_indicator_measures(
        &self,
        years: &[Year],
        now: DateTime<Utc>,
    ) -> StoreResult<(Vec<OpenCite>, Vec<Measure>)>;
}
