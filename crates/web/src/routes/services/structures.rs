//! Structures of the catalogue (`/offres/structures`): the list, and the
//! form whose fields carry data·inclusion's names.

use std::ops::Deref;

use askama::Template;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Response};
use maillage_domain::ids::{PartnerId, StructureId};
use maillage_domain::services::Structure;
use maillage_domain::{referential, FieldErrors};
use maillage_store::services::StructureRow;
use maillage_store::{StoreError, StoreResult};
use serde::Deserialize;
use serde_json::{Map, Value};

use super::edit::{json_list, json_text, new_id};
use super::{can_edit, require_editor};
use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::extract::Query;
use crate::routes::editing::{Cx, Drafted, FormParts, RecordForm};
use crate::routes::partners::partner_options;
use crate::routes::NoticeQuery;
use crate::state::AppState;
use crate::views::codes::options;
use crate::views::notice::Notice;
use crate::views::{render, Layout};

pub struct StructureLine {
    pub id: StructureId,
    pub name: String,
    pub place: String,
    pub siret: String,
    pub partner: bool,
    pub services: i64,
    pub archived: bool,
}

#[derive(Template)]
#[template(path = "services/structures.html")]
struct ListPage {
    layout: Layout,
    lines: Vec<StructureLine>,
    can_edit: bool,
}

async fn list_page(
    state: &AppState,
    user: &CurrentUser,
    notice: Option<Notice>,
) -> AppResult<Response> {
    let lines = state
        .store
        .structures(&user.scope)
        .await?
        .into_iter()
        .map(|row| StructureLine {
            place: row.to_domain().address.one_line(),
            id: row.id,
            name: row.name,
            siret: row.siret.unwrap_or_default(),
            partner: row.partner_id.is_some(),
            services: row.services,
            archived: row.archived_at.is_some(),
        })
        .collect();
    let page = ListPage {
        layout: Layout::new("Structures du catalogue", user, "/offres").with_notice(notice),
        lines,
        can_edit: can_edit(user),
    };
    Ok(render(&page)?.into_response())
}

pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(query): Query<NoticeQuery>,
) -> AppResult<Response> {
    list_page(&state, &user, Notice::of(query.fait.as_deref())).await
}

/// The structure form, as typed.
#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct StructureForm {
    pub nom: String,
    pub description: String,
    pub siret: String,
    /// The Cité's partner this structure is, if any (row id).
    pub partner: String,
    pub reseaux_porteurs: Vec<String>,
    pub adresse: String,
    pub complement_adresse: String,
    pub code_postal: String,
    pub commune: String,
    pub code_insee: String,
    pub telephone: String,
    pub courriel: String,
    pub site_web: String,
    pub horaires_accueil: String,
    pub accessibilite_lieu: String,
    pub lien_source: String,
}

impl StructureForm {
    fn from_row(row: &StructureRow) -> StructureForm {
        let text = |v: &Option<String>| v.clone().unwrap_or_default();
        StructureForm {
            nom: row.name.clone(),
            description: text(&row.description),
            siret: text(&row.siret),
            partner: row.partner_id.map(|p| p.to_string()).unwrap_or_default(),
            reseaux_porteurs: row.networks.split_whitespace().map(str::to_owned).collect(),
            adresse: text(&row.address.street),
            complement_adresse: text(&row.address.complement),
            code_postal: text(&row.address.postal_code),
            commune: text(&row.address.commune),
            code_insee: text(&row.address.insee_code),
            telephone: text(&row.phone),
            courriel: text(&row.email),
            site_web: text(&row.website),
            horaires_accueil: text(&row.opening_hours),
            accessibilite_lieu: text(&row.accessibility),
            lien_source: text(&row.source_link),
        }
    }

