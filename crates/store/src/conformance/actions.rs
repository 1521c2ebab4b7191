//! Actions: who creates them, sessions, places and waiting lists.

use maillage_domain::accounts::Role;
use maillage_domain::actions::{ActionInput, EnrolmentDraft, SeanceInput};
use maillage_domain::ids::{ActionId, CohortId, ParticipantId, PartnerId, QpvId, UserId};
use maillage_domain::participants::pathway::StepStatus;
use maillage_domain::participants::person::ParticipantInput;
use maillage_domain::Scope;

use super::{is_not_found, Fixture};
use crate::actions::{ActionFilter, Enrolled};
use crate::{Actor, Store, StoreError};

/// A Cité with two partners, a référent in each, and a cohort.
pub(crate) struct ActionsFixture {
    pub f: Fixture,
    pub partners: Vec<PartnerId>,
    pub referents: Vec<Scope>,
    pub cohort: CohortId,
}

impl ActionsFixture {
    pub async fn new(store: &dyn Store) -> ActionsFixture {
        let f = Fixture::new(store).await;
        let mut partners = Vec::new();
        let mut referents = Vec::new();
        for (i, name) in ["Mission locale", "CIDFF"].into_iter().enumerate() {
            let partner = f.partner(store, name).await;
            partners.push(partner);
            referents.push(
                f.referent(store, partner, &format!("ref{i}@angers.fr"))
                    .await,
            );
        }
        let cohort = f.cohort(store, 2026).await;
        ActionsFixture {
            f,
            partners,
            referents,
            cohort,
        }
    }

    /// A person proposed by référent `by`, so followed by their partner.
    pub async fn person(
        &self,
        store: &dyn Store,
        by: usize,
        name: &str,
        single_parent: bool,
    ) -> ParticipantId {
        self.resident(store, by, name, single_parent, None).await
    }

    /// The same, living in `qpv` (a QPV of the Cité) or outside.
    pub async fn resident(
        &self,
        store: &dyn Store,
        by: usize,
        name: &str,
        single_parent: bool,
        qpv: Option<QpvId>,
    ) -> ParticipantId {
        let input = ParticipantInput {
            first_name: name.into(),
            last_name: "Martin".into(),
            birth_date: "1990-05-02".into(),
            sex: "f".into(),
            residence: qpv.map_or_else(|| "hors-qpv".to_owned(), |id| id.to_string()),
            employment_status: "chomeur".into(),
            education: "isced_3_4".into(),
            rsa: "non".into(),
            single_parent: if single_parent { "oui" } else { "non" }.into(),
            rqth: "nsp".into(),
            ..ParticipantInput::default()
        };
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let qpvs: Vec<QpvId> = qpv.into_iter().collect();
        let draft = input.validate(&qpvs, &self.partners, today).unwrap();
        store
            .propose(
                &Actor::system(chrono::Utc::now()),
                &self.referents[by],
                self.cohort,
                &draft,
                None,
                today,
            )
            .await
            .unwrap()
            .0
    }

    /// An action the coordinator creates from [`action_input`].
    pub async fn action(
        &self,
        store: &dyn Store,
        actor: &Actor,
        (title, capacity, rule): (&str, &str, &str),
    ) -> ActionId {
        let draft = action_input(title, capacity, rule)
            .validate(crate::conformance::today())
            .unwrap();
        store
            .create_action(actor, &self.f.angers_coordinator, &draft)
            .await
            .unwrap()
    }
}

pub(crate) fn action_input(title: &str, capacity: &str, rule: &str) -> ActionInput {
    ActionInput {
        title: title.into(),
        axis: "innovate".into(),
        thematics: vec!["famille--garde-denfants".into()],
        publics: vec!["familles".into()],
        starts_on: "2026-01-05".into(),
        planned_budget: "12 000".into(),
        status: "running".into(),
        capacity: capacity.into(),
        priority_rule: rule.into(),
        ..ActionInput::default()
    }
}

pub(crate) fn request(participant_id: ParticipantId, day: u32) -> EnrolmentDraft {
    EnrolmentDraft {
        participant_id,
        requested_on: chrono::NaiveDate::from_ymd_opt(2026, 3, day).unwrap(),
    }
}

