//! Agreements (*conventions*) and the bilans they owe (*bilans*). A
//! coordinator draws the agreement of an accepted application: in one
//! transaction, each year of it is committed on the Cité's envelope with its
//! instalments, and each year's two bilans are planned. The porteur of the
//! funded partner reads its agreements and writes their bilans; the Cité's
//! coordinators and co-pilots read them all. What a scope may not see
//! answers `NotFound`, like what does not exist.

use async_trait::async_trait;
use chrono::NaiveDate;
use maillage_domain::agreements::{AgreementDraft, ReportKind};
use maillage_domain::calls::{BudgetLine, CallStatus};
use maillage_domain::documents::NewDocument;
use maillage_domain::ids::{
    ActionId, AgreementId, ApplicationId, CiteId, CommitmentId, InstalmentId, PartnerId, ReportId,
};
use maillage_domain::Scope;

use crate::{Actor, StoreResult};

/// What drawing an agreement starts from: the application, its decision and
/// its agreement if one was drawn.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct AgreementBasis {
    pub application_id: ApplicationId,
    pub project_title: String,
    pub partner_name: String,
    pub call_status: CallStatus,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    /// What the decision granted; `None` unless it was accepted.
    pub accepted_cents: Option<i64>,
    pub agreement_id: Option<AgreementId>,
}

/// An agreement as its page and its document show it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct AgreementRow {
    pub id: AgreementId,
    pub reference: String,
    pub cite_id: CiteId,
    pub cite_name: String,
    pub cite_epci: Option<String>,
    pub application_id: ApplicationId,
    pub call_title: String,
    pub project_title: String,
    pub summary: String,
    pub partner_id: PartnerId,
    pub partner_name: String,
    pub partner_siret: Option<String>,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub decided_on: NaiveDate,
    pub committee: String,
    pub action_id: Option<ActionId>,
    pub advance_percent: i32,
    pub drawn_on: NaiveDate,
    pub signed_on: Option<NaiveDate>,
}

/// A year of an agreement: its commitment and what was paid of it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct AgreementYearRow {
    pub year: i32,
    pub amount_cents: i64,
    pub commitment_id: CommitmentId,
    pub paid: i64,
}

/// A planned instalment of one of the agreement's years.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct AgreementInstalmentRow {
    pub id: InstalmentId,
    pub year: i32,
    pub label: String,
    pub planned_on: NaiveDate,
    pub amount_cents: i64,
}

/// A bilan owed, and whether it came in.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ReportRow {
    pub id: ReportId,
    pub agreement_id: AgreementId,
    pub year: i32,
    pub kind: ReportKind,
    pub due_on: NaiveDate,
    pub received_on: Option<NaiveDate>,
}

/// An agreement with its years, schedule, bilans and the budget table it
/// funds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgreementFile {
    pub agreement: AgreementRow,
    pub years: Vec<AgreementYearRow>,
    pub instalments: Vec<AgreementInstalmentRow>,
    pub reports: Vec<ReportRow>,
    pub budget: Vec<BudgetLine>,
}

impl AgreementFile {
    pub fn total_cents(&self) -> i64 {
        self.years.iter().map(|y| y.amount_cents).sum()
    }

    pub fn paid_cents(&self) -> i64 {
        self.years.iter().map(|y| y.paid).sum()
    }
}

/// A line of a received bilan financier.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ReportLineRow {
    pub label: String,
    pub budget_cents: i64,
    pub actual_cents: i64,
}

/// A section of a bilan qualitatif, as the porteur wrote it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ReportSectionRow {
    pub heading: String,
    pub text: String,
}

/// A bilan with its agreement and what was written or read into it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportFile {
    pub report: ReportRow,
    pub agreement: AgreementFile,
    pub lines: Vec<ReportLineRow>,
    pub sections: Vec<ReportSectionRow>,
}

/// A bilan still awaited, for « À faire ».
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct AwaitedReportRow {
    pub id: ReportId,
    pub agreement_id: AgreementId,
    pub reference: String,
    pub partner_name: String,
    pub project_title: String,
    pub year: i32,
    pub kind: ReportKind,
    pub due_on: NaiveDate,
}

#[async_trait]
pub trait AgreementStore {
    /// The application's decision and agreement: coordinators and
    /// co-pilots of the Cité, the porteur of the applying partner.
    async fn agreement_basis(
        &self,
        scope: &Scope,
        application_id: ApplicationId,
    ) -> StoreResult<AgreementBasis>;

    /// Draws the agreement of an accepted application, dated `today`: each
    /// year is committed on the Cité's envelope (refused, `Invalid`, beyond
    /// what a year's line has left) with its instalments, each year's
    /// bilans are planned. Coordinators only; once per application.
    async fn create_agreement(
        &self,
        actor: &Actor,
        scope: &Scope,
        application_id: ApplicationId,
        draft: &AgreementDraft,
        today: NaiveDate,
    ) -> StoreResult<AgreementId>;

    /// The Cité's agreements for its coordinators and co-pilots, the
    /// partner's own for a porteur; most recent first.
    async fn agreements(&self, scope: &Scope) -> StoreResult<Vec<AgreementRow>>;

    /// An agreement, as [`AgreementStore::agreements`] lists them.
    async fn agreement(&self, scope: &Scope, id: AgreementId) -> StoreResult<AgreementFile>;

    /// Records the date the agreement was signed with its signed copy, kept
    /// among the agreement's documents; refused (`Invalid`) before the
    /// decision, in the future, or once signed. Coordinators only.
    async fn sign_agreement(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: AgreementId,
        signed_on: NaiveDate,
        signed_copy: &NewDocument,
        today: NaiveDate,
    ) -> StoreResult<()>;

    /// A bilan, read as its agreement is.
    async fn report(&self, scope: &Scope, id: ReportId) -> StoreResult<ReportFile>;

    /// Saves a bilan qualitatif's sections; `transmit` marks it received
    /// on `today`, after which it no longer changes. The porteur of the
    /// funded partner only.
    async fn save_qualitative(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: ReportId,
        sections: &[(String, String)],
        transmit: bool,
        today: NaiveDate,
    ) -> StoreResult<()>;

    /// Records a bilan financier read from the porteur's file: its lines,
    /// received on `today`, and the file itself among the bilan's
    /// documents. The porteur of the funded partner only, once.
    async fn receive_financial(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: ReportId,
        lines: &[ReportLineRow],
        file: &NewDocument,
        today: NaiveDate,
    ) -> StoreResult<()>;

    /// Bilans not received and due by `until`, earliest first: the
    /// Cité's for its coordinators, the partner's for a porteur; none for
    /// anyone else.
    async fn awaited_reports(
        &self,
        scope: &Scope,
        until: NaiveDate,
    ) -> StoreResult<Vec<AwaitedReportRow>>;
}
