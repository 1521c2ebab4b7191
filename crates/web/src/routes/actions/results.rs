//! What an action achieved (*résultats*), on its page: the indicators it
//! declares with their figures, the coordinator's form to declare one and
//! the page that asks before removing one, and the yearly values the
//! coordinator or the carrier's porteur records.

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use maillage_domain::accounts::Role;
use maillage_domain::actions::results::{
    self, IndicatorInput, IndicatorResult, IndicatorSource, YearValueInput,
};
use maillage_domain::ids::{ActionId, IndicatorId};
use maillage_domain::masking::{count_for, mask_table};
use maillage_store::actions::ActionRow;

use super::show::{page, PageForms};
use crate::auth::CurrentUser;
use crate::error::{checked, AppError, AppResult};
use crate::extract::Path;
use crate::form::Form;
use crate::state::AppState;
use crate::views::codes::closed_list;
use crate::views::confirm::ConfirmPage;
use crate::views::notice::Notice;
use crate::views::{format, render, Layout};

/// An indicator as the action's page shows it.
pub struct IndicatorView {
    pub id: IndicatorId,
    pub label: String,
    pub source: &'static str,
    pub recorded: bool,
    pub total: String,
    /// « 2025 : 6 », oldest first, for a recorded indicator.
    pub years: Vec<String>,
}

impl IndicatorView {
    pub fn new(result: &IndicatorResult, role: Role) -> IndicatorView {
        let values: Vec<i64> = result.years.iter().map(|(_, n)| *n).collect();
        // Recorded years and their total as one table: a year under the
        // threshold is masked, and so is what would give it away.
        let (total, shown): (String, Vec<String>) =
            match result.source.counts_persons() && !values.is_empty() {
                true => {
                    let table = mask_table(role, &[values]);
                    let years = (0..table.cols()).map(|c| table.cell(0, c).text());
                    (table.row_total(0).text(), years.collect())
                }
                false => (
                    result.total_as(|n| count_for(role, n)),
                    values.iter().map(|n| format::integer(*n)).collect(),
                ),
            };
        IndicatorView {
            id: result.id,
            label: result.label.clone(),
            source: result.source.label(),
            recorded: !result.source.is_computed(),
            total,
            years: result
                .years
                .iter()
                .zip(shown)
                .map(|((year, _), n)| format!("{year} : {n}"))
                .collect(),
        }
    }
}

/// The « Résultats » section: figures, and the forms the user may use.
pub struct ResultsSection {
    pub indicators: Vec<IndicatorView>,
    pub can_declare: bool,
    pub can_record: bool,
    pub sources: Vec<(String, String)>,
    /// The recorded indicators, for the value form.
    pub recorded: Vec<(String, String)>,
}

impl ResultsSection {
    pub fn new(user: &CurrentUser, action: &ActionRow, results: &[IndicatorResult]) -> Self {
        let role = user.scope.role();
        ResultsSection {
            indicators: results
                .iter()
                .map(|r| IndicatorView::new(r, role))
                .collect(),
            can_declare: user.scope.can_administer_cite(),
            can_record: may_record(user, action),
            sources: closed_list::<IndicatorSource>(),
            recorded: results
                .iter()
                .filter(|r| !r.source.is_computed())
                .map(|r| (r.id.to_string(), r.label.clone()))
                .collect(),
        }
    }
}

/// The coordinators, and the porteurs of the action's carrier partner (the
/// store checks it again).
fn may_record(user: &CurrentUser, action: &ActionRow) -> bool {
    results::may_record(
        user.scope.role(),
        user.scope.partner_id(),
        action.carrier_partner_id,
    )
}

fn back_to_results(id: ActionId, notice: Notice) -> Redirect {
    Redirect::to(&format!(
        "{}#resultats",
        notice.at(&format!("/actions/{id}"))
    ))
}

