//! The conformance suite: the behaviour every backend must show, run by each
//! backend crate's tests through [`conformance_tests!`](crate::conformance_tests).

use chrono::{Duration, Utc};
use maillage_domain::accounts::Role;
use maillage_domain::cites::{CiteInput, QpvInput};
use maillage_domain::partners::PartnerInput;
use maillage_domain::Scope;

use crate::accounts::{NewAccount, NewMembership, NewSession};
use crate::{Actor, AuditEntry, Store, StoreError};

/// Two Cités, each with a coordinator scope, to check isolation.
pub struct Fixture {
    pub angers: i64,
    pub vaulx: i64,
    pub angers_coordinator: Scope,
    pub vaulx_coordinator: Scope,
}

pub fn cite_input(name: &str, departement: &str, communes: &str) -> CiteInput {
    CiteInput {
        name: name.into(),
        departement: departement.into(),
        communes: communes.into(),
        label_year: "2020".into(),
        ..CiteInput::default()
    }
}

pub fn partner_input(name: &str) -> PartnerInput {
    PartnerInput {
        name: name.into(),
        category: "spe".into(),
        network: "france-travail".into(),
        ..PartnerInput::default()
    }
}

pub fn account(email: &str, membership: Option<NewMembership>) -> NewAccount {
    NewAccount {
        email: email.into(),
        name: email.split('@').next().unwrap_or(email).into(),
        password_hash: "$argon2id$test".into(),
        membership,
    }
}

impl Fixture {
    pub async fn new(store: &dyn Store) -> Fixture {
        let actor = Actor::system();
        let angers = store
            .create_cite(
                &actor,
                "angers",
                &cite_input("Angers", "49", "49007 49353")
                    .validate()
                    .unwrap(),
            )
            .await
            .unwrap();
        let vaulx = store
            .create_cite(
                &actor,
                "vaulx",
                &cite_input("Vaulx-en-Velin", "69", "69256")
                    .validate()
                    .unwrap(),
            )
            .await
            .unwrap();
        let mut scopes = Vec::new();
        for (email, cite_id) in [("coord@angers.fr", angers), ("coord@vaulx.fr", vaulx)] {
            let membership = NewMembership {
                cite_id,
                role: Role::Coordinateur,
                partner_id: None,
            };
            let user_id = store
                .create_account(&actor, account(email, Some(membership)))
                .await
                .unwrap();
            scopes.push(Scope::Cite {
                user_id,
                cite_id,
                role: Role::Coordinateur,
                partner_id: None,
            });
        }
        let vaulx_coordinator = scopes.pop().unwrap();
        let angers_coordinator = scopes.pop().unwrap();
        Fixture {
            angers,
            vaulx,
            angers_coordinator,
            vaulx_coordinator,
        }
    }
}

fn is_not_found<T: std::fmt::Debug>(result: Result<T, StoreError>) -> bool {
    matches!(result, Err(StoreError::NotFound))
}

