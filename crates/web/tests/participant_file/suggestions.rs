//! « Solutions possibles »: the Cité's services and actions that address the
//! person's open barriers, with their places, each one form from the pathway.

use axum::http::StatusCode;
use maillage_domain::actions::{ActionDraft, ActionStatus, EnrolmentDraft, PriorityRule};
use maillage_domain::cites::Axis;
use maillage_domain::ids::ParticipantId;
use maillage_domain::participants::person::ParticipantInput;
use maillage_domain::services::Catalogue;
use maillage_store::Actor;

use crate::common::people::participant;
use crate::common::{Backend, TestApp};
use crate::fixtures::{iso, open, person, person_from, person_named, section, today};

const CHILDCARE: &str = "famille--garde-denfants";

/// A childcare service, and a French course that addresses no barrier of Amina's.
const SERVICES: &str = r#"{"structures": [{"source": "t", "id": "ccas", "nom": "CCAS d'Angers", "date_maj": "2026-01-01"}],
  "services": [
   {"source": "t", "structure_id": "ccas", "id": "rpe", "nom": "Relais petite enfance",
    "description": "Trouver un mode de garde.", "date_maj": "2026-01-01", "thematiques": ["famille--garde-denfants"]},
   {"source": "t", "structure_id": "ccas", "id": "fle", "nom": "Ateliers de français",
    "description": "Apprendre le français.", "date_maj": "2026-01-01", "thematiques": ["lecture-ecriture-calcul--maitriser-le-francais"]}]}"#;

fn creche(status: ActionStatus) -> ActionDraft {
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
        status,
        results: None,
        capacity: Some(1),
        priority_rule: PriorityRule::SingleParentFirst,
        cite_axis: None,
    }
}

/// The « Solutions possibles » section of the file, as the lead référent sees it.
async fn solutions(app: &TestApp, id: ParticipantId) -> String {
    let mut client = app.signed_in("referent@angers.fr").await;
    section(&open(&mut client, id).await, "solutions").to_owned()
}

crate::both_backends!(
    the_solutions_address_open_barriers,
    |app: TestApp| async move {
        let actor = Actor::system(chrono::Utc::now());
        let coordinator = app.coordinator().await;
        let amina = person(&app, &[]).await;
        assert!(solutions(&app, amina).await.contains("Aucun frein ouvert"));

        app.store
            .import_data_inclusion(
                &actor,
                &coordinator,
                &Catalogue::parse(SERVICES, maillage_store::conformance::today()).unwrap(),
            )
            .await
            .unwrap();
        let action = app
            .store
            .create_action(&actor, &coordinator, &creche(ActionStatus::Running))
            .await
            .unwrap();
        app.store
            .create_action(
                &actor,
                &coordinator,
                &ActionDraft {
                    title: "Brouillon de crèche".into(),
                    ..creche(ActionStatus::Draft)
                },
            )
            .await
            .unwrap();
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

        let shown = solutions(&app, amina).await;
        let creche_at = shown.find("Places en crèche AVIP").expect("the action");
        let relais_at = shown.find("Relais petite enfance").expect("the service");
        assert!(creche_at < relais_at, "free places before an open service");
        assert!(shown.contains("1 place disponible"));
        assert!(shown.contains("Répond à : Garde d’enfants"));
        assert!(
            !shown.contains("Ateliers de français"),
            "addresses no open barrier"
        );
        assert!(
            !shown.contains("Brouillon de crèche"),
            "a draft takes nobody"
        );

        // One click each: the service becomes a planned step, the action takes
        // Amina on its one place; neither is offered to her again.
        let mut client = app.signed_in("referent@angers.fr").await;
        open(&mut client, amina).await;
        let service = client
            .post(
                &format!("/personnes/{amina}/etapes"),
                &[
                    ("service_id", hidden(&shown, "service_id")),
                    ("status", "planned"),
                    ("planned_on", &iso(today())),
                ],
            )
            .await;
        assert_eq!(service.status, StatusCode::SEE_OTHER);
        let enrolled = client
            .post(
                &format!("/actions/{action}/inscriptions"),
                &[
                    ("participant_id", &amina.to_string()),
                    ("requested_on", &iso(today())),
                ],
            )
            .await;
        assert_eq!(enrolled.status, StatusCode::SEE_OTHER);
        let file = open(&mut client, amina).await;
        let pathway = section(&file, "parcours");
        assert!(pathway.contains("Relais petite enfance"));
        assert!(pathway.contains(&format!(
            "<a href=\"/actions/{action}\">Places en crèche AVIP</a>"
        )));
        let shown = section(&file, "solutions");
        assert!(shown.contains("Aucun service ni aucune action de la Cité ne répond"));

        // Bilal has the same barrier: the crèche is full, its waiting list is offered.
        let bilal = person_named(&app, "Bilal", "Haddad", &[]).await;
        app.store
            .add_barrier(
                &actor,
                &app.referent().await,
                bilal,
                CHILDCARE,
                today(),
                None,
            )
            .await
            .unwrap();
        let shown = solutions(&app, bilal).await;
        assert!(shown.contains("Complet : personne en attente"));
        assert!(shown.contains("Inscrire sur la liste d&#39;attente"));
        assert!(shown.contains("Relais petite enfance"));
    }
);

