//! `maillage bench-ceiling`: a bare axum handler returning a fixed page,
//! served by the same binary, the physical limit every page is compared to
//! in the benchmarks (bench/).

use std::net::SocketAddr;

use anyhow::Context;
use axum::response::Html;
use axum::routing::get;
use axum::Router;

#[derive(clap::Args)]
pub struct CeilingArgs {
    /// Adresse d'écoute.
    #[arg(long, default_value = "127.0.0.1:8099")]
    bind: SocketAddr,
    /// Taille de la page renvoyée, en octets (celle d'un dossier, environ).
    #[arg(long, default_value_t = 24_000)]
    bytes: usize,
}

pub async fn serve(args: CeilingArgs) -> anyhow::Result<()> {
    let line = "<p>Maillage : page fixe de mesure du plafond.</p>\n";
    let page: &'static str = Box::leak(
        format!(
            "<!doctype html><html lang=\"fr\"><body>{}</body></html>",
            line.repeat(args.bytes / line.len() + 1)
        )
        .into_boxed_str(),
    );
    let app = Router::new().route("/", get(move || async move { Html(page) }));
    let listener = tokio::net::TcpListener::bind(args.bind)
        .await
        .with_context(|| format!("impossible d'écouter sur {}", args.bind))?;
    println!("Plafond : page fixe sur http://{}", listener.local_addr()?);
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}
