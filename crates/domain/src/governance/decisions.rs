//! The decisions a committee records (*relevé de décisions*): each has a
//! number (`2026-COPIL-03`: the year, the committee's short code, its rank
//! in that year), a text, and what it may be tied to (an application
//! decided, an action created or stopped, credits carried over).

use std::fmt;
use std::str::FromStr;

use crate::errors::FieldErrors;
use crate::governance::committees::CommitteeKind;

/// A decision's number (*numéro de décision*), shown `2026-COPIL-03`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DecisionNumber {
    pub year: i32,
    pub kind: CommitteeKind,
    /// 1 onwards, within the year and the kind of committee.
    pub rank: u32,
}

impl DecisionNumber {
    /// The short code in the number (`COPIL`, `CS`…).
    pub fn kind_code(&self) -> &'static str {
        self.kind.short_code()
    }

    /// The number after the last one given (`None` for the first of the
    /// year): ranks start again each year.
    pub fn next(year: i32, kind: CommitteeKind, last: Option<DecisionNumber>) -> DecisionNumber {
        let rank = last
            .filter(|l| l.year == year && l.kind == kind)
            .map_or(1, |l| l.rank.saturating_add(1));
        DecisionNumber { year, kind, rank }
    }
}

impl fmt::Display for DecisionNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}-{:02}", self.year, self.kind_code(), self.rank)
    }
}

/// Why a text is not a decision number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("« {0} » n'est pas un numéro de décision (attendu : 2026-COPIL-03).")]
pub struct DecisionNumberError(pub String);

impl FromStr for DecisionNumber {
    type Err = DecisionNumberError;

    fn from_str(input: &str) -> Result<DecisionNumber, DecisionNumberError> {
        let error = || DecisionNumberError(input.chars().take(40).collect());
        let trimmed = input.trim();
        let mut parts = trimmed.splitn(3, '-');
        let (Some(year), Some(code), Some(rank)) = (parts.next(), parts.next(), parts.next())
        else {
            return Err(error());
        };
        let digits = |s: &str, min: usize, max: usize| {
            (min..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
        };
        if !digits(year, 4, 4) || !digits(rank, 2, 6) {
            return Err(error());
        }
        let year: i32 = year.parse().map_err(|_| error())?;
        let rank: u32 = rank.parse().map_err(|_| error())?;
        let kind = CommitteeKind::from_short_code(&code.to_ascii_uppercase()).ok_or_else(error)?;
        if rank == 0 || !(2000..=2999).contains(&year) {
            return Err(error());
        }
        Ok(DecisionNumber { year, kind, rank })
    }
}

/// Bounds of a decision's text, in characters.
pub const TEXT_MIN_CHARS: usize = 5;
pub const TEXT_MAX_CHARS: usize = 2000;

/// A decision's text (*libellé de la décision*), trimmed; line breaks kept.
pub fn decision_text(input: &str) -> Result<String, FieldErrors> {
    let text = input.trim();
    let count = text.chars().count();
    let message = if text.is_empty() {
        "Indiquez la décision prise.".to_owned()
    } else if text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        "Ce texte contient des caractères non autorisés.".to_owned()
    } else if count < TEXT_MIN_CHARS {
        format!("La décision compte au moins {TEXT_MIN_CHARS} caractères.")
    } else if count > TEXT_MAX_CHARS {
        format!("{TEXT_MAX_CHARS} caractères au maximum.")
    } else {
        return Ok(text.to_owned());
    };
    Err(FieldErrors::single("text", message))
}

/// What a decision is tied to (*objet de la décision*), by its id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DecisionSubject {
    /// An application to a call for projects (*candidature*) decided.
    Application(i64),
    /// An action created (*action créée*).
    ActionCreated(i64),
    /// An action stopped (*action arrêtée*).
    ActionStopped(i64),
    /// Credits carried over (*report de crédits*) from an envelope line.
    CarryOver(i64),
    /// A decision on its own.
    None,
}