pub async fn actions_are_created_by_coordinators_of_their_cite(store: &dyn Store) {
    let fx = ActionsFixture::new(store).await;
    let (actor, coordinator) = (Actor::system(chrono::Utc::now()), &fx.f.angers_coordinator);
    let mut input = action_input("Places en crèche AVIP", "8", "single_parent_first");
    input.carrier_partner_id = fx.partners[1].to_string();
    let id = store
        .create_action(
            &actor,
            coordinator,
            &input.validate(crate::conformance::today()).unwrap(),
        )
        .await
        .unwrap();
    let action = store.action(coordinator, id).await.unwrap();
    assert_eq!(action.thematic_codes(), ["famille--garde-denfants"]);
    assert_eq!(action.planned_budget_cents, Some(1_200_000));
    assert_eq!(
        (action.capacity, action.places_taken, action.free_places()),
        (Some(8), 0, Some(8))
    );
    assert_eq!(action.carrier_partner_name.as_deref(), Some("CIDFF"));
    // A référent reads it; only a coordinator creates or changes one.
    assert_eq!(
        store.action(&fx.referents[0], id).await.unwrap().title,
        "Places en crèche AVIP"
    );
    let draft = action_input("Autre", "", "request_date")
        .validate(crate::conformance::today())
        .unwrap();
    assert!(matches!(
        store.create_action(&actor, &fx.referents[0], &draft).await,
        Err(StoreError::Forbidden)
    ));
    let national = Scope::National {
        user_id: UserId::new(1),
    };
    assert!(matches!(
        store.create_action(&actor, &national, &draft).await,
        Err(StoreError::Forbidden)
    ));
    assert!(is_not_found(
        store.actions(&national, &ActionFilter::default()).await
    ));
    assert!(is_not_found(
        store.action(&fx.f.vaulx_coordinator, id).await
    ));
    let duplicate = store
        .create_action(
            &actor,
            coordinator,
            &input.validate(crate::conformance::today()).unwrap(),
        )
        .await;
    assert!(
        matches!(duplicate, Err(StoreError::Conflict { field: "title", .. })),
        "{duplicate:?}"
    );
    // A carrier of another Cité is refused.
    let foreign = Fixture::partner_of(store, &fx.f.vaulx_coordinator, "Vaulx partenaire").await;
    input.title = "Autre titre".into();
    input.carrier_partner_id = foreign.to_string();
    let refused = store
        .create_action(
            &actor,
            coordinator,
            &input.validate(crate::conformance::today()).unwrap(),
        )
        .await;
    assert!(matches!(
        refused,
        Err(StoreError::Invalid {
            field: "carrier_partner_id",
            ..
        })
    ));
    // Filters by axis and status.
    let mut cafe = action_input("Cafés emploi", "", "request_date");
    cafe.axis = "reach_out".into();
    store
        .create_action(
            &actor,
            coordinator,
            &cafe.validate(crate::conformance::today()).unwrap(),
        )
        .await
        .unwrap();
    let all = store
        .actions(coordinator, &ActionFilter::default())
        .await
        .unwrap();
    assert_eq!(all.len(), 2);
    let filter = ActionFilter {
        axis: maillage_domain::cites::Axis::parse("reach_out"),
        status: None,
    };
    let reach_out = store.actions(coordinator, &filter).await.unwrap();
    assert_eq!(
        reach_out
            .iter()
            .map(|a| a.title.as_str())
            .collect::<Vec<_>>(),
        ["Cafés emploi"]
    );
    let filter = ActionFilter {
        axis: None,
        status: maillage_domain::actions::ActionStatus::parse("done"),
    };
    assert!(store
        .actions(coordinator, &filter)
        .await
        .unwrap()
        .is_empty());
    assert!(store
        .actions(&fx.f.vaulx_coordinator, &ActionFilter::default())
        .await
        .unwrap()
        .is_empty());
    // Editing keeps the id; another Cité's coordinator cannot.
    let mut edited = action_input("Places en crèche AVIP", "10", "qpv_resident_first");
    edited.results = "6 solutions de garde pérennes".into();
    store
        .update_action(
            &actor,
            coordinator,
            id,
            &edited.validate(crate::conformance::today()).unwrap(),
        )
        .await
        .unwrap();
    let action = store.action(coordinator, id).await.unwrap();
    assert_eq!(
        (action.capacity, action.priority_rule.code()),
        (Some(10), "qpv_resident_first")
    );
    assert!(is_not_found(
        store
            .update_action(
                &actor,
                &fx.f.vaulx_coordinator,
                id,
                &edited.validate(crate::conformance::today()).unwrap()
            )
            .await
    ));
}

