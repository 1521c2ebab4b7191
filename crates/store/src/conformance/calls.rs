//! Calls for projects and applications: the lifecycle, the public reading,
//! the deadline read against the caller's clock, and who sees what.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use maillage_domain::accounts::Role;
use maillage_domain::calls::{
    ApplicationDraft, ApplicationStatus, BudgetLine, CallInput, CallStatus, Extension,
};
use maillage_domain::cites::{Axis, QpvInput};
use maillage_domain::funding::Funder;
use maillage_domain::ids::{CallId, QpvId};
use maillage_domain::Scope;

use super::{is_not_found, member, Fixture};
use crate::{Actor, Store, StoreError};

pub(super) fn is_refused<T: std::fmt::Debug>(result: Result<T, StoreError>, field: &str) -> bool {
    matches!(&result, Err(StoreError::Invalid { field: f, .. }) if *f == field)
}

/// Le Mans' 2023 call: 100 000 € a year for 3 years, due 06/10/2023 at noon
/// in Paris.
pub fn call_input(title: &str) -> CallInput {
    CallInput {
        title: title.into(),
        text: "Lever les freins périphériques à l'emploi des habitants des QPV.".into(),
        axes: vec!["reach_out".into()],
        thematics: vec!["mobilite--acceder-a-un-vehicule".into()],
        total_amount: "300 000".into(),
        yearly_amount: "100 000".into(),
        years: "3".into(),
        opens_on: "2023-08-28".into(),
        deadline_date: "2023-10-06".into(),
        deadline_time: "12:00".into(),
    }
}

pub fn deadline() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2023, 10, 6, 10, 0, 0).unwrap()
}

pub fn application(title: &str, qpv_ids: Vec<QpvId>) -> ApplicationDraft {
    ApplicationDraft {
        project_title: title.into(),
        summary: "Location de scooters et permis accompagné.".into(),
        target_public: "Demandeurs d'emploi sans solution de mobilité".into(),
        qpv_ids,
        axis: Axis::ReachOut,
        thematics: vec!["mobilite--acceder-a-un-vehicule".into()],
        expected_participants: 40,
        starts_on: NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(),
        ends_on: NaiveDate::from_ymd_opt(2024, 12, 31).unwrap(),
        budget: vec![
            BudgetLine {
                label: "Conseiller mobilité".into(),
                amount_cents: 3_000_000,
                shares: vec![(Funder::Anct, 2_000_000), (Funder::Caf, 500_000)],
            },
            BudgetLine {
                label: "Scooters".into(),
                amount_cents: 800_000,
                shares: vec![(Funder::Anct, 800_000)],
            },
        ],
    }
}

pub(crate) async fn published_call(store: &dyn Store, coordinator: &Scope, title: &str) -> CallId {
    let actor = Actor::system(Utc::now());
    let draft = call_input(title)
        .validate(crate::conformance::today())
        .unwrap();
    let id = store
        .create_call(&actor, coordinator, &draft)
        .await
        .unwrap();
    store
        .set_call_status(&actor, coordinator, id, CallStatus::Published)
        .await
        .unwrap();
    id
}

pub(crate) async fn qpv(
    store: &dyn Store,
    coordinator: &Scope,
    code: &str,
    commune: &str,
) -> QpvId {
    let input = QpvInput {
        code: code.into(),
        name: format!("Quartier {code}"),
        communes: commune.into(),
        population: "5000".into(),
    };
    store
        .add_qpv(
            &Actor::system(Utc::now()),
            coordinator,
            &input.validate(&[commune.to_owned()]).unwrap(),
        )
        .await
        .unwrap()
}

