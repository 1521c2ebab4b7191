//! The Cité's money (*financements*), one year at a time: its envelope by
//! line and funder with what is carried, committed and available, its
//! commitments and carry-overs, and the coordinator's three forms; a chart
//! of each line with its data table. Each commitment has its page of
//! payments (`payments`). Co-pilots read it; the national team reads every
//! Cité's totals.

mod chart;
mod payments;

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use chrono::Datelike;
use chrono::NaiveDate;
use maillage_domain::funding::{
    format_leverage, leverage, years, Allocation, AllocationInput, BudgetLine, CarryOver,
    CarryOverInput, Commitment, CommitmentInput, Funder, LineBalance,
};
use maillage_domain::money::format_euros;
use maillage_domain::FieldErrors;
use maillage_store::actions::ActionFilter;
use maillage_store::funding::Budget;
use maillage_store::StoreResult;
use serde::Deserialize;

use crate::auth::CurrentUser;
use crate::error::{checked, AppError, AppResult};
use crate::extract::Query;
use crate::form::Form;
use crate::state::AppState;
use crate::views::codes::closed_list;
use crate::views::notice::Notice;
use crate::views::{format, render, Layout};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/financements", get(show))
        .route("/financements/enveloppe", post(allocate))
        .route("/financements/engagements", post(commit))
        .route("/financements/reports", post(carry_over))
        .merge(payments::routes())
}

#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct YearQuery {
    annee: Option<i32>,
    fait: Option<String>,
}

/// The figures of a line, or of a total, in euros.
pub struct Figures {
    pub allocated: String,
    pub carried_in: String,
    pub carried_out: String,
    pub committed: String,
    pub available: String,
    pub paid: String,
    pub to_pay: String,
}

impl From<LineBalance> for Figures {
    fn from(b: LineBalance) -> Self {
        Figures {
            allocated: format_euros(b.allocated),
            carried_in: format_euros(b.carried_in),
            carried_out: format_euros(b.carried_out),
            committed: format_euros(b.committed),
            available: format_euros(b.available()),
            paid: format_euros(b.paid),
            to_pay: format_euros(b.to_pay()),
        }
    }
}

/// « 0,40 € d'autres financeurs pour 1 € de crédits Cité de l'emploi ».
fn leverage_line(allocations: &[(Funder, i64)]) -> Option<String> {
    leverage(allocations).map(|ratio| {
        format!(
            "{} d'autres financeurs pour 1\u{a0}€ de crédits Cité de l'emploi",
            format_leverage(ratio)
        )
    })
}

pub struct CommitmentView {
    pub id: String,
    pub on: String,
    pub label: String,
    /// The action funded: its id and title.
    pub action: Option<(String, String)>,
    /// « Actions · CAF »
    pub place: String,
    pub amount: String,
    pub paid: String,
    pub to_pay: String,
}

/// The forms of the page, as typed, with their errors.
#[derive(Default)]
pub struct Forms {
    pub allocation: AllocationInput,
    pub allocation_errors: FieldErrors,
    pub commitment: CommitmentInput,
    pub commitment_errors: FieldErrors,
    pub carry: CarryOverInput,
    pub carry_errors: FieldErrors,
}

impl Forms {
    fn failed(&self) -> bool {
        [
            &self.allocation_errors,
            &self.commitment_errors,
            &self.carry_errors,
        ]
        .iter()
        .any(|e| !e.is_empty())
    }
}

#[derive(Template)]
#[template(path = "funding/page.html")]
struct BudgetPage {
    layout: Layout,
    year: i32,
    previous: Option<i32>,
    next: Option<i32>,
    /// (line, funder, figures)
    lines: Vec<(&'static str, &'static str, Figures)>,
    total: Figures,
    leverage: Option<String>,
    chart: chart::Chart,
    commitments: Vec<CommitmentView>,
    /// (decided on, decision, from year → to year, line · funder, amount)
    carry_overs: Vec<(String, String, String, String, String)>,
    can_edit: bool,
    /// Only a year begun leaves something to carry over.
    can_carry: bool,
    funders: Vec<(String, String)>,
    budget_lines: Vec<(String, String)>,
    actions: Vec<(String, String)>,
    forms: Forms,
}

#[derive(Template)]
#[template(path = "funding/national.html")]
struct NationalPage {
    layout: Layout,
    year: i32,
    previous: Option<i32>,
    next: Option<i32>,
    /// (Cité, figures, leverage)
    cites: Vec<(String, Figures, String)>,
    total: Figures,
    chart: chart::Chart,
}

