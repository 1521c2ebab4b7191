//! A service's page (`/offres/{id}`), and adding it to the pathway of a
//! person the user follows (`POST /offres/{id}/etape`).

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use maillage_domain::dates::DateField;
use maillage_domain::ids::{ParticipantId, ServiceId};
use maillage_domain::participants::pathway::StepStatus;
use maillage_domain::referential;
use maillage_domain::services::Service;
use maillage_domain::FieldErrors;
use maillage_store::case_file::NewStep;
use maillage_store::services::ServiceRow;
use maillage_store::StoreError;
use serde::Deserialize;

use super::can_edit;
use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::extract::{Path, Query};
use crate::form::Form;
use crate::routes::follow_up::{person_choices, Status};
use crate::routes::NoticeQuery;
use crate::state::AppState;
use crate::views::codes::labels;
use crate::views::notice::Notice;
use crate::views::{format, render, Layout};

/// A zone code as people read it: « Angers (49007) », « CU Angers Loire Métropole ».
fn zone_label(code: &str) -> String {
    if let Some(commune) = referential::commune(code) {
        format!("{} ({code})", commune.name)
    } else if let Some(epci) = referential::epci(code) {
        epci.name.to_owned()
    } else if let Some(departement) = referential::departement(code) {
        format!("{} ({code})", departement.name)
    } else if code == "france" || code == "99100" {
        "France entière".to_owned()
    } else {
        code.to_owned()
    }
}

