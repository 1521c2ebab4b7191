//! What the actions achieved (*résultats des actions*): the indicators each
//! action declares and their figures. The store counts what the records
//! tell (persons placed, their situations after their place, séances) with
//! the situation codes the domain names; `domain::actions::results` turns
//! the counts into each indicator's figures.
//!
//! Every member of the Cité reads its actions' results; the national
//! catalogue shows those of a published action to the whole network. Counts
//! leave the store exact: the web masks them for the reader's role.

use async_trait::async_trait;
use maillage_domain::actions::results::{IndicatorDraft, IndicatorResult, YearValue};
use maillage_domain::ids::{ActionId, CiteId, FicheId, IndicatorId};
use maillage_domain::Scope;

use crate::{Actor, StoreResult};

/// An action and what it achieved.
#[derive(Debug, Clone)]
pub struct ActionResults {
    pub action_id: ActionId,
    pub title: String,
    pub results: Vec<IndicatorResult>,
}

/// A Cité's séances collectives and the people they met without a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, sqlx::FromRow)]
pub struct SeanceTotals {
    pub cite_id: CiteId,
    pub seances: i64,
    pub persons_met: i64,
}

#[async_trait]
pub trait ResultStore {
    /// The action's indicators with their figures, in their order.
    async fn action_results(
        &self,
        scope: &Scope,
        action_id: ActionId,
    ) -> StoreResult<Vec<IndicatorResult>>;

    /// The scope's Cité's actions that declare indicators, with their
    /// figures (the Cité's home). Most recent action first.
    async fn cite_results(&self, scope: &Scope) -> StoreResult<Vec<ActionResults>>;

    /// What the action behind a fiche of the national catalogue achieved:
    /// every scope reads it, as it reads the fiche.
    async fn fiche_results(
        &self,
        scope: &Scope,
        fiche_id: FicheId,
    ) -> StoreResult<Vec<IndicatorResult>>;

    /// Séances held and people met without a file, per Cité: every Cité
    /// for the national team, its own for a member.
    async fn seance_totals(&self, scope: &Scope) -> StoreResult<Vec<SeanceTotals>>;

    /// Coordinators only; the label is unique on the action (`Invalid`).
    async fn add_indicator(
        &self,
        actor: &Actor,
        scope: &Scope,
        action_id: ActionId,
        indicator: &IndicatorDraft,
    ) -> StoreResult<IndicatorId>;

    /// Demo and CLI: declares an indicator of an action of `cite_id`.
    async fn add_indicator_in(
        &self,
        actor: &Actor,
        cite_id: CiteId,
        action_id: ActionId,
        indicator: &IndicatorDraft,
    ) -> StoreResult<IndicatorId>;

    /// Coordinators only: the indicator and its recorded values go.
    async fn remove_indicator(
        &self,
        actor: &Actor,
        scope: &Scope,
        action_id: ActionId,
        indicator_id: IndicatorId,
    ) -> StoreResult<()>;

    /// A year's value of a recorded indicator of the action, replacing the
    /// one recorded before: coordinators, and the porteur of the action's
    /// carrier partner. A computed indicator is refused (`Invalid`).
    async fn record_value(
        &self,
        actor: &Actor,
        scope: &Scope,
        action_id: ActionId,
        value: &YearValue,
    ) -> StoreResult<()>;
}
