//! One create-or-update flow for the record forms (partners, actions,
//! services, structures): the form is parsed strictly, validated into a
//! draft, stored, and the browser redirected; a refused form comes back with
//! its French messages next to the fields and a 422, whether the form itself
//! or the database (`Invalid`, a uniqueness rule) refused it. Each area says
//! only what is its own, by implementing [`RecordForm`].

use std::fmt::Display;
use std::future::Future;

use axum::extract::State;
use axum::response::{Html, IntoResponse, Redirect, Response};
use maillage_domain::{FieldErrors, Scope};
use maillage_store::{Actor, Store, StoreResult};
use serde::de::DeserializeOwned;

use crate::auth::CurrentUser;
use crate::error::{checked, AppResult};
use crate::extract::Path;
use crate::form::Form;
use crate::state::AppState;
use crate::views::notice::Notice;
use crate::views::{form_status, Layout};

/// What every form page shows; the area's template adds its own lists.
pub struct FormParts<F: RecordForm> {
    pub layout: Layout,
    /// `None` when creating.
    pub id: Option<F::Id>,
    pub form: F,
    pub errors: FieldErrors,
}

/// A form checked into its draft, or the errors to show next to its fields.
pub type Drafted<D> = AppResult<Result<D, FieldErrors>>;

/// The request a form is handled for.
#[derive(Clone, Copy)]
pub struct Cx<'a> {
    pub state: &'a AppState,
    pub user: &'a CurrentUser,
}

impl Cx<'_> {
    pub fn store(&self) -> &dyn Store {
        self.state.store.as_ref()
    }

    pub fn actor(&self) -> Actor {
        self.user.actor()
    }

    pub fn scope(&self) -> &Scope {
        &self.user.scope
    }
}

/// A record's form, as typed, and what is particular to its area.
pub trait RecordForm: DeserializeOwned + Default + Send + Sized + 'static {
    /// The record's id (`PartnerId`, `ActionId`…), as the path gives it.
    type Id: Copy + Display + DeserializeOwned + Send + Sync;
    /// The validated record, ready to store.
    type Draft: Send + Sync;
    const NEW_TITLE: &'static str;
    const EDIT_TITLE: &'static str;
    /// The menu entry the form belongs to.
    const MENU: &'static str;
    /// The notices after a creation and after a change.
    const CREATED: Notice;
    const UPDATED: Notice;

    /// Refuses users who may not create or change such records.
    fn authorise(user: &CurrentUser) -> AppResult<()>;

    /// The form of a new record.
    fn blank() -> Self {
        Self::default()
    }

    /// The form of the stored record `id`.
    fn load(cx: Cx<'_>, id: Self::Id) -> impl Future<Output = AppResult<Self>> + Send;

    /// The draft this form describes (`id`: the record it changes), or its
    /// field errors.
    fn draft(
        &self,
        cx: Cx<'_>,
        id: Option<Self::Id>,
    ) -> impl Future<Output = Drafted<Self::Draft>> + Send;

    fn create(
        cx: Cx<'_>,
        draft: &Self::Draft,
    ) -> impl Future<Output = StoreResult<Self::Id>> + Send;

    fn update(
        cx: Cx<'_>,
        id: Self::Id,
        draft: &Self::Draft,
    ) -> impl Future<Output = StoreResult<()>> + Send;

    /// The page the browser goes to once the record `id` is saved.
    fn location(id: Self::Id) -> String;

    /// Renders the area's form template around `parts`.
    fn page(
        cx: Cx<'_>,
        parts: FormParts<Self>,
    ) -> impl Future<Output = AppResult<Html<String>>> + Send;
}

/// The form page; 422 when it comes back with errors.
async fn form_page<F: RecordForm>(
    cx: Cx<'_>,
    id: Option<F::Id>,
    form: F,
    errors: FieldErrors,
) -> AppResult<Response> {
    let title = if id.is_some() {
        F::EDIT_TITLE
    } else {
        F::NEW_TITLE
    };
    let status = form_status(&errors);
    let parts = FormParts {
        layout: Layout::new(title, cx.user, F::MENU),
        id,
        form,
        errors,
    };
    Ok((status, F::page(cx, parts).await?).into_response())
}

async fn save<F: RecordForm>(cx: Cx<'_>, id: Option<F::Id>, form: F) -> AppResult<Response> {
    F::authorise(cx.user)?;
    let draft = match form.draft(cx, id).await? {
        Ok(draft) => draft,
        Err(errors) => return form_page(cx, id, form, errors).await,
    };
    let saved = match id {
        Some(id) => F::update(cx, id, &draft).await.map(|()| id),
        None => F::create(cx, &draft).await,
    };
    match checked(saved)? {
        Ok(saved) => {
            let done = if id.is_some() { F::UPDATED } else { F::CREATED };
            Ok(Redirect::to(&done.at(&F::location(saved))).into_response())
        }
        Err(errors) => form_page(cx, id, form, errors).await,
    }
}

pub async fn new<F: RecordForm>(
    State(state): State<AppState>,
    user: CurrentUser,
) -> AppResult<Response> {
    F::authorise(&user)?;
    let cx = Cx {
        state: &state,
        user: &user,
    };
    form_page(cx, None, F::blank(), FieldErrors::new()).await
}

pub async fn edit<F: RecordForm>(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<F::Id>,
) -> AppResult<Response> {
    F::authorise(&user)?;
    let cx = Cx {
        state: &state,
        user: &user,
    };
    let form = F::load(cx, id).await?;
    form_page(cx, Some(id), form, FieldErrors::new()).await
}

pub async fn create<F: RecordForm>(
    State(state): State<AppState>,
    user: CurrentUser,
    Form(form): Form<F>,
) -> AppResult<Response> {
    save(
        Cx {
            state: &state,
            user: &user,
        },
        None,
        form,
    )
    .await
}

pub async fn update<F: RecordForm>(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<F::Id>,
    Form(form): Form<F>,
) -> AppResult<Response> {
    save(
        Cx {
            state: &state,
            user: &user,
        },
        Some(id),
        form,
    )
    .await
}
