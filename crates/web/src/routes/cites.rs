//! Cités: the national list, a Cité's profile and territory, and the
//! coordinator's editing of both.

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use maillage_domain::accounts::Role;
use maillage_domain::cites::{Axis, CiteInput, QpvInput};
use maillage_domain::ids::{CiteId, QpvId};
use maillage_domain::{referential, FieldErrors, Scope};
use maillage_store::cites::{CiteRow, CiteSummary, QpvRow};

use super::cite_barriers::{word_views, WordView};
use super::NoticeQuery;
use crate::auth::CurrentUser;
use crate::error::{checked, AppError, AppResult};
use crate::extract::{Path, Query};
use crate::form::Form;
use crate::state::AppState;
use crate::views::confirm::ConfirmPage;
use crate::views::notice::Notice;
use crate::views::{format, render, Layout};

pub struct QpvView {
    pub id: QpvId,
    pub code: String,
    pub name: String,
    pub communes: String,
    pub population: String,
}

/// « Angers (49007) », or the bare code when the referential lacks it.
fn commune_label(code: &String) -> String {
    referential::commune(code).map_or_else(|| code.clone(), |c| format!("{} ({code})", c.name))
}

fn commune_names(codes: &[String]) -> String {
    codes
        .iter()
        .map(commune_label)
        .collect::<Vec<_>>()
        .join(", ")
}

impl From<QpvRow> for QpvView {
    fn from(row: QpvRow) -> Self {
        QpvView {
            communes: commune_names(&row.communes()),
            population: row.population.map(format::integer).unwrap_or_default(),
            id: row.id,
            code: row.code,
            name: row.name,
        }
    }
}

/// A Cité's profile, formatted in French.
pub struct CiteView {
    pub name: String,
    pub departement: String,
    pub epci: String,
    pub communes: String,
    pub label_year: i32,
    pub co_pilots: String,
    pub figures: Vec<(&'static str, String)>,
    /// « 12 mois ; un adressage sans décision expire après 30 jours ».
    pub follow_up: String,
    pub target_publics: Vec<&'static str>,
    pub no_target_public: bool,
    pub axes: Vec<&'static str>,
    pub own_axes: Vec<String>,
    /// « 06/12/2026 » when the national team archived it.
    pub archived_on: Option<String>,
}

/// A UTC time as its Paris date, « 06/12/2026 ».
fn paris_day(at: chrono::DateTime<chrono::Utc>) -> String {
    format::date(maillage_domain::time::paris_date(at))
}

impl From<&CiteRow> for CiteView {
    fn from(row: &CiteRow) -> Self {
        let departement = referential::departement(&row.departement).map_or_else(
            || row.departement.clone(),
            |d| format!("{} ({})", d.name, d.code),
        );
        let figures = [
            ("Population", row.population.map(format::integer)),
            (
                "Taux de chômage",
                row.unemployment_rate.map(format::percent),
            ),
            ("Taux d'emploi", row.employment_rate.map(format::percent)),
            ("Taux de pauvreté", row.poverty_rate.map(format::percent)),
            (
                "Demandeurs d'emploi (DEFM A, B, C)",
                row.defm_abc.map(format::integer),
            ),
        ]
        .into_iter()
        .filter_map(|(label, value)| value.map(|v| (label, v)))
        .collect();
        let follow_up = format!(
            "{} mois ; un adressage sans décision expire après {} jours",
            row.follow_up_months, row.referral_expiry_days
        );
        CiteView {
            name: row.name.clone(),
            departement,
            epci: row
                .epci
                .as_deref()
                .and_then(referential::epci)
                .map(|e| e.name.to_owned())
                .unwrap_or_default(),
            communes: commune_names(&row.communes()),
            label_year: row.label_year,
            co_pilots: row.co_pilots.clone().unwrap_or_default(),
            figures,
            follow_up,
            target_publics: row
                .target_publics()
                .iter()
                .filter_map(|c| referential::public(c))
                .map(|p| p.label)
                .collect(),
            no_target_public: row.no_target_public,
            axes: row.axes.0.iter().map(|a| a.label()).collect(),
            own_axes: row.own_axes(),
            archived_on: row.archived_at.map(paris_day),
        }
    }
}

#[derive(Template)]
#[template(path = "cites/show.html")]
struct ShowPage {
    layout: Layout,
    id: CiteId,
    cite: CiteView,
    qpvs: Vec<QpvView>,
    /// « Freins de la Cité »: its words for persons' barriers.
    barrier_words: Vec<WordView>,
    can_edit: bool,
    /// The national team archives and brings back Cités.
    national: bool,
    qpv_form: QpvInput,
    qpv_errors: FieldErrors,
    /// The Cité's communes as the QPV form suggests them: « Angers (49007) ».
    commune_choices: Vec<String>,
}

async fn show_page(
    state: &AppState,
    user: &CurrentUser,
    cite_id: CiteId,
    qpv_form: QpvInput,
    qpv_errors: FieldErrors,
    notice_code: Option<&str>,
) -> AppResult<Response> {
    let row = state.store.cite(&user.scope, cite_id).await?;
    let qpvs = state.store.qpvs(&user.scope, cite_id).await?;
    let vocabulary = state.store.barrier_words(&user.scope, cite_id).await?;
    let path = if user.role() == Role::National {
        "/cites"
    } else {
        "/cite"
    };
    let status = crate::views::form_status(&qpv_errors);
    let page = ShowPage {
        id: cite_id,
        layout: Layout::new(row.name.clone(), user, path).with_notice(Notice::of(notice_code)),
        cite: CiteView::from(&row),
        commune_choices: row.communes().iter().map(commune_label).collect(),
        qpvs: qpvs.into_iter().map(Into::into).collect(),
        barrier_words: word_views(&vocabulary),
        can_edit: user.scope.can_administer_cite() && user.scope.cite_id() == Some(cite_id),
        national: user.role() == Role::National,
        qpv_form,
        qpv_errors,
    };
    Ok((status, render(&page)?).into_response())
}

/// The user's own Cité.
pub async fn own(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(query): Query<NoticeQuery>,
) -> AppResult<Response> {
    let cite_id = user.scope.cite_id().ok_or(AppError::NotFound)?;
    show_page(
        &state,
        &user,
        cite_id,
        QpvInput::default(),
        FieldErrors::new(),
        query.fait.as_deref(),
    )
    .await
}

/// Any Cité's public profile, for the national team (members see their own).
pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<CiteId>,
) -> AppResult<Response> {
    show_page(
        &state,
        &user,
        id,
        QpvInput::default(),
        FieldErrors::new(),
        None,
    )
    .await
}

