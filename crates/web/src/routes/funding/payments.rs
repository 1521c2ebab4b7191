//! A commitment's page (*engagement*): its schedule (*échéancier*), its
//! payments (*versements*), what is paid and left to pay, and the
//! coordinator's two forms. Co-pilots read it; another Cité's commitment is
//! the same 404 as a missing one.

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use maillage_domain::funding::payments::{InstalmentInput, PaymentInput};
use maillage_domain::ids::CommitmentId;
use maillage_domain::money::format_euros;
use maillage_domain::FieldErrors;
use maillage_store::StoreResult;

use crate::auth::CurrentUser;
use crate::error::{checked, AppResult};
use crate::extract::{Path, Query};
use crate::form::Form;
use crate::routes::NoticeQuery;
use crate::state::AppState;
use crate::views::notice::Notice;
use crate::views::{format, Layout};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/financements/engagements/{id}", get(show))
        .route(
            "/financements/engagements/{id}/echeances",
            post(add_instalment),
        )
        .route(
            "/financements/engagements/{id}/versements",
            post(record_payment),
        )
}

/// The page's two forms, as typed, with their errors.
#[derive(Default)]
struct Forms {
    instalment: InstalmentInput,
    instalment_errors: FieldErrors,
    payment: PaymentInput,
    payment_errors: FieldErrors,
}

#[derive(Template)]
#[template(path = "funding/commitment.html")]
struct CommitmentPage {
    layout: Layout,
    id: CommitmentId,
    year: i32,
    label: String,
    /// « Actions · CAF »
    place: String,
    on: String,
    committed: String,
    scheduled: String,
    paid: String,
    to_pay: String,
    /// (planned on, label, amount, paid on it)
    instalments: Vec<(String, String, String, String)>,
    /// (paid on, amount, instalment settled)
    payments: Vec<(String, String, String)>,
    can_edit: bool,
    /// The instalments to settle, for the payment form.
    choices: Vec<(String, String)>,
    forms: Forms,
}

async fn page(
    state: &AppState,
    user: &CurrentUser,
    id: CommitmentId,
    forms: Forms,
    notice: Option<&str>,
) -> AppResult<Response> {
    let file = state.store.commitment_file(&user.scope, id).await?;
    let balance = file.balance();
    let c = &file.commitment;
    let failed = !(forms.instalment_errors.is_empty() && forms.payment_errors.is_empty());
    let mut forms = forms;
    if forms.payment.paid_on.is_empty() {
        forms.payment.paid_on = state.today().format("%Y-%m-%d").to_string();
    }
    let page = CommitmentPage {
        layout: Layout::new(format!("Engagement : {}", c.label), user, "/financements")
            .with_notice(Notice::of(notice)),
        id,
        year: c.year,
        label: c.label.clone(),
        place: format!("{} · {}", c.line.label(), c.funder.label()),
        on: format::date(c.committed_on),
        committed: format_euros(balance.committed),
        scheduled: format_euros(balance.scheduled),
        paid: format_euros(balance.paid),
        to_pay: format_euros(balance.to_pay()),
        instalments: file
            .instalments
            .iter()
            .map(|i| {
                (
                    format::date(i.planned_on),
                    i.label.clone(),
                    format_euros(i.amount_cents),
                    format_euros(i.paid),
                )
            })
            .collect(),
        payments: file
            .payments
            .iter()
            .map(|p| {
                (
                    format::date(p.paid_on),
                    format_euros(p.amount_cents),
                    p.instalment.clone().unwrap_or_default(),
                )
            })
            .collect(),
        can_edit: user.scope.can_administer_cite(),
        choices: file
            .instalments
            .iter()
            .map(|i| (i.id.to_string(), i.label.clone()))
            .collect(),
        forms,
    };
    super::answer(&page, failed)
}

pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<CommitmentId>,
    Query(query): Query<NoticeQuery>,
) -> AppResult<Response> {
    page(&state, &user, id, Forms::default(), query.fait.as_deref()).await
}

/// One of the page's two forms: checked by the domain, saved by the store,
/// refused back onto the page with its errors.
trait PaymentForm: Sized + Send {
    const NOTICE: Notice;
    /// Checks and saves it: the form's errors, or what the store answered.
    fn save(
        &self,
        state: &AppState,
        user: &CurrentUser,
        id: CommitmentId,
    ) -> impl std::future::Future<Output = Result<StoreResult<()>, FieldErrors>> + Send;
    fn refused(self, errors: FieldErrors) -> Forms;
}

impl PaymentForm for InstalmentInput {
    const NOTICE: Notice = Notice::InstalmentAdded;
    async fn save(
        &self,
        state: &AppState,
        user: &CurrentUser,
        id: CommitmentId,
    ) -> Result<StoreResult<()>, FieldErrors> {
        let valid = self.validate(state.today())?;
        let store = &state.store;
        Ok(store
            .add_instalment(&user.actor(), &user.scope, id, &valid)
            .await
            .map(drop))
    }
    fn refused(self, errors: FieldErrors) -> Forms {
        Forms {
            instalment: self,
            instalment_errors: errors,
            ..Forms::default()
        }
    }
}

impl PaymentForm for PaymentInput {
    const NOTICE: Notice = Notice::PaymentRecorded;
    async fn save(
        &self,
        state: &AppState,
        user: &CurrentUser,
        id: CommitmentId,
    ) -> Result<StoreResult<()>, FieldErrors> {
        let valid = self.validate(state.today())?;
        let store = &state.store;
        Ok(store
            .record_payment(&user.actor(), &user.scope, id, &valid)
            .await)
    }
    fn refused(self, errors: FieldErrors) -> Forms {
        Forms {
            payment: self,
            payment_errors: errors,
            ..Forms::default()
        }
    }
}

/// Saves a valid form and returns to the commitment's page; a refusal comes
/// back onto it, 422, nothing changed.
async fn submit<F: PaymentForm>(
    state: AppState,
    user: CurrentUser,
    id: CommitmentId,
    form: F,
) -> AppResult<Response> {
    user.require_coordinator()?;
    let errors = match form.save(&state, &user, id).await {
        Ok(result) => match checked(result)? {
            Ok(()) => {
                let to = F::NOTICE.at(&format!("/financements/engagements/{id}"));
                return Ok(Redirect::to(&to).into_response());
            }
            Err(errors) => errors,
        },
        Err(errors) => errors,
    };
    page(&state, &user, id, form.refused(errors), None).await
}

pub async fn add_instalment(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<CommitmentId>,
    Form(form): Form<InstalmentInput>,
) -> AppResult<Response> {
    submit(state, user, id, form).await
}

pub async fn record_payment(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<CommitmentId>,
    Form(form): Form<PaymentInput>,
) -> AppResult<Response> {
    submit(state, user, id, form).await
}
