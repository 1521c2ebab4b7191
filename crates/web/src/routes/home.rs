//! The home page (*accueil*), fitted to the role.

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use maillage_domain::accounts::Role;
use maillage_domain::barriers::Vocabulary;
use maillage_domain::masking::{count_for, MIN_SHOWN_COUNT};
use maillage_domain::participants::indicators::{
    barriers_by_category, outcomes_by_class, BarrierCount, OutcomeCount, CLASSES,
    FOLLOW_UP_CHECKPOINTS,
};
use maillage_store::cite_barriers::WordCounts;
use maillage_store::follow_up::CiteCounts;

use super::home_results::{ActionsResults, SeancesLine};
use super::home_work::Work;
use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::state::AppState;
use crate::views::{format, render, Layout};

/// Persons of one Cité as co-pilots and the national team see them: counts
/// only, each masked below the threshold.
pub struct CountsLine {
    pub cite: String,
    pub proposed: String,
    pub active: String,
    pub exited: String,
    pub durable_employment: String,
}

impl CountsLine {
    /// Masked below the threshold for co-pilots and the national team
    /// (`domain::masking`); the coordinator sees the counts themselves.
    fn new(role: Role, cite: String, counts: Option<&CiteCounts>) -> CountsLine {
        let masked = |count: fn(&CiteCounts) -> i64| count_for(role, counts.map_or(0, count));
        CountsLine {
            cite,
            proposed: masked(|c| c.proposed),
            active: masked(|c| c.active),
            exited: masked(|c| c.exited),
            durable_employment: masked(|c| c.durable_employment),
        }
    }
}

