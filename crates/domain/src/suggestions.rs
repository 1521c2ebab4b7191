//! « Solutions possibles » (suggestions): the services and Cité actions that
//! address a person's open barriers (freins), ranked by fit so that the first
//! line is the one a counsellor would try first, with the reasons in plain
//! French.
//!
//! Fit, in this order: the barriers the offer addresses; whether it is meant
//! for this person (one of their publics, a priority rule that puts them
//! first); whether it sits in a commune of their QPV; then whether it can
//! take them now (free places, no limit, their place on the waiting list).

use std::cmp::{Ordering, Reverse};

use crate::referential::{self, category_of_thematic};

/// data·inclusion's public for everyone.
const ALL_PUBLICS: &str = "tous-publics";

/// Whether an offer can take the person now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Availability {
    /// An action with places left.
    Places(u32),
    /// A service of the catalogue (droit commun): no places to count.
    Open,
    /// An action whose places are all taken: `waiting` people wait already
    /// and the person would be `position` in line (its priority rule applied).
    WaitingList { waiting: u32, position: u32 },
}

impl Availability {
    /// Lower is better: free places first, then open services, then the
    /// nearest place in line.
    fn rank(self) -> (u8, u32) {
        match self {
            Availability::Places(_) => (0, 0),
            Availability::Open => (1, 0),
            Availability::WaitingList { position, .. } => (2, position),
        }
    }

    pub fn label(self) -> String {
        match self {
            Availability::Places(1) => "1 place disponible".to_owned(),
            Availability::Places(n) => format!("{n} places disponibles"),
            Availability::Open => "Sans limite de places".to_owned(),
            Availability::WaitingList { waiting, position } => {
                let waiting = match waiting {
                    0 => "personne en attente".to_owned(),
                    1 => "1 personne en attente".to_owned(),
                    n => format!("{} personnes en attente", crate::numbers::integer(n.into())),
                };
                format!("Complet : {waiting}, serait n° {position} sur la liste")
            }
        }
    }
}

/// What the ranking knows of the person.
#[derive(Debug, Clone, Default)]
pub struct Person {
    /// data·inclusion public codes the person belongs to ([`publics_of`]).
    pub publics: Vec<&'static str>,
    /// INSEE codes of the communes of the person's QPV.
    pub communes: Vec<String>,
}

/// The facts of a file's entry situation that say which publics a person
/// belongs to.
#[derive(Debug, Clone, Copy, Default)]
pub struct PersonFacts {
    pub age: u32,
    pub female: bool,
    pub job_seeker: bool,
    pub single_parent: bool,
    pub rsa: bool,
    pub rqth: bool,
    pub qpv_resident: bool,
}

/// The data·inclusion publics (`Public`) a person belongs to: under 26 is
/// « jeunes », 50 and over « séniors » (the ages of the employment schemes).
pub fn publics_of(facts: PersonFacts) -> Vec<&'static str> {
    [
        (facts.job_seeker, "demandeurs-emploi"),
        (facts.female, "femmes"),
        (facts.age < 26, "jeunes"),
        (facts.age >= 50, "seniors"),
        (facts.single_parent, "familles"),
        (facts.rsa, "beneficiaires-des-minimas-sociaux"),
        (facts.rqth, "personnes-en-situation-de-handicap"),
        (facts.qpv_resident, "residents-qpv-frr"),
    ]
    .into_iter()
    .filter_map(|(belongs, code)| belongs.then_some(code))
    .collect()
}

/// An offer that might help: a service or an action of the person's Cité.
#[derive(Debug, Clone)]
pub struct Candidate<K> {
    pub key: K,
    pub name: String,
    /// data·inclusion thematic codes the offer addresses.
    pub thematics: Vec<String>,
    /// data·inclusion public codes it is meant for; none said means all.
    pub publics: Vec<String>,
    /// INSEE code of the commune where it takes place, when known.
    pub commune: Option<String>,
    /// Its priority rule puts this person first.
    pub favoured: bool,
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
    /// The person's public it is meant for, if it targets one of them.
    pub meant_for: Option<&'static str>,
    /// Meant for other publics than the person's.
    pub for_others: bool,
    pub favoured: bool,
    /// In a commune of the person's QPV.
    pub near: bool,
}

impl<K> Suggestion<K> {
    fn score(&self) -> usize {
        2 * self.exact.len() + self.related.len()
    }

    /// How much the offer is meant for this person: their public, and a
    /// priority rule that puts them first, count one each; an offer for
    /// other publics comes after those meant for everyone.
    fn targeting(&self) -> i8 {
        i8::from(self.meant_for.is_some()) + i8::from(self.favoured) - i8::from(self.for_others)
    }

    /// Why it fits, beyond the barriers: « Pour : Familles · Priorité à
    /// cette personne · Dans la commune de son QPV ».
    pub fn reasons(&self) -> Vec<String> {
        let mut reasons = Vec::new();
        if let Some(public) = self.meant_for {
            let label = referential::public(public).map_or(public, |p| p.label);
            reasons.push(format!("Pour : {label}"));
        }
        if self.favoured {
            reasons.push("Sa règle de priorité passe cette personne en premier".to_owned());
        }
        if self.near {
            reasons.push("Dans une commune de son QPV".to_owned());
        }
        reasons
    }
}

