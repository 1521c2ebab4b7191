//! ProConnect, the State's sign-in for public agents: OpenID Connect's
//! authorization code flow with PKCE, `state` and `nonce`. The provider is
//! discovered on first use; its keys are fetched again when a token is
//! signed by one we do not know (ProConnect rotates them), at most once a
//! minute so that forged tokens cannot make us hammer it.

use std::sync::Arc;
use std::time::{Duration, Instant};

use maillage_domain::accounts::Email;
use openidconnect::core::{
    CoreAuthPrompt, CoreAuthenticationFlow, CoreClient, CoreGenderClaim, CoreIdToken,
};
use openidconnect::reqwest;
use openidconnect::{
    AccessToken, AdditionalClaims, AuthorizationCode, ClaimsVerificationError, ClientId,
    ClientSecret, CsrfToken, EndSessionUrl, EndpointMaybeSet, EndpointNotSet, EndpointSet,
    IssuerUrl, LogoutRequest, Nonce, OAuth2TokenResponse, PkceCodeChallenge, PkceCodeVerifier,
    PostLogoutRedirectUrl, ProviderMetadataWithLogout, RedirectUrl, Scope, TokenResponse,
    UserInfoClaims,
};
use serde::{Deserialize, Serialize};
use tokio::sync::Mutex;

/// How long a journey to the provider may take before its return is refused.
pub const JOURNEY_LIFETIME: chrono::Duration = chrono::Duration::minutes(10);

/// How often the provider's keys may be fetched again.
const REFRESH_INTERVAL: Duration = Duration::from_secs(60);

/// The claims ProConnect gives, beside the standard ones.
const SCOPES: [&str; 5] = ["email", "given_name", "usual_name", "uid", "siret"];

/// A deployment's ProConnect settings (`MAILLAGE_PROCONNECT_*`).
#[derive(Debug, Clone)]
pub struct ProConnectSettings {
    /// `https://auth.agentconnect.gouv.fr/api/v2` in production.
    pub issuer: String,
    pub client_id: String,
    pub client_secret: String,
}

/// Why a sign-in with ProConnect did not end with an agent.
#[derive(Debug, thiserror::Error)]
pub enum ProConnectError {
    /// The provider could not be reached or answered nonsense.
    #[error("fournisseur injoignable : {0}")]
    Unreachable(String),
    /// The provider refused the code, or its answer failed a check
    /// (signature, audience, expiry, nonce, issuer): never trusted.
    #[error("réponse refusée : {0}")]
    Refused(String),
}

/// The agent ProConnect vouches for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agent {
    /// ProConnect's identifier of the agent (`sub`), stable across e-mails.
    pub subject: String,
    pub email: Email,
    pub given_name: Option<String>,
    pub usual_name: Option<String>,
    /// The agent's id at their organisation (`uid`) and its SIRET.
    pub uid: Option<String>,
    pub siret: Option<String>,
    /// When the agent typed their credentials, for a confirmation.
    pub authenticated_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Kept by the session, to end the provider's session at sign-out.
    pub id_token: String,
}

/// What the browser's journey must bring back: kept by the store, by the
/// hash of `state`.
#[derive(Debug, Clone)]
pub struct Journey {
    pub state: String,
    pub nonce: String,
    pub pkce_verifier: String,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
struct ProConnectClaims {
    usual_name: Option<String>,
    uid: Option<String>,
    siret: Option<String>,
}

impl AdditionalClaims for ProConnectClaims {}

type ProviderClient = CoreClient<
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

/// The discovered provider: its endpoints and keys.
struct Provider {
    client: ProviderClient,
    end_session: Option<EndSessionUrl>,
}

pub struct ProConnect {
    settings: ProConnectSettings,
    redirect: RedirectUrl,
    post_logout: PostLogoutRedirectUrl,
    http: reqwest::Client,
    provider: Mutex<Option<Arc<Provider>>>,
    /// When the provider was last discovered again for an unknown key.
    refreshed: Mutex<Option<Instant>>,
}

fn unreachable(error: impl std::fmt::Display) -> ProConnectError {
    ProConnectError::Unreachable(error.to_string())
}

fn refused(error: impl std::fmt::Display) -> ProConnectError {
    ProConnectError::Refused(error.to_string())
}

impl ProConnect {
    /// `public_url`: where Maillage is reached, whose return and sign-out
    /// pages the provider knows.
    pub fn new(settings: ProConnectSettings, public_url: &str) -> Result<Self, String> {
        let base = public_url.trim_end_matches('/');
        let redirect = RedirectUrl::new(format!("{base}/connexion/proconnect/retour"))
            .map_err(|e| format!("adresse publique invalide : {e}"))?;
        let post_logout = PostLogoutRedirectUrl::new(format!("{base}/connexion"))
            .map_err(|e| format!("adresse publique invalide : {e}"))?;
        IssuerUrl::new(settings.issuer.clone())
            .map_err(|e| format!("adresse du fournisseur ProConnect invalide : {e}"))?;
        // Never follow a redirect from the provider's back channel (SSRF).
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(10))
            .build()
            .map_err(|e| e.to_string())?;
        Ok(ProConnect {
            settings,
            redirect,
            post_logout,
            http,
            provider: Mutex::new(None),
            refreshed: Mutex::new(None),
        })
    }

