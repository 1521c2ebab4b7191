//! What the actions achieved, on the home pages: each action's indicators
//! on the Cité's home (co-pilots and coordinators), and the séances and
//! people met without a file, totalled for the Cité and for the network.

use maillage_domain::accounts::Role;
use maillage_domain::actions::results::{summary, IndicatorSource};
use maillage_domain::ids::ActionId;
use maillage_domain::masking::{count_for, total_beside_parts};
use maillage_store::results::SeanceTotals;
use maillage_store::StoreResult;

use crate::auth::CurrentUser;
use crate::state::AppState;
use crate::views::format;

/// Séances held and people met without a file, as `role` may read them.
pub struct SeancesLine {
    pub seances: String,
    pub persons_met: String,
}

impl SeancesLine {
    /// `shown_met`: the people met that the page also shows action by
    /// action; the total is withheld when it would give the rest away.
    pub fn new(role: Role, totals: &[SeanceTotals], shown_met: &[i64]) -> SeancesLine {
        let met = totals.iter().map(|t| t.persons_met).sum();
        SeancesLine {
            seances: format::integer(totals.iter().map(|t| t.seances).sum()),
            persons_met: total_beside_parts(role, met, shown_met),
        }
    }
}

/// The « Résultats des actions » block of a Cité's home.
pub struct ActionsResults {
    /// (action, its title, « 63 familles, 17 retours à l'emploi »)
    pub actions: Vec<(ActionId, String, String)>,
    pub seances: SeancesLine,
}

impl ActionsResults {
    pub async fn load(state: &AppState, user: &CurrentUser) -> StoreResult<ActionsResults> {
        let (store, scope) = (&state.store, &user.scope);
        let (actions, totals) =
            tokio::try_join!(store.cite_results(scope), store.seance_totals(scope))?;
        let role = user.role();
        let shown_met: Vec<i64> = actions
            .iter()
            .flat_map(|a| &a.results)
            .filter(|r| r.source == IndicatorSource::PersonsMet)
            .map(|r| r.total)
            .collect();
        let seances = SeancesLine::new(role, &totals, &shown_met);
        Ok(ActionsResults {
            actions: actions
                .into_iter()
                .map(|a| {
                    let line = summary(&a.results, |n| count_for(role, n));
                    (a.action_id, a.title, line)
                })
                .collect(),
            seances,
        })
    }
}
