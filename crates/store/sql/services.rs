//! The service catalogue's shared SQL. Columns are listed once, in the order
//! they are bound, and the INSERT/UPDATE/SELECT texts built from them.

use crate::{Backend, Db};

use maillage_domain::accounts::Role;
use maillage_domain::ids::{CiteId, PartnerId, ServiceId, StructureId};
use maillage_domain::Scope;

use maillage_domain::services::Service;
use maillage_domain::services::Structure;
use maillage_store::{StoreError, StoreResult};

/// The address and contact columns structures and services share, bound
/// by [`Backend::bind_place`].
const PLACE_COLUMNS: [&str; 9] = [
    "commune",
    "postal_code",
    "insee_code",
    "street",
    "complement",
    "longitude",
    "latitude",
    "phone",
    "email",
];

/// A structure's data·inclusion columns before and after its place.
const STRUCTURE_HEAD: [&str; 7] = [
    "source",
    "source_id",
    "name",
    "updated_on",
    "description",
    "source_link",
    "siret",
];
const STRUCTURE_TAIL: [&str; 4] = ["website", "opening_hours", "accessibility", "networks"];

/// A structure's data·inclusion columns, in bind order.
pub fn structure_columns() -> Vec<&'static str> {
    [&STRUCTURE_HEAD[..], &PLACE_COLUMNS, &STRUCTURE_TAIL].concat()
}

/// A service's data·inclusion columns before and after its place (its
/// structure apart).
const SERVICE_HEAD: [&str; 13] = [
    "source",
    "source_id",
    "name",
    "description",
    "source_link",
    "updated_on",
    "service_type",
    "thematics",
    "fees",
    "fees_details",
    "publics",
    "publics_details",
    "access_conditions",
];
const SERVICE_TAIL: [&str; 10] = [
    "reception_modes",
    "eligibility_zone",
    "contact_name",
    "mobilisation_link",
    "mobilisation_modes",
    "mobilisable_by",
    "mobilisation_details",
    "weekly_hours",
    "weeks",
    "opening_hours",
];

/// A service's data·inclusion columns, in bind order.
pub fn service_columns() -> Vec<&'static str> {
    [&SERVICE_HEAD[..], &PLACE_COLUMNS, &SERVICE_TAIL].concat()
}

/// `INSERT` of `columns` bound as `$1…$n`, then `cite_id` `$n+1`, `link`
/// (the parent row) `$n+2` and the time `$n+3`.
pub fn insert_sql(table: &str, columns: &[&str], link: &str) -> String {
    let n = columns.len();
    let values: Vec<String> = (1..=n).map(|i| format!("${i}")).collect();
    format!(
        "INSERT INTO {table} ({}, cite_id, {link}, created_at, updated_at) VALUES ({}, ${}, ${}, ${}, ${}) RETURNING id",
        columns.join(", "),
        values.join(", "),
        n + 1,
        n + 2,
        n + 3,
        n + 3
    )
}

/// `UPDATE` with the same binds as [`insert_sql`], then the row id `$n+4`.
pub fn update_sql(table: &str, columns: &[&str], link: &str) -> String {
    let n = columns.len();
    let sets: Vec<String> = columns
        .iter()
        .enumerate()
        .map(|(i, column)| format!("{column} = ${}", i + 1))
        .collect();
    format!(
        "UPDATE {table} SET {}, {link} = ${}, updated_at = ${} WHERE cite_id = ${} AND id = ${}",
        sets.join(", "),
        n + 2,
        n + 3,
        n + 1,
        n + 4
    )
}

/// The structure columns a `StructureRow` reads, from `structures st`.
pub fn structure_select() -> String {
    let columns: Vec<String> = structure_columns()
        .iter()
        .map(|c| format!("st.{c}"))
        .collect();
    format!(
        "SELECT st.id, st.cite_id, st.partner_id, {}, st.updated_at, st.archived_at, \
         (SELECT COUNT(*) FROM services s WHERE s.structure_id = st.id) AS services FROM structures st",
        columns.join(", ")
    )
}

/// The service columns a `ServiceRow` reads, from `services s` and its structure.
pub fn service_select() -> String {
    let columns: Vec<String> = service_columns().iter().map(|c| format!("s.{c}")).collect();
    format!(
        "SELECT s.id, s.cite_id, s.structure_id, st.source_id AS structure_source_id, \
         st.name AS structure_name, st.partner_id AS structure_partner_id, {}, s.updated_at, \
         COALESCE(s.archived_at, st.archived_at) AS archived_at \
         FROM services s JOIN structures st ON st.id = s.structure_id",
        columns.join(", ")
    )
}

