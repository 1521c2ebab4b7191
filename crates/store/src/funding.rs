//! The Cité's money (*financements*): envelopes by year, funder and line,
//! the commitments that spend them and the carry-overs to the next year.
//! Coordinators change them; co-pilots read their Cité's; the national team
//! reads every Cité's totals. Nobody else sees them: the same 404.
//!
//! A commitment, a carry-over or a lowered envelope locks its line first,
//! then checks what is available (`domain::funding::LineBalance`) in the
//! same transaction: two commitments racing for the last euros never both
//! pass.

use async_trait::async_trait;
use chrono::NaiveDate;
use maillage_domain::funding::fse::FseParticipant;
use maillage_domain::funding::payments::{Instalment, Payment, PaymentBalance};
use maillage_domain::funding::{
    Allocation, BudgetLine, CarryOver, Commitment, Funder, LineBalance,
};
use maillage_domain::ids::{ActionId, CiteId, CommitmentId, InstalmentId};
use maillage_domain::Scope;

use crate::{Actor, StoreResult};

/// A line of a year's envelope and where it stands.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct LineRow {
    pub funder: Funder,
    pub line: BudgetLine,
    #[sqlx(flatten)]
    pub balance: LineBalance,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct CommitmentRow {
    pub id: CommitmentId,
    pub year: i32,
    pub funder: Funder,
    pub line: BudgetLine,
    pub label: String,
    pub amount_cents: i64,
    pub action_id: Option<ActionId>,
    pub action_title: Option<String>,
    pub committed_on: NaiveDate,
    /// What its payments add up to.
    pub paid: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct CarryOverRow {
    pub funder: Funder,
    pub line: BudgetLine,
    pub from_year: i32,
    pub amount_cents: i64,
    pub decision: String,
    pub decided_on: NaiveDate,
}

/// A Cité's year: its lines (by line, then funder), its commitments (most
/// recent first) and the carry-overs into and out of the year.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Budget {
    pub lines: Vec<LineRow>,
    pub commitments: Vec<CommitmentRow>,
    pub carry_overs: Vec<CarryOverRow>,
}

/// One Cité's totals for a year, for the national team.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct CiteBudgetRow {
    pub cite_id: CiteId,
    pub cite_name: String,
    #[sqlx(flatten)]
    pub balance: LineBalance,
    /// What the programme's own credits give (the rest is co-funding).
    pub anct_allocated: i64,
}

/// A planned instalment of a commitment (*échéance*) and what its payments
/// settled.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct InstalmentRow {
    pub id: InstalmentId,
    pub label: String,
    pub planned_on: NaiveDate,
    pub amount_cents: i64,
    pub paid: i64,
}

/// A payment made (*versement*), with the label of the instalment it settles.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PaymentRow {
    pub paid_on: NaiveDate,
    pub amount_cents: i64,
    pub instalment: Option<String>,
}

/// A commitment with its schedule (by planned date) and payments (by date).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitmentFile {
    pub commitment: CommitmentRow,
    pub instalments: Vec<InstalmentRow>,
    pub payments: Vec<PaymentRow>,
}

impl CommitmentFile {
    pub fn balance(&self) -> PaymentBalance {
        PaymentBalance {
            committed: self.commitment.amount_cents,
            scheduled: self.instalments.iter().map(|i| i.amount_cents).sum(),
            paid: self.commitment.paid,
        }
    }
}

#[async_trait]
pub trait FundingStore {
    /// The scope's Cité's year: coordinators and co-pilots.
    async fn budget(&self, scope: &Scope, year: i32) -> StoreResult<Budget>;

    /// Every Cité's totals for a year: the national team only.
    async fn national_budget(&self, scope: &Scope, year: i32) -> StoreResult<Vec<CiteBudgetRow>>;

    /// Sets what a funder gives a line for a year; refused (`Invalid`)
    /// below what is already committed or carried out. Coordinators only.
    async fn set_allocation(
        &self,
        actor: &Actor,
        scope: &Scope,
        allocation: &Allocation,
    ) -> StoreResult<()>;

    /// Refused (`Invalid`) beyond what the line has left; the action, when
    /// named, must be the Cité's. Coordinators only.
    async fn commit(
        &self,
        actor: &Actor,
        scope: &Scope,
        commitment: &Commitment,
    ) -> StoreResult<CommitmentId>;

    /// Moves what a line left unspent to the same funder and line next
    /// year. Coordinators only.
    async fn carry_over(&self, actor: &Actor, scope: &Scope, carry: &CarryOver) -> StoreResult<()>;

    /// A commitment of the scope's Cité with its schedule and payments:
    /// coordinators and co-pilots; another Cité's is `NotFound`.
    async fn commitment_file(&self, scope: &Scope, id: CommitmentId)
        -> StoreResult<CommitmentFile>;

    /// Adds an instalment to a commitment's schedule; refused (`Invalid`)
    /// beyond the commitment. Coordinators only.
    async fn add_instalment(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: CommitmentId,
        instalment: &Instalment,
    ) -> StoreResult<InstalmentId>;

    /// Records a payment on a commitment, locking it first; refused
    /// (`Invalid`) beyond what is left to pay, or naming another
    /// commitment's instalment. Coordinators only.
    async fn record_payment(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: CommitmentId,
        payment: &Payment,
    ) -> StoreResult<()>;

    /// Whether the action is co-funded by FSE+: a commitment on one of the
    /// Cité's FSE+ envelope lines names it. Coordinators only.
    async fn fse_cofunded(&self, scope: &Scope, action_id: ActionId) -> StoreResult<bool>;

    /// The persons placed in an action co-funded by FSE+ (an operation),
    /// with what FSE+ asks of them, by name; each one's export written in
    /// their access log. Coordinators only; an action without FSE+
    /// co-funding, or another Cité's, is `NotFound`.
    async fn fse_participants(
        &self,
        actor: &Actor,
        scope: &Scope,
        action_id: ActionId,
    ) -> StoreResult<Vec<FseParticipant>>;
}
