//! Uploaded documents (« pièces jointes ») of calls and applications, kept
//! in the database with their SHA-256 so that a backup holds them.
//!
//! Who writes and who reads a document follows its owner (one rule per
//! owner kind, in the shared SQL's `access`): a call's documents are
//! written by its Cité's coordinators and read by anyone once the call is
//! published, by its coordinators and co-pilots before; an application's
//! are written by its porteur's partner while it is a draft and read by
//! that partner, and by the Cité's coordinators and co-pilots once it is
//! submitted. What a reader may not see answers `NotFound`, like what does
//! not exist; every upload, download, removal and refused download is in
//! the audit log.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use maillage_domain::documents::{
    DocumentKind, DocumentName, DocumentOwner, NewDocument, OwnerKind,
};
use maillage_domain::ids::{CiteId, DocumentId};
use maillage_domain::Scope;

use crate::{Actor, StoreResult};

/// Who reads: a signed-in member, or anyone (a call's public page).
#[derive(Debug, Clone, Copy)]
pub enum Reader<'a> {
    Anyone,
    Member(&'a Scope),
}

impl<'a> Reader<'a> {
    pub fn of(scope: Option<&'a Scope>) -> Reader<'a> {
        scope.map_or(Reader::Anyone, Reader::Member)
    }

    pub fn scope(self) -> Option<&'a Scope> {
        match self {
            Reader::Anyone => None,
            Reader::Member(scope) => Some(scope),
        }
    }
}

/// A document as listed, without its content.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct DocumentRow {
    pub id: DocumentId,
    pub cite_id: CiteId,
    pub owner_kind: OwnerKind,
    pub owner_id: i64,
    pub name: String,
    pub label: String,
    pub kind: DocumentKind,
    pub size: i64,
    pub sha256: String,
    pub uploaded_at: DateTime<Utc>,
}

impl DocumentRow {
    pub fn owner(&self) -> DocumentOwner {
        DocumentOwner::from_parts(self.owner_kind, self.owner_id)
    }

    pub fn file_name(&self) -> DocumentName {
        DocumentName::from_stored(self.name.clone())
    }
}

/// A document and its bytes, for a download.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentFile {
    pub row: DocumentRow,
    pub content: Vec<u8>,
}

#[async_trait]
pub trait DocumentStore {
    /// Attaches a checked document to an owner the scope writes.
    async fn add_document(
        &self,
        actor: &Actor,
        scope: &Scope,
        owner: DocumentOwner,
        document: &NewDocument,
    ) -> StoreResult<DocumentId>;

    /// An owner's documents, in upload order, if the reader may read them.
    async fn documents(
        &self,
        reader: Reader<'_>,
        owner: DocumentOwner,
    ) -> StoreResult<Vec<DocumentRow>>;

    /// `Ok` when the scope may add or remove the owner's documents now;
    /// `NotFound` when the owner is not its own, `Invalid` (field `fichier`)
    /// when it no longer takes documents (a submitted application).
    async fn check_documents_writable(
        &self,
        scope: &Scope,
        owner: DocumentOwner,
    ) -> StoreResult<()>;

    /// A document with its content, for a download (audited; a refusal is
    /// audited too and answers `NotFound`).
    async fn download_document(
        &self,
        actor: &Actor,
        reader: Reader<'_>,
        document_id: DocumentId,
    ) -> StoreResult<DocumentFile>;

    /// A document the scope may remove, for the confirmation page.
    async fn removable_document(
        &self,
        scope: &Scope,
        document_id: DocumentId,
    ) -> StoreResult<DocumentRow>;

    /// Removes a document the scope writes; returns what it was.
    async fn remove_document(
        &self,
        actor: &Actor,
        scope: &Scope,
        document_id: DocumentId,
    ) -> StoreResult<DocumentRow>;
}