pub async fn calls_follow_their_lifecycle_and_are_public_once_published(store: &dyn Store) {
    let f = Fixture::new(store).await;
    let actor = Actor::system(Utc::now());
    let coordinator = &f.angers_coordinator;
    let pilote = member(store, f.angers, Role::Pilote, None, "pilote@angers.fr").await;
    let partner = f.partner(store, "Mobil'Emploi").await;
    let porteur = member(store, f.angers, Role::Porteur, Some(partner), "p@mobil.fr").await;
    let draft = call_input("AAP 2023")
        .validate(crate::conformance::today())
        .unwrap();
    let id = store
        .create_call(&actor, coordinator, &draft)
        .await
        .unwrap();

    assert_eq!(store.calls(&pilote).await.unwrap().len(), 1);
    assert!(store.calls(&porteur).await.unwrap().is_empty(), "a draft");
    assert!(is_not_found(store.call(&porteur, id).await));
    assert!(is_not_found(store.public_call(id).await));
    assert!(store.public_calls().await.unwrap().is_empty());
    assert!(is_not_found(store.call(&f.vaulx_coordinator, id).await));
    assert!(is_not_found(
        store
            .update_call(&actor, &f.vaulx_coordinator, id, &draft)
            .await
    ));
    assert!(matches!(
        store
            .set_call_status(&actor, &pilote, id, CallStatus::Published)
            .await,
        Err(StoreError::Forbidden)
    ));
    assert!(is_refused(
        store
            .set_call_status(&actor, coordinator, id, CallStatus::Closed)
            .await,
        "status"
    ));
    let renamed = call_input("Appel à projets 2023")
        .validate(crate::conformance::today())
        .unwrap();
    store
        .update_call(&actor, coordinator, id, &renamed)
        .await
        .unwrap();
    store
        .set_call_status(&actor, coordinator, id, CallStatus::Published)
        .await
        .unwrap();

    let public = store.public_call(id).await.unwrap();
    assert_eq!(
        (
            public.title.as_str(),
            public.cite_name.as_str(),
            public.total_cents,
            public.yearly_cents,
            public.years,
            public.deadline,
            public.status,
        ),
        (
            "Appel à projets 2023",
            "Cité d'Angers",
            30_000_000,
            10_000_000,
            3,
            deadline(),
            CallStatus::Published
        )
    );
    assert_eq!(public.axes.0, vec![Axis::ReachOut]);
    assert_eq!(
        public.thematic_codes(),
        vec!["mobilite--acceder-a-un-vehicule"]
    );
    assert_eq!(store.public_calls().await.unwrap().len(), 1);
    assert_eq!(store.call(&porteur, id).await.unwrap().id, id);
    assert!(is_refused(
        store.update_call(&actor, coordinator, id, &draft).await,
        "title"
    ));

    let extension = |deadline| Extension {
        deadline,
        reason: "Demande des associations".into(),
    };
    assert!(is_refused(
        store
            .extend_call(&actor, coordinator, id, &extension(deadline()))
            .await,
        "deadline_date"
    ));
    let later = deadline() + Duration::days(7);
    store
        .extend_call(&actor, coordinator, id, &extension(later))
        .await
        .unwrap();
    assert_eq!(store.public_call(id).await.unwrap().deadline, later);
    store
        .set_call_status(&actor, coordinator, id, CallStatus::Closed)
        .await
        .unwrap();
    assert!(is_refused(
        store
            .extend_call(
                &actor,
                coordinator,
                id,
                &extension(later + Duration::days(1))
            )
            .await,
        "deadline_date"
    ));
    assert!(is_refused(
        store
            .set_call_status(&actor, coordinator, id, CallStatus::Published)
            .await,
        "status"
    ));
    assert_eq!(
        store.public_call(id).await.unwrap().status,
        CallStatus::Closed,
        "a closed call stays public"
    );
}

