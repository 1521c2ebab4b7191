//! Fixtures of the actions' tests, built through the store: persons followed
//! by the test référent or by another partner, and actions.

use maillage_domain::accounts::Role;
use maillage_domain::actions::ActionInput;
use maillage_domain::ids::{ActionId, ParticipantId};
use maillage_domain::participants::person::ParticipantInput;
use maillage_domain::Scope;
use maillage_store::Actor;

use crate::common::people::participant;
use crate::common::TestApp;

/// A référent of another partner of Angers, the CIDFF.
pub async fn other_referent(app: &TestApp) -> Scope {
    let email = "referent.cidff@angers.fr";
    let partner = app.partner_with_referent("CIDFF", email, false).await;
    app.scope(email, app.angers, Role::Referent, Some(partner))
        .await
}

/// A person proposed to the cohort by `by`, so followed by its partner.
pub async fn person(
    app: &TestApp,
    by: &Scope,
    first_name: &str,
    single_parent: bool,
) -> ParticipantId {
    let input = ParticipantInput {
        single_parent: if single_parent { "oui" } else { "non" }.into(),
        ..participant(first_name, "Benali")
    };
    let today = chrono::Utc::now().date_naive();
    let partners = [by.partner_id().unwrap()];
    let draft = input.validate(&[], &partners, today).unwrap();
    app.store
        .propose(
            &Actor::system(chrono::Utc::now()),
            by,
            app.cohort().await,
            &draft,
            None,
            today,
        )
        .await
        .unwrap()
        .0
}

/// An action of Angers made through the store.
pub async fn action(app: &TestApp, title: &str, capacity: &str, rule: &str) -> ActionId {
    app.action(ActionInput {
        title: title.into(),
        axis: "innovate".into(),
        thematics: vec!["famille--garde-denfants".into()],
        starts_on: "2026-01-05".into(),
        status: "running".into(),
        capacity: capacity.into(),
        priority_rule: rule.into(),
        ..ActionInput::default()
    })
    .await
}