pub async fn cites_are_isolated(store: &dyn Store) {
    let f = Fixture::new(store).await;
    let actor = Actor::system();
    let cite = store.cite(&f.angers_coordinator, f.angers).await.unwrap();
    assert_eq!(cite.communes(), vec!["49007", "49353"]);
    assert!(is_not_found(
        store.cite(&f.angers_coordinator, f.vaulx).await
    ));
    assert!(is_not_found(
        store.qpvs(&f.angers_coordinator, f.vaulx).await
    ));
    assert!(matches!(
        store.cite_summaries(&f.angers_coordinator).await,
        Err(StoreError::Forbidden)
    ));

    let qpv = QpvInput {
        code: "QN04901M".into(),
        name: "Belle-Beille".into(),
        communes: "49007".into(),
        population: "9000".into(),
    };
    let qpv_id = store
        .add_qpv(
            &actor,
            &f.angers_coordinator,
            &qpv.validate(&cite.communes()).unwrap(),
        )
        .await
        .unwrap();
    let again = store
        .add_qpv(
            &actor,
            &f.angers_coordinator,
            &qpv.validate(&cite.communes()).unwrap(),
        )
        .await;
    assert!(
        matches!(again, Err(StoreError::Conflict { field: "code", .. })),
        "{again:?}"
    );
    assert!(is_not_found(
        store.remove_qpv(&actor, &f.vaulx_coordinator, qpv_id).await
    ));
    assert_eq!(
        store
            .qpvs(&f.angers_coordinator, f.angers)
            .await
            .unwrap()
            .len(),
        1
    );
    store
        .remove_qpv(&actor, &f.angers_coordinator, qpv_id)
        .await
        .unwrap();
    assert!(store
        .qpvs(&f.angers_coordinator, f.angers)
        .await
        .unwrap()
        .is_empty());

    let mut profile = cite_input("Angers Loire Métropole", "49", "49007")
        .validate()
        .unwrap();
    profile.unemployment_rate = Some(12.5);
    store
        .update_cite(&actor, &f.angers_coordinator, &profile)
        .await
        .unwrap();
    let cite = store.cite(&f.angers_coordinator, f.angers).await.unwrap();
    assert_eq!(
        (cite.name.as_str(), cite.unemployment_rate),
        ("Angers Loire Métropole", Some(12.5))
    );
    assert_eq!(
        store
            .cite(&f.vaulx_coordinator, f.vaulx)
            .await
            .unwrap()
            .name,
        "Vaulx-en-Velin"
    );
    assert_eq!(store.cite_id_by_code("vaulx").await.unwrap(), Some(f.vaulx));
    let duplicate = store.create_cite(&actor, "angers", &profile).await;
    assert!(matches!(
        duplicate,
        Err(StoreError::Conflict { field: "code", .. })
    ));
}

pub async fn national_sees_counts(store: &dyn Store) {
    let f = Fixture::new(store).await;
    let actor = Actor::system();
    let national_id = store
        .create_account(&actor, account("anct@anct.gouv.fr", None))
        .await
        .unwrap();
    let national = Scope::National {
        user_id: national_id,
    };
    let partner = store
        .create_partner(
            &actor,
            &f.angers_coordinator,
            &partner_input("France Travail Angers").validate().unwrap(),
        )
        .await
        .unwrap();
    let membership = NewMembership {
        cite_id: f.angers,
        role: Role::Referent,
        partner_id: Some(partner),
    };
    store
        .create_account(&actor, account("ref@ft.fr", Some(membership)))
        .await
        .unwrap();
    let summaries = store.cite_summaries(&national).await.unwrap();
    let angers = summaries.iter().find(|s| s.id == f.angers).unwrap();
    assert_eq!((angers.partners, angers.referents), (1, 1));
    let vaulx = summaries.iter().find(|s| s.id == f.vaulx).unwrap();
    assert_eq!((vaulx.partners, vaulx.referents), (0, 0));
    assert!(store.cite(&national, f.vaulx).await.is_ok());
    // The national team administers nothing and reads no Cité's internals.
    assert!(is_not_found(store.partners(&national, false).await));
    assert!(matches!(
        store.cite_accounts(&national).await,
        Err(StoreError::Forbidden)
    ));
    assert!(matches!(
        store.audit_log(&national, 10).await,
        Err(StoreError::Forbidden)
    ));
}

