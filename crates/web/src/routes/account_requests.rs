//! Account requests (« demandes de compte »): a structure without an
//! account asks for one from a published call's public page, signed in or
//! not; the Cité's coordinators list the pending ones (linked from the
//! calls page), accept one — the porteur account and its temporary
//! password, shown once, as the accounts page does — or refuse it with a
//! reason.

use askama::Template;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use maillage_domain::account_requests::{AccountRequestInput, RefusalInput, RequestStatus};
use maillage_domain::ids::{AccountRequestId, CallId};
use maillage_domain::FieldErrors;
use maillage_store::account_requests::AccountRequestRow;

use super::accounts::{first_password, PasswordPage};
use super::session::anonymous_form;
use super::NoticeQuery;
use crate::auth::{ClientInfo, CurrentUser};
use crate::error::{checked, AppResult};
use crate::extract::{Path, Query};
use crate::form::Form;
use crate::state::AppState;
use crate::views::notice::Notice;
use crate::views::{form_status, format, render, Layout};

const LIST: &str = "/demandes-de-compte";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/appels/{id}/demande-de-compte",
            get(request_page).post(request),
        )
        .route(LIST, get(list))
        .route("/demandes-de-compte/{id}", get(show))
        .route("/demandes-de-compte/{id}/accepter", post(accept))
        .route(
            "/demandes-de-compte/{id}/refuser",
            get(refusal_page).post(refuse),
        )
}

#[derive(Template)]
#[template(path = "account_requests/form.html")]
struct RequestPage {
    layout: Layout,
    call_id: CallId,
    call_title: String,
    form: AccountRequestInput,
    errors: FieldErrors,
    /// Set once sent: the page thanks instead of asking.
    sent: bool,
}

/// The public form, for a signed-in user in their layout, else with its
/// own CSRF cookie.
async fn request_view(
    state: &AppState,
    headers: &HeaderMap,
    user: Option<&CurrentUser>,
    call_id: CallId,
    form: AccountRequestInput,
    errors: FieldErrors,
    sent: bool,
) -> AppResult<Response> {
    let call = state.store.public_call(call_id).await?;
    let title = if sent {
        "Demande de compte envoyée"
    } else {
        "Demander un compte de porteur de projet"
    };
    let status = form_status(&errors);
    let page = |layout| -> AppResult<Response> {
        let page = RequestPage {
            layout,
            call_id,
            call_title: call.title,
            form,
            errors,
            sent,
        };
        Ok((status, render(&page)?).into_response())
    };
    match user {
        Some(user) => page(Layout::new(title, user, "/appels")),
        None => anonymous_form(state, headers, |token| {
            page(Layout::anonymous(title, token))
        }),
    }
}

pub async fn request_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    user: Option<CurrentUser>,
    Path(id): Path<CallId>,
) -> AppResult<Response> {
    let form = AccountRequestInput::default();
    request_view(
        &state,
        &headers,
        user.as_ref(),
        id,
        form,
        FieldErrors::new(),
        false,
    )
    .await
}

pub async fn request(
    State(state): State<AppState>,
    headers: HeaderMap,
    user: Option<CurrentUser>,
    client: ClientInfo,
    Path(id): Path<CallId>,
    Form(form): Form<AccountRequestInput>,
) -> AppResult<Response> {
    let user = user.as_ref();
    let draft = match form.validate() {
        Ok(draft) => draft,
        Err(errors) => return request_view(&state, &headers, user, id, form, errors, false).await,
    };
    let actor = match user {
        Some(user) => user.actor(),
        None => client.actor(None, None),
    };
    match checked(state.store.request_account(&actor, id, &draft).await)? {
        Ok(_) => {
            let form = AccountRequestInput::default();
            request_view(&state, &headers, user, id, form, FieldErrors::new(), true).await
        }
        Err(errors) => request_view(&state, &headers, user, id, form, errors, false).await,
    }
}

/// A request as the coordination reads it.
pub struct RequestView {
    pub id: AccountRequestId,
    pub call_id: CallId,
    pub call_title: String,
    pub structure_name: String,
    pub siret: String,
    pub contact_name: String,
    pub email: String,
    pub message: String,
    pub status: RequestStatus,
    pub reason: String,
    pub received: String,
    pub known_partner: Option<String>,
}

