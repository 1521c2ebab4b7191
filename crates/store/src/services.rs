//! The territory's service catalogue (*offre de service*): structures and
//! their services in the data·inclusion v1 shape, per Cité.
//!
//! Every member of the Cité reads it (pilotes and porteurs included: it is
//! the public offer of the territory, no person in it); coordinators and
//! référents, who mobilise it for the persons they follow, edit and import
//! it. The national team, which has no Cité, gets `NotFound`.
//!
//! Lists of codes are stored as space-separated text in the given order:
//! `' ' || s.thematics || ' ' LIKE '% mobilite--preparer-un-permis %'` finds
//! a thematic on both backends.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use maillage_domain::ids::{CiteId, PartnerId, ServiceId, StructureId};
use maillage_domain::partners::Siret;
use maillage_domain::referential::{self, Code};
use maillage_domain::services::removal::Removal;
use maillage_domain::services::{Address, Catalogue, Service, Structure};
use maillage_domain::Scope;

use crate::{Actor, StoreResult};

/// Codes stored as text back to the referential's `'static` codes; a code
/// that left the referential is dropped rather than exported invalid.
pub fn codes(text: &str, lookup: fn(&str) -> Option<&'static Code>) -> Vec<&'static str> {
    text.split_whitespace()
        .filter_map(|code| lookup(code).map(|c| c.code))
        .collect()
}

/// A list of codes as stored.
pub fn joined<T: AsRef<str>>(items: &[T]) -> String {
    items
        .iter()
        .map(AsRef::as_ref)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The address columns structures and services share.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AddressColumns {
    pub commune: Option<String>,
    pub postal_code: Option<String>,
    pub insee_code: Option<String>,
    pub street: Option<String>,
    pub complement: Option<String>,
    pub longitude: Option<f64>,
    pub latitude: Option<f64>,
}

impl From<&AddressColumns> for Address {
    fn from(columns: &AddressColumns) -> Address {
        Address {
            commune: columns.commune.clone(),
            postal_code: columns.postal_code.clone(),
            insee_code: columns.insee_code.clone(),
            street: columns.street.clone(),
            complement: columns.complement.clone(),
            longitude: columns.longitude,
            latitude: columns.latitude,
        }
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StructureRow {
    pub id: StructureId,
    pub cite_id: CiteId,
    pub partner_id: Option<PartnerId>,
    pub source: String,
    pub source_id: String,
    pub name: String,
    pub updated_on: NaiveDate,
    pub description: Option<String>,
    pub source_link: Option<String>,
    pub siret: Option<String>,
    #[sqlx(flatten)]
    pub address: AddressColumns,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
    pub opening_hours: Option<String>,
    pub accessibility: Option<String>,
    pub networks: String,
    pub services: i64,
    pub updated_at: DateTime<Utc>,
    /// When it was archived: kept for what points to it, out of the lists.
    pub archived_at: Option<DateTime<Utc>>,
}

impl StructureRow {
    pub fn to_domain(&self) -> Structure {
        Structure {
            source: self.source.clone(),
            id: self.source_id.clone(),
            name: self.name.clone(),
            updated_on: self.updated_on,
            description: self.description.clone(),
            source_link: self.source_link.clone(),
            siret: self.siret.as_deref().and_then(|s| Siret::parse(s).ok()),
            address: Address::from(&self.address),
            phone: self.phone.clone(),
            email: self.email.clone(),
            website: self.website.clone(),
            opening_hours: self.opening_hours.clone(),
            accessibility: self.accessibility.clone(),
            networks: codes(&self.networks, referential::network),
        }
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ServiceRow {
    pub id: ServiceId,
    pub cite_id: CiteId,
    /// The row id of its structure.
    pub structure_id: StructureId,
    /// The structure's data·inclusion id and name.
    pub structure_source_id: String,
    pub structure_name: String,
    pub structure_partner_id: Option<PartnerId>,
    pub source: String,
    pub source_id: String,
    pub name: String,
    pub description: String,
    pub source_link: Option<String>,
    pub updated_on: NaiveDate,
    pub service_type: Option<String>,
    pub thematics: String,
    pub fees: Option<String>,
    pub fees_details: Option<String>,
    pub publics: String,
    pub publics_details: Option<String>,
    pub access_conditions: Option<String>,
    #[sqlx(flatten)]
    pub address: AddressColumns,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub reception_modes: String,
    pub eligibility_zone: String,
    pub contact_name: Option<String>,
    pub mobilisation_link: Option<String>,
    pub mobilisation_modes: String,
    pub mobilisable_by: String,
    pub mobilisation_details: Option<String>,
    pub weekly_hours: Option<f64>,
    pub weeks: Option<i32>,
    pub opening_hours: Option<String>,
    pub updated_at: DateTime<Utc>,
    /// When it was archived: kept for the steps that mobilised it, out of
    /// search, suggestions and exports.
    pub archived_at: Option<DateTime<Utc>>,
}

impl ServiceRow {
    pub fn to_domain(&self) -> Service {
        let code = |value: &Option<String>, lookup: fn(&str) -> Option<&'static Code>| {
            value.as_deref().and_then(lookup).map(|c| c.code)
        };
        Service {
            source: self.source.clone(),
            structure_id: self.structure_source_id.clone(),
            id: self.source_id.clone(),
            name: self.name.clone(),
            description: self.description.clone(),
            source_link: self.source_link.clone(),
            updated_on: self.updated_on,
            kind: code(&self.service_type, referential::service_type),
            thematics: codes(&self.thematics, referential::thematic),
            fees: code(&self.fees, referential::fee),
            fees_details: self.fees_details.clone(),
            publics: codes(&self.publics, referential::public),
            publics_details: self.publics_details.clone(),
            access_conditions: self.access_conditions.clone(),
            address: Address::from(&self.address),
            phone: self.phone.clone(),
            email: self.email.clone(),
            reception_modes: codes(&self.reception_modes, referential::reception_mode),
            eligibility_zone: self
                .eligibility_zone
                .split_whitespace()
                .map(str::to_owned)
                .collect(),
            contact_name: self.contact_name.clone(),
            mobilisation_link: self.mobilisation_link.clone(),
            mobilisation_modes: codes(&self.mobilisation_modes, referential::mobilisation_mode),
            mobilisable_by: codes(&self.mobilisable_by, referential::mobilising_person),
            mobilisation_details: self.mobilisation_details.clone(),
            weekly_hours: self.weekly_hours,
            weeks: self.weeks.map(i64::from),
            opening_hours: self.opening_hours.clone(),
        }
    }
}

/// A service in a list: search results, the step form's choices.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ServiceListRow {
    pub id: ServiceId,
    pub name: String,
    pub description: String,
    pub structure_id: StructureId,
    pub structure_name: String,
    /// The Cité's partner the structure is, if any: a step's default partner.
    pub partner_id: Option<PartnerId>,
    pub service_type: Option<String>,
    pub thematics: String,
    pub publics: String,
    pub commune: Option<String>,
    pub insee_code: Option<String>,
    pub archived_at: Option<DateTime<Utc>>,
}

/// What to look for in the catalogue; every filter is optional.
#[derive(Debug, Clone, Default)]
pub struct ServiceQuery {
    /// A thematic code, or a category (`mobilite`) for all its thematics.
    pub thematic: Option<String>,
    pub public: Option<String>,
    /// INSEE codes: services located in one of them, or eligible there
    /// (their commune, EPCI, département, or France).
    pub communes: Vec<String>,
    /// Free text, French, accent-insensitive.
    pub text: Option<String>,
    pub limit: i64,
    /// Archived services too (an editor's choice on the catalogue page).
    pub include_archived: bool,
}

/// What an import did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportCounts {
    pub structures_created: usize,
    pub structures_updated: usize,
    pub services_created: usize,
    pub services_updated: usize,
}

/// A service or a structure of the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CatalogueEntry {
    Service(ServiceId),
    Structure(StructureId),
}

impl From<ServiceId> for CatalogueEntry {
    fn from(id: ServiceId) -> Self {
        CatalogueEntry::Service(id)
    }
}

impl From<StructureId> for CatalogueEntry {
    fn from(id: StructureId) -> Self {
        CatalogueEntry::Structure(id)
    }
}

#[async_trait]
pub trait ServiceStore {
    /// The structures of the scope's Cité, by name, with their service counts.
    async fn structures(&self, scope: &Scope) -> StoreResult<Vec<StructureRow>>;
    async fn structure(
        &self,
        scope: &Scope,
        structure_id: StructureId,
    ) -> StoreResult<StructureRow>;
    /// Coordinators and référents; `partner_id` must be a partner of the Cité.
    async fn create_structure(
        &self,
        actor: &Actor,
        scope: &Scope,
        structure: &Structure,
        partner_id: Option<PartnerId>,
    ) -> StoreResult<StructureId>;
    async fn update_structure(
        &self,
        actor: &Actor,
        scope: &Scope,
        structure_id: StructureId,
        structure: &Structure,
        partner_id: Option<PartnerId>,
    ) -> StoreResult<()>;

    async fn service(&self, scope: &Scope, service_id: ServiceId) -> StoreResult<ServiceRow>;
    /// Its structure is the Cité's structure of the same source whose
    /// data·inclusion id is `service.structure_id`.
    async fn create_service(
        &self,
        actor: &Actor,
        scope: &Scope,
        service: &Service,
    ) -> StoreResult<ServiceId>;
    async fn update_service(
        &self,
        actor: &Actor,
        scope: &Scope,
        service_id: ServiceId,
        service: &Service,
    ) -> StoreResult<()>;

    /// Services of the scope's Cité matching every filter given: the most
    /// relevant first when there is free text, then by name.
    async fn search_services(
        &self,
        scope: &Scope,
        query: &ServiceQuery,
    ) -> StoreResult<Vec<ServiceListRow>>;

    /// Creates or updates (same source and id) every record, in one
    /// transaction with its audit row: all of it or nothing.
    async fn import_data_inclusion(
        &self,
        actor: &Actor,
        scope: &Scope,
        catalogue: &Catalogue,
    ) -> StoreResult<ImportCounts>;

    /// The Cité's whole catalogue, audited as an export.
    async fn export_data_inclusion(&self, actor: &Actor, scope: &Scope) -> StoreResult<Catalogue>;

    /// Removes a service or a structure of the catalogue: deleted when
    /// nothing points to it, archived otherwise ([`Removal::of`]).
    async fn remove_catalogue_entry(
        &self,
        actor: &Actor,
        scope: &Scope,
        entry: CatalogueEntry,
    ) -> StoreResult<Removal>;

    /// Brings an archived service or structure back.
    async fn restore_catalogue_entry(
        &self,
        actor: &Actor,
        scope: &Scope,
        entry: CatalogueEntry,
    ) -> StoreResult<()>;
}
