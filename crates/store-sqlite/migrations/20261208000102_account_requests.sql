-- Requests for a porteur account sent from a call's public page, without
-- signing in; the Cité's coordination accepts (the account and, if the
-- SIRET is new, the partner) or refuses them with a reason. One pending
-- request per address and Cité: a second is refused, not queued.
CREATE TABLE account_requests (
    id INTEGER PRIMARY KEY,
    cite_id INTEGER NOT NULL REFERENCES cites (id),
    call_id INTEGER NOT NULL REFERENCES calls (id),
    structure_name TEXT NOT NULL,
    siret TEXT NOT NULL CHECK (length(siret) = 14),
    contact_name TEXT NOT NULL,
    email TEXT NOT NULL,
    message TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'refused')),
    reason TEXT,
    partner_id INTEGER REFERENCES partners (id),
    user_id INTEGER REFERENCES users (id),
    created_at TEXT NOT NULL,
    decided_at TEXT,
    decided_by INTEGER REFERENCES users (id)
) STRICT;
CREATE UNIQUE INDEX account_requests_pending_unique ON account_requests (cite_id, email)
    WHERE status = 'pending';
CREATE INDEX account_requests_cite ON account_requests (cite_id, status);
