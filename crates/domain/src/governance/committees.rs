//! Committees (*instances*) and who sits in them: the kind of a committee,
//! a member's role, the reply to an invitation and the attendance noted at
//! the meeting.

use crate::codes::code_list;
use crate::errors::FieldErrors;

code_list!(
    /// The kind of a committee (*type d'instance*).
    CommitteeKind {
        /// *Comité de pilotage*: the co-pilots' decisions.
        Copil = "copil", "COPIL";
        /// *Comité technique*: the partners' operational work.
        Cotech = "cotech", "COTECH";
        /// *Comité opérationnel*.
        Comop = "comop", "COMOP";
        FollowUpCommittee = "follow_up_committee", "Comité de suivi";
        StrategicCommittee = "strategic_committee", "Comité stratégique";
        WorkingGroup = "working_group", "Groupe de travail";
        /// *Commission de suivi des parcours*: persons are discussed under
        /// pseudonyms only.
        CaseReview = "case_review", "Commission de suivi des parcours";
        Other = "other", "Autre instance";
    }
);

impl CommitteeKind {
    /// The short code in decision numbers (`2026-COPIL-03`): capitals
    /// only, so that a number reads back unambiguously.
    pub fn short_code(self) -> &'static str {
        match self {
            CommitteeKind::Copil => "COPIL",
            CommitteeKind::Cotech => "COTECH",
            CommitteeKind::Comop => "COMOP",
            CommitteeKind::FollowUpCommittee => "CS",
            CommitteeKind::StrategicCommittee => "CSTRAT",
            CommitteeKind::WorkingGroup => "GT",
            CommitteeKind::CaseReview => "CSP",
            CommitteeKind::Other => "AUTRE",
        }
    }

    /// The kind a short code names.
    pub fn from_short_code(code: &str) -> Option<CommitteeKind> {
        Self::ALL.into_iter().find(|k| k.short_code() == code)
    }
}

code_list!(
    /// A member's role in a committee (*rôle*).
    MemberRole {
        CoPilot = "co_pilot", "Co-pilote";
        Member = "member", "Membre";
        /// *Invité*: asked to one meeting or for one subject.
        Guest = "guest", "Invité";
    }
);

code_list!(
    /// What an invited member answers (*réponse à la convocation*), as
    /// stored; [`Reply`] carries the representative's name with it.
    ReplyKind {
        Coming = "coming", "Sera présent";
        Excused = "excused", "Excusé";
        /// *Représenté*: someone else comes in the member's place.
        Represented = "represented", "Représenté";
    }
);

/// The longest representative's name kept.
pub const REPRESENTATIVE_MAX_CHARS: usize = 120;

/// A reply to an invitation (*réponse*): a represented member names who
/// comes instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply {
    Coming,
    Excused,
    Represented { representative: String },
}

impl Reply {
    pub fn kind(&self) -> ReplyKind {
        match self {
            Reply::Coming => ReplyKind::Coming,
            Reply::Excused => ReplyKind::Excused,
            Reply::Represented { .. } => ReplyKind::Represented,
        }
    }

    pub fn label(&self) -> &'static str {
        self.kind().label()
    }

    /// The reply chosen in the form (`reply`) with the representative's
    /// name (`representative`), which a represented member must give.
    pub fn parse(reply: &str, representative: &str) -> Result<Reply, FieldErrors> {
        let Some(kind) = ReplyKind::parse(reply.trim()) else {
            return Err(FieldErrors::single("reply", "Choisissez une réponse."));
        };
        match kind {
            ReplyKind::Coming => Ok(Reply::Coming),
            ReplyKind::Excused => Ok(Reply::Excused),
            ReplyKind::Represented => {
                let name = representative.trim();
                let message = if name.is_empty() {
                    Some("Indiquez le nom de la personne qui vous représente.".to_owned())
                } else if name.chars().count() > REPRESENTATIVE_MAX_CHARS {
                    Some(format!("{REPRESENTATIVE_MAX_CHARS} caractères au maximum."))
                } else if name.chars().any(char::is_control) {
                    Some("Ce texte contient des caractères non autorisés.".to_owned())
                } else {
                    None
                };
                match message {
                    Some(message) => Err(FieldErrors::single("representative", message)),
                    None => Ok(Reply::Represented {
                        representative: name.split_whitespace().collect::<Vec<_>>().join(" "),
                    }),
                }
            }
        }
    }

    /// The attendance to expect from this reply, before the meeting notes
    /// what happened.
    pub fn expected_attendance(&self) -> Attendance {
        match self {
            Reply::Coming => Attendance::Present,
            Reply::Excused => Attendance::Excused,
            Reply::Represented { .. } => Attendance::Represented,
        }
    }
}

code_list!(
    /// Who was there (*émargement*), noted at the meeting.
    Attendance {
        Present = "present", "Présent";
        Excused = "excused", "Excusé";
        Absent = "absent", "Absent";
        Represented = "represented", "Représenté";
    }
);

