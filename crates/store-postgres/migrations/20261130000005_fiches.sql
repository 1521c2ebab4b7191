-- The national catalogue of innovative actions (*actions innovantes*): a fiche
-- is published from one action of a Cité and read by the whole network. It is
-- a copy of the action's fields chosen for publication, never of its
-- participants. Codes are separated by spaces, as in `actions`.
--
-- Free text is searched through `search_text`, lower case without accents,
-- with LIKE: the national volume is small (84 Cités × a few fiches, a few
-- hundred rows), so a scan costs well under a millisecond, the SQL is the same
-- on both backends, and partial words (« numer ») match, which full-text
-- tokenizers do not without prefix queries.

CREATE TABLE fiches (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    action_id BIGINT NOT NULL REFERENCES actions (id),
    cite_id BIGINT NOT NULL REFERENCES cites (id),
    title TEXT NOT NULL,
    axis TEXT NOT NULL CHECK (axis IN ('federate', 'reach_out', 'innovate')),
    thematics TEXT NOT NULL,
    publics TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL,
    -- Partner organisations, one name per line.
    partners TEXT NOT NULL DEFAULT '',
    budget_cents BIGINT CHECK (budget_cents >= 0),
    results TEXT,
    -- A professional contact: an organisation and a role, never a person.
    contact_organisation TEXT NOT NULL,
    contact_role TEXT NOT NULL,
    contact_email TEXT,
    contact_phone TEXT,
    search_text TEXT NOT NULL,
    published_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    published_by BIGINT REFERENCES users (id),
    -- Withdrawn from the catalogue; the row stays for the actions reused from it.
    unpublished_at TIMESTAMPTZ,
    CONSTRAINT fiches_action_unique UNIQUE (action_id),
    CHECK (contact_email IS NOT NULL OR contact_phone IS NOT NULL)
);
CREATE INDEX fiches_cite ON fiches (cite_id);
CREATE INDEX fiches_published ON fiches (published_at) WHERE unpublished_at IS NULL;

-- The fiche an action was reused from.
ALTER TABLE actions ADD COLUMN origin_fiche_id BIGINT REFERENCES fiches (id);
CREATE INDEX actions_origin_fiche ON actions (origin_fiche_id);
