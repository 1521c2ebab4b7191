//! A Cité's barrier vocabulary (« freins de la Cité »): its coordinators
//! name its words and map each to data·inclusion thematics; its members read
//! them.

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use maillage_domain::barriers::{BarrierWord, BarrierWordInput, Vocabulary};
use maillage_domain::ids::{BarrierWordId, CiteId};
use maillage_domain::{referential, FieldErrors};

use super::NoticeQuery;
use crate::auth::CurrentUser;
use crate::error::{checked, AppError, AppResult};
use crate::extract::{Path, Query};
use crate::form::Form;
use crate::state::AppState;
use crate::views::codes::THEMATIC_GROUPS;
use crate::views::confirm::ConfirmPage;
use crate::views::notice::Notice;
use crate::views::{render, Layout};

const BACK: &str = "/cite/freins";

/// A word as pages list it: its label and the labels of what it maps.
pub struct WordView {
    pub id: BarrierWordId,
    pub label: String,
    pub thematics: Vec<&'static str>,
}

impl From<&BarrierWord> for WordView {
    fn from(word: &BarrierWord) -> Self {
        WordView {
            id: word.id,
            label: word.label.clone(),
            thematics: word
                .thematics
                .iter()
                .filter_map(|code| {
                    referential::thematic(code).or_else(|| referential::thematic_category(code))
                })
                .map(|code| code.label)
                .collect(),
        }
    }
}

/// The words of a Cité as its page lists them.
pub fn word_views(vocabulary: &Vocabulary) -> Vec<WordView> {
    vocabulary.words().iter().map(WordView::from).collect()
}

/// One checkbox of the form: a thematic, or a whole category.
pub struct Choice {
    pub code: &'static str,
    pub label: String,
    pub checked: bool,
    /// The other word that maps it already, if any.
    pub taken_by: Option<String>,
}

/// A category: its own checkbox first, then its thematics.
pub struct ChoiceGroup {
    pub label: &'static str,
    pub choices: Vec<Choice>,
}

fn choice_groups(
    vocabulary: &Vocabulary,
    editing: Option<BarrierWordId>,
    chosen: &[String],
) -> Vec<ChoiceGroup> {
    let taken_by = |code: &str| {
        vocabulary
            .words()
            .iter()
            .filter(|w| Some(w.id) != editing)
            .find(|w| w.overlaps(code))
            .map(|w| w.label.clone())
    };
    let choice = |code: &'static str, label: String| Choice {
        code,
        label,
        checked: chosen.iter().any(|c| c == code),
        taken_by: taken_by(code),
    };
    THEMATIC_GROUPS
        .iter()
        .map(|group| ChoiceGroup {
            label: group.label,
            choices: std::iter::once(choice(
                group.code,
                format!("Toute la catégorie « {} »", group.label),
            ))
            .chain(
                group
                    .options
                    .iter()
                    .map(|(code, label)| choice(code, (*label).to_owned())),
            )
            .collect(),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "cites/barriers.html")]
struct ListPage {
    layout: Layout,
    words: Vec<WordView>,
    can_edit: bool,
    form: BarrierWordInput,
    groups: Vec<ChoiceGroup>,
    errors: FieldErrors,
}

fn own_cite(user: &CurrentUser) -> AppResult<CiteId> {
    user.scope.cite_id().ok_or(AppError::NotFound)
}

async fn list_page(
    state: &AppState,
    user: &CurrentUser,
    form: BarrierWordInput,
    errors: FieldErrors,
    notice: Option<Notice>,
) -> AppResult<Response> {
    let vocabulary = state
        .store
        .barrier_words(&user.scope, own_cite(user)?)
        .await?;
    let status = crate::views::form_status(&errors);
    let title = "Freins de la Cité";
    let page = ListPage {
        layout: Layout::new(title, user, "/cite")
            .with_notice(notice)
            .with_breadcrumb(&[("/cite", "Ma Cité")], title),
        words: word_views(&vocabulary),
        can_edit: user.scope.can_administer_cite(),
        groups: choice_groups(&vocabulary, None, &form.thematics),
        form,
        errors,
    };
    Ok((status, render(&page)?).into_response())
}

/// The Cité's words; for its coordinators, the form to add one.
pub async fn page(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(query): Query<NoticeQuery>,
) -> AppResult<Response> {
    let notice = Notice::of(query.fait.as_deref());
    list_page(
        &state,
        &user,
        BarrierWordInput::default(),
        FieldErrors::new(),
        notice,
    )
    .await
}

