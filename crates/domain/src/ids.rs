//! Row ids as types (*identifiants*): a `ParticipantId` cannot be passed where
//! a `PartnerId` is expected. Each is an `i64` underneath; it prints and
//! parses as the plain number (URLs, forms, templates), serializes as one
//! (serde transparent), and, with the `sqlx` feature, binds and decodes as
//! one, so rows carry typed ids straight from the database.

use std::fmt;
use std::num::ParseIntError;
use std::str::FromStr;

/// Declares id newtypes over `i64`; `get()` is for true boundaries only
/// (arithmetic, external formats).
macro_rules! ids {
    ($($(#[$doc:meta])* $name:ident;)+) => {$(
        $(#[$doc])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
            serde::Serialize, serde::Deserialize,
        )]
        #[serde(transparent)]
        #[cfg_attr(feature = "sqlx", derive(sqlx::Type), sqlx(transparent))]
        pub struct $name(i64);

        impl $name {
            pub const fn new(id: i64) -> Self {
                $name(id)
            }

            pub const fn get(self) -> i64 {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        /// The plain number, for what takes any id (the audit log's entity).
        impl From<$name> for i64 {
            fn from(id: $name) -> i64 {
                id.0
            }
        }

        impl FromStr for $name {
            type Err = ParseIntError;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                s.parse().map($name)
            }
        }
    )+};
}

ids! {
    /// A Cité de l'emploi, the local programme (*Cité*).
    CiteId;
    /// A priority neighbourhood of a Cité (*quartier prioritaire, QPV*).
    QpvId;
    /// An organisation working with a Cité (*partenaire*).
    PartnerId;
    /// An account (*compte utilisateur*).
    UserId;
    /// An intake period of a Cité (*cohorte*).
    CohortId;
    /// A person followed by the Cité (*participant*, « personne accompagnée »).
    ParticipantId;
    /// A proposal to follow a person (*adressage*).
    ReferralId;
    /// A consent given by a person (*consentement*).
    ConsentId;
    /// An obstacle to employment on a pathway (*frein*).
    BarrierId;
    /// A word of a Cité's own barrier vocabulary (« frein de la Cité »).
    BarrierWordId;
    /// A step of a pathway (*étape du parcours*).
    StepId;
    /// A note on a person's file (*note*).
    NoteId;
    /// Who offers services in the catalogue (*structure*).
    StructureId;
    /// A service of the catalogue (*offre de service*).
    ServiceId;
    /// An action a Cité runs (*action*).
    ActionId;
    /// A place asked for or held in an action (*inscription*).
    EnrolmentId;
    /// A session of an action (*séance*).
    SeanceId;
    /// A result indicator an action declares (*indicateur de résultat*).
    IndicatorId;
    /// A commitment on the Cité's envelope (*engagement*).
    CommitmentId;
    /// A planned instalment of a commitment (*échéance*).
    InstalmentId;
    /// An action shared in the national catalogue (*fiche action innovante*).
    FicheId;
    /// A call for projects (« appel à projets »).
    CallId;
    /// An application to a call (« candidature »).
    ApplicationId;
    /// An agreement funding an accepted application (*convention*).
    AgreementId;
    /// A bilan an agreement owes (*bilan qualitatif ou financier*).
    ReportId;
    /// An uploaded file (*document*, « pièce jointe »).
    DocumentId;
    /// A request for a porteur account from a call's public page
    /// (« demande de compte »).
    AccountRequestId;
    /// A member's invitation to a meeting (*convocation*), with the reply
    /// and the attendance noted.
    InvitationId;
    /// A committee of a Cité (*instance* : COPIL, COTECH…).
    CommitteeId;
    /// A member of a committee, an account or a partner (*membre*).
    CommitteeMemberId;
    /// A meeting of a committee (*séance d'instance*).
    MeetingId;
    /// A decision a meeting recorded (*décision du relevé*).
    DecisionId;
    /// What is to follow a meeting (*suite à donner*).
    FollowUpItemId;
    /// A person reviewed in a meeting of a *commission de suivi des
    /// parcours*, under a pseudonym (*situation examinée*).
    CaseReviewId;
    /// An item of a meeting's agenda (*point de l'ordre du jour*).
    AgendaItemId;
    /// A line of the audit log (*journal d'audit*).
    AuditId;
    /// An event of the national network (*événement du réseau* : café-cités,
    /// groupe de travail thématique).
    NetworkEventId;
    /// A member of a Cité's staff registered for a network event (*inscription*).
    RegistrationId;
    /// A document or link shared with the network (*ressource partagée*).
    ResourceId;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_prints_and_parses_as_its_number() {
        let id = ParticipantId::new(42);
        assert_eq!(id.to_string(), "42");
        assert_eq!("42".parse::<ParticipantId>(), Ok(id));
        assert!("abc".parse::<ParticipantId>().is_err());
        assert!("99999999999999999999".parse::<ParticipantId>().is_err());
    }

    #[test]
    fn an_id_serializes_as_its_number() {
        let id = PartnerId::new(7);
        assert_eq!(serde_json::to_string(&id).unwrap(), "7");
        assert_eq!(serde_json::from_str::<PartnerId>("7").unwrap(), id);
    }
}
