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

/// Persons written before the sort key (an empty `sort_key`, as the
/// migration leaves them) get the domain's key when the store opens again:
/// `raw` blanks one behind the store's back, `reopen` opens the same
/// database.
pub async fn sort_keys_are_filled_at_open<DB: sqlx::Database, S: Store>(
    store: &dyn Store,
    raw: sqlx::Pool<DB>,
    reopen: impl std::future::Future<Output = S>,
) where
    for<'c> &'c mut DB::Connection: sqlx::Executor<'c, Database = DB>,
    for<'r> String: sqlx::Decode<'r, DB> + sqlx::Type<DB>,
    usize: sqlx::ColumnIndex<DB::Row>,
{
    let fx = Followers::new(store).await;
    let actor = Actor::system(chrono::Utc::now());
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let (id, _) = store
        .propose(&actor, &fx.lead, fx.cohort_id, &person(&[]), None, today)
        .await
        .unwrap();
    let key = format!("SELECT sort_key FROM participants WHERE id = {id}");
    let read = || async {
        let row = sqlx::Executor::fetch_one(&raw, key.as_str()).await.unwrap();
        sqlx::Row::get::<String, usize>(&row, 0)
    };
    let written = read().await;
    let draft = person(&[]);
    assert_eq!(
        written,
        maillage_domain::names::sort_key(&draft.first_name, &draft.last_name)
    );
    let blank = format!("UPDATE participants SET sort_key = '' WHERE id = {id}");
    sqlx::Executor::execute(&raw, blank.as_str()).await.unwrap();
    let _again = reopen.await;
    assert_eq!(read().await, written);
}
