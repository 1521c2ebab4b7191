//! Outcomes (*situations / sorties*): where a person stands at exit, +6 and
//! +12 months, and how each situation counts in the programme's indicators.

use chrono::{Months, NaiveDate};

/// The standard situation codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Outcome {
    Cdi,
    CddLong,
    CddShort,
    InterimLong,
    InterimShort,
    AssistedContract,
    QualifyingTraining,
    OtherTraining,
    BusinessCreation,
    JobSearch,
    Inactive,
    Moved,
    Unreachable,
}

/// How a situation counts: *emploi durable*, *emploi de transition*, *sortie
/// positive*, or none of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OutcomeClass {
    DurableEmployment,
    TransitionEmployment,
    PositiveExit,
    Other,
}

impl OutcomeClass {
    pub fn label(self) -> &'static str {
        match self {
            OutcomeClass::DurableEmployment => "Emploi durable",
            OutcomeClass::TransitionEmployment => "Emploi de transition",
            OutcomeClass::PositiveExit => "Sortie positive",
            OutcomeClass::Other => "Autre situation",
        }
    }
}

impl Outcome {
    pub const ALL: [Outcome; 13] = [
        Outcome::Cdi,
        Outcome::CddLong,
        Outcome::CddShort,
        Outcome::InterimLong,
        Outcome::InterimShort,
        Outcome::AssistedContract,
        Outcome::QualifyingTraining,
        Outcome::OtherTraining,
        Outcome::BusinessCreation,
        Outcome::JobSearch,
        Outcome::Inactive,
        Outcome::Moved,
        Outcome::Unreachable,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Outcome::Cdi => "cdi",
            Outcome::CddLong => "cdd_6m_plus",
            Outcome::CddShort => "cdd_under_6m",
            Outcome::InterimLong => "interim_6m_plus",
            Outcome::InterimShort => "interim_under_6m",
            Outcome::AssistedContract => "contrat_aide_iae",
            Outcome::QualifyingTraining => "formation_qualifiante",
            Outcome::OtherTraining => "autre_formation",
            Outcome::BusinessCreation => "creation_entreprise",
            Outcome::JobSearch => "recherche",
            Outcome::Inactive => "inactif",
            Outcome::Moved => "demenage",
            Outcome::Unreachable => "injoignable",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Outcome::Cdi => "CDI",
            Outcome::CddLong => "CDD de 6 mois ou plus",
            Outcome::CddShort => "CDD de moins de 6 mois",
            Outcome::InterimLong => "Intérim de 6 mois ou plus",
            Outcome::InterimShort => "Intérim de moins de 6 mois",
            Outcome::AssistedContract => "Contrat aidé / IAE",
            Outcome::QualifyingTraining => "Formation qualifiante",
            Outcome::OtherTraining => "Autre formation",
            Outcome::BusinessCreation => "Création d'entreprise",
            Outcome::JobSearch => "En recherche d'emploi",
            Outcome::Inactive => "Inactif",
            Outcome::Moved => "A déménagé",
            Outcome::Unreachable => "Injoignable",
        }
    }

    pub fn parse(code: &str) -> Option<Outcome> {
        Self::ALL.into_iter().find(|o| o.code() == code)
    }

    /// The programme's classification: durable employment is a CDI, a CDD or
    /// interim of 6 months or more, or a business creation; short contracts
    /// are transition employment; qualifying training and IAE are positive exits.
    pub fn class(self) -> OutcomeClass {
        match self {
            Outcome::Cdi | Outcome::CddLong | Outcome::InterimLong | Outcome::BusinessCreation => {
                OutcomeClass::DurableEmployment
            }
            Outcome::CddShort | Outcome::InterimShort => OutcomeClass::TransitionEmployment,
            Outcome::QualifyingTraining | Outcome::AssistedContract => OutcomeClass::PositiveExit,
            Outcome::OtherTraining
            | Outcome::JobSearch
            | Outcome::Inactive
            | Outcome::Moved
            | Outcome::Unreachable => OutcomeClass::Other,
        }
    }

    pub fn is_employment(self) -> bool {
        matches!(
            self.class(),
            OutcomeClass::DurableEmployment | OutcomeClass::TransitionEmployment
        )
    }
}

/// When a situation is recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Checkpoint {
    Entry,
    Exit,
    SixMonths,
    TwelveMonths,
}

impl Checkpoint {
    pub const ALL: [Checkpoint; 4] = [
        Checkpoint::Entry,
        Checkpoint::Exit,
        Checkpoint::SixMonths,
        Checkpoint::TwelveMonths,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Checkpoint::Entry => "entry",
            Checkpoint::Exit => "exit",
            Checkpoint::SixMonths => "m6",
            Checkpoint::TwelveMonths => "m12",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Checkpoint::Entry => "À l'entrée",
            Checkpoint::Exit => "À la sortie",
            Checkpoint::SixMonths => "À 6 mois",
            Checkpoint::TwelveMonths => "À 12 mois",
        }
    }

    pub fn parse(code: &str) -> Option<Checkpoint> {
        Self::ALL.into_iter().find(|c| c.code() == code)
    }

    /// When the check falls due: the exit and entry are recorded as they
    /// happen; +6 and +12 months count from the exit.
    pub fn due_date(self, exit: Option<NaiveDate>) -> Option<NaiveDate> {
        let months = match self {
            Checkpoint::Entry | Checkpoint::Exit => return None,
            Checkpoint::SixMonths => 6,
            Checkpoint::TwelveMonths => 12,
        };
        exit?.checked_add_months(Months::new(months))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_outcome_has_one_class() {
        use OutcomeClass::*;
        let expected = [
            (Outcome::Cdi, DurableEmployment),
            (Outcome::CddLong, DurableEmployment),
            (Outcome::InterimLong, DurableEmployment),
            (Outcome::BusinessCreation, DurableEmployment),
            (Outcome::CddShort, TransitionEmployment),
            (Outcome::InterimShort, TransitionEmployment),
            (Outcome::QualifyingTraining, PositiveExit),
            (Outcome::AssistedContract, PositiveExit),
            (Outcome::OtherTraining, Other),
            (Outcome::JobSearch, Other),
            (Outcome::Inactive, Other),
            (Outcome::Moved, Other),
            (Outcome::Unreachable, Other),
        ];
        assert_eq!(expected.len(), Outcome::ALL.len());
        for (outcome, class) in expected {
            assert_eq!(outcome.class(), class, "{outcome:?}");
            assert_eq!(Outcome::parse(outcome.code()), Some(outcome));
        }
        assert!(Outcome::CddShort.is_employment());
        assert!(!Outcome::QualifyingTraining.is_employment());
    }

    #[test]
    fn follow_up_checks_fall_due_after_the_exit() {
        let exit = NaiveDate::from_ymd_opt(2026, 8, 31).unwrap();
        assert_eq!(
            Checkpoint::SixMonths.due_date(Some(exit)),
            NaiveDate::from_ymd_opt(2027, 2, 28)
        );
        assert_eq!(
            Checkpoint::TwelveMonths.due_date(Some(exit)),
            NaiveDate::from_ymd_opt(2027, 8, 31)
        );
        assert_eq!(Checkpoint::SixMonths.due_date(None), None);
        assert_eq!(Checkpoint::Exit.due_date(Some(exit)), None);
    }
}
