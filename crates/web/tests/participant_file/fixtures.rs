//! Fixtures of the file's tests, built through the store: a cohort, a
//! person in it, partners with référents who can sign in.

use axum::http::StatusCode;
use chrono::{Datelike, NaiveDate, Utc};
use maillage_domain::accounts::Role;
use maillage_domain::participants::cohorts::CohortInput;
use maillage_domain::participants::person::ParticipantInput;
use maillage_domain::partners::PartnerInput;
use maillage_domain::Scope;
use maillage_store::accounts::{NewAccount, NewMembership};
use maillage_store::case_file::CaseFile;
use maillage_store::participants::Decision;
use maillage_store::Actor;

use crate::common::{Client, TestApp, PASSWORD};

pub const PERMIS: &str = "mobilite--preparer-un-permis";

pub fn today() -> NaiveDate {
    Utc::now().date_naive()
}

pub fn iso(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

pub fn french(date: NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

pub async fn user_id(app: &TestApp, email: &str) -> i64 {
    app.store
        .credentials(email)
        .await
        .unwrap()
        .expect("test user")
        .user_id
}

pub async fn coordinator(app: &TestApp) -> Scope {
    Scope::Cite {
        user_id: user_id(app, "coord@angers.fr").await,
        cite_id: app.angers,
        role: Role::Coordinateur,
        partner_id: None,
    }
}

/// The référent of `app.angers_partner`, who proposes the person and leads.
pub async fn lead(app: &TestApp) -> Scope {
    Scope::Cite {
        user_id: user_id(app, "referent@angers.fr").await,
        cite_id: app.angers,
        role: Role::Referent,
        partner_id: Some(app.angers_partner),
    }
}

/// A partner of Angers with a référent who can sign in as `email`.
pub async fn partner_with_referent(app: &TestApp, name: &str, email: &str, sensitive: bool) -> i64 {
    let actor = Actor::system();
    let input = PartnerInput {
        name: name.into(),
        category: "associatif".into(),
        sensitive: sensitive.then(|| "on".to_owned()),
        ..PartnerInput::default()
    };
    let partner = app
        .store
        .create_partner(&actor, &coordinator(app).await, &input.validate().unwrap())
        .await
        .unwrap();
    let account = NewAccount {
        email: email.into(),
        name: format!("Compte {email}"),
        password_hash: maillage_web::auth::password::hash(PASSWORD.to_owned()).await,
        membership: Some(NewMembership {
            cite_id: app.angers,
            role: Role::Referent,
            partner_id: Some(partner),
        }),
    };
    app.store.create_account(&actor, account).await.unwrap();
    partner
}

/// Amina, proposed by the lead référent and in the cohort since ten days
/// ago; her consent covers `consent_partners`.
pub async fn person(app: &TestApp, consent_partners: &[i64]) -> i64 {
    person_named(app, "Amina", "Belkacem", consent_partners).await
}

/// A person like Amina, under another name, in the same cohort.
pub async fn person_named(
    app: &TestApp,
    first_name: &str,
    last_name: &str,
    consent_partners: &[i64],
) -> i64 {
    let actor = Actor::system();
    let coordinator = coordinator(app).await;
    let existing = app.store.cohorts(&coordinator).await.unwrap();
    let cohort = CohortInput {
        name: "Cohorte des tests".into(),
        year: today().year().to_string(),
        target_size: "90".into(),
        intake_start: "2020-01-01".into(),
        intake_end: "2099-12-31".into(),
        follow_up_months: String::new(),
    };
    let cohort_id = match existing.first() {
        Some(cohort) => cohort.id,
        None => app
            .store
            .create_cohort(&actor, &coordinator, &cohort.validate().unwrap())
            .await
            .unwrap(),
    };
    let input = ParticipantInput {
        first_name: first_name.into(),
        last_name: last_name.into(),
        birth_date: "1991-04-12".into(),
        sex: "f".into(),
        residence: "hors-qpv".into(),
        employment_status: "chomeur".into(),
        education: "isced_3_4".into(),
        rsa: "oui".into(),
        single_parent: "oui".into(),
        rqth: "nsp".into(),
        consent_date: iso(today()),
        consent_method: "ecrit".into(),
        consent_partners: consent_partners.iter().map(i64::to_string).collect(),
        ..ParticipantInput::default()
    };
    let draft = input.validate(&[], consent_partners, today()).unwrap();
    let (id, referral) = app
        .store
        .propose(&actor, &lead(app).await, cohort_id, &draft, None, today())
        .await
        .unwrap();
    let accept = Decision::Accept {
        entry_date: today() - chrono::Duration::days(10),
    };
    app.store
        .decide_referral(&actor, &coordinator, referral, &accept, today())
        .await
        .unwrap();
    id
}

/// The file as the coordinator's store sees it, to check what was saved.
pub async fn saved(app: &TestApp, id: i64) -> CaseFile {
    app.store
        .case_file(&Actor::system(), &coordinator(app).await, id)
        .await
        .unwrap()
}

/// One section of the page, from its opening tag to its end.
pub fn section<'a>(body: &'a str, id: &str) -> &'a str {
    let start = body
        .find(&format!("<section id=\"{id}\""))
        .unwrap_or_else(|| panic!("no section {id}"));
    let rest = &body[start..];
    &rest[..rest.find("</section>").unwrap_or(rest.len())]
}

pub async fn open(client: &mut Client, id: i64) -> String {
    let page = client.get(&format!("/personnes/{id}")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    page.body
}
