//! Partners of the Cité: the directory everyone in the Cité reads, and the
//! coordinator's create / edit / archive.

use std::ops::Deref;

use askama::Template;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Redirect, Response};
use maillage_domain::ids::PartnerId;
use maillage_domain::partners::{PartnerCategory, PartnerDraft, PartnerInput};
use maillage_domain::referential;
use maillage_store::partners::PartnerRow;
use maillage_store::StoreResult;
use serde::Deserialize;

use super::editing::{Cx, Drafted, FormParts, RecordForm};
use super::NoticeQuery;
use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::extract::{Path, Query};
use crate::form::HxRequest;
use crate::state::AppState;
use crate::views::codes::closed_list;
use crate::views::notice::Notice;
use crate::views::{render, Layout};

/// A partner as the pages show it.
pub struct PartnerView {
    pub id: PartnerId,
    pub name: String,
    pub category: &'static str,
    pub network: Option<&'static str>,
    pub siret: Option<String>,
    pub address: String,
    pub referents: i64,
    pub sensitive: bool,
    pub archived: bool,
}

impl From<PartnerRow> for PartnerView {
    fn from(row: PartnerRow) -> Self {
        let address = [
            row.address.as_deref(),
            row.postal_code.as_deref(),
            row.city.as_deref(),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
        PartnerView {
            id: row.id,
            category: row.category.label(),
            network: row
                .network
                .as_deref()
                .and_then(referential::network)
                .map(|n| n.label),
            name: row.name,
            siret: row.siret,
            address,
            referents: row.referents,
            sensitive: row.sensitive,
            archived: row.archived_at.is_some(),
        }
    }
}

pub struct PartnersTable {
    pub rows: Vec<PartnerView>,
    pub include_archived: bool,
    pub can_edit: bool,
}

#[derive(Template)]
#[template(path = "partners/list.html")]
struct ListPage {
    layout: Layout,
    table: PartnersTable,
}

#[derive(Template)]
#[template(path = "partners/_table.html")]
struct TablePartial {
    table: PartnersTable,
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    archives: Option<String>,
    fait: Option<String>,
}

pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    HxRequest(partial): HxRequest,
    Query(query): Query<ListQuery>,
) -> AppResult<Response> {
    let include_archived = query.archives.is_some() && user.scope.can_administer_cite();
    let rows = state.store.partners(&user.scope, include_archived).await?;
    let table = PartnersTable {
        rows: rows.into_iter().map(PartnerView::from).collect(),
        include_archived,
        can_edit: user.scope.can_administer_cite(),
    };
    if partial {
        return Ok(render(&TablePartial { table })?.into_response());
    }
    let layout = Layout::new("Partenaires", &user, "/partenaires")
        .with_notice(Notice::of(query.fait.as_deref()));
    Ok(render(&ListPage { layout, table })?.into_response())
}

#[derive(Template)]
#[template(path = "partners/show.html")]
struct ShowPage {
    layout: Layout,
    partner: PartnerView,
    accounts: Vec<super::accounts::AccountView>,
    can_edit: bool,
}

pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<PartnerId>,
    Query(query): Query<NoticeQuery>,
) -> AppResult<Response> {
    let partner = PartnerView::from(state.store.partner(&user.scope, id).await?);
    let accounts = state.store.partner_accounts(&user.scope, id).await?;
    let layout = Layout::new(partner.name.clone(), &user, "/partenaires")
        .with_notice(Notice::of(query.fait.as_deref()))
        .with_breadcrumb(&[("/partenaires", "Partenaires")], &partner.name);
    let page = ShowPage {
        layout,
        partner,
        accounts: accounts.into_iter().map(Into::into).collect(),
        can_edit: user.scope.can_administer_cite(),
    };
    Ok(render(&page)?.into_response())
}

