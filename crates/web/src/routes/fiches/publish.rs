//! `/actions/{id}/publier`: a coordinator publishes one of their Cité's
//! actions in the national catalogue. The form is prefilled from the action's
//! own fields (never its participants), or from the fiche already published,
//! and can be reworded before publishing.

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use maillage_domain::cites::Axis;
use maillage_domain::fiches::FicheInput;
use maillage_domain::ids::ActionId;
use maillage_domain::money::euros_input;
use maillage_domain::{referential, FieldErrors};
use maillage_store::fiches::{FicheRow, FicheSource};

use crate::auth::CurrentUser;
use crate::error::{checked, AppResult};
use crate::extract::Path;
use crate::form::Form;
use crate::state::AppState;
use crate::views::codes::{closed_list, options, ThematicGroup, THEMATIC_GROUPS};
use crate::views::notice::Notice;
use crate::views::{form_status, render, Layout};

#[derive(Template)]
#[template(path = "fiches/form.html")]
struct FormPage {
    layout: Layout,
    action_id: ActionId,
    action_title: String,
    /// Already in the catalogue (or withdrawn from it): publishing updates it.
    published: bool,
    form: FicheInput,
    errors: FieldErrors,
    axes: Vec<(String, String)>,
    thematics: &'static [ThematicGroup],
    publics: Vec<(String, String)>,
}

/// The fiche as published, to edit it.
fn from_fiche(fiche: FicheRow) -> FicheInput {
    FicheInput {
        thematics: fiche.thematics(),
        publics: fiche.publics(),
        budget: fiche.budget_cents.map(euros_input).unwrap_or_default(),
        title: fiche.title,
        axis: fiche.axis.code().to_owned(),
        description: fiche.description,
        partners: fiche.partners,
        results: fiche.results.unwrap_or_default(),
        contact_organisation: fiche.contact_organisation,
        contact_role: fiche.contact_role,
        contact_email: fiche.contact_email.unwrap_or_default(),
        contact_phone: fiche.contact_phone.unwrap_or_default(),
    }
}

fn form_page(
    user: &CurrentUser,
    source: &FicheSource,
    form: FicheInput,
    errors: FieldErrors,
) -> AppResult<Response> {
    let status = form_status(&errors);
    let page = FormPage {
        layout: Layout::new("Publier dans le catalogue national", user, "/actions"),
        action_id: source.action_id,
        action_title: source.title.clone(),
        published: source.fiche_id.is_some(),
        form,
        errors,
        axes: closed_list::<Axis>(),
        thematics: &THEMATIC_GROUPS,
        publics: options(referential::publics()),
    };
    Ok((status, render(&page)?).into_response())
}

pub async fn form(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(action_id): Path<ActionId>,
) -> AppResult<Response> {
    user.require_coordinator()?;
    let source = state.store.fiche_source(&user.scope, action_id).await?;
    let form = match state.store.fiche_of_action(&user.scope, action_id).await? {
        Some(fiche) => from_fiche(fiche),
        None => source.fiche_input("Coordination de la Cité de l'emploi", &user.email),
    };
    form_page(&user, &source, form, FieldErrors::new())
}

pub async fn publish(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(action_id): Path<ActionId>,
    Form(form): Form<FicheInput>,
) -> AppResult<Response> {
    user.require_coordinator()?;
    let source = state.store.fiche_source(&user.scope, action_id).await?;
    let draft = match form.validate() {
        Ok(draft) => draft,
        Err(errors) => return form_page(&user, &source, form, errors),
    };
    let published = state
        .store
        .publish_fiche(&user.actor(), &user.scope, action_id, &draft)
        .await;
    match checked(published)? {
        Ok(fiche_id) => {
            let to = Notice::FichePublished.at(&format!("/actions-innovantes/{fiche_id}"));
            Ok(Redirect::to(&to).into_response())
        }
        Err(errors) => form_page(&user, &source, form, errors),
    }
}
