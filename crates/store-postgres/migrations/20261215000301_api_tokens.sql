-- Personal access tokens (*jetons d'accès*) of the JSON API: made by their
-- user, shown once and kept hashed, for one Cité (or the national team's
-- view), read-only or read-write, until they expire or are revoked.
CREATE TABLE api_tokens (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id),
    cite_id BIGINT REFERENCES cites (id),
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    -- The token's first characters, so that its owner recognises it.
    prefix TEXT NOT NULL,
    can_write BOOLEAN NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    last_used_at TIMESTAMPTZ,
    revoked_at TIMESTAMPTZ
);
CREATE INDEX api_tokens_user ON api_tokens (user_id, created_at);
