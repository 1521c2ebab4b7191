-- Personal access tokens (*jetons d'accès*) of the JSON API: made by their
-- user, shown once and kept hashed, for one Cité (or the national team's
-- view), read-only or read-write, until they expire or are revoked.
CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id),
    cite_id INTEGER REFERENCES cites (id),
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    -- The token's first characters, so that its owner recognises it.
    prefix TEXT NOT NULL,
    can_write INTEGER NOT NULL CHECK (can_write IN (0, 1)),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at TEXT
) STRICT;
CREATE INDEX api_tokens_user ON api_tokens (user_id, created_at);
