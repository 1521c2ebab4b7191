//! `maillage`: the one binary. Serves the web application, loads the demo
//! territory, migrates, and administers accounts.

mod bench_ceiling;
mod cite;
mod demo;
mod demo_actions;
mod demo_agreements;
mod demo_angers_call;
mod demo_barriers;
mod demo_calls;
mod demo_case_review;
mod demo_cohort;
mod demo_documents;
mod demo_fiches;
mod demo_funding;
mod demo_governance;
mod demo_grenoble;
mod demo_instruction;
mod demo_network;
mod demo_network_life;
mod demo_next_call;
mod demo_results;
mod demo_trend;
mod seed_scale;
mod serve;
mod token;

use std::io::Read;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{bail, Context};
use clap::{Parser, Subcommand};
use maillage_domain::accounts::{check_password, Email, Role};
use maillage_domain::ids::PartnerId;
use maillage_store::accounts::{NewAccount, NewMembership};
use maillage_store::{Actor, SeedStore, Store};
use maillage_store_postgres::PgStore;
use maillage_store_sqlite::SqliteStore;

// glibc's allocator took a sixth of the server's CPU under load (arenas
// contended by the runtime's and SQLite's threads); mimalloc keeps
// per-thread free lists.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "maillage",
    version,
    about = "Maillage : la plateforme des Cités de l'emploi"
)]
struct Cli {
    /// Base de données : chemin d'un fichier SQLite, ou URL postgres://…
    #[arg(long, env = "MAILLAGE_DATABASE_URL", global = true)]
    database_url: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Démarre le serveur web.
    Serve(serve::ServeArgs),
    /// Crée la base de démonstration si elle est absente, puis démarre le serveur.
    Demo(serve::ServeArgs),
    /// Applique les migrations à la base de données.
    Migrate,
    /// Remplit une base vide d'un jeu de données national reproductible.
    SeedScale(seed_scale::SeedScaleArgs),
    /// Sert une page fixe sans base (plafond des mesures de bench/).
    BenchCeiling(bench_ceiling::CeilingArgs),
    /// Crée, archive, réactive et liste les Cités (équipe nationale).
    Cite {
        #[command(subcommand)]
        command: cite::CiteCommand,
    },
    /// Gère les comptes.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Crée un compte ; le mot de passe est lu sur l'entrée standard.
    Create(CreateUserArgs),
    /// Crée un jeton d'accès à l'API pour un compte et l'affiche (une seule fois).
    Token(token::TokenArgs),
}

#[derive(clap::Args)]
struct CreateUserArgs {
    #[arg(long)]
    email: String,
    #[arg(long)]
    name: String,
    /// national, pilote, coordinateur, referent ou porteur
    #[arg(long)]
    role: String,
    /// Code de la Cité (obligatoire sauf pour le rôle national)
    #[arg(long)]
    cite: Option<String>,
    /// Identifiant du partenaire (référent, porteur)
    #[arg(long)]
    partner: Option<PartnerId>,
    /// Lit le mot de passe sur l'entrée standard (obligatoire).
    #[arg(long)]
    password_stdin: bool,
}

pub const DEFAULT_DATABASE: &str = "maillage.db";

/// A backend opened (and migrated), before the caller picks the trait it uses.
enum Opened {
    Postgres(PgStore),
    Sqlite(SqliteStore),
}

impl Opened {
    /// Opens the store named by `url`: PostgreSQL for `postgres://` URLs,
    /// SQLite otherwise.
    async fn open(url: &str) -> anyhow::Result<Opened> {
        Ok(
            if url.starts_with("postgres://") || url.starts_with("postgresql://") {
                Opened::Postgres(PgStore::open(url).await?)
            } else {
                Opened::Sqlite(SqliteStore::open(url).await?)
            },
        )
    }

    fn into_store(self) -> Arc<dyn Store> {
        match self {
            Opened::Postgres(store) => Arc::new(store),
            Opened::Sqlite(store) => Arc::new(store),
        }
    }

    /// Only `seed-scale` loads rows past the application's rules.
    fn into_seed_store(self) -> Arc<dyn SeedStore> {
        match self {
            Opened::Postgres(store) => Arc::new(store),
            Opened::Sqlite(store) => Arc::new(store),
        }
    }
}

/// Hides the password of a database URL in messages.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            format!("{}://…@{}", &url[..scheme], &url[at + 1..])
        }
        _ => url.to_owned(),
    }
}

