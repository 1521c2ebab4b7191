//! Documents (« pièces jointes ») of calls, applications, agreements,
//! bilans and meetings' agenda items: the list and upload form that their pages embed
//! ([`DocumentsView`]), the upload itself (multipart, checked by content,
//! see `domain::documents`), the download (`/documents/{id}`, an attachment
//! never rendered by the browser) and the removal after a confirmation. Who may do what is the
//! store's rule, per owner: what is not one's own answers 404.

pub(crate) mod upload;

use axum::extract::DefaultBodyLimit;
use axum::extract::State;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use maillage_domain::documents::{
    size_label, DocumentKind, DocumentName, DocumentOwner, MAX_DOCUMENT_BYTES,
};
use maillage_domain::ids::{
    AgendaItemId, AgreementId, ApplicationId, CallId, DocumentId, ReportId,
};
use maillage_store::documents::{DocumentRow, Reader};
use maillage_store::Scope;

use crate::auth::{ClientInfo, CurrentUser};
use crate::error::AppResult;
use crate::extract::Path;
use crate::state::AppState;
use crate::views::confirm::ConfirmPage;
use crate::views::notice::Notice;
use crate::views::{format, render, Layout};

/// The upload routes' body limit: the largest file, and room for the
/// form's other fields. Past it the form answers its French message.
pub(crate) const MAX_UPLOAD_BODY: usize = MAX_DOCUMENT_BYTES + 64 * 1024;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/appels-a-projets/{id}/documents",
            get(upload::page::<CallId>).post(upload::upload::<CallId>),
        )
        .route(
            "/candidatures/{id}/documents",
            get(upload::page::<ApplicationId>).post(upload::upload::<ApplicationId>),
        )
        .route(
            "/conventions/{id}/documents",
            get(upload::page::<AgreementId>).post(upload::upload::<AgreementId>),
        )
        .route(
            "/bilans/{id}/documents",
            get(upload::page::<ReportId>).post(upload::upload::<ReportId>),
        )
        .route(
            "/ordre-du-jour/{id}/documents",
            get(upload::page::<AgendaItemId>).post(upload::upload::<AgendaItemId>),
        )
        .layer(DefaultBodyLimit::max(MAX_UPLOAD_BODY))
        .route("/documents/{id}", get(download))
        .route("/documents/{id}/retirer", get(confirm_remove).post(remove))
}

/// An owner as its URL names it: `/appels-a-projets/{id}`, `/candidatures/{id}`,
/// `/conventions/{id}`, `/bilans/{id}`, `/ordre-du-jour/{id}`.
pub trait OwnerPath: serde::de::DeserializeOwned + Copy + Send + 'static {
    fn owner(self) -> DocumentOwner;
}

impl OwnerPath for CallId {
    fn owner(self) -> DocumentOwner {
        DocumentOwner::Call(self)
    }
}

impl OwnerPath for ApplicationId {
    fn owner(self) -> DocumentOwner {
        DocumentOwner::Application(self)
    }
}

impl OwnerPath for AgreementId {
    fn owner(self) -> DocumentOwner {
        DocumentOwner::Agreement(self)
    }
}

impl OwnerPath for ReportId {
    fn owner(self) -> DocumentOwner {
        DocumentOwner::Report(self)
    }
}

impl OwnerPath for AgendaItemId {
    fn owner(self) -> DocumentOwner {
        DocumentOwner::AgendaItem(self)
    }
}

/// The page of the record a document belongs to.
pub fn owner_page(owner: DocumentOwner) -> String {
    match owner {
        DocumentOwner::Call(id) => format!("/appels-a-projets/{id}"),
        DocumentOwner::Application(id) => format!("/candidatures/{id}"),
        DocumentOwner::Agreement(id) => format!("/conventions/{id}"),
        DocumentOwner::Report(id) => format!("/bilans/{id}"),
        DocumentOwner::AgendaItem(id) => format!("/ordre-du-jour/{id}"),
    }
}

/// A document in a list.
pub struct DocumentLine {
    pub id: DocumentId,
    pub name: String,
    pub label: String,
    pub kind: &'static str,
    /// « 245 Ko ».
    pub size: String,
    pub uploaded_on: String,
}

