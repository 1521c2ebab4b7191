//! « Solutions possibles » (suggestions): the services and Cité actions that
//! address a person's open barriers (freins), ranked so that the first line is
//! the one a counsellor would try first, with the reason in plain French.

use std::cmp::Ordering;

use crate::referential::category_of_thematic;

/// Whether an offer can take the person now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Availability {
    /// An action with places left.
    Places(u32),
    /// A service of the catalogue (droit commun): no places to count.
    Open,
    /// An action whose places are all taken: this many people wait already.
    WaitingList(u32),
}

impl Availability {
    /// Lower is better: free places first, then open services, then the
    /// shortest waiting list.
    fn rank(self) -> (u8, u32) {
        match self {
            Availability::Places(_) => (0, 0),
            Availability::Open => (1, 0),
            Availability::WaitingList(waiting) => (2, waiting),
        }
    }

    pub fn label(self) -> String {
        match self {
            Availability::Places(1) => "1 place disponible".to_owned(),
            Availability::Places(n) => format!("{n} places disponibles"),
            Availability::Open => "Sans limite de places".to_owned(),
            Availability::WaitingList(0) => "Complet : personne en attente".to_owned(),
            Availability::WaitingList(1) => "Complet : 1 personne en attente".to_owned(),
            Availability::WaitingList(n) => format!("Complet : {n} personnes en attente"),
        }
    }
}

/// An offer that might help: a service or an action of the person's Cité.
#[derive(Debug, Clone)]
pub struct Candidate<K> {
    pub key: K,
    pub name: String,
    /// data·inclusion thematic codes the offer addresses.
    pub thematics: Vec<String>,
    pub availability: Availability,
}

/// A candidate that addresses at least one open barrier.
#[derive(Debug, Clone)]
pub struct Suggestion<K> {
    pub key: K,
    pub name: String,
    pub availability: Availability,
    /// Open barriers the offer addresses exactly (same thematic).
    pub exact: Vec<String>,
    /// Open barriers it addresses only through their category
    /// (e.g. `mobilite--acceder-a-un-vehicule` for a `mobilite--preparer-un-permis` barrier).
    pub related: Vec<String>,
}

impl<K> Suggestion<K> {
    fn score(&self) -> usize {
        2 * self.exact.len() + self.related.len()
    }
}

/// Keeps the candidates that address an open barrier and ranks them: more
/// barriers addressed exactly first, then availability, then name.
pub fn rank<K>(open_barriers: &[&str], candidates: Vec<Candidate<K>>) -> Vec<Suggestion<K>> {
    let mut suggestions: Vec<Suggestion<K>> = candidates
        .into_iter()
        .filter_map(|candidate| {
            let mut exact = Vec::new();
            let mut related = Vec::new();
            for &barrier in open_barriers {
                if candidate.thematics.iter().any(|t| t == barrier) {
                    exact.push(barrier.to_owned());
                } else if candidate
                    .thematics
                    .iter()
                    .any(|t| same_category(t, barrier))
                {
                    related.push(barrier.to_owned());
                }
            }
            (!exact.is_empty() || !related.is_empty()).then_some(Suggestion {
                key: candidate.key,
                name: candidate.name,
                availability: candidate.availability,
                exact,
                related,
            })
        })
        .collect();
    suggestions.sort_by(|a, b| {
        b.score()
            .cmp(&a.score())
            .then_with(|| a.availability.rank().cmp(&b.availability.rank()))
            .then_with(|| compare_names(&a.name, &b.name))
    });
    suggestions
}

fn same_category(a: &str, b: &str) -> bool {
    match (category_of_thematic(a), category_of_thematic(b)) {
        (Some(x), Some(y)) => x.code == y.code,
        _ => false,
    }
}

fn compare_names(a: &str, b: &str) -> Ordering {
    a.to_lowercase().cmp(&b.to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHILDCARE: &str = "famille--garde-denfants";
    const LICENCE: &str = "mobilite--preparer-un-permis";
    const VEHICLE: &str = "mobilite--acceder-a-un-vehicule";
    const FRENCH: &str = "lecture-ecriture-calcul--maitriser-le-francais";

    fn candidate(
        key: u32,
        name: &str,
        thematics: &[&str],
        availability: Availability,
    ) -> Candidate<u32> {
        Candidate {
            key,
            name: name.to_owned(),
            thematics: thematics.iter().map(|t| (*t).to_owned()).collect(),
            availability,
        }
    }

    fn keys(suggestions: &[Suggestion<u32>]) -> Vec<u32> {
        suggestions.iter().map(|s| s.key).collect()
    }

    #[test]
    fn offers_that_address_no_open_barrier_are_left_out() {
        let ranked = rank(
            &[CHILDCARE],
            vec![
                candidate(1, "Cours de français", &[FRENCH], Availability::Open),
                candidate(2, "Crèche AVIP", &[CHILDCARE], Availability::Places(2)),
            ],
        );
        assert_eq!(keys(&ranked), [2]);
        assert_eq!(ranked[0].exact, [CHILDCARE]);
    }

    #[test]
    fn more_barriers_addressed_come_first_then_places_then_waiting_lists() {
        let ranked = rank(
            &[CHILDCARE, LICENCE],
            vec![
                candidate(1, "Garage solidaire", &[VEHICLE], Availability::Open),
                candidate(2, "Crèche AVIP", &[CHILDCARE], Availability::WaitingList(3)),
                candidate(3, "Par'Emploi", &[CHILDCARE], Availability::Places(1)),
                candidate(
                    4,
                    "Auto-école sociale",
                    &[LICENCE, CHILDCARE],
                    Availability::WaitingList(9),
                ),
                candidate(5, "Garde ponctuelle", &[CHILDCARE], Availability::Open),
                candidate(
                    6,
                    "Halte-garderie",
                    &[CHILDCARE],
                    Availability::WaitingList(1),
                ),
            ],
        );
        assert_eq!(keys(&ranked), [4, 3, 5, 6, 2, 1]);
        assert_eq!(
            ranked[5].related,
            [LICENCE],
            "same category, not the same thematic"
        );
    }

    #[test]
    fn ties_are_broken_by_name_whatever_the_case() {
        let ranked = rank(
            &[CHILDCARE],
            vec![
                candidate(1, "relais petite enfance", &[CHILDCARE], Availability::Open),
                candidate(2, "Assistante maternelle", &[CHILDCARE], Availability::Open),
            ],
        );
        assert_eq!(keys(&ranked), [2, 1]);
    }

    #[test]
    fn availability_reads_in_french() {
        assert_eq!(Availability::Places(1).label(), "1 place disponible");
        assert_eq!(Availability::Places(3).label(), "3 places disponibles");
        assert_eq!(
            Availability::WaitingList(2).label(),
            "Complet : 2 personnes en attente"
        );
    }
}
