//! A référent proposes a person to an open cohort: the person's whole file
//! (identity, residence, FSE+ situation at entry, consent) with the cohort
//! and the motive, checked by the domain's rules before anything is saved.

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use maillage_domain::errors::optional_text;
use maillage_domain::ids::CohortId;
use maillage_domain::participants::cohorts::{cohort_label, Intake};
use maillage_domain::participants::person::{
    Answer, ConsentMethod, EducationLevel, EmploymentStatus, ParticipantInput, Sex,
};
use maillage_domain::FieldErrors;
use maillage_store::StoreError;
use serde::Deserialize;

use super::require_referent;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::form::Form;
use crate::state::AppState;
use crate::views::codes::closed_list;
use crate::views::notice::Notice;
use crate::views::{render, Layout};

/// The posted form: the person's fields, as [`ParticipantInput`] names them,
/// plus the proposal's own. One flat struct, because a flattened one would
/// lose the strict parsing (unknown fields, single-valued lists).
#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct ProposeInput {
    cohort_id: String,
    motive: String,
    first_name: String,
    last_name: String,
    birth_date: String,
    sex: String,
    phone: String,
    email: String,
    address: String,
    residence: String,
    employment_status: String,
    education: String,
    rsa: String,
    single_parent: String,
    rqth: String,
    france_travail_id: String,
    consent_date: String,
    consent_method: String,
    consent_partners: Vec<String>,
}

/// A proposal as typed: kept to show the form again.
struct Proposal {
    cohort_id: String,
    motive: String,
    person: ParticipantInput,
}

impl ProposeInput {
    fn split(self) -> Proposal {
        let ProposeInput {
            cohort_id,
            motive,
            first_name,
            last_name,
            birth_date,
            sex,
            phone,
            email,
            address,
            residence,
            employment_status,
            education,
            rsa,
            single_parent,
            rqth,
            france_travail_id,
            consent_date,
            consent_method,
            consent_partners,
        } = self;
        let person = ParticipantInput {
            first_name,
            last_name,
            birth_date,
            sex,
            phone,
            email,
            address,
            residence,
            employment_status,
            education,
            rsa,
            single_parent,
            rqth,
            france_travail_id,
            consent_date,
            consent_method,
            consent_partners,
        };
        Proposal {
            cohort_id,
            motive,
            person,
        }
    }
}

/// What the form offers, from the référent's Cité.
struct Choices {
    /// Cohorts whose intake is open today: the others take no proposal.
    cohorts: Vec<(String, String)>,
    qpvs: Vec<(String, String)>,
    /// The other partners a consent may cover (the proposer's own follows
    /// the person anyway).
    partners: Vec<(String, String)>,
}

impl Choices {
    async fn load(state: &AppState, user: &CurrentUser) -> AppResult<Choices> {
        let cite_id = user.scope.cite_id().ok_or(AppError::NotFound)?;
        let cohorts = state.store.cohorts(&user.scope).await?;
        let qpvs = state.store.qpvs(&user.scope, cite_id).await?;
        let partners = state.store.partners(&user.scope, false).await?;
        Ok(Choices {
            cohorts: cohorts
                .into_iter()
                .filter(|c| c.intake(state.today()) == Intake::Open)
                .map(|c| (c.id.to_string(), cohort_label(&c.name, c.year)))
                .collect(),
            qpvs: qpvs
                .into_iter()
                .map(|q| (q.id.to_string(), format!("{} ({})", q.name, q.code)))
                .collect(),
            partners: partners
                .into_iter()
                .filter(|p| Some(p.id) != user.scope.partner_id())
                .map(|p| (p.id.to_string(), p.name))
                .collect(),
        })
    }

    fn ids<T: std::str::FromStr>(options: &[(String, String)]) -> Vec<T> {
        options
            .iter()
            .filter_map(|(id, _)| id.parse().ok())
            .collect()
    }
}

/// A closed list as radio buttons: `(code, label)`.
type Options = Vec<(String, String)>;