impl From<DocumentRow> for DocumentLine {
    fn from(row: DocumentRow) -> Self {
        DocumentLine {
            id: row.id,
            kind: row.kind.label(),
            size: size_label(row.size),
            uploaded_on: format::date(maillage_domain::time::paris_date(row.uploaded_at)),
            name: row.name,
            label: row.label,
        }
    }
}

/// What a page embeds (`documents/_list.html`): the owner's documents and,
/// for who may add some, the upload form's address.
pub struct DocumentsView {
    pub lines: Vec<DocumentLine>,
    /// The upload form, for who may add documents.
    pub upload: Option<UploadForm>,
}

impl DocumentsView {
    pub async fn load(
        state: &AppState,
        scope: Option<&Scope>,
        owner: DocumentOwner,
    ) -> AppResult<DocumentsView> {
        let rows = state.store.documents(Reader::of(scope), owner).await?;
        let writable = match scope {
            Some(scope) => state
                .store
                .check_documents_writable(scope, owner)
                .await
                .is_ok(),
            None => false,
        };
        Ok(DocumentsView {
            lines: rows.into_iter().map(DocumentLine::from).collect(),
            upload: writable.then(|| UploadForm::new(owner, String::new(), None)),
        })
    }

    pub fn removable(&self) -> bool {
        self.upload.is_some()
    }
}

/// The upload form (`documents/_upload.html`), empty or sent back refused.
pub struct UploadForm {
    /// Where it posts.
    pub action: String,
    pub label: String,
    pub error: Option<String>,
}

impl UploadForm {
    pub fn new(owner: DocumentOwner, label: String, error: Option<String>) -> UploadForm {
        UploadForm {
            action: format!("{}/documents", owner_page(owner)),
            label,
            error,
        }
    }
}

/// `filename*=` of RFC 5987: UTF-8, every byte but the unreserved ones
/// percent-encoded.
fn rfc5987(name: &str) -> String {
    name.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            b => format!("%{b:02X}"),
        })
        .collect()
}

/// A document as an attachment: saved, never shown in the page's origin.
pub async fn download(
    State(state): State<AppState>,
    user: Option<CurrentUser>,
    client: ClientInfo,
    Path(id): Path<DocumentId>,
) -> AppResult<Response> {
    let actor = match &user {
        Some(user) => user.actor(),
        None => client.actor(None, None),
    };
    let reader = Reader::of(user.as_ref().map(|u| &u.scope));
    let file = state.store.download_document(&actor, reader, id).await?;
    Ok(attachment(
        &file.row.file_name(),
        file.row.kind,
        file.content,
    ))
}

/// A file as an attachment: saved, never shown in the page's origin, never
/// kept in a cache.
pub fn attachment(name: &DocumentName, kind: DocumentKind, content: Vec<u8>) -> Response {
    let disposition = format!(
        "attachment; filename=\"{}\"; filename*=UTF-8''{}",
        name.ascii_fallback(),
        rfc5987(name.as_str())
    );
    let mut response = content.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind.mime()));
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    response
}

pub async fn confirm_remove(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<DocumentId>,
) -> AppResult<Response> {
    let row = state.store.removable_document(&user.scope, id).await?;
    let title = "Retirer le document";
    let back = owner_page(row.owner());
    let page = ConfirmPage {
        layout: Layout::new(title, &user, ""),
        question: format!("Retirer le document « {} » ?", row.name),
        consequences: vec![
            "Il ne pourra plus être téléchargé ; son dépôt et son retrait restent au journal."
                .to_owned(),
        ],
        action: format!("/documents/{id}/retirer"),
        button: "Retirer le document",
        back,
        refusal: None,
    };
    Ok(render(&page)?.into_response())
}

pub async fn remove(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<DocumentId>,
) -> AppResult<Response> {
    let row = state
        .store
        .remove_document(&user.actor(), &user.scope, id)
        .await?;
    Ok(Redirect::to(&Notice::DocumentRemoved.at(&owner_page(row.owner()))).into_response())
}
