-- What an action achieved: the result indicators it declares, and the yearly
-- values of those recorded by hand (the computed ones are counted from
-- enrolments, outcomes and séances when read).
CREATE TABLE action_indicators (
    id INTEGER PRIMARY KEY,
    action_id INTEGER NOT NULL REFERENCES actions (id),
    cite_id INTEGER NOT NULL REFERENCES cites (id),
    label TEXT NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('persons_placed', 'returns_to_work',
        'durable_employment', 'seances', 'persons_met', 'recorded')),
    position INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    CONSTRAINT action_indicators_label_unique UNIQUE (action_id, label)
) STRICT;
CREATE INDEX action_indicators_cite ON action_indicators (cite_id, action_id, position);

CREATE TABLE action_indicator_values (
    indicator_id INTEGER NOT NULL REFERENCES action_indicators (id) ON DELETE CASCADE,
    year INTEGER NOT NULL,
    value INTEGER NOT NULL CHECK (value >= 0),
    recorded_by INTEGER REFERENCES users (id),
    recorded_at TEXT NOT NULL,
    PRIMARY KEY (indicator_id, year)
) STRICT;

-- Persons placed in an action, for its computed indicators.
CREATE INDEX enrolments_placed ON enrolments (action_id, participant_id, placed_on)
    WHERE placed_on IS NOT NULL;
