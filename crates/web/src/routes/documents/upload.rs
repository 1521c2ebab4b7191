//! Adding a document: the form alone on its page (reached from the owner's
//! page, and shown again with the reason when a file is refused), and the
//! multipart upload, read in streaming and cut at the size limit.

use askama::Template;
use axum::extract::multipart::{Field, Multipart, MultipartError, MultipartRejection};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maillage_domain::documents::{DocumentError, DocumentOwner, NewDocument, MAX_DOCUMENT_BYTES};
use maillage_store::AuditEntry;

use super::{owner_page, OwnerPath, UploadForm};
use crate::auth::CurrentUser;
use crate::error::{checked, AppResult};
use crate::extract::Path;
use crate::state::AppState;
use crate::views::notice::Notice;
use crate::views::{render, Layout};

#[derive(Template)]
#[template(path = "documents/upload.html")]
struct UploadPage {
    layout: Layout,
    upload: UploadForm,
    back: String,
}

fn upload_view(
    user: &CurrentUser,
    owner: DocumentOwner,
    label: String,
    error: Option<String>,
    status: StatusCode,
) -> AppResult<Response> {
    let page = UploadPage {
        layout: Layout::new("Ajouter un document", user, ""),
        upload: UploadForm::new(owner, label, error),
        back: owner_page(owner),
    };
    Ok((status, render(&page)?).into_response())
}

pub async fn page<O: OwnerPath>(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<O>,
) -> AppResult<Response> {
    let owner = id.owner();
    let error = checked(
        state
            .store
            .check_documents_writable(&user.scope, owner)
            .await,
    )?
    .err()
    .and_then(|errors| errors.get("fichier").map(str::to_owned));
    let status = match error {
        Some(_) => StatusCode::UNPROCESSABLE_ENTITY,
        None => StatusCode::OK,
    };
    upload_view(&user, owner, String::new(), error, status)
}

/// What the form sent.
#[derive(Default)]
struct Sent {
    file_name: String,
    label: String,
    bytes: Option<Vec<u8>>,
    /// The form's other short fields (a date sent with the file).
    fields: Vec<(String, String)>,
}