#[derive(Template)]
#[template(path = "referrals/propose.html")]
struct FormPage {
    layout: Layout,
    cohort_id: String,
    motive: String,
    form: ParticipantInput,
    errors: FieldErrors,
    cohorts: Options,
    residences: Options,
    /// Consent partners: `(id, name, checked)`.
    partners: Vec<(String, String, bool)>,
    sexes: Options,
    employment_statuses: Options,
    education_levels: Options,
    answers: Options,
    consent_methods: Options,
}

fn form_page(
    user: &CurrentUser,
    choices: Choices,
    proposal: Proposal,
    errors: FieldErrors,
) -> AppResult<Response> {
    let status = crate::views::form_status(&errors);
    let mut residences = choices.qpvs;
    residences.push(("hors-qpv".to_owned(), "Hors QPV".to_owned()));
    let page = FormPage {
        layout: Layout::new("Proposer une personne", user, "/adressages")
            .with_breadcrumb(&[("/adressages", "Adressages")], "Proposer une personne"),
        partners: choices
            .partners
            .into_iter()
            .map(|(id, name)| {
                let checked = proposal.person.consent_partners.contains(&id);
                (id, name, checked)
            })
            .collect(),
        cohort_id: proposal.cohort_id,
        motive: proposal.motive,
        cohorts: choices.cohorts,
        residences,
        sexes: closed_list::<Sex>(),
        employment_statuses: closed_list::<EmploymentStatus>(),
        education_levels: closed_list::<EducationLevel>(),
        answers: closed_list::<Answer>(),
        consent_methods: closed_list::<ConsentMethod>(),
        form: proposal.person,
        errors,
    };
    Ok((status, render(&page)?).into_response())
}

pub async fn new(State(state): State<AppState>, user: CurrentUser) -> AppResult<Response> {
    require_referent(&user)?;
    let choices = Choices::load(&state, &user).await?;
    let empty = Proposal {
        cohort_id: String::new(),
        motive: String::new(),
        person: ParticipantInput::default(),
    };
    form_page(&user, choices, empty, FieldErrors::new())
}

pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    Form(input): Form<ProposeInput>,
) -> AppResult<Response> {
    require_referent(&user)?;
    let choices = Choices::load(&state, &user).await?;
    let today = state.today();
    let proposal = input.split();
    let mut errors = FieldErrors::new();
    let cohort = proposal
        .cohort_id
        .trim()
        .parse::<CohortId>()
        .ok()
        .filter(|id| Choices::ids(&choices.cohorts).contains(id));
    if cohort.is_none() {
        errors.add("cohort_id", "Choisissez une cohorte ouverte aux entrées.");
    }
    let motive = optional_text(&mut errors, "motive", &proposal.motive, 1000);
    let qpv_ids = Choices::ids(&choices.qpvs);
    let partner_ids = Choices::ids(&choices.partners);
    let draft = match proposal.person.validate(&qpv_ids, &partner_ids, today) {
        Ok(draft) => Some(draft),
        Err(found) => {
            for (field, message) in found.iter() {
                errors.add(field, message);
            }
            None
        }
    };
    let (cohort, draft) = match (cohort, draft) {
        (Some(cohort), Some(draft)) if errors.is_empty() => (cohort, draft),
        _ => return form_page(&user, choices, proposal, errors),
    };
    match state
        .store
        .propose(
            &user.actor(),
            &user.scope,
            cohort,
            &draft,
            motive.as_deref(),
            today,
        )
        .await
    {
        Ok(_) => {
            // The coordinators may want to hear of it at once.
            state.mail_queued.notify_one();
            Ok(Redirect::to(&Notice::ReferralProposed.at("/adressages")).into_response())
        }
        Err(StoreError::Invalid { field, message }) => form_page(
            &user,
            choices,
            proposal,
            FieldErrors::single(field, message),
        ),
        Err(error) => Err(error.into()),
    }
}