pub async fn declare(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<ActionId>,
    Form(form): Form<IndicatorInput>,
) -> AppResult<Response> {
    user.require_coordinator()?;
    let refused = |form: IndicatorInput, errors| PageForms {
        indicator: form,
        indicator_errors: errors,
        ..PageForms::default()
    };
    let draft = match form.validate() {
        Ok(draft) => draft,
        Err(errors) => return page(&state, &user, id, refused(form, errors), None).await,
    };
    let added = state
        .store
        .add_indicator(&user.actor(), &user.scope, id, &draft)
        .await;
    match checked(added)? {
        Ok(_) => Ok(back_to_results(id, Notice::IndicatorAdded).into_response()),
        Err(errors) => page(&state, &user, id, refused(form, errors), None).await,
    }
}

pub async fn record(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<ActionId>,
    Form(form): Form<YearValueInput>,
) -> AppResult<Response> {
    let action = state.store.action(&user.scope, id).await?;
    if !may_record(&user, &action) {
        return Err(AppError::Forbidden);
    }
    let refused = |form: YearValueInput, errors| PageForms {
        value: form,
        value_errors: errors,
        ..PageForms::default()
    };
    let value = match form.validate(action.starts_on, state.today()) {
        Ok(value) => value,
        Err(errors) => return page(&state, &user, id, refused(form, errors), None).await,
    };
    let recorded = state
        .store
        .record_value(&user.actor(), &user.scope, id, &value)
        .await;
    match checked(recorded)? {
        Ok(()) => Ok(back_to_results(id, Notice::ResultRecorded).into_response()),
        Err(errors) => page(&state, &user, id, refused(form, errors), None).await,
    }
}

/// The indicator of the action, or the 404 of a missing one.
async fn indicator_of(
    state: &AppState,
    user: &CurrentUser,
    id: ActionId,
    indicator_id: IndicatorId,
) -> AppResult<IndicatorResult> {
    let results = state.store.action_results(&user.scope, id).await?;
    results
        .into_iter()
        .find(|r| r.id == indicator_id)
        .ok_or(AppError::NotFound)
}

/// Asks before removing an indicator: its recorded values go with it.
pub async fn confirm_remove(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, indicator_id)): Path<(ActionId, IndicatorId)>,
) -> AppResult<Response> {
    user.require_coordinator()?;
    let action = state.store.action(&user.scope, id).await?;
    let indicator = indicator_of(&state, &user, id, indicator_id).await?;
    let back = format!("/actions/{id}#resultats");
    let title = format!("Retirer l'indicateur « {} »", indicator.label);
    let mut consequences = vec![
        "Il ne sera plus affiché sur l'action, sa fiche du catalogue national ni l'accueil de la Cité."
            .to_owned(),
    ];
    consequences.push(match indicator.source.is_computed() {
        true => "Les dossiers des personnes ne changent pas : il se calculait à partir d'eux."
            .to_owned(),
        false => match indicator.years.len() {
            0 => "Aucune valeur n'a encore été saisie.".to_owned(),
            1 => "La valeur saisie pour 1 année est effacée.".to_owned(),
            n => format!("Les valeurs saisies pour {n} années sont effacées."),
        },
    });
    let page = ConfirmPage {
        layout: Layout::new(title.clone(), &user, "/actions").with_breadcrumb(
            &[
                ("/actions", "Actions de la Cité"),
                (&format!("/actions/{id}"), &action.title),
            ],
            &title,
        ),
        question: format!(
            "Retirer l'indicateur « {} » de l'action « {} » ?",
            indicator.label, action.title
        ),
        consequences,
        action: format!("/actions/{id}/indicateurs/{indicator_id}/retirer"),
        button: "Retirer l'indicateur",
        back,
        refusal: None,
    };
    Ok(render(&page)?.into_response())
}

pub async fn remove(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, indicator_id)): Path<(ActionId, IndicatorId)>,
) -> AppResult<Redirect> {
    user.require_coordinator()?;
    state
        .store
        .remove_indicator(&user.actor(), &user.scope, id, indicator_id)
        .await?;
    Ok(back_to_results(id, Notice::IndicatorRemoved))
}
