//! The binary as a user runs it.

use std::io::Write;
use std::process::{Command, Stdio};

fn maillage() -> Command {
    Command::new(env!("CARGO_BIN_EXE_maillage"))
}

fn temp_db(name: &str) -> String {
    let path = std::env::temp_dir().join(format!("maillage-cli-{name}-{}.db", std::process::id()));
    let _ = std::fs::remove_file(&path);
    path.to_string_lossy().into_owned()
}

#[test]
fn both_backends_have_the_same_migrations() {
    let sqlite = maillage_store::migration_names(&maillage_store_sqlite::MIGRATOR);
    let postgres = maillage_store::migration_names(&maillage_store_postgres::MIGRATOR);
    assert!(!sqlite.is_empty());
    assert_eq!(sqlite, postgres);
}

#[test]
fn an_unopenable_database_is_a_one_line_french_error() {
    let output = maillage()
        .args([
            "--database-url",
            "/nonexistent-folder/sub/maillage.db",
            "migrate",
        ])
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.starts_with("Erreur : impossible d'ouvrir ou de migrer la base de données"),
        "{stderr}"
    );
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    assert!(!stderr.contains("panicked"));
}

#[test]
fn a_file_that_is_not_a_database_is_refused_cleanly() {
    let path = temp_db("garbage");
    std::fs::write(
        &path,
        b"ceci n'est pas une base SQLite, mais un fichier texte assez long pour tromper",
    )
    .unwrap();
    let output = maillage()
        .args(["--database-url", &path, "migrate"])
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).starts_with("Erreur : "));
}

#[test]
fn migrate_then_create_users_from_the_command_line() {
    let db = temp_db("users");
    let migrate = maillage()
        .args(["--database-url", &db, "migrate"])
        .output()
        .unwrap();
    assert!(
        migrate.status.success(),
        "{}",
        String::from_utf8_lossy(&migrate.stderr)
    );
    assert!(String::from_utf8_lossy(&migrate.stdout).contains("Base de données à jour (sqlite)"));

    let create = |args: &[&str], password: &str| {
        let command: Vec<&str> = ["user", "create"].iter().chain(args).copied().collect();
        run(&db, &command, password)
    };
    let national = [
        "--email",
        "anct@anct.gouv.fr",
        "--name",
        "Équipe ANCT",
        "--role",
        "national",
        "--password-stdin",
    ];
    let ok = create(&national, "correct cheval batterie\n");
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert!(String::from_utf8_lossy(&ok.stdout).contains("Compte créé : anct@anct.gouv.fr"));

    let again = create(&national, "correct cheval batterie\n");
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr)
        .contains("Un compte existe déjà avec cette adresse."));
    let short = create(
        &[
            "--email",
            "b@anct.gouv.fr",
            "--name",
            "B",
            "--role",
            "national",
            "--password-stdin",
        ],
        "court\n",
    );
    assert!(String::from_utf8_lossy(&short.stderr).contains("au moins 12 caractères"));
    let no_cite = create(
        &[
            "--email",
            "c@x.fr",
            "--name",
            "C",
            "--role",
            "pilote",
            "--password-stdin",
        ],
        "correct cheval batterie",
    );
    assert!(String::from_utf8_lossy(&no_cite.stderr).contains("--cite"));
    let unknown = create(
        &[
            "--email",
            "c@x.fr",
            "--name",
            "C",
            "--role",
            "pilote",
            "--cite",
            "atlantide",
            "--password-stdin",
        ],
        "correct cheval batterie",
    );
    assert!(
        String::from_utf8_lossy(&unknown.stderr).contains("aucune Cité n'a le code « atlantide »")
    );
    let _ = std::fs::remove_file(&db);
}

/// Runs the binary on `db` with `args`, `stdin` as its input.
fn run(db: &str, args: &[&str], stdin: &str) -> std::process::Output {
    let mut child = maillage()
        .args(["--database-url", db])
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn the_national_team_creates_and_archives_cites_from_the_command_line() {
    let db = temp_db("cites");
    let le_mans = |code: &'static str, communes: &'static str| {
        vec![
            "cite",
            "create",
            "--code",
            code,
            "--name",
            "Cité de l'emploi du Mans Métropole",
            "--departement",
            "72",
            "--epci",
            "247200132",
            "--communes",
            communes,
            "--label-year",
            "2021",
            "--co-pilots",
            "Préfecture de la Sarthe",
            "--coordinator-email",
            "nadia.benali@lemans.fr",
            "--coordinator-name",
            "Nadia Benali",
            "--password-stdin",
        ]
    };
    let password = "correct cheval batterie\n";
    let stderr =
        |output: &std::process::Output| String::from_utf8_lossy(&output.stderr).into_owned();

    let bad = run(
        &db,
        &le_mans("Le Mans", "Le Mans, Sablé-sur-Sarthe"),
        password,
    );
    assert_eq!(bad.status.code(), Some(2), "{}", stderr(&bad));
    assert!(stderr(&bad).contains("--code : Le code s'écrit en minuscules"));
    assert!(stderr(&bad).contains(
        "--communes : « Sablé-sur-Sarthe » n'est pas une commune de l'EPCI CU Le Mans Métropole"
    ));

    let created = run(&db, &le_mans("le-mans", "Le Mans, Allonnes"), password);
    assert!(created.status.success(), "{}", stderr(&created));
    assert!(String::from_utf8_lossy(&created.stdout)
        .contains("Cité créée : Cité de l'emploi du Mans Métropole (code le-mans"));
    let again = run(&db, &le_mans("le-mans", "Le Mans"), password);
    assert_eq!(again.status.code(), Some(2));
    assert!(stderr(&again).contains("--code : Une Cité porte déjà ce code."));
    let same_person = run(&db, &le_mans("sarthe", "Le Mans"), password);
    assert_eq!(same_person.status.code(), Some(2));
    assert!(stderr(&same_person)
        .contains("--coordinator-email : Un compte existe déjà avec cette adresse"));

    let archived = run(&db, &["cite", "archive", "--code", "le-mans"], "");
    assert!(archived.status.success(), "{}", stderr(&archived));
    let list = run(&db, &["cite", "list"], "");
    let list = String::from_utf8_lossy(&list.stdout);
    assert!(list.starts_with("le-mans\tCité de l'emploi du Mans Métropole\t72\t2021\tarchivée le "));
    let refused = run(
        &db,
        &[
            "user",
            "create",
            "--email",
            "pilote@sarthe.gouv.fr",
            "--name",
            "Paul",
            "--role",
            "pilote",
            "--cite",
            "le-mans",
            "--password-stdin",
        ],
        password,
    );
    assert!(!refused.status.success());
    assert!(stderr(&refused).contains("Cette Cité est archivée"));
    let unknown = run(&db, &["cite", "archive", "--code", "atlantide"], "");
    assert_eq!(unknown.status.code(), Some(2));
    assert!(stderr(&unknown).contains("aucune Cité n'a le code « atlantide »"));
    let restored = run(&db, &["cite", "restore", "--code", "le-mans"], "");
    assert!(restored.status.success());
    let list = run(&db, &["cite", "list"], "");
    assert_eq!(
        String::from_utf8_lossy(&list.stdout),
        "le-mans\tCité de l'emploi du Mans Métropole\t72\t2021\n"
    );
    let _ = std::fs::remove_file(&db);
}
