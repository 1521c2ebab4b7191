//! Barriers (*freins*: identified, then lifted) and the pathway's steps
//! (*étapes*).

use axum::extract::State;
use axum::response::Response;
use chrono::NaiveDate;
use maillage_domain::dates::DateField;
use maillage_domain::errors::optional_text;
use maillage_domain::ids::{PartnerId, StepId};
use maillage_domain::participants::pathway::{BarrierInput, StepDates, StepStatus};
use maillage_domain::FieldErrors;
use maillage_store::case_file::NewStep;
use maillage_store::services::ServiceListRow;
use serde::Deserialize;

use super::file::{file_page, Forms};
use super::view::lift_key;
use super::{back_to, choice_id, today, BarrierOnFile, FileId};
use crate::auth::CurrentUser;
use crate::error::checked;
use crate::error::AppResult;
use crate::form::Form;
use crate::state::AppState;
use crate::views::notice::Notice;

/// The barrier form is the domain's input.
pub type BarrierForm = BarrierInput;

pub async fn add_barrier(
    State(state): State<AppState>,
    user: CurrentUser,
    FileId(id): FileId,
    Form(form): Form<BarrierForm>,
) -> AppResult<Response> {
    let today = today(&state);
    let errors = match form.validate(today) {
        Ok(barrier) => {
            let added = state
                .store
                .add_barrier(
                    &user.actor(),
                    &user.scope,
                    id,
                    barrier.thematic,
                    barrier.identified_on,
                    barrier.comment.as_deref(),
                )
                .await;
            match checked(added)? {
                Ok(_) => return Ok(back_to(id, Notice::BarrierAdded, "freins")),
                Err(errors) => errors,
            }
        }
        Err(errors) => errors,
    };
    let forms = Forms {
        barrier: form,
        ..Forms::failed(today, "frein", errors)
    };
    file_page(&state, &user, id, forms, None).await
}

#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct LiftForm {
    pub lifted_on: String,
    /// The step that lifted it, if one did.
    pub step_id: String,
}

pub async fn lift_barrier(
    State(state): State<AppState>,
    user: CurrentUser,
    FileId(id): FileId,
    BarrierOnFile(barrier_id): BarrierOnFile,
    Form(form): Form<LiftForm>,
) -> AppResult<Response> {
    let today = today(&state);
    let mut errors = FieldErrors::new();
    let lifted_on = DateField::past("lifted_on", "La date de levée du frein").required(
        &mut errors,
        &form.lifted_on,
        today,
    );
    let step_id = match form.step_id.trim() {
        "" => None,
        raw => raw.parse::<StepId>().ok().or_else(|| {
            errors.add(
                "step_id",
                "Choisissez une étape du parcours de la personne.",
            );
            None
        }),
    };
    if let (Some(lifted_on), true) = (lifted_on, errors.is_empty()) {
        let lifted = state
            .store
            .lift_barrier(
                &user.actor(),
                &user.scope,
                id,
                barrier_id,
                lifted_on,
                step_id,
            )
            .await;
        match checked(lifted)? {
            Ok(()) => return Ok(back_to(id, Notice::BarrierLifted, "freins")),
            Err(refused) => errors = refused,
        }
    }
    let forms = Forms {
        lift: form,
        lift_of: Some(barrier_id),
        ..Forms::failed(today, lift_key(barrier_id), errors)
    };
    file_page(&state, &user, id, forms, None).await
}

#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct StepForm {
    pub service_id: String,
    pub label: String,
    pub partner_id: String,
    pub planned_on: String,
    pub started_on: String,
    pub ended_on: String,
    pub status: String,
    pub result: String,
}

impl StepForm {
    /// A step is a service of the catalogue or a described one; it has a
    /// date so the timeline can place it, and does not end before it starts.
    fn validate(
        &self,
        catalogue: &[ServiceListRow],
        partners: impl IntoIterator<Item = PartnerId>,
        today: NaiveDate,
    ) -> Result<NewStep, FieldErrors> {
        let mut errors = FieldErrors::new();
        let item = choice_id(
            &mut errors,
            "service_id",
            &self.service_id,
            catalogue.iter().map(|c| c.id),
        )
        .and_then(|id| catalogue.iter().find(|c| c.id == id));
        let label = optional_text(&mut errors, "label", &self.label, 200)
            .or_else(|| item.map(|i| i.name.clone()));
        if label.is_none() {
            errors.add(
                "label",
                "Choisissez un service du catalogue ou décrivez l'étape.",
            );
        }
        let partner_id = choice_id(&mut errors, "partner_id", &self.partner_id, partners)
            .or_else(|| item.and_then(|i| i.partner_id));
        let status = StepStatus::parse(self.status.trim());
        if status.is_none() {
            errors.add("status", "Choisissez un statut dans la liste.");
        }
        let dates = StepDates::parse(
            &mut errors,
            [&self.planned_on, &self.started_on, &self.ended_on],
            status == Some(StepStatus::Done),
            today,
        );
        let result = optional_text(&mut errors, "result", &self.result, 1000);
        match (label, status) {
            (Some(label), Some(status)) if errors.is_empty() => Ok(NewStep {
                label,
                service_id: item.map(|i| i.id),
                partner_id,
                planned_on: dates.planned_on,
                started_on: dates.started_on,
                ended_on: dates.ended_on,
                status,
                result,
            }),
            _ => Err(errors),
        }
    }
}

pub async fn add_step(
    State(state): State<AppState>,
    user: CurrentUser,
    FileId(id): FileId,
    Form(form): Form<StepForm>,
) -> AppResult<Response> {
    let catalogue = super::services_catalogue(&state, &user).await?;
    let partners = state.store.partners(&user.scope, false).await?;
    let errors = match form.validate(&catalogue, partners.iter().map(|p| p.id), today(&state)) {
        Ok(step) => {
            let added = state
                .store
                .add_step(&user.actor(), &user.scope, id, &step)
                .await;
            match checked(added)? {
                Ok(_) => return Ok(back_to(id, Notice::StepAdded, "parcours")),
                Err(errors) => errors,
            }
        }
        Err(errors) => errors,
    };
    let forms = Forms {
        step: form,
        ..Forms::failed(today(&state), "etape", errors)
    };
    file_page(&state, &user, id, forms, None).await
}
