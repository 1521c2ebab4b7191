//! Partners (*partenaires*) of a Cité.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use maillage_domain::ids::{CiteId, PartnerId};
use maillage_domain::partners::{PartnerCategory, PartnerDraft};
use maillage_domain::Scope;

use crate::accounts::AccountRow;
use crate::{Actor, StoreResult};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PartnerRow {
    pub id: PartnerId,
    pub cite_id: CiteId,
    pub name: String,
    pub category: PartnerCategory,
    pub network: Option<String>,
    pub siret: Option<String>,
    pub address: Option<String>,
    pub postal_code: Option<String>,
    pub city: Option<String>,
    pub sensitive: bool,
    pub archived_at: Option<DateTime<Utc>>,
    pub referents: i64,
}

#[async_trait]
pub trait PartnerStore {
    /// The partners of the scope's Cité, by name; archived ones on request.
    async fn partners(&self, scope: &Scope, include_archived: bool)
        -> StoreResult<Vec<PartnerRow>>;
    async fn partner(&self, scope: &Scope, partner_id: PartnerId) -> StoreResult<PartnerRow>;
    /// The accounts attached to a partner of the scope's Cité.
    async fn partner_accounts(
        &self,
        scope: &Scope,
        partner_id: PartnerId,
    ) -> StoreResult<Vec<AccountRow>>;

    /// Coordinators only, for every change below.
    async fn create_partner(
        &self,
        actor: &Actor,
        scope: &Scope,
        partner: &PartnerDraft,
    ) -> StoreResult<PartnerId>;
    async fn update_partner(
        &self,
        actor: &Actor,
        scope: &Scope,
        partner_id: PartnerId,
        partner: &PartnerDraft,
    ) -> StoreResult<()>;
    /// Archives (or restores) a partner: its history stays, it leaves the lists.
    async fn set_partner_archived(
        &self,
        actor: &Actor,
        scope: &Scope,
        partner_id: PartnerId,
        archived: bool,
    ) -> StoreResult<()>;

    /// Demo and CLI: adds a partner to a Cité without a user scope.
    async fn create_partner_in(
        &self,
        actor: &Actor,
        cite_id: CiteId,
        partner: &PartnerDraft,
    ) -> StoreResult<PartnerId>;
}