impl Attendance {
    /// Whether the member's organisation took part (in person or
    /// represented): what a quorum counts.
    pub fn counts_as_present(self) -> bool {
        matches!(self, Attendance::Present | Attendance::Represented)
    }
}

/// Bounds of a committee's name (*intitulé*), in characters.
pub const NAME_MIN_CHARS: usize = 3;
pub const NAME_MAX_CHARS: usize = 120;

/// A committee's name, trimmed with its inner spaces collapsed.
pub fn committee_name(input: &str) -> Result<String, FieldErrors> {
    let name = input.split_whitespace().collect::<Vec<_>>().join(" ");
    let count = name.chars().count();
    let message = if name.is_empty() {
        "Indiquez le nom de l'instance.".to_owned()
    } else if name.chars().any(char::is_control) {
        "Ce texte contient des caractères non autorisés.".to_owned()
    } else if count < NAME_MIN_CHARS {
        format!("Le nom de l'instance compte au moins {NAME_MIN_CHARS} caractères.")
    } else if count > NAME_MAX_CHARS {
        format!("{NAME_MAX_CHARS} caractères au maximum.")
    } else {
        return Ok(name);
    };
    Err(FieldErrors::single("name", message))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_a_distinct_short_code_that_reads_back() {
        let mut codes: Vec<_> = CommitteeKind::ALL.iter().map(|k| k.short_code()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), CommitteeKind::ALL.len());
        for kind in CommitteeKind::ALL {
            assert_eq!(
                CommitteeKind::from_short_code(kind.short_code()),
                Some(kind)
            );
            assert!(kind.short_code().chars().all(|c| c.is_ascii_uppercase()));
        }
        assert_eq!(CommitteeKind::FollowUpCommittee.short_code(), "CS");
        assert_eq!(CommitteeKind::CaseReview.short_code(), "CSP");
        assert_eq!(CommitteeKind::from_short_code("copil"), None);
    }

    #[test]
    fn codes_and_labels() {
        assert_eq!(
            CommitteeKind::parse("case_review"),
            Some(CommitteeKind::CaseReview)
        );
        assert_eq!(
            CommitteeKind::CaseReview.label(),
            "Commission de suivi des parcours"
        );
        assert_eq!(CommitteeKind::Other.label(), "Autre instance");
        assert_eq!(MemberRole::CoPilot.label(), "Co-pilote");
        assert_eq!(MemberRole::parse("guest"), Some(MemberRole::Guest));
        assert_eq!(Attendance::parse("absent"), Some(Attendance::Absent));
        assert_eq!(CommitteeKind::parse("COPIL"), None);
    }

    #[test]
    fn a_represented_member_names_the_representative() {
        assert_eq!(Reply::parse("coming", "ignored"), Ok(Reply::Coming));
        assert_eq!(Reply::parse("excused", ""), Ok(Reply::Excused));
        assert_eq!(
            Reply::parse("represented", "  Claire   Martin "),
            Ok(Reply::Represented {
                representative: "Claire Martin".into()
            })
        );
        let missing = Reply::parse("represented", "   ").unwrap_err();
        assert_eq!(
            missing.get("representative"),
            Some("Indiquez le nom de la personne qui vous représente.")
        );
        let long = Reply::parse("represented", &"a".repeat(121)).unwrap_err();
        assert_eq!(
            long.get("representative"),
            Some("120 caractères au maximum.")
        );
        assert!(Reply::parse("represented", "Jean\u{0}Luc").is_err());
        let unknown = Reply::parse("maybe", "").unwrap_err();
        assert_eq!(unknown.get("reply"), Some("Choisissez une réponse."));
        assert_eq!(
            Reply::parse("represented", "X").unwrap().label(),
            "Représenté"
        );
    }

    #[test]
    fn replies_give_the_expected_attendance() {
        assert_eq!(Reply::Coming.expected_attendance(), Attendance::Present);
        assert_eq!(Reply::Excused.expected_attendance(), Attendance::Excused);
        let represented = Reply::Represented {
            representative: "A".into(),
        };
        assert_eq!(represented.expected_attendance(), Attendance::Represented);
        assert!(Attendance::Represented.counts_as_present());
        assert!(Attendance::Present.counts_as_present());
        assert!(!Attendance::Excused.counts_as_present());
        assert!(!Attendance::Absent.counts_as_present());
    }

    #[test]
    fn a_committee_name_is_trimmed_and_bounded() {
        assert_eq!(
            committee_name("  COPIL   annuel "),
            Ok("COPIL annuel".into())
        );
        assert_eq!(committee_name("GT1"), Ok("GT1".into()));
        assert_eq!(
            committee_name("  ").unwrap_err().get("name"),
            Some("Indiquez le nom de l'instance.")
        );
        assert_eq!(
            committee_name("GT").unwrap_err().get("name"),
            Some("Le nom de l'instance compte au moins 3 caractères.")
        );
        assert!(committee_name(&"é".repeat(120)).is_ok());
        assert_eq!(
            committee_name(&"é".repeat(121)).unwrap_err().get("name"),
            Some("120 caractères au maximum.")
        );
        assert!(committee_name("CO\u{7}PIL").is_err());
    }
}
