//! ProConnect sign-in through the real router, against a real OpenID
//! provider the tests start (panva's `oidc-provider`, set up as ProConnect):
//! the whole redirect dance, then every answer that must be refused.

mod common;

use axum::http::StatusCode;
use common::oidc::{AgentBrowser, OidcProvider, APP, CLIENT_ID, STRANGER};
use common::{Backend, Client, TestApp, PASSWORD};
use maillage_web::Config;

fn client(app: &TestApp, provider: &OidcProvider, config: Config) -> Client {
    let state = app.state(config).with_proconnect(provider.client());
    app.client_of(state)
}

/// Starts a journey and returns the provider's address it goes to.
async fn start(client: &mut Client) -> String {
    let response = client.get("/connexion/proconnect").await;
    assert_eq!(response.status, StatusCode::SEE_OTHER, "{}", response.body);
    response.location().to_owned()
}

/// Signs `email` in through the provider; the answer of our return page.
async fn sign_in(client: &mut Client, browser: &AgentBrowser, email: &str) -> common::TestResponse {
    let authorize = start(client).await;
    let back = browser.sign_in(&authorize, email).await;
    client.get(&back).await
}

both_backends!(
    an_agent_signs_in_and_out_with_proconnect,
    |app: TestApp| async move {
        let provider = OidcProvider::start();
        let mut agent = client(&app, &provider, Config::default());

        let page = agent.get("/connexion").await;
        assert!(page.body.contains("S’identifier avec"));
        assert!(page.body.contains("href=\"/connexion/proconnect\""));
        let authorize = start(&mut agent).await;
        let url = reqwest::Url::parse(&authorize).unwrap();
        assert!(authorize.starts_with(&provider.issuer()));
        let params: std::collections::HashMap<_, _> = url.query_pairs().into_owned().collect();
        assert_eq!(params["client_id"], CLIENT_ID);
        assert_eq!(params["response_type"], "code");
        assert_eq!(params["code_challenge_method"], "S256");
        assert_eq!(
            params["redirect_uri"],
            format!("{APP}/connexion/proconnect/retour")
        );
        for scope in [
            "openid",
            "email",
            "given_name",
            "usual_name",
            "uid",
            "siret",
        ] {
            assert!(params["scope"].split(' ').any(|s| s == scope), "{scope}");
        }
        assert!(params["state"].len() >= 16 && params["nonce"].len() >= 16);

        let browser = AgentBrowser::default();
        let back = browser.sign_in(&authorize, "Coord@Angers.fr").await;
        let signed_in = agent.get(&back).await;
        assert_eq!(
            signed_in.status,
            StatusCode::SEE_OTHER,
            "{}",
            signed_in.body
        );
        assert_eq!(signed_in.location(), "/");
        let home = agent.get("/").await;
        assert_eq!(home.status, StatusCode::OK);
        assert!(home.body.contains("Déconnexion") || home.body.contains("deconnexion"));
        // The sign-in is in the Cité's journal, as a password's is.
        let journal = app.signed_in("coord@angers.fr").await.get("/journal").await;
        assert!(journal.body.contains("coord@angers.fr"));

        // The same return again: the journey served once.
        let replayed = agent.get(&back).await;
        assert_eq!(replayed.status, StatusCode::BAD_REQUEST);
        assert!(replayed.body.contains("pas valable"));

        // Signing out ends ours, then the provider's session.
        let csrf = agent.csrf.clone();
        let out = agent.post("/deconnexion", &[("csrf_token", &csrf)]).await;
        // A page of ours goes on to the provider: the form's own
        // navigation stays on our origin (CSP form-action 'self').
        assert_eq!(out.status, StatusCode::OK);
        let end_session = out
            .body
            .split("<meta http-equiv=\"refresh\" content=\"0;url=")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .expect("la redirection vers ProConnect")
            .replace("&#38;", "&");
        assert!(end_session.starts_with(&provider.issuer()), "{end_session}");
        assert!(end_session.contains("id_token_hint="));
        assert!(agent.get("/").await.location().starts_with("/connexion"));
        let landing = browser.sign_out(&end_session).await;
        assert!(landing.starts_with("/connexion"), "{landing}");
        let again = start(&mut agent).await;
        assert!(browser.asked_to_sign_in(&again).await);

        // The address now names another ProConnect identity (a mailbox
        // that changed hands): it does not bring the account with it.
        provider.write_accounts("quelqu-un-d-autre");
        let mut newcomer = client(&app, &provider, Config::default());
        let refused = sign_in(&mut newcomer, &AgentBrowser::default(), "coord@angers.fr").await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
        assert!(refused.body.contains("une autre identité ProConnect"));
        assert!(newcomer.get("/").await.location().starts_with("/connexion"));
    }
);