pub async fn partners_lifecycle(store: &dyn Store) {
    let f = Fixture::new(store).await;
    let actor = Actor::system();
    let draft = partner_input("Mission locale angevine").validate().unwrap();
    let id = store
        .create_partner(&actor, &f.angers_coordinator, &draft)
        .await
        .unwrap();
    let duplicate = store
        .create_partner(&actor, &f.angers_coordinator, &draft)
        .await;
    assert!(
        matches!(duplicate, Err(StoreError::Conflict { field: "name", .. })),
        "{duplicate:?}"
    );
    // The same name in another Cité is another partner.
    store
        .create_partner(&actor, &f.vaulx_coordinator, &draft)
        .await
        .unwrap();

    let mut changed = draft.clone();
    changed.sensitive = true;
    changed.city = Some("Angers".into());
    store
        .update_partner(&actor, &f.angers_coordinator, id, &changed)
        .await
        .unwrap();
    let row = store.partner(&f.angers_coordinator, id).await.unwrap();
    assert!(row.sensitive);
    assert_eq!(row.city.as_deref(), Some("Angers"));

    assert!(is_not_found(store.partner(&f.vaulx_coordinator, id).await));
    assert!(is_not_found(
        store
            .update_partner(&actor, &f.vaulx_coordinator, id, &changed)
            .await
    ));
    assert!(is_not_found(
        store
            .set_partner_archived(&actor, &f.vaulx_coordinator, id, true)
            .await
    ));

    store
        .set_partner_archived(&actor, &f.angers_coordinator, id, true)
        .await
        .unwrap();
    assert!(store
        .partners(&f.angers_coordinator, false)
        .await
        .unwrap()
        .is_empty());
    let all = store.partners(&f.angers_coordinator, true).await.unwrap();
    assert_eq!(all.len(), 1);
    assert!(all[0].archived_at.is_some());
    store
        .set_partner_archived(&actor, &f.angers_coordinator, id, false)
        .await
        .unwrap();
    assert_eq!(
        store
            .partners(&f.angers_coordinator, false)
            .await
            .unwrap()
            .len(),
        1
    );

    let referent = Scope::Cite {
        user_id: 999,
        cite_id: f.angers,
        role: Role::Referent,
        partner_id: Some(id),
    };
    assert_eq!(store.partners(&referent, false).await.unwrap().len(), 1);
    let refused = store
        .create_partner(
            &actor,
            &referent,
            &partner_input("Autre").validate().unwrap(),
        )
        .await;
    assert!(matches!(refused, Err(StoreError::Forbidden)));

    let log = store.audit_log(&f.angers_coordinator, 50).await.unwrap();
    let actions: Vec<&str> = log.iter().map(|r| r.action.as_str()).collect();
    for expected in [
        "partner.create",
        "partner.update",
        "partner.archive",
        "partner.restore",
    ] {
        assert!(
            actions.contains(&expected),
            "{expected} missing from {actions:?}"
        );
    }
    assert!(log.iter().all(|r| r.cite_id == Some(f.angers)));
}

pub async fn accounts_and_sessions(store: &dyn Store) {
    let f = Fixture::new(store).await;
    let actor = Actor::system();
    let partner = store
        .create_partner(
            &actor,
            &f.angers_coordinator,
            &partner_input("CIDFF 49").validate().unwrap(),
        )
        .await
        .unwrap();
    let vaulx_partner = store
        .create_partner(
            &actor,
            &f.vaulx_coordinator,
            &partner_input("CIDFF 69").validate().unwrap(),
        )
        .await
        .unwrap();

    let membership = |partner_id| {
        Some(NewMembership {
            cite_id: 0,
            role: Role::Referent,
            partner_id: Some(partner_id),
        })
    };
    let refused = store
        .create_cite_account(
            &actor,
            &f.angers_coordinator,
            account("x@cidff.fr", membership(vaulx_partner)),
        )
        .await;
    assert!(
        matches!(
            refused,
            Err(StoreError::Invalid {
                field: "partner_id",
                ..
            })
        ),
        "{refused:?}"
    );
    let user_id = store
        .create_cite_account(
            &actor,
            &f.angers_coordinator,
            account("juriste@cidff.fr", membership(partner)),
        )
        .await
        .unwrap();
    let duplicate = store
        .create_cite_account(
            &actor,
            &f.angers_coordinator,
            account("juriste@cidff.fr", membership(partner)),
        )
        .await;
    assert!(
        matches!(duplicate, Err(StoreError::Conflict { field: "email", .. })),
        "{duplicate:?}"
    );

    let memberships = store.memberships(user_id).await.unwrap();
    assert_eq!(memberships.len(), 1);
    assert_eq!(
        (memberships[0].role(), memberships[0].partner_id),
        (Role::Referent, Some(partner))
    );
    assert_eq!(memberships[0].partner_name.as_deref(), Some("CIDFF 49"));
    assert_eq!(
        store
            .cite_accounts(&f.angers_coordinator)
            .await
            .unwrap()
            .len(),
        2
    );
    assert_eq!(
        store
            .partner_accounts(&f.angers_coordinator, partner)
            .await
            .unwrap()
            .len(),
        1
    );
    assert!(store
        .partner_accounts(&f.vaulx_coordinator, partner)
        .await
        .unwrap()
        .is_empty());

    let credentials = store
        .credentials("juriste@cidff.fr")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(credentials.user_id, user_id);
    assert!(credentials.active);
    assert!(store
        .credentials("personne@nulle.part")
        .await
        .unwrap()
        .is_none());

    let now = Utc::now();
    store
        .create_session(NewSession {
            id_hash: "h1".into(),
            user_id,
            csrf_token: "t".into(),
            cite_id: Some(f.angers),
            now,
        })
        .await
        .unwrap();
    let session = store.session("h1").await.unwrap().unwrap();
    assert_eq!(
        (session.user_id, session.cite_id, session.national),
        (user_id, Some(f.angers), false)
    );
    store
        .touch_session("h1", now + Duration::minutes(5))
        .await
        .unwrap();
    let session = store.session("h1").await.unwrap().unwrap();
    assert_eq!(
        session.last_seen_at.timestamp(),
        (now + Duration::minutes(5)).timestamp()
    );

    // Resetting a password from another Cité is refused; from the right one it ends sessions.
    assert!(is_not_found(
        store
            .reset_password(&actor, &f.vaulx_coordinator, user_id, "new")
            .await
    ));
    assert!(store.session("h1").await.unwrap().is_some());
    store
        .reset_password(&actor, &f.angers_coordinator, user_id, "$argon2id$new")
        .await
        .unwrap();
    assert!(store.session("h1").await.unwrap().is_none());
    assert_eq!(
        store
            .credentials("juriste@cidff.fr")
            .await
            .unwrap()
            .unwrap()
            .password_hash,
        "$argon2id$new"
    );

    store
        .create_session(NewSession {
            id_hash: "old".into(),
            user_id,
            csrf_token: "t".into(),
            cite_id: None,
            now: now - Duration::hours(13),
        })
        .await
        .unwrap();
    store
        .create_session(NewSession {
            id_hash: "fresh".into(),
            user_id,
            csrf_token: "t".into(),
            cite_id: None,
            now,
        })
        .await
        .unwrap();
    let purged = store
        .purge_sessions(now - Duration::hours(2), now - Duration::hours(12))
        .await
        .unwrap();
    assert_eq!(purged, 1);
    assert!(store.session("fresh").await.unwrap().is_some());
    store.delete_session("fresh").await.unwrap();
    assert!(store.session("fresh").await.unwrap().is_none());
}