pub async fn upload<O: OwnerPath>(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<O>,
    multipart: Result<Multipart, MultipartRejection>,
) -> AppResult<Response> {
    let owner = id.owner();
    let back = owner_page(owner);
    // Nothing is read from a stranger; a submitted application says why.
    if let Err(errors) = checked(
        state
            .store
            .check_documents_writable(&user.scope, owner)
            .await,
    )? {
        let error = errors.get("fichier").map(str::to_owned);
        return upload_view(
            &user,
            owner,
            String::new(),
            error,
            StatusCode::UNPROCESSABLE_ENTITY,
        );
    }
    let document = match checked_document(multipart).await {
        Ok(document) => document,
        Err(refusal) => {
            let entry = AuditEntry::new(
                "document.upload_refused",
                "document",
                None::<i64>,
                user.scope.cite_id(),
            )
            .detail(refusal.message())
            .once_a_minute(&user.user_id.to_string(), user.actor().at);
            state.store.audit(&user.actor(), entry).await?;
            let status = refusal.status();
            let (label, message) = refusal.into_parts();
            return upload_view(&user, owner, label, Some(message), status);
        }
    };
    let added = state
        .store
        .add_document(&user.actor(), &user.scope, owner, &document)
        .await;
    match checked(added)? {
        Ok(_) => Ok(Redirect::to(&Notice::DocumentAdded.at(&back)).into_response()),
        Err(errors) => {
            let error = errors.get("fichier").map(str::to_owned);
            upload_view(
                &user,
                owner,
                document.label,
                error,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        }
    }
}

/// Why an upload is refused before the store sees it.
enum Refusal {
    Unreadable,
    NoFile(String),
    Document(DocumentError, String),
}

impl Refusal {
    fn message(&self) -> String {
        match self {
            Refusal::Unreadable => {
                "Le fichier n'a pas pu être reçu en entier : envoyez-le de nouveau.".to_owned()
            }
            Refusal::NoFile(_) => "Choisissez un fichier à ajouter.".to_owned(),
            Refusal::Document(error, _) => error.to_string(),
        }
    }

    fn status(&self) -> StatusCode {
        match self {
            Refusal::Document(DocumentError::TooLarge, _) => StatusCode::PAYLOAD_TOO_LARGE,
            _ => StatusCode::UNPROCESSABLE_ENTITY,
        }
    }

    /// The label typed, to show back, and the message.
    fn into_parts(self) -> (String, String) {
        let message = self.message();
        match self {
            Refusal::Unreadable => (String::new(), message),
            Refusal::NoFile(label) | Refusal::Document(_, label) => (label, message),
        }
    }
}

/// Reads the form's `fichier`, its `libelle` and its other short fields.
async fn read(mut multipart: Multipart) -> Result<Sent, Refusal> {
    let mut sent = Sent::default();
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(too_large_or_unreadable)?
    {
        match field.name() {
            Some("fichier") if field.file_name().is_some_and(|name| !name.is_empty()) => {
                sent.file_name = field.file_name().unwrap_or_default().to_owned();
                sent.bytes = Some(read_field(field, MAX_DOCUMENT_BYTES).await?);
            }
            Some("libelle") => {
                let bytes = read_field(field, 4096).await?;
                sent.label = String::from_utf8_lossy(&bytes).into_owned();
            }
            Some(name) if field.file_name().is_none() && sent.fields.len() < 16 => {
                let name = name.to_owned();
                let bytes = read_field(field, 4096).await?;
                sent.fields
                    .push((name, String::from_utf8_lossy(&bytes).into_owned()));
            }
            _ => {}
        }
    }
    Ok(sent)
}

/// A form that sends a file with a few fields (a signature's date): the
/// fields as typed, to show back, and the file checked or why not.
pub(crate) struct SentForm {
    fields: Vec<(String, String)>,
    pub document: Result<NewDocument, String>,
}

impl SentForm {
    /// A field as typed; empty when it was not sent.
    pub fn field(&self, name: &str) -> &str {
        self.fields
            .iter()
            .find(|(field, _)| field == name)
            .map_or("", |(_, value)| value.as_str())
    }
}

/// Reads such a form; the file gets `label` unless one was typed.
pub(crate) async fn sent_form(
    multipart: Result<Multipart, MultipartRejection>,
    label: &str,
) -> SentForm {
    let sent = match multipart {
        Ok(multipart) => read(multipart).await,
        Err(_) => Err(Refusal::Unreadable),
    };
    match sent {
        Ok(mut sent) => {
            if sent.label.trim().is_empty() {
                sent.label = label.to_owned();
            }
            let fields = std::mem::take(&mut sent.fields);
            let document = checked_sent(sent).map_err(|refusal| refusal.message());
            SentForm { fields, document }
        }
        Err(refusal) => SentForm {
            fields: Vec::new(),
            document: Err(refusal.message()),
        },
    }
}

async fn checked_document(
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<NewDocument, Refusal> {
    match multipart {
        Ok(multipart) => checked_sent(read(multipart).await?),
        Err(_) => Err(Refusal::Unreadable),
    }
}

fn checked_sent(sent: Sent) -> Result<NewDocument, Refusal> {
    match sent.bytes {
        None => Err(Refusal::NoFile(sent.label)),
        Some(bytes) => NewDocument::check(&sent.file_name, &sent.label, bytes)
            .map_err(|error| Refusal::Document(error, sent.label)),
    }
}

/// A field's bytes as they stream in, refused past `limit`.
async fn read_field(mut field: Field<'_>, limit: usize) -> Result<Vec<u8>, Refusal> {
    let mut bytes = Vec::new();
    while let Some(chunk) = field.chunk().await.map_err(too_large_or_unreadable)? {
        if bytes.len() + chunk.len() > limit {
            return Err(Refusal::Document(DocumentError::TooLarge, String::new()));
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}

/// axum's errors are in English: the body limit gets the French message.
fn too_large_or_unreadable(error: MultipartError) -> Refusal {
    if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
        Refusal::Document(DocumentError::TooLarge, String::new())
    } else {
        Refusal::Unreadable
    }
}
