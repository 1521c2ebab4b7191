//! The journal's families of events (*journal*): what a coordinator filters
//! on, by the prefix of the action codes the store writes.

use crate::codes::code_list;

code_list!(
    /// A kind of event in the journal.
    AuditFamily {
        SignIns = "connexions", "Connexions";
        Files = "dossiers", "Dossiers des personnes";
        Accounts = "comptes", "Comptes";
        Actions = "actions", "Actions et catalogue national";
        Services = "offres", "Offres de services";
        Cite = "cite", "Cité, partenaires et cohortes";
        Funding = "financements", "Financements et appels à projets";
        Governance = "gouvernance", "Instances et séances";
    }
);

impl AuditFamily {
    /// The action codes of the family start with one of these.
    pub fn prefixes(self) -> &'static [&'static str] {
        match self {
            AuditFamily::SignIns => &["sign_in", "csrf_refused"],
            AuditFamily::Files => &[
                "participant.",
                "barrier.",
                "step.",
                "outcome.",
                "note.",
                "consent.",
                "referral.",
                "case_review.",
                "fse.",
            ],
            AuditFamily::Accounts => &["account."],
            AuditFamily::Actions => &["action.", "fiche."],
            AuditFamily::Services => &["service.", "structure."],
            AuditFamily::Cite => &[
                "cite.",
                "qpv.",
                "partner.",
                "cohort.",
                "indicators.",
                "bilan.",
            ],
            AuditFamily::Funding => &[
                "funding.",
                "call.",
                "application.",
                "document.",
                "agreement.",
                "report.",
            ],
            AuditFamily::Governance => &[
                "committee.",
                "meeting.",
                "calendar_feed.",
                "decision.",
                "follow_up_item.",
                "agenda_item.",
            ],
        }
    }
}

/// The successful sign-ins: the most frequent event by far, left out of the
/// journal unless asked for, so that they do not bury the rest.
pub const SIGN_IN: &str = "sign_in";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_family_has_prefixes_and_they_do_not_overlap() {
        let all: Vec<&str> = AuditFamily::ALL
            .iter()
            .flat_map(|f| f.prefixes().iter().copied())
            .collect();
        for (i, a) in all.iter().enumerate() {
            for b in &all[i + 1..] {
                assert!(!a.starts_with(b) && !b.starts_with(a), "{a} / {b}");
            }
        }
    }
}
