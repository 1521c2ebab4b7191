//! Labelling and archiving Cités (« labellisation », « archiver une Cité »):
//! the national team's alone. Every other role gets the 404 of a missing
//! page, and both want a recent sign-in, like the other changes of who may
//! work where (role changes, deactivations).

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use maillage_domain::accounts::Role;
use maillage_domain::cites::NewCiteInput;
use maillage_domain::ids::CiteId;
use maillage_domain::FieldErrors;

use super::accounts::{first_password, PasswordPage};
use super::cites::{departement_choices, label_year_choices};
use crate::auth::CurrentUser;
use crate::error::{checked, AppError, AppResult};
use crate::extract::Path;
use crate::form::Form;
use crate::state::AppState;
use crate::views::confirm::ConfirmPage;
use crate::views::notice::Notice;
use crate::views::{render, Layout};

const NEW_CITE: &str = "/cites/nouvelle";

/// The national team, after a recent sign-in (which then comes `back`); for
/// anyone else, the page does not exist.
fn national_now(state: &AppState, user: &CurrentUser, back: &str) -> AppResult<Option<Response>> {
    if user.role() != Role::National {
        return Err(AppError::NotFound);
    }
    Ok(user
        .recent_sign_in(state.now(), back)
        .err()
        .map(IntoResponse::into_response))
}

#[derive(Template)]
#[template(path = "cites/new.html")]
struct NewPage {
    layout: Layout,
    form: NewCiteInput,
    errors: FieldErrors,
    departements: Vec<(String, String)>,
    label_years: Vec<(String, String)>,
}

fn new_page(user: &CurrentUser, form: NewCiteInput, errors: FieldErrors) -> AppResult<Response> {
    let status = crate::views::form_status(&errors);
    let title = "Créer une Cité";
    let page = NewPage {
        layout: Layout::new(title, user, "/cites")
            .with_breadcrumb(&[("/cites", "Cités de l'emploi")], title),
        departements: departement_choices(),
        label_years: label_year_choices(user),
        form,
        errors,
    };
    Ok((status, render(&page)?).into_response())
}

pub async fn new(State(state): State<AppState>, user: CurrentUser) -> AppResult<Response> {
    if let Some(confirm) = national_now(&state, &user, NEW_CITE)? {
        return Ok(confirm);
    }
    new_page(&user, NewCiteInput::default(), FieldErrors::new())
}

/// Creates the Cité with its first coordinator's account, then shows that
/// account's temporary password, once.
pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    Form(form): Form<NewCiteInput>,
) -> AppResult<Response> {
    if let Some(confirm) = national_now(&state, &user, NEW_CITE)? {
        return Ok(confirm);
    }
    let cite = match form.validate(user.actor().today()) {
        Ok(cite) => cite,
        Err(errors) => return new_page(&user, form, errors),
    };
    let (password, hash) = first_password(&state).await;
    let labelled = state
        .store
        .label_cite(&user.actor(), &user.scope, &cite, &hash)
        .await;
    if let Err(errors) = checked(labelled)? {
        return new_page(&user, form, errors);
    }
    let page = PasswordPage {
        layout: Layout::new("Cité créée", &user, "/cites").with_notice(Some(Notice::CiteCreated)),
        name: cite.coordinator_name,
        email: cite.coordinator_email.into_string(),
        password,
        created: true,
        back: ("/cites", "Retour aux Cités de l'emploi"),
    };
    Ok(render(&page)?.into_response())
}

/// Asks before archiving a Cité, saying what it changes.
pub async fn confirm_archive(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<CiteId>,
) -> AppResult<Response> {
    let here = format!("/cites/{id}/archiver");
    if let Some(confirm) = national_now(&state, &user, &here)? {
        return Ok(confirm);
    }
    let cite = state.store.cite(&user.scope, id).await?;
    let title = format!("Archiver {}", cite.name);
    let back = format!("/cites/{id}");
    let page = ConfirmPage {
        layout: Layout::new(title.clone(), &user, "/cites")
            .with_breadcrumb(&[("/cites", "Cités de l'emploi")], &title),
        question: format!("Archiver la Cité {} ({}) ?", cite.name, cite.code),
        consequences: vec![
            "Ses membres ne pourront plus y travailler : leurs sessions ouvertes dans la Cité se ferment, et on n'y ajoute plus ni compte, ni cohorte, ni adressage, ni action.".to_owned(),
            "Elle n'apparaîtra plus parmi les Cités actives, mais à part, dans « Cités archivées ».".to_owned(),
            "Ses données sont conservées, et elle peut être réactivée.".to_owned(),
        ],
        action: here,
        button: "Archiver la Cité",
        refusal: cite
            .archived_at
            .is_some()
            .then(|| "Cette Cité est déjà archivée.".to_owned()),
        back,
    };
    Ok(render(&page)?.into_response())
}

pub async fn archive(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<CiteId>,
) -> AppResult<Response> {
    set_archived(&state, &user, id, true).await
}

/// « Réactiver »: the Cité's members work in it again.
pub async fn restore(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<CiteId>,
) -> AppResult<Response> {
    set_archived(&state, &user, id, false).await
}

async fn set_archived(
    state: &AppState,
    user: &CurrentUser,
    id: CiteId,
    archived: bool,
) -> AppResult<Response> {
    if let Some(confirm) = national_now(state, user, &format!("/cites/{id}"))? {
        return Ok(confirm);
    }
    state
        .store
        .set_cite_archived(&user.actor(), &user.scope, id, archived)
        .await?;
    let done = if archived {
        Notice::CiteArchived
    } else {
        Notice::CiteRestored
    };
    Ok(Redirect::to(&done.at("/cites")).into_response())
}