pub struct SummaryView {
    pub id: CiteId,
    pub name: String,
    pub departement: String,
    pub label_year: i32,
    pub partners: String,
    pub referents: String,
    pub archived_on: Option<String>,
}

impl From<CiteSummary> for SummaryView {
    fn from(s: CiteSummary) -> Self {
        SummaryView {
            departement: referential::departement(&s.departement).map_or_else(
                || s.departement.clone(),
                |d| format!("{} ({})", d.name, d.code),
            ),
            id: s.id,
            name: s.name,
            label_year: s.label_year,
            partners: format::integer(s.partners),
            referents: format::integer(s.referents),
            archived_on: s.archived_at.map(paris_day),
        }
    }
}

#[derive(Template)]
#[template(path = "cites/list.html")]
pub struct ListPage {
    pub layout: Layout,
    /// The active Cités (« Créer une Cité » adds one).
    pub cites: Vec<SummaryView>,
    /// « Cités archivées », listed apart with their date.
    pub archived: Vec<SummaryView>,
}

/// Every Cité with its counts (national team): the active ones, then the
/// archived ones apart.
pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(query): Query<NoticeQuery>,
) -> AppResult<Response> {
    let summaries = state.store.cite_summaries(&user.scope).await?;
    let (archived, cites): (Vec<SummaryView>, Vec<SummaryView>) = summaries
        .into_iter()
        .map(SummaryView::from)
        .partition(|c| c.archived_on.is_some());
    let page = ListPage {
        layout: Layout::new("Cités de l'emploi", &user, "/cites")
            .with_notice(Notice::of(query.fait.as_deref())),
        cites,
        archived,
    };
    Ok(render(&page)?.into_response())
}

#[derive(Template)]
#[template(path = "cites/form.html")]
struct FormPage {
    layout: Layout,
    form: CiteInput,
    errors: FieldErrors,
    departements: Vec<(String, String)>,
    label_years: Vec<(String, String)>,
    publics: Vec<(&'static str, &'static str, bool)>,
    axes: Vec<(&'static str, &'static str, bool)>,
}

/// The départements a Cité may lie in, « 49 – Maine-et-Loire ».
pub(super) fn departement_choices() -> Vec<(String, String)> {
    referential::departements()
        .iter()
        .map(|d| (d.code.to_owned(), format!("{} – {}", d.code, d.name)))
        .collect()
}

/// The label waves a form offers, seen from the request's day.
pub(super) fn label_year_choices(user: &CurrentUser) -> Vec<(String, String)> {
    maillage_domain::cites::label_years(user.actor().today())
        .map(|y| {
            let label = if y == maillage_domain::cites::FIRST_LABEL_YEAR {
                format!("{y} (Cités pionnières)")
            } else {
                y.to_string()
            };
            (y.to_string(), label)
        })
        .collect()
}

