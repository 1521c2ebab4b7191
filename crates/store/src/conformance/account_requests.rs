//! Account requests: sent by anyone to a published call's Cité, one
//! pending per address; decided by its coordinators only; an acceptance
//! reuses the partner with the SIRET, or creates it, with the account.

use chrono::Utc;
use maillage_domain::account_requests::{AccountRequestInput, RequestStatus};
use maillage_domain::accounts::Role;
use maillage_domain::partners::PartnerInput;

use super::calls::published_call;
use super::{is_not_found, member, Fixture};
use crate::{Actor, Store, StoreError};

fn input(email: &str, siret: &str) -> AccountRequestInput {
    AccountRequestInput {
        structure_name: "Mob'In Sarthe".into(),
        siret: siret.into(),
        contact_name: "Awa Diallo".into(),
        email: email.into(),
        message: "Nous voulons candidater.".into(),
    }
}

pub async fn account_requests_are_decided_by_the_cite_s_coordinators(store: &dyn Store) {
    let f = Fixture::new(store).await;
    let actor = Actor::system(Utc::now());
    let coordinator = &f.angers_coordinator;
    let pilote = member(store, f.angers, Role::Pilote, None, "pilote@angers.fr").await;
    let draft_call = store
        .create_call(
            &actor,
            coordinator,
            &super::calls::call_input("Brouillon")
                .validate(super::today())
                .unwrap(),
        )
        .await
        .unwrap();
    let call = published_call(store, coordinator, "AAP 2023").await;
    let request = input("awa@mobin.fr", "13002526500013").validate().unwrap();
    assert!(is_not_found(
        store.request_account(&actor, draft_call, &request).await
    ));
    let first = store.request_account(&actor, call, &request).await.unwrap();
    assert!(matches!(
        store.request_account(&actor, call, &request).await,
        Err(StoreError::Conflict { field: "email", .. })
    ));

    assert!(is_not_found(store.pending_account_requests(&pilote).await));
    let vaulx = &f.vaulx_coordinator;
    assert!(store
        .pending_account_requests(vaulx)
        .await
        .unwrap()
        .is_empty());
    for scope in [&pilote, vaulx] {
        assert!(is_not_found(store.account_request(scope, first).await));
        assert!(is_not_found(
            store
                .accept_account_request(&actor, scope, first, "h")
                .await
        ));
        assert!(is_not_found(
            store
                .refuse_account_request(&actor, scope, first, "non")
                .await
        ));
    }
    let pending = store.pending_account_requests(coordinator).await.unwrap();
    assert_eq!(pending.len(), 1);
    assert_eq!(
        (
            pending[0].siret.as_str(),
            pending[0].known_partner.as_deref()
        ),
        ("13002526500013", None)
    );

    // A new SIRET: the partner is created with the account.
    let accepted = store
        .accept_account_request(&actor, coordinator, first, "hash")
        .await
        .unwrap();
    assert!(accepted.partner_created);
    let accounts = store.cite_accounts(coordinator).await.unwrap();
    let account = accounts.iter().find(|a| a.email == "awa@mobin.fr").unwrap();
    assert_eq!(
        (account.role, account.partner_id),
        (Role::Porteur, Some(accepted.partner_id))
    );
    assert!(matches!(
        store
            .accept_account_request(&actor, coordinator, first, "hash")
            .await,
        Err(StoreError::Invalid { .. })
    ));
    assert_eq!(
        store
            .account_request(coordinator, first)
            .await
            .unwrap()
            .status,
        RequestStatus::Accepted
    );

    // A known SIRET: its partner is reused; the same address may ask again
    // once the first was answered, and is refused with a reason.
    let siret = "73282932000074";
    let known = PartnerInput {
        name: "Association connue".into(),
        category: "associatif".into(),
        siret: siret.into(),
        ..PartnerInput::default()
    };
    let known = store
        .create_partner(&actor, coordinator, &known.validate().unwrap())
        .await
        .unwrap();
    let second = store
        .request_account(
            &actor,
            call,
            &input("b@connue.fr", siret).validate().unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(
        store
            .account_request(coordinator, second)
            .await
            .unwrap()
            .known_partner
            .as_deref(),
        Some("Association connue")
    );
    let reused = store
        .accept_account_request(&actor, coordinator, second, "hash")
        .await
        .unwrap();
    assert_eq!((reused.partner_id, reused.partner_created), (known, false));
    let again = store.request_account(&actor, call, &request).await.unwrap();
    store
        .refuse_account_request(&actor, coordinator, again, "Compte déjà créé.")
        .await
        .unwrap();
    let refused = store.account_request(coordinator, again).await.unwrap();
    assert_eq!(
        (refused.status, refused.reason.as_deref()),
        (RequestStatus::Refused, Some("Compte déjà créé."))
    );
    assert!(store
        .pending_account_requests(coordinator)
        .await
        .unwrap()
        .is_empty());

    let log = store.audit_log(coordinator, 100).await.unwrap();
    let count = |action: &str| log.iter().filter(|row| row.action == action).count();
    assert_eq!(count("account.request"), 3);
    assert_eq!(count("account.request_accept"), 2);
    assert_eq!(count("account.request_refuse"), 1);
}
