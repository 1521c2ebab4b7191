-- The decision on an application: accepted with the amount granted (cents),
-- refused with its reason, or postponed; dated, tied to the committee that
-- took it (free text until committees exist), and, once accepted, to the
-- Cité's action it became.
CREATE TABLE application_decisions (
    application_id INTEGER PRIMARY KEY REFERENCES applications (id),
    outcome TEXT NOT NULL CHECK (outcome IN ('accepted', 'refused', 'postponed')),
    amount_cents INTEGER CHECK (amount_cents > 0),
    reason TEXT NOT NULL DEFAULT '',
    decided_on TEXT NOT NULL,
    committee TEXT NOT NULL,
    decided_by INTEGER REFERENCES users (id),
    action_id INTEGER REFERENCES actions (id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK ((outcome = 'accepted') = (amount_cents IS NOT NULL))
) STRICT;
CREATE INDEX application_decisions_action ON application_decisions (action_id);