/// The year asked for, within the programme's years; the current one by default.
fn year_of(state: &AppState, query: &YearQuery) -> AppResult<(i32, Option<i32>, Option<i32>)> {
    let range = years(state.today());
    let year = query.annee.unwrap_or(state.today().year());
    if !range.contains(&year) {
        return Err(AppError::NotFound);
    }
    Ok((
        year,
        (year > *range.start()).then_some(year - 1),
        (year < *range.end()).then_some(year + 1),
    ))
}

pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(query): Query<YearQuery>,
) -> AppResult<Response> {
    let (year, _, _) = year_of(&state, &query)?;
    if user.scope.cite_id().is_none() {
        return national(&state, &user, &query).await;
    }
    page(&state, &user, year, Forms::default(), query.fait.as_deref()).await
}

async fn national(state: &AppState, user: &CurrentUser, query: &YearQuery) -> AppResult<Response> {
    let (year, previous, next) = year_of(state, query)?;
    let rows = state.store.national_budget(&user.scope, year).await?;
    let total = rows.iter().map(|r| r.balance).sum::<LineBalance>().into();
    let cites = rows
        .iter()
        .map(|r| {
            let split = [
                (Funder::Anct, r.anct_allocated),
                (Funder::Other, r.balance.allocated - r.anct_allocated),
            ];
            let lever = leverage(&split).map_or("—".to_owned(), format_leverage);
            (r.cite_name.clone(), r.balance.into(), lever)
        })
        .collect();
    let page = NationalPage {
        layout: Layout::new(format!("Financements {year}"), user, "/financements"),
        year,
        previous,
        next,
        cites,
        total,
        chart: chart::Chart::of_cites(&rows, year),
    };
    Ok(render(&page)?.into_response())
}

async fn page(
    state: &AppState,
    user: &CurrentUser,
    year: i32,
    forms: Forms,
    notice: Option<&str>,
) -> AppResult<Response> {
    let query = YearQuery {
        annee: Some(year),
        fait: None,
    };
    let (year, previous, next) = year_of(state, &query)?;
    let can_edit = user.scope.can_administer_cite();
    let (budget, actions) = tokio::try_join!(state.store.budget(&user.scope, year), async {
        match can_edit {
            true => {
                state
                    .store
                    .actions(&user.scope, &ActionFilter::default())
                    .await
            }
            false => Ok(Vec::new()),
        }
    })?;
    let Budget {
        lines,
        commitments,
        carry_overs,
    } = budget;
    let allocations: Vec<(Funder, i64)> = lines
        .iter()
        .map(|l| (l.funder, l.balance.allocated))
        .collect();
    let mut forms = forms;
    for field in [
        &mut forms.allocation.year,
        &mut forms.commitment.year,
        &mut forms.carry.year,
    ] {
        if field.is_empty() {
            *field = year.to_string();
        }
    }
    if forms.commitment.committed_on.is_empty() {
        forms.commitment.committed_on = state.today().format("%Y-%m-%d").to_string();
    }
    if forms.carry.decided_on.is_empty() {
        forms.carry.decided_on = state.today().format("%Y-%m-%d").to_string();
    }
    let where_ =
        |line: BudgetLine, funder: Funder| format!("{} · {}", line.label(), funder.label());
    let failed = forms.failed();
    let page = BudgetPage {
        layout: Layout::new(format!("Financements {year}"), user, "/financements")
            .with_notice(Notice::of(notice)),
        year,
        previous,
        next,
        total: lines.iter().map(|l| l.balance).sum::<LineBalance>().into(),
        leverage: leverage_line(&allocations),
        chart: chart::Chart::of(&lines, year),
        lines: lines
            .iter()
            .map(|l| (l.line.label(), l.funder.label(), l.balance.into()))
            .collect(),
        commitments: commitments
            .into_iter()
            .map(|c| {
                let action = c
                    .action_id
                    .zip(c.action_title)
                    .map(|(id, t)| (id.to_string(), t));
                CommitmentView {
                    id: c.id.to_string(),
                    on: format::date(c.committed_on),
                    label: c.label,
                    action,
                    place: where_(c.line, c.funder),
                    amount: format_euros(c.amount_cents),
                    paid: format_euros(c.paid),
                    to_pay: format_euros(c.amount_cents - c.paid),
                }
            })
            .collect(),
        carry_overs: carry_overs
            .into_iter()
            .map(|c| {
                (
                    format::date(c.decided_on),
                    c.decision,
                    format!("{} → {}", c.from_year, c.from_year + 1),
                    where_(c.line, c.funder),
                    format_euros(c.amount_cents),
                )
            })
            .collect(),
        can_edit,
        // A refusal shows on its form, even for a year not begun.
        can_carry: can_edit && (year <= state.today().year() || !forms.carry_errors.is_empty()),
        funders: closed_list::<Funder>(),
        budget_lines: closed_list::<BudgetLine>(),
        actions: actions
            .into_iter()
            .map(|a| (a.id.to_string(), a.title))
            .collect(),
        forms,
    };
    answer(&page, failed)
}

