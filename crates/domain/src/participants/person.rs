//! The person followed (*personne accompagnée*, `Participant`): identity,
//! residence and the situation at entry, with the FSE+ fields.

use chrono::{Datelike, NaiveDate};

use crate::accounts::Email;
use crate::codes::code_list;
use crate::dates::DateField;
use crate::errors::{optional_text, required_text, FieldErrors};
use crate::ids::{PartnerId, QpvId};

code_list!(
    /// Where a person stands in the Cité's follow-up (`participants.status`).
    ParticipantStatus {
        Proposed = "proposed", "Proposée";
        Active = "active", "Dans la cohorte";
        Exited = "exited", "Sortie";
        NotAdmitted = "not_admitted", "Non retenue";
    }
);

code_list!(
    /// Sex as the FSE+ regulation counts it.
    Sex {
        Female = "f", "Femme";
        Male = "m", "Homme";
        NonBinary = "x", "Non-binaire";
    }
);

code_list!(
    /// Employment status at entry (FSE+).
    EmploymentStatus {
        Unemployed = "chomeur", "Chômeur";
        LongTermUnemployed = "chomeur_longue_duree", "Chômeur de longue durée";
        Inactive = "inactif", "Inactif";
        Employed = "en_emploi", "En emploi";
    }
);

code_list!(
    /// Education level in the three ISCED bands of the FSE+ indicators.
    EducationLevel {
        Isced0To2 = "isced_0_2", "CITE 0 à 2 (jusqu'au brevet, CAP non obtenu)";
        Isced3To4 = "isced_3_4", "CITE 3 et 4 (CAP, BEP, baccalauréat)";
        Isced5To8 = "isced_5_8", "CITE 5 à 8 (études supérieures)";
    }
);

code_list!(
    /// An answer the person may decline to give (RQTH is sensitive data).
    Answer {
        Yes = "oui", "Oui";
        No = "non", "Non";
        Declined = "nsp", "Ne souhaite pas répondre";
    }
);

code_list!(
    /// How consent to share the file was collected.
    ConsentMethod {
        Written = "ecrit", "Par écrit (formulaire signé)";
        Oral = "oral", "À l'oral, en entretien";
        Digital = "numerique", "Par voie numérique";
    }
);

/// Minimum age at entry: the programme serves people of working age.
pub const MIN_AGE: i32 = 16;

/// Age in whole years on `on`.
pub fn age_on(birth: NaiveDate, on: NaiveDate) -> i32 {
    let mut age = on.year() - birth.year();
    if (on.month(), on.day()) < (birth.month(), birth.day()) {
        age -= 1;
    }
    age
}

/// A France Travail identifier: seven digits then a digit or a letter.
pub fn parse_france_travail_id(input: &str) -> Result<String, String> {
    let id: String = input
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase();
    let bytes = id.as_bytes();
    if bytes.len() == 8
        && bytes[..7].iter().all(u8::is_ascii_digit)
        && bytes[7].is_ascii_alphanumeric()
    {
        Ok(id)
    } else {
        Err("L'identifiant France Travail compte 7 chiffres suivis d'un chiffre ou d'une lettre (exemple : 1234567A).".into())
    }
}

/// The key names are searched by: lower case, without accents or
/// punctuation, so that « Élodie Lefèvre » is found by « elodie lefe ».
pub fn search_key(first_name: &str, last_name: &str) -> String {
    crate::text::fold(&format!("{first_name} {last_name}"))
}

/// Where the person lives, relative to the Cité's QPVs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Residence {
    Qpv(QpvId),
    /// Outside every QPV: allowed, with a warning (the programme targets QPVs).
    OutsideQpv,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Consent {
    pub date: NaiveDate,
    pub method: ConsentMethod,
    pub partner_ids: Vec<PartnerId>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParticipantDraft {
    pub first_name: String,
    pub last_name: String,
    pub birth_date: NaiveDate,
    pub sex: Sex,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
    pub residence: Residence,
    pub employment_status: EmploymentStatus,
    pub education: EducationLevel,
    pub rsa: Answer,
    pub single_parent: Answer,
    pub rqth: Answer,
    pub france_travail_id: Option<String>,
    pub consent: Option<Consent>,
}

#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ParticipantInput {
    pub first_name: String,
    pub last_name: String,
    pub birth_date: String,
    pub sex: String,
    pub phone: String,
    pub email: String,
    pub address: String,
    /// A QPV id of the Cité, or `hors-qpv`.
    pub residence: String,
    pub employment_status: String,
    pub education: String,
    pub rsa: String,
    pub single_parent: String,
    pub rqth: String,
    pub france_travail_id: String,
    pub consent_date: String,
    pub consent_method: String,
    pub consent_partners: Vec<String>,
}

