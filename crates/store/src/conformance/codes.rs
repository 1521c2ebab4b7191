//! Codes read back from the database: one the list does not hold is an
//! error, never a default that would show as another value.

use super::case_file::{person, Followers};
use crate::{Actor, Store, StoreError};

/// Through `raw`, a connection to the store's database outside the store,
/// writes an unknown code in the person's `employment_status` (a column
/// without a CHECK, as a manual edit or a botched migration could leave it);
/// reading the person must then fail.
pub async fn unknown_codes_are_errors<DB: sqlx::Database>(store: &dyn Store, raw: sqlx::Pool<DB>)
where
    for<'c> &'c mut DB::Connection: sqlx::Executor<'c, Database = DB>,
{
    let fx = Followers::new(store).await;
    let actor = Actor::system(chrono::Utc::now());
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let (id, _) = store
        .propose(
            &actor,
            &fx.lead,
            fx.cohort_id,
            &person(&[fx.partners[1]]),
            None,
            today,
        )
        .await
        .unwrap();
    assert!(store.participant(&actor, &fx.lead, id).await.is_ok());

    let corrupt = format!("UPDATE participants SET employment_status = 'retraite' WHERE id = {id}");
    sqlx::Executor::execute(&raw, corrupt.as_str())
        .await
        .unwrap();
    // A list of codes in one column too (the Cité's axes).
    let cite = fx.f.angers;
    let corrupt = format!("UPDATE cites SET axes = 'federate,autre' WHERE id = {cite}");
    sqlx::Executor::execute(&raw, corrupt.as_str())
        .await
        .unwrap();
    raw.close().await;
    match store.cite(&fx.f.angers_coordinator, cite).await {
        Err(StoreError::Database(error)) => assert!(
            error
                .to_string()
                .contains("code inconnu « autre » pour Axis"),
            "{error}"
        ),
        other => panic!("an unknown axis must not be read: {other:?}"),
    }
    match store.participant(&actor, &fx.lead, id).await {
        Err(StoreError::Database(error)) => assert!(
            error
                .to_string()
                .contains("code inconnu « retraite » pour EmploymentStatus"),
            "{error}"
        ),
        other => panic!("an unknown code must not be read: {other:?}"),
    }
}
