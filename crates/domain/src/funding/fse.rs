//! FSE+ participant data (*données participants FSE+*): for an action
//! co-funded by the European Social Fund Plus (an operation, *opération*),
//! what the programme must report of each participant: who they are as the
//! managing authority's system identifies them, their situation on entry
//! (the common output indicators), at exit and six months after (the
//! result indicators). Only these fields, only the persons placed in the
//! operation.

use chrono::{Datelike, NaiveDate};

use crate::participants::outcomes::Outcome;
use crate::participants::person::{Answer, EducationLevel, EmploymentStatus, Sex};

/// The file's columns, in order.
pub const COLUMNS: [&str; 15] = [
    "Nom",
    "Prénom",
    "Date de naissance",
    "Sexe",
    "Âge à l'entrée",
    "Date d'entrée dans l'opération",
    "Situation sur le marché du travail à l'entrée",
    "Niveau d'éducation (CITE)",
    "Bénéficiaire de minima sociaux (RSA)",
    "Famille monoparentale",
    "Personne handicapée (RQTH)",
    "Résident d'un quartier prioritaire",
    "Date de sortie",
    "Situation à la sortie",
    "Situation six mois après la sortie",
];

/// A participant of the operation, as the store reads them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FseParticipant {
    pub last_name: String,
    pub first_name: String,
    pub birth_date: NaiveDate,
    pub sex: String,
    /// The first day of their place in the action.
    pub entered_on: NaiveDate,
    pub employment_status: String,
    pub education: String,
    pub rsa: String,
    pub single_parent: String,
    pub rqth: String,
    /// The QPV's name, `None` outside.
    pub qpv: Option<String>,
    pub exit_date: Option<NaiveDate>,
    pub exit_outcome: Option<String>,
    pub six_months_outcome: Option<String>,
}

/// Full years between `birth` and `on`.
pub fn age_on(birth: NaiveDate, on: NaiveDate) -> i32 {
    let birthday_passed = (on.month(), on.day()) >= (birth.month(), birth.day());
    on.year() - birth.year() - i32::from(!birthday_passed)
}

/// A code's label, or the code itself from a newer version.
fn label<T>(code: &str, parse: fn(&str) -> Option<T>, label: fn(T) -> &'static str) -> String {
    parse(code).map_or_else(|| code.to_owned(), |v| label(v).to_owned())
}

impl FseParticipant {
    /// The line of the file, one text per column of [`COLUMNS`]; dates
    /// `23/11/2026`, an unknown situation empty.
    pub fn line(&self) -> [String; 15] {
        let date = |d: NaiveDate| d.format("%d/%m/%Y").to_string();
        let outcome = |o: &Option<String>| {
            o.as_deref()
                .map(|code| label(code, Outcome::parse, Outcome::label))
                .unwrap_or_default()
        };
        let answer = |code: &str| label(code, Answer::parse, Answer::label);
        [
            self.last_name.clone(),
            self.first_name.clone(),
            date(self.birth_date),
            label(&self.sex, Sex::parse, Sex::label),
            age_on(self.birth_date, self.entered_on).to_string(),
            date(self.entered_on),
            label(
                &self.employment_status,
                EmploymentStatus::parse,
                EmploymentStatus::label,
            ),
            label(
                &self.education,
                EducationLevel::parse,
                EducationLevel::label,
            ),
            answer(&self.rsa),
            answer(&self.single_parent),
            answer(&self.rqth),
            self.qpv
                .as_ref()
                .map_or("Non".to_owned(), |q| format!("Oui ({q})")),
            self.exit_date.map(date).unwrap_or_default(),
            outcome(&self.exit_outcome),
            outcome(&self.six_months_outcome),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn the_line_says_each_field_as_the_fse_asks_it() {
        let person = FseParticipant {
            last_name: "Diallo".into(),
            first_name: "Awa".into(),
            birth_date: day(1991, 4, 12),
            sex: "f".into(),
            entered_on: day(2026, 4, 11),
            employment_status: "chomeur_longue_duree".into(),
            education: "isced_3_4".into(),
            rsa: "oui".into(),
            single_parent: "nsp".into(),
            rqth: "non".into(),
            qpv: Some("Belle-Beille".into()),
            exit_date: Some(day(2026, 11, 30)),
            exit_outcome: Some("cdi".into()),
            six_months_outcome: None,
        };
        let line = person.line();
        assert_eq!(line.len(), COLUMNS.len());
        assert_eq!(line[2], "12/04/1991");
        assert_eq!(line[3], "Femme");
        // The day before her 35th birthday.
        assert_eq!(line[4], "34");
        assert_eq!(line[6], "Chômeur de longue durée");
        assert_eq!(line[9], "Ne souhaite pas répondre");
        assert_eq!(line[11], "Oui (Belle-Beille)");
        assert_eq!((line[13].as_str(), line[14].as_str()), ("CDI", ""));
        assert_eq!(age_on(day(1991, 4, 12), day(2026, 4, 12)), 35);
    }
}
