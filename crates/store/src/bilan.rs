//! The yearly bilan's texts (*bilan annuel*): what a Cité's coordinator
//! writes for each part of the year's report, or the national team for the
//! network's. The figures are not kept: the web counts them from the
//! records (`IndicatorStore`) each time the document is made.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use maillage_domain::indicators::bilan::BilanTexts;
use maillage_domain::Scope;

use crate::{Actor, StoreResult};

/// Who last saved a bilan's texts, and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BilanEdit {
    pub at: DateTime<Utc>,
    pub by: String,
}

/// A year's bilan as written so far.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StoredBilan {
    pub texts: BilanTexts,
    pub last_edit: Option<BilanEdit>,
}

#[async_trait]
pub trait BilanStore {
    /// The texts of `year`'s bilan: the scope's Cité's for its
    /// coordinators and co-pilots, the network's for the national team;
    /// `Forbidden` for anyone else.
    async fn bilan(&self, scope: &Scope, year: i32) -> StoreResult<StoredBilan>;

    /// Keeps every part's text for `year`, a part left empty cleared: the
    /// Cité's coordinators write its bilan, the national team the
    /// network's; `Forbidden` for anyone else.
    async fn save_bilan(
        &self,
        actor: &Actor,
        scope: &Scope,
        year: i32,
        texts: &BilanTexts,
    ) -> StoreResult<()>;
}
