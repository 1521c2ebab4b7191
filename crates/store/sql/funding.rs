//! The Cité's money, shared SQL. Every change locks its envelope line with
//! an upsert (a row lock on PostgreSQL, the write lock on SQLite), reads the
//! line's balance inside the same transaction and lets the domain decide.

use crate::{Backend, Db};
use maillage_domain::accounts::Role;
use maillage_domain::funding::fse::FseParticipant;
use maillage_domain::funding::payments::{Instalment, InstalmentBalance, Payment, PaymentBalance};
use maillage_domain::funding::{Allocation, CarryOver, Commitment, LineBalance, LineKey};
use maillage_domain::ids::{ActionId, CiteId, CommitmentId, InstalmentId};
use maillage_store::async_trait;
use maillage_store::funding::{
    Budget, CarryOverRow, CiteBudgetRow, CommitmentFile, CommitmentRow, InstalmentRow, LineRow,
    PaymentRow,
};
use maillage_store::Actor;
use maillage_store::AuditEntry;
use maillage_store::FundingStore;
use maillage_store::Scope;
use maillage_store::StoreError;
use maillage_store::StoreResult;

/// A line's figures; `l` is the envelope line.
const BALANCE_COLUMNS: &str = "l.amount_cents AS allocated,
    CAST(COALESCE((SELECT SUM(c.amount_cents) FROM carry_overs c WHERE c.to_line_id = l.id), 0) AS BIGINT) AS carried_in,
    CAST(COALESCE((SELECT SUM(c.amount_cents) FROM carry_overs c WHERE c.from_line_id = l.id), 0) AS BIGINT) AS carried_out,
    CAST(COALESCE((SELECT SUM(m.amount_cents) FROM commitments m WHERE m.envelope_line_id = l.id), 0) AS BIGINT) AS committed,
    CAST(COALESCE((SELECT SUM(p.amount_cents) FROM payments p JOIN commitments m ON m.id = p.commitment_id
                   WHERE m.envelope_line_id = l.id), 0) AS BIGINT) AS paid";

/// A commitment's row; `m` is the commitment, `l` its envelope line, `a` its action.
const COMMITMENT_SELECT: &str =
    "SELECT m.id, l.year, l.funder, l.line, m.label, m.amount_cents, m.action_id,
        a.title AS action_title, m.committed_on,
        CAST(COALESCE((SELECT SUM(p.amount_cents) FROM payments p WHERE p.commitment_id = m.id), 0)
             AS BIGINT) AS paid
    FROM commitments m
    JOIN envelope_lines l ON l.id = m.envelope_line_id
    LEFT JOIN actions a ON a.id = m.action_id";

/// Who reads a Cité's money: its coordinators and co-pilots.
fn reader_cite(scope: &Scope) -> StoreResult<CiteId> {
    match scope {
        Scope::Cite {
            cite_id,
            role: Role::Coordinateur | Role::Pilote,
            ..
        } => Ok(*cite_id),
        _ => Err(StoreError::NotFound),
    }
}

fn refused(field: &'static str, message: String) -> StoreError {
    StoreError::Invalid { field, message }
}

impl Backend {
    /// Locks the line of `key` (made, empty, when new) and gives its id.
    pub(super) async fn lock_line(
        tx: &mut sqlx::Transaction<'_, Db>,
        actor: &Actor,
        cite_id: CiteId,
        key: LineKey,
    ) -> StoreResult<i64> {
        Ok(sqlx::query_scalar(
            "INSERT INTO envelope_lines (cite_id, year, funder, line, amount_cents, updated_at)
             VALUES ($1, $2, $3, $4, 0, $5)
             ON CONFLICT (cite_id, year, funder, line) DO UPDATE SET updated_at = excluded.updated_at
             RETURNING id",
        )
        .bind(cite_id)
        .bind(key.year)
        .bind(key.funder)
        .bind(key.line)
        .bind(actor.at)
        .fetch_one(&mut **tx)
        .await?)
    }