pub async fn places_then_waiting_list_by_priority(store: &dyn Store) {
    let fx = ActionsFixture::new(store).await;
    let (actor, coordinator) = (Actor::system(chrono::Utc::now()), &fx.f.angers_coordinator);
    let avip = ("Places en crèche AVIP", "2", "single_parent_first");
    let action = fx.action(store, &actor, avip).await;
    let first = fx.person(store, 0, "Awa", false).await;
    let second = fx.person(store, 0, "Binta", false).await;
    let early = fx.person(store, 0, "Chloé", false).await;
    let single = fx.person(store, 1, "Dounia", true).await;
    let by_ref0 = &fx.referents[0];
    assert!(matches!(
        store
            .enrol(&actor, by_ref0, action, &request(first, 1))
            .await,
        Ok(Enrolled::Placed { .. })
    ));
    assert!(matches!(
        store
            .enrol(&actor, coordinator, action, &request(second, 2))
            .await,
        Ok(Enrolled::Placed { .. })
    ));
    assert!(matches!(
        store
            .enrol(&actor, by_ref0, action, &request(early, 3))
            .await,
        Ok(Enrolled::Waiting { rank: 1, .. })
    ));
    // A référent cannot enrol a person their partner does not follow.
    assert!(is_not_found(
        store
            .enrol(&actor, by_ref0, action, &request(single, 4))
            .await
    ));
    let Ok(Enrolled::Waiting {
        enrolment_id: single_enrolment,
        rank: 1,
    }) = store
        .enrol(&actor, &fx.referents[1], action, &request(single, 20))
        .await
    else {
        panic!("the single parent goes first, though asking later");
    };
    let again = store
        .enrol(&actor, coordinator, action, &request(single, 21))
        .await;
    assert!(
        matches!(
            again,
            Err(StoreError::Conflict {
                field: "participant_id",
                ..
            })
        ),
        "{again:?}"
    );
    // The waiting list explains itself; another partner sees ranks, not names.
    let list = store.enrolments(coordinator, action).await.unwrap();
    assert_eq!(list.placed.len(), 2);
    let reasons: Vec<_> = list
        .waiting
        .iter()
        .map(|w| (w.rank, w.reason.clone().unwrap()))
        .collect();
    assert_eq!(
        reasons,
        [
            (1, "Parent isolé·e, demande du 20/03/2026".to_owned()),
            (
                2,
                "Après les parents isolés, demande du 03/03/2026".to_owned()
            )
        ]
    );
    let seen_by_ref0 = store.enrolments(by_ref0, action).await.unwrap();
    assert!(
        !seen_by_ref0.waiting[0].enrolment.visible() && seen_by_ref0.waiting[0].reason.is_none()
    );
    assert_eq!(
        seen_by_ref0.waiting[1].enrolment.first_name.as_deref(),
        Some("Chloé")
    );
    // The enrolment is a step of the pathway.
    let file = store
        .case_file(&actor, &fx.referents[1], single)
        .await
        .unwrap();
    assert_eq!(
        (file.steps[0].label.as_str(), file.steps[0].status),
        ("Places en crèche AVIP", StepStatus::Planned)
    );
    assert_eq!(file.steps[0].result.as_deref(), Some("En liste d'attente"));
    // Capacity can't go below the places taken.
    let smaller = action_input("Places en crèche AVIP", "1", "single_parent_first")
        .validate(crate::conformance::today())
        .unwrap();
    let refused = store
        .update_action(&actor, coordinator, action, &smaller)
        .await;
    assert!(
        matches!(
            refused,
            Err(StoreError::Invalid {
                field: "capacity",
                ..
            })
        ),
        "{refused:?}"
    );
    assert_eq!(
        store.action(coordinator, action).await.unwrap().capacity,
        Some(2)
    );
    // A freed place goes to the next by the rule, in the same transaction.
    let placed_first = list
        .placed
        .iter()
        .find(|e| e.participant_id == first)
        .unwrap()
        .id;
    assert!(is_not_found(
        store
            .release(&actor, &fx.referents[1], action, placed_first)
            .await
    ));
    assert_eq!(
        store
            .release(&actor, by_ref0, action, placed_first)
            .await
            .unwrap(),
        Some(single_enrolment)
    );
    assert!(is_not_found(
        store.release(&actor, by_ref0, action, placed_first).await
    ));
    let file = store
        .case_file(&actor, &fx.referents[1], single)
        .await
        .unwrap();
    assert_eq!(
        (file.steps[0].status, file.steps[0].result.as_deref()),
        (StepStatus::InProgress, None)
    );
    let file = store.case_file(&actor, by_ref0, first).await.unwrap();
    assert_eq!(file.steps[0].status, StepStatus::Dropped);
    let action_row = store.action(coordinator, action).await.unwrap();
    assert_eq!((action_row.places_taken, action_row.waiting), (2, 1));
    // One more place: the last one waiting gets it at once.
    let larger = action_input("Places en crèche AVIP", "3", "single_parent_first")
        .validate(crate::conformance::today())
        .unwrap();
    store
        .update_action(&actor, coordinator, action, &larger)
        .await
        .unwrap();
    let list = store.enrolments(coordinator, action).await.unwrap();
    assert_eq!((list.placed.len(), list.waiting.len()), (3, 0));
    // Co-pilots see counts, never the list.
    let pilote = Scope::Cite {
        user_id: UserId::new(1),
        cite_id: fx.f.angers,
        role: Role::Pilote,
        partner_id: None,
    };
    assert!(is_not_found(store.enrolments(&pilote, action).await));
    assert_eq!(store.action(&pilote, action).await.unwrap().places_taken, 3);
}

