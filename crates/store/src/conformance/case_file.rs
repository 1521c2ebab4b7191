//! The case file: who sees a person, and what the file records.

mod pathway;
mod referrals;

pub use pathway::*;
pub use referrals::*;

use maillage_domain::accounts::Role;
use maillage_domain::ids::{CohortId, ParticipantId, PartnerId, UserId};
use maillage_domain::participants::person::ParticipantStatus;
use maillage_domain::Scope;

use super::{is_not_found, Fixture};
use crate::participants::Decision;
use crate::{Actor, Store, StoreError};

pub(crate) fn person(
    consent_partners: &[PartnerId],
) -> maillage_domain::participants::person::ParticipantDraft {
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

/// Angers' 2026 cohort and three partners with a référent each: the
/// Mission locale (`lead`, which proposes persons), the CIDFF (`other`) and
/// the CAF (`uncovered`).
pub(crate) struct Followers {
    pub f: Fixture,
    pub partners: Vec<PartnerId>,
    pub lead: Scope,
    pub other: Scope,
    pub uncovered: Scope,
    pub cohort_id: CohortId,
}

impl Followers {
    pub async fn new(store: &dyn Store) -> Followers {
        let f = Fixture::new(store).await;
        let mut partners = Vec::new();
        let mut referents = Vec::new();
        for (i, name) in ["Mission locale", "CIDFF", "CAF"].into_iter().enumerate() {
            let partner = f.partner(store, name).await;
            partners.push(partner);
            referents.push(
                f.referent(store, partner, &format!("ref{i}@angers.fr"))
                    .await,
            );
        }
        let cohort_id = f.cohort(store, 2026).await;
        let uncovered = referents.pop().unwrap();
        let other = referents.pop().unwrap();
        let lead = referents.pop().unwrap();
        Followers {
            f,
            partners,
            lead,
            other,
            uncovered,
            cohort_id,
        }
    }
}

pub async fn case_files_are_seen_only_by_those_who_follow_them(store: &dyn Store) {
    let fx = Followers::new(store).await;
    let (f, lead, other, partners) = (&fx.f, &fx.lead, &fx.other, &fx.partners);
    let actor = Actor::system(chrono::Utc::now());
    // Proposed by the lead with the CIDFF in the consent, then admitted.
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let (id, referral) = store
        .propose(
            &actor,
            lead,
            fx.cohort_id,
            &person(&[partners[1]]),
            None,
            today,
        )
        .await
        .unwrap();
    let accept = Decision::Accept { entry_date: today };
    store
        .decide_referral(&actor, &f.angers_coordinator, referral, &accept, today)
        .await
        .unwrap();

    assert_eq!(
        store.participant(&actor, lead, id).await.unwrap().status,
        ParticipantStatus::Active
    );
    assert_eq!(
        store
            .participant(&actor, &f.angers_coordinator, id)
            .await
            .unwrap()
            .first_name,
        "Amina"
    );
    let national = Scope::National {
        user_id: UserId::new(1),
    };
    let pilote = Scope::Cite {
        user_id: UserId::new(2),
        cite_id: f.angers,
        role: Role::Pilote,
        partner_id: None,
    };
    let porteur = Scope::Cite {
        user_id: UserId::new(3),
        cite_id: f.angers,
        role: Role::Porteur,
        partner_id: Some(partners[0]),
    };
    for scope in [
        other,
        &fx.uncovered,
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
        store
            .participant(&actor, lead, ParticipantId::new(id.get() + 1000))
            .await
    ));

    // Sharing needs the consent to cover the partner; only the lead or a coordinator shares.
    let uncovered_share = store.share(&actor, lead, id, partners[2]).await;
    assert!(matches!(
        uncovered_share,
        Err(StoreError::Invalid {
            field: "partner_id",
            ..
        })
    ));
    store.share(&actor, lead, id, partners[1]).await.unwrap();
    assert_eq!(store.participant(&actor, other, id).await.unwrap().id, id);
    assert!(matches!(
        store.share(&actor, other, id, partners[1]).await,
        Err(StoreError::Forbidden)
    ));
    // Withdrawing the consent ends the shared access at once.
    store.withdraw_consent(&actor, lead, id).await.unwrap();
    assert!(is_not_found(store.participant(&actor, other, id).await));
    assert!(store.participant(&actor, lead, id).await.is_ok());

    let log = store.audit_log(&f.angers_coordinator, 100).await.unwrap();
    let reads = log
        .iter()
        .filter(|r| r.action == "participant.read" && r.person_id == Some(id))
        .count();
    assert_eq!(reads, 4, "lead, coordinator, shared partner, lead again");
    assert!(log.iter().any(|r| r.action == "consent.withdraw"));
}