pub async fn add(
    State(state): State<AppState>,
    user: CurrentUser,
    Form(form): Form<BarrierWordInput>,
) -> AppResult<Response> {
    user.require_coordinator()?;
    let vocabulary = state
        .store
        .barrier_words(&user.scope, own_cite(&user)?)
        .await?;
    let errors = match form.validate(&vocabulary, None) {
        Ok(word) => {
            let added = state
                .store
                .add_barrier_word(&user.actor(), &user.scope, &word)
                .await;
            match checked(added)? {
                Ok(_) => {
                    return Ok(Redirect::to(&Notice::CiteBarrierAdded.at(BACK)).into_response())
                }
                Err(errors) => errors,
            }
        }
        Err(errors) => errors,
    };
    list_page(&state, &user, form, errors, None).await
}

#[derive(Template)]
#[template(path = "cites/barrier_form.html")]
struct EditPage {
    layout: Layout,
    id: BarrierWordId,
    form: BarrierWordInput,
    groups: Vec<ChoiceGroup>,
    errors: FieldErrors,
}

/// The coordinator's vocabulary and the word `id` of it, or our 404.
async fn word(
    state: &AppState,
    user: &CurrentUser,
    id: BarrierWordId,
) -> AppResult<(Vocabulary, BarrierWord)> {
    user.require_coordinator()?;
    let vocabulary = state
        .store
        .barrier_words(&user.scope, own_cite(user)?)
        .await?;
    let word = vocabulary.word(id).cloned().ok_or(AppError::NotFound)?;
    Ok((vocabulary, word))
}

fn edit_page(
    user: &CurrentUser,
    vocabulary: &Vocabulary,
    id: BarrierWordId,
    form: BarrierWordInput,
    errors: FieldErrors,
) -> AppResult<Response> {
    let status = crate::views::form_status(&errors);
    let title = "Modifier un frein de la Cité";
    let page = EditPage {
        layout: Layout::new(title, user, "/cite")
            .with_breadcrumb(&[("/cite", "Ma Cité"), (BACK, "Freins de la Cité")], title),
        id,
        groups: choice_groups(vocabulary, Some(id), &form.thematics),
        form,
        errors,
    };
    Ok((status, render(&page)?).into_response())
}

pub async fn edit(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<BarrierWordId>,
) -> AppResult<Response> {
    let (vocabulary, word) = word(&state, &user, id).await?;
    let form = BarrierWordInput {
        label: word.label,
        thematics: word.thematics,
    };
    edit_page(&user, &vocabulary, id, form, FieldErrors::new())
}

pub async fn update(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<BarrierWordId>,
    Form(form): Form<BarrierWordInput>,
) -> AppResult<Response> {
    let (vocabulary, _) = word(&state, &user, id).await?;
    let errors = match form.validate(&vocabulary, Some(id)) {
        Ok(word) => {
            let updated = state
                .store
                .update_barrier_word(&user.actor(), &user.scope, id, &word)
                .await;
            match checked(updated)? {
                Ok(()) => {
                    return Ok(Redirect::to(&Notice::CiteBarrierUpdated.at(BACK)).into_response())
                }
                Err(errors) => errors,
            }
        }
        Err(errors) => errors,
    };
    edit_page(&user, &vocabulary, id, form, errors)
}

async fn move_word(
    state: &AppState,
    user: &CurrentUser,
    id: BarrierWordId,
    up: bool,
) -> AppResult<Redirect> {
    user.require_coordinator()?;
    state
        .store
        .move_barrier_word(&user.actor(), &user.scope, id, up)
        .await?;
    Ok(Redirect::to(&Notice::CiteBarrierMoved.at(BACK)))
}

pub async fn move_up(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<BarrierWordId>,
) -> AppResult<Redirect> {
    move_word(&state, &user, id, true).await
}

pub async fn move_down(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<BarrierWordId>,
) -> AppResult<Redirect> {
    move_word(&state, &user, id, false).await
}

/// Asks before removing a word, saying persons' barriers stay.
pub async fn confirm_remove(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<BarrierWordId>,
) -> AppResult<Response> {
    let (_, word) = word(&state, &user, id).await?;
    let title = format!("Retirer le frein « {} »", word.label);
    let page = ConfirmPage {
        layout: Layout::new(title.clone(), &user, "/cite")
            .with_breadcrumb(&[("/cite", "Ma Cité"), (BACK, "Freins de la Cité")], &title),
        question: format!("Retirer « {} » des freins de la Cité ?", word.label),
        consequences: vec![
            "Les freins des personnes ne changent pas : ils gardent leur thématique \
             data·inclusion et s'affichent de nouveau sous son intitulé."
                .to_owned(),
        ],
        action: format!("/cite/freins/{id}/retirer"),
        button: "Retirer le frein",
        back: BACK.to_owned(),
        refusal: None,
    };
    Ok(render(&page)?.into_response())
}

pub async fn remove(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<BarrierWordId>,
) -> AppResult<Redirect> {
    user.require_coordinator()?;
    state
        .store
        .remove_barrier_word(&user.actor(), &user.scope, id)
        .await?;
    Ok(Redirect::to(&Notice::CiteBarrierRemoved.at(BACK)))
}
