//! Property tests: no parser or validator panics, whatever a user types.

use maillage_domain::accounts::{check_password, AccountInput, Email};
use maillage_domain::calls::{ApplicationInput, CallInput, CallStatus, ExtensionInput};
use maillage_domain::cites::{check_qpv_code, split_codes, CiteInput, NewCiteInput, QpvInput};
use maillage_domain::dates::parse_date;
use maillage_domain::ids::{PartnerId, QpvId};
use maillage_domain::participants::cohorts::CohortInput;
use maillage_domain::participants::person::{parse_france_travail_id, ParticipantInput};
use maillage_domain::partners::{PartnerInput, Siret};
use maillage_domain::referential;
use proptest::prelude::*;

/// Any text, weighted towards what breaks parsers: digits, separators,
/// accents, control characters, very long runs.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[0-9 ,;.%@A-Za-zéèà\\-\t\n]{0,40}",
        "[0-9]{0,20}",
        ".{200,400}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn scalar_parsers_never_panic(input in text()) {
        let _ = Email::parse(&input);
        let _ = Siret::parse(&input);
        let _ = check_password(&input);
        let _ = check_qpv_code(&input);
        let _ = split_codes(&input);
        let _ = referential::is_valid_insee_code(&input);
        let _ = referential::commune(&input);
        let _ = referential::network(&input);
        let _ = parse_date(&input);
        let _ = parse_france_travail_id(&input);
    }

    #[test]
    fn form_validators_never_panic(a in text(), b in text(), c in text(), d in text(), e in text()) {
        let partner = PartnerInput {
            name: a.clone(), category: b.clone(), network: c.clone(), siret: d.clone(),
            address: e.clone(), postal_code: a.clone(), city: b.clone(), sensitive: Some(c.clone()),
        };
        let _ = partner.validate();
        let cite = CiteInput {
            name: a.clone(), departement: b.clone(), epci: c.clone(), communes: d.clone(),
            label_year: e.clone(), co_pilots: a.clone(), population: b.clone(),
            unemployment_rate: c.clone(), employment_rate: d.clone(), poverty_rate: e.clone(),
            defm_abc: a.clone(), target_publics: vec![b.clone()], axes: vec![c.clone()],
            follow_up_months: d.clone(), referral_expiry_days: e.clone(), no_target_public: a.clone(), own_axes: b.clone(),
        };
        let _ = cite.validate(chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());
        let new_cite = NewCiteInput {
            code: a.clone(), name: b.clone(), departement: c.clone(), epci: d.clone(),
            communes: e.clone(), label_year: a.clone(), co_pilots: b.clone(),
            coordinator_name: c.clone(), coordinator_email: d.clone(),
        };
        let _ = new_cite.validate(chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());
        let qpv = QpvInput { code: a.clone(), name: b.clone(), communes: c.clone(), population: d.clone() };
        let _ = qpv.validate(&split_codes(&e));
        let cohort = CohortInput {
            name: a.clone(), year: b.clone(), target_size: c.clone(), intake_start: d.clone(),
            intake_end: e.clone(), follow_up_months: a.clone(),
        };
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let _ = cohort.validate(today);
        let person = ParticipantInput {
            first_name: a.clone(), last_name: b.clone(), birth_date: c.clone(), sex: d.clone(),
            phone: e.clone(), email: a.clone(), address: b.clone(), residence: c.clone(),
            employment_status: d.clone(), education: e.clone(), rsa: a.clone(), single_parent: b.clone(),
            rqth: c.clone(), france_travail_id: d.clone(), consent_date: e.clone(),
            consent_method: a.clone(), consent_partners: vec![b.clone()],
        };
        let _ = person.validate(&[QpvId::new(1), QpvId::new(2)], &[PartnerId::new(3)], today);
        let call = CallInput {
            title: a.clone(), text: b.clone(), axes: vec![c.clone()], thematics: vec![d.clone()],
            total_amount: e.clone(), yearly_amount: a.clone(), years: b.clone(), opens_on: c.clone(),
            deadline_date: d.clone(), deadline_time: e.clone(),
        };
        let _ = call.validate(today);
        let extension = ExtensionInput { deadline_date: a.clone(), deadline_time: b.clone(), reason: c.clone() };
        let _ = extension.validate(CallStatus::Published, chrono::Utc::now(), today);
        let application = ApplicationInput {
            project_title: a.clone(), summary: b.clone(), target_public: c.clone(), qpvs: vec![d.clone()],
            axis: e.clone(), thematics: vec![a.clone()], expected_participants: b.clone(),
            starts_on: c.clone(), ends_on: d.clone(), line_label: vec![e.clone(), a.clone()],
            line_amount: vec![b.clone(), c.clone()], share: vec![d.clone(); 12],
        };
        let _ = application.validate(&[QpvId::new(1)], today);
        let account = AccountInput { email: a, name: b, role: c, partner_id: d };
        let _ = account.validate();
    }

    #[test]
    fn valid_sirets_survive_formatting(siren in 100_000_000u64..999_999_999, nic in 0u32..9999) {
        // Build a number whose Luhn key is right, then space it as people do.
        let base = format!("{siren:09}{nic:04}");
        let key = (0..10).find(|k| Siret::parse(&format!("{base}{k}")).is_ok());
        if let Some(key) = key {
            let spaced = format!("{} {} {}{}", &base[..3], &base[3..9], &base[9..], key);
            prop_assert_eq!(Siret::parse(&spaced).map(|s| s.as_str().to_owned()), Ok(format!("{base}{key}")));
        }
    }
}
