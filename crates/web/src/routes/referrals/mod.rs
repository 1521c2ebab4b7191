//! Referrals (*adressages*): a partner's référent proposes a person to one of
//! the Cité's open cohorts; the coordinator accepts (the person enters the
//! cohort) or refuses with a reason the proposer reads.

mod decide;
mod propose;

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use chrono::NaiveDate;
use maillage_domain::accounts::Role;
use maillage_domain::ids::{ParticipantId, ReferralId};
use maillage_domain::names::{list_name, prose_name};
use maillage_domain::participants::cohorts::ReferralStatus;
use maillage_domain::FieldErrors;
use maillage_store::participants::ReferralRow;

use super::NoticeQuery;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::extract::Query;
use crate::state::AppState;
use crate::views::notice::Notice;
use crate::views::{format, render, Layout};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/adressages", get(list).post(propose::create))
        .route("/adressages/nouveau", get(propose::new))
        .route("/adressages/{id}/accepter", post(decide::accept))
        .route("/adressages/{id}/refuser", post(decide::refuse))
}

/// Référents propose, from their own partner; anyone else is refused.
fn require_referent(user: &CurrentUser) -> AppResult<()> {
    if user.role() == Role::Referent && user.scope.partner_id().is_some() {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// A date as an `<input type="date">` reads it.
fn date_input(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// The coordinator's accept and refuse forms of one waiting referral, with
/// what was typed and why it was refused when a decision failed.
pub struct DecisionForm {
    pub entry_date: String,
    pub reason: String,
    pub errors: FieldErrors,
}

impl DecisionForm {
    /// Entering today is the usual case.
    fn new(today: NaiveDate) -> Self {
        DecisionForm {
            entry_date: date_input(today),
            reason: String::new(),
            errors: FieldErrors::new(),
        }
    }
}

/// A referral as the list shows it.
pub struct ReferralView {
    pub id: ReferralId,
    pub participant_id: ParticipantId,
    /// « NOM Prénom », as the table writes it.
    pub person: String,
    /// « Prénom Nom », as the decision card's title writes it.
    pub person_title: String,
    pub cohort: String,
    pub partner: String,
    pub proposed_on: String,
    pub motive: String,
    pub status: &'static str,
    /// The DSFR badge variant of the status.
    pub badge: &'static str,
    /// Still waiting for a decision (not decided, not expired).
    pub waiting: bool,
    pub decided_on: String,
    pub refusal_reason: String,
    pub decision: DecisionForm,
}

fn badge(status: ReferralStatus) -> &'static str {
    match status {
        ReferralStatus::Proposed => "fr-badge--info",
        ReferralStatus::Accepted => "fr-badge--success",
        ReferralStatus::Refused => "fr-badge--error",
        ReferralStatus::Expired => "fr-badge--warning",
    }
}

impl ReferralView {
    fn new(row: ReferralRow, today: NaiveDate) -> Self {
        let status =
            row.status
                .effective(row.proposed_on, i64::from(row.referral_expiry_days), today);
        ReferralView {
            id: row.id,
            participant_id: row.participant_id,
            person: list_name(&row.first_name, &row.last_name),
            person_title: prose_name(&row.first_name, &row.last_name),
            cohort: row.cohort_name,
            partner: row.from_partner_name,
            proposed_on: format::date(row.proposed_on),
            motive: row.motive.unwrap_or_default(),
            status: status.label(),
            badge: badge(status),
            waiting: status == ReferralStatus::Proposed,
            decided_on: row.decided_on.map(format::date).unwrap_or_default(),
            refusal_reason: row.refusal_reason.unwrap_or_default(),
            decision: DecisionForm::new(today),
        }
    }
}

#[derive(Template)]
#[template(path = "referrals/list.html")]
struct ListPage {
    layout: Layout,
    referrals: Vec<ReferralView>,
    waiting: usize,
    can_decide: bool,
    can_propose: bool,
    /// Why the last decision was not recorded.
    problem: Option<String>,
}

/// The list; `failed` is a decision to show again on its referral, with
/// status 422.
async fn list_page(
    state: &AppState,
    user: &CurrentUser,
    failed: Option<(ReferralId, DecisionForm)>,
    notice_code: Option<&str>,
) -> AppResult<Response> {
    let today = state.today();
    let mut referrals: Vec<ReferralView> = state
        .store
        .referrals(&user.scope)
        .await?
        .into_iter()
        .map(|row| ReferralView::new(row, today))
        .collect();
    // Waiting ones first; otherwise the store's order (latest first) stays.
    referrals.sort_by_key(|r| !r.waiting);
    let mut status = StatusCode::OK;
    let mut problem = None;
    if let Some((id, form)) = failed {
        let referral = referrals
            .iter_mut()
            .find(|r| r.id == id)
            .ok_or(AppError::NotFound)?;
        problem = Some(
            form.errors
                .get("decision")
                .unwrap_or("Corrigez le champ signalé sur la proposition ci-dessous.")
                .to_owned(),
        );
        referral.decision = form;
        status = StatusCode::UNPROCESSABLE_ENTITY;
    }
    let page = ListPage {
        layout: Layout::new("Adressages", user, "/adressages").with_notice(Notice::of(notice_code)),
        waiting: referrals.iter().filter(|r| r.waiting).count(),
        referrals,
        can_decide: user.scope.can_administer_cite(),
        can_propose: require_referent(user).is_ok(),
        problem,
    };
    Ok((status, render(&page)?).into_response())
}

async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(query): Query<NoticeQuery>,
) -> AppResult<Response> {
    list_page(&state, &user, None, query.fait.as_deref()).await
}