    pub(super) async fn line_balance(
        tx: &mut sqlx::Transaction<'_, Db>,
        line_id: i64,
    ) -> StoreResult<LineBalance> {
        Ok(sqlx::query_as(&format!(
            "SELECT {BALANCE_COLUMNS} FROM envelope_lines l WHERE l.id = $1"
        ))
        .bind(line_id)
        .fetch_one(&mut **tx)
        .await?)
    }

    /// Locks the commitment's line, checks what the line has left (refused,
    /// `Invalid` on `amount`, beyond it) and records the commitment.
    pub(super) async fn insert_commitment(
        tx: &mut sqlx::Transaction<'_, Db>,
        actor: &Actor,
        cite_id: CiteId,
        commitment: &Commitment,
    ) -> StoreResult<CommitmentId> {
        let line_id = Self::lock_line(tx, actor, cite_id, commitment.key).await?;
        Self::line_balance(tx, line_id)
            .await?
            .check_spending(commitment.amount_cents)
            .map_err(|message| refused("amount", message))?;
        Ok(sqlx::query_scalar(
            "INSERT INTO commitments (envelope_line_id, cite_id, action_id, label, amount_cents,
                                      committed_on, created_by, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
             RETURNING id",
        )
        .bind(line_id)
        .bind(cite_id)
        .bind(commitment.action_id)
        .bind(&commitment.label)
        .bind(commitment.amount_cents)
        .bind(commitment.committed_on)
        .bind(actor.user_id)
        .bind(actor.at)
        .fetch_one(&mut **tx)
        .await?)
    }

    /// Locks the Cité's commitment `id` (an UPDATE: a row lock on PostgreSQL,
    /// the write lock on SQLite) and reads where its payments stand;
    /// another Cité's is `NotFound`.
    async fn lock_commitment(
        tx: &mut sqlx::Transaction<'_, Db>,
        cite_id: CiteId,
        id: CommitmentId,
    ) -> StoreResult<PaymentBalance> {
        let committed: Option<i64> = sqlx::query_scalar(
            "UPDATE commitments SET amount_cents = amount_cents
             WHERE id = $1 AND cite_id = $2
             RETURNING amount_cents",
        )
        .bind(id)
        .bind(cite_id)
        .fetch_optional(&mut **tx)
        .await?;
        let committed = committed.ok_or(StoreError::NotFound)?;
        let (scheduled, paid): (i64, i64) = sqlx::query_as(
            "SELECT CAST(COALESCE((SELECT SUM(amount_cents) FROM payment_instalments
                                   WHERE commitment_id = $1), 0) AS BIGINT),
                    CAST(COALESCE((SELECT SUM(amount_cents) FROM payments
                                   WHERE commitment_id = $1), 0) AS BIGINT)",
        )
        .bind(id)
        .fetch_one(&mut **tx)
        .await?;
        Ok(PaymentBalance {
            committed,
            scheduled,
            paid,
        })
    }
}

