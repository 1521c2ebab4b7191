//! A real OpenID provider for the tests: panva's `oidc-provider` set up as
//! ProConnect (`tests/oidc/provider.mjs`, installed by `.ci/run`), and the
//! agent's browser at its pages (reqwest with a cookie jar).

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

use maillage_web::auth::proconnect::{ProConnect, ProConnectSettings};

/// Where the provider sends the browser back: our app, as the tests name it.
pub const APP: &str = "http://maillage.test";
pub const CLIENT_ID: &str = "maillage";
const CLIENT_SECRET: &str = "secret-de-test";

/// An agent ProConnect knows and Maillage does not.
pub const STRANGER: &str = "inconnu@exemple.gouv.fr";

pub struct OidcProvider {
    child: Option<Child>,
    pub port: u16,
    dir: PathBuf,
}

impl OidcProvider {
    /// On a free port, knowing the accounts of the fixture and a stranger.
    pub fn start() -> OidcProvider {
        let dir =
            std::env::temp_dir().join(format!("maillage-oidc-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&dir).unwrap();
        let mut provider = OidcProvider {
            child: None,
            port: 0,
            dir,
        };
        provider.write_accounts("a1");
        provider.run(false);
        provider
    }

    /// The agents the provider knows, the coordinator's ProConnect
    /// identity being `coordinator_sub` (read again at each sign-in).
    pub fn write_accounts(&self, coordinator_sub: &str) {
        let agent = |sub: &str, given: &str, usual: &str| {
            serde_json::json!({
                "sub": sub, "given_name": given, "usual_name": usual,
                "uid": format!("uid-{sub}"), "siret": "13002526500013"
            })
        };
        let accounts = serde_json::json!({
            "coord@angers.fr": agent(coordinator_sub, "Claire", "Coordinatrice"),
            "referent@angers.fr": agent("a2", "Rémi", "Référent"),
            STRANGER: agent("a3", "Inès", "Inconnue"),
        });
        std::fs::write(self.dir.join("accounts.json"), accounts.to_string()).unwrap();
    }

    pub fn issuer(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Maillage's client of this provider, as `maillage serve` makes it.
    pub fn client(&self) -> ProConnect {
        let settings = ProConnectSettings {
            issuer: self.issuer(),
            client_id: CLIENT_ID.into(),
            client_secret: CLIENT_SECRET.into(),
        };
        ProConnect::new(settings, APP).unwrap()
    }

    fn run(&mut self, rotate: bool) {
        let script =
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/oidc/provider.mjs");
        let mut command = Command::new("node");
        command
            .arg(script)
            .args(["--port", &self.port.to_string()])
            .args(["--client-id", CLIENT_ID, "--client-secret", CLIENT_SECRET])
            .args([
                "--redirect-uri",
                &format!("{APP}/connexion/proconnect/retour"),
            ])
            .args(["--post-logout-redirect-uri", &format!("{APP}/connexion")])
            .arg("--accounts")
            .arg(self.dir.join("accounts.json"))
            .arg("--keys")
            .arg(self.dir.join("keys.json"))
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        if rotate {
            command.arg("--rotate-keys");
        }
        let mut child = command
            .spawn()
            .expect("node tests/oidc/provider.mjs (npm ci --prefix tests/oidc)");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port = line
            .trim()
            .strip_prefix("listening http://127.0.0.1:")
            .unwrap_or_else(|| panic!("le fournisseur OpenID n'a pas démarré : {line:?}"));
        self.port = port.parse().unwrap();
        self.child = Some(child);
    }

    /// ProConnect rotates its keys: stopped, then back on the same port
    /// with a new signing key, the old one still published.
    pub fn rotate_keys(&mut self) {
        self.stop();
        self.run(true);
    }

    fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// The next ID token the provider gives is spoiled this way
    /// (`bad-signature`, `expired`, `wrong-audience`, `wrong-nonce`,
    /// `wrong-issuer`).
    pub async fn tamper(&self, mode: &str) {
        let response = reqwest::Client::new()
            .post(format!("{}/__test/tamper", self.issuer()))
            .body(serde_json::json!({ "id_token": mode }).to_string())
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), reqwest::StatusCode::NO_CONTENT);
    }
}

impl Drop for OidcProvider {
    fn drop(&mut self) {
        self.stop();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// The agent's browser at the provider's pages, its cookies kept.
pub struct AgentBrowser {
    http: reqwest::Client,
}

impl Default for AgentBrowser {
    fn default() -> Self {
        AgentBrowser {
            http: reqwest::Client::builder()
                .cookie_store(true)
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
        }
    }
}

fn location(response: &reqwest::Response, from: &reqwest::Url) -> reqwest::Url {
    let value = response
        .headers()
        .get(reqwest::header::LOCATION)
        .unwrap_or_else(|| panic!("pas de redirection depuis {from} ({})", response.status()))
        .to_str()
        .unwrap();
    from.join(value).unwrap()
}

/// The path and query of an address of our app.
fn app_path(url: &reqwest::Url) -> String {
    match url.query() {
        Some(query) => format!("{}?{query}", url.path()),
        None => url.path().to_owned(),
    }
}

/// A page's first form: its action and hidden fields.
fn form(html: &str) -> Option<(String, Vec<(String, String)>)> {
    let page = scraper::Html::parse_document(html);
    let form = page
        .select(&scraper::Selector::parse("form").unwrap())
        .next()?;
    let action = form.value().attr("action")?.to_owned();
    let hidden = scraper::Selector::parse("input[type=hidden]").unwrap();
    let fields = form
        .select(&hidden)
        .filter_map(|input| {
            let name = input.value().attr("name")?;
            Some((
                name.to_owned(),
                input.value().attr("value").unwrap_or("").to_owned(),
            ))
        })
        .collect();
    Some((action, fields))
}

impl AgentBrowser {
    /// Goes to `authorize` (the provider's address our app redirected to),
    /// signs in as `email` if the provider asks, and returns where the
    /// provider sends the browser back in our app (path and query).
    pub async fn sign_in(&self, authorize: &str, email: &str) -> String {
        let mut url = reqwest::Url::parse(authorize).unwrap();
        for _ in 0..10 {
            if url.as_str().starts_with(APP) {
                return app_path(&url);
            }
            let response = self.http.get(url.clone()).send().await.unwrap();
            if response.status().is_redirection() {
                url = location(&response, &url);
                continue;
            }
            assert_eq!(response.status(), reqwest::StatusCode::OK, "{url}");
            let page = response.text().await.unwrap();
            let (action, mut fields) = form(&page).unwrap_or_else(|| panic!("{url} : {page}"));
            if action.ends_with("/login") {
                fields.push(("email".into(), email.into()));
            }
            // The login form, or the provider ending another agent's session
            // first (a form a browser submits by itself).
            let target = url.join(&action).unwrap();
            let response = self
                .http
                .post(target.clone())
                .form(&fields)
                .send()
                .await
                .unwrap();
            url = location(&response, &target);
        }
        panic!("le fournisseur ne renvoie pas vers Maillage");
    }

    /// Whether the provider would ask this browser to sign in again.
    pub async fn asked_to_sign_in(&self, authorize: &str) -> bool {
        let response = self.http.get(authorize).send().await.unwrap();
        let url = reqwest::Url::parse(authorize).unwrap();
        !location(&response, &url).as_str().starts_with(APP)
    }

    /// Follows the provider's sign-out page (`end_session` with its
    /// `id_token_hint`) and returns where it sends the browser back.
    pub async fn sign_out(&self, end_session: &str) -> String {
        let url = reqwest::Url::parse(end_session).unwrap();
        let page = self.http.get(url.clone()).send().await.unwrap();
        assert_eq!(page.status(), reqwest::StatusCode::OK);
        let html = page.text().await.unwrap();
        let (action, mut fields) =
            form(&html).expect("le formulaire de déconnexion du fournisseur");
        // The button a browser's script presses.
        fields.retain(|(name, _)| name != "logout");
        fields.push(("logout".into(), "yes".into()));
        let confirm = url.join(&action).unwrap();
        let response = self
            .http
            .post(confirm.clone())
            .form(&fields)
            .send()
            .await
            .unwrap();
        app_path(&location(&response, &confirm))
    }
}