    /// The provider as discovered; discovered again when `stale`, unless
    /// that was done less than a minute ago.
    async fn provider(&self, stale: bool) -> Result<Arc<Provider>, ProConnectError> {
        let mut cached = self.provider.lock().await;
        if let Some(provider) = cached.as_ref() {
            let mut refreshed = self.refreshed.lock().await;
            let recently = refreshed.is_some_and(|at| at.elapsed() < REFRESH_INTERVAL);
            if !stale || recently {
                return Ok(provider.clone());
            }
            *refreshed = Some(Instant::now());
        }
        let issuer = IssuerUrl::new(self.settings.issuer.clone()).map_err(unreachable)?;
        let metadata = ProviderMetadataWithLogout::discover_async(issuer, &self.http)
            .await
            .map_err(unreachable)?;
        let end_session = metadata.additional_metadata().end_session_endpoint.clone();
        let client = CoreClient::from_provider_metadata(
            metadata,
            ClientId::new(self.settings.client_id.clone()),
            Some(ClientSecret::new(self.settings.client_secret.clone())),
        )
        .set_redirect_uri(self.redirect.clone())
        .set_auth_type(openidconnect::AuthType::RequestBody);
        let provider = Arc::new(Provider {
            client,
            end_session,
        });
        *cached = Some(provider.clone());
        Ok(provider)
    }

    /// Where to send the browser, and what its return must match. A
    /// confirmation (`reauth`) asks the agent to type their credentials
    /// again, whatever session the provider holds.
    pub async fn authorize(&self, reauth: bool) -> Result<(String, Journey), ProConnectError> {
        let provider = self.provider(false).await?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let mut request = provider
            .client
            .authorize_url(
                CoreAuthenticationFlow::AuthorizationCode,
                CsrfToken::new_random,
                Nonce::new_random,
            )
            .set_pkce_challenge(challenge);
        for scope in SCOPES {
            request = request.add_scope(Scope::new(scope.to_owned()));
        }
        if reauth {
            request = request
                .add_prompt(CoreAuthPrompt::Login)
                .set_max_age(Duration::ZERO);
        }
        let (url, state, nonce) = request.url();
        Ok((
            url.to_string(),
            Journey {
                state: state.secret().clone(),
                nonce: nonce.secret().clone(),
                pkce_verifier: verifier.secret().clone(),
            },
        ))
    }

    /// Exchanges the code the browser brought back and checks every answer:
    /// the ID token's signature, issuer, audience, expiry and nonce, then the
    /// signed user info of the same subject.
    pub async fn finish(
        &self,
        code: String,
        pkce_verifier: String,
        nonce: String,
    ) -> Result<Agent, ProConnectError> {
        let provider = self.provider(false).await?;
        let tokens = provider
            .client
            .exchange_code(AuthorizationCode::new(code))
            .map_err(unreachable)?
            .set_pkce_verifier(PkceCodeVerifier::new(pkce_verifier))
            .request_async(&self.http)
            .await
            .map_err(refused)?;
        let id_token = tokens
            .id_token()
            .ok_or_else(|| refused("pas de jeton d'identité"))?;
        let nonce = Nonce::new(nonce);
        let (provider, subject, authenticated_at) =
            match verified(&provider.client, id_token, &nonce) {
                Err(ClaimsVerificationError::SignatureVerification(_)) => {
                    // Perhaps a key the provider just started signing with.
                    let fresh = self.provider(true).await?;
                    let (subject, at) =
                        verified(&fresh.client, id_token, &nonce).map_err(refused)?;
                    (fresh, subject, at)
                }
                Err(error) => return Err(refused(error)),
                Ok((subject, at)) => (provider, subject, at),
            };
        let info: UserInfoClaims<ProConnectClaims, CoreGenderClaim> = provider
            .client
            .user_info(
                AccessToken::new(tokens.access_token().secret().clone()),
                Some(subject),
            )
            .map_err(unreachable)?
            .request_async(&self.http)
            .await
            .map_err(refused)?;
        let email = info
            .email()
            .ok_or_else(|| refused("pas d'adresse électronique"))?;
        let email =
            Email::parse(email.as_str()).map_err(|_| refused("adresse électronique invalide"))?;
        let extra = info.additional_claims();
        Ok(Agent {
            subject: info.subject().to_string(),
            email,
            given_name: info
                .given_name()
                .and_then(|names| names.get(None))
                .map(|name| name.to_string()),
            usual_name: extra.usual_name.clone(),
            uid: extra.uid.clone(),
            siret: extra.siret.clone(),
            authenticated_at,
            id_token: id_token.to_string(),
        })
    }

    /// The provider's sign-out page for the session of `id_token`, that
    /// comes back to our sign-in page; `None` when the provider has none or
    /// is not known yet (our own session has ended all the same: signing
    /// out never waits on the provider).
    pub async fn logout_url(&self, id_token: &str) -> Option<String> {
        let provider = self.provider.lock().await.clone()?;
        let endpoint = provider.end_session.clone()?;
        let token: CoreIdToken = id_token.parse().ok()?;
        let request = LogoutRequest::from(endpoint)
            .set_id_token_hint(&token)
            .set_post_logout_redirect_uri(self.post_logout.clone())
            .set_state(CsrfToken::new_random());
        Some(request.http_get_url().to_string())
    }
}

type Verified = (
    openidconnect::SubjectIdentifier,
    Option<chrono::DateTime<chrono::Utc>>,
);

fn verified(
    client: &ProviderClient,
    id_token: &CoreIdToken,
    nonce: &Nonce,
) -> Result<Verified, ClaimsVerificationError> {
    let claims = id_token.claims(&client.id_token_verifier(), nonce)?;
    Ok((claims.subject().clone(), claims.auth_time()))
}