fn form_page(user: &CurrentUser, form: CiteInput, errors: FieldErrors) -> AppResult<Response> {
    let status = crate::views::form_status(&errors);
    let page = FormPage {
        layout: Layout::new("Modifier le profil de la Cité", user, "/cite"),
        departements: departement_choices(),
        label_years: label_year_choices(user),
        publics: referential::publics()
            .iter()
            .map(|p| {
                (
                    p.code,
                    p.label,
                    form.target_publics.iter().any(|c| c == p.code),
                )
            })
            .collect(),
        axes: Axis::ALL
            .iter()
            .map(|a| (a.code(), a.label(), form.axes.iter().any(|c| c == a.code())))
            .collect(),
        form,
        errors,
    };
    Ok((status, render(&page)?).into_response())
}

fn scope_cite(scope: &Scope) -> AppResult<CiteId> {
    scope.cite_id().ok_or(AppError::NotFound)
}

pub async fn edit(State(state): State<AppState>, user: CurrentUser) -> AppResult<Response> {
    user.require_coordinator()?;
    let row = state
        .store
        .cite(&user.scope, scope_cite(&user.scope)?)
        .await?;
    let rate = format::rate_input;
    let count = |v: Option<i64>| v.map(|n| n.to_string()).unwrap_or_default();
    let form = CiteInput {
        name: row.name.clone(),
        departement: row.departement.clone(),
        epci: row.epci.clone().unwrap_or_default(),
        communes: row.communes().join(", "),
        label_year: row.label_year.to_string(),
        co_pilots: row.co_pilots.clone().unwrap_or_default(),
        population: count(row.population),
        unemployment_rate: rate(row.unemployment_rate),
        employment_rate: rate(row.employment_rate),
        poverty_rate: rate(row.poverty_rate),
        defm_abc: count(row.defm_abc),
        target_publics: row.target_publics(),
        no_target_public: if row.no_target_public { "oui" } else { "" }.to_owned(),
        own_axes: row.own_axes,
        axes: row.axes.0.iter().map(|a| a.code().to_owned()).collect(),
        follow_up_months: row.follow_up_months.to_string(),
        referral_expiry_days: row.referral_expiry_days.to_string(),
    };
    form_page(&user, form, FieldErrors::new())
}

pub async fn update(
    State(state): State<AppState>,
    user: CurrentUser,
    Form(form): Form<CiteInput>,
) -> AppResult<Response> {
    user.require_coordinator()?;
    let profile = match form.validate(user.actor().today()) {
        Ok(profile) => profile,
        Err(errors) => return form_page(&user, form, errors),
    };
    state
        .store
        .update_cite(&user.actor(), &user.scope, &profile)
        .await?;
    Ok(Redirect::to(&Notice::CiteUpdated.at("/cite")).into_response())
}

pub async fn add_qpv(
    State(state): State<AppState>,
    user: CurrentUser,
    Form(form): Form<QpvInput>,
) -> AppResult<Response> {
    user.require_coordinator()?;
    let cite_id = scope_cite(&user.scope)?;
    let cite = state.store.cite(&user.scope, cite_id).await?;
    let draft = match form.validate(&cite.communes()) {
        Ok(draft) => draft,
        Err(errors) => return show_page(&state, &user, cite_id, form, errors, None).await,
    };
    let added = state
        .store
        .add_qpv(&user.actor(), &user.scope, &draft)
        .await;
    match checked(added)? {
        Ok(_) => Ok(Redirect::to(&Notice::QpvAdded.at("/cite")).into_response()),
        Err(errors) => show_page(&state, &user, cite_id, form, errors, None).await,
    }
}

/// Asks before removing a QPV; refuses, with the count, while files name it.
pub async fn confirm_remove_qpv(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<QpvId>,
) -> AppResult<Response> {
    user.require_coordinator()?;
    let (qpv, files) = state.store.qpv_files(&user.scope, id).await?;
    let title = format!("Retirer le quartier {}", qpv.name);
    let page = ConfirmPage {
        layout: Layout::new(title.clone(), &user, "/cite")
            .with_breadcrumb(&[("/cite", "Ma Cité")], &title),
        question: format!(
            "Retirer le quartier prioritaire {} ({}) du territoire de la Cité ?",
            qpv.name, qpv.code
        ),
        consequences: vec![
            "Il ne sera plus proposé comme quartier des personnes accompagnées.".to_owned(),
        ],
        action: format!("/cite/qpv/{id}/retirer"),
        button: "Retirer le quartier",
        back: "/cite".to_owned(),
        refusal: maillage_domain::cites::qpv_removal_refused(files),
    };
    Ok(render(&page)?.into_response())
}

pub async fn remove_qpv(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<QpvId>,
) -> AppResult<Redirect> {
    user.require_coordinator()?;
    state
        .store
        .remove_qpv(&user.actor(), &user.scope, id)
        .await?;
    Ok(Redirect::to(&Notice::QpvRemoved.at("/cite")))
}
