//! The fixture of the agreements' tests: an application granted by Angers'
//! comité de pilotage, ready for its agreement.

use axum::http::StatusCode;
use chrono::{NaiveDate, TimeZone, Utc};
use maillage_domain::accounts::Role;
use maillage_domain::calls::decision::{Decision, Outcome};
use maillage_domain::calls::{ApplicationDraft, BudgetLine as ExpenseLine, CallStatus};
use maillage_domain::cites::Axis;
use maillage_domain::funding::{Allocation, BudgetLine, Funder, LineKey};
use maillage_domain::ids::ApplicationId;
use maillage_store::accounts::NewMembership;
use maillage_store::conformance::{account_with_password, call_input, partner_input};
use maillage_store::Actor;

use crate::common::{self, TestApp};

/// Angers' call, an application of the porteur's partner submitted in time
/// and granted 20 000 € by the comité de pilotage; 2024's envelope holds
/// 100 000 € for actions. Another partner's porteur signs in as
/// `porteur@autre.fr`.
pub async fn granted(app: &TestApp) -> ApplicationId {
    let (store, actor) = (&app.store, Actor::system(Utc::now()));
    let coordinator = app.coordinator().await;
    let porteur = app
        .scope(
            "porteur@angers.fr",
            app.angers,
            Role::Porteur,
            Some(app.angers_partner),
        )
        .await;
    let today = maillage_domain::time::paris_date(Utc::now());
    let call = store
        .create_call(
            &actor,
            &coordinator,
            &call_input("AAP 2023").validate(today).unwrap(),
        )
        .await
        .unwrap();
    store
        .set_call_status(&actor, &coordinator, call, CallStatus::Published)
        .await
        .unwrap();
    let draft = ApplicationDraft {
        project_title: "Mob'In".into(),
        summary: "Location de scooters & permis accompagné.".into(),
        target_public: "Demandeurs d'emploi sans solution de mobilité".into(),
        qpv_ids: vec![],
        axis: Axis::ReachOut,
        thematics: vec!["mobilite--acceder-a-un-vehicule".into()],
        expected_participants: 40,
        starts_on: NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(),
        ends_on: NaiveDate::from_ymd_opt(2024, 12, 31).unwrap(),
        budget: vec![
            ExpenseLine {
                label: "Conseillère mobilité".into(),
                amount_cents: 3_000_000,
                shares: vec![(Funder::Anct, 1_500_000)],
            },
            ExpenseLine {
                label: "Scooters".into(),
                amount_cents: 500_000,
                shares: vec![(Funder::Anct, 500_000)],
            },
        ],
    };
    let id = store
        .create_application(&actor, &porteur, call, &draft)
        .await
        .unwrap();
    let in_time = Utc.with_ymd_and_hms(2023, 10, 6, 9, 0, 0).unwrap();
    store
        .submit_application(&actor, &porteur, id, in_time)
        .await
        .unwrap();
    for status in [CallStatus::Closed, CallStatus::Instruction] {
        store
            .set_call_status(&actor, &coordinator, call, status)
            .await
            .unwrap();
    }
    let decision = Decision {
        outcome: Outcome::Accepted,
        amount_cents: Some(2_000_000),
        reason: String::new(),
        decided_on: NaiveDate::from_ymd_opt(2023, 11, 14).unwrap(),
        committee: "Comité de pilotage du 14/11/2023".into(),
    };
    store
        .record_decision(&actor, &coordinator, id, &decision)
        .await
        .unwrap();
    store
        .set_call_status(&actor, &coordinator, call, CallStatus::Decided)
        .await
        .unwrap();
    let allocation = Allocation {
        key: LineKey {
            year: 2024,
            funder: Funder::Anct,
            line: BudgetLine::Actions,
        },
        amount_cents: 10_000_000,
    };
    store
        .set_allocation(&actor, &coordinator, &allocation)
        .await
        .unwrap();
    let other = store
        .create_partner_in(
            &actor,
            app.angers,
            &partner_input("Femmes Actives").validate().unwrap(),
        )
        .await
        .unwrap();
    let membership = NewMembership {
        cite_id: app.angers,
        role: Role::Porteur,
        partner_id: Some(other),
    };
    let hash = common::password_hash().await;
    store
        .create_account(
            &actor,
            account_with_password("porteur@autre.fr", Some(membership), &hash),
        )
        .await
        .unwrap();
    id
}

/// The id at the end of a redirect (`/conventions/7?fait=…`).
pub fn id_in(location: &str) -> String {
    let path = location.split('?').next().unwrap_or_default();
    path.rsplit('/').next().unwrap_or_default().to_owned()
}

/// The first number in `body` right after `marker`.
pub fn id_after(body: &str, marker: &str) -> String {
    let start = body.find(marker).expect(marker) + marker.len();
    body[start..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect()
}

/// The coordinator draws the agreement of `application` (see [`granted`]);
/// its page's path.
pub async fn drawn(coordinator: &mut common::Client, application: ApplicationId) -> String {
    let done = coordinator
        .post(
            &format!("/candidatures/{application}/convention"),
            &[("amount", "20 000"), ("advance_percent", "50")],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    format!("/conventions/{}", id_in(done.location()))
}

/// The ids of the qualitative bilan, then the financial one, of the
/// agreement at `path`.
pub async fn bilans(coordinator: &mut common::Client, path: &str) -> (String, String) {
    let agreement = coordinator.get(path).await.body;
    let qualitative = id_after(&agreement, "href=\"/bilans/");
    let after = &agreement[agreement.find(&format!("/bilans/{qualitative}")).unwrap() + 1..];
    (qualitative, id_after(after, "href=\"/bilans/"))
}
