//! The national catalogue: who publishes, what a fiche may not say, who
//! reads it, and reuse by another Cité.

use maillage_domain::actions::{ActionStatus, EnrolmentDraft};
use maillage_domain::cites::Axis;
use maillage_domain::fiches::{search_words, FicheInput};
use maillage_domain::ids::{ActionId, UserId};
use maillage_domain::Scope;

use super::actions::{action_input, ActionsFixture};
use super::is_not_found;
use crate::fiches::{FicheFilters, FicheSort};
use crate::{Actor, Store, StoreError};

fn fiche_input(title: &str) -> FicheInput {
    FicheInput {
        title: title.into(),
        axis: "innovate".into(),
        thematics: vec!["famille--garde-denfants".into()],
        publics: vec!["familles".into()],
        description:
            "Un guichet unique qui trouve une garde d'enfant aux parents en recherche d'emploi."
                .into(),
        partners: "Association Par'Emploi\nCAF de Maine-et-Loire".into(),
        budget: "35 000".into(),
        results: "120 solutions temporaires, 45 solutions pérennes.".into(),
        contact_organisation: "Aldev".into(),
        contact_role: "Chargée de mission Cité de l'emploi".into(),
        contact_email: "cite.emploi@aldev.fr".into(),
        contact_phone: String::new(),
    }
}

async fn new_action(store: &dyn Store, scope: &Scope, title: &str) -> ActionId {
    let draft = action_input(title, "", "request_date")
        .validate(crate::conformance::today())
        .unwrap();
    store
        .create_action(&Actor::system(chrono::Utc::now()), scope, &draft)
        .await
        .unwrap()
}

fn filters(edit: impl FnOnce(&mut FicheFilters)) -> FicheFilters {
    let mut filters = FicheFilters::default();
    edit(&mut filters);
    filters
}

