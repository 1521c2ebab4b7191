//! Resources shared with the network (*ressources partagées*): the list,
//! searched by theme and words; the form to share a link or a document
//! (multipart, checked by content as every document is); the download,
//! an audited attachment; the withdrawal by its author or the national
//! team, after a confirmation.

use askama::Template;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::{DefaultBodyLimit, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use maillage_domain::documents::size_label;
use maillage_domain::ids::ResourceId;
use maillage_domain::network::{network_search_words, shares_resources, ResourceInput, Theme};
use maillage_domain::time::paris_date;
use maillage_domain::FieldErrors;
use maillage_store::network::{ResourceFilters, ResourceRow};

use super::{layout, require_network};
use crate::auth::CurrentUser;
use crate::error::{checked, AppError, AppResult};
use crate::extract::{Path, Query};
use crate::routes::documents::upload::sent_form;
use crate::routes::documents::{attachment, MAX_UPLOAD_BODY};
use crate::state::AppState;
use crate::views::confirm::ConfirmPage;
use crate::views::notice::Notice;
use crate::views::{form_status, format, render, Layout};

const RESOURCES: &str = "/reseau/ressources";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(RESOURCES, get(list).post(share))
        .layer(DefaultBodyLimit::max(MAX_UPLOAD_BODY))
        .route("/reseau/ressources/nouvelle", get(new))
        .route("/reseau/ressources/{id}/telecharger", get(download))
        .route(
            "/reseau/ressources/{id}/retirer",
            get(confirm_withdraw).post(withdraw),
        )
}

/// A resource in the list.
pub struct ResourceLine {
    pub id: ResourceId,
    pub title: String,
    pub theme: &'static str,
    pub description: String,
    /// The link, for a link.
    pub url: Option<String>,
    /// « PDF, 245 Ko », for a document.
    pub document: Option<String>,
    /// « Claire Moreau (Cité d'Angers) », « Équipe ANCT ».
    pub shared_by: String,
    pub shared_on: String,
    pub withdrawable: bool,
}

fn line(user: &CurrentUser, row: ResourceRow) -> ResourceLine {
    let withdrawable = match user.role() {
        maillage_domain::accounts::Role::National => true,
        maillage_domain::accounts::Role::Coordinateur => row.shared_by == user.user_id,
        _ => false,
    };
    ResourceLine {
        id: row.id,
        theme: row.theme.label(),
        document: match (row.kind, row.size) {
            (Some(kind), Some(size)) => Some(format!("{}, {}", kind.label(), size_label(size))),
            _ => None,
        },
        shared_by: match row.cite_name {
            Some(cite) => format!("{} ({cite})", row.shared_by_name),
            None => format!("{} (équipe nationale)", row.shared_by_name),
        },
        shared_on: format::date(paris_date(row.shared_at)),
        url: row.url,
        title: row.title,
        description: row.description,
        withdrawable,
    }
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ResourceQuery {
    theme: String,
    q: String,
    fait: Option<String>,
}

#[derive(Template)]
#[template(path = "network/resources.html")]
struct ListPage {
    layout: Layout,
    lines: Vec<ResourceLine>,
    themes: Vec<(String, String)>,
    theme: String,
    q: String,
    ignored: Vec<&'static str>,
    can_share: bool,
}

pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(query): Query<ResourceQuery>,
) -> AppResult<Response> {
    require_network(&user)?;
    let mut ignored = Vec::new();
    let theme = match query.theme.trim() {
        "" => None,
        code => Theme::parse(code).or_else(|| {
            ignored.push("thème");
            None
        }),
    };
    let filters = ResourceFilters {
        theme,
        words: network_search_words(&query.q),
    };
    let rows = state.store.shared_resources(&user.scope, &filters).await?;
    let page = ListPage {
        layout: layout("Ressources partagées", &user, RESOURCES)
            .with_notice(Notice::of(query.fait.as_deref())),
        lines: rows.into_iter().map(|row| line(&user, row)).collect(),
        themes: theme_choices(),
        theme: theme.map(|t| t.code().to_owned()).unwrap_or_default(),
        q: query.q.trim().to_owned(),
        ignored,
        can_share: shares_resources(user.role()),
    };
    Ok(render(&page)?.into_response())
}

