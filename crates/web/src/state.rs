//! What every handler shares: the store, the configuration and the clock.

use std::net::IpAddr;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, Utc};
use maillage_domain::accounts::{SessionPolicy, ThrottlePolicy};
use maillage_store::Store;

use crate::auth::proconnect::ProConnect;
use crate::metrics::Metrics;
use crate::reference::ReferenceCache;
use crate::routes::indicators::NetworkCache;

/// Settings of the web layer (flags, `MAILLAGE_*` variables or `maillage.toml`
/// are turned into this by the CLI).
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// Served over https: cookies get `Secure` and the `__Host-` prefix, HSTS is sent.
    pub https: bool,
    /// Reverse proxies whose `X-Forwarded-For` is believed; nobody else's is.
    pub trusted_proxies: Vec<IpAddr>,
    pub sessions: SessionPolicy,
    pub throttle: ThrottlePolicy,
    /// The bearer token `/metrics` asks on the application's own address;
    /// `None`: not served there.
    pub metrics_token: Option<String>,
    /// Whether messages leave (an SMTP server is configured): without it,
    /// nothing offers to send a link.
    pub mail_enabled: bool,
    /// The address the application is reached at, for the links messages
    /// carry (`https://maillage.exemple.fr`).
    pub public_url: String,
    /// Only ProConnect signs in (`--no-password-sign-in`): no password form,
    /// no link to choose one.
    pub password_sign_in_disabled: bool,
}

/// The time, behind a trait so that tests can move it (session timeouts).
pub trait Clock: Send + Sync + 'static {
    fn now(&self) -> DateTime<Utc>;
}

pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that stands still until told to move.
#[derive(Debug)]
pub struct ManualClock(Mutex<DateTime<Utc>>);

impl ManualClock {
    pub fn new(start: DateTime<Utc>) -> Self {
        ManualClock(Mutex::new(start))
    }

    pub fn advance(&self, by: Duration) {
        let mut now = self.0.lock().unwrap_or_else(|e| e.into_inner());
        *now += by;
    }
}

impl Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    pub config: Arc<Config>,
    pub clock: Arc<dyn Clock>,
    /// Each Cité's partners, accounts, services and actions.
    pub reference: Arc<ReferenceCache>,
    pub metrics: Arc<Metrics>,
    /// Woken when a page queues a message, so that it leaves at once.
    pub mail_queued: Arc<tokio::sync::Notify>,
    /// The network's indicators, counted at most every ten minutes.
    pub network_measures: Arc<NetworkCache>,
    /// ProConnect sign-in, when the deployment has it.
    pub proconnect: Option<Arc<ProConnect>>,
}

impl AppState {
    pub fn new(store: Arc<dyn Store>, config: Config) -> Self {
        AppState {
            store,
            config: Arc::new(config),
            clock: Arc::new(SystemClock),
            reference: Arc::default(),
            metrics: Arc::default(),
            mail_queued: Arc::default(),
            network_measures: Arc::default(),
            proconnect: None,
        }
    }

    pub fn with_proconnect(mut self, proconnect: ProConnect) -> Self {
        self.proconnect = Some(Arc::new(proconnect));
        self
    }

    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// Today in Paris, the date every rule reads.
    pub fn today(&self) -> chrono::NaiveDate {
        maillage_domain::time::paris_date(self.now())
    }
}