pub async fn fiches_are_published_by_coordinators_without_personal_data(store: &dyn Store) {
    let fx = ActionsFixture::new(store).await;
    let (actor, coordinator) = (Actor::system(chrono::Utc::now()), &fx.f.angers_coordinator);
    let national = Scope::National {
        user_id: UserId::new(1),
    };
    let action = new_action(store, coordinator, "Par'Emploi").await;
    let amina = fx.person(store, 0, "Amina", true).await;
    let enrolment = EnrolmentDraft {
        participant_id: amina,
        requested_on: chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
    };
    store
        .enrol(&actor, coordinator, action, &enrolment)
        .await
        .unwrap();

    // A fiche that names an enrolled person is refused, and nothing is stored.
    let mut naming = fiche_input("Par'Emploi");
    naming.results = "Amina MARTIN a trouvé une assistante maternelle.".into();
    let refused = store
        .publish_fiche(&actor, coordinator, action, &naming.validate().unwrap())
        .await;
    assert!(
        matches!(
            refused,
            Err(StoreError::Invalid {
                field: "results",
                ..
            })
        ),
        "{refused:?}"
    );
    assert!(store
        .fiches(&national, &FicheFilters::default())
        .await
        .unwrap()
        .is_empty());

    // Only the coordinators of the action's Cité publish.
    let draft = fiche_input("Par'Emploi").validate().unwrap();
    for scope in [&fx.referents[0], &national] {
        let result = store.publish_fiche(&actor, scope, action, &draft).await;
        assert!(matches!(result, Err(StoreError::Forbidden)), "{result:?}");
    }
    assert!(is_not_found(
        store
            .publish_fiche(&actor, &fx.f.vaulx_coordinator, action, &draft)
            .await
    ));
    assert!(is_not_found(
        store.fiche_source(&fx.f.vaulx_coordinator, action).await
    ));

    let source = store.fiche_source(coordinator, action).await.unwrap();
    assert_eq!(
        (source.title.as_str(), source.fiche_id),
        ("Par'Emploi", None)
    );
    let id = store
        .publish_fiche(&actor, coordinator, action, &draft)
        .await
        .unwrap();
    // Publishing again updates the same fiche: one per action.
    let mut changed = fiche_input("Par'Emploi : la garde d'enfant");
    changed.results = "130 solutions temporaires.".into();
    let again = store
        .publish_fiche(&actor, coordinator, action, &changed.validate().unwrap())
        .await
        .unwrap();
    assert_eq!(again, id);
    assert_eq!(
        store
            .fiche_source(coordinator, action)
            .await
            .unwrap()
            .fiche_id,
        Some(id)
    );

    // Everyone signed in reads it, with its Cité and region.
    for scope in [&national, &fx.referents[1], &fx.f.vaulx_coordinator] {
        let fiche = store.fiche(scope, id).await.unwrap();
        assert_eq!(fiche.title, "Par'Emploi : la garde d'enfant");
        assert_eq!(fiche.results.as_deref(), Some("130 solutions temporaires."));
        assert_eq!(fiche.axis, Axis::Innovate);
        assert_eq!(fiche.thematics(), ["famille--garde-denfants"]);
        assert_eq!(
            fiche.partners(),
            ["Association Par'Emploi", "CAF de Maine-et-Loire"]
        );
        assert_eq!(fiche.budget_cents, Some(3_500_000));
        assert_eq!(fiche.cite_name, "Cité d'Angers");
        assert_eq!(fiche.region().map(|r| r.name), Some("Pays de la Loire"));
        assert_eq!(fiche.reuses, 0);
    }

    let log: Vec<String> = store
        .audit_log(coordinator, 100)
        .await
        .unwrap()
        .into_iter()
        .map(|row| row.action)
        .collect();
    assert!(log.iter().any(|a| a == "fiche.publish"));
    assert!(log.iter().any(|a| a == "fiche.update"));

    // Withdrawn: out of the catalogue; only its Cité's coordinators withdraw it.
    assert!(is_not_found(
        store
            .unpublish_fiche(&actor, &fx.f.vaulx_coordinator, id)
            .await
    ));
    assert!(matches!(
        store.unpublish_fiche(&actor, &fx.referents[0], id).await,
        Err(StoreError::Forbidden)
    ));
    store
        .unpublish_fiche(&actor, coordinator, id)
        .await
        .unwrap();
    assert!(is_not_found(store.fiche(&national, id).await));
    assert!(store
        .fiches(&national, &FicheFilters::default())
        .await
        .unwrap()
        .is_empty());
    let withdrawn = store
        .fiche_of_action(coordinator, action)
        .await
        .unwrap()
        .unwrap();
    assert!(withdrawn.unpublished_at.is_some());
    // Publishing again puts it back.
    store
        .publish_fiche(&actor, coordinator, action, &draft)
        .await
        .unwrap();
    assert_eq!(
        store
            .fiches(&national, &FicheFilters::default())
            .await
            .unwrap()
            .len(),
        1
    );
}