impl From<AccountRequestRow> for RequestView {
    fn from(row: AccountRequestRow) -> Self {
        RequestView {
            id: row.id,
            call_id: row.call_id,
            call_title: row.call_title,
            structure_name: row.structure_name,
            siret: row.siret,
            contact_name: row.contact_name,
            email: row.email,
            message: row.message,
            status: row.status,
            reason: row.reason.unwrap_or_default(),
            received: format::date_time(row.created_at),
            known_partner: row.known_partner,
        }
    }
}

#[derive(Template)]
#[template(path = "account_requests/list.html")]
struct ListPage {
    layout: Layout,
    requests: Vec<RequestView>,
}

pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(query): Query<NoticeQuery>,
) -> AppResult<Response> {
    user.require_coordinator()?;
    let requests = state.store.pending_account_requests(&user.scope).await?;
    let page = ListPage {
        layout: Layout::new("Demandes de compte", &user, "/appels-a-projets")
            .with_notice(Notice::of(query.fait.as_deref()))
            .with_breadcrumb(
                &[("/appels-a-projets", "Appels à projets")],
                "Demandes de compte",
            ),
        requests: requests.into_iter().map(RequestView::from).collect(),
    };
    Ok(render(&page)?.into_response())
}

#[derive(Template)]
#[template(path = "account_requests/show.html")]
struct ShowPage {
    layout: Layout,
    request: RequestView,
    /// The refusal form, when on that page.
    refusal: Option<(RefusalInput, FieldErrors)>,
    /// Why an acceptance failed (an address that already has an account…).
    errors: FieldErrors,
}

async fn show_view(
    state: &AppState,
    user: &CurrentUser,
    id: AccountRequestId,
    refusal: Option<(RefusalInput, FieldErrors)>,
    errors: FieldErrors,
) -> AppResult<Response> {
    user.require_coordinator()?;
    let request = state.store.account_request(&user.scope, id).await?;
    let title = format!("Demande de compte de {}", request.structure_name);
    let status = match (&refusal, errors.is_empty()) {
        (Some((_, refused)), true) => form_status(refused),
        _ => form_status(&errors),
    };
    let page = ShowPage {
        layout: Layout::new(title.clone(), user, "/appels-a-projets").with_breadcrumb(
            &[
                ("/appels-a-projets", "Appels à projets"),
                (LIST, "Demandes de compte"),
            ],
            &title,
        ),
        request: request.into(),
        refusal,
        errors,
    };
    Ok((status, render(&page)?).into_response())
}

pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<AccountRequestId>,
) -> AppResult<Response> {
    show_view(&state, &user, id, None, FieldErrors::new()).await
}

pub async fn accept(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<AccountRequestId>,
) -> AppResult<Response> {
    user.require_coordinator()?;
    let request = state.store.account_request(&user.scope, id).await?;
    let (password, hash) = first_password(&state).await;
    let accepted = state
        .store
        .accept_account_request(&user.actor(), &user.scope, id, &hash)
        .await;
    match checked(accepted)? {
        Ok(_) => {
            let page = PasswordPage {
                layout: Layout::new("Compte créé", &user, "/appels-a-projets"),
                name: request.contact_name,
                email: request.email,
                password,
                created: true,
                back: (LIST, "Retour aux demandes de compte"),
            };
            Ok(render(&page)?.into_response())
        }
        Err(errors) => show_view(&state, &user, id, None, errors).await,
    }
}

pub async fn refusal_page(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<AccountRequestId>,
) -> AppResult<Response> {
    let refusal = Some((RefusalInput::default(), FieldErrors::new()));
    show_view(&state, &user, id, refusal, FieldErrors::new()).await
}

pub async fn refuse(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<AccountRequestId>,
    Form(form): Form<RefusalInput>,
) -> AppResult<Response> {
    user.require_coordinator()?;
    let reason = match form.validate() {
        Ok(reason) => reason,
        Err(errors) => {
            return show_view(&state, &user, id, Some((form, errors)), FieldErrors::new()).await
        }
    };
    let refused = state
        .store
        .refuse_account_request(&user.actor(), &user.scope, id, &reason)
        .await;
    match checked(refused)? {
        Ok(()) => Ok(Redirect::to(&Notice::AccountRequestRefused.at(LIST)).into_response()),
        Err(errors) => show_view(&state, &user, id, Some((form, errors)), FieldErrors::new()).await,
    }
}

/// For the calls page's link: how many requests wait.
pub async fn pending_count(state: &AppState, user: &CurrentUser) -> AppResult<Option<usize>> {
    if !user.scope.can_administer_cite() {
        return Ok(None);
    }
    Ok(Some(
        state
            .store
            .pending_account_requests(&user.scope)
            .await?
            .len(),
    ))
}
