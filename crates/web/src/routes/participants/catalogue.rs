//! The Cité's minimal catalogue of services and actions (`/offres`), that
//! pathway steps refer to: every member of the Cité reads it, coordinators
//! add to it.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use maillage_domain::errors::required_text;
use maillage_domain::participants::pathway::OfferKind;
use maillage_domain::FieldErrors;
use serde::Deserialize;

use super::view::PartnerNames;
use super::{checked, choice_id, notice};
use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::form::Form;
use crate::routes::NoticeQuery;
use crate::state::AppState;
use crate::views::{render, Layout};

pub struct ItemView {
    pub name: String,
    pub kind: &'static str,
    pub partner: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct ItemForm {
    pub kind: String,
    pub name: String,
    pub partner_id: String,
}

#[derive(Template)]
#[template(path = "participants/catalogue.html")]
struct CataloguePage {
    layout: Layout,
    items: Vec<ItemView>,
    can_edit: bool,
    kinds: Vec<(String, String)>,
    partners: Vec<(String, String)>,
    form: ItemForm,
    errors: FieldErrors,
}

async fn page(
    state: &AppState,
    user: &CurrentUser,
    form: ItemForm,
    errors: FieldErrors,
    notice: Option<&'static str>,
) -> AppResult<Response> {
    let items = state.store.catalogue(&user.scope).await?;
    let names = PartnerNames::new(state.store.partners(&user.scope, true).await?, user);
    let items = items
        .iter()
        .map(|item| ItemView {
            name: item.name.clone(),
            kind: OfferKind::parse(&item.kind).map_or("", OfferKind::label),
            partner: item.partner_id.map(|id| names.name(id)),
        })
        .collect();
    let status = crate::views::form_status(&errors);
    let page = CataloguePage {
        layout: Layout::new("Offres de services et actions", user, "/offres").with_notice(notice),
        items,
        can_edit: user.scope.can_administer_cite(),
        kinds: OfferKind::ALL
            .iter()
            .map(|k| (k.code().to_owned(), k.label().to_owned()))
            .collect(),
        partners: names.options(),
        form,
        errors,
    };
    Ok((status, render(&page)?).into_response())
}

pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(query): Query<NoticeQuery>,
) -> AppResult<Response> {
    let notice = notice(query.fait.as_deref());
    page(
        &state,
        &user,
        ItemForm::default(),
        FieldErrors::new(),
        notice,
    )
    .await
}

pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    Form(form): Form<ItemForm>,
) -> AppResult<Response> {
    user.require_coordinator()?;
    let mut errors = FieldErrors::new();
    let kind = OfferKind::parse(form.kind.trim());
    if kind.is_none() {
        errors.add("kind", "Choisissez le type d'offre.");
    }
    let name = required_text(&mut errors, "name", &form.name, 200);
    let partners = state.store.partners(&user.scope, false).await?;
    let partner_id = choice_id(
        &mut errors,
        "partner_id",
        &form.partner_id,
        partners.iter().map(|p| p.id),
    );
    if let (Some(kind), true) = (kind, errors.is_empty()) {
        let added = state
            .store
            .add_catalogue_item(&user.actor(), &user.scope, kind, &name, partner_id)
            .await;
        match checked(added)? {
            Ok(_) => return Ok(Redirect::to("/offres?fait=offre-ajoutee").into_response()),
            Err(refused) => errors = refused,
        }
    }
    page(&state, &user, form, errors, None).await
}
