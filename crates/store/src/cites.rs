//! Cités de l'emploi and their QPVs.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use maillage_domain::cites::{Axis, CiteProfile, NewCite, QpvDraft};
use maillage_domain::codes::Codes;
use maillage_domain::ids::{CiteId, QpvId, UserId};
use maillage_domain::Scope;

use crate::{Actor, StoreResult};

/// Lists are stored as comma-separated codes: a few short codes per Cité,
/// never queried one by one.
pub fn join_codes<S: AsRef<str>>(codes: &[S]) -> String {
    codes
        .iter()
        .map(AsRef::as_ref)
        .collect::<Vec<_>>()
        .join(",")
}

pub fn split_list(text: &str) -> Vec<String> {
    text.split(',')
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CiteRow {
    pub id: CiteId,
    pub code: String,
    pub name: String,
    pub departement: String,
    pub epci: Option<String>,
    pub communes: String,
    pub label_year: i32,
    pub co_pilots: Option<String>,
    pub population: Option<i64>,
    pub unemployment_rate: Option<f64>,
    pub employment_rate: Option<f64>,
    pub poverty_rate: Option<f64>,
    pub defm_abc: Option<i64>,
    pub target_publics: String,
    /// « Pas de public cible », chosen.
    pub no_target_public: bool,
    pub axes: Codes<Axis>,
    /// Its own axes, one per line.
    pub own_axes: String,
    /// How long its cohorts follow each person, unless a cohort says otherwise.
    pub follow_up_months: i32,
    pub referral_expiry_days: i32,
    /// When the national team archived it (« Cité archivée »).
    pub archived_at: Option<DateTime<Utc>>,
}

impl CiteRow {
    pub fn communes(&self) -> Vec<String> {
        split_list(&self.communes)
    }

    pub fn target_publics(&self) -> Vec<String> {
        split_list(&self.target_publics)
    }

    pub fn own_axes(&self) -> Vec<String> {
        self.own_axes
            .lines()
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect()
    }
}

/// One line of the national list of Cités.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CiteSummary {
    pub id: CiteId,
    pub code: String,
    pub name: String,
    pub departement: String,
    pub label_year: i32,
    pub partners: i64,
    pub referents: i64,
    /// Archived Cités are listed apart, with this date.
    pub archived_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct QpvRow {
    pub id: QpvId,
    pub cite_id: CiteId,
    pub code: String,
    pub name: String,
    pub communes: String,
    pub population: Option<i64>,
}

impl QpvRow {
    pub fn communes(&self) -> Vec<String> {
        split_list(&self.communes)
    }
}

#[async_trait]
pub trait CiteStore {
    /// Creates a Cité (CLI and demo: the national team's onboarding).
    async fn create_cite(
        &self,
        actor: &Actor,
        code: &str,
        profile: &CiteProfile,
    ) -> StoreResult<CiteId>;

    /// Labels a new Cité (« labellisation ») with its first coordinator's
    /// account and membership, all in one transaction (national team only).
    /// An address that already has an account is refused (`Conflict` on
    /// `coordinator_email`, see `maillage_domain::cites::EMAIL_TAKEN`).
    async fn label_cite(
        &self,
        actor: &Actor,
        scope: &Scope,
        cite: &NewCite,
        password_hash: &str,
    ) -> StoreResult<(CiteId, UserId)>;

    /// Archives a Cité, ending the sessions open in it, or brings it back
    /// (« réactiver ») (national team only).
    async fn set_cite_archived(
        &self,
        actor: &Actor,
        scope: &Scope,
        cite_id: CiteId,
        archived: bool,
    ) -> StoreResult<()>;

    /// The names of the user's archived Cités, for the sign-in page to say
    /// why none opens.
    async fn archived_cites_of(&self, user_id: UserId) -> StoreResult<Vec<String>>;

    async fn cite_id_by_code(&self, code: &str) -> StoreResult<Option<CiteId>>;

    /// Every Cité with its counts, archived ones included (national team only).
    async fn cite_summaries(&self, scope: &Scope) -> StoreResult<Vec<CiteSummary>>;

    /// A Cité's profile, if the scope may see it.
    async fn cite(&self, scope: &Scope, cite_id: CiteId) -> StoreResult<CiteRow>;

    /// Updates the scope's own Cité (coordinators only).
    async fn update_cite(
        &self,
        actor: &Actor,
        scope: &Scope,
        profile: &CiteProfile,
    ) -> StoreResult<()>;

    async fn qpvs(&self, scope: &Scope, cite_id: CiteId) -> StoreResult<Vec<QpvRow>>;
    async fn add_qpv(&self, actor: &Actor, scope: &Scope, qpv: &QpvDraft) -> StoreResult<QpvId>;
    /// The QPV and how many files name it (coordinators only), for the
    /// confirmation before removing it.
    async fn qpv_files(&self, scope: &Scope, qpv_id: QpvId) -> StoreResult<(QpvRow, i64)>;
    /// Refused (`Invalid`) while files name it.
    async fn remove_qpv(&self, actor: &Actor, scope: &Scope, qpv_id: QpvId) -> StoreResult<()>;
}
