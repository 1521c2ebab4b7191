//! Documents' shared SQL. Who may read or write a document is decided in
//! one place, [`Backend::access`], with one arm per owner kind.

use crate::{Backend, Db};
use chrono::NaiveDate;
use maillage_domain::accounts::Role;
use maillage_domain::calls::{ApplicationStatus, CallStatus};
use maillage_domain::documents::{DocumentOwner, NewDocument};
use maillage_domain::governance::agenda::agenda_frozen;
use maillage_domain::ids::{CiteId, DocumentId, PartnerId};
use maillage_store::async_trait;
use maillage_store::documents::{DocumentFile, DocumentRow, Reader};
use maillage_store::{Actor, AuditEntry, DocumentStore, Scope, StoreError, StoreResult};

use super::calls::refused;
use super::governance::governance_reader;

const COLUMNS: &str = "id, cite_id, owner_kind, owner_id, name, label, kind, size, sha256,
    uploaded_at FROM documents";

/// What a reader may do with an owner's documents.
struct Access {
    cite_id: CiteId,
    read: bool,
    /// `Ok` when the reader writes them now; else why not (`NotFound` when
    /// the owner is not theirs, `Invalid` when it no longer takes files).
    write: Result<(), StoreError>,
}

/// The Cité's coordinators and co-pilots, who review its calls.
fn reviews(reader: Reader<'_>, cite_id: CiteId) -> bool {
    matches!(
        reader.scope(),
        Some(Scope::Cite { cite_id: own, role: Role::Coordinateur | Role::Pilote, .. })
            if *own == cite_id
    )
}

fn administers(reader: Reader<'_>, cite_id: CiteId) -> bool {
    matches!(
        reader.scope(),
        Some(Scope::Cite { cite_id: own, role: Role::Coordinateur, .. }) if *own == cite_id
    )
}

/// The porteur of `partner_id` in `cite_id`.
fn carries(reader: Reader<'_>, cite_id: CiteId, partner_id: PartnerId) -> bool {
    matches!(
        reader.scope(),
        Some(Scope::Cite { cite_id: own, role: Role::Porteur, partner_id: Some(own_partner), .. })
            if *own == cite_id && *own_partner == partner_id
    )
}

fn allowed(yes: bool) -> Result<(), StoreError> {
    if yes {
        Ok(())
    } else {
        Err(StoreError::NotFound)
    }
}