pub async fn sign_in_failures_are_counted(store: &dyn Store) {
    let actor = Actor {
        ip: Some("192.0.2.1".into()),
        ..Actor::default()
    };
    let other_ip = Actor {
        ip: Some("192.0.2.2".into()),
        ..Actor::default()
    };
    let now = Utc::now();
    for _ in 0..3 {
        store
            .record_sign_in(&actor, "a@b.fr", false, now)
            .await
            .unwrap();
    }
    store
        .record_sign_in(&other_ip, "a@b.fr", false, now - Duration::hours(1))
        .await
        .unwrap();
    store
        .record_sign_in(&other_ip, "c@d.fr", false, now)
        .await
        .unwrap();
    store
        .record_sign_in(&actor, "a@b.fr", true, now)
        .await
        .unwrap();
    let since = now - Duration::minutes(15);
    assert_eq!(
        store
            .sign_in_failures("a@b.fr", "192.0.2.1", since)
            .await
            .unwrap(),
        (3, 3)
    );
    assert_eq!(
        store
            .sign_in_failures("c@d.fr", "192.0.2.2", since)
            .await
            .unwrap(),
        (1, 1)
    );
    store
        .audit(
            &actor,
            AuditEntry::new("access_refused", "partner", Some(1), None),
        )
        .await
        .unwrap();
}

fn person(consent_partners: &[i64]) -> maillage_domain::participants::person::ParticipantDraft {
    use maillage_domain::participants::person::ParticipantInput;
    let input = ParticipantInput {
        first_name: "Amina".into(),
        last_name: "Belkacem".into(),
        birth_date: "1991-04-12".into(),
        sex: "f".into(),
        residence: "hors-qpv".into(),
        employment_status: "chomeur".into(),
        education: "isced_3_4".into(),
        rsa: "oui".into(),
        single_parent: "oui".into(),
        rqth: "nsp".into(),
        consent_date: "2026-01-05".into(),
        consent_method: "ecrit".into(),
        consent_partners: consent_partners.iter().map(|id| id.to_string()).collect(),
        ..ParticipantInput::default()
    };
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    input.validate(&[], consent_partners, today).unwrap()
}