#[async_trait]
impl FundingStore for Backend {
    async fn budget(&self, scope: &Scope, year: i32) -> StoreResult<Budget> {
        let cite_id = reader_cite(scope)?;
        let lines_sql = format!(
            "SELECT l.funder, l.line, {BALANCE_COLUMNS}
             FROM envelope_lines l
             WHERE l.cite_id = $1 AND l.year = $2"
        );
        let lines = sqlx::query_as::<_, LineRow>(&lines_sql)
            .bind(cite_id)
            .bind(year)
            .fetch_all(self.reader());
        let commitments_sql = format!(
            "{COMMITMENT_SELECT}
             WHERE l.cite_id = $1 AND l.year = $2
             ORDER BY m.committed_on DESC, m.id DESC"
        );
        let commitments = sqlx::query_as::<_, CommitmentRow>(&commitments_sql)
            .bind(cite_id)
            .bind(year)
            .fetch_all(self.reader());
        let carry_overs = sqlx::query_as::<_, CarryOverRow>(
            "SELECT f.funder, f.line, f.year AS from_year, c.amount_cents, c.decision, c.decided_on
             FROM carry_overs c
             JOIN envelope_lines f ON f.id = c.from_line_id
             JOIN envelope_lines t ON t.id = c.to_line_id
             WHERE c.cite_id = $1 AND (f.year = $2 OR t.year = $2)
             ORDER BY c.decided_on, c.id",
        )
        .bind(cite_id)
        .bind(year)
        .fetch_all(self.reader());
        let (mut lines, commitments, carry_overs) =
            tokio::try_join!(lines, commitments, carry_overs)?;
        lines.sort_by_key(|l| (l.line, l.funder));
        Ok(Budget {
            lines,
            commitments,
            carry_overs,
        })
    }

    async fn national_budget(&self, scope: &Scope, year: i32) -> StoreResult<Vec<CiteBudgetRow>> {
        if !matches!(scope, Scope::National { .. }) {
            return Err(StoreError::NotFound);
        }
        Ok(sqlx::query_as(&format!(
            "SELECT c.id AS cite_id, c.name AS cite_name,
                    CAST(SUM(b.allocated) AS BIGINT) AS allocated,
                    CAST(SUM(b.carried_in) AS BIGINT) AS carried_in,
                    CAST(SUM(b.carried_out) AS BIGINT) AS carried_out,
                    CAST(SUM(b.committed) AS BIGINT) AS committed,
                    CAST(SUM(b.paid) AS BIGINT) AS paid,
                    CAST(SUM(CASE WHEN b.funder = 'anct' THEN b.allocated ELSE 0 END) AS BIGINT)
                        AS anct_allocated
             FROM (SELECT l.cite_id, l.funder, {BALANCE_COLUMNS}
                   FROM envelope_lines l WHERE l.year = $1) b
             JOIN cites c ON c.id = b.cite_id
             GROUP BY c.id, c.name
             ORDER BY c.name"
        ))
        .bind(year)
        .fetch_all(self.reader())
        .await?)
    }

    async fn set_allocation(
        &self,
        actor: &Actor,
        scope: &Scope,
        allocation: &Allocation,
    ) -> StoreResult<()> {
        let cite_id = crate::sql::administered_cite(scope)?;
        let mut tx = self.begin_write().await?;
        let line_id = Self::lock_line(&mut tx, actor, cite_id, allocation.key).await?;
        let balance = Self::line_balance(&mut tx, line_id).await?;
        balance
            .check_allocation(allocation.amount_cents)
            .map_err(|message| refused("amount", message))?;
        sqlx::query("UPDATE envelope_lines SET amount_cents = $1 WHERE id = $2")
            .bind(allocation.amount_cents)
            .bind(line_id)
            .execute(&mut *tx)
            .await?;
        let key = allocation.key;
        let entry = AuditEntry::new(
            "funding.allocate",
            "envelope_line",
            Some(line_id),
            Some(cite_id),
        )
        .detail(format!(
            "{} — {} — {} : {} centimes",
            key.year,
            key.funder.label(),
            key.line.label(),
            allocation.amount_cents
        ));
        Self::commit_audited(tx, actor, &entry).await
    }

    async fn commit(
        &self,
        actor: &Actor,
        scope: &Scope,
        commitment: &Commitment,
    ) -> StoreResult<CommitmentId> {
        let cite_id = crate::sql::administered_cite(scope)?;
        let mut tx = self.begin_write().await?;
        if let Some(action_id) = commitment.action_id {
            let own: Option<i64> =
                sqlx::query_scalar("SELECT cite_id FROM actions WHERE id = $1 AND cite_id = $2")
                    .bind(action_id)
                    .bind(cite_id)
                    .fetch_optional(&mut *tx)
                    .await?;
            if own.is_none() {
                return Err(refused(
                    "action_id",
                    "Choisissez une action de la Cité.".to_owned(),
                ));
            }
        }
        let id = Self::insert_commitment(&mut tx, actor, cite_id, commitment).await?;
        let entry = AuditEntry::new("funding.commit", "commitment", Some(id), Some(cite_id))
            .detail(format!(
                "{} : {} centimes",
                commitment.label, commitment.amount_cents
            ));
        Self::commit_audited(tx, actor, &entry).await?;
        Ok(id)
    }