impl Backend {
    /// The rule of each owner kind: its Cité, who reads, who writes.
    /// `NotFound` when the owner does not exist.
    async fn access(
        conn: &mut <Db as sqlx::Database>::Connection,
        reader: Reader<'_>,
        owner: DocumentOwner,
    ) -> StoreResult<Access> {
        match owner {
            DocumentOwner::Call(call_id) => {
                let (cite_id, status): (CiteId, CallStatus) =
                    sqlx::query_as("SELECT cite_id, status FROM calls WHERE id = $1")
                        .bind(call_id)
                        .fetch_optional(&mut *conn)
                        .await?
                        .ok_or(StoreError::NotFound)?;
                Ok(Access {
                    cite_id,
                    read: status.is_public() || reviews(reader, cite_id),
                    write: allowed(administers(reader, cite_id)),
                })
            }
            DocumentOwner::Application(application_id) => {
                let (cite_id, partner_id, status): (CiteId, PartnerId, ApplicationStatus) =
                    sqlx::query_as(
                        "SELECT cite_id, partner_id, status FROM applications WHERE id = $1",
                    )
                    .bind(application_id)
                    .fetch_optional(&mut *conn)
                    .await?
                    .ok_or(StoreError::NotFound)?;
                let own = carries(reader, cite_id, partner_id);
                let write = match (own, status.is_editable()) {
                    (false, _) => Err(StoreError::NotFound),
                    (true, false) => Err(refused(
                        "fichier",
                        "Une candidature déposée ne reçoit plus de pièces jointes.",
                    )),
                    (true, true) => Ok(()),
                };
                Ok(Access {
                    cite_id,
                    read: own || (reviews(reader, cite_id) && status != ApplicationStatus::Draft),
                    write,
                })
            }
            // The signed copy and annexes: the coordinators add them, the
            // co-pilots and the funded porteur read them.
            DocumentOwner::Agreement(agreement_id) => {
                let (cite_id, partner_id): (CiteId, PartnerId) = sqlx::query_as(
                    "SELECT g.cite_id, a.partner_id
                     FROM agreements g JOIN applications a ON a.id = g.application_id
                     WHERE g.id = $1",
                )
                .bind(agreement_id)
                .fetch_optional(&mut *conn)
                .await?
                .ok_or(StoreError::NotFound)?;
                Ok(Access {
                    cite_id,
                    read: reviews(reader, cite_id) || carries(reader, cite_id, partner_id),
                    write: allowed(administers(reader, cite_id)),
                })
            }
            // What the funded porteur sends with a bilan, until it is transmitted.
            DocumentOwner::Report(report_id) => {
                let (cite_id, partner_id, received_on): (CiteId, PartnerId, Option<NaiveDate>) =
                    sqlx::query_as(
                        "SELECT r.cite_id, a.partner_id, r.received_on
                         FROM reports r
                         JOIN agreements g ON g.id = r.agreement_id
                         JOIN applications a ON a.id = g.application_id
                         WHERE r.id = $1",
                    )
                    .bind(report_id)
                    .fetch_optional(&mut *conn)
                    .await?
                    .ok_or(StoreError::NotFound)?;
                let own = carries(reader, cite_id, partner_id);
                let write = match (own, received_on) {
                    (false, _) => Err(StoreError::NotFound),
                    (true, Some(_)) => Err(refused(
                        "fichier",
                        "Un bilan transmis ne reçoit plus de pièces jointes.",
                    )),
                    (true, None) => Ok(()),
                };
                Ok(Access {
                    cite_id,
                    read: own || reviews(reader, cite_id),
                    write,
                })
            }
            // What is presented at a meeting: read by whoever reads the
            // meeting, added by the coordinators until its agenda is frozen.
            DocumentOwner::AgendaItem(item_id) => {
                let (cite_id, cancelled, published): (CiteId, bool, bool) = sqlx::query_as(
                    "SELECT s.cite_id, s.cancelled, s.minutes_published_revision IS NOT NULL
                     FROM agenda_items a JOIN meetings s ON s.id = a.meeting_id
                     WHERE a.id = $1",
                )
                .bind(item_id)
                .fetch_optional(&mut *conn)
                .await?
                .ok_or(StoreError::NotFound)?;
                let write = match (
                    administers(reader, cite_id),
                    agenda_frozen(cancelled, published),
                ) {
                    (false, _) => Err(StoreError::NotFound),
                    (true, Some(reason)) => Err(refused("fichier", reason)),
                    (true, None) => Ok(()),
                };
                // A porteur reads only its committees' meetings: the
                // governance predicate, on the item's committee.
                let read = match reader.scope().map(governance_reader) {
                    Some(Ok(governance)) => {
                        let mut query = sqlx::QueryBuilder::new(
                            "SELECT a.id FROM agenda_items a
                             JOIN meetings s ON s.id = a.meeting_id
                             JOIN committees c ON c.id = s.committee_id
                             WHERE a.id = ",
                        );
                        query.push_bind(item_id).push(" AND ");
                        governance.push_visible(&mut query);
                        let found: Option<i64> = query
                            .build_query_scalar()
                            .fetch_optional(&mut *conn)
                            .await?;
                        found.is_some()
                    }
                    _ => false,
                };
                Ok(Access {
                    cite_id,
                    read,
                    write,
                })
            }
        }
    }

    /// Stores a checked document for `owner` in `cite_id`, with its audit
    /// entry, inside the caller's transaction: who may write was checked
    /// by the caller.
    pub(crate) async fn insert_document(
        tx: &mut sqlx::Transaction<'_, Db>,
        actor: &Actor,
        cite_id: CiteId,
        owner: DocumentOwner,
        document: &NewDocument,
    ) -> StoreResult<DocumentId> {
        let id: DocumentId = sqlx::query_scalar(
            "INSERT INTO documents (cite_id, owner_kind, owner_id, name, label, kind, size,
                                    sha256, content, uploaded_by, uploaded_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
        )
        .bind(cite_id)
        .bind(owner.kind())
        .bind(owner.id())
        .bind(document.name.as_str())
        .bind(&document.label)
        .bind(document.kind)
        .bind(document.size())
        .bind(&document.sha256)
        .bind(&document.bytes)
        .bind(actor.user_id)
        .bind(actor.at)
        .fetch_one(&mut **tx)
        .await?;
        let entry = audit(
            "document.upload",
            id,
            cite_id,
            owner,
            document.name.as_str(),
        );
        Self::write_audit(tx, actor, &entry).await?;
        Ok(id)
    }

    async fn access_now(&self, reader: Reader<'_>, owner: DocumentOwner) -> StoreResult<Access> {
        let mut conn = self.reader().acquire().await?;
        Self::access(&mut conn, reader, owner).await
    }

    async fn document_row(
        conn: &mut <Db as sqlx::Database>::Connection,
        document_id: DocumentId,
    ) -> StoreResult<DocumentRow> {
        sqlx::query_as(&format!("SELECT {COLUMNS} WHERE id = $1"))
            .bind(document_id)
            .fetch_optional(&mut *conn)
            .await?
            .ok_or(StoreError::NotFound)
    }
}