/// The Cité whose catalogue this scope edits: coordinators and référents,
/// who mobilise it; pilotes and porteurs read it only.
pub fn catalogue_editor(scope: &Scope) -> StoreResult<CiteId> {
    match scope {
        Scope::Cite {
            cite_id,
            role: Role::Coordinateur | Role::Referent,
            ..
        } => Ok(*cite_id),
        Scope::Cite { .. } => Err(StoreError::Forbidden),
        Scope::National { .. } => Err(StoreError::NotFound),
    }
}

/// The codes a commune is eligible under: itself, its EPCI, its
/// département, France.
pub fn zone_codes(commune: &str) -> Vec<String> {
    let mut codes = vec![commune.to_owned(), "france".to_owned(), "99100".to_owned()];
    if let Some(c) = maillage_domain::referential::commune(commune) {
        codes.push(c.departement.to_owned());
    }
    if let Some(epci) = maillage_domain::referential::epci_of_commune(commune) {
        codes.push(epci.code.to_owned());
    }
    codes
}

/// The shared part of the catalogue's SQL.
impl Backend {
    /// Binds [`PLACE_COLUMNS`].
    fn bind_place<'q>(
        query: sqlx::query::Query<'q, Db, <Db as sqlx::Database>::Arguments<'q>>,
        address: &'q maillage_domain::services::Address,
        phone: &'q Option<String>,
        email: &'q Option<String>,
    ) -> sqlx::query::Query<'q, Db, <Db as sqlx::Database>::Arguments<'q>> {
        query
            .bind(&address.commune)
            .bind(&address.postal_code)
            .bind(&address.insee_code)
            .bind(&address.street)
            .bind(&address.complement)
            .bind(address.longitude)
            .bind(address.latitude)
            .bind(phone)
            .bind(email)
    }

    /// Binds a structure's columns in [`structure_columns`] order.
    pub(crate) fn bind_structure<'q>(
        query: sqlx::query::Query<'q, Db, <Db as sqlx::Database>::Arguments<'q>>,
        s: &'q Structure,
    ) -> sqlx::query::Query<'q, Db, <Db as sqlx::Database>::Arguments<'q>> {
        let query = query
            .bind(&s.source)
            .bind(&s.id)
            .bind(&s.name)
            .bind(s.updated_on)
            .bind(&s.description)
            .bind(&s.source_link)
            .bind(s.siret.as_ref().map(|s| s.as_str()));
        Self::bind_place(query, &s.address, &s.phone, &s.email)
            .bind(&s.website)
            .bind(&s.opening_hours)
            .bind(&s.accessibility)
            .bind(maillage_store::services::joined(&s.networks))
    }

    /// Binds a service's columns in [`service_columns`] order.
    pub(crate) fn bind_service<'q>(
        query: sqlx::query::Query<'q, Db, <Db as sqlx::Database>::Arguments<'q>>,
        s: &'q Service,
    ) -> sqlx::query::Query<'q, Db, <Db as sqlx::Database>::Arguments<'q>> {
        let query = query
            .bind(&s.source)
            .bind(&s.id)
            .bind(&s.name)
            .bind(&s.description)
            .bind(&s.source_link)
            .bind(s.updated_on)
            .bind(s.kind)
            .bind(maillage_store::services::joined(&s.thematics))
            .bind(s.fees)
            .bind(&s.fees_details)
            .bind(maillage_store::services::joined(&s.publics))
            .bind(&s.publics_details)
            .bind(&s.access_conditions);
        Self::bind_place(query, &s.address, &s.phone, &s.email)
            .bind(maillage_store::services::joined(&s.reception_modes))
            .bind(maillage_store::services::joined(&s.eligibility_zone))
            .bind(&s.contact_name)
            .bind(&s.mobilisation_link)
            .bind(maillage_store::services::joined(&s.mobilisation_modes))
            .bind(maillage_store::services::joined(&s.mobilisable_by))
            .bind(&s.mobilisation_details)
            .bind(s.weekly_hours)
            .bind(s.weeks.and_then(|w| i32::try_from(w).ok()))
            .bind(&s.opening_hours)
    }

    /// Writes a structure: inserted when `existing` is `None`.
    pub(crate) async fn save_structure(
        tx: &mut sqlx::Transaction<'_, Db>,
        at: chrono::DateTime<chrono::Utc>,
        cite_id: CiteId,
        existing: Option<StructureId>,
        structure: &Structure,
        partner_id: Option<PartnerId>,
    ) -> StoreResult<StructureId> {
        use crate::sql::services::{insert_sql, structure_columns, update_sql};
        let now = at;
        if let Some(partner) = partner_id {
            let ours: Option<PartnerId> =
                sqlx::query_scalar("SELECT id FROM partners WHERE id = $1 AND cite_id = $2")
                    .bind(partner)
                    .bind(cite_id)
                    .fetch_optional(&mut **tx)
                    .await?;
            if ours.is_none() {
                return Err(crate::sql::participants::invalid(
                    "partner_id",
                    "Choisissez un partenaire de la Cité.",
                ));
            }
        }
        let sql = match existing {
            Some(_) => update_sql("structures", &structure_columns(), "partner_id"),
            None => insert_sql("structures", &structure_columns(), "partner_id"),
        };
        let renamed = match existing {
            Some(id) => {
                let name: Option<String> =
                    sqlx::query_scalar("SELECT name FROM structures WHERE id = $1")
                        .bind(id)
                        .fetch_optional(&mut **tx)
                        .await?;
                name.is_some_and(|name| name != structure.name)
            }
            None => false,
        };
        let query = Self::bind_structure(sqlx::query(&sql), structure)
            .bind(cite_id)
            .bind(partner_id)
            .bind(now);
        let id = Self::run_save(tx, query, existing).await?;
        // Its services are found by its name.
        if renamed {
            Self::index_structure_services(tx, id).await?;
        }
        Ok(id)
    }

    /// Writes a service under its structure (same source, its
    /// data·inclusion id): inserted when `existing` is `None`.
    pub(crate) async fn save_service(
        tx: &mut sqlx::Transaction<'_, Db>,
        at: chrono::DateTime<chrono::Utc>,
        cite_id: CiteId,
        existing: Option<ServiceId>,
        service: &Service,
    ) -> StoreResult<ServiceId> {
        use crate::sql::services::{insert_sql, service_columns, update_sql};
        let structure: Option<StructureId> = sqlx::query_scalar(
            "SELECT id FROM structures WHERE cite_id = $1 AND source = $2 AND source_id = $3",
        )
        .bind(cite_id)
        .bind(&service.source)
        .bind(&service.structure_id)
        .fetch_optional(&mut **tx)
        .await?;
        let structure = structure.ok_or_else(|| {
            crate::sql::participants::invalid(
                "structure_id",
                "Choisissez une structure du catalogue de la Cité.",
            )
        })?;
        let now = at;
        let sql = match existing {
            Some(_) => update_sql("services", &service_columns(), "structure_id"),
            None => insert_sql("services", &service_columns(), "structure_id"),
        };
        let query = Self::bind_service(sqlx::query(&sql), service)
            .bind(cite_id)
            .bind(structure)
            .bind(now);
        let id = Self::run_save(tx, query, existing).await?;
        Self::index_service(tx, id).await?;
        Ok(id)
    }

    /// Runs an [`update_sql`] (with the row id) or an [`insert_sql`].
    pub(crate) async fn run_save<'q, I>(
        tx: &mut sqlx::Transaction<'_, Db>,
        query: sqlx::query::Query<'q, Db, <Db as sqlx::Database>::Arguments<'q>>,
        existing: Option<I>,
    ) -> StoreResult<I>
    where
        I: sqlx::Type<Db> + sqlx::Encode<'q, Db> + for<'r> sqlx::Decode<'r, Db> + Copy + Send + 'q,
    {
        match existing {
            Some(id) => {
                let done = query.bind(id).execute(&mut **tx).await?;
                if done.rows_affected() == 0 {
                    return Err(StoreError::NotFound);
                }
                Ok(id)
            }
            None => {
                let row = query.fetch_one(&mut **tx).await?;
                Ok(sqlx::Row::try_get(&row, 0)?)
            }
        }
    }

    /// The row id of a record of the Cité, by source and id.
    pub(crate) async fn find_record<I>(
        tx: &mut sqlx::Transaction<'_, Db>,
        table: &'static str,
        cite_id: CiteId,
        source: &str,
        source_id: &str,
    ) -> StoreResult<Option<(I, Option<PartnerId>)>>
    where
        I: sqlx::Type<Db> + for<'r> sqlx::Decode<'r, Db> + Send + Unpin,
    {
        let link = if table == "structures" {
            "partner_id"
        } else {
            "CAST(NULL AS BIGINT)"
        };
        let sql = format!(
            "SELECT id, {link} FROM {table} WHERE cite_id = $1 AND source = $2 AND source_id = $3"
        );
        Ok(sqlx::query_as(&sql)
            .bind(cite_id)
            .bind(source)
            .bind(source_id)
            .fetch_optional(&mut **tx)
            .await?)
    }
}
