//! ProConnect journeys: taken once, never after they expire; a session
//! keeps the ID token it was opened with; an account keeps its identity.

use chrono::{Duration, TimeZone, Utc};

use super::Fixture;
use crate::accounts::NewSession;
use crate::sign_in_flows::SignInFlow;
use crate::Store;

pub async fn sign_in_flows_are_taken_once_and_expire(store: &dyn Store) {
    let f = Fixture::new(store).await;
    let now = Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap();
    let flow = |state: &str, at| SignInFlow {
        state_hash: format!("hash-{state}"),
        nonce: format!("nonce-{state}"),
        pkce_verifier: format!("verifier-{state}"),
        return_to: "/exports".into(),
        reauth: state == "reauth",
        created_at: at,
    };
    let ten_minutes_ago = |at| at - Duration::minutes(10);
    store
        .begin_sign_in_flow(&flow("old", now), ten_minutes_ago(now))
        .await
        .unwrap();
    store
        .begin_sign_in_flow(&flow("reauth", now), ten_minutes_ago(now))
        .await
        .unwrap();

    let taken = store
        .take_sign_in_flow("hash-reauth", ten_minutes_ago(now))
        .await
        .unwrap();
    assert_eq!(taken, Some(flow("reauth", now)));
    // The same state again (a replayed return) finds nothing.
    assert_eq!(
        store
            .take_sign_in_flow("hash-reauth", ten_minutes_ago(now))
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        store
            .take_sign_in_flow("hash-unknown", ten_minutes_ago(now))
            .await
            .unwrap(),
        None
    );

    // Back too late: refused, and gone all the same.
    let later = now + Duration::minutes(11);
    assert_eq!(
        store
            .take_sign_in_flow("hash-old", ten_minutes_ago(later))
            .await
            .unwrap(),
        None
    );
    // A journey begun later clears those that never came back.
    store
        .begin_sign_in_flow(&flow("late", now), ten_minutes_ago(now))
        .await
        .unwrap();
    store
        .begin_sign_in_flow(&flow("new", later), ten_minutes_ago(later))
        .await
        .unwrap();
    assert_eq!(
        store.take_sign_in_flow("hash-late", now).await.unwrap(),
        None
    );

    store
        .create_session(NewSession {
            id_hash: "pc".into(),
            user_id: f.angers_coordinator.user_id(),
            csrf_token: "t".into(),
            cite_id: Some(f.angers),
            now,
            id_token: Some("eyJ.jeton.signé".into()),
        })
        .await
        .unwrap();
    let session = store.session("pc").await.unwrap().unwrap();
    assert_eq!(session.id_token.as_deref(), Some("eyJ.jeton.signé"));
    store.keep_id_token("pc", "eyJ.nouveau").await.unwrap();
    let session = store.session("pc").await.unwrap().unwrap();
    assert_eq!(session.id_token.as_deref(), Some("eyJ.nouveau"));

    // An account keeps the ProConnect identity it first came with; no
    // other account may take that identity.
    let (angers, vaulx) = (
        f.angers_coordinator.user_id(),
        f.vaulx_coordinator.user_id(),
    );
    assert!(store.bind_proconnect(angers, "sub-1").await.unwrap());
    assert!(store.bind_proconnect(angers, "sub-1").await.unwrap());
    assert!(!store.bind_proconnect(angers, "sub-2").await.unwrap());
    assert!(!store.bind_proconnect(vaulx, "sub-1").await.unwrap());
    assert!(store.bind_proconnect(vaulx, "sub-2").await.unwrap());
}
