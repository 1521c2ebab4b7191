//! `maillage user token`: a personal access token for the API, made from
//! the command line (for a partner's tool set up by an administrator, or
//! the tests' API fuzzing); printed once on standard output.

use anyhow::{bail, Context};
use maillage_domain::api_tokens::TokenInput;
use maillage_store::{Actor, Store};

#[derive(clap::Args)]
pub struct TokenArgs {
    /// Le compte titulaire du jeton.
    #[arg(long)]
    email: String,
    /// Le nom du jeton (l'outil qui s'en servira).
    #[arg(long)]
    name: String,
    /// Code de la Cité où le jeton agit (sauf compte national).
    #[arg(long)]
    cite: Option<String>,
    /// Lecture et écriture (lecture seule sinon).
    #[arg(long)]
    write: bool,
    /// Durée : 30, 90 ou 365 jours.
    #[arg(long, default_value = "90")]
    days: String,
}

pub async fn create(store: &dyn Store, args: TokenArgs) -> anyhow::Result<()> {
    let input = TokenInput {
        name: args.name,
        access: if args.write { "ecriture" } else { "lecture" }.to_owned(),
        lifetime: args.days,
    };
    let draft = input.validate().map_err(|errors| {
        let messages: Vec<String> = errors.iter().map(|(_, m)| m.to_owned()).collect();
        anyhow::anyhow!(messages.join(" "))
    })?;
    let email = args.email.trim().to_lowercase();
    let account = store
        .credentials(&email)
        .await?
        .filter(|c| c.active)
        .with_context(|| format!("aucun compte actif n'a l'adresse « {email} »"))?;
    let cite_id = match (account.national, args.cite) {
        (true, None) => None,
        (true, Some(_)) => bail!("un compte national n'agit dans aucune Cité : retirez --cite"),
        (false, None) => bail!("indiquez la Cité où le jeton agit avec --cite CODE"),
        (false, Some(code)) => {
            let cite_id = store
                .cite_id_by_code(&code)
                .await?
                .with_context(|| format!("aucune Cité n'a le code « {code} »"))?;
            let member = store
                .memberships(account.user_id)
                .await?
                .iter()
                .any(|m| m.cite_id == cite_id);
            if !member {
                bail!("« {email} » n'est pas membre de la Cité « {code} »");
            }
            Some(cite_id)
        }
    };
    let now = chrono::Utc::now();
    let (secret, token) = maillage_web::api::auth::mint(account.user_id, cite_id, &draft, now);
    store.create_api_token(&Actor::system(now), &token).await?;
    println!("{secret}");
    Ok(())
}