fn code_labels(
    codes: &[&'static str],
    lookup: fn(&str) -> Option<&'static referential::Code>,
) -> String {
    labels(codes.iter().copied(), lookup).join(", ")
}

/// The service's filled fields as (label, value), in reading order.
fn facts(service: &Service) -> Vec<(&'static str, String)> {
    let mut facts = vec![
        (
            "Type",
            service
                .kind
                .and_then(referential::service_type)
                .map(|t| t.label.to_owned()),
        ),
        (
            "Thématiques",
            Some(code_labels(&service.thematics, referential::thematic)),
        ),
        (
            "Publics",
            Some(code_labels(&service.publics, referential::public)),
        ),
        (
            "Précisions sur les publics",
            service.publics_details.clone(),
        ),
        ("Conditions d'accès", service.access_conditions.clone()),
        (
            "Frais",
            service
                .fees
                .and_then(referential::fee)
                .map(|f| f.label.to_owned()),
        ),
        ("Précisions sur les frais", service.fees_details.clone()),
        ("Adresse", Some(service.address.one_line())),
        (
            "Zone d'éligibilité",
            Some(
                service
                    .eligibility_zone
                    .iter()
                    .map(|z| zone_label(z))
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
        ),
        (
            "Modes d'accueil",
            Some(code_labels(
                &service.reception_modes,
                referential::reception_mode,
            )),
        ),
        ("Horaires d'accueil", service.opening_hours.clone()),
        ("Contact", service.contact_name.clone()),
        ("Téléphone", service.phone.clone()),
        ("Courriel", service.email.clone()),
        (
            "Modes de mobilisation",
            Some(code_labels(
                &service.mobilisation_modes,
                referential::mobilisation_mode,
            )),
        ),
        (
            "Mobilisable par",
            Some(code_labels(
                &service.mobilisable_by,
                referential::mobilising_person,
            )),
        ),
        (
            "Précisions sur la mobilisation",
            service.mobilisation_details.clone(),
        ),
        ("Lien de mobilisation", service.mobilisation_link.clone()),
        (
            "Volume horaire hebdomadaire",
            service
                .weekly_hours
                .map(|h| format!("{} h", h.to_string().replace('.', ","))),
        ),
        ("Nombre de semaines", service.weeks.map(|w| w.to_string())),
        ("Fiche d'origine", service.source_link.clone()),
    ];
    facts.push((
        "Mise à jour",
        Some(format!(
            "{} (source « {} », identifiant « {} »)",
            format::date(service.updated_on),
            service.source,
            service.id
        )),
    ));
    facts
        .into_iter()
        .filter_map(|(label, value)| value.filter(|v| !v.is_empty()).map(|v| (label, v)))
        .collect()
}

#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct StepForm {
    pub participant_id: String,
    pub planned_on: String,
}

#[derive(Template)]
#[template(path = "services/show.html")]
struct ShowPage {
    layout: Layout,
    id: ServiceId,
    name: String,
    structure: String,
    description: String,
    facts: Vec<(&'static str, String)>,
    can_edit: bool,
    /// « Archivé le 02/12/2026 », when it is.
    archived: Option<String>,
    persons: Vec<(String, String)>,
    form: StepForm,
    errors: FieldErrors,
}

async fn page(
    state: &AppState,
    user: &CurrentUser,
    row: ServiceRow,
    form: StepForm,
    errors: FieldErrors,
    notice: Option<Notice>,
) -> AppResult<Response> {
    let persons = if can_edit(user) {
        person_choices(state, user, &[Status::Active]).await?
    } else {
        Vec::new()
    };
    let service = row.to_domain();
    let status = crate::views::form_status(&errors);
    let page = ShowPage {
        layout: Layout::new(row.name.clone(), user, "/offres")
            .with_notice(notice)
            .with_breadcrumb(&[("/offres", "Offre de services")], &row.name),
        id: row.id,
        facts: facts(&service),
        name: row.name,
        structure: row.structure_name,
        description: row.description,
        can_edit: can_edit(user),
        archived: row.archived_at.map(|at| {
            format!(
                "Archivé le {}",
                format::date(maillage_domain::time::paris_date(at))
            )
        }),
        persons,
        form,
        errors,
    };
    Ok((status, render(&page)?).into_response())
}

pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<ServiceId>,
    Query(query): Query<NoticeQuery>,
) -> AppResult<Response> {
    let row = state.store.service(&user.scope, id).await?;
    let form = StepForm {
        planned_on: state.today().format("%Y-%m-%d").to_string(),
        ..StepForm::default()
    };
    page(
        &state,
        &user,
        row,
        form,
        FieldErrors::new(),
        Notice::of(query.fait.as_deref()),
    )
    .await
}

/// A planned step of the person's pathway, mobilising this service; its
/// partner is the structure's, when the structure is a partner of the Cité.
pub async fn add_step(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<ServiceId>,
    Form(form): Form<StepForm>,
) -> AppResult<Response> {
    super::require_editor(&user)?;
    let row = state.store.service(&user.scope, id).await?;
    let mut errors = FieldErrors::new();
    if row.archived_at.is_some() {
        errors.add(
            "participant_id",
            "Ce service est archivé : rétablissez-le avant de l'ajouter à un parcours.",
        );
    }
    let participant = form.participant_id.trim().parse::<ParticipantId>().ok();
    if participant.is_none() {
        errors.add("participant_id", "Choisissez une personne que vous suivez.");
    }
    let planned_on = DateField::planned("planned_on", "La date prévue de l'étape").required(
        &mut errors,
        &form.planned_on,
        state.today(),
    );
    if let (Some(participant), Some(planned_on), true) =
        (participant, planned_on, errors.is_empty())
    {
        let step = NewStep {
            label: row.name.clone(),
            service_id: Some(row.id),
            partner_id: row.structure_partner_id,
            planned_on: Some(planned_on),
            started_on: None,
            ended_on: None,
            status: StepStatus::Planned,
            result: None,
        };
        match state
            .store
            .add_step(&user.actor(), &user.scope, participant, &step)
            .await
        {
            Ok(_) => {
                let to = format!(
                    "{}#parcours",
                    Notice::StepAdded.at(&format!("/personnes/{participant}"))
                );
                return Ok(Redirect::to(&to).into_response());
            }
            // A person the user does not follow is as missing as one that does not exist.
            Err(StoreError::NotFound) => {
                errors.add("participant_id", "Choisissez une personne que vous suivez.")
            }
            Err(StoreError::Invalid { field, message }) => errors.add(field, message),
            Err(other) => return Err(other.into()),
        }
    }
    page(&state, &user, row, form, errors, None).await
}
