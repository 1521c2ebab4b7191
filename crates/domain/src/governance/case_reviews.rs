//! The case review (*commission de suivi des parcours*): the persons a
//! meeting reviews (*situations examinées*), each under a pseudonym that
//! stands for them in everything the members share, and what is decided
//! about each (*suite décidée*), written on the person's file only.

use crate::errors::FieldErrors;
use crate::governance::follow_ups::bounded;
use crate::governance::CommitteeKind;

/// Bounds of what is decided about a person, in characters.
pub const DECISION_MIN_CHARS: usize = 3;
pub const DECISION_MAX_CHARS: usize = 2_000;

/// Only a *commission de suivi des parcours* reviews persons: the other
/// committees (COPIL, COTECH…) seat co-pilots and partners who have no
/// business with a person's pathway, even pseudonymised.
pub fn reviews_persons(kind: CommitteeKind) -> bool {
    kind == CommitteeKind::CaseReview
}

/// What the commission decided about a person (*suite décidée*), trimmed
/// and bounded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseDecision(String);

impl CaseDecision {
    pub fn parse(input: &str) -> Result<CaseDecision, FieldErrors> {
        bounded(
            input,
            DECISION_MIN_CHARS,
            DECISION_MAX_CHARS,
            "Indiquez ce que la commission a décidé pour cette personne.",
            "La décision compte au moins 3 caractères.",
        )
        .map(|text| CaseDecision(text.replace("\r\n", "\n")))
        .map_err(|message| FieldErrors::single("decision", message))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_case_review_commission_reviews_persons() {
        assert!(reviews_persons(CommitteeKind::CaseReview));
        for kind in CommitteeKind::ALL {
            assert_eq!(reviews_persons(kind), kind == CommitteeKind::CaseReview);
        }
    }

    #[test]
    fn a_decision_is_trimmed_and_bounded() {
        let parse = CaseDecision::parse;
        assert_eq!(
            parse("  Orientation vers l'AVIP crèche\r\nà revoir en mars ")
                .unwrap()
                .as_str(),
            "Orientation vers l'AVIP crèche\nà revoir en mars"
        );
        assert!(parse("  ").unwrap_err().get("decision").is_some());
        assert!(parse("ok").is_err());
        assert!(parse("a\u{7}bc").is_err());
        assert!(parse(&"é".repeat(DECISION_MAX_CHARS)).is_ok());
        assert!(parse(&"é".repeat(DECISION_MAX_CHARS + 1)).is_err());
    }
}
