//! Personal access tokens: found by hash while live, never once revoked or
//! expired or their account deactivated; revoked by their owner only; their
//! last use noted at most once a minute.

use chrono::{Duration, TimeZone, Utc};

use super::Fixture;
use crate::api_tokens::NewApiToken;
use crate::{Actor, Store, StoreError};

pub async fn api_tokens_live_until_revoked_or_expired(store: &dyn Store) {
    let f = Fixture::new(store).await;
    let now = Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap();
    let actor = Actor::system(now);
    let owner = f.angers_coordinator.user_id();
    let token = |hash: &str| NewApiToken {
        user_id: owner,
        cite_id: Some(f.angers),
        name: "Outil".into(),
        token_hash: hash.into(),
        prefix: "mlg_abcdefgh".into(),
        can_write: false,
        expires_at: now + Duration::days(30),
    };
    let id = store.create_api_token(&actor, &token("h1")).await.unwrap();
    store.create_api_token(&actor, &token("h2")).await.unwrap();

    let live = store.use_api_token("h1", now).await.unwrap().unwrap();
    assert_eq!((live.id, live.user_id, live.national), (id, owner, false));
    assert_eq!(
        live.last_used_at, None,
        "the row read before its use is noted"
    );
    let again = store
        .use_api_token("h1", now + Duration::seconds(30))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(again.last_used_at, Some(now));
    let later = store
        .use_api_token("h1", now + Duration::seconds(50))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(later.last_used_at, Some(now), "once a minute at most");
    assert!(store.use_api_token("inconnu", now).await.unwrap().is_none());
    assert!(store
        .use_api_token("h1", now + Duration::days(30))
        .await
        .unwrap()
        .is_none());

    // Only its owner revokes it.
    let other = f.vaulx_coordinator.user_id();
    assert!(matches!(
        store.revoke_api_token(&actor, other, id).await,
        Err(StoreError::NotFound)
    ));
    store.revoke_api_token(&actor, owner, id).await.unwrap();
    assert!(store.use_api_token("h1", now).await.unwrap().is_none());
    let listed = store.api_tokens(owner).await.unwrap();
    assert_eq!(listed.len(), 2);
    assert!(listed
        .iter()
        .any(|t| t.id == id && t.revoked_at == Some(now)));
    assert!(store.api_tokens(other).await.unwrap().is_empty());
}
