//! The national catalogue of innovative actions (*actions innovantes*): fiches
//! published from a Cité's action, read by everyone signed in, reused by
//! coordinators as a draft action of their own Cité.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use maillage_domain::cites::Axis;
use maillage_domain::fiches::{region_of_departement, FicheDraft, FicheInput};
use maillage_domain::ids::{ActionId, CiteId, FicheId};
use maillage_domain::money::euros_input;
use maillage_domain::referential::Region;
use maillage_domain::Scope;

use crate::actions::codes;
use crate::{Actor, StoreResult};

/// How many free-text words a search matches (all of them, in any order).
pub const MAX_SEARCH_WORDS: usize = 4;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum FicheSort {
    /// Latest published first.
    #[default]
    Recent,
    /// Most reused first: what the national team looks at.
    Reuses,
    Title,
}

impl FicheSort {
    pub const ALL: [FicheSort; 3] = [FicheSort::Recent, FicheSort::Reuses, FicheSort::Title];

    pub fn code(self) -> &'static str {
        match self {
            FicheSort::Recent => "recent",
            FicheSort::Reuses => "reutilisations",
            FicheSort::Title => "titre",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            FicheSort::Recent => "Les plus récentes",
            FicheSort::Reuses => "Les plus réutilisées",
            FicheSort::Title => "Titre",
        }
    }

    pub fn parse(code: &str) -> Option<FicheSort> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// The catalogue's filters; `None` or empty means « any ».
#[derive(Debug, Clone, Default)]
pub struct FicheFilters {
    /// A data·inclusion thematic, or a thematic category (any of its thematics).
    pub barrier: Option<String>,
    pub public: Option<String>,
    pub axis: Option<Axis>,
    /// A region code: fiches of the Cités whose département is in it.
    pub region: Option<String>,
    /// Folded words (see `fiches::search_words`), all required.
    pub words: Vec<String>,
    pub sort: FicheSort,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct FicheRow {
    pub id: FicheId,
    pub action_id: ActionId,
    pub cite_id: CiteId,
    pub cite_name: String,
    pub departement: String,
    pub title: String,
    pub axis: Axis,
    /// data·inclusion thematic codes separated by spaces.
    pub thematics: String,
    pub publics: String,
    pub description: String,
    /// One organisation per line.
    pub partners: String,
    pub budget_cents: Option<i64>,
    pub results: Option<String>,
    pub contact_organisation: String,
    pub contact_role: String,
    pub contact_email: Option<String>,
    pub contact_phone: Option<String>,
    pub published_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub unpublished_at: Option<DateTime<Utc>>,
    /// Actions of any Cité created from this fiche.
    pub reuses: i64,
}

impl FicheRow {
    pub fn thematics(&self) -> Vec<String> {
        codes(&self.thematics).map(str::to_owned).collect()
    }

    pub fn publics(&self) -> Vec<String> {
        codes(&self.publics).map(str::to_owned).collect()
    }

    pub fn partners(&self) -> Vec<String> {
        self.partners.lines().map(str::to_owned).collect()
    }

    pub fn region(&self) -> Option<&'static Region> {
        region_of_departement(&self.departement)
    }
}

/// What a fiche is prefilled from: the action's own fields (never its
/// participants), and the fiche already published from it, if any.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct FicheSource {
    pub action_id: ActionId,
    pub title: String,
    pub axis: Axis,
    /// As the action stores them (see [`codes`]).
    pub thematics: String,
    pub publics: String,
    pub description: String,
    pub planned_budget_cents: Option<i64>,
    pub results: Option<String>,
    pub carrier_name: Option<String>,
    pub cite_name: String,
    pub fiche_id: Option<FicheId>,
}

impl FicheSource {
    /// A first fiche: the action's own fields (never its participants), the
    /// carrier as partner, the Cité as the contact's organisation.
    pub fn fiche_input(&self, contact_role: &str, contact_email: &str) -> FicheInput {
        let owned = |list: &str| codes(list).map(str::to_owned).collect();
        FicheInput {
            title: self.title.clone(),
            axis: self.axis.code().to_owned(),
            thematics: owned(&self.thematics),
            publics: owned(&self.publics),
            description: self.description.clone(),
            partners: self.carrier_name.clone().unwrap_or_default(),
            budget: self
                .planned_budget_cents
                .map(euros_input)
                .unwrap_or_default(),
            results: self.results.clone().unwrap_or_default(),
            contact_organisation: self.cite_name.clone(),
            contact_role: contact_role.to_owned(),
            contact_email: contact_email.to_owned(),
            contact_phone: String::new(),
        }
    }
}

#[async_trait]
pub trait FicheStore {
    /// Publishes an action of the scope's Cité as a fiche, or updates and
    /// re-publishes the fiche already published from it (coordinators only;
    /// anyone else is `Forbidden`). Refused (`Invalid`) when the text names a
    /// person enrolled in the action or holds an e-mail or phone number.
    async fn publish_fiche(
        &self,
        actor: &Actor,
        scope: &Scope,
        action_id: ActionId,
        fiche: &FicheDraft,
    ) -> StoreResult<FicheId>;

    /// Withdraws a fiche of the scope's Cité from the catalogue; the actions
    /// reused from it keep their link.
    async fn unpublish_fiche(
        &self,
        actor: &Actor,
        scope: &Scope,
        fiche_id: FicheId,
    ) -> StoreResult<()>;

    /// Published fiches of every Cité, for anyone signed in (national included).
    async fn fiches(&self, scope: &Scope, filters: &FicheFilters) -> StoreResult<Vec<FicheRow>>;

    /// One published fiche.
    async fn fiche(&self, scope: &Scope, fiche_id: FicheId) -> StoreResult<FicheRow>;

    /// The action a coordinator is about to publish, with its current fiche.
    async fn fiche_source(&self, scope: &Scope, action_id: ActionId) -> StoreResult<FicheSource>;

    /// The fiche published from an action of the scope's Cité, withdrawn or not.
    async fn fiche_of_action(
        &self,
        scope: &Scope,
        action_id: ActionId,
    ) -> StoreResult<Option<FicheRow>>;

    /// The fiche an action of the scope's Cité was reused from, even if it
    /// was withdrawn since (`unpublished_at` says so).
    async fn origin_fiche(
        &self,
        scope: &Scope,
        action_id: ActionId,
    ) -> StoreResult<Option<FicheRow>>;

    /// The actions of the scope's Cité reused from a fiche: (id, title).
    async fn reuses_in_cite(
        &self,
        scope: &Scope,
        fiche_id: FicheId,
    ) -> StoreResult<Vec<(ActionId, String)>>;

    /// Copies a fiche of another Cité into the scope's Cité as a draft action
    /// that links back to it, with its places and priority rule
    /// (coordinators only); returns the new action's id, or the copy the
    /// Cité already made. The title gets « (2) », « (3) »… when another
    /// action of the Cité uses it.
    async fn reuse_fiche(
        &self,
        actor: &Actor,
        scope: &Scope,
        fiche_id: FicheId,
        today: NaiveDate,
    ) -> StoreResult<ActionId>;
}