fn choice<T: Copy>(
    errors: &mut FieldErrors,
    field: &'static str,
    value: &str,
    parse: fn(&str) -> Option<T>,
) -> Option<T> {
    let parsed = parse(value.trim());
    if parsed.is_none() {
        errors.add(field, "Choisissez une réponse dans la liste.");
    }
    parsed
}

impl ParticipantInput {
    /// `qpv_ids` are the Cité's QPVs, `partner_ids` its partners; `today`
    /// bounds the birth date.
    pub fn validate(
        &self,
        qpv_ids: &[QpvId],
        partner_ids: &[PartnerId],
        today: NaiveDate,
    ) -> Result<ParticipantDraft, FieldErrors> {
        let mut errors = FieldErrors::new();
        let first_name = required_text(&mut errors, "first_name", &self.first_name, 100);
        let last_name = required_text(&mut errors, "last_name", &self.last_name, 100);
        let birth_date = DateField::past("birth_date", "La date de naissance").required(
            &mut errors,
            &self.birth_date,
            today,
        );
        if let Some(birth) = birth_date {
            if age_on(birth, today) < MIN_AGE {
                errors.add(
                    "birth_date",
                    format!("La personne doit avoir au moins {MIN_AGE} ans."),
                );
            } else if age_on(birth, today) > 120 {
                errors.add("birth_date", "Vérifiez l'année de naissance.");
            }
        }
        let sex = choice(&mut errors, "sex", &self.sex, Sex::parse);
        let phone = optional_text(&mut errors, "phone", &self.phone, 30);
        let email = optional_text(&mut errors, "email", &self.email, 254).and_then(|e| {
            Email::parse(&e)
                .map(Email::into_string)
                .map_err(|m| errors.add("email", m))
                .ok()
        });
        let address = optional_text(&mut errors, "address", &self.address, 300);
        let residence = match self.residence.trim() {
            "hors-qpv" => Some(Residence::OutsideQpv),
            id => match id.parse::<QpvId>() {
                Ok(id) if qpv_ids.contains(&id) => Some(Residence::Qpv(id)),
                _ => {
                    errors.add(
                        "residence",
                        "Choisissez un quartier prioritaire de la Cité, ou « hors QPV ».",
                    );
                    None
                }
            },
        };
        let employment_status = choice(
            &mut errors,
            "employment_status",
            &self.employment_status,
            EmploymentStatus::parse,
        );
        let education = choice(
            &mut errors,
            "education",
            &self.education,
            EducationLevel::parse,
        );
        let rsa = choice(&mut errors, "rsa", &self.rsa, Answer::parse);
        let single_parent = choice(
            &mut errors,
            "single_parent",
            &self.single_parent,
            Answer::parse,
        );
        let rqth = choice(&mut errors, "rqth", &self.rqth, Answer::parse);
        let france_travail_id = optional_text(
            &mut errors,
            "france_travail_id",
            &self.france_travail_id,
            20,
        )
        .and_then(|id| {
            parse_france_travail_id(&id)
                .map_err(|m| errors.add("france_travail_id", m))
                .ok()
        });
        let consent = self.consent(&mut errors, partner_ids, today);
        match (
            birth_date,
            sex,
            residence,
            employment_status,
            education,
            rsa,
            single_parent,
            rqth,
        ) {
            (
                Some(birth_date),
                Some(sex),
                Some(residence),
                Some(employment_status),
                Some(education),
                Some(rsa),
                Some(single_parent),
                Some(rqth),
            ) if errors.is_empty() => Ok(ParticipantDraft {
                first_name,
                last_name,
                birth_date,
                sex,
                phone,
                email,
                address,
                residence,
                employment_status,
                education,
                rsa,
                single_parent,
                rqth,
                france_travail_id,
                consent,
            }),
            _ => Err(errors),
        }
    }