/// A page of forms: 422 when one came back refused, with nothing changed.
pub(super) fn answer<T: Template>(page: &T, failed: bool) -> AppResult<Response> {
    let status = if failed {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Ok((status, render(page)?).into_response())
}

/// The year a refused form came back with when plausible, or the current one.
fn typed_year(state: &AppState, year: &str) -> i32 {
    year.trim()
        .parse()
        .ok()
        .filter(|y| years(state.today()).contains(y))
        .unwrap_or(state.today().year())
}

/// One of the page's three forms: checked by the domain, saved by the
/// store, refused back onto the page with its errors.
trait BudgetForm: Sized + Send {
    type Valid: Send + Sync;
    const NOTICE: Notice;
    fn year(&self) -> &str;
    fn check(&self, today: NaiveDate) -> Result<Self::Valid, FieldErrors>;
    fn refused(self, errors: FieldErrors) -> Forms;
    /// Saves it; the year it touched.
    fn save(
        state: &AppState,
        user: &CurrentUser,
        valid: &Self::Valid,
    ) -> impl std::future::Future<Output = StoreResult<i32>> + Send;
}

impl BudgetForm for AllocationInput {
    type Valid = Allocation;
    const NOTICE: Notice = Notice::EnvelopeSet;
    fn year(&self) -> &str {
        &self.year
    }
    fn check(&self, today: NaiveDate) -> Result<Allocation, FieldErrors> {
        self.validate(today)
    }
    fn refused(self, errors: FieldErrors) -> Forms {
        Forms {
            allocation: self,
            allocation_errors: errors,
            ..Forms::default()
        }
    }
    async fn save(state: &AppState, user: &CurrentUser, valid: &Allocation) -> StoreResult<i32> {
        let store = &state.store;
        store
            .set_allocation(&user.actor(), &user.scope, valid)
            .await?;
        Ok(valid.key.year)
    }
}

impl BudgetForm for CommitmentInput {
    type Valid = Commitment;
    const NOTICE: Notice = Notice::Committed;
    fn year(&self) -> &str {
        &self.year
    }
    fn check(&self, today: NaiveDate) -> Result<Commitment, FieldErrors> {
        self.validate(today)
    }
    fn refused(self, errors: FieldErrors) -> Forms {
        Forms {
            commitment: self,
            commitment_errors: errors,
            ..Forms::default()
        }
    }
    async fn save(state: &AppState, user: &CurrentUser, valid: &Commitment) -> StoreResult<i32> {
        state
            .store
            .commit(&user.actor(), &user.scope, valid)
            .await?;
        Ok(valid.key.year)
    }
}

impl BudgetForm for CarryOverInput {
    type Valid = CarryOver;
    const NOTICE: Notice = Notice::CarriedOver;
    fn year(&self) -> &str {
        &self.year
    }
    fn check(&self, today: NaiveDate) -> Result<CarryOver, FieldErrors> {
        self.validate(today)
    }
    fn refused(self, errors: FieldErrors) -> Forms {
        Forms {
            carry: self,
            carry_errors: errors,
            ..Forms::default()
        }
    }
    async fn save(state: &AppState, user: &CurrentUser, valid: &CarryOver) -> StoreResult<i32> {
        let store = &state.store;
        store.carry_over(&user.actor(), &user.scope, valid).await?;
        Ok(valid.from.year)
    }
}

/// Checks, saves and returns to the year it touched; a refusal comes back
/// onto the page, 422, nothing changed.
async fn submit<F: BudgetForm>(state: AppState, user: CurrentUser, form: F) -> AppResult<Response> {
    user.require_coordinator()?;
    let year = typed_year(&state, form.year());
    let valid = match form.check(state.today()) {
        Ok(valid) => valid,
        Err(errors) => return page(&state, &user, year, form.refused(errors), None).await,
    };
    match checked(F::save(&state, &user, &valid).await)? {
        Ok(year) => {
            let to = format!("{}&annee={year}", F::NOTICE.at("/financements"));
            Ok(Redirect::to(&to).into_response())
        }
        Err(errors) => page(&state, &user, year, form.refused(errors), None).await,
    }
}

pub async fn allocate(
    State(state): State<AppState>,
    user: CurrentUser,
    Form(form): Form<AllocationInput>,
) -> AppResult<Response> {
    submit(state, user, form).await
}

pub async fn commit(
    State(state): State<AppState>,
    user: CurrentUser,
    Form(form): Form<CommitmentInput>,
) -> AppResult<Response> {
    submit(state, user, form).await
}

pub async fn carry_over(
    State(state): State<AppState>,
    user: CurrentUser,
    Form(form): Form<CarryOverInput>,
) -> AppResult<Response> {
    submit(state, user, form).await
}
