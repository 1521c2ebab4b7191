//! Each role's home shows its own work: the coordinator's Cité at a glance
//! and what waits for a decision, the référent's people and their checks,
//! the porteur's actions with their places and séances.

mod common;
#[path = "follow_up/fixtures.rs"]
#[allow(dead_code)]
mod fixtures;

use common::{Backend, TestApp};
use fixtures::Fixture;
use maillage_domain::actions::ActionInput;
use maillage_store::Actor;

both_backends!(
    the_coordinator_sees_the_cite_and_its_decisions,
    |app: TestApp| async move {
        Fixture::new(&app).await;
        let mut client = app.signed_in("coord@angers.fr").await;
        let home = client.get("/").await.body;
        // The persons by status, exact for the coordinator (under 5 is not masked).
        assert!(home.contains(
            "<caption id=\"effectifs-caption\">Personnes accompagnées, par Cité</caption>"
        ));
        assert!(home.contains("<tr><th scope=\"row\">Cité d&#39;Angers</th><td>1</td><td>2</td><td>1</td><td>1</td></tr>"), "{home}");
        assert!(home.contains("Cohorte A (2025)</a> : 3 personnes entrées, entrées ouvertes"));
        assert!(home.contains(
            "<a class=\"fr-tag\" href=\"/a-faire?genre=adressage\">Adressages en attente (1)</a>"
        ));
        assert!(home
            .contains("<a class=\"fr-tag\" href=\"/a-faire?genre=bilan\">Bilans à faire (1)</a>"));
    }
);

both_backends!(
    the_referent_sees_its_people_and_their_checks,
    |app: TestApp| async move {
        let f = Fixture::new(&app).await;
        // Durand, who left six months ago, is the référent's too: her check is due.
        app.store
            .set_lead_user(
                &Actor::system(chrono::Utc::now()),
                &app.coordinator().await,
                f.durand,
                f.referent.user_id(),
            )
            .await
            .unwrap();
        let mut client = app.signed_in("referent@angers.fr").await;
        let home = client.get("/").await.body;
        assert!(home.contains("Mes personnes (2)"), "{home}");
        assert!(home.contains(&format!(
            "<a href=\"/personnes/{}\">LEFÈVRE Élodie</a>, dans la cohorte",
            f.lefevre
        )));
        assert!(home.contains(&format!(
            "<a href=\"/personnes/{}\">DURAND Marie</a>, sortie",
            f.durand
        )));
        assert!(!home.contains("Benali"), "not the référent's");
        assert!(home.contains("Leurs prochains bilans (1)"));
        assert!(home.contains("DURAND Marie</a>, bilan à 6 mois"));
        assert!(home.contains("Propositions en attente (1)"));
        assert!(!home.contains("effectifs-caption"), "no Cité-wide counts");
    }
);

both_backends!(
    the_porteur_sees_its_actions_places_and_seances,
    |app: TestApp| async move {
        let f = Fixture::new(&app).await;
        let input = |title: &str, carrier: String| ActionInput {
            title: title.into(),
            axis: "innovate".into(),
            thematics: vec!["famille--garde-denfants".into()],
            starts_on: "2026-01-05".into(),
            ends_on: "2027-06-30".into(),
            status: "running".into(),
            capacity: "8".into(),
            carrier_partner_id: carrier,
            priority_rule: "request_date".into(),
            ..ActionInput::default()
        };
        let actor = Actor::system(chrono::Utc::now());
        let coordinator = app.coordinator().await;
        let create = |title: &'static str, carrier: String| {
            let (actor, coordinator, store) = (&actor, &coordinator, &app.store);
            async move {
                let draft = input(title, carrier)
                    .validate(maillage_domain::time::paris_date(chrono::Utc::now()))
                    .unwrap();
                store
                    .create_action(actor, coordinator, &draft)
                    .await
                    .unwrap()
            }
        };
        let ours = create("Crèche AVIP", app.angers_partner.to_string()).await;
        create("Action d'un autre", String::new()).await;
        let mut client = app.signed_in("porteur@angers.fr").await;
        let home = client.get("/").await.body;
        assert!(home.contains("Mes actions (1)"), "{home}");
        assert!(home.contains(&format!("<a href=\"/actions/{ours}\">Crèche AVIP</a> : 0 places prises sur 8, 0 en liste d&#39;attente ; Aucune séance ; se termine le 30/06/2027")), "{home}");
        assert!(!home.contains("Action d&#39;un autre"));
        // Séances are recorded once held: the home says when the last one was.
        for held_on in ["2026-10-05", "2026-11-02"] {
            let seance = maillage_domain::actions::SeanceInput {
                kind: "atelier".into(),
                held_on: held_on.into(),
                anonymous_count: "6".into(),
                ..Default::default()
            };
            let draft = seance
                .validate(maillage_store::conformance::today())
                .unwrap();
            app.store
                .add_seance(&actor, &coordinator, ours, &draft)
                .await
                .unwrap();
        }
        let home = client.get("/").await.body;
        assert!(
            home.contains("; 2 séances, la dernière le 02/11/2026 ;"),
            "{home}"
        );
        assert!(
            !home.contains(&format!("/personnes/{}", f.lefevre)),
            "no person on a porteur's home"
        );
    }
);