    async fn carry_over(&self, actor: &Actor, scope: &Scope, carry: &CarryOver) -> StoreResult<()> {
        let cite_id = crate::sql::administered_cite(scope)?;
        let mut tx = self.begin_write().await?;
        // This year's line first, then next year's: carry-overs lock in one order.
        let from = Self::lock_line(&mut tx, actor, cite_id, carry.from).await?;
        let balance = Self::line_balance(&mut tx, from).await?;
        balance
            .check_spending(carry.amount_cents)
            .map_err(|message| refused("amount", message))?;
        let next = LineKey {
            year: carry.from.year + 1,
            ..carry.from
        };
        let to = Self::lock_line(&mut tx, actor, cite_id, next).await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO carry_overs (from_line_id, to_line_id, cite_id, amount_cents, decision,
                                      decided_on, created_by, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
             RETURNING id",
        )
        .bind(from)
        .bind(to)
        .bind(cite_id)
        .bind(carry.amount_cents)
        .bind(&carry.decision)
        .bind(carry.decided_on)
        .bind(actor.user_id)
        .bind(actor.at)
        .fetch_one(&mut *tx)
        .await?;
        let entry = AuditEntry::new("funding.carry_over", "carry_over", Some(id), Some(cite_id))
            .detail(format!(
                "{} → {} : {} centimes",
                carry.from.year, next.year, carry.amount_cents
            ));
        Self::commit_audited(tx, actor, &entry).await
    }

    async fn commitment_file(
        &self,
        scope: &Scope,
        id: CommitmentId,
    ) -> StoreResult<CommitmentFile> {
        let cite_id = reader_cite(scope)?;
        let commitment_sql = format!("{COMMITMENT_SELECT} WHERE m.id = $1 AND m.cite_id = $2");
        let commitment = sqlx::query_as::<_, CommitmentRow>(&commitment_sql)
            .bind(id)
            .bind(cite_id)
            .fetch_optional(self.reader());
        let instalments = sqlx::query_as::<_, InstalmentRow>(
            "SELECT i.id, i.label, i.planned_on, i.amount_cents,
                    CAST(COALESCE((SELECT SUM(p.amount_cents) FROM payments p
                                   WHERE p.instalment_id = i.id), 0) AS BIGINT) AS paid
             FROM payment_instalments i
             WHERE i.commitment_id = $1 AND i.cite_id = $2
             ORDER BY i.planned_on, i.id",
        )
        .bind(id)
        .bind(cite_id)
        .fetch_all(self.reader());
        let payments = sqlx::query_as::<_, PaymentRow>(
            "SELECT p.paid_on, p.amount_cents, i.label AS instalment
             FROM payments p
             LEFT JOIN payment_instalments i ON i.id = p.instalment_id
             WHERE p.commitment_id = $1 AND p.cite_id = $2
             ORDER BY p.paid_on, p.id",
        )
        .bind(id)
        .bind(cite_id)
        .fetch_all(self.reader());
        let (commitment, instalments, payments) =
            tokio::try_join!(commitment, instalments, payments)?;
        Ok(CommitmentFile {
            commitment: commitment.ok_or(StoreError::NotFound)?,
            instalments,
            payments,
        })
    }