impl DecisionSubject {
    /// The stored code of the subject's kind.
    pub fn code(&self) -> &'static str {
        match self {
            DecisionSubject::Application(_) => "application",
            DecisionSubject::ActionCreated(_) => "action_created",
            DecisionSubject::ActionStopped(_) => "action_stopped",
            DecisionSubject::CarryOver(_) => "carry_over",
            DecisionSubject::None => "none",
        }
    }

    /// The French label of the subject's kind.
    pub fn label(&self) -> &'static str {
        match self {
            DecisionSubject::Application(_) => "Décision sur une candidature",
            DecisionSubject::ActionCreated(_) => "Création d'une action",
            DecisionSubject::ActionStopped(_) => "Arrêt d'une action",
            DecisionSubject::CarryOver(_) => "Report de crédits",
            DecisionSubject::None => "Sans objet lié",
        }
    }

    /// The id of what the decision is tied to.
    pub fn id(&self) -> Option<i64> {
        match *self {
            DecisionSubject::Application(id)
            | DecisionSubject::ActionCreated(id)
            | DecisionSubject::ActionStopped(id)
            | DecisionSubject::CarryOver(id) => Some(id),
            DecisionSubject::None => None,
        }
    }

    /// The subject stored as a code and an id; `None` when they do not
    /// fit together (a kind without its id, an id without a kind).
    pub fn from_parts(code: &str, id: Option<i64>) -> Option<DecisionSubject> {
        match (code, id) {
            ("none", None) => Some(DecisionSubject::None),
            ("application", Some(id)) => Some(DecisionSubject::Application(id)),
            ("action_created", Some(id)) => Some(DecisionSubject::ActionCreated(id)),
            ("action_stopped", Some(id)) => Some(DecisionSubject::ActionStopped(id)),
            ("carry_over", Some(id)) => Some(DecisionSubject::CarryOver(id)),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn numbers_are_shown_with_two_digits_at_least() {
        let n = |kind, rank| DecisionNumber {
            year: 2026,
            kind,
            rank,
        };
        assert_eq!(n(CommitteeKind::Copil, 3).to_string(), "2026-COPIL-03");
        assert_eq!(n(CommitteeKind::CaseReview, 12).to_string(), "2026-CSP-12");
        assert_eq!(n(CommitteeKind::Other, 104).to_string(), "2026-AUTRE-104");
        assert_eq!(n(CommitteeKind::Copil, 3).kind_code(), "COPIL");
    }

    #[test]
    fn numbers_read_back_and_others_are_refused() {
        assert_eq!(
            "2026-COPIL-03".parse(),
            Ok(DecisionNumber {
                year: 2026,
                kind: CommitteeKind::Copil,
                rank: 3
            })
        );
        assert_eq!(
            " 2027-cstrat-120 "
                .parse::<DecisionNumber>()
                .map(|n| n.kind),
            Ok(CommitteeKind::StrategicCommittee)
        );
        for bad in [
            "",
            "2026-COPIL-3",
            "2026-COPIL-00",
            "26-COPIL-03",
            "2026-COPIL",
            "2026-XYZ-03",
            "2026-COPIL-+3",
            "2026-COPIL-03-1",
            "1999-COPIL-03",
            "2026-COPIL-9999999",
            "２０２６-COPIL-03",
        ] {
            assert!(bad.parse::<DecisionNumber>().is_err(), "{bad}");
        }
        assert_eq!(
            "2026-X-1"
                .parse::<DecisionNumber>()
                .unwrap_err()
                .to_string(),
            "« 2026-X-1 » n'est pas un numéro de décision (attendu : 2026-COPIL-03)."
        );
    }

    #[test]
    fn ranks_start_again_each_year_and_for_each_kind() {
        let last = DecisionNumber {
            year: 2026,
            kind: CommitteeKind::Copil,
            rank: 7,
        };
        assert_eq!(
            DecisionNumber::next(2026, CommitteeKind::Copil, Some(last)).rank,
            8
        );
        assert_eq!(
            DecisionNumber::next(2027, CommitteeKind::Copil, Some(last)).rank,
            1
        );
        assert_eq!(
            DecisionNumber::next(2026, CommitteeKind::Cotech, Some(last)).rank,
            1
        );
        assert_eq!(
            DecisionNumber::next(2026, CommitteeKind::Copil, None).rank,
            1
        );
    }

    #[test]
    fn decision_texts_are_bounded() {
        assert_eq!(
            decision_text("  Accord pour 12 000 €.\n"),
            Ok("Accord pour 12 000 €.".into())
        );
        assert_eq!(
            decision_text(" ").unwrap_err().get("text"),
            Some("Indiquez la décision prise.")
        );
        assert_eq!(
            decision_text("Oui.").unwrap_err().get("text"),
            Some("La décision compte au moins 5 caractères.")
        );
        assert!(decision_text("Accord").is_ok());
        assert!(decision_text(&"é".repeat(2000)).is_ok());
        assert_eq!(
            decision_text(&"é".repeat(2001)).unwrap_err().get("text"),
            Some("2000 caractères au maximum.")
        );
        assert!(decision_text("Ligne 1\nLigne 2").is_ok());
        assert!(decision_text("Acc\u{0}ord").is_err());
    }

    #[test]
    fn subjects_have_labels_and_store_as_code_and_id() {
        let all = [
            DecisionSubject::Application(4),
            DecisionSubject::ActionCreated(5),
            DecisionSubject::ActionStopped(6),
            DecisionSubject::CarryOver(7),
            DecisionSubject::None,
        ];
        for subject in all {
            assert_eq!(
                DecisionSubject::from_parts(subject.code(), subject.id()),
                Some(subject)
            );
        }
        assert_eq!(DecisionSubject::CarryOver(7).label(), "Report de crédits");
        assert_eq!(
            DecisionSubject::ActionStopped(1).label(),
            "Arrêt d'une action"
        );
        assert_eq!(DecisionSubject::from_parts("application", None), None);
        assert_eq!(DecisionSubject::from_parts("none", Some(3)), None);
        assert_eq!(DecisionSubject::from_parts("other", Some(3)), None);
    }

    proptest! {
        #[test]
        fn numbers_round_trip(year in 2000i32..3000, kind in 0usize..8, rank in 1u32..100_000) {
            let number = DecisionNumber { year, kind: CommitteeKind::ALL[kind], rank };
            prop_assert_eq!(number.to_string().parse(), Ok(number));
        }

        #[test]
        fn parsing_never_panics(input in any::<String>()) {
            let _ = input.parse::<DecisionNumber>();
        }
    }
}