fn theme_choices() -> Vec<(String, String)> {
    Theme::ALL
        .iter()
        .map(|t| (t.code().to_owned(), t.label().to_owned()))
        .collect()
}

/// The national team and coordinators share; the other staff read only.
fn require_sharer(user: &CurrentUser) -> AppResult<()> {
    require_network(user)?;
    match shares_resources(user.role()) {
        true => Ok(()),
        false => Err(AppError::Forbidden),
    }
}

#[derive(Template)]
#[template(path = "network/resource_form.html")]
struct FormPage {
    layout: Layout,
    form: ResourceInput,
    themes: Vec<(String, String)>,
    kinds: Vec<(String, String)>,
    errors: FieldErrors,
}

fn form_page(user: &CurrentUser, form: ResourceInput, errors: FieldErrors) -> AppResult<Response> {
    let title = "Partager une ressource";
    let page = FormPage {
        layout: layout(title, user, RESOURCES).with_breadcrumb(
            &[("/reseau", "Réseau"), (RESOURCES, "Ressources partagées")],
            title,
        ),
        form,
        themes: theme_choices(),
        kinds: vec![
            ("lien".to_owned(), "Un lien".to_owned()),
            ("document".to_owned(), "Un document".to_owned()),
        ],
        errors,
    };
    let status = form_status(&page.errors);
    Ok((status, render(&page)?).into_response())
}

pub async fn new(user: CurrentUser) -> AppResult<Response> {
    require_sharer(&user)?;
    let form = ResourceInput {
        kind: "lien".into(),
        ..ResourceInput::default()
    };
    form_page(&user, form, FieldErrors::new())
}

pub async fn share(
    State(state): State<AppState>,
    user: CurrentUser,
    multipart: Result<Multipart, MultipartRejection>,
) -> AppResult<Response> {
    require_sharer(&user)?;
    let sent = sent_form(multipart, "").await;
    let input = ResourceInput {
        kind: sent.field("kind").to_owned(),
        title: sent.field("title").to_owned(),
        theme: sent.field("theme").to_owned(),
        description: sent.field("description").to_owned(),
        url: sent.field("url").to_owned(),
    };
    let errors = match input.validate(Some(sent.document)) {
        Ok(draft) => {
            let shared = state
                .store
                .share_resource(&user.actor(), &user.scope, &draft)
                .await;
            match checked(shared)? {
                Ok(_) => {
                    return Ok(Redirect::to(&Notice::ResourceShared.at(RESOURCES)).into_response())
                }
                Err(errors) => errors,
            }
        }
        Err(errors) => errors,
    };
    form_page(&user, input, errors)
}

pub async fn download(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<ResourceId>,
) -> AppResult<Response> {
    let (row, content) = state
        .store
        .download_resource(&user.actor(), &user.scope, id)
        .await?;
    let (Some(name), Some(kind)) = (row.file_name(), row.kind) else {
        return Err(AppError::NotFound);
    };
    Ok(attachment(&name, kind, content))
}

pub async fn confirm_withdraw(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<ResourceId>,
) -> AppResult<Response> {
    let row = state.store.withdrawable_resource(&user.scope, id).await?;
    let title = "Retirer la ressource";
    let page = ConfirmPage {
        layout: layout(title, &user, RESOURCES),
        question: format!("Retirer la ressource « {} » ?", row.title),
        consequences: vec![
            "Le réseau ne la verra plus ; son partage et son retrait restent au journal."
                .to_owned(),
        ],
        action: format!("{RESOURCES}/{id}/retirer"),
        button: "Retirer la ressource",
        back: RESOURCES.to_owned(),
        refusal: None,
    };
    Ok(render(&page)?.into_response())
}

pub async fn withdraw(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<ResourceId>,
) -> AppResult<Response> {
    state
        .store
        .withdraw_resource(&user.actor(), &user.scope, id)
        .await?;
    Ok(Redirect::to(&Notice::ResourceWithdrawn.at(RESOURCES)).into_response())
}
