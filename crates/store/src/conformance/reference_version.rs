//! The session query brings the user's memberships, each with its Cité's
//! reference version: every change to the Cité's partners, accounts,
//! services or actions bumps it in the same transaction, and the web layer
//! checks its per-Cité copies against it.

use chrono::Utc;
use maillage_domain::accounts::Role;
use maillage_domain::ids::{CiteId, PartnerId, UserId};

use super::{account, partner_input, Fixture};
use crate::accounts::{MembershipRow, NewMembership, NewSession};
use crate::{Actor, Store};

fn summary(m: &MembershipRow) -> (CiteId, String, Option<PartnerId>, Option<String>, i64) {
    (
        m.cite_id,
        m.role.code().to_owned(),
        m.partner_id,
        m.partner_name.clone(),
        m.reference_version,
    )
}

async fn signed_in(store: &dyn Store, hash: &str, user_id: UserId) {
    let session = NewSession {
        id_hash: hash.into(),
        user_id,
        csrf_token: "t".into(),
        cite_id: None,
        now: Utc::now(),
        id_token: None,
    };
    store.create_session(session).await.unwrap();
}

/// The reference versions of Angers and Vaulx as the session query reads them.
async fn versions(store: &dyn Store, hash: &str) -> (i64, i64) {
    let session = store.session(hash).await.unwrap().unwrap();
    match session.memberships.as_slice() {
        [angers, vaulx] => (angers.reference_version, vaulx.reference_version),
        other => panic!("two memberships expected: {other:?}"),
    }
}

pub async fn sessions_bring_memberships_and_reference_versions(store: &dyn Store) {
    let f = Fixture::new(store).await;
    let actor = Actor::system(chrono::Utc::now());
    let (partner, referent) = f
        .angers_referent(store, "Mission locale", "ref@angers.fr")
        .await;
    let user_id = referent.user_id();
    let pilot = NewMembership {
        cite_id: f.vaulx,
        role: Role::Pilote,
        partner_id: None,
    };
    store.add_membership(&actor, user_id, pilot).await.unwrap();
    signed_in(store, "r", user_id).await;
    let session = store.session("r").await.unwrap().unwrap();
    assert_eq!(session.user_id, user_id);
    let expected: Vec<_> = store
        .memberships(user_id)
        .await
        .unwrap()
        .iter()
        .map(summary)
        .collect();
    let got: Vec<_> = session.memberships.iter().map(summary).collect();
    assert_eq!(got, expected);
    assert_eq!(
        got.iter().map(|m| m.0).collect::<Vec<_>>(),
        [f.angers, f.vaulx]
    );
    assert_eq!(got[0].3.as_deref(), Some("Mission locale"));

    let national = store
        .create_account(&actor, account("national@anct.gouv.fr", None))
        .await
        .unwrap();
    signed_in(store, "n", national).await;
    let session = store.session("n").await.unwrap().unwrap();
    assert!(session.memberships.is_empty());

    // Each change to Angers' reference data moves Angers' version, not Vaulx's.
    let (mut angers, vaulx) = versions(store, "r").await;
    store
        .update_partner(
            &actor,
            &f.angers_coordinator,
            partner,
            &partner_input("Mission locale angevine").validate().unwrap(),
        )
        .await
        .unwrap();
    let after = versions(store, "r").await;
    assert!(after.0 > angers && after.1 == vaulx, "a partner renamed");
    angers = after.0;
    f.referent(store, partner, "ref2@angers.fr").await;
    let after = versions(store, "r").await;
    assert!(after.0 > angers && after.1 == vaulx, "an account added");
    angers = after.0;
    store
        .set_partner_archived(&actor, &f.angers_coordinator, partner, true)
        .await
        .unwrap();
    let after = versions(store, "r").await;
    assert!(after.0 > angers && after.1 == vaulx, "a partner archived");
}
