//! E-mail: a reset link queued with its message in one transaction, used
//! once; the outbox claimed under a lease, retried, settled; two workers
//! never take the same message.

use chrono::{Duration, TimeZone, Utc};
use maillage_domain::accounts::Email;
use maillage_domain::mail::{MailBody, RESET_LIFETIME};

use super::Fixture;
use crate::mail::LinkRequest;
use crate::{Actor, Store, StoreError};

fn reset(token: &str, at: chrono::DateTime<Utc>) -> LinkRequest {
    LinkRequest {
        token_hash: format!("hash-{token}"),
        expires_at: at + RESET_LIFETIME,
        mail: MailBody {
            subject: "Maillage : choisir un nouveau mot de passe".into(),
            text: format!("https://maillage.test/mot-de-passe/{token}"),
        },
    }
}

pub async fn reset_links_are_queued_with_their_message_and_work_once(store: &dyn Store) {
    let _ = Fixture::new(store).await;
    let now = Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap();
    let actor = Actor::system(now);
    let email = |text: &str| Email::parse(text).unwrap();

    // An unknown address queues nothing.
    let unknown = store
        .request_password_reset(&actor, &email("personne@angers.fr"), &reset("x", now))
        .await
        .unwrap();
    assert!(!unknown);
    assert_eq!(store.outbox_backlog().await.unwrap(), 0);

    let coordinator = email("coord@angers.fr");
    let queued = store
        .request_password_reset(&actor, &coordinator, &reset("a", now))
        .await
        .unwrap();
    assert!(queued);
    // Asked again at once: no second link, no second message.
    let again = Actor::system(now + Duration::minutes(2));
    let twice = store
        .request_password_reset(&again, &coordinator, &reset("b", now))
        .await
        .unwrap();
    assert!(!twice);
    assert_eq!(store.outbox_backlog().await.unwrap(), 1);

    assert!(store.password_reset_open("hash-a", now).await.unwrap());
    assert!(!store.password_reset_open("hash-b", now).await.unwrap());
    let late = now + RESET_LIFETIME + Duration::minutes(1);
    assert!(!store.password_reset_open("hash-a", late).await.unwrap());
    assert!(matches!(
        store
            .reset_password_by_link(&Actor::system(late), "hash-a", "nouveau")
            .await,
        Err(StoreError::NotFound)
    ));

    let used = Actor::system(now + Duration::minutes(10));
    store
        .reset_password_by_link(&used, "hash-a", "nouveau-hachage")
        .await
        .unwrap();
    let credentials = store.credentials("coord@angers.fr").await.unwrap().unwrap();
    assert_eq!(credentials.password_hash, "nouveau-hachage");
    assert!(matches!(
        store
            .reset_password_by_link(&used, "hash-a", "encore")
            .await,
        Err(StoreError::NotFound)
    ));
    assert!(!store.password_reset_open("hash-a", used.at).await.unwrap());
}

pub async fn the_outbox_is_claimed_under_a_lease_retried_and_settled(store: &dyn Store) {
    let _ = Fixture::new(store).await;
    let start = Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap();
    // Three messages, six minutes apart (one link per five minutes).
    for (i, address) in ["coord@angers.fr", "coord@vaulx.fr", "coord@angers.fr"]
        .into_iter()
        .enumerate()
    {
        let at = start + Duration::minutes(6 * i as i64);
        let queued = store
            .request_password_reset(
                &Actor::system(at),
                &Email::parse(address).unwrap(),
                &reset(&i.to_string(), at),
            )
            .await
            .unwrap();
        assert!(queued, "{address}");
    }
    let now = start + Duration::minutes(20);

    // Two workers at once never take the same message.
    let (first, second) = tokio::join!(store.claim_mail(now, 2), store.claim_mail(now, 2));
    let mut ids: Vec<i64> = first
        .unwrap()
        .iter()
        .chain(second.unwrap().iter())
        .map(|m| m.id)
        .collect();
    let claimed = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), claimed, "a message claimed twice");
    assert!(claimed >= 2, "{claimed}");
    let rest = store.claim_mail(now, 10).await.unwrap();
    assert_eq!(claimed + rest.len(), 3);
    // Under their lease, nothing is due.
    assert!(store.claim_mail(now, 10).await.unwrap().is_empty());

    // A worker that stopped mid-send: its messages are due again after the lease.
    let after = now + Duration::minutes(6);
    let again = store.claim_mail(after, 10).await.unwrap();
    assert_eq!(again.len(), 3);
    assert!(again.iter().all(|m| m.attempts == 2), "{again:?}");
    let message = &again[0];
    assert!(message.to.ends_with("@angers.fr") || message.to.ends_with("@vaulx.fr"));
    assert!(message
        .text
        .starts_with("https://maillage.test/mot-de-passe/"));

    store.mail_sent(again[0].id, after).await.unwrap();
    store
        .mail_failed(again[1].id, "550 boîte inconnue", None)
        .await
        .unwrap();
    let retry = after + Duration::minutes(2);
    store
        .mail_failed(again[2].id, "421 réessayez", Some(retry))
        .await
        .unwrap();
    // The sent one is done, the given-up one is no longer waiting, the
    // failed one comes back at its time.
    assert_eq!(store.outbox_backlog().await.unwrap(), 1);
    let later = after + Duration::hours(3);
    let due = store.claim_mail(later, 10).await.unwrap();
    assert_eq!(due.iter().map(|m| m.id).collect::<Vec<_>>(), [again[2].id]);
    assert_eq!(due[0].attempts, 3);
}

pub async fn invitations_and_coordinators_links_go_with_their_account(store: &dyn Store) {
    use maillage_domain::accounts::Role;
    use maillage_domain::ids::CiteId;

    use crate::accounts::NewMembership;

    let f = Fixture::new(store).await;
    let at = Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap();
    let actor = Actor::system(at);
    let membership = NewMembership {
        cite_id: CiteId::new(0),
        role: Role::Pilote,
        partner_id: None,
    };
    let account = super::account("nouvelle@angers.fr", Some(membership));
    let invited = store
        .create_invited_account(&actor, &f.angers_coordinator, account, &reset("inv", at))
        .await
        .unwrap();
    let queued = store.claim_mail(at, 10).await.unwrap();
    assert_eq!(queued.len(), 1);
    assert_eq!(queued[0].to, "nouvelle@angers.fr");
    assert!(store.password_reset_open("hash-inv", at).await.unwrap());
    let members = store.cite_accounts(&f.angers_coordinator).await.unwrap();
    assert!(members.iter().any(|a| a.user_id == invited));

    // The coordinator sends a link: the old password ends with the sessions.
    store
        .send_password_link(
            &actor,
            &f.angers_coordinator,
            invited,
            "personne-ne-le-sait",
            &reset("lien", at),
        )
        .await
        .unwrap();
    let credentials = store
        .credentials("nouvelle@angers.fr")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(credentials.password_hash, "personne-ne-le-sait");
    assert!(store.password_reset_open("hash-lien", at).await.unwrap());
    assert_eq!(store.outbox_backlog().await.unwrap(), 2);
    // Another Cité's coordinator: not found, nothing queued.
    assert!(matches!(
        store
            .send_password_link(
                &actor,
                &f.vaulx_coordinator,
                invited,
                "x",
                &reset("autre", at)
            )
            .await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(store.outbox_backlog().await.unwrap(), 2);
}