both_backends!(
    an_agent_without_an_account_is_told_to_ask_their_coordinator,
    |app: TestApp| async move {
        let provider = OidcProvider::start();
        let mut stranger = client(&app, &provider, Config::default());
        let answer = sign_in(&mut stranger, &AgentBrowser::default(), STRANGER).await;
        assert_eq!(answer.status, StatusCode::FORBIDDEN);
        assert!(answer.body.contains("Aucun compte Maillage"));
        assert!(answer.body.contains(STRANGER));
        assert!(answer.body.contains("coordinateur"));
        // No account was made, no session opened.
        assert!(app.store.credentials(STRANGER).await.unwrap().is_none());
        assert!(stranger.get("/").await.location().starts_with("/connexion"));
    }
);

both_backends!(
    a_return_from_another_browser_or_a_forged_state_is_refused,
    |app: TestApp| async move {
        let provider = OidcProvider::start();
        let browser = AgentBrowser::default();
        let mut victim = client(&app, &provider, Config::default());
        let mut attacker = client(&app, &provider, Config::default());
        // The attacker's own return, sent to the victim's browser.
        let authorize = start(&mut attacker).await;
        let back = browser.sign_in(&authorize, "coord@angers.fr").await;
        victim.get("/connexion/proconnect").await;
        let refused = victim.get(&back).await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST);
        assert!(victim.get("/").await.location().starts_with("/connexion"));

        // A state that matches the cookie but no journey.
        let mut forger = client(&app, &provider, Config::default());
        start(&mut forger).await;
        let forged = forger
            .get("/connexion/proconnect/retour?code=abc&state=inventé")
            .await;
        assert_eq!(forged.status, StatusCode::BAD_REQUEST);
        // The provider said no.
        let mut denied = client(&app, &provider, Config::default());
        let authorize = start(&mut denied).await;
        let state = reqwest::Url::parse(&authorize)
            .unwrap()
            .query_pairs()
            .find(|(k, _)| k == "state")
            .map(|(_, v)| v.into_owned())
            .unwrap();
        let query =
            serde_urlencoded::to_string([("error", "access_denied"), ("state", &state)]).unwrap();
        let answer = denied
            .get(&format!("/connexion/proconnect/retour?{query}"))
            .await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
        assert!(answer.body.contains("pas confirmé votre identité"));
    }
);

both_backends!(
    a_replayed_code_and_spoiled_id_tokens_are_refused,
    |app: TestApp| async move {
        let provider = OidcProvider::start();
        let browser = AgentBrowser::default();

        // A code already spent, brought back with a fresh journey.
        let mut first = client(&app, &provider, Config::default());
        let back = sign_in_path(&mut first, &browser).await;
        assert_eq!(first.get(&back).await.status, StatusCode::SEE_OTHER);
        let code = query_value(&back, "code");
        let mut replay = client(&app, &provider, Config::default());
        let authorize = start(&mut replay).await;
        let state = query_value(&authorize, "state");
        let query =
            serde_urlencoded::to_string([("code", code.as_str()), ("state", &state)]).unwrap();
        let refused = replay
            .get(&format!("/connexion/proconnect/retour?{query}"))
            .await;
        assert_eq!(refused.status, StatusCode::UNAUTHORIZED, "{}", refused.body);
        assert!(refused.body.contains("pas pu être vérifiée"));

        for mode in [
            "bad-signature",
            "expired",
            "wrong-audience",
            "wrong-nonce",
            "wrong-issuer",
        ] {
            provider.tamper(mode).await;
            let mut agent = client(&app, &provider, Config::default());
            let answer = sign_in(&mut agent, &browser, "coord@angers.fr").await;
            assert_eq!(
                answer.status,
                StatusCode::UNAUTHORIZED,
                "{mode}: {}",
                answer.body
            );
            assert!(answer.body.contains("pas pu être vérifiée"), "{mode}");
            assert!(
                agent.get("/").await.location().starts_with("/connexion"),
                "{mode}"
            );
        }
        // Untouched, the same agent signs in.
        let mut agent = client(&app, &provider, Config::default());
        let answer = sign_in(&mut agent, &browser, "coord@angers.fr").await;
        assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    }
);

