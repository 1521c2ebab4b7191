-- ProConnect sign-in: each journey to the provider and back (*parcours de
-- connexion*), kept from the redirect until the browser returns with its
-- state, ten minutes at most and used once; and the ID token a session
-- keeps, so that signing out ends the provider's session too.
CREATE TABLE oidc_flows (
    state_hash TEXT PRIMARY KEY,
    nonce TEXT NOT NULL,
    pkce_verifier TEXT NOT NULL,
    -- The page of ours to open once back.
    return_to TEXT NOT NULL,
    -- Confirming a signed-in session (*reconnexion*) rather than opening one.
    reauth BOOLEAN NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX oidc_flows_created ON oidc_flows (created_at);

ALTER TABLE sessions ADD COLUMN id_token TEXT;

-- The ProConnect identity (`sub`) an account was first signed in with: an
-- address that changes hands (a recycled or shared mailbox) does not bring
-- the account with it.
ALTER TABLE users ADD COLUMN proconnect_sub TEXT;
CREATE UNIQUE INDEX users_proconnect_sub ON users (proconnect_sub)
    WHERE proconnect_sub IS NOT NULL;
