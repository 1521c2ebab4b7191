//! `TestApp`: the real router on a fresh database of either backend, with a
//! user of each role in the two Cités of the store's conformance `Fixture`
//! (crates.io's pattern), and a `Client` that keeps cookies and the page's
//! CSRF token like a browser.

#![allow(dead_code)]

pub mod actions;
pub mod files;
pub mod governance;
pub mod oidc;
pub mod outline;
pub mod people;
pub mod smtp;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use chrono::Utc;
use http_body_util::BodyExt;
use maillage_domain::accounts::Role;
use maillage_domain::ids::{CiteId, PartnerId};
use maillage_domain::partners::PartnerInput;
use maillage_store::accounts::NewMembership;
use maillage_store::conformance::{account_with_password, partner_input, Fixture};
use maillage_store::{Actor, Store};
use maillage_web::{AppState, Config, ManualClock};
use tokio::sync::OnceCell;

pub const PASSWORD: &str = "correct cheval batterie";

/// Hashing costs tens of milliseconds: done once for every test user.
pub async fn password_hash() -> String {
    static HASH: OnceCell<String> = OnceCell::const_new();
    HASH.get_or_init(|| maillage_web::auth::password::hash(PASSWORD.to_owned()))
        .await
        .clone()
}

/// Text from Rust as askama escapes it in the page (template text stays as
/// written).
pub fn html(text: &str) -> String {
    text.replace('\'', "&#39;")
}

/// Cité, role and partner of a test user.
type Membership = (CiteId, Role, Option<PartnerId>);

#[derive(Clone, Copy, Debug)]
pub enum Backend {
    Sqlite,
    Postgres,
}

pub struct TestApp {
    pub router: Router,
    pub store: Arc<dyn Store>,
    pub clock: Arc<ManualClock>,
    pub angers: CiteId,
    pub vaulx: CiteId,
    /// Partner of Angers the référent and porteur belong to.
    pub angers_partner: PartnerId,
    pub vaulx_partner: PartnerId,
}

async fn open(backend: Backend) -> Arc<dyn Store> {
    match backend {
        Backend::Sqlite => {
            let path = std::env::temp_dir()
                .join(format!("maillage-web-{}.db", uuid::Uuid::new_v4().simple()));
            Arc::new(
                maillage_store_sqlite::SqliteStore::open(path.to_str().unwrap())
                    .await
                    .unwrap(),
            )
        }
        Backend::Postgres => {
            let url = maillage_store::conformance::postgres_test_url();
            let schema = format!("w_{}", uuid::Uuid::new_v4().simple());
            Arc::new(
                maillage_store_postgres::PgStore::open_in_schema(&url, &schema)
                    .await
                    .expect("PostgreSQL injoignable"),
            )
        }
    }
}

/// A partner of `cite_id` in the missions locales' network.
async fn mission_locale(store: &dyn Store, cite_id: CiteId, name: &str) -> PartnerId {
    let input = PartnerInput {
        network: "mission-locale".into(),
        ..partner_input(name)
    };
    store
        .create_partner_in(
            &Actor::system(Utc::now()),
            cite_id,
            &input.validate().unwrap(),
        )
        .await
        .unwrap()
}

impl TestApp {
    /// Fails when the backend is not configured (PostgreSQL without
    /// `MAILLAGE_TEST_POSTGRES_URL`): `both_backends!` ignores those cases.
    pub async fn new(backend: Backend) -> TestApp {
        let store = open(backend).await;
        let hash = password_hash().await;
        let Fixture { angers, vaulx, .. } = Fixture::with_password(&*store, &hash).await;
        let actor = Actor::system(chrono::Utc::now());
        let angers_partner = mission_locale(&*store, angers, "Mission locale angevine").await;
        let vaulx_partner = mission_locale(&*store, vaulx, "Mission locale de Vaulx").await;
        // The coordinators are the fixture's.
        let users: [(&str, Option<Membership>); 6] = [
            ("national@anct.gouv.fr", None),
            ("pilote@angers.fr", Some((angers, Role::Pilote, None))),
            (
                "referent@angers.fr",
                Some((angers, Role::Referent, Some(angers_partner))),
            ),
            (
                "porteur@angers.fr",
                Some((angers, Role::Porteur, Some(angers_partner))),
            ),
            (
                "referent@vaulx.fr",
                Some((vaulx, Role::Referent, Some(vaulx_partner))),
            ),
            ("multi@prefecture.fr", Some((angers, Role::Pilote, None))),
        ];
        for (email, membership) in users {
            let membership = membership.map(|(cite_id, role, partner_id)| NewMembership {
                cite_id,
                role,
                partner_id,
            });
            let account = account_with_password(email, membership, &hash);
            let id = store.create_account(&actor, account).await.unwrap();
            if email == "multi@prefecture.fr" {
                let second = NewMembership {
                    cite_id: vaulx,
                    role: Role::Pilote,
                    partner_id: None,
                };
                store.add_membership(&actor, id, second).await.unwrap();
            }
        }
        let clock = Arc::new(ManualClock::new(Utc::now()));
        let state = AppState::new(store.clone(), Config::default()).with_clock(clock.clone());
        TestApp {
            router: maillage_web::router(state),
            store,
            clock,
            angers,
            vaulx,
            angers_partner,
            vaulx_partner,
        }
    }

