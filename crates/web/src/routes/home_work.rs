//! What each role's home shows of its own work (*accueil par rôle*): the
//! coordinator's Cité at a glance and what waits for a decision; the
//! référent's people, their next checks and its proposals waiting; the
//! porteur's actions with their places and séances; for both, the bilans
//! their agreements owe within a month or late.

use chrono::NaiveDate;
use maillage_domain::accounts::Role;
use maillage_domain::agreements::REPORT_NOTICE_DAYS;
use maillage_domain::follow_up::TodoKind;
use maillage_domain::ids::{ActionId, ParticipantId, ReportId};
use maillage_domain::masking::count_for;
use maillage_domain::numbers::counted;
use maillage_domain::participants::cohorts::cohort_label;
use maillage_store::actions::{ActionFilter, ActionRow};
use maillage_store::follow_up::{SearchFilters, TodoFilters};

use super::follow_up::todo::{kind_links, KindLink, Line, TodoQuery};
use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::state::AppState;
use crate::views::format;
use maillage_domain::names::list_name;

/// How many people and checks a référent's home lists before « Voir tout ».
const HOME_LIST_SIZE: i64 = 10;

/// The coordinator's Cité at a glance.
pub struct CoordinatorWork {
    /// (cohort, entrants, intake state)
    pub cohorts: Vec<(String, String, &'static str)>,
    pub actions: String,
    pub places: String,
    /// Each kind of « À faire » with its count, linked to the filtered list.
    pub decisions: Vec<KindLink>,
    pub bilans: Vec<AwaitedBilan>,
}

/// A bilan an agreement owes, due within a month or late (« À faire »).
pub struct AwaitedBilan {
    pub id: ReportId,
    /// « Bilan financier 2024 — Mobil'Emploi (CONV-2023-001) »
    pub label: String,
    pub due_on: String,
    pub late: bool,
}

/// The bilans due within [`REPORT_NOTICE_DAYS`] days or late, as the
/// scope sees them.
pub(crate) async fn awaited_bilans(
    state: &AppState,
    user: &CurrentUser,
    today: NaiveDate,
) -> AppResult<Vec<AwaitedBilan>> {
    let until = today + chrono::Duration::days(REPORT_NOTICE_DAYS);
    Ok(state
        .store
        .awaited_reports(&user.scope, until)
        .await?
        .into_iter()
        .map(|r| AwaitedBilan {
            id: r.id,
            label: format!(
                "{} {} — {} ({})",
                r.kind.label(),
                r.year,
                r.project_title,
                r.reference
            ),
            due_on: format::date(r.due_on),
            late: r.due_on < today,
        })
        .collect())
}

/// A référent's own follow-up.
pub struct ReferentWork {
    pub people_total: String,
    /// (id, « NOM Prénom », status)
    pub people: Vec<(ParticipantId, String, &'static str)>,
    pub checks_total: String,
    pub checks: Vec<Line>,
    pub referrals: String,
}

/// An action the porteur's organisation carries.
pub struct PorteurAction {
    pub id: ActionId,
    pub title: String,
    pub places: String,
    pub seances: String,
    /// The latest séance held.
    pub last_seance: String,
    pub ends_on: String,
}

/// What one role's home adds to the Cité's tiles.
pub enum Work {
    Coordinator(CoordinatorWork),
    Referent(ReferentWork),
    Porteur(Vec<PorteurAction>, Vec<AwaitedBilan>),
    None,
}

impl Work {
    pub async fn load(state: &AppState, user: &CurrentUser) -> AppResult<Work> {
        let today = state.today();
        Ok(match user.role() {
            Role::Coordinateur => Work::Coordinator(coordinator(state, user, today).await?),
            Role::Referent => Work::Referent(referent(state, user, today).await?),
            Role::Porteur => Work::Porteur(
                porteur(state, user).await?,
                awaited_bilans(state, user, today).await?,
            ),
            Role::Pilote | Role::National => Work::None,
        })
    }
}

/// « 12 places prises sur 20, 4 en liste d'attente », each count as the
/// role may see it.
fn places(role: Role, actions: &[ActionRow]) -> String {
    let limited: Vec<&ActionRow> = actions.iter().filter(|a| a.capacity.is_some()).collect();
    if limited.is_empty() {
        return "Aucune action à places limitées".to_owned();
    }
    let capacity: i64 = limited
        .iter()
        .filter_map(|a| a.capacity)
        .map(i64::from)
        .sum();
    let taken: i64 = limited.iter().map(|a| a.places_taken).sum();
    let waiting: i64 = limited.iter().map(|a| a.waiting).sum();
    format!(
        "{} places prises sur {}, {} en liste d'attente",
        count_for(role, taken),
        format::integer(capacity),
        count_for(role, waiting)
    )
}

async fn coordinator(
    state: &AppState,
    user: &CurrentUser,
    today: NaiveDate,
) -> AppResult<CoordinatorWork> {
    let (store, scope) = (&state.store, &user.scope);
    let (every_action, every_line) = (ActionFilter::default(), TodoFilters::default());
    let (cohorts, actions, counts) = tokio::try_join!(
        store.cohorts(scope),
        store.actions(scope, &every_action),
        store.todo_counts(scope, today, &every_line),
    )?;
    let bilans = awaited_bilans(state, user, today).await?;
    Ok(CoordinatorWork {
        cohorts: cohorts
            .iter()
            .map(|c| {
                let shown = count_for(user.role(), c.members);
                (
                    cohort_label(&c.name, c.year),
                    counted(c.members, &shown, "personne entrée", "personnes entrées"),
                    c.intake(today).label(),
                )
            })
            .collect(),
        actions: {
            let count = i64::try_from(actions.len()).unwrap_or(0);
            counted(count, &format::integer(count), "action", "actions")
        },
        places: places(user.role(), &actions),
        decisions: kind_links(&TodoQuery::default(), &counts),
        bilans,
    })
}

async fn referent(
    state: &AppState,
    user: &CurrentUser,
    today: NaiveDate,
) -> AppResult<ReferentWork> {
    let (store, scope) = (&state.store, &user.scope);
    let mine = SearchFilters {
        lead_user_id: Some(user.user_id),
        per_page: HOME_LIST_SIZE,
        ..SearchFilters::default()
    };
    let my_checks = TodoFilters {
        kind: Some(TodoKind::Check),
        lead_user_id: Some(user.user_id),
        per_page: HOME_LIST_SIZE,
        ..TodoFilters::default()
    };
    let every_line = TodoFilters::default();
    let (people, checks, counts, all_counts) = tokio::try_join!(
        store.search(scope, &mine),
        store.todo(scope, today, &my_checks),
        store.todo_counts(scope, today, &my_checks),
        store.todo_counts(scope, today, &every_line),
    )?;
    let (people, total) = people;
    Ok(ReferentWork {
        people_total: format::integer(total),
        people: people
            .into_iter()
            .map(|p| {
                (
                    p.id,
                    list_name(&p.first_name, &p.last_name),
                    p.status.label(),
                )
            })
            .collect(),
        checks_total: format::integer(counts.of(TodoKind::Check)),
        checks: checks.into_iter().map(|l| Line::new(l, today)).collect(),
        referrals: format::integer(all_counts.of(TodoKind::Referral)),
    })
}

async fn porteur(state: &AppState, user: &CurrentUser) -> AppResult<Vec<PorteurAction>> {
    let (store, scope) = (&state.store, &user.scope);
    let partner = scope.partner_id();
    let actions: Vec<ActionRow> = store
        .actions(scope, &ActionFilter::default())
        .await?
        .into_iter()
        .filter(|a| partner.is_some() && a.carrier_partner_id == partner)
        .collect();
    // A porteur carries a handful of actions: their séances are read together.
    let seances =
        futures::future::try_join_all(actions.iter().map(|a| store.seances(scope, a.id))).await?;
    Ok(actions
        .into_iter()
        .zip(seances)
        .map(|(action, seances)| {
            // A séance is recorded once held: the latest one says the action lives.
            let last = seances.iter().map(|s| s.held_on).max();
            PorteurAction {
                id: action.id,
                places: places(user.role(), std::slice::from_ref(&action)),
                seances: match seances.len() {
                    0 => "Aucune séance".to_owned(),
                    n => {
                        let count = i64::try_from(n).unwrap_or(0);
                        counted(count, &format::integer(count), "séance", "séances")
                    }
                },
                last_seance: last.map(format::date).unwrap_or_default(),
                ends_on: action.ends_on.map(format::date).unwrap_or_default(),
                title: action.title,
            }
        })
        .collect())
}