/// Keeps the candidates that address an open barrier and ranks them by fit
/// (see the module's documentation), then name.
pub fn rank<K>(
    open_barriers: &[&str],
    person: &Person,
    candidates: Vec<Candidate<K>>,
) -> Vec<Suggestion<K>> {
    let mut suggestions: Vec<Suggestion<K>> = candidates
        .into_iter()
        .filter_map(|candidate| suggestion(open_barriers, person, candidate))
        .collect();
    suggestions.sort_by(|a, b| {
        let key = |s: &Suggestion<K>| (Reverse(s.score()), Reverse(s.targeting()), !s.near);
        key(a)
            .cmp(&key(b))
            .then_with(|| a.availability.rank().cmp(&b.availability.rank()))
            .then_with(|| compare_names(&a.name, &b.name))
    });
    suggestions
}

fn suggestion<K>(
    open_barriers: &[&str],
    person: &Person,
    candidate: Candidate<K>,
) -> Option<Suggestion<K>> {
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
    if exact.is_empty() && related.is_empty() {
        return None;
    }
    let for_all =
        candidate.publics.is_empty() || candidate.publics.iter().any(|p| p == ALL_PUBLICS);
    let meant_for = person
        .publics
        .iter()
        .copied()
        .find(|public| candidate.publics.iter().any(|p| p == public));
    let near = candidate
        .commune
        .as_ref()
        .is_some_and(|code| person.communes.contains(code));
    Some(Suggestion {
        key: candidate.key,
        name: candidate.name,
        availability: candidate.availability,
        exact,
        related,
        meant_for,
        for_others: meant_for.is_none() && !for_all,
        favoured: candidate.favoured,
        near,
    })
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
            publics: Vec::new(),
            commune: None,
            favoured: false,
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
            &Person::default(),
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
            &Person::default(),
            vec![
                candidate(1, "Garage solidaire", &[VEHICLE], Availability::Open),
                candidate(
                    2,
                    "Crèche AVIP",
                    &[CHILDCARE],
                    Availability::WaitingList {
                        waiting: 3,
                        position: 4,
                    },
                ),
                candidate(3, "Par'Emploi", &[CHILDCARE], Availability::Places(1)),
                candidate(
                    4,
                    "Auto-école sociale",
                    &[LICENCE, CHILDCARE],
                    Availability::WaitingList {
                        waiting: 9,
                        position: 10,
                    },
                ),
                candidate(5, "Garde ponctuelle", &[CHILDCARE], Availability::Open),
                candidate(
                    6,
                    "Halte-garderie",
                    &[CHILDCARE],
                    Availability::WaitingList {
                        waiting: 1,
                        position: 2,
                    },
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
            &Person::default(),
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
            Availability::WaitingList {
                waiting: 2,
                position: 3
            }
            .label(),
            "Complet : 2 personnes en attente, serait n° 3 sur la liste"
        );
        assert_eq!(
            Availability::WaitingList {
                waiting: 1200,
                position: 1
            }
            .label(),
            "Complet : 1\u{202f}200 personnes en attente, serait n° 1 sur la liste"
        );
    }

    #[test]
    fn an_action_meant_for_the_person_comes_before_open_services() {
        // A single parent with a childcare barrier: the AVIP crèche is full,
        // but it is for families and puts single parents first.
        let person = Person {
            publics: publics_of(PersonFacts {
                age: 31,
                female: true,
                single_parent: true,
                ..PersonFacts::default()
            }),
            communes: vec!["49007".to_owned()],
        };
        let mut avip = candidate(
            1,
            "Places en crèche AVIP",
            &[CHILDCARE],
            Availability::WaitingList {
                waiting: 4,
                position: 1,
            },
        );
        avip.publics = vec!["familles".to_owned()];
        avip.favoured = true;
        let mut youth = candidate(
            2,
            "Garde pour jeunes parents",
            &[CHILDCARE],
            Availability::Open,
        );
        youth.publics = vec!["jeunes".to_owned()];
        let mut near = candidate(3, "Relais petite enfance", &[CHILDCARE], Availability::Open);
        near.commune = Some("49007".to_owned());
        let mut far = candidate(
            4,
            "Assistantes maternelles",
            &[CHILDCARE],
            Availability::Places(2),
        );
        far.publics = vec!["tous-publics".to_owned()];
        let ranked = rank(&[CHILDCARE], &person, vec![youth, far, near, avip]);
        assert_eq!(keys(&ranked), [1, 3, 4, 2]);
        assert_eq!(
            ranked[0].reasons(),
            [
                "Pour : Familles",
                "Sa règle de priorité passe cette personne en premier"
            ]
        );
        assert_eq!(ranked[1].reasons(), ["Dans une commune de son QPV"]);
        assert!(ranked[3].for_others, "for young people, not this person");
    }

    #[test]
    fn publics_follow_the_entry_situation() {
        let facts = PersonFacts {
            age: 25,
            job_seeker: true,
            rsa: true,
            qpv_resident: true,
            ..PersonFacts::default()
        };
        assert_eq!(
            publics_of(facts),
            [
                "demandeurs-emploi",
                "jeunes",
                "beneficiaires-des-minimas-sociaux",
                "residents-qpv-frr"
            ]
        );
        let senior = PersonFacts {
            age: 50,
            rqth: true,
            ..PersonFacts::default()
        };
        assert_eq!(
            publics_of(senior),
            ["seniors", "personnes-en-situation-de-handicap"]
        );
    }
}
