//! Fixtures of the actions' tests, built through the store: persons followed
//! by the test référent or by another partner, and actions.

use maillage_domain::accounts::Role;
use maillage_domain::actions::ActionInput;
use maillage_domain::participants::cohorts::CohortInput;
use maillage_domain::participants::person::ParticipantInput;
use maillage_domain::partners::PartnerInput;
use maillage_domain::Scope;
use maillage_store::accounts::{NewAccount, NewMembership};
use maillage_store::Actor;

use crate::common::{TestApp, PASSWORD};

async fn user_id(app: &TestApp, email: &str) -> i64 {
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

/// The référent of `app.angers_partner` (`referent@angers.fr`).
pub async fn referent(app: &TestApp) -> Scope {
    Scope::Cite {
        user_id: user_id(app, "referent@angers.fr").await,
        cite_id: app.angers,
        role: Role::Referent,
        partner_id: Some(app.angers_partner),
    }
}

/// A référent of another partner of Angers, the CIDFF.
pub async fn other_referent(app: &TestApp) -> Scope {
    let actor = Actor::system();
    let input = PartnerInput {
        name: "CIDFF".into(),
        category: "associatif".into(),
        ..PartnerInput::default()
    };
    let partner = app
        .store
        .create_partner(&actor, &coordinator(app).await, &input.validate().unwrap())
        .await
        .unwrap();
    let account = NewAccount {
        email: "referent.cidff@angers.fr".into(),
        name: "Référente CIDFF".into(),
        password_hash: maillage_web::auth::password::hash(PASSWORD.to_owned()).await,
        membership: Some(NewMembership {
            cite_id: app.angers,
            role: Role::Referent,
            partner_id: Some(partner),
        }),
    };
    let user_id = app.store.create_account(&actor, account).await.unwrap();
    Scope::Cite {
        user_id,
        cite_id: app.angers,
        role: Role::Referent,
        partner_id: Some(partner),
    }
}

/// A person proposed to the 2026 cohort by `by`, so followed by its partner.
pub async fn person(app: &TestApp, by: &Scope, first_name: &str, single_parent: bool) -> i64 {
    let actor = Actor::system();
    let coordinator = coordinator(app).await;
    let cohort = match app.store.cohorts(&coordinator).await.unwrap().first() {
        Some(cohort) => cohort.id,
        None => {
            let input = CohortInput {
                name: "Cohorte 2026".into(),
                year: "2026".into(),
                target_size: "90".into(),
                intake_start: "2026-01-01".into(),
                intake_end: "2026-12-31".into(),
                follow_up_months: String::new(),
            };
            app.store
                .create_cohort(&actor, &coordinator, &input.validate().unwrap())
                .await
                .unwrap()
        }
    };
    let input = ParticipantInput {
        first_name: first_name.into(),
        last_name: "Benali".into(),
        birth_date: "1992-02-14".into(),
        sex: "f".into(),
        residence: "hors-qpv".into(),
        employment_status: "chomeur".into(),
        education: "isced_0_2".into(),
        rsa: "oui".into(),
        single_parent: if single_parent { "oui" } else { "non" }.into(),
        rqth: "non".into(),
        ..ParticipantInput::default()
    };
    let today = chrono::Utc::now().date_naive();
    let partners = [by.partner_id().unwrap()];
    let draft = input.validate(&[], &partners, today).unwrap();
    app.store
        .propose(&actor, by, cohort, &draft, None, today)
        .await
        .unwrap()
        .0
}

/// An action of Angers made through the store.
pub async fn action(app: &TestApp, title: &str, capacity: &str, rule: &str) -> i64 {
    let input = ActionInput {
        title: title.into(),
        axis: "innovate".into(),
        thematics: vec!["famille--garde-denfants".into()],
        starts_on: "2026-01-05".into(),
        status: "running".into(),
        capacity: capacity.into(),
        priority_rule: rule.into(),
        ..ActionInput::default()
    };
    app.store
        .create_action(
            &Actor::system(),
            &coordinator(app).await,
            &input.validate().unwrap(),
        )
        .await
        .unwrap()
}