/// A Cité's barriers and situations, as its co-pilots and coordinators read them.
pub struct Indicators {
    /// Whether the barriers are grouped by the Cité's own words.
    pub by_cite_words: bool,
    /// (word or category, persons with such a barrier, persons for whom it was lifted)
    pub barriers: Vec<(String, String, String)>,
    pub checkpoints: [&'static str; 3],
    /// (class, persons at exit, +6 months, +12 months)
    pub outcomes: Vec<(&'static str, [String; 3])>,
}

/// What the barriers table is drawn from: the categories of the national
/// codes, or the Cité's words (« freins de la Cité ») when it named some.
pub struct BarrierSources {
    pub by_thematic: Vec<BarrierCount>,
    pub vocabulary: Vocabulary,
    pub by_word: WordCounts,
}

impl Indicators {
    fn new(user: &CurrentUser, barriers: &BarrierSources, outcomes: &[OutcomeCount]) -> Indicators {
        // Co-pilots see counts only, masked below the threshold; the
        // coordinator sees the persons themselves elsewhere.
        let shown = |n: i64| count_for(user.role(), n);
        let table = outcomes_by_class(outcomes);
        let by_cite_words = !barriers.vocabulary.is_empty();
        let lines = if by_cite_words {
            let others = barriers.by_word.others;
            barriers
                .vocabulary
                .words()
                .iter()
                .map(|word| (word.label.clone(), barriers.by_word.of(word.id)))
                .chain((others.identified > 0).then(|| ("Autres freins".to_owned(), others)))
                .map(|(label, n)| (label, shown(n.identified), shown(n.lifted)))
                .collect()
        } else {
            barriers_by_category(&barriers.by_thematic)
                .into_iter()
                .map(|line| {
                    let label = line.category.to_owned();
                    (label, shown(line.identified), shown(line.lifted))
                })
                .collect()
        };
        Indicators {
            by_cite_words,
            barriers: lines,
            checkpoints: FOLLOW_UP_CHECKPOINTS.map(|c| c.label()),
            outcomes: CLASSES
                .iter()
                .zip(table)
                .map(|(class, row)| (class.label(), row.map(shown)))
                .collect(),
        }
    }
}

#[derive(Template)]
#[template(path = "home/national.html")]
struct NationalHome {
    layout: Layout,
    active_cites: usize,
    partners: String,
    referents: String,
    counts: Vec<CountsLine>,
    threshold: i64,
    /// Séances and people met without a file, across the network.
    seances: SeancesLine,
}

#[derive(Template)]
#[template(path = "home/cite.html")]
struct CiteHome {
    layout: Layout,
    cite_name: String,
    role: Role,
    organisation: Option<String>,
    partners: usize,
    qpvs: usize,
    accounts: Option<usize>,
    /// The persons by status: masked for the co-pilot, exact for the
    /// coordinator (empty for other roles).
    counts: Vec<CountsLine>,
    /// The role's own work.
    work: Work,
    /// Barriers and situations, for co-pilots and coordinators.
    indicators: Option<Indicators>,
    /// What the actions achieved, for co-pilots and coordinators.
    results: Option<ActionsResults>,
    threshold: i64,
}

pub async fn show(State(state): State<AppState>, user: CurrentUser) -> AppResult<Response> {
    let Some(cite_id) = user.scope.cite_id() else {
        let summaries = state.store.cite_summaries(&user.scope).await?;
        // The network today counts active Cités only; the persons an
        // archived Cité followed are history and keep their line, marked.
        let active: Vec<_> = summaries
            .iter()
            .filter(|s| s.archived_at.is_none())
            .collect();
        let partners = active.iter().map(|s| s.partners).sum();
        let referents = active.iter().map(|s| s.referents).sum();
        let (counts, seances) = tokio::try_join!(
            state.store.counts(&user.scope),
            state.store.seance_totals(&user.scope)
        )?;
        let counts = summaries
            .iter()
            .map(|s| {
                let own = counts.iter().find(|c| c.cite_id == s.id);
                let name = match s.archived_at {
                    None => s.name.clone(),
                    Some(_) => format!("{} (archivée)", s.name),
                };
                CountsLine::new(user.role(), name, own)
            })
            .collect();
        let page = NationalHome {
            layout: Layout::new("Accueil", &user, "/"),
            active_cites: active.len(),
            partners: format::integer(partners),
            referents: format::integer(referents),
            counts,
            threshold: MIN_SHOWN_COUNT,
            seances: SeancesLine::new(user.role(), &seances, &[]),
        };
        return Ok(render(&page)?.into_response());
    };
    let (store, scope) = (&state.store, &user.scope);
    let pilote = user.role() == Role::Pilote;
    let with_indicators = pilote || user.role() == Role::Coordinateur;
    let with_counts = with_indicators;
    // Independent reads, run at once: the page waits for the slowest only.
    let (cite, partners, qpvs, accounts, counts, indicators, results, work) = tokio::try_join!(
        async { Ok(store.cite(scope, cite_id).await?) },
        async { Ok(store.partners(scope, false).await?) },
        async { Ok(store.qpvs(scope, cite_id).await?) },
        async {
            match scope.can_administer_cite() {
                true => Ok(store.cite_accounts(scope).await.map(|a| Some(a.len()))?),
                false => Ok(None),
            }
        },
        async {
            match with_counts {
                true => Ok(store.counts(scope).await?),
                false => Ok(Vec::new()),
            }
        },
        async {
            match with_indicators {
                true => {
                    let (indicators, vocabulary, by_word) = tokio::try_join!(
                        store.indicators(scope),
                        store.barrier_words(scope, cite_id),
                        store.barriers_by_word(scope),
                    )?;
                    Ok(Some((indicators, vocabulary, by_word)))
                }
                false => Ok(None),
            }
        },
        async {
            match with_indicators {
                true => Ok(ActionsResults::load(&state, &user).await.map(Some)?),
                false => Ok(None),
            }
        },
        Work::load(&state, &user),
    )?;
    let counts = if with_counts {
        let own = counts.iter().find(|c| c.cite_id == cite_id);
        vec![CountsLine::new(user.role(), cite.name.clone(), own)]
    } else {
        Vec::new()
    };
    let indicators = indicators.map(|((by_thematic, outcomes), vocabulary, by_word)| {
        let barriers = BarrierSources {
            by_thematic,
            vocabulary,
            by_word,
        };
        Indicators::new(&user, &barriers, &outcomes)
    });
    let page = CiteHome {
        layout: Layout::new("Accueil", &user, "/"),
        cite_name: cite.name,
        role: user.role(),
        organisation: user.membership().and_then(|m| m.partner_name.clone()),
        partners: partners.len(),
        qpvs: qpvs.len(),
        accounts,
        counts,
        work,
        indicators,
        results,
        threshold: MIN_SHOWN_COUNT,
    };
    Ok(render(&page)?.into_response())
}
