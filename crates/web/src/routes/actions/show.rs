//! An action's page: what it is, its places with the persons placed and the
//! waiting list in priority order with the reason of each rank, its séances,
//! and the forms to enrol a person and to record a séance.

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use maillage_domain::accounts::Role;
use maillage_domain::actions::results::{IndicatorInput, YearValueInput};
use maillage_domain::actions::{EnrolmentInput, SeanceInput};
use maillage_domain::ids::{ActionId, EnrolmentId, ParticipantId, SeanceId};
use maillage_domain::masking::{count_for, mask_column};
use maillage_domain::names::list_name;
use maillage_domain::FieldErrors;
use maillage_store::actions::{EnrolmentRow, Enrolments, SeanceRow};
use maillage_store::{StoreError, StoreResult};

use super::results::ResultsSection;
use super::{kind_options, ActionView};
use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::extract::{Path, Query};
use crate::routes::fiches::{catalogue_panel, CataloguePanel};
use crate::routes::follow_up::{person_choices, Status};
use crate::routes::NoticeQuery;
use crate::state::AppState;
use crate::views::notice::Notice;
use crate::views::{format, render, Layout};

pub struct PersonView {
    pub enrolment_id: EnrolmentId,
    pub participant_id: ParticipantId,
    /// `None` for a person the user may not see.
    pub name: Option<String>,
    pub requested_on: String,
    pub placed_on: Option<String>,
}

impl From<&EnrolmentRow> for PersonView {
    fn from(row: &EnrolmentRow) -> Self {
        PersonView {
            enrolment_id: row.id,
            participant_id: row.participant_id,
            name: row
                .first_name
                .as_ref()
                .zip(row.last_name.as_ref())
                .map(|(first, last)| list_name(first, last)),
            requested_on: format::date(row.requested_on),
            placed_on: row.placed_on.map(format::date),
        }
    }
}

pub struct WaitingView {
    pub rank: usize,
    pub reason: Option<String>,
    pub person: PersonView,
}

pub struct SeanceView {
    pub id: SeanceId,
    pub kind: &'static str,
    pub held_on: String,
    pub place: Option<String>,
    pub anonymous_count: String,
    pub linked: String,
    pub persons: Vec<(ParticipantId, String)>,
}

impl SeanceView {
    /// The séances as `role` reads them. The persons met without a file
    /// add up to the action's « personnes rencontrées sans dossier »,
    /// which its results may show: they are masked as a column with its
    /// total (*secret secondaire*), so that no small one follows from it.
    fn all(rows: Vec<SeanceRow>, role: Role) -> Vec<SeanceView> {
        let met: Vec<i64> = rows.iter().map(|r| i64::from(r.anonymous_count)).collect();
        let (met, _) = mask_column(role, &met);
        rows.into_iter()
            .zip(met)
            .map(|(row, met)| SeanceView::new(row, role, met.text()))
            .collect()
    }

    fn new(row: SeanceRow, role: Role, anonymous_count: String) -> SeanceView {
        SeanceView {
            id: row.id,
            kind: row.kind.label(),
            held_on: format::date(row.held_on),
            anonymous_count,
            linked: count_for(role, row.linked),
            persons: row
                .persons
                .into_iter()
                .map(|p| (p.participant_id, list_name(&p.first_name, &p.last_name)))
                .collect(),
            place: row.place,
        }
    }
}

/// The forms of the page, as typed, with their errors.
#[derive(Default)]
pub struct PageForms {
    pub enrolment: EnrolmentInput,
    pub enrolment_errors: FieldErrors,
    pub seance: SeanceInput,
    pub seance_errors: FieldErrors,
    pub indicator: IndicatorInput,
    pub indicator_errors: FieldErrors,
    pub value: YearValueInput,
    pub value_errors: FieldErrors,
}

impl PageForms {
    fn failed(&self) -> bool {
        [
            &self.enrolment_errors,
            &self.seance_errors,
            &self.indicator_errors,
            &self.value_errors,
        ]
        .iter()
        .any(|errors| !errors.is_empty())
    }
}

#[derive(askama::Template)]
#[template(path = "actions/show.html")]
struct ShowPage {
    layout: Layout,
    action: ActionView,
    can_edit: bool,
    /// Co-funded by FSE+: its coordinators export the participants' data.
    fse: bool,
    sees_persons: bool,
    placed: Vec<PersonView>,
    waiting: Vec<WaitingView>,
    seances: Vec<SeanceView>,
    /// Persons the user follows, for the enrolment and séance pickers.
    persons: Vec<(String, String)>,
    kinds: Vec<(String, String)>,
    forms: PageForms,
    /// Its fiche in the national catalogue, or the fiche it was reused from.
    catalogue: CataloguePanel,
    results: ResultsSection,
}

/// Renders the page, 422 when one of its forms came back with errors.
pub async fn page(
    state: &AppState,
    user: &CurrentUser,
    id: ActionId,
    forms: PageForms,
    notice_code: Option<&str>,
) -> AppResult<Response> {
    let row = state.store.action(&user.scope, id).await?;
    let (seances, results) = tokio::try_join!(
        state.store.seances(&user.scope, id),
        state.store.action_results(&user.scope, id)
    )?;
    // Co-pilots and porteurs get counts only: the lists are not theirs.
    let (enrolments, sees_persons) = match state.store.enrolments(&user.scope, id).await {
        Ok(enrolments) => (enrolments, true),
        Err(StoreError::NotFound) => (Enrolments::default(), false),
        Err(error) => return Err(error.into()),
    };
    let persons = if sees_persons {
        enrolment_choices(state, user).await?
    } else {
        Vec::new()
    };
    let mut forms = forms;
    if forms.enrolment.requested_on.is_empty() {
        forms.enrolment.requested_on = state.today().format("%Y-%m-%d").to_string();
    }
    if forms.value.year.is_empty() {
        forms.value.year = state.today().format("%Y").to_string();
    }
    let failed = forms.failed();
    let results = ResultsSection::new(user, &row, &results);
    let fse = user.scope.can_administer_cite() && state.store.fse_cofunded(&user.scope, id).await?;
    let page = ShowPage {
        layout: Layout::new(row.title.clone(), user, "/actions")
            .with_notice(Notice::of(notice_code)),
        action: ActionView::new(row, user.scope.role()),
        can_edit: user.scope.can_administer_cite(),
        fse,
        sees_persons,
        placed: enrolments.placed.iter().map(PersonView::from).collect(),
        waiting: enrolments
            .waiting
            .iter()
            .map(|w| WaitingView {
                rank: w.rank,
                reason: w.reason.clone(),
                person: PersonView::from(&w.enrolment),
            })
            .collect(),
        seances: SeanceView::all(seances, user.scope.role()),
        persons,
        kinds: kind_options(),
        forms,
        catalogue: catalogue_panel(state, user, id).await?,
        results,
    };
    let status = if failed {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    } else {
        axum::http::StatusCode::OK
    };
    Ok((status, render(&page)?).into_response())
}

pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<ActionId>,
    Query(query): Query<NoticeQuery>,
) -> AppResult<Response> {
    page(
        &state,
        &user,
        id,
        PageForms::default(),
        query.fait.as_deref(),
    )
    .await
}

/// Persons the user follows who may be enrolled or linked to a séance:
/// proposed or in the cohort.
pub(super) async fn enrolment_choices(
    state: &AppState,
    user: &CurrentUser,
) -> StoreResult<Vec<(String, String)>> {
    person_choices(state, user, &[Status::Proposed, Status::Active]).await
}