/// Nine childcare services open to all: more than the file shows at once.
fn nine_childcare_services() -> String {
    let services: Vec<String> = (1..=9)
        .map(|i| {
            format!(
                r#"{{"source": "t", "structure_id": "ccas", "id": "garde{i}", "nom": "Garde solidaire {i}",
                  "description": "Une solution de garde.", "date_maj": "2026-01-01", "thematiques": ["{CHILDCARE}"]}}"#
            )
        })
        .collect();
    format!(
        r#"{{"structures": [{{"source": "t", "id": "ccas", "nom": "CCAS d'Angers", "date_maj": "2026-01-01"}}],
          "services": [{}]}}"#,
        services.join(",")
    )
}

crate::both_backends!(
    a_full_action_that_puts_the_person_first_leads_the_solutions,
    |app: TestApp| async move {
        let actor = Actor::system(chrono::Utc::now());
        let coordinator = app.coordinator().await;
        let catalogue = Catalogue::parse(&nine_childcare_services(), today()).unwrap();
        app.store
            .import_data_inclusion(&actor, &coordinator, &catalogue)
            .await
            .unwrap();
        let avip = ActionDraft {
            publics: vec!["familles".into()],
            ..creche(ActionStatus::Running)
        };
        let action = app
            .store
            .create_action(&actor, &coordinator, &avip)
            .await
            .unwrap();
        // Its one place is taken and two people who are not single parents wait.
        let mut non_single_parents = Vec::new();
        for name in ["Chloé", "Diane", "Eva", "Farah"] {
            let input = ParticipantInput {
                consent_date: iso(today()),
                consent_method: "ecrit".into(),
                ..participant(name, "Martin")
            };
            non_single_parents.push(person_from(&app, input, &[]).await);
        }
        for id in &non_single_parents[..3] {
            let request = EnrolmentDraft {
                participant_id: *id,
                requested_on: today(),
            };
            app.store
                .enrol(&actor, &coordinator, action, &request)
                .await
                .unwrap();
        }
        let single_parent = person(&app, &[]).await;
        let other = non_single_parents[3];
        for id in [single_parent, other] {
            app.store
                .add_barrier(&actor, &app.referent().await, id, CHILDCARE, today(), None)
                .await
                .unwrap();
        }

        // The single parent: the crèche is meant for her and puts her first.
        let shown = solutions(&app, single_parent).await;
        let (first, more) = shown.split_once("<details").expect("the other solutions");
        assert!(
            first.find("Places en crèche AVIP") < first.find("Garde solidaire"),
            "{first}"
        );
        assert!(first.contains("Complet : 2 personnes en attente, serait n° 1 sur la liste"));
        assert!(first
            .contains("Pour : Familles · Sa règle de priorité passe cette personne en premier"));
        assert!(more.contains("Voir 2 autres solutions"), "{more}");
        assert!(more.contains("<ol start=\"9\">"));

        // Someone it does not favour waits behind everyone: the crèche comes
        // after the services open to all, among the solutions one click away.
        let shown = solutions(&app, other).await;
        let (first, more) = shown.split_once("<details").expect("the other solutions");
        assert!(!first.contains("Places en crèche AVIP"));
        assert!(more.contains("Complet : 2 personnes en attente, serait n° 3 sur la liste"));
    }
);

/// The value of the first hidden field `name` in `html`.
fn hidden<'a>(html: &'a str, name: &str) -> &'a str {
    html.split(&format!("name=\"{name}\" value=\""))
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_else(|| panic!("no hidden {name}"))
}
