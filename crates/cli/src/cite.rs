//! `maillage cite create | archive | restore | list`: the national team's
//! labelling of Cités from the command line, with the web form's rules
//! (`maillage_domain::cites::NewCiteInput`) and messages.

use std::io::Read;

use anyhow::Context;
use clap::Subcommand;
use maillage_domain::accounts::check_password;
use maillage_domain::cites::NewCiteInput;
use maillage_domain::ids::{CiteId, UserId};
use maillage_domain::{FieldErrors, Scope};
use maillage_store::{Actor, Store};

#[derive(Subcommand)]
pub enum CiteCommand {
    /// Crée une Cité labellisée avec le compte de sa première coordination ;
    /// le mot de passe de ce compte est lu sur l'entrée standard.
    Create(CreateArgs),
    /// Archive une Cité : ses membres n'y travaillent plus, ses données sont gardées.
    Archive {
        #[arg(long)]
        code: String,
    },
    /// Réactive une Cité archivée.
    Restore {
        #[arg(long)]
        code: String,
    },
    /// Liste les Cités, actives puis archivées.
    List,
}

#[derive(clap::Args)]
pub struct CreateArgs {
    /// Code court et unique : minuscules, chiffres et tirets (le-mans)
    #[arg(long)]
    code: String,
    #[arg(long)]
    name: String,
    /// Code du département (72, 2A, 974)
    #[arg(long)]
    departement: String,
    /// Numéro SIREN ou nom exact de l'EPCI
    #[arg(long, default_value = "")]
    epci: String,
    /// Communes, par nom ou code INSEE, séparées par des virgules
    #[arg(long)]
    communes: String,
    /// Année de la vague de labellisation (2020 à l'an prochain)
    #[arg(long)]
    label_year: String,
    #[arg(long, default_value = "")]
    co_pilots: String,
    #[arg(long)]
    coordinator_email: String,
    #[arg(long)]
    coordinator_name: String,
    /// Lit le mot de passe de la coordination sur l'entrée standard (obligatoire).
    #[arg(long)]
    password_stdin: bool,
}

/// Input refused before anything is written: the binary exits with code 2.
#[derive(Debug)]
pub struct BadInput(pub String);

impl std::fmt::Display for BadInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BadInput {}

fn bad(message: impl Into<String>) -> anyhow::Error {
    BadInput(message.into()).into()
}

/// The form's errors, one line per field, named by its option.
fn field_lines(errors: &FieldErrors) -> String {
    errors
        .iter()
        .map(|(field, message)| format!("--{} : {message}", field.replace('_', "-")))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The operator of the binary acts as the national team; the audit log
/// names them « Maillage (ligne de commande) » (`Actor::system`).
fn operator() -> Scope {
    Scope::National {
        user_id: UserId::new(0),
    }
}

async fn cite_by_code(store: &dyn Store, code: &str) -> anyhow::Result<CiteId> {
    store
        .cite_id_by_code(code)
        .await?
        .ok_or_else(|| bad(format!("aucune Cité n'a le code « {code} »")))
}

async fn set_archived(
    store: &dyn Store,
    actor: &Actor,
    code: &str,
    archived: bool,
) -> anyhow::Result<()> {
    let cite_id = cite_by_code(store, code).await?;
    store
        .set_cite_archived(actor, &operator(), cite_id, archived)
        .await?;
    let done = if archived { "archivée" } else { "réactivée" };
    println!("Cité {done} : {code}");
    Ok(())
}

pub async fn run(store: &dyn Store, command: CiteCommand) -> anyhow::Result<()> {
    let actor = Actor::system(chrono::Utc::now());
    match command {
        CiteCommand::Create(args) => {
            let input = NewCiteInput {
                code: args.code,
                name: args.name,
                departement: args.departement,
                epci: args.epci,
                communes: args.communes,
                label_year: args.label_year,
                co_pilots: args.co_pilots,
                coordinator_name: args.coordinator_name,
                coordinator_email: args.coordinator_email,
            };
            let cite = input
                .validate(actor.today())
                .map_err(|errors| bad(field_lines(&errors)))?;
            if !args.password_stdin {
                return Err(bad(
                    "indiquez --password-stdin et donnez le mot de passe sur l'entrée standard",
                ));
            }
            let mut password = String::new();
            std::io::stdin()
                .read_to_string(&mut password)
                .context("lecture du mot de passe")?;
            let password = password.trim_end_matches(['\n', '\r']).to_owned();
            check_password(&password).map_err(bad)?;
            let hash = maillage_web::auth::password::hash(password).await;
            let (cite_id, _) = store
                .label_cite(&actor, &operator(), &cite, &hash)
                .await
                .map_err(|error| match error {
                    maillage_store::StoreError::Conflict { field, message }
                    | maillage_store::StoreError::Invalid { field, message } => {
                        bad(format!("--{} : {message}", field.replace('_', "-")))
                    }
                    other => other.into(),
                })?;
            println!(
                "Cité créée : {} (code {}, n° {cite_id}) ; coordination : {}",
                cite.profile.name,
                cite.code,
                cite.coordinator_email.as_str()
            );
        }
        CiteCommand::Archive { code } => set_archived(store, &actor, &code, true).await?,
        CiteCommand::Restore { code } => set_archived(store, &actor, &code, false).await?,
        CiteCommand::List => {
            let cites = store.cite_summaries(&operator()).await?;
            let (archived, active): (Vec<_>, Vec<_>) =
                cites.into_iter().partition(|c| c.archived_at.is_some());
            for c in active {
                println!(
                    "{}\t{}\t{}\t{}",
                    c.code, c.name, c.departement, c.label_year
                );
            }
            for c in archived {
                let day = c
                    .archived_at
                    .map(|at| maillage_domain::time::paris_date(at).format("%d/%m/%Y"))
                    .map(|d| d.to_string())
                    .unwrap_or_default();
                println!(
                    "{}\t{}\t{}\t{}\tarchivée le {day}",
                    c.code, c.name, c.departement, c.label_year
                );
            }
        }
    }
    Ok(())
}
