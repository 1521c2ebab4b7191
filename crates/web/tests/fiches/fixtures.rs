//! Fixtures of the catalogue's tests, built through the store: actions,
//! a person enrolled in one, and the publish form's fields.

use axum::http::StatusCode;
use chrono::Utc;
use maillage_domain::actions::{ActionInput, EnrolmentDraft};
use maillage_domain::ids::{ActionId, CiteId, FicheId};
use maillage_domain::participants::person::ParticipantInput;
use maillage_store::Actor;

use crate::common::people::participant;
use crate::common::TestApp;

/// An action of a Cité, created through the store.
pub async fn action(app: &TestApp, cite_id: CiteId, title: &str, thematic: &str) -> ActionId {
    let input = ActionInput {
        title: title.into(),
        axis: "innovate".into(),
        thematics: vec![thematic.into()],
        publics: vec!["familles".into()],
        starts_on: "2026-01-05".into(),
        planned_budget: "35 000".into(),
        description: "Un guichet qui trouve une garde aux parents qui cherchent un emploi.".into(),
        status: "running".into(),
        // AVIP's own: 8 places, single parents first.
        capacity: "8".into(),
        priority_rule: "single_parent_first".into(),
        results: "60 familles accompagnées.".into(),
        ..ActionInput::default()
    };
    app.store
        .create_action_in(
            &Actor::system(chrono::Utc::now()),
            cite_id,
            &input
                .validate(maillage_store::conformance::today())
                .unwrap(),
        )
        .await
        .unwrap()
}

/// The publish form's fields, as a coordinator would send them.
pub fn fiche(title: &str, thematic: &'static str) -> Vec<(&'static str, String)> {
    vec![
        ("title", title.to_owned()),
        ("axis", "innovate".to_owned()),
        ("thematics", thematic.to_owned()),
        ("publics", "familles".to_owned()),
        (
            "description",
            "Un guichet unique pour la garde des enfants des parents en recherche d'emploi."
                .to_owned(),
        ),
        ("partners", "Association Par'Emploi\nCAF".to_owned()),
        ("budget", "35 000".to_owned()),
        (
            "results",
            "120 solutions temporaires, 45 pérennes.".to_owned(),
        ),
        ("contact_organisation", "Aldev".to_owned()),
        (
            "contact_role",
            "Chargée de mission Cité de l'emploi".to_owned(),
        ),
        ("contact_email", "cite.emploi@aldev.fr".to_owned()),
        ("contact_phone", String::new()),
    ]
}

pub fn fields<'a>(owned: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    owned.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

/// Publishes as `email`; gives the fiche's id.
pub async fn publish(
    app: &TestApp,
    email: &str,
    action_id: ActionId,
    form: &[(&'static str, String)],
) -> FicheId {
    let mut client = app.signed_in(email).await;
    assert_eq!(
        client
            .get(&format!("/actions/{action_id}/publier"))
            .await
            .status,
        StatusCode::OK
    );
    let response = client
        .post(&format!("/actions/{action_id}/publier"), &fields(form))
        .await;
    assert_eq!(response.status, StatusCode::SEE_OTHER, "{}", response.body);
    response
        .location()
        .trim_start_matches("/actions-innovantes/")
        .split('?')
        .next()
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("no fiche id in {}", response.location()))
}

/// Fatoumata Diarra, proposed by the Angers référent and enrolled in the
/// action: the person a fiche must never name.
pub async fn enrol_fatoumata_diarra(app: &TestApp, action_id: ActionId) {
    let actor = Actor::system(chrono::Utc::now());
    let today = Utc::now().date_naive();
    let person = ParticipantInput {
        birth_date: "1992-06-14".into(),
        single_parent: "oui".into(),
        email: "fatou.diarra@exemple.fr".into(),
        ..participant("Fatoumata", "Diarra")
    };
    let person = person.validate(&[], &[app.angers_partner], today).unwrap();
    let (participant_id, _) = app
        .store
        .propose(
            &actor,
            &app.referent().await,
            app.cohort().await,
            &person,
            None,
            today,
        )
        .await
        .unwrap();
    let enrolment = EnrolmentDraft {
        participant_id,
        requested_on: today,
    };
    app.store
        .enrol(&actor, &app.coordinator().await, action_id, &enrolment)
        .await
        .unwrap();
}

/// Angers' AVIP crèche places, the action most tests publish.
pub async fn creche(app: &TestApp) -> ActionId {
    action(app, app.angers, "Crèche AVIP", "famille--garde-denfants").await
}

pub fn creche_fiche() -> Vec<(&'static str, String)> {
    fiche("Crèche AVIP", "famille--garde-denfants")
}

/// The crèche action published by Angers' coordinator; gives the fiche's id.
pub async fn published_creche(app: &TestApp) -> FicheId {
    let action_id = creche(app).await;
    publish(app, "coord@angers.fr", action_id, &creche_fiche()).await
}
