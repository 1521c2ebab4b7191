//! `maillage seed-scale` on a tiny national dataset, on SQLite and on
//! PostgreSQL (ignored cases, run by `scripts/test` when
//! MAILLAGE_TEST_POSTGRES_URL is set).

use std::process::{Command, Output, Stdio};

use sqlx::{AnyConnection, Connection};

fn maillage(database: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_maillage"))
        .args(["--database-url", database, "seed-scale"])
        .args(args)
        .output()
        .unwrap()
}

/// A fresh SQLite database.
fn sqlite_database(name: &str) -> String {
    let path = std::env::temp_dir().join(format!("maillage-seed-{name}-{}.db", std::process::id()));
    let _ = std::fs::remove_file(&path);
    format!("sqlite://{}", path.display())
}

/// A fresh schema in the database of `MAILLAGE_TEST_POSTGRES_URL`.
async fn postgres_database(name: &str) -> String {
    let url = maillage_store::conformance::postgres_test_url();
    let schema = format!("seed_{name}_{}", std::process::id());
    let mut setup = sqlx::PgConnection::connect(&url).await.unwrap();
    sqlx::raw_sql(&format!(
        "DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}"
    ))
    .execute(&mut setup)
    .await
    .unwrap();
    let separator = if url.contains('?') { '&' } else { '?' };
    format!("{url}{separator}options=-c%20search_path%3D{schema}")
}

/// One test per backend running `$check` on a fresh database named `$db`;
/// the PostgreSQL one is ignored unless run with `--include-ignored`.
macro_rules! on_each_backend {
    ($name:ident, $check:ident, $db:literal) => {
        mod $name {
            #[tokio::test]
            async fn sqlite() {
                super::$check(&super::sqlite_database($db)).await;
            }

            #[tokio::test]
            #[ignore = "PostgreSQL : définir MAILLAGE_TEST_POSTGRES_URL"]
            async fn postgres() {
                super::$check(&super::postgres_database($db).await).await;
            }
        }
    };
}

async fn try_count(url: &str, sql: &str) -> Result<i64, sqlx::Error> {
    sqlx::any::install_default_drivers();
    let mut db = AnyConnection::connect(url).await?;
    sqlx::query_scalar::<_, i64>(sql).fetch_one(&mut db).await
}

async fn count(url: &str, sql: &str) -> i64 {
    try_count(url, sql).await.unwrap()
}

fn succeeded(output: &Output) {
    assert!(
        output.status.success(),
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

on_each_backend!(
    seeds_a_consistent_reproducible_dataset_and_refuses_a_used_database,
    seed_tiny_then_refuse,
    "tiny"
);

async fn seed_tiny_then_refuse(url: &str) {
    let tiny = [
        "--cites",
        "2",
        "--participants",
        "300",
        "--batch",
        "64",
        "--seed",
        "7",
    ];
    succeeded(&maillage(url, &tiny));
    assert_eq!(count(url, "SELECT COUNT(*) FROM cites").await, 2);
    assert_eq!(count(url, "SELECT COUNT(*) FROM participants").await, 300);
    assert_eq!(count(url, "SELECT COUNT(*) FROM cohorts").await, 10);
    assert_eq!(count(url, "SELECT COUNT(*) FROM partners").await, 40);
    let users = count(url, "SELECT COUNT(*) FROM users").await;
    assert_eq!(
        users,
        count(url, "SELECT COUNT(*) FROM memberships").await + 1
    );
    let admitted = count(
        url,
        "SELECT COUNT(*) FROM participants WHERE entry_date IS NOT NULL",
    )
    .await;
    let steps = count(url, "SELECT COUNT(*) FROM steps").await;
    assert!(
        admitted > 150 && steps >= 9 * admitted && steps <= 13 * admitted,
        "{admitted} {steps}"
    );
    let barriers = count(url, "SELECT COUNT(*) FROM barriers").await;
    assert!((300..=900).contains(&barriers), "{barriers}");
    assert_eq!(count(url, "SELECT COUNT(*) FROM audit_log").await, 600);
    assert_eq!(
        count(
            url,
            "SELECT COUNT(*) FROM outcomes WHERE checkpoint = 'entry'"
        )
        .await,
        admitted
    );
    // Every person is followed by a partner of its own Cité, by one of its référents.
    let strays = count(
        url,
        "SELECT COUNT(*) FROM participants p JOIN partners l ON l.id = p.lead_partner_id \
         LEFT JOIN memberships m ON m.user_id = p.lead_user_id AND m.partner_id = p.lead_partner_id \
         AND m.role = 'referent' \
         WHERE l.cite_id <> p.cite_id OR (p.lead_user_id IS NOT NULL AND m.user_id IS NULL)",
    )
    .await;
    assert_eq!(strays, 0);

    let refused = maillage(url, &tiny);
    assert!(!refused.status.success());
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        stderr.contains("la base de données n'est pas vide"),
        "{stderr}"
    );
    assert!(stderr.contains("--force"), "{stderr}");
    assert_eq!(count(url, "SELECT COUNT(*) FROM participants").await, 300);

    let same_seed_again = maillage(url, &[&tiny[..], &["--force"]].concat());
    assert!(
        !same_seed_again.status.success(),
        "the same codes cannot be loaded twice"
    );
    assert_eq!(count(url, "SELECT COUNT(*) FROM cites").await, 2);

    let other = [
        "--cites",
        "1",
        "--participants",
        "50",
        "--seed",
        "8",
        "--force",
    ];
    succeeded(&maillage(url, &other));
    assert_eq!(count(url, "SELECT COUNT(*) FROM participants").await, 350);
}

#[tokio::test]
async fn the_same_seed_gives_the_same_rows() {
    let mut digests = Vec::new();
    for run in ["a", "b"] {
        let url = sqlite_database(&format!("repro{run}"));
        succeeded(&maillage(
            &url,
            &["--cites", "3", "--participants", "120", "--seed", "11"],
        ));
        digests.push((
            count(
                &url,
                "SELECT SUM(LENGTH(search_name) * id + cohort_id) FROM participants",
            )
            .await,
            count(&url, "SELECT SUM(LENGTH(label) * id) FROM steps").await,
        ));
    }
    assert_eq!(digests[0], digests[1]);
}

on_each_backend!(
    an_interrupted_load_leaves_only_whole_batches,
    interrupt_a_load,
    "interrupt"
);

async fn interrupt_a_load(url: &str) {
    let child = Command::new(env!("CARGO_BIN_EXE_maillage"))
        .args(["--database-url", url, "seed-scale", "--cites", "4"])
        .args(["--participants", "400000", "--batch", "500"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Wait for the persons phase, then interrupt as Ctrl-C does.
    let started = std::time::Instant::now();
    // (the database and its tables may not exist yet)
    while try_count(url, "SELECT COUNT(*) FROM participants")
        .await
        .unwrap_or(0)
        == 0
    {
        assert!(started.elapsed().as_secs() < 120, "the load never started");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let killed = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let output = child.wait_with_output().unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("interrompu"), "{stderr}");
    let persons = count(url, "SELECT COUNT(*) FROM participants").await;
    assert!(
        persons > 0 && persons < 400_000 && persons % 500 == 0,
        "{persons}"
    );
    assert_eq!(
        count(url, "SELECT COUNT(*) FROM audit_log").await,
        2 * persons
    );
}