    async fn add_instalment(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: CommitmentId,
        instalment: &Instalment,
    ) -> StoreResult<InstalmentId> {
        let cite_id = crate::sql::administered_cite(scope)?;
        let mut tx = self.begin_write().await?;
        Self::lock_commitment(&mut tx, cite_id, id)
            .await?
            .check_instalment(instalment.amount_cents)
            .map_err(|message| refused("amount", message))?;
        let instalment_id: InstalmentId = sqlx::query_scalar(
            "INSERT INTO payment_instalments (commitment_id, cite_id, label, planned_on,
                                              amount_cents, created_by, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)
             RETURNING id",
        )
        .bind(id)
        .bind(cite_id)
        .bind(&instalment.label)
        .bind(instalment.planned_on)
        .bind(instalment.amount_cents)
        .bind(actor.user_id)
        .bind(actor.at)
        .fetch_one(&mut *tx)
        .await?;
        let entry = AuditEntry::new(
            "funding.instalment",
            "payment_instalment",
            Some(instalment_id),
            Some(cite_id),
        )
        .detail(format!(
            "Engagement {id} — {} : {} centimes",
            instalment.label, instalment.amount_cents
        ));
        Self::commit_audited(tx, actor, &entry).await?;
        Ok(instalment_id)
    }

    async fn record_payment(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: CommitmentId,
        payment: &Payment,
    ) -> StoreResult<()> {
        let cite_id = crate::sql::administered_cite(scope)?;
        let mut tx = self.begin_write().await?;
        let balance = Self::lock_commitment(&mut tx, cite_id, id).await?;
        if let Some(instalment_id) = payment.instalment_id {
            // The commitment's lock serialises its payments: what is paid on
            // the instalment cannot change before this one is written.
            let instalment: Option<(String, i64, i64)> = sqlx::query_as(
                "SELECT i.label, i.amount_cents,
                        CAST(COALESCE((SELECT SUM(p.amount_cents) FROM payments p
                                       WHERE p.instalment_id = i.id), 0) AS BIGINT)
                 FROM payment_instalments i WHERE i.id = $1 AND i.commitment_id = $2",
            )
            .bind(instalment_id)
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
            let Some((label, amount, paid)) = instalment else {
                return Err(refused(
                    "instalment_id",
                    "Choisissez une échéance de cet engagement.".to_owned(),
                ));
            };
            InstalmentBalance {
                label,
                amount,
                paid,
            }
            .check_payment(payment.amount_cents)
            .map_err(|message| refused("amount", message))?;
        }
        balance
            .check_payment(payment.amount_cents)
            .map_err(|message| refused("amount", message))?;
        let payment_id: i64 = sqlx::query_scalar(
            "INSERT INTO payments (commitment_id, cite_id, instalment_id, paid_on, amount_cents,
                                   created_by, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)
             RETURNING id",
        )
        .bind(id)
        .bind(cite_id)
        .bind(payment.instalment_id)
        .bind(payment.paid_on)
        .bind(payment.amount_cents)
        .bind(actor.user_id)
        .bind(actor.at)
        .fetch_one(&mut *tx)
        .await?;
        let entry = AuditEntry::new(
            "funding.payment",
            "payment",
            Some(payment_id),
            Some(cite_id),
        )
        .detail(format!(
            "Engagement {id} : {} centimes versés le {}",
            payment.amount_cents, payment.paid_on
        ));
        Self::commit_audited(tx, actor, &entry).await
    }

    async fn fse_cofunded(&self, scope: &Scope, action_id: ActionId) -> StoreResult<bool> {
        let cite_id = crate::sql::administered_cite(scope)?;
        self.action_fse_cofunded(cite_id, action_id).await
    }

    async fn fse_participants(
        &self,
        actor: &Actor,
        scope: &Scope,
        action_id: ActionId,
    ) -> StoreResult<Vec<FseParticipant>> {
        let cite_id = crate::sql::administered_cite(scope).map_err(|_| StoreError::NotFound)?;
        self.operation_participants(actor, cite_id, action_id).await
    }
}
