-- Requests for a porteur account sent from a call's public page, without
-- signing in; the Cité's coordination accepts (the account and, if the
-- SIRET is new, the partner) or refuses them with a reason. One pending
-- request per address and Cité: a second is refused, not queued.
CREATE TABLE account_requests (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    cite_id BIGINT NOT NULL REFERENCES cites (id),
    call_id BIGINT NOT NULL REFERENCES calls (id),
    structure_name TEXT NOT NULL,
    siret TEXT NOT NULL CHECK (length(siret) = 14),
    contact_name TEXT NOT NULL,
    email TEXT NOT NULL,
    message TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'refused')),
    reason TEXT,
    partner_id BIGINT REFERENCES partners (id),
    user_id BIGINT REFERENCES users (id),
    created_at TIMESTAMPTZ NOT NULL,
    decided_at TIMESTAMPTZ,
    decided_by BIGINT REFERENCES users (id)
);
CREATE UNIQUE INDEX account_requests_pending_unique ON account_requests (cite_id, email)
    WHERE status = 'pending';
CREATE INDEX account_requests_cite ON account_requests (cite_id, status);