pub async fn applications_are_submitted_before_the_deadline_by_their_porteur(store: &dyn Store) {
    let f = Fixture::new(store).await;
    let actor = Actor::system(Utc::now());
    let coordinator = &f.angers_coordinator;
    let pilote = member(store, f.angers, Role::Pilote, None, "pilote@angers.fr").await;
    let call = published_call(store, coordinator, "AAP 2023").await;
    let belle_beille = qpv(store, coordinator, "QN04901M", "49007").await;
    let mas_du_taureau = qpv(store, &f.vaulx_coordinator, "QN06901M", "69256").await;
    let partner = f.partner(store, "Mobil'Emploi").await;
    let porteur = member(store, f.angers, Role::Porteur, Some(partner), "p@mobil.fr").await;
    let other_partner = f.partner(store, "Autre association").await;
    let other = member(
        store,
        f.angers,
        Role::Porteur,
        Some(other_partner),
        "p@autre.fr",
    )
    .await;
    let vaulx_partner = Fixture::partner_of(store, &f.vaulx_coordinator, "Vaulx asso").await;
    let vaulx_porteur = member(
        store,
        f.vaulx,
        Role::Porteur,
        Some(vaulx_partner),
        "p@vaulx.fr",
    )
    .await;

    assert!(is_refused(
        store
            .create_application(
                &actor,
                &porteur,
                call,
                &application("Projet", vec![mas_du_taureau])
            )
            .await,
        "qpvs"
    ));
    let draft = application("Mobil'Emploi Sarthe", vec![belle_beille]);
    assert!(is_not_found(
        store
            .create_application(&actor, &vaulx_porteur, call, &draft)
            .await
    ));
    assert!(is_not_found(
        store
            .create_application(&actor, coordinator, call, &draft)
            .await
    ));
    let id = store
        .create_application(&actor, &porteur, call, &draft)
        .await
        .unwrap();
    let mine = store.application(&porteur, id).await.unwrap();
    assert_eq!(mine.budget, draft.budget);
    assert_eq!(
        (mine.row.asked_cents, mine.row.status),
        (2_800_000, ApplicationStatus::Draft)
    );
    assert_eq!(mine.row.qpv_codes(), vec![belle_beille.to_string()]);

    // Another porteur, another Cité, and the coordinator before submission:
    // the same 404.
    for scope in [&other, &vaulx_porteur] {
        assert!(is_not_found(store.application(scope, id).await));
        assert!(is_not_found(
            store.update_application(&actor, scope, id, &draft).await
        ));
        assert!(is_not_found(
            store
                .submit_application(&actor, scope, id, deadline())
                .await
        ));
        assert!(is_not_found(
            store.withdraw_application(&actor, scope, id).await
        ));
    }
    assert!(store.my_applications(&other).await.unwrap().is_empty());
    assert!(is_not_found(store.application(coordinator, id).await));
    assert!(is_not_found(
        store.call_applications(&f.vaulx_coordinator, call).await
    ));
    assert!(is_not_found(store.call_applications(&porteur, call).await));

    let just_after = deadline() + Duration::seconds(1);
    assert!(is_refused(
        store
            .submit_application(&actor, &porteur, id, just_after)
            .await,
        "status"
    ));
    assert!(store
        .call_applications(coordinator, call)
        .await
        .unwrap()
        .is_empty());
    store
        .submit_application(&actor, &porteur, id, deadline())
        .await
        .unwrap();
    assert!(is_refused(
        store.update_application(&actor, &porteur, id, &draft).await,
        "project_title"
    ));
    for reviewer in [coordinator, &pilote] {
        let submitted = store.call_applications(reviewer, call).await.unwrap();
        assert_eq!(
            submitted
                .iter()
                .map(|a| (a.id, a.partner_name.as_str(), a.submitted_at))
                .collect::<Vec<_>>(),
            vec![(id, "Mobil'Emploi", Some(deadline()))]
        );
        assert_eq!(
            store.application(reviewer, id).await.unwrap().budget,
            draft.budget
        );
    }

    // Late, then on time after the extension.
    let late = store
        .create_application(
            &actor,
            &porteur,
            call,
            &application("Second projet", vec![]),
        )
        .await
        .unwrap();
    assert!(is_refused(
        store
            .submit_application(&actor, &porteur, late, just_after)
            .await,
        "status"
    ));
    let extension = Extension {
        deadline: deadline() + Duration::days(7),
        reason: "Prorogation d'une semaine".into(),
    };
    store
        .extend_call(&actor, coordinator, call, &extension)
        .await
        .unwrap();
    store
        .submit_application(&actor, &porteur, late, just_after)
        .await
        .unwrap();
    assert_eq!(store.my_applications(&porteur).await.unwrap().len(), 2);

    store
        .withdraw_application(&actor, &porteur, id)
        .await
        .unwrap();
    assert!(is_refused(
        store.withdraw_application(&actor, &porteur, id).await,
        "status"
    ));
    let listed = store.call_applications(coordinator, call).await.unwrap();
    assert_eq!(listed.iter().map(|a| a.id).collect::<Vec<_>>(), vec![late]);

    store
        .set_call_status(&actor, coordinator, call, CallStatus::Closed)
        .await
        .unwrap();
    assert!(is_refused(
        store
            .create_application(&actor, &porteur, call, &draft)
            .await,
        "project_title"
    ));
}
