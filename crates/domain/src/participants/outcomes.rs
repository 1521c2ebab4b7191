//! Outcomes (*situations / sorties*): where a person stands at exit, +6 and
//! +12 months, and how each situation counts in the programme's indicators.

use crate::codes::code_list;
use chrono::{Months, NaiveDate};

code_list!(
    /// The standard situation codes.
    Outcome {
        Cdi = "cdi", "CDI";
        CddLong = "cdd_6m_plus", "CDD de 6 mois ou plus";
        CddShort = "cdd_under_6m", "CDD de moins de 6 mois";
        InterimLong = "interim_6m_plus", "Intérim de 6 mois ou plus";
        InterimShort = "interim_under_6m", "Intérim de moins de 6 mois";
        AssistedContract = "contrat_aide_iae", "Contrat aidé / IAE";
        QualifyingTraining = "formation_qualifiante", "Formation qualifiante";
        OtherTraining = "autre_formation", "Autre formation";
        BusinessCreation = "creation_entreprise", "Création d'entreprise";
        JobSearch = "recherche", "En recherche d'emploi";
        Inactive = "inactif", "Inactif";
        Moved = "demenage", "A déménagé";
        Unreachable = "injoignable", "Injoignable";
    }
);

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
    /// The codes of the situations in this class, for the store's counts.
    pub fn codes(self) -> Vec<&'static str> {
        Outcome::ALL
            .into_iter()
            .filter(|outcome| outcome.class() == self)
            .map(Outcome::code)
            .collect()
    }

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

code_list!(
    /// When a situation is recorded.
    Checkpoint {
        Entry = "entry", "À l'entrée";
        Exit = "exit", "À la sortie";
        SixMonths = "m6", "À 6 mois";
        TwelveMonths = "m12", "À 12 mois";
    }
);

impl Checkpoint {
    /// How long after the exit the check is made; the entry and the exit
    /// are recorded as they happen.
    pub fn months_after_exit(self) -> Option<i32> {
        match self {
            Checkpoint::Entry | Checkpoint::Exit => None,
            Checkpoint::SixMonths => Some(6),
            Checkpoint::TwelveMonths => Some(12),
        }
    }

    /// When the check falls due: +6 and +12 months count from the exit.
    pub fn due_date(self, exit: Option<NaiveDate>) -> Option<NaiveDate> {
        let months = u32::try_from(self.months_after_exit()?).ok()?;
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
