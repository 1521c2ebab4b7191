//! Group commit of audit rows (*journal d'audit*).
//!
//! Every read of a person's file writes an audit row, and SQLite has a single
//! writer: one transaction per read would cap reads at the disk's commit
//! rate. Instead, requests hand their row to one writer task, which commits
//! whatever has queued in one transaction while the previous group was being
//! written, then answers each request. A request gets its data only once its
//! row is committed; if a group fails, its rows are retried one by one so
//! that each request learns its own outcome.

use std::future::Future;
use std::pin::Pin;

use chrono::{DateTime, Utc};
use tokio::sync::{mpsc, oneshot};

use crate::{Actor, AuditEntry, StoreError, StoreResult};

/// The most rows committed in one transaction.
const MAX_GROUP: usize = 512;

/// One row waiting to be written, stamped when the event happened.
#[derive(Debug, Clone)]
pub struct AuditRecord {
    pub at: DateTime<Utc>,
    pub actor: Actor,
    pub entry: AuditEntry,
}

/// Writes a group of rows in one transaction.
pub type Flush = Box<
    dyn Fn(Vec<AuditRecord>) -> Pin<Box<dyn Future<Output = StoreResult<()>> + Send>> + Send + Sync,
>;

struct Pending {
    record: AuditRecord,
    done: oneshot::Sender<StoreResult<()>>,
}

/// The queue in front of the audit writer task; cheap to clone.
#[derive(Clone)]
pub struct AuditQueue {
    sender: mpsc::Sender<Pending>,
}

impl AuditQueue {
    /// Rows waiting for their group commit, for `/metrics`.
    pub fn depth(&self) -> usize {
        self.sender.max_capacity() - self.sender.capacity()
    }

    /// Starts the writer task on the current Tokio runtime.
    pub fn start(flush: Flush) -> AuditQueue {
        let (sender, mut receiver) = mpsc::channel::<Pending>(MAX_GROUP * 8);
        tokio::spawn(async move {
            let mut group = Vec::with_capacity(MAX_GROUP);
            while receiver.recv_many(&mut group, MAX_GROUP).await > 0 {
                let records = group.iter().map(|p| p.record.clone()).collect();
                if flush(records).await.is_ok() {
                    for pending in group.drain(..) {
                        let _ = pending.done.send(Ok(()));
                    }
                } else {
                    for pending in group.drain(..) {
                        let alone = flush(vec![pending.record]).await;
                        let _ = pending.done.send(alone);
                    }
                }
            }
        });
        AuditQueue { sender }
    }

    /// Queues a row and waits until it is committed.
    pub async fn append(&self, actor: &Actor, entry: AuditEntry) -> StoreResult<()> {
        self.append_all(actor, vec![entry]).await
    }

    /// Queues rows together, so that they go in the same group, and waits
    /// until every one is committed.
    pub async fn append_all(&self, actor: &Actor, entries: Vec<AuditEntry>) -> StoreResult<()> {
        let mut waiting = Vec::with_capacity(entries.len());
        for entry in entries {
            let (done, committed) = oneshot::channel();
            let record = AuditRecord {
                at: actor.at,
                actor: actor.clone(),
                entry,
            };
            self.sender
                .send(Pending { record, done })
                .await
                .map_err(|_| StoreError::Database(sqlx::Error::PoolClosed))?;
            waiting.push(committed);
        }
        for committed in waiting {
            committed
                .await
                .map_err(|_| StoreError::Database(sqlx::Error::PoolClosed))??;
        }
        Ok(())
    }
}

/// Rows per INSERT. A group is cut into these sizes so that each writer
/// connection prepares at most five statements and keeps them in its
/// statement cache; one multi-row INSERT per group size was a new statement
/// to parse for almost every group, evicting the cached ones.
const CHUNK_SIZES: [usize; 5] = [256, 64, 16, 4, 1];

/// `records` cut into slices of [`CHUNK_SIZES`], largest first.
pub fn fixed_chunks<T>(records: &[T]) -> Vec<&[T]> {
    let mut chunks = Vec::new();
    let mut rest = records;
    for size in CHUNK_SIZES {
        while rest.len() >= size {
            let (chunk, tail) = rest.split_at(size);
            chunks.push(chunk);
            rest = tail;
        }
    }
    chunks
}

#[cfg(test)]
mod tests {
    use super::fixed_chunks;

    #[test]
    fn groups_are_cut_into_few_fixed_sizes() {
        let rows: Vec<u32> = (0..599).collect();
        let sizes: Vec<usize> = fixed_chunks(&rows).iter().map(|c| c.len()).collect();
        assert_eq!(sizes, [256, 256, 64, 16, 4, 1, 1, 1]);
        let again: Vec<u32> = fixed_chunks(&rows).concat();
        assert_eq!(again, rows);
        assert!(fixed_chunks::<u32>(&[]).is_empty());
    }
}
