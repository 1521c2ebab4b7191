//! `maillage serve`: binds, prints the address, serves until Ctrl-C.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use anyhow::Context;
use maillage_store::Store;
use maillage_web::auth::proconnect::{ProConnect, ProConnectSettings};
use maillage_web::{AppState, Config};

#[derive(clap::Args)]
pub struct ServeArgs {
    /// Adresse d'écoute (port 0 : un port libre au hasard).
    #[arg(long, env = "MAILLAGE_BIND", default_value = "127.0.0.1:8080")]
    bind: SocketAddr,
    /// Servi en https (derrière un proxy TLS) : cookies Secure et __Host-, HSTS.
    #[arg(long, env = "MAILLAGE_HTTPS")]
    https: bool,
    /// Proxy de confiance dont l'en-tête X-Forwarded-For est cru (répétable).
    #[arg(
        long = "trusted-proxy",
        env = "MAILLAGE_TRUSTED_PROXIES",
        value_delimiter = ','
    )]
    trusted_proxies: Vec<IpAddr>,
    /// Adresse où servir /metrics (Prometheus) sans jeton, à réserver au
    /// réseau de supervision.
    #[arg(long, env = "MAILLAGE_METRICS_BIND")]
    metrics_bind: Option<SocketAddr>,
    /// Jeton (en-tête « Authorization: Bearer … ») qui ouvre /metrics sur
    /// l'adresse de l'application.
    #[arg(long, env = "MAILLAGE_METRICS_TOKEN", hide_env_values = true)]
    metrics_token: Option<String>,
    /// Serveur SMTP des courriels : smtp://utilisateur:mot-de-passe@hote:587?tls=required
    /// (STARTTLS) ; sans lui, aucun courriel ne part.
    #[arg(long, env = "MAILLAGE_SMTP_URL", hide_env_values = true)]
    smtp_url: Option<String>,
    /// Expéditeur des courriels.
    #[arg(
        long,
        env = "MAILLAGE_MAIL_FROM",
        default_value = "Maillage <ne-pas-repondre@maillage.invalid>"
    )]
    mail_from: String,
    /// Adresse publique de Maillage, pour les liens des courriels
    /// (par défaut http:// et l'adresse d'écoute).
    #[arg(long, env = "MAILLAGE_PUBLIC_URL")]
    public_url: Option<String>,
    /// Fournisseur ProConnect (issuer OpenID Connect), par exemple
    /// https://auth.agentconnect.gouv.fr/api/v2 ; sans lui, pas de ProConnect.
    #[arg(long, env = "MAILLAGE_PROCONNECT_ISSUER")]
    proconnect_issuer: Option<String>,
    /// Identifiant client de Maillage chez ProConnect.
    #[arg(long, env = "MAILLAGE_PROCONNECT_CLIENT_ID")]
    proconnect_client_id: Option<String>,
    /// Secret client de Maillage chez ProConnect.
    #[arg(
        long,
        env = "MAILLAGE_PROCONNECT_CLIENT_SECRET",
        hide_env_values = true
    )]
    proconnect_client_secret: Option<String>,
    /// Ferme la connexion par mot de passe : seul ProConnect connecte.
    #[arg(long, env = "MAILLAGE_NO_PASSWORD_SIGN_IN")]
    no_password_sign_in: bool,
}

impl ServeArgs {
    /// ProConnect's settings, all three or none.
    fn proconnect(&self) -> anyhow::Result<Option<ProConnectSettings>> {
        let given = |v: &Option<String>| v.clone().filter(|v| !v.is_empty());
        match (
            given(&self.proconnect_issuer),
            given(&self.proconnect_client_id),
            given(&self.proconnect_client_secret),
        ) {
            (None, None, None) => Ok(None),
            (Some(issuer), Some(client_id), Some(client_secret)) => Ok(Some(ProConnectSettings {
                issuer,
                client_id,
                client_secret,
            })),
            _ => anyhow::bail!(
                "ProConnect demande ses trois réglages : MAILLAGE_PROCONNECT_ISSUER, \
                 MAILLAGE_PROCONNECT_CLIENT_ID et MAILLAGE_PROCONNECT_CLIENT_SECRET"
            ),
        }
    }
}

pub async fn serve(store: Arc<dyn Store>, args: ServeArgs) -> anyhow::Result<()> {
    let smtp = args.smtp_url.as_deref().filter(|u| !u.is_empty());
    if smtp.is_some() && args.public_url.is_none() {
        anyhow::bail!(
            "--public-url (MAILLAGE_PUBLIC_URL) est nécessaire avec un serveur SMTP : \
             les liens des courriels doivent mener à l'adresse publique de Maillage"
        );
    }
    let proconnect = args.proconnect()?;
    if proconnect.is_some() && args.public_url.is_none() {
        anyhow::bail!(
            "--public-url (MAILLAGE_PUBLIC_URL) est nécessaire avec ProConnect : \
             c'est à cette adresse que ProConnect renvoie après la connexion"
        );
    }
    if proconnect.is_none() && args.no_password_sign_in {
        anyhow::bail!("--no-password-sign-in sans ProConnect ne laisserait personne se connecter");
    }
    let mailer = match smtp {
        Some(url) => Some(
            maillage_web::mail::Mailer::new(url, &args.mail_from).map_err(anyhow::Error::msg)?,
        ),
        None => None,
    };
    let listener = tokio::net::TcpListener::bind(args.bind)
        .await
        .with_context(|| format!("impossible d'écouter sur {}", args.bind))?;
    let address = listener.local_addr()?;
    let config = Config {
        https: args.https,
        trusted_proxies: args.trusted_proxies,
        metrics_token: args.metrics_token.filter(|t| !t.is_empty()),
        mail_enabled: mailer.is_some(),
        public_url: args
            .public_url
            .unwrap_or_else(|| format!("http://{address}")),
        password_sign_in_disabled: args.no_password_sign_in,
        ..Config::default()
    };
    let public_url = config.public_url.clone();
    let mut state = AppState::new(store.clone(), config);
    if let Some(settings) = proconnect {
        let proconnect = ProConnect::new(settings, &public_url).map_err(anyhow::Error::msg)?;
        state = state.with_proconnect(proconnect);
    }
    if let Some(mailer) = mailer {
        tokio::spawn(maillage_web::mail::send_forever(state.clone(), mailer));
    }
    println!(
        "Maillage écoute sur http://{address} (base {})",
        store.backend()
    );
    if let Some(bind) = args.metrics_bind {
        let listener = tokio::net::TcpListener::bind(bind)
            .await
            .with_context(|| format!("impossible d'écouter sur {bind}"))?;
        println!("Métriques sur http://{}/metrics", listener.local_addr()?);
        let metrics = maillage_web::metrics::router(state.clone());
        tokio::spawn(async move { axum::serve(listener, metrics).await });
    }
    let purge_state = state.clone();
    tokio::spawn(async move { maillage_web::purge_sessions_forever(purge_state).await });
    axum::serve(
        listener,
        maillage_web::router(state).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await?;
    Ok(())
}