    pub fn client(&self) -> Client {
        Client {
            router: self.router.clone(),
            cookies: Vec::new(),
            csrf: String::new(),
            ip: [198, 51, 100, 7],
        }
    }

    /// `client`'s session on a second server process over the same
    /// database: its own `AppState` and caches.
    pub fn other_process(&self, client: &Client) -> Client {
        Client {
            cookies: client.cookies.clone(),
            csrf: client.csrf.clone(),
            ..self.configured(Config::default())
        }
    }

    /// `client`'s session on a server process started with `config`.
    pub fn other_process_with(&self, client: &Client, config: Config) -> Client {
        Client {
            cookies: client.cookies.clone(),
            csrf: client.csrf.clone(),
            ..self.configured(config)
        }
    }

    /// A client of a server process over the same database started with
    /// `config`.
    pub fn configured(&self, config: Config) -> Client {
        self.client_of(self.state(config))
    }

    /// The state of a server process over the same database and clock.
    pub fn state(&self, config: Config) -> AppState {
        AppState::new(self.store.clone(), config).with_clock(self.clock.clone())
    }

    /// A client of the server process of `state`.
    pub fn client_of(&self, state: AppState) -> Client {
        Client {
            router: maillage_web::router(state),
            ..self.client()
        }
    }

    /// A client already signed in as `email`.
    pub async fn signed_in(&self, email: &str) -> Client {
        let mut client = self.client();
        let response = client.sign_in(email, PASSWORD).await;
        assert_eq!(
            response.status,
            StatusCode::SEE_OTHER,
            "sign-in of {email} failed: {}",
            response.body
        );
        client.get("/").await;
        client
    }
}

pub struct TestResponse {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
    /// The body as sent: files that are not text.
    pub bytes: Vec<u8>,
}