    /// The data·inclusion record; `existing` keeps its identity and coordinates.
    fn record(&self, existing: Option<&Structure>, today: &str) -> Map<String, Value> {
        let pairs = [
            (
                "source",
                Value::String(existing.map_or("maillage".into(), |s| s.source.clone())),
            ),
            (
                "id",
                Value::String(existing.map_or_else(new_id, |s| s.id.clone())),
            ),
            ("date_maj", Value::String(today.to_owned())),
            (
                "longitude",
                serde_json::json!(existing.and_then(|s| s.address.longitude)),
            ),
            (
                "latitude",
                serde_json::json!(existing.and_then(|s| s.address.latitude)),
            ),
            ("nom", json_text(&self.nom)),
            ("description", json_text(&self.description)),
            ("siret", json_text(&self.siret)),
            ("reseaux_porteurs", json_list(&self.reseaux_porteurs)),
            ("adresse", json_text(&self.adresse)),
            ("complement_adresse", json_text(&self.complement_adresse)),
            ("code_postal", json_text(&self.code_postal)),
            ("commune", json_text(&self.commune)),
            ("code_insee", json_text(&self.code_insee)),
            ("telephone", json_text(&self.telephone)),
            ("courriel", json_text(&self.courriel)),
            ("site_web", json_text(&self.site_web)),
            ("horaires_accueil", json_text(&self.horaires_accueil)),
            ("accessibilite_lieu", json_text(&self.accessibilite_lieu)),
            ("lien_source", json_text(&self.lien_source)),
        ];
        pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
    }
}

#[derive(Template)]
#[template(path = "services/structure_form.html")]
struct FormPage {
    parts: FormParts<StructureForm>,
    partners: Vec<(String, String)>,
    networks: Vec<(String, String)>,
}

/// The template reads `layout`, `form`… as its own fields.
impl Deref for FormPage {
    type Target = FormParts<StructureForm>;
    fn deref(&self) -> &Self::Target {
        &self.parts
    }
}

impl RecordForm for StructureForm {
    type Id = StructureId;
    /// The record and the Cité's partner it is, if any.
    type Draft = (Structure, Option<PartnerId>);
    const NEW_TITLE: &'static str = "Nouvelle structure";
    const EDIT_TITLE: &'static str = "Modifier la structure";
    const MENU: &'static str = "/offres";
    const CREATED: Notice = Notice::StructureCreated;
    const UPDATED: Notice = Notice::StructureUpdated;

    fn authorise(user: &CurrentUser) -> AppResult<()> {
        require_editor(user)
    }

    async fn load(cx: Cx<'_>, id: StructureId) -> AppResult<Self> {
        let row = cx.store().structure(cx.scope(), id).await?;
        Ok(StructureForm::from_row(&row))
    }

    /// The record keeps the stored structure's identity and coordinates.
    async fn draft(&self, cx: Cx<'_>, id: Option<StructureId>) -> Drafted<Self::Draft> {
        let existing = match id {
            Some(id) => Some(cx.store().structure(cx.scope(), id).await?.to_domain()),
            None => None,
        };
        let today = cx.state.today().format("%Y-%m-%d").to_string();
        let mut errors = FieldErrors::new();
        let partner = match self.partner.trim() {
            "" => None,
            raw => {
                let id = raw.parse::<PartnerId>().ok();
                if id.is_none() {
                    errors.add("partner", "Choisissez un partenaire dans la liste.");
                }
                id
            }
        };
        match Structure::from_json(&self.record(existing.as_ref(), &today), cx.state.today()) {
            Ok(structure) if errors.is_empty() => Ok(Ok((structure, partner))),
            Ok(_) => Ok(Err(errors)),
            Err(rejected) => {
                for (field, message) in rejected.fields.iter() {
                    errors.add(field, message);
                }
                Ok(Err(errors))
            }
        }
    }

    async fn create(cx: Cx<'_>, (structure, partner): &Self::Draft) -> StoreResult<StructureId> {
        let actor = cx.actor();
        let created = cx
            .store()
            .create_structure(&actor, cx.scope(), structure, *partner);
        created.await.map_err(partner_field)
    }

    async fn update(
        cx: Cx<'_>,
        id: StructureId,
        (structure, partner): &Self::Draft,
    ) -> StoreResult<()> {
        let actor = cx.actor();
        let updated = cx
            .store()
            .update_structure(&actor, cx.scope(), id, structure, *partner);
        updated.await.map_err(partner_field)
    }

    /// Structures have no page of their own: back to their list.
    fn location(_: StructureId) -> String {
        "/offres/structures".to_owned()
    }

    async fn page(cx: Cx<'_>, parts: FormParts<Self>) -> AppResult<Html<String>> {
        let partners = partner_options(cx).await?;
        render(&FormPage {
            parts,
            partners,
            networks: options(referential::networks()),
        })
    }
}

/// The store names the partner by its column, the form by its field.
fn partner_field(error: StoreError) -> StoreError {
    match error {
        StoreError::Invalid {
            field: "partner_id",
            message,
        } => StoreError::Invalid {
            field: "partner",
            message,
        },
        other => other,
    }
}
