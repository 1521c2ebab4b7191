//! data·inclusion import (`/offres/import`: a file sent with the form —
//! multipart, up to [`MAX_IMPORT_BYTES`] — or its text pasted, checked
//! whole, imported in one transaction or not at all) and export
//! (`/offres/export.json`).

use askama::Template;
use axum::extract::multipart::{Field, Multipart, MultipartRejection};
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use maillage_domain::services::{Catalogue, ImportReport};
use maillage_store::services::ImportCounts;

use super::require_editor;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::views::{render, Layout};

/// The largest file accepted: a national catalogue of 5 000 services with
/// their descriptions weighs about 3 Mo. The route's body limit allows it
/// (and the form's other fields); every other route keeps axum's 2 Mo.
pub const MAX_IMPORT_BYTES: usize = 64 * 1024 * 1024;

/// What a form sent: a file's bytes, else the pasted text.
struct Upload {
    text: String,
    /// Shown back in the text box when refused (a file is not: it may be huge).
    pasted: bool,
}

#[derive(Template)]
#[template(path = "services/import.html")]
struct ImportPage {
    layout: Layout,
    text: String,
    report: Option<ImportReport>,
    done: Option<ImportCounts>,
    /// Imported services located outside the Cité's communes.
    outside: Vec<String>,
    max_mo: usize,
}

impl ImportPage {
    /// `5 000`.
    fn count(&self, value: &usize) -> String {
        crate::views::format::integer(i64::try_from(*value).unwrap_or(i64::MAX))
    }

    /// How many services outside the territory, past the first `shown`.
    fn outside_count(&self, shown: usize) -> String {
        self.count(&self.outside.len().saturating_sub(shown))
    }
}

fn import_view(
    user: &CurrentUser,
    text: String,
    report: Option<ImportReport>,
    done: Option<(ImportCounts, Vec<String>)>,
) -> AppResult<Response> {
    let (done, outside) = done.map_or((None, Vec::new()), |(counts, outside)| {
        (Some(counts), outside)
    });
    let status = if report.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let page = ImportPage {
        layout: Layout::new("Importer un fichier data·inclusion", user, "/offres"),
        text,
        report,
        done,
        outside,
        max_mo: MAX_IMPORT_BYTES / (1024 * 1024),
    };
    Ok((status, render(&page)?).into_response())
}

pub async fn import_page(user: CurrentUser) -> AppResult<Response> {
    require_editor(&user)?;
    import_view(&user, String::new(), None, None)
}

pub async fn import(
    State(state): State<AppState>,
    user: CurrentUser,
    multipart: Result<Multipart, MultipartRejection>,
) -> AppResult<Response> {
    require_editor(&user)?;
    let upload = match multipart {
        Ok(multipart) => read_upload(multipart).await,
        Err(_) => Err(ImportReport::file(
            "Envoyez le fichier avec le formulaire de cette page.",
        )),
    };
    let upload = match upload {
        Ok(upload) => upload,
        Err(report) => return import_view(&user, String::new(), Some(report), None),
    };
    match Catalogue::parse(&upload.text, state.today()) {
        Err(report) => {
            let shown = if upload.pasted {
                upload.text
            } else {
                String::new()
            };
            import_view(&user, shown, Some(report), None)
        }
        Ok(catalogue) => {
            let counts = state
                .store
                .import_data_inclusion(&user.actor(), &user.scope, &catalogue)
                .await?;
            let cite_id = user.scope.cite_id().ok_or(AppError::NotFound)?;
            let cite = state.store.cite(&user.scope, cite_id).await?;
            let outside = catalogue.outside_territory(&cite.communes());
            import_view(&user, String::new(), None, Some((counts, outside)))
        }
    }
}

/// Reads the form's `fichier` (a file) and `texte` (pasted) fields; the
/// file wins when one was chosen.
async fn read_upload(mut multipart: Multipart) -> Result<Upload, ImportReport> {
    let mut file = None;
    let mut pasted = String::new();
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(too_large_or_unreadable)?
    {
        match field.name() {
            Some("fichier") if field.file_name().is_some_and(|name| !name.is_empty()) => {
                file = Some(read_field(field).await?);
            }
            Some("texte") => {
                pasted = String::from_utf8(read_field(field).await?).map_err(not_text)?
            }
            _ => {}
        }
    }
    match file {
        Some(bytes) if !bytes.is_empty() => Ok(Upload {
            text: String::from_utf8(bytes).map_err(not_text)?,
            pasted: false,
        }),
        Some(_) => Err(ImportReport::file("Le fichier choisi est vide.")),
        None if pasted.trim().is_empty() => Err(ImportReport::file(
            "Choisissez un fichier JSON ou collez son contenu.",
        )),
        None => Ok(Upload {
            text: pasted,
            pasted: true,
        }),
    }
}

/// A field's bytes as they stream in, refused past [`MAX_IMPORT_BYTES`].
async fn read_field(mut field: Field<'_>) -> Result<Vec<u8>, ImportReport> {
    let mut bytes = Vec::new();
    while let Some(chunk) = field.chunk().await.map_err(too_large_or_unreadable)? {
        if bytes.len() + chunk.len() > MAX_IMPORT_BYTES {
            return Err(too_large());
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}

fn too_large() -> ImportReport {
    ImportReport::file(&format!(
        "Le fichier dépasse {} Mo : découpez-le en plusieurs fichiers.",
        MAX_IMPORT_BYTES / (1024 * 1024)
    ))
}

/// axum's errors are in English: the body limit gets its own French message.
fn too_large_or_unreadable(error: axum::extract::multipart::MultipartError) -> ImportReport {
    if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
        too_large()
    } else {
        ImportReport::file("Le fichier n'a pas pu être reçu en entier : envoyez-le de nouveau.")
    }
}

fn not_text(_: std::string::FromUtf8Error) -> ImportReport {
    ImportReport::file(
        "Ce n'est pas du JSON valide : le fichier n'est pas un texte (encodage UTF-8 attendu).",
    )
}

/// The Cité's whole catalogue as a data·inclusion file.
pub async fn export(State(state): State<AppState>, user: CurrentUser) -> AppResult<Response> {
    let catalogue = state
        .store
        .export_data_inclusion(&user.actor(), &user.scope)
        .await?;
    let body = serde_json::to_string_pretty(&catalogue.to_json())
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let name = format!(
        "attachment; filename=\"offre-de-services-{}.json\"",
        state.today().format("%Y-%m-%d")
    );
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/json; charset=utf-8".to_owned(),
            ),
            (header::CONTENT_DISPOSITION, name),
        ],
        body,
    )
        .into_response())
}
