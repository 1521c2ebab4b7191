//! Bulk loading for `maillage seed-scale` (*jeu de données national*): rows
//! go in multi-row INSERTs, and each batch is one transaction, so an
//! interrupted load never leaves half a batch behind.
//!
//! [`SeedStore`] is not part of [`Store`]: the application never writes
//! rows past its own rules, only the bench loader does.
//!
//! Tables and columns are a fixed list here (never built from input); the
//! values are bound parameters.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};

use crate::{Store, StoreResult};

/// One bound value of a seeded row.
#[derive(Debug, Clone)]
pub enum SeedValue {
    Int(Option<i64>),
    Real(Option<f64>),
    Text(Option<String>),
    Date(Option<NaiveDate>),
    Time(Option<DateTime<Utc>>),
    Bool(bool),
}

impl From<i64> for SeedValue {
    fn from(v: i64) -> Self {
        SeedValue::Int(Some(v))
    }
}

impl From<Option<i64>> for SeedValue {
    fn from(v: Option<i64>) -> Self {
        SeedValue::Int(v)
    }
}

impl From<&str> for SeedValue {
    fn from(v: &str) -> Self {
        SeedValue::Text(Some(v.to_owned()))
    }
}

impl From<String> for SeedValue {
    fn from(v: String) -> Self {
        SeedValue::Text(Some(v))
    }
}

impl From<Option<String>> for SeedValue {
    fn from(v: Option<String>) -> Self {
        SeedValue::Text(v)
    }
}

impl From<NaiveDate> for SeedValue {
    fn from(v: NaiveDate) -> Self {
        SeedValue::Date(Some(v))
    }
}

impl From<Option<NaiveDate>> for SeedValue {
    fn from(v: Option<NaiveDate>) -> Self {
        SeedValue::Date(v)
    }
}

impl From<DateTime<Utc>> for SeedValue {
    fn from(v: DateTime<Utc>) -> Self {
        SeedValue::Time(Some(v))
    }
}

impl From<Option<DateTime<Utc>>> for SeedValue {
    fn from(v: Option<DateTime<Utc>>) -> Self {
        SeedValue::Time(v)
    }
}

impl From<bool> for SeedValue {
    fn from(v: bool) -> Self {
        SeedValue::Bool(v)
    }
}

impl From<f64> for SeedValue {
    fn from(v: f64) -> Self {
        SeedValue::Real(Some(v))
    }
}

/// The tables a national dataset fills, with the columns it sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeedTable {
    Cites,
    Qpvs,
    Partners,
    Users,
    Memberships,
    Cohorts,
    Participants,
    Barriers,
    Steps,
    Outcomes,
    Audit,
}

impl SeedTable {
    pub fn name(self) -> &'static str {
        match self {
            SeedTable::Cites => "cites",
            SeedTable::Qpvs => "qpvs",
            SeedTable::Partners => "partners",
            SeedTable::Users => "users",
            SeedTable::Memberships => "memberships",
            SeedTable::Cohorts => "cohorts",
            SeedTable::Participants => "participants",
            SeedTable::Barriers => "barriers",
            SeedTable::Steps => "steps",
            SeedTable::Outcomes => "outcomes",
            SeedTable::Audit => "audit_log",
        }
    }

    pub fn columns(self) -> &'static [&'static str] {
        match self {
            SeedTable::Cites => &[
                "code",
                "name",
                "departement",
                "epci",
                "communes",
                "label_year",
                "population",
                "unemployment_rate",
                "defm_abc",
                "axes",
            ],
            SeedTable::Qpvs => &["cite_id", "code", "name", "communes", "population"],
            SeedTable::Partners => &[
                "cite_id",
                "name",
                "category",
                "network",
                "city",
                "created_at",
                "updated_at",
            ],
            SeedTable::Users => &["email", "name", "password_hash", "national", "created_at"],
            SeedTable::Memberships => &["user_id", "cite_id", "role", "partner_id"],
            SeedTable::Cohorts => &[
                "cite_id",
                "name",
                "year",
                "target_size",
                "intake_start",
                "intake_end",
                "follow_up_months",
                "intake_closed_at",
                "created_at",
            ],
            SeedTable::Participants => &[
                "cite_id",
                "cohort_id",
                "first_name",
                "last_name",
                "search_name",
                "sort_key",
                "birth_date",
                "sex",
                "phone",
                "qpv_id",
                "employment_status",
                "education",
                "rsa",
                "single_parent",
                "rqth",
                "lead_partner_id",
                "lead_user_id",
                "status",
                "entry_date",
                "exit_date",
                "last_activity_at",
                "created_at",
            ],
            SeedTable::Barriers => &[
                "participant_id",
                "cite_id",
                "thematic",
                "identified_on",
                "lifted_on",
            ],
            SeedTable::Steps => &[
                "participant_id",
                "label",
                "partner_id",
                "planned_on",
                "started_on",
                "ended_on",
                "status",
                "created_by",
                "created_at",
            ],
            SeedTable::Outcomes => &[
                "participant_id",
                "cite_id",
                "checkpoint",
                "outcome",
                "recorded_on",
                "recorded_by",
            ],
            SeedTable::Audit => &[
                "at",
                "user_id",
                "organisation",
                "cite_id",
                "action",
                "entity",
                "entity_id",
                "person_id",
            ],
        }
    }

    /// Whether rows get an `id` the caller needs back (memberships have none).
    pub fn returns_ids(self) -> bool {
        self != SeedTable::Memberships
    }

    /// Rows per INSERT statement: under SQLite's 32 766 bound parameters
    /// (PostgreSQL allows 65 535).
    pub fn rows_per_statement(self) -> usize {
        30_000 / self.columns().len()
    }
}

/// Rows for one table.
#[derive(Debug, Clone)]
pub struct SeedRows {
    pub table: SeedTable,
    pub rows: Vec<Vec<SeedValue>>,
}

impl SeedRows {
    pub fn new(table: SeedTable) -> SeedRows {
        SeedRows {
            table,
            rows: Vec::new(),
        }
    }

    /// Adds a row; its values follow [`SeedTable::columns`].
    pub fn push(&mut self, row: Vec<SeedValue>) {
        assert_eq!(
            row.len(),
            self.table.columns().len(),
            "a {} row has one value per column",
            self.table.name()
        );
        self.rows.push(row);
    }
}

/// Builds the rows that depend on the ids of a batch's parent rows.
pub type Children = Box<dyn FnOnce(&[i64]) -> Vec<SeedRows> + Send>;

/// The bench loader's access to a backend, beside the application's [`Store`].
#[async_trait]
pub trait SeedStore: Store {
    /// True when the database holds no Cité, account or person yet.
    async fn is_empty(&self) -> StoreResult<bool>;

    /// In one transaction: inserts `parents`, then the rows `children`
    /// builds from the parents' new ids (in the order of `parents.rows`).
    /// Returns those ids.
    async fn seed_batch(&self, parents: SeedRows, children: Children) -> StoreResult<Vec<i64>>;

    /// Refreshes the planner's statistics after a bulk load (and, on
    /// PostgreSQL, the visibility map).
    async fn analyze(&self) -> StoreResult<()>;
}