fn audit(
    action: &'static str,
    row_id: DocumentId,
    cite_id: CiteId,
    owner: DocumentOwner,
    name: &str,
) -> AuditEntry {
    AuditEntry::new(action, "document", Some(row_id), Some(cite_id)).detail(format!(
        "{} n° {} : {name}",
        owner.kind().label(),
        owner.id()
    ))
}

#[async_trait]
impl DocumentStore for Backend {
    async fn add_document(
        &self,
        actor: &Actor,
        scope: &Scope,
        owner: DocumentOwner,
        document: &NewDocument,
    ) -> StoreResult<DocumentId> {
        let mut tx = self.begin_write().await?;
        let access = Self::access(&mut tx, Reader::Member(scope), owner).await?;
        access.write?;
        let id = Self::insert_document(&mut tx, actor, access.cite_id, owner, document).await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn documents(
        &self,
        reader: Reader<'_>,
        owner: DocumentOwner,
    ) -> StoreResult<Vec<DocumentRow>> {
        if !self.access_now(reader, owner).await?.read {
            return Err(StoreError::NotFound);
        }
        Ok(sqlx::query_as(&format!(
            "SELECT {COLUMNS} WHERE owner_kind = $1 AND owner_id = $2 ORDER BY id"
        ))
        .bind(owner.kind())
        .bind(owner.id())
        .fetch_all(self.reader())
        .await?)
    }

    async fn check_documents_writable(
        &self,
        scope: &Scope,
        owner: DocumentOwner,
    ) -> StoreResult<()> {
        self.access_now(Reader::Member(scope), owner).await?.write
    }

    async fn download_document(
        &self,
        actor: &Actor,
        reader: Reader<'_>,
        document_id: DocumentId,
    ) -> StoreResult<DocumentFile> {
        let mut conn = self.reader().acquire().await?;
        let row = match Self::document_row(&mut conn, document_id).await {
            Ok(row) => Some(row),
            Err(StoreError::NotFound) => None,
            Err(error) => return Err(error),
        };
        let readable = match &row {
            Some(row) => Self::access(&mut conn, reader, row.owner()).await?.read,
            None => false,
        };
        let Some(row) = row.filter(|_| readable) else {
            // Logged without the document's Cité, which the reader may not learn.
            let who = reader
                .scope()
                .map(|scope| scope.user_id().to_string())
                .or_else(|| actor.ip.clone())
                .unwrap_or_default();
            let entry = AuditEntry::new(
                "document.download_refused",
                "document",
                Some(document_id),
                reader.scope().and_then(Scope::cite_id),
            )
            .detail("introuvable ou non autorisé")
            .once_a_minute(&who, actor.at);
            self.audit_queue().append(actor, entry).await?;
            return Err(StoreError::NotFound);
        };
        let content: Vec<u8> = sqlx::query_scalar("SELECT content FROM documents WHERE id = $1")
            .bind(document_id)
            .fetch_one(&mut *conn)
            .await?;
        let mut entry = audit(
            "document.download",
            row.id,
            row.cite_id,
            row.owner(),
            &row.name,
        );
        if reader.scope().is_none() {
            // Anyone may read a published call's files: once a minute per address.
            entry = entry.once_a_minute(actor.ip.as_deref().unwrap_or_default(), actor.at);
        }
        self.audit_queue().append(actor, entry).await?;
        Ok(DocumentFile { row, content })
    }

    async fn removable_document(
        &self,
        scope: &Scope,
        document_id: DocumentId,
    ) -> StoreResult<DocumentRow> {
        let mut conn = self.reader().acquire().await?;
        let row = Self::document_row(&mut conn, document_id).await?;
        Self::access(&mut conn, Reader::Member(scope), row.owner())
            .await?
            .write?;
        Ok(row)
    }

    async fn remove_document(
        &self,
        actor: &Actor,
        scope: &Scope,
        document_id: DocumentId,
    ) -> StoreResult<DocumentRow> {
        let mut tx = self.begin_write().await?;
        let row = Self::document_row(&mut tx, document_id).await?;
        Self::access(&mut tx, Reader::Member(scope), row.owner())
            .await?
            .write?;
        sqlx::query("DELETE FROM documents WHERE id = $1")
            .bind(document_id)
            .execute(&mut *tx)
            .await?;
        let entry = audit(
            "document.remove",
            row.id,
            row.cite_id,
            row.owner(),
            &row.name,
        );
        Self::commit_audited(tx, actor, &entry).await?;
        Ok(row)
    }
}
