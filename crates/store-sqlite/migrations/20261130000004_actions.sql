-- The Cité's actions on the three national axes, their collective sessions,
-- places and waiting lists. An enrolment is also a step of the pathway.

CREATE TABLE actions (
    id INTEGER PRIMARY KEY,
    cite_id INTEGER NOT NULL REFERENCES cites (id),
    axis TEXT NOT NULL CHECK (axis IN ('federate', 'reach_out', 'innovate')),
    innovative INTEGER NOT NULL DEFAULT 0 CHECK (innovative IN (0, 1)),
    title TEXT NOT NULL,
    carrier_partner_id INTEGER REFERENCES partners (id),
    -- data·inclusion codes separated by spaces (barriers addressed, publics).
    thematics TEXT NOT NULL DEFAULT '',
    publics TEXT NOT NULL DEFAULT '',
    starts_on TEXT NOT NULL,
    ends_on TEXT,
    planned_budget_cents INTEGER CHECK (planned_budget_cents >= 0),
    description TEXT,
    status TEXT NOT NULL CHECK (status IN ('draft', 'planned', 'running', 'done', 'cancelled')),
    results TEXT,
    capacity INTEGER CHECK (capacity > 0),
    priority_rule TEXT NOT NULL DEFAULT 'request_date'
        CHECK (priority_rule IN ('request_date', 'single_parent_first', 'qpv_resident_first')),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CONSTRAINT actions_title_unique UNIQUE (cite_id, title)
) STRICT;
CREATE INDEX actions_cite ON actions (cite_id, status);

CREATE TABLE action_sessions (
    id INTEGER PRIMARY KEY,
    action_id INTEGER NOT NULL REFERENCES actions (id),
    kind TEXT NOT NULL CHECK (kind IN ('job_dating', 'cafe_emploi', 'atelier', 'information')),
    held_on TEXT NOT NULL,
    place TEXT,
    -- People met without a file (aller-vers): counted, never named.
    anonymous_count INTEGER NOT NULL DEFAULT 0 CHECK (anonymous_count >= 0),
    created_at TEXT NOT NULL
) STRICT;
CREATE INDEX action_sessions_action ON action_sessions (action_id, held_on);

CREATE TABLE action_session_participants (
    session_id INTEGER NOT NULL REFERENCES action_sessions (id) ON DELETE CASCADE,
    participant_id INTEGER NOT NULL REFERENCES participants (id),
    PRIMARY KEY (session_id, participant_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX action_session_participants_person ON action_session_participants (participant_id);

ALTER TABLE steps ADD COLUMN action_id INTEGER REFERENCES actions (id);
CREATE INDEX steps_action ON steps (action_id);

-- What the priority rule used is recorded at the request: the order shown
-- (and its reason) stays the one the rule decided, whatever later edits.
CREATE TABLE enrolments (
    id INTEGER PRIMARY KEY,
    action_id INTEGER NOT NULL REFERENCES actions (id),
    participant_id INTEGER NOT NULL REFERENCES participants (id),
    step_id INTEGER NOT NULL REFERENCES steps (id),
    status TEXT NOT NULL CHECK (status IN ('placed', 'waiting', 'released')),
    requested_on TEXT NOT NULL,
    single_parent INTEGER NOT NULL CHECK (single_parent IN (0, 1)),
    qpv_resident INTEGER NOT NULL CHECK (qpv_resident IN (0, 1)),
    placed_on TEXT,
    released_on TEXT,
    created_by INTEGER REFERENCES users (id),
    created_at TEXT NOT NULL
) STRICT;
-- A person has at most one live enrolment (placed or waiting) per action.
CREATE UNIQUE INDEX enrolments_live_unique ON enrolments (action_id, participant_id)
    WHERE status IN ('placed', 'waiting');
CREATE INDEX enrolments_action ON enrolments (action_id, status);
CREATE INDEX enrolments_participant ON enrolments (participant_id);