    /// A consent is recorded only with its date and how it was collected.
    fn consent(
        &self,
        errors: &mut FieldErrors,
        partner_ids: &[PartnerId],
        today: NaiveDate,
    ) -> Option<Consent> {
        let given = !self.consent_date.trim().is_empty()
            || !self.consent_method.trim().is_empty()
            || !self.consent_partners.is_empty();
        if !given {
            return None;
        }
        let date = DateField::past("consent_date", "La date du consentement").optional(
            errors,
            &self.consent_date,
            today,
        );
        if self.consent_date.trim().is_empty() {
            errors.add(
                "consent_date",
                "Indiquez la date à laquelle la personne a donné son consentement.",
            );
        }
        let method = choice(
            errors,
            "consent_method",
            &self.consent_method,
            ConsentMethod::parse,
        );
        let mut ids = Vec::new();
        for raw in &self.consent_partners {
            match raw.trim().parse::<PartnerId>() {
                Ok(id) if partner_ids.contains(&id) => ids.push(id),
                _ => errors.add("consent_partners", "Choisissez des partenaires de la Cité."),
            }
        }
        ids.sort_unstable();
        ids.dedup();
        Some(Consent {
            date: date?,
            method: method?,
            partner_ids: ids,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    fn input() -> ParticipantInput {
        ParticipantInput {
            first_name: "Amina".into(),
            last_name: "Belkacem".into(),
            birth_date: "1991-04-12".into(),
            sex: "f".into(),
            residence: "3".into(),
            employment_status: "chomeur_longue_duree".into(),
            education: "isced_3_4".into(),
            rsa: "oui".into(),
            single_parent: "oui".into(),
            rqth: "nsp".into(),
            france_travail_id: "1234567 a".into(),
            consent_date: "15/11/2026".into(),
            consent_method: "ecrit".into(),
            consent_partners: vec!["7".into(), "7".into()],
            ..ParticipantInput::default()
        }
    }

    #[test]
    fn a_complete_file_validates() {
        let draft = input()
            .validate(
                &[QpvId::new(3)],
                &[PartnerId::new(7), PartnerId::new(8)],
                today(),
            )
            .unwrap();
        assert_eq!(draft.residence, Residence::Qpv(QpvId::new(3)));
        assert_eq!(draft.france_travail_id.as_deref(), Some("1234567A"));
        assert_eq!(draft.rqth, Answer::Declined);
        let consent = draft.consent.unwrap();
        assert_eq!(
            (consent.method, consent.partner_ids),
            (ConsentMethod::Written, vec![PartnerId::new(7)])
        );
        let outside = ParticipantInput {
            residence: "hors-qpv".into(),
            ..input()
        };
        assert_eq!(
            outside
                .validate(&[QpvId::new(3)], &[PartnerId::new(7)], today())
                .unwrap()
                .residence,
            Residence::OutsideQpv
        );
    }

    #[test]
    fn the_rules_of_the_file() {
        let cases: [(&str, ParticipantInput); 6] = [
            (
                "birth_date",
                ParticipantInput {
                    birth_date: "2027-01-01".into(),
                    ..input()
                },
            ),
            (
                "birth_date",
                ParticipantInput {
                    birth_date: "2011-01-01".into(),
                    ..input()
                },
            ),
            (
                "residence",
                ParticipantInput {
                    residence: "99".into(),
                    ..input()
                },
            ),
            (
                "france_travail_id",
                ParticipantInput {
                    france_travail_id: "12AB".into(),
                    ..input()
                },
            ),
            (
                "consent_date",
                ParticipantInput {
                    consent_date: String::new(),
                    ..input()
                },
            ),
            (
                "consent_partners",
                ParticipantInput {
                    consent_partners: vec!["42".into()],
                    ..input()
                },
            ),
        ];
        for (field, case) in cases {
            let errors = case
                .validate(&[QpvId::new(3)], &[PartnerId::new(7)], today())
                .unwrap_err();
            assert!(errors.get(field).is_some(), "{field}: {errors}");
        }
    }

    #[test]
    fn search_keys_ignore_case_accents_and_punctuation() {
        assert_eq!(search_key("Élodie", "Lefèvre-Ça"), "elodie lefevre ca");
        assert_eq!(search_key("  Jean ", "D'Arc "), "jean d arc");
    }

    #[test]
    fn ages_count_whole_years() {
        let birth = NaiveDate::from_ymd_opt(2010, 11, 24).unwrap();
        assert_eq!(age_on(birth, today()), 15);
        assert_eq!(
            age_on(birth, NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()),
            16
        );
    }

    #[test]
    fn codes_round_trip() {
        for sex in Sex::ALL {
            assert_eq!(Sex::parse(sex.code()), Some(sex));
        }
        assert_eq!(EducationLevel::ALL.len(), 3);
        assert_eq!(Answer::parse("peut-être"), None);
    }
}