/// The Cité's partners, for a list to choose from.
pub async fn partner_options(cx: Cx<'_>) -> AppResult<Vec<(String, String)>> {
    let partners = cx.store().partners(cx.scope(), false).await?;
    Ok(partners
        .into_iter()
        .map(|p| (p.id.to_string(), p.name))
        .collect())
}

/// The data·inclusion networks by label, sorted once.
static NETWORK_OPTIONS: std::sync::LazyLock<Vec<(String, String)>> =
    std::sync::LazyLock::new(|| {
        let mut networks: Vec<(String, String)> = referential::networks()
            .iter()
            .map(|n| (n.code.to_owned(), n.label.to_owned()))
            .collect();
        networks.sort_by_key(|(_, label)| label.to_lowercase());
        networks
    });

#[derive(Template)]
#[template(path = "partners/form.html")]
struct FormPage {
    parts: FormParts<PartnerInput>,
    categories: Vec<(String, String)>,
    networks: Vec<(String, String)>,
}

/// The template reads `layout`, `form`… as its own fields.
impl Deref for FormPage {
    type Target = FormParts<PartnerInput>;
    fn deref(&self) -> &Self::Target {
        &self.parts
    }
}

impl RecordForm for PartnerInput {
    type Id = PartnerId;
    type Draft = PartnerDraft;
    const NEW_TITLE: &'static str = "Nouveau partenaire";
    const EDIT_TITLE: &'static str = "Modifier le partenaire";
    const MENU: &'static str = "/partenaires";
    const CREATED: Notice = Notice::PartnerCreated;
    const UPDATED: Notice = Notice::PartnerUpdated;

    fn authorise(user: &CurrentUser) -> AppResult<()> {
        user.require_coordinator()
    }

    async fn load(cx: Cx<'_>, id: PartnerId) -> AppResult<Self> {
        let row = cx.store().partner(cx.scope(), id).await?;
        Ok(PartnerInput {
            name: row.name,
            category: row.category.code().to_owned(),
            network: row.network.unwrap_or_default(),
            siret: row.siret.unwrap_or_default(),
            address: row.address.unwrap_or_default(),
            postal_code: row.postal_code.unwrap_or_default(),
            city: row.city.unwrap_or_default(),
            sensitive: row.sensitive.then(|| "on".to_owned()),
        })
    }

    async fn draft(&self, _: Cx<'_>, _: Option<PartnerId>) -> Drafted<PartnerDraft> {
        Ok(self.validate())
    }

    async fn create(cx: Cx<'_>, draft: &PartnerDraft) -> StoreResult<PartnerId> {
        cx.store()
            .create_partner(&cx.actor(), cx.scope(), draft)
            .await
    }

    async fn update(cx: Cx<'_>, id: PartnerId, draft: &PartnerDraft) -> StoreResult<()> {
        cx.store()
            .update_partner(&cx.actor(), cx.scope(), id, draft)
            .await
    }

    fn location(id: PartnerId) -> String {
        format!("/partenaires/{id}")
    }

    async fn page(_: Cx<'_>, parts: FormParts<Self>) -> AppResult<Html<String>> {
        render(&FormPage {
            parts,
            categories: closed_list::<PartnerCategory>(),
            networks: NETWORK_OPTIONS.clone(),
        })
    }
}

async fn set_archived(
    state: &AppState,
    user: &CurrentUser,
    id: PartnerId,
    archived: bool,
) -> AppResult<Redirect> {
    user.require_coordinator()?;
    state
        .store
        .set_partner_archived(&user.actor(), &user.scope, id, archived)
        .await?;
    let done = if archived {
        Notice::PartnerArchived
    } else {
        Notice::PartnerRestored
    };
    Ok(Redirect::to(&done.at(&format!("/partenaires/{id}"))))
}

pub async fn archive(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<PartnerId>,
) -> AppResult<Redirect> {
    set_archived(&state, &user, id, true).await
}

pub async fn restore(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<PartnerId>,
) -> AppResult<Redirect> {
    set_archived(&state, &user, id, false).await
}