pub async fn seances_count_anonymous_attendees_and_link_visible_persons(store: &dyn Store) {
    let fx = ActionsFixture::new(store).await;
    let (actor, coordinator) = (Actor::system(chrono::Utc::now()), &fx.f.angers_coordinator);
    let mut input = action_input("Cafés emploi", "", "request_date");
    input.axis = "reach_out".into();
    let action = store
        .create_action(
            &actor,
            coordinator,
            &input.validate(crate::conformance::today()).unwrap(),
        )
        .await
        .unwrap();
    let awa = fx.person(store, 0, "Awa", false).await;
    let binta = fx.person(store, 1, "Binta", false).await;
    let seance = |ids: &[ParticipantId], count: &str| {
        SeanceInput {
            kind: "cafe_emploi".into(),
            held_on: "2026-10-14".into(),
            place: "Marché de Monplaisir".into(),
            anonymous_count: count.into(),
            participant_ids: ids.iter().map(|id| id.to_string()).collect(),
        }
        .validate(crate::conformance::today())
        .unwrap()
    };
    let id = store
        .add_seance(&actor, coordinator, action, &seance(&[awa, binta], "23"))
        .await
        .unwrap();
    // A référent links only persons they follow.
    let refused = store
        .add_seance(&actor, &fx.referents[0], action, &seance(&[binta], "0"))
        .await;
    assert!(
        matches!(
            refused,
            Err(StoreError::Invalid {
                field: "participant_ids",
                ..
            })
        ),
        "{refused:?}"
    );
    let seen = store.seances(&fx.referents[0], action).await.unwrap();
    assert_eq!(
        (seen.len(), seen[0].anonymous_count, seen[0].linked),
        (1, 23, 2)
    );
    assert_eq!(
        seen[0]
            .persons
            .iter()
            .map(|p| p.participant_id)
            .collect::<Vec<_>>(),
        [awa]
    );
    // Their edit leaves the links they cannot see.
    store
        .update_seance(&actor, &fx.referents[0], id, &seance(&[], "30"))
        .await
        .unwrap();
    let seen = store.seances(coordinator, action).await.unwrap();
    assert_eq!((seen[0].anonymous_count, seen[0].linked), (30, 1));
    assert_eq!(seen[0].persons[0].participant_id, binta);
    let pilote = Scope::Cite {
        user_id: UserId::new(1),
        cite_id: fx.f.angers,
        role: Role::Pilote,
        partner_id: None,
    };
    let counted = store.seances(&pilote, action).await.unwrap();
    assert!(counted[0].persons.is_empty() && counted[0].linked == 1);
    assert!(matches!(
        store.delete_seance(&actor, &fx.referents[0], id).await,
        Err(StoreError::Forbidden)
    ));
    assert!(is_not_found(
        store
            .delete_seance(&actor, &fx.f.vaulx_coordinator, id)
            .await
    ));
    store.delete_seance(&actor, coordinator, id).await.unwrap();
    assert!(store.seances(coordinator, action).await.unwrap().is_empty());
    let anonymous = store
        .add_anonymous_seance_in(&actor, fx.f.angers, action, &seance(&[], "12"))
        .await
        .unwrap();
    assert!(anonymous.get() > 0);
    assert!(is_not_found(
        store
            .add_anonymous_seance_in(&actor, fx.f.vaulx, action, &seance(&[], "1"))
            .await
    ));
}