pub async fn case_files_are_seen_only_by_those_who_follow_them(store: &dyn Store) {
    use crate::participants::Decision;
    use maillage_domain::participants::cohorts::CohortInput;
    let f = Fixture::new(store).await;
    let actor = Actor::system();
    let mut partners = Vec::new();
    for name in ["Mission locale", "CIDFF", "CAF"] {
        partners.push(
            store
                .create_partner(
                    &actor,
                    &f.angers_coordinator,
                    &partner_input(name).validate().unwrap(),
                )
                .await
                .unwrap(),
        );
    }
    let mut referents = Vec::new();
    for (i, partner) in partners.iter().enumerate() {
        let membership = NewMembership {
            cite_id: f.angers,
            role: Role::Referent,
            partner_id: Some(*partner),
        };
        let user_id = store
            .create_account(
                &actor,
                account(&format!("ref{i}@angers.fr"), Some(membership)),
            )
            .await
            .unwrap();
        referents.push(Scope::Cite {
            user_id,
            cite_id: f.angers,
            role: Role::Referent,
            partner_id: Some(*partner),
        });
    }
    let (lead, other, uncovered) = (
        referents[0].clone(),
        referents[1].clone(),
        referents[2].clone(),
    );
    let cohort = CohortInput {
        name: "Cohorte 2026".into(),
        year: "2026".into(),
        target_size: "90".into(),
        intake_start: "2026-01-01".into(),
        intake_end: "2026-12-31".into(),
        follow_up_months: String::new(),
    };
    let cohort_id = store
        .create_cohort(&actor, &f.angers_coordinator, &cohort.validate().unwrap())
        .await
        .unwrap();
    let duplicate = store
        .create_cohort(&actor, &f.angers_coordinator, &cohort.validate().unwrap())
        .await;
    assert!(
        matches!(duplicate, Err(StoreError::Conflict { field: "name", .. })),
        "{duplicate:?}"
    );
    assert!(matches!(
        store
            .create_cohort(&actor, &lead, &cohort.validate().unwrap())
            .await,
        Err(StoreError::Forbidden)
    ));

    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let draft = person(&[partners[1]]);
    let by_coordinator = store
        .propose(
            &actor,
            &f.angers_coordinator,
            cohort_id,
            &draft,
            None,
            today,
        )
        .await;
    assert!(
        matches!(by_coordinator, Err(StoreError::Forbidden)),
        "référents propose, from their partner"
    );
    let (id, referral) = store
        .propose(
            &actor,
            &lead,
            cohort_id,
            &draft,
            Some("Garde d'enfants"),
            today,
        )
        .await
        .unwrap();
    assert!(store.referrals(&other).await.unwrap().is_empty());
    assert_eq!(store.referrals(&lead).await.unwrap().len(), 1);
    assert_eq!(
        store.referrals(&f.angers_coordinator).await.unwrap()[0].status,
        "proposed"
    );

    let outside = Decision::Accept {
        entry_date: chrono::NaiveDate::from_ymd_opt(2025, 12, 1).unwrap(),
    };
    let refused = store
        .decide_referral(&actor, &f.angers_coordinator, referral, &outside, today)
        .await;
    assert!(
        matches!(
            refused,
            Err(StoreError::Invalid {
                field: "entry_date",
                ..
            })
        ),
        "{refused:?}"
    );
    assert!(is_not_found(
        store
            .decide_referral(&actor, &f.vaulx_coordinator, referral, &outside, today)
            .await
    ));
    let accept = Decision::Accept { entry_date: today };
    store
        .decide_referral(&actor, &f.angers_coordinator, referral, &accept, today)
        .await
        .unwrap();
    let again = store
        .decide_referral(&actor, &f.angers_coordinator, referral, &accept, today)
        .await;
    assert!(matches!(again, Err(StoreError::Invalid { .. })));
    assert_eq!(store.cohorts(&lead).await.unwrap()[0].members, 1);

    assert_eq!(
        store.participant(&actor, &lead, id).await.unwrap().status,
        "active"
    );
    assert_eq!(
        store
            .participant(&actor, &f.angers_coordinator, id)
            .await
            .unwrap()
            .first_name,
        "Amina"
    );
    let national = Scope::National { user_id: 1 };
    let pilote = Scope::Cite {
        user_id: 2,
        cite_id: f.angers,
        role: Role::Pilote,
        partner_id: None,
    };
    let porteur = Scope::Cite {
        user_id: 3,
        cite_id: f.angers,
        role: Role::Porteur,
        partner_id: Some(partners[0]),
    };
    for scope in [
        &other,
        &uncovered,
        &f.vaulx_coordinator,
        &national,
        &pilote,
        &porteur,
    ] {
        assert!(
            is_not_found(store.participant(&actor, scope, id).await),
            "{scope:?}"
        );
    }
    assert!(is_not_found(
        store.participant(&actor, &lead, id + 1000).await
    ));

    // Sharing needs the consent to cover the partner; only the lead or a coordinator shares.
    let uncovered_share = store.share(&actor, &lead, id, partners[2]).await;
    assert!(matches!(
        uncovered_share,
        Err(StoreError::Invalid {
            field: "partner_id",
            ..
        })
    ));
    store.share(&actor, &lead, id, partners[1]).await.unwrap();
    assert_eq!(store.participant(&actor, &other, id).await.unwrap().id, id);
    assert!(matches!(
        store.share(&actor, &other, id, partners[1]).await,
        Err(StoreError::Forbidden)
    ));
    // Withdrawing the consent ends the shared access at once.
    store.withdraw_consent(&actor, &lead, id).await.unwrap();
    assert!(is_not_found(store.participant(&actor, &other, id).await));
    assert!(store.participant(&actor, &lead, id).await.is_ok());

    let log = store.audit_log(&f.angers_coordinator, 100).await.unwrap();
    let reads = log
        .iter()
        .filter(|r| r.action == "participant.read" && r.person_id == Some(id))
        .count();
    assert_eq!(reads, 4, "lead, coordinator, shared partner, lead again");
    assert!(log.iter().any(|r| r.action == "consent.withdraw"));

    // A refused proposal needs no entry date; expired ones cannot be decided.
    let (_, second) = store
        .propose(&actor, &lead, cohort_id, &person(&[]), None, today)
        .await
        .unwrap();
    let late = today + chrono::Duration::days(31);
    let expired = store
        .decide_referral(
            &actor,
            &f.angers_coordinator,
            second,
            &Decision::Refuse { reason: "x".into() },
            late,
        )
        .await;
    assert!(matches!(expired, Err(StoreError::Invalid { .. })));
    store
        .decide_referral(
            &actor,
            &f.angers_coordinator,
            second,
            &Decision::Refuse {
                reason: "Hors territoire".into(),
            },
            today,
        )
        .await
        .unwrap();
    let refused = store
        .referrals(&lead)
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.id == second)
        .unwrap();
    assert_eq!(
        (refused.status.as_str(), refused.refusal_reason.as_deref()),
        ("refused", Some("Hors territoire"))
    );
    store
        .close_cohort_intake(&actor, &f.angers_coordinator, cohort_id)
        .await
        .unwrap();
    let closed = store
        .propose(&actor, &lead, cohort_id, &person(&[]), None, today)
        .await;
    assert!(matches!(
        closed,
        Err(StoreError::Invalid {
            field: "cohort_id",
            ..
        })
    ));
}

/// Expands to one `#[tokio::test]` per conformance case; `$open` is an async
/// block giving a fresh, empty store (a `Box<dyn Store>` or any `Store`).
#[macro_export]
macro_rules! conformance_tests {
    ($open:expr) => {
        $crate::conformance_tests!(@cases $open;
            cites_are_isolated, national_sees_counts, partners_lifecycle,
            accounts_and_sessions, sign_in_failures_are_counted,
            case_files_are_seen_only_by_those_who_follow_them);
    };
    (@cases $open:expr; $($case:ident),*) => {
        $(
            #[tokio::test]
            async fn $case() {
                if let Some(store) = $open.await {
                    $crate::conformance::$case(&store).await;
                }
            }
        )*
    };
}
