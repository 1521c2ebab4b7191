//! Each server process keeps a Cité's partners, accounts, services and
//! actions in memory: a change made anywhere — another process, the CLI, this
//! process — shows on the very next request of every process, on both backends.

mod common;
#[path = "participant_file/fixtures.rs"]
#[allow(dead_code)]
mod fixtures;

use common::{Backend, TestApp};
use fixtures::{open, person, section, today};
use maillage_domain::accounts::Role;
use maillage_domain::actions::{ActionDraft, ActionStatus, EnrolmentDraft, PriorityRule};
use maillage_domain::cites::Axis;
use maillage_domain::partners::PartnerInput;
use maillage_domain::services::Catalogue;
use maillage_store::accounts::{NewAccount, NewMembership};
use maillage_store::Actor;

const CHILDCARE: &str = "famille--garde-denfants";

const RELAIS: &str = r#"{"structures": [{"source": "t", "id": "ccas", "nom": "CCAS d'Angers", "date_maj": "2026-01-01"}],
  "services": [{"source": "t", "structure_id": "ccas", "id": "rpe", "nom": "Relais petite enfance",
  "description": "Trouver un mode de garde.", "date_maj": "2026-01-01", "thematiques": ["famille--garde-denfants"]}]}"#;

both_backends!(
    a_change_shows_on_the_next_request_of_every_process,
    |app: TestApp| async move {
        let actor = Actor::system(chrono::Utc::now());
        let coordinator = app.coordinator().await;
        let amina = person(&app, &[]).await;
        app.store
            .add_barrier(
                &actor,
                &app.referent().await,
                amina,
                CHILDCARE,
                today(),
                None,
            )
            .await
            .unwrap();
        let mut first = app.signed_in("referent@angers.fr").await;
        let mut second = app.other_process(&first);
        for client in [&mut first, &mut second] {
            let page = open(client, amina).await;
            assert!(page.contains("<dd>Mission locale angevine</dd>"));
            assert!(!page.contains("Relais petite enfance"));
            assert!(!page.contains("Compte Nadia"));
        }

        // A partner renamed, an account added to it, a service imported.
        let renamed = PartnerInput {
            name: "Mission jeunes Loire".into(),
            category: "spe".into(),
            network: "mission-locale".into(),
            ..PartnerInput::default()
        };
        app.store
            .update_partner(
                &actor,
                &coordinator,
                app.angers_partner,
                &renamed.validate().unwrap(),
            )
            .await
            .unwrap();
        let nadia = NewAccount {
            email: "nadia@angers.fr".into(),
            name: "Compte Nadia".into(),
            password_hash: "jamais utilisé".into(),
            membership: Some(NewMembership {
                cite_id: app.angers,
                role: Role::Referent,
                partner_id: Some(app.angers_partner),
            }),
        };
        app.store.create_account(&actor, nadia).await.unwrap();
        app.store
            .import_data_inclusion(
                &actor,
                &coordinator,
                &Catalogue::parse(RELAIS, maillage_store::conformance::today()).unwrap(),
            )
            .await
            .unwrap();
        for client in [&mut first, &mut second] {
            let page = open(client, amina).await;
            // The lead partner (earlier reads keep the old name in the access list).
            assert!(page.contains("<dd>Mission jeunes Loire</dd>"));
            assert!(!page.contains("<dd>Mission locale angevine</dd>"));
            assert!(page.contains("Compte Nadia"), "a référent to name");
            assert!(
                page.contains("Relais petite enfance (CCAS d&#39;Angers)"),
                "the step form"
            );
            assert!(section(&page, "solutions").contains("Relais petite enfance"));
        }

        // An action's one place taken: both processes show it full at once.
        let action = app
            .store
            .create_action(&actor, &coordinator, &creche())
            .await
            .unwrap();
        for client in [&mut first, &mut second] {
            let solutions = section(&open(client, amina).await, "solutions").to_owned();
            assert!(solutions.contains("1 place disponible"));
        }
        let bilal = fixtures::person_named(&app, "Bilal", "Haddad", &[]).await;
        let enrolment = EnrolmentDraft {
            participant_id: bilal,
            requested_on: today(),
        };
        app.store
            .enrol(&actor, &coordinator, action, &enrolment)
            .await
            .unwrap();
        for client in [&mut first, &mut second] {
            let solutions = section(&open(client, amina).await, "solutions").to_owned();
            assert!(solutions.contains("Complet : personne en attente"));
        }
    }
);

fn creche() -> ActionDraft {
    ActionDraft {
        title: "Places en crèche AVIP".into(),
        axis: Axis::Innovate,
        innovative: true,
        carrier_partner_id: None,
        thematics: vec![CHILDCARE.into()],
        publics: Vec::new(),
        starts_on: today(),
        ends_on: None,
        planned_budget_cents: None,
        description: None,
        status: ActionStatus::Running,
        results: None,
        capacity: Some(1),
        priority_rule: PriorityRule::SingleParentFirst,
        cite_axis: None,
    }
}
