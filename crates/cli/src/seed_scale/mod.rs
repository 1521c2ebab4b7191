//! `maillage seed-scale`: fills an empty database with a reproducible
//! national dataset (Cités, QPVs, partners, accounts, cohorts, persons with
//! barriers, steps, outcomes and audit rows) through the store's bulk path.
//!
//! Each batch is one transaction. Ctrl-C or SIGTERM stops the load between
//! two batches; a killed process loses only its open transaction.

mod people;
mod territory;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Instant;

use anyhow::bail;
use chrono::{DateTime, NaiveDate, Utc};
use indicatif::{ProgressBar, ProgressStyle};
use maillage_store::SeedStore;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

#[derive(clap::Args)]
pub struct SeedScaleArgs {
    /// Nombre de Cités.
    #[arg(long, default_value_t = 100)]
    cites: usize,
    /// Nombre de personnes accompagnées, réparties entre les Cités.
    #[arg(long, default_value_t = 500_000)]
    participants: usize,
    /// Graine du générateur : même graine, même jeu de données.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Remplit la base même si elle contient déjà des données.
    #[arg(long)]
    force: bool,
    /// Personnes par transaction.
    #[arg(long, default_value_t = 1_000)]
    batch: usize,
}

/// The day the dataset is generated for: fixed, so a seed always gives the
/// same rows.
pub fn reference_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 30).unwrap_or_default()
}

/// A date as a timestamp, at 9:00 UTC.
pub fn at(date: NaiveDate) -> DateTime<Utc> {
    date.and_hms_opt(9, 0, 0).unwrap_or_default().and_utc()
}

/// Set when Ctrl-C or SIGTERM arrives: the load stops after the batch in flight.
fn stop_on_signal() -> Arc<AtomicBool> {
    let stop = Arc::new(AtomicBool::new(false));
    let flag = stop.clone();
    tokio::spawn(async move {
        let terminate = async {
            #[cfg(unix)]
            if let Ok(mut signal) =
                tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
            {
                signal.recv().await;
                return;
            }
            std::future::pending::<()>().await;
        };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            () = terminate => {}
        }
        eprintln!("\nInterruption demandée : arrêt à la fin du lot en cours…");
        flag.store(true, Ordering::SeqCst);
    });
    stop
}

fn check(args: &SeedScaleArgs) -> anyhow::Result<()> {
    if args.cites == 0 || args.cites > 10_000 {
        bail!("--cites : indiquez un nombre de Cités entre 1 et 10 000");
    }
    if args.participants > 50_000_000 {
        bail!("--participants : 50 000 000 personnes au plus");
    }
    if args.batch == 0 || args.batch > 20_000 {
        bail!("--batch : entre 1 et 20 000 personnes par transaction");
    }
    Ok(())
}

pub async fn run(store: Arc<dyn SeedStore>, args: SeedScaleArgs) -> anyhow::Result<()> {
    check(&args)?;
    if !store.is_empty().await? && !args.force {
        bail!(
            "la base de données n'est pas vide : seed-scale remplit une base neuve. \
             Ajoutez --force pour ajouter quand même un jeu de données (avec une autre --seed)"
        );
    }
    let stop = stop_on_signal();
    let started = Instant::now();
    let hash = maillage_web::auth::password::hash(territory::PASSWORD.to_owned()).await;
    let mut rng = ChaCha8Rng::seed_from_u64(args.seed);
    println!(
        "Territoire : {} Cités, leurs QPV, partenaires, comptes et cohortes…",
        args.cites
    );
    let cites = territory::load(store.as_ref(), &mut rng, args.seed, args.cites, &hash).await?;
    let bar = ProgressBar::new(args.participants as u64);
    bar.set_style(
        ProgressStyle::with_template(
            "{elapsed_precise} [{bar:40}] {human_pos}/{human_len} personnes ({per_sec}, reste {eta})",
        )?
        .progress_chars("=> "),
    );
    let mut done = 0;
    while done < args.participants {
        if stop.load(Ordering::SeqCst) {
            bar.abandon();
            bail!(
                "interrompu : {done} personnes enregistrées, en lots complets (aucun lot à moitié écrit)"
            );
        }
        let count = args.batch.min(args.participants - done);
        let (rows, children) = people::batch(&cites, args.seed, args.participants, done, count);
        store.seed_batch(rows, children).await?;
        done += count;
        bar.set_position(done as u64);
    }
    bar.finish();
    store.analyze().await?;
    let elapsed = started.elapsed();
    println!(
        "Jeu de données chargé en {:.1} s ({}) : {} Cités, {} personnes.",
        elapsed.as_secs_f64(),
        store.backend(),
        args.cites,
        args.participants
    );
    let first = territory::cite_code(args.seed, 0);
    println!(
        "Comptes (mot de passe « {} ») : national.s{}@seed.maillage.fr, coordination.{first}@seed.maillage.fr, \
         pilote1.{first}@seed.maillage.fr, referent1-1.{first}@seed.maillage.fr…",
        territory::PASSWORD,
        args.seed
    );
    Ok(())
}
