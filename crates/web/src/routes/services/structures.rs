//! Structures of the catalogue (`/offres/structures`): the list, and the
//! form whose fields carry data·inclusion's names.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use maillage_domain::services::Structure;
use maillage_domain::{referential, FieldErrors};
use maillage_store::services::StructureRow;
use maillage_store::StoreError;
use serde::Deserialize;
use serde_json::{Map, Value};

use super::edit::{json_list, json_text, new_id};
use super::{can_edit, notice, require_editor};
use crate::auth::CurrentUser;
use crate::error::{checked, AppResult};
use crate::form::Form;
use crate::routes::NoticeQuery;
use crate::state::AppState;
use crate::views::codes::options;
use crate::views::{render, Layout};

pub struct StructureLine {
    pub id: i64,
    pub name: String,
    pub place: String,
    pub siret: String,
    pub partner: bool,
    pub services: i64,
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
    notice: Option<&'static str>,
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
    list_page(&state, &user, notice(query.fait.as_deref())).await
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
    layout: Layout,
    id: Option<i64>,
    form: StructureForm,
    errors: FieldErrors,
    partners: Vec<(String, String)>,
    networks: Vec<(String, String)>,
}

async fn form_page(
    state: &AppState,
    user: &CurrentUser,
    id: Option<i64>,
    form: StructureForm,
    errors: FieldErrors,
) -> AppResult<Response> {
    let title = if id.is_some() {
        "Modifier la structure"
    } else {
        "Nouvelle structure"
    };
    let partners = state
        .store
        .partners(&user.scope, false)
        .await?
        .into_iter()
        .map(|p| (p.id.to_string(), p.name))
        .collect();
    let status = crate::views::form_status(&errors);
    let page = FormPage {
        layout: Layout::new(title, user, "/offres"),
        id,
        form,
        errors,
        partners,
        networks: options(referential::networks()),
    };
    Ok((status, render(&page)?).into_response())
}

pub async fn new(State(state): State<AppState>, user: CurrentUser) -> AppResult<Response> {
    require_editor(&user)?;
    form_page(
        &state,
        &user,
        None,
        StructureForm::default(),
        FieldErrors::new(),
    )
    .await
}

pub async fn edit(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    require_editor(&user)?;
    let row = state.store.structure(&user.scope, id).await?;
    form_page(
        &state,
        &user,
        Some(id),
        StructureForm::from_row(&row),
        FieldErrors::new(),
    )
    .await
}

async fn save(
    state: &AppState,
    user: &CurrentUser,
    id: Option<i64>,
    form: StructureForm,
) -> AppResult<Response> {
    require_editor(user)?;
    let existing = match id {
        Some(id) => Some(state.store.structure(&user.scope, id).await?.to_domain()),
        None => None,
    };
    let today = state.today().format("%Y-%m-%d").to_string();
    let mut errors = FieldErrors::new();
    let partner = match form.partner.trim() {
        "" => None,
        raw => {
            let id = raw.parse::<i64>().ok();
            if id.is_none() {
                errors.add("partner", "Choisissez un partenaire dans la liste.");
            }
            id
        }
    };
    let structure = match Structure::from_json(&form.record(existing.as_ref(), &today)) {
        Ok(structure) if errors.is_empty() => structure,
        Ok(_) => return form_page(state, user, id, form, errors).await,
        Err(rejected) => {
            for (field, message) in rejected.fields.iter() {
                errors.add(field, message);
            }
            return form_page(state, user, id, form, errors).await;
        }
    };
    let saved = match id {
        Some(id) => state
            .store
            .update_structure(&user.actor(), &user.scope, id, &structure, partner)
            .await
            .map(|()| id),
        None => {
            state
                .store
                .create_structure(&user.actor(), &user.scope, &structure, partner)
                .await
        }
    };
    // The store names the partner by its column, the form by its field.
    let saved = saved.map_err(|error| match error {
        StoreError::Invalid {
            field: "partner_id",
            message,
        } => StoreError::Invalid {
            field: "partner",
            message,
        },
        other => other,
    });
    match checked(saved)? {
        Ok(_) => {
            let done = if id.is_some() {
                "structure-modifiee"
            } else {
                "structure-creee"
            };
            Ok(Redirect::to(&format!("/offres/structures?fait={done}")).into_response())
        }
        Err(errors) => form_page(state, user, id, form, errors).await,
    }
}

pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    Form(form): Form<StructureForm>,
) -> AppResult<Response> {
    save(&state, &user, None, form).await
}

pub async fn update(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(form): Form<StructureForm>,
) -> AppResult<Response> {
    save(&state, &user, Some(id), form).await
}
