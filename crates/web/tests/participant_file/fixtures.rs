//! Fixtures of the file's tests, built through the store: a person in the
//! cohort, followed by the test référent, with her consent.

use axum::http::StatusCode;
use chrono::{NaiveDate, Utc};
use maillage_domain::ids::{ParticipantId, PartnerId};
use maillage_domain::participants::person::ParticipantInput;
use maillage_store::case_file::CaseFile;
use maillage_store::participants::Decision;
use maillage_store::Actor;

use crate::common::people::participant;
use crate::common::{Client, TestApp};

pub const PERMIS: &str = "mobilite--preparer-un-permis";

pub fn today() -> NaiveDate {
    maillage_domain::time::paris_date(Utc::now())
}

pub fn iso(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

pub fn french(date: NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

/// Amina, proposed by the lead référent and in the cohort since ten days
/// ago; her consent covers `consent_partners`.
pub async fn person(app: &TestApp, consent_partners: &[PartnerId]) -> ParticipantId {
    person_named(app, "Amina", "Belkacem", consent_partners).await
}

/// A person like Amina, under another name, in the same cohort.
pub async fn person_named(
    app: &TestApp,
    first_name: &str,
    last_name: &str,
    consent_partners: &[PartnerId],
) -> ParticipantId {
    let input = ParticipantInput {
        single_parent: "oui".into(),
        consent_date: iso(today()),
        consent_method: "ecrit".into(),
        consent_partners: consent_partners.iter().map(PartnerId::to_string).collect(),
        ..participant(first_name, last_name)
    };
    person_from(app, input, consent_partners).await
}

/// The person `input` describes, proposed by the lead référent and accepted
/// into the cohort ten days ago.
pub async fn person_from(
    app: &TestApp,
    input: ParticipantInput,
    consent_partners: &[PartnerId],
) -> ParticipantId {
    let actor = Actor::system(chrono::Utc::now());
    let draft = input.validate(&[], consent_partners, today()).unwrap();
    let (id, referral) = app.propose(&draft, today()).await;
    let accept = Decision::Accept {
        entry_date: today() - chrono::Duration::days(10),
    };
    app.store
        .decide_referral(&actor, &app.coordinator().await, referral, &accept, today())
        .await
        .unwrap();
    id
}

/// A « permis » barrier on `id`'s file, identified today by the lead référent.
pub async fn barrier(app: &TestApp, id: ParticipantId) -> maillage_domain::ids::BarrierId {
    app.store
        .add_barrier(
            &Actor::system(chrono::Utc::now()),
            &app.referent().await,
            id,
            PERMIS,
            today(),
            None,
        )
        .await
        .unwrap()
}

/// One service of the territory, to mobilise as a step.
const AUTO_ECOLE: &str = r#"{"structures": [{"source": "t", "id": "mob", "nom": "Mobilité 49", "date_maj": "2026-01-01"}],
  "services": [{"source": "t", "structure_id": "mob", "id": "ae", "nom": "Auto-école sociale",
  "description": "Préparer le permis B.", "date_maj": "2026-01-01"}]}"#;

/// Imports [`AUTO_ECOLE`] into Angers' catalogue.
pub async fn auto_ecole(app: &TestApp) {
    let catalogue = maillage_domain::services::Catalogue::parse(
        AUTO_ECOLE,
        maillage_store::conformance::today(),
    )
    .unwrap();
    app.store
        .import_data_inclusion(
            &Actor::system(chrono::Utc::now()),
            &app.coordinator().await,
            &catalogue,
        )
        .await
        .unwrap();
}

/// The file as the coordinator's store sees it, to check what was saved.
pub async fn saved(app: &TestApp, id: ParticipantId) -> CaseFile {
    app.store
        .case_file(
            &Actor::system(chrono::Utc::now()),
            &app.coordinator().await,
            id,
        )
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

pub async fn open(client: &mut Client, id: ParticipantId) -> String {
    let page = client.get(&format!("/personnes/{id}")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    page.body
}