async fn open_named(url: &str) -> anyhow::Result<Opened> {
    Opened::open(url).await.with_context(|| {
        format!(
            "impossible d'ouvrir ou de migrer la base de données « {} »",
            redact(url)
        )
    })
}

async fn create_user(database: &str, args: CreateUserArgs) -> anyhow::Result<()> {
    let CreateUserArgs {
        email,
        name,
        role,
        cite,
        partner,
        password_stdin,
    } = args;
    let email = Email::parse(&email).map_err(|e| anyhow::anyhow!("adresse électronique : {e}"))?;
    let role = Role::parse(&role)
        .context("rôle inconnu : national, pilote, coordinateur, referent ou porteur")?;
    if !password_stdin {
        bail!("indiquez --password-stdin et donnez le mot de passe sur l'entrée standard");
    }
    let mut password = String::new();
    std::io::stdin()
        .read_to_string(&mut password)
        .context("lecture du mot de passe")?;
    let password = password.trim_end_matches(['\n', '\r']).to_owned();
    check_password(&password).map_err(|e| anyhow::anyhow!(e))?;
    let store = open_named(database).await?.into_store();
    let membership = match (role, cite) {
        (Role::National, None) => None,
        (Role::National, Some(_)) => {
            bail!("un compte national n'est rattaché à aucune Cité : retirez --cite")
        }
        (_, None) => bail!("indiquez la Cité du compte avec --cite CODE"),
        (role, Some(code)) => {
            let cite_id = store
                .cite_id_by_code(&code)
                .await?
                .with_context(|| format!("aucune Cité n'a le code « {code} »"))?;
            if role.needs_partner() && partner.is_none() {
                bail!("un référent ou un porteur est rattaché à un partenaire : indiquez --partner ID");
            }
            Some(NewMembership {
                cite_id,
                role,
                partner_id: partner.filter(|_| role.needs_partner()),
            })
        }
    };
    let account = NewAccount {
        email: email.as_str().to_owned(),
        name: name.trim().to_owned(),
        password_hash: maillage_web::auth::password::hash(password).await,
        membership,
    };
    let id = store
        .create_account(&Actor::system(chrono::Utc::now()), account)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    println!(
        "Compte créé : {} (n° {id}, rôle {})",
        email.as_str(),
        role.code()
    );
    Ok(())
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Serve(args) => {
            let database = cli
                .database_url
                .unwrap_or_else(|| DEFAULT_DATABASE.to_owned());
            serve::serve(open_named(&database).await?.into_store(), args).await
        }
        Command::Demo(args) => {
            let database = cli
                .database_url
                .unwrap_or_else(|| demo::DEMO_DATABASE.to_owned());
            let store = open_named(&database).await?.into_store();
            demo::load_if_empty(store.as_ref()).await?;
            print!("{}", demo::accounts_text());
            serve::serve(store, args).await
        }
        Command::Migrate => {
            let database = cli
                .database_url
                .unwrap_or_else(|| DEFAULT_DATABASE.to_owned());
            let store = open_named(&database).await?.into_store();
            println!("Base de données à jour ({}).", store.backend());
            Ok(())
        }
        Command::SeedScale(args) => {
            let database = cli
                .database_url
                .unwrap_or_else(|| DEFAULT_DATABASE.to_owned());
            seed_scale::run(open_named(&database).await?.into_seed_store(), args).await
        }
        Command::BenchCeiling(args) => bench_ceiling::serve(args).await,
        Command::Cite { command } => {
            let database = cli
                .database_url
                .unwrap_or_else(|| DEFAULT_DATABASE.to_owned());
            cite::run(open_named(&database).await?.into_store().as_ref(), command).await
        }
        Command::User { command } => {
            let database = cli
                .database_url
                .unwrap_or_else(|| DEFAULT_DATABASE.to_owned());
            match command {
                UserCommand::Token(args) => {
                    let store = open_named(&database).await?.into_store();
                    token::create(&*store, args).await
                }
                UserCommand::Create(args) => create_user(&database, args).await,
            }
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("MAILLAGE_LOG")
                .unwrap_or_else(|_| "info,sqlx=warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("Erreur : impossible de démarrer : {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("Erreur : {error:#}");
            // Bad input, like clap's own usage errors, is code 2.
            if error.downcast_ref::<cite::BadInput>().is_some() {
                ExitCode::from(2)
            } else {
                ExitCode::FAILURE
            }
        }
    }
}