impl TestResponse {
    pub fn location(&self) -> &str {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
}

/// The 404 page, the same for an id that does not exist and for one the
/// user may not see: every call compares with the one snapshot.
#[track_caller]
pub fn assert_not_found(response: &TestResponse) {
    assert_eq!(response.status, StatusCode::NOT_FOUND);
    insta::allow_duplicates! {
        insta::assert_snapshot!(outline::outline(&response.body), @"
        # Page introuvable
        Erreur 404
        La page que vous cherchez n'existe pas, ou vous n'y avez pas accès. Vérifiez l'adresse, ou revenez à l'accueil.
        - [Page d'accueil](/)
        ");
    }
}

pub struct Client {
    router: Router,
    cookies: Vec<(String, String)>,
    /// The CSRF token of the last HTML page, as a browser's form would carry it.
    pub csrf: String,
    pub ip: [u8; 4],
}

impl Client {
    async fn send(&mut self, mut request: Request<Body>) -> TestResponse {
        let cookie = self
            .cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ");
        if !cookie.is_empty() {
            request
                .headers_mut()
                .insert(header::COOKIE, cookie.parse().unwrap());
        }
        request
            .headers_mut()
            .insert(header::HOST, "localhost".parse().unwrap());
        request
            .extensions_mut()
            .insert(ConnectInfo(SocketAddr::from((self.ip, 40000))));
        let response = tower::ServiceExt::oneshot(self.router.clone(), request)
            .await
            .unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        for set in headers.get_all(header::SET_COOKIE) {
            let set = set.to_str().unwrap();
            let (pair, attributes) = set.split_once(';').unwrap_or((set, ""));
            let (name, value) = pair.split_once('=').unwrap();
            self.cookies.retain(|(k, _)| k != name);
            if !attributes.contains("Max-Age=0") {
                self.cookies.push((name.to_owned(), value.to_owned()));
            }
        }
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let body = String::from_utf8_lossy(&bytes).into_owned();
        if let Some(token) = body
            .split("<meta name=\"csrf-token\" content=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .filter(|token| !token.is_empty())
        {
            self.csrf = token.to_owned();
        }
        TestResponse {
            status,
            headers,
            body,
            bytes: bytes.to_vec(),
        }
    }

    pub async fn get(&mut self, path: &str) -> TestResponse {
        self.send(Request::get(path).body(Body::empty()).unwrap())
            .await
    }

    /// A GET with one more header, as a tool (not a browser) sends it.
    pub async fn get_with(&mut self, path: &str, (name, value): (&str, &str)) -> TestResponse {
        self.send(
            Request::get(path)
                .header(name, value)
                .body(Body::empty())
                .unwrap(),
        )
        .await
    }

    /// Any request, as a tool (not a browser) sends it: the API's calls.
    pub async fn request(&mut self, request: Request<Body>) -> TestResponse {
        self.send(request).await
    }

    pub async fn get_htmx(&mut self, path: &str) -> TestResponse {
        self.send(
            Request::get(path)
                .header("hx-request", "true")
                .body(Body::empty())
                .unwrap(),
        )
        .await
    }

    /// Posts a form the way a browser on our page does: same origin, the
    /// page's CSRF token.
    pub async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> TestResponse {
        let mut all: Vec<(&str, &str)> = fields.to_vec();
        let csrf = self.csrf.clone();
        all.push(("csrf_token", &csrf));
        self.post_raw(path, &all, Some("http://localhost")).await
    }

    pub async fn post_raw(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        origin: Option<&str>,
    ) -> TestResponse {
        let body = serde_urlencoded::to_string(fields).unwrap();
        let mut request =
            Request::post(path).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        if let Some(origin) = origin {
            request = request.header(header::ORIGIN, origin);
        }
        self.send(request.body(Body::from(body)).unwrap()).await
    }

    /// Posts a body as it is, with the page's token appended.
    pub async fn post_body(&mut self, path: &str, body: &str) -> TestResponse {
        let body = format!("{body}&csrf_token={}", self.csrf);
        let request = Request::post(path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ORIGIN, "http://localhost");
        self.send(request.body(Body::from(body)).unwrap()).await
    }

    /// Posts a multipart form as a browser on our page does: same origin,
    /// the page's token as its first part, then `fields` and the file
    /// (field, file name, content) — or a forged one: no token.
    pub async fn post_multipart(
        &mut self,
        path: &str,
        with_token: bool,
        fields: &[(&str, &str)],
        file: Option<(&str, &str, &[u8])>,
    ) -> TestResponse {
        const BOUNDARY: &str = "maillage-test-boundary";
        let mut body = Vec::new();
        let mut part = |headers: String, value: &[u8]| {
            body.extend_from_slice(format!("--{BOUNDARY}\r\n{headers}\r\n\r\n").as_bytes());
            body.extend_from_slice(value);
            body.extend_from_slice(b"\r\n");
        };
        let token = self.csrf.clone();
        let disposition = |name: &str| format!("Content-Disposition: form-data; name=\"{name}\"");
        if with_token {
            part(disposition("csrf_token"), token.as_bytes());
        }
        for (name, value) in fields {
            part(disposition(name), value.as_bytes());
        }
        if let Some((name, file_name, content)) = file {
            let headers = format!(
                "{}; filename=\"{file_name}\"\r\nContent-Type: application/json",
                disposition(name)
            );
            part(headers, content);
        }
        body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
        let request = Request::post(path)
            .header(
                header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={BOUNDARY}"),
            )
            .header(header::ORIGIN, "http://localhost");
        self.send(request.body(Body::from(body)).unwrap()).await
    }

    pub async fn sign_in(&mut self, email: &str, password: &str) -> TestResponse {
        self.get("/connexion").await;
        self.post("/connexion", &[("email", email), ("password", password)])
            .await
    }
}

/// Runs an async test body on every backend: `both_backends!(name, |app| async move { … })`.
/// The PostgreSQL case is ignored unless run with `--include-ignored`
/// (`scripts/test` does when `MAILLAGE_TEST_POSTGRES_URL` is set).
#[macro_export]
macro_rules! both_backends {
    ($name:ident, $body:expr) => {
        mod $name {
            use super::*;

            #[tokio::test]
            async fn sqlite() {
                ($body)(TestApp::new(Backend::Sqlite).await).await;
            }

            #[tokio::test]
            #[ignore = "PostgreSQL : définir MAILLAGE_TEST_POSTGRES_URL"]
            async fn postgres() {
                ($body)(TestApp::new(Backend::Postgres).await).await;
            }
        }
    };
}
