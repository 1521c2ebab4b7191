//! The instruction's steps of a call's lifecycle, each confirmed by the
//! coordinator: open the instruction (the grid freezes, reviewers score),
//! close it once every application is decided, then move on to the
//! agreements (« conventionnement »).

use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use maillage_domain::calls::CallStatus;
use maillage_domain::ids::CallId;

use super::{confirm_step, take_step, Step};
use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::extract::Path;
use crate::state::AppState;
use crate::views::notice::Notice;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/appels-a-projets/{id}/instruction",
            get(confirm_instruction).post(instruction),
        )
        .route(
            "/appels-a-projets/{id}/decisions",
            get(confirm_decided).post(decided),
        )
        .route(
            "/appels-a-projets/{id}/conventionnement",
            get(confirm_agreements).post(agreements),
        )
}

const INSTRUCTION: Step = Step {
    to: CallStatus::Instruction,
    path: "instruction",
    button: "Ouvrir l'instruction",
    consequences: &[
        "La grille d'évaluation sera figée.",
        "Les instructeurs pourront évaluer les candidatures déposées.",
        "Les candidatures ne pourront plus être retirées.",
    ],
    done: Notice::InstructionOpened,
};

const DECIDED: Step = Step {
    to: CallStatus::Decided,
    path: "decisions",
    button: "Arrêter les décisions",
    consequences: &[
        "Chaque candidature déposée doit avoir reçu sa décision.",
        "Les évaluations ne pourront plus être saisies.",
        "Chaque porteur lira la décision sur sa candidature ; elle reste modifiable jusqu'au conventionnement.",
    ],
    done: Notice::CallDecided,
};

const AGREEMENTS: Step = Step {
    to: CallStatus::Agreements,
    path: "conventionnement",
    button: "Passer au conventionnement",
    consequences: &["Les décisions ne pourront plus être modifiées."],
    done: Notice::AgreementsOpened,
};

pub async fn confirm_instruction(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<CallId>,
) -> AppResult<Response> {
    confirm_step(&state, &user, id, &INSTRUCTION).await
}

pub async fn instruction(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<CallId>,
) -> AppResult<Response> {
    take_step(&state, &user, id, &INSTRUCTION).await
}

pub async fn confirm_decided(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<CallId>,
) -> AppResult<Response> {
    confirm_step(&state, &user, id, &DECIDED).await
}

pub async fn decided(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<CallId>,
) -> AppResult<Response> {
    take_step(&state, &user, id, &DECIDED).await
}

pub async fn confirm_agreements(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<CallId>,
) -> AppResult<Response> {
    confirm_step(&state, &user, id, &AGREEMENTS).await
}

pub async fn agreements(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<CallId>,
) -> AppResult<Response> {
    take_step(&state, &user, id, &AGREEMENTS).await
}
