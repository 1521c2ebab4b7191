//! `/referrals`: the Cité's referrals (*adressages*), and a coordinator's
//! decision on one.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use chrono::NaiveDate;
use maillage_domain::ids::ReferralId;
use maillage_store::participants::Decision as StoreDecision;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::problem::Refusals;
use super::{ApiError, ApiResult, ApiUser, PageQuery, Paged};
use crate::extract::{Path, Query};
use crate::state::AppState;

/// A person proposed by a partner to one of the Cité's cohorts.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Referral {
    pub id: i64,
    pub person_id: i64,
    pub first_name: String,
    pub last_name: String,
    pub cohort_id: i64,
    pub from_partner: String,
    pub proposed_on: NaiveDate,
    /// `proposed`, `accepted`, `refused` or `expired`.
    pub status: String,
    pub decided_on: Option<NaiveDate>,
    pub refusal_reason: Option<String>,
}

/// A coordinator's answer: accepted on an entry date (within the cohort's
/// intake window), or refused for a reason. Other keys are ignored.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(tag = "decision", rename_all = "lowercase")]
pub enum Decision {
    Accept {
        entry_date: NaiveDate,
    },
    Refuse {
        #[schema(pattern = r"\S", max_length = 2000)]
        reason: String,
    },
}

/// The referrals the token's user may see, undecided first.
#[utoipa::path(get, path = "/referrals", tag = "Adressages", params(PageQuery),
    responses((status = 200, description = "Une page d'adressages", body = Paged<Referral>), Refusals))]
pub async fn list(
    user: ApiUser,
    State(state): State<AppState>,
    Query(page): Query<PageQuery>,
) -> ApiResult<Json<Paged<Referral>>> {
    let page = page.checked()?;
    let today = state.today();
    let rows = state.store.referrals(&user.scope).await?;
    state
        .store
        .audit_export(&user.actor(), &user.scope, "API (adressages)", rows.len())
        .await?;
    let referrals: Vec<Referral> = rows
        .into_iter()
        .map(|row| Referral {
            id: row.id.get(),
            person_id: row.participant_id.get(),
            first_name: row.first_name,
            last_name: row.last_name,
            cohort_id: row.cohort_id.get(),
            from_partner: row.from_partner_name,
            proposed_on: row.proposed_on,
            status: row
                .status
                .effective(row.proposed_on, i64::from(row.referral_expiry_days), today)
                .code()
                .to_owned(),
            decided_on: row.decided_on,
            refusal_reason: row.refusal_reason,
        })
        .collect();
    Ok(Json(page.of(&referrals)))
}

/// Accepts or refuses a referral (coordinators, with a read-write token).
#[utoipa::path(post, path = "/referrals/{id}/decision", tag = "Adressages",
    params(("id" = i64, Path, description = "L'adressage")),
    request_body = Decision,
    responses(
        (status = 204, description = "Décision enregistrée"),
        (status = 409, description = "Décision refusée (déjà traitée, expirée, date hors période…)",
         body = super::problem::Problem, content_type = "application/problem+json"),
        Refusals,
    ))]
pub async fn decide(
    user: ApiUser,
    State(state): State<AppState>,
    Path(id): Path<ReferralId>,
    body: Result<Json<Decision>, axum::extract::rejection::JsonRejection>,
) -> ApiResult<StatusCode> {
    user.require_write()?;
    let Json(decision) = body.map_err(|_| {
        ApiError::bad_request(
            "Le corps attendu est un objet JSON : {\"decision\": \"accept\", \"entry_date\": \
             \"2026-12-01\"} ou {\"decision\": \"refuse\", \"reason\": \"…\"}.",
        )
    })?;
    let decision = match decision {
        Decision::Accept { entry_date } => StoreDecision::Accept { entry_date },
        Decision::Refuse { reason }
            if reason.chars().count() <= 2000 && !reason.trim().is_empty() =>
        {
            StoreDecision::Refuse {
                reason: reason.trim().to_owned(),
            }
        }
        Decision::Refuse { .. } => {
            return Err(ApiError::bad_request(
                "« reason » dit en 2 000 caractères au plus pourquoi l'adressage est refusé.",
            ))
        }
    };
    state
        .store
        .decide_referral(&user.actor(), &user.scope, id, &decision, state.today())
        .await?;
    state.mail_queued.notify_one();
    Ok(StatusCode::NO_CONTENT)
}