pub async fn fiches_are_searched_and_reused_across_cites(store: &dyn Store) {
    let fx = ActionsFixture::new(store).await;
    let (actor, angers, vaulx) = (
        Actor::system(chrono::Utc::now()),
        &fx.f.angers_coordinator,
        &fx.f.vaulx_coordinator,
    );
    let national = Scope::National {
        user_id: UserId::new(1),
    };
    let par_emploi = new_action(store, angers, "Par'Emploi").await;
    let fiche = store
        .publish_fiche(
            &actor,
            angers,
            par_emploi,
            &fiche_input("Par'Emploi").validate().unwrap(),
        )
        .await
        .unwrap();
    let vaulx_action = new_action(store, vaulx, "Café emploi").await;
    let mut cafe = fiche_input("Échanges emploi au pied des tours");
    cafe.axis = "reach_out".into();
    cafe.thematics = vec!["numerique--acquerir-un-equipement".into()];
    cafe.publics = vec!["jeunes".into()];
    cafe.description = "Des rencontres sans rendez-vous avec les employeurs du quartier.".into();
    let other = store
        .publish_fiche(&actor, vaulx, vaulx_action, &cafe.validate().unwrap())
        .await
        .unwrap();

    let ids =
        |rows: Vec<crate::fiches::FicheRow>| rows.into_iter().map(|r| r.id).collect::<Vec<_>>();
    let cases = [
        (filters(|_| ()), vec![other, fiche]),
        (filters(|f| f.barrier = Some("famille".into())), vec![fiche]),
        (
            filters(|f| f.barrier = Some("famille--garde-denfants".into())),
            vec![fiche],
        ),
        (filters(|f| f.barrier = Some("mobilite".into())), vec![]),
        (filters(|f| f.public = Some("jeunes".into())), vec![other]),
        (filters(|f| f.axis = Some(Axis::ReachOut)), vec![other]),
        (filters(|f| f.region = Some("52".into())), vec![fiche]),
        (filters(|f| f.region = Some("84".into())), vec![other]),
        (filters(|f| f.region = Some("11".into())), vec![]),
        (
            filters(|f| f.words = search_words("GARDE d'Enfant", 4)),
            vec![fiche],
        ),
        (
            filters(|f| f.words = search_words("vaulx employeurs", 4)),
            vec![other],
        ),
        (
            filters(|f| f.words = search_words("garde employeurs", 4)),
            vec![],
        ),
        (filters(|f| f.sort = FicheSort::Title), vec![other, fiche]),
    ];
    for (filter, expected) in cases {
        assert_eq!(
            ids(store.fiches(&national, &filter).await.unwrap()),
            expected,
            "{filter:?}"
        );
    }

    // Reuse: a draft action in the reuser's Cité that links back.
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    assert!(matches!(
        store
            .reuse_fiche(&actor, &fx.referents[0], other, today)
            .await,
        Err(StoreError::Forbidden)
    ));
    assert!(matches!(
        store.reuse_fiche(&actor, &national, fiche, today).await,
        Err(StoreError::Forbidden)
    ));
    assert!(matches!(
        store.reuse_fiche(&actor, angers, fiche, today).await,
        Err(StoreError::Invalid { field: "fiche", .. })
    ));
    // Vaulx already has an action of that name: the copy gets a new one.
    new_action(store, vaulx, "Par'Emploi").await;
    let copy = store
        .reuse_fiche(&actor, vaulx, fiche, today)
        .await
        .unwrap();
    let action = store.action(vaulx, copy).await.unwrap();
    assert_eq!(action.cite_id, fx.f.vaulx);
    assert_eq!(action.title, "Par'Emploi (2)");
    assert_eq!(action.status, ActionStatus::Draft);
    assert!(action.innovative);
    assert_eq!(action.thematic_codes(), ["famille--garde-denfants"]);
    assert_eq!(action.starts_on, today);
    assert_eq!(action.planned_budget_cents, Some(3_500_000));
    assert_eq!(
        store.origin_fiche(vaulx, copy).await.unwrap().map(|f| f.id),
        Some(fiche)
    );
    assert!(store
        .origin_fiche(vaulx, vaulx_action)
        .await
        .unwrap()
        .is_none());
    assert!(
        store.origin_fiche(angers, copy).await.unwrap().is_none(),
        "another Cité's action"
    );
    assert_eq!(
        store.reuses_in_cite(vaulx, fiche).await.unwrap(),
        [(copy, "Par'Emploi (2)".to_owned())]
    );
    assert!(store
        .reuses_in_cite(angers, fiche)
        .await
        .unwrap()
        .is_empty());
    // Reused again: the Cité's copy, not a second identical draft.
    assert_eq!(
        store
            .reuse_fiche(&actor, vaulx, fiche, today)
            .await
            .unwrap(),
        copy
    );
    let log = store.audit_log(vaulx, 100).await.unwrap();
    assert_eq!(
        log.iter().filter(|row| row.action == "fiche.reuse").count(),
        1
    );

    // Counts: the most reused first when asked.
    let by_reuse = store
        .fiches(&national, &filters(|f| f.sort = FicheSort::Reuses))
        .await
        .unwrap();
    assert_eq!(
        by_reuse
            .iter()
            .map(|r| (r.id, r.reuses))
            .collect::<Vec<_>>(),
        vec![(fiche, 1), (other, 0)]
    );

    // A withdrawn fiche is reused no more, and the copies keep their link.
    store.unpublish_fiche(&actor, angers, fiche).await.unwrap();
    assert!(is_not_found(
        store.reuse_fiche(&actor, vaulx, fiche, today).await
    ));
    let origin = store.origin_fiche(vaulx, copy).await.unwrap().unwrap();
    assert!(origin.unpublished_at.is_some());
}