/// A whole journey, up to the return not yet sent to our app.
async fn sign_in_path(client: &mut Client, browser: &AgentBrowser) -> String {
    let authorize = start(client).await;
    browser.sign_in(&authorize, "coord@angers.fr").await
}

fn query_value(url: &str, name: &str) -> String {
    let url = reqwest::Url::parse(&format!("{APP}{url}"))
        .or_else(|_| reqwest::Url::parse(url))
        .unwrap();
    url.query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
        .unwrap()
}

both_backends!(
    a_rotated_key_is_fetched_once_the_provider_signs_with_it,
    |app: TestApp| async move {
        let mut provider = OidcProvider::start();
        let browser = AgentBrowser::default();
        // One client for both: it has the first key from its first sign-in.
        let state = app
            .state(Config::default())
            .with_proconnect(provider.client());
        let mut before = app.client_of(state.clone());
        let answer = sign_in(&mut before, &browser, "coord@angers.fr").await;
        assert_eq!(answer.status, StatusCode::SEE_OTHER);

        provider.rotate_keys();
        let mut after = app.client_of(state);
        let answer = sign_in(&mut after, &AgentBrowser::default(), "coord@angers.fr").await;
        assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    }
);

both_backends!(
    password_sign_in_can_be_switched_off_and_proconnect_confirms_instead,
    |app: TestApp| async move {
        let provider = OidcProvider::start();
        let browser = AgentBrowser::default();
        let config = Config {
            password_sign_in_disabled: true,
            ..Config::default()
        };
        let mut agent = client(&app, &provider, config);
        let page = agent.get("/connexion").await;
        assert!(page.body.contains("/connexion/proconnect"));
        assert!(!page.body.contains("name=\"password\""));
        let refused = agent
            .post(
                "/connexion",
                &[("email", "coord@angers.fr"), ("password", PASSWORD)],
            )
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(refused.body.contains("identifiez-vous avec ProConnect"));
        assert!(agent.get("/").await.location().starts_with("/connexion"));

        let answer = sign_in(&mut agent, &browser, "coord@angers.fr").await;
        assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);

        // An export wants a recent sign-in: ProConnect confirms it, asking
        // the agent to type their credentials again.
        let asked = agent.get("/reconnexion?retour=/comptes").await;
        assert!(!asked.body.contains("name=\"password\""));
        let confirm = "/reconnexion/proconnect?retour=%2Fcomptes";
        assert!(asked.body.contains(confirm));
        let response = agent.get(confirm).await;
        assert_eq!(response.status, StatusCode::SEE_OTHER);
        let authorize = response.location().to_owned();
        assert_eq!(query_value(&authorize, "prompt"), "login");
        assert_eq!(query_value(&authorize, "max_age"), "0");
        let back = browser.sign_in(&authorize, "coord@angers.fr").await;
        let confirmed = agent.get(&back).await;
        assert_eq!(
            confirmed.status,
            StatusCode::SEE_OTHER,
            "{}",
            confirmed.body
        );
        assert_eq!(confirmed.location(), "/comptes");

        // Another agent's credentials confirm nothing.
        let response = agent.get(confirm).await;
        let back = browser
            .sign_in(response.location(), "referent@angers.fr")
            .await;
        let refused = agent.get(&back).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);

        // Accounts are made for ProConnect: no password shown, none reset.
        let mut coordinator = client(
            &app,
            &provider,
            Config {
                password_sign_in_disabled: true,
                ..Config::default()
            },
        );
        let answer = sign_in(
            &mut coordinator,
            &AgentBrowser::default(),
            "coord@angers.fr",
        )
        .await;
        assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
        let accounts = coordinator.get("/comptes").await;
        assert_eq!(accounts.status, StatusCode::OK, "{}", accounts.body);
        assert!(!accounts.body.contains("/mot-de-passe\""));
        assert!(accounts.body.contains("Connexion avec ProConnect"));
    }
);
