//! What the cohort and referral tests share: the coordinator's cohorts, a
//! référent's proposal as the form posts it, and the coordinator's view of
//! what the pages saved.

use chrono::{Duration, NaiveDate};
use maillage_domain::accounts::Role;
use maillage_domain::ids::{CohortId, PartnerId, UserId};
use maillage_domain::partners::PartnerInput;
use maillage_domain::Scope;
use maillage_store::accounts::{NewAccount, NewMembership};
use maillage_store::participants::ReferralRow;
use maillage_store::Actor;
use maillage_web::Clock;

use crate::common::{self, Client, TestApp};
use axum::http::StatusCode;

pub fn today(app: &TestApp) -> NaiveDate {
    maillage_domain::time::paris_date(app.clock.now())
}

pub fn iso(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// An Angers coordinator's view, to read what the pages saved.
pub fn angers_reader(app: &TestApp) -> Scope {
    Scope::Cite {
        user_id: UserId::new(0),
        cite_id: app.angers,
        role: Role::Coordinateur,
        partner_id: None,
    }
}

pub async fn post(
    client: &mut Client,
    path: &str,
    fields: &[(&str, String)],
) -> common::TestResponse {
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    client.post(path, &fields).await
}

pub fn cohort_fields(name: &str, start: NaiveDate, end: NaiveDate) -> Vec<(&'static str, String)> {
    vec![
        ("name", name.to_owned()),
        ("year", "2026".to_owned()),
        ("target_size", "90".to_owned()),
        ("intake_start", iso(start)),
        ("intake_end", iso(end)),
        ("follow_up_months", "12".to_owned()),
    ]
}

/// The coordinator creates a cohort open around today; gives its id.
pub async fn open_cohort(app: &TestApp, name: &str) -> CohortId {
    let mut coordinator = app.signed_in("coord@angers.fr").await;
    coordinator.get("/cohortes").await;
    let day = today(app);
    let fields = cohort_fields(name, day - Duration::days(30), day + Duration::days(60));
    let created = post(&mut coordinator, "/cohortes", &fields).await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    app.store
        .cohorts(&angers_reader(app))
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.name == name)
        .expect("cohort saved")
        .id
}

/// A person's file as the proposal form posts it.
pub fn proposal(cohort_id: CohortId) -> Vec<(&'static str, String)> {
    [
        ("cohort_id", cohort_id.to_string()),
        ("motive", "Recherche d'un emploi près de chez elle".into()),
        ("first_name", "Amina".into()),
        ("last_name", "Belkacem".into()),
        ("birth_date", "1991-04-12".into()),
        ("sex", "f".into()),
        ("phone", "06 12 34 56 78".into()),
        ("email", "amina@example.org".into()),
        ("address", "3 rue de Bretagne, Angers".into()),
        ("residence", "hors-qpv".into()),
        ("employment_status", "chomeur_longue_duree".into()),
        ("education", "isced_3_4".into()),
        ("rsa", "oui".into()),
        ("single_parent", "oui".into()),
        ("rqth", "nsp".into()),
        ("france_travail_id", "1234567A".into()),
    ]
    .into_iter()
    .collect()
}

/// A référent proposes Amina through the page; gives the referral.
pub async fn propose(app: &TestApp, referent: &mut Client, cohort_id: CohortId) -> ReferralRow {
    referent.get("/adressages/nouveau").await;
    let sent = post(referent, "/adressages", &proposal(cohort_id)).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    assert_eq!(sent.location(), "/adressages?fait=adressage-propose");
    let mut referrals = app.store.referrals(&angers_reader(app)).await.unwrap();
    referrals.remove(0)
}

/// A second Angers partner with its own référent, `referent2@angers.fr`.
pub async fn second_referent(app: &TestApp) -> PartnerId {
    let actor = Actor::system(chrono::Utc::now());
    let partner = PartnerInput {
        name: "CIDFF de Maine-et-Loire".into(),
        category: "associatif".into(),
        ..PartnerInput::default()
    };
    let partner_id = app
        .store
        .create_partner_in(&actor, app.angers, &partner.validate().unwrap())
        .await
        .unwrap();
    let account = NewAccount {
        email: "referent2@angers.fr".into(),
        name: "Deuxième référente".into(),
        password_hash: maillage_web::auth::password::hash(common::PASSWORD.to_owned()).await,
        membership: Some(NewMembership {
            cite_id: app.angers,
            role: Role::Referent,
            partner_id: Some(partner_id),
        }),
    };
    app.store.create_account(&actor, account).await.unwrap();
    partner_id
}

/// The referrals of Angers, as its coordinator reads them.
pub async fn referrals(app: &TestApp) -> Vec<ReferralRow> {
    app.store.referrals(&angers_reader(app)).await.unwrap()
}
