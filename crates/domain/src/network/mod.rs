//! The national network (*animation nationale*): the directory of the
//! Cités' coordinators and référents (*annuaire du réseau*), the national
//! team's events (*événements du réseau*: monthly café-cités webinars and
//! thematic working groups) with their registrations and attendance, and
//! the resources shared with the network (*ressources partagées*).
//!
//! Who reads it: the national team and the Cités' staff (coordinators,
//! référents, co-pilots); a porteur is outside the network. Only
//! professional contact data is shown: an account's name, e-mail, Cité,
//! partner and role, never anything about the persons followed.

mod events;
mod resources;

pub use events::{EventDraft, EventInput, MAX_CAPACITY};
pub use resources::{ResourceContent, ResourceDraft, ResourceInput};

use crate::accounts::Role;
use crate::fiches::search_words;

/// How many directory lines a page shows.
pub const DIRECTORY_PAGE_SIZE: i64 = 50;

/// How many free-text words a search matches (all of them).
pub const MAX_SEARCH_WORDS: usize = 5;

/// The longest title of an event or a resource.
pub const MAX_TITLE_CHARS: usize = 150;

crate::code_list!(
    /// What a network event is (*genre d'événement*).
    EventKind {
        CafeCites = "cafe_cites", "Café-cités";
        WorkingGroup = "working_group", "Groupe de travail thématique";
    }
);

crate::code_list!(
    /// The network's themes (*thèmes*): what events and resources are
    /// about. A closed list, so searches by theme find everything.
    Theme {
        Mobility = "mobilite", "Mobilité";
        Childcare = "garde_enfants", "Garde d'enfants";
        ReachingOut = "aller_vers", "Aller-vers";
        Digital = "numerique", "Numérique";
        Companies = "entreprises", "Entreprises et recrutement";
        Evaluation = "evaluation", "Évaluation et indicateurs";
        Governance = "gouvernance", "Gouvernance et partenariats";
        Youth = "jeunes", "Jeunes";
        Women = "femmes", "Femmes et égalité";
        Funding = "financements", "Financements";
    }
);

/// Whether a role belongs to the network: the national team and the
/// Cités' staff; a porteur does not.
pub fn reads_network(role: Role) -> bool {
    matches!(
        role,
        Role::National | Role::Coordinateur | Role::Referent | Role::Pilote
    )
}

/// Whether a role registers for events: the Cités' staff.
pub fn registers_for_events(role: Role) -> bool {
    matches!(role, Role::Coordinateur | Role::Referent | Role::Pilote)
}

/// Whether a role shares resources: the national team and coordinators.
pub fn shares_resources(role: Role) -> bool {
    matches!(role, Role::National | Role::Coordinateur)
}

/// The roles the directory lists (*coordinateurs et référents*).
pub const DIRECTORY_ROLES: [Role; 2] = [Role::Coordinateur, Role::Referent];

/// A directory or resource search as typed: folded words, all required.
pub fn network_search_words(query: &str) -> Vec<String> {
    search_words(query, MAX_SEARCH_WORDS)
}

/// Whether `haystack` (already folded) holds every word.
pub fn matches_words(haystack: &str, words: &[String]) -> bool {
    words.iter().all(|word| haystack.contains(word.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::fold;

    #[test]
    fn only_the_cites_staff_and_the_national_team_read_the_network() {
        assert!(reads_network(Role::National));
        assert!(reads_network(Role::Pilote));
        assert!(!reads_network(Role::Porteur));
        assert!(!registers_for_events(Role::National));
        assert!(registers_for_events(Role::Referent));
        assert!(shares_resources(Role::Coordinateur));
        assert!(!shares_resources(Role::Referent));
    }

    #[test]
    fn searches_fold_accents_and_need_every_word() {
        let words = network_search_words("  Élodie MISSION ");
        assert_eq!(words, vec!["elodie", "mission"]);
        let line = fold("Élodie Martin Mission locale angevine");
        assert!(matches_words(&line, &words));
        assert!(!matches_words(
            &line,
            &network_search_words("Élodie France")
        ));
        assert!(matches_words(&line, &[]));
    }

    #[test]
    fn themes_and_kinds_read_back_from_their_codes() {
        for theme in Theme::ALL {
            assert_eq!(Theme::parse(theme.code()), Some(theme));
        }
        assert_eq!(EventKind::parse("cafe_cites"), Some(EventKind::CafeCites));
        assert_eq!(Theme::parse("meteo"), None);
    }
}
