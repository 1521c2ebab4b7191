//! Agreements (*conventions*): the coordinator draws one for an accepted
//! application, which commits its years on the envelope with their
//! schedule; everyone who reads it downloads it as a DOCX. The porteur of
//! the funded partner reads its own; another's is the same 404 as a
//! missing one.

mod documents;
mod reports;

use askama::Template;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::{DefaultBodyLimit, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use maillage_domain::agreements::{project_years, AgreementInput, ReportState};
use maillage_domain::dates::DateField;
use maillage_domain::documents::DocumentOwner;
use maillage_domain::ids::{AgreementId, ApplicationId};
use maillage_domain::money::format_euros;
use maillage_domain::FieldErrors;
use maillage_store::agreements::{AgreementBasis, AgreementFile};

use crate::auth::CurrentUser;
use crate::error::{checked, AppError, AppResult};
use crate::extract::{Path, Query};
use crate::form::Form;
use crate::routes::documents::upload::sent_form;
use crate::routes::documents::{DocumentsView, MAX_UPLOAD_BODY};
use crate::routes::NoticeQuery;
use crate::state::AppState;
use crate::views::notice::Notice;
use crate::views::render;
use crate::views::{format, Layout};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/conventions", get(list))
        .route("/candidatures/{id}/convention", get(new).post(create))
        .route("/conventions/{id}", get(show))
        .route(
            "/conventions/{id}/signature",
            post(sign).layer(DefaultBodyLimit::max(MAX_UPLOAD_BODY)),
        )
        .merge(documents::routes())
        .merge(reports::routes())
}

/// Where an accepted application's page leads for its agreement: to it
/// once drawn, to its drawing for the coordinator while the call allows.
pub async fn agreement_link(
    state: &AppState,
    user: &CurrentUser,
    id: ApplicationId,
) -> AppResult<Option<(String, &'static str)>> {
    use maillage_domain::calls::CallStatus;
    let basis = match state.store.agreement_basis(&user.scope, id).await {
        Ok(basis) => basis,
        Err(maillage_store::StoreError::NotFound) => return Ok(None),
        Err(other) => return Err(other.into()),
    };
    Ok(match (basis.agreement_id, basis.accepted_cents) {
        (Some(agreement), _) => Some((format!("/conventions/{agreement}"), "Voir la convention")),
        (None, Some(_))
            if user.scope.can_administer_cite()
                && matches!(
                    basis.call_status,
                    CallStatus::Decided | CallStatus::Agreements
                ) =>
        {
            Some((
                format!("/candidatures/{id}/convention"),
                "Établir la convention",
            ))
        }
        _ => None,
    })
}

/// The agreements' list and the porteur's bilans are for these roles.
fn require_reader(user: &CurrentUser) -> AppResult<()> {
    use maillage_domain::accounts::Role;
    match user.role() {
        Role::Coordinateur | Role::Pilote | Role::Porteur => Ok(()),
        _ => Err(AppError::NotFound),
    }
}

#[derive(Template)]
#[template(path = "agreements/list.html")]
struct ListPage {
    layout: Layout,
    /// (id, reference, partner, project, drawn on, signed on)
    rows: Vec<(AgreementId, String, String, String, String, String)>,
}

pub async fn list(State(state): State<AppState>, user: CurrentUser) -> AppResult<Response> {
    require_reader(&user)?;
    let rows = state
        .store
        .agreements(&user.scope)
        .await?
        .into_iter()
        .map(|a| {
            (
                a.id,
                a.reference,
                a.partner_name,
                a.project_title,
                format::date(a.drawn_on),
                a.signed_on
                    .map(format::date)
                    .unwrap_or_else(|| "Pas encore".to_owned()),
            )
        })
        .collect();
    let page = ListPage {
        layout: Layout::new("Conventions", &user, "/conventions"),
        rows,
    };
    Ok(render(&page)?.into_response())
}

#[derive(Template)]
#[template(path = "agreements/new.html")]
struct NewPage {
    layout: Layout,
    application_id: ApplicationId,
    project_title: String,
    partner_name: String,
    granted: String,
    /// (year, typed amount)
    years: Vec<(i32, String)>,
    advance_percent: String,
    errors: FieldErrors,
}

/// The application's basis, when the coordinator may draw its agreement.
async fn basis(
    state: &AppState,
    user: &CurrentUser,
    id: ApplicationId,
) -> AppResult<(AgreementBasis, i64)> {
    user.require_coordinator()?;
    let basis = state.store.agreement_basis(&user.scope, id).await?;
    // Without a granted amount there is nothing to draw: the same 404.
    let granted = basis.accepted_cents.ok_or(AppError::NotFound)?;
    Ok((basis, granted))
}

fn new_page(
    user: &CurrentUser,
    basis: &AgreementBasis,
    granted: i64,
    input: AgreementInput,
    errors: FieldErrors,
) -> AppResult<Response> {
    let years = project_years(basis.starts_on, basis.ends_on);
    let page = NewPage {
        layout: Layout::new("Établir la convention", user, "/conventions"),
        application_id: basis.application_id,
        project_title: basis.project_title.clone(),
        partner_name: basis.partner_name.clone(),
        granted: format_euros(granted),
        years: years.into_iter().zip(input.amount).collect(),
        advance_percent: input.advance_percent,
        errors,
    };
    super::funding::answer(&page, !page.errors.is_empty())
}

pub async fn new(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<ApplicationId>,
) -> AppResult<Response> {
    let (basis, granted) = basis(&state, &user, id).await?;
    if let Some(agreement_id) = basis.agreement_id {
        return Ok(Redirect::to(&format!("/conventions/{agreement_id}")).into_response());
    }
    let years = project_years(basis.starts_on, basis.ends_on);
    let input = AgreementInput::proposed(granted, &years);
    new_page(&user, &basis, granted, input, FieldErrors::new())
}

pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<ApplicationId>,
    Form(input): Form<AgreementInput>,
) -> AppResult<Response> {
    let (basis, granted) = basis(&state, &user, id).await?;
    let years = project_years(basis.starts_on, basis.ends_on);
    let errors = match input.validate(&years, granted) {
        Ok(draft) => {
            let created = state
                .store
                .create_agreement(&user.actor(), &user.scope, id, &draft, state.today())
                .await;
            match checked(created)? {
                Ok(agreement_id) => {
                    let to = Notice::AgreementDrawn.at(&format!("/conventions/{agreement_id}"));
                    return Ok(Redirect::to(&to).into_response());
                }
                Err(errors) => errors,
            }
        }
        Err(errors) => errors,
    };
    new_page(&user, &basis, granted, input, errors)
}

/// A bilan as its agreement's page lists it.
pub struct ReportLine {
    pub id: String,
    pub year: i32,
    pub kind: &'static str,
    pub due_on: String,
    pub state: &'static str,
    pub late: bool,
}

#[derive(Template)]
#[template(path = "agreements/show.html")]
struct ShowPage {
    layout: Layout,
    file: AgreementFile,
    total: String,
    paid: String,
    to_pay: String,
    /// (year, amount, paid, commitment id)
    years: Vec<(i32, String, String, String)>,
    /// (year, label, planned on, amount)
    instalments: Vec<(i32, String, String, String)>,
    reports: Vec<ReportLine>,
    can_sign: bool,
    /// Whether the reader sees the commitments' pages (not a porteur).
    sees_budget: bool,
    signed_on: String,
    /// « Décision du 14/11/2023 (…). Établie le …, signée le … »
    dates: String,
    /// The signed copy and the annexes.
    documents: DocumentsView,
    errors: FieldErrors,
}

async fn show_page(
    state: &AppState,
    user: &CurrentUser,
    id: AgreementId,
    notice: Option<&str>,
    signed_on: String,
    errors: FieldErrors,
) -> AppResult<Response> {
    let file = state.store.agreement(&user.scope, id).await?;
    let documents =
        DocumentsView::load(state, Some(&user.scope), DocumentOwner::Agreement(id)).await?;
    let today = state.today();
    let total = file.total_cents();
    let paid = file.paid_cents();
    let years = file
        .years
        .iter()
        .map(|y| {
            (
                y.year,
                format_euros(y.amount_cents),
                format_euros(y.paid),
                y.commitment_id.to_string(),
            )
        })
        .collect();
    let instalments = file
        .instalments
        .iter()
        .map(|i| {
            (
                i.year,
                i.label.clone(),
                format::date(i.planned_on),
                format_euros(i.amount_cents),
            )
        })
        .collect();
    let reports = file
        .reports
        .iter()
        .map(|r| {
            let state = ReportState::of(r.due_on, r.received_on.is_some(), today);
            ReportLine {
                id: r.id.to_string(),
                year: r.year,
                kind: r.kind.label(),
                due_on: format::date(r.due_on),
                state: state.label(),
                late: state == ReportState::Late,
            }
        })
        .collect();
    let failed = !errors.is_empty();
    let a = &file.agreement;
    let mut dates = format!(
        "Décision du {} ({}). Établie le {}",
        format::date(a.decided_on),
        a.committee,
        format::date(a.drawn_on)
    );
    if let Some(on) = a.signed_on {
        dates.push_str(&format!(", signée le {}", format::date(on)));
    }
    let page = ShowPage {
        layout: Layout::new(
            format!("Convention {}", file.agreement.reference),
            user,
            "/conventions",
        )
        .with_notice(Notice::of(notice)),
        total: format_euros(total),
        paid: format_euros(paid),
        to_pay: format_euros(total - paid),
        years,
        instalments,
        reports,
        can_sign: user.scope.can_administer_cite() && file.agreement.signed_on.is_none(),
        sees_budget: user.role() != maillage_domain::accounts::Role::Porteur,
        signed_on,
        dates,
        documents,
        errors,
        file,
    };
    super::funding::answer(&page, failed)
}

pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<AgreementId>,
    Query(query): Query<NoticeQuery>,
) -> AppResult<Response> {
    show_page(
        &state,
        &user,
        id,
        query.fait.as_deref(),
        String::new(),
        FieldErrors::new(),
    )
    .await
}

const SIGNED_ON: DateField = DateField::past("signed_on", "La date de signature");

/// The coordinator records the signature with the signed copy, scanned.
pub async fn sign(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<AgreementId>,
    multipart: Result<Multipart, MultipartRejection>,
) -> AppResult<Response> {
    user.require_coordinator()?;
    // Nothing is read for an agreement that is not the Cité's.
    state.store.agreement(&user.scope, id).await?;
    let today = state.today();
    let sent = sent_form(multipart, "Convention signée").await;
    let mut errors = FieldErrors::new();
    let signed_on = SIGNED_ON.required(&mut errors, sent.field("signed_on"), today);
    if let Err(message) = &sent.document {
        errors.add("fichier", message.clone());
    }
    if let (Some(signed_on), Ok(copy)) = (signed_on, &sent.document) {
        let signed = state
            .store
            .sign_agreement(&user.actor(), &user.scope, id, signed_on, copy, today)
            .await;
        match checked(signed)? {
            Ok(()) => {
                let to = Notice::AgreementSigned.at(&format!("/conventions/{id}"));
                return Ok(Redirect::to(&to).into_response());
            }
            Err(refused) => errors = refused,
        }
    }
    let typed = sent.field("signed_on").to_owned();
    show_page(&state, &user, id, None, typed, errors).await
}
