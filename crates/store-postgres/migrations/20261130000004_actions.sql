-- The Cité's actions on the three national axes, their collective sessions,
-- places and waiting lists. An enrolment is also a step of the pathway.

CREATE TABLE actions (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    cite_id BIGINT NOT NULL REFERENCES cites (id),
    axis TEXT NOT NULL CHECK (axis IN ('federate', 'reach_out', 'innovate')),
    innovative BOOLEAN NOT NULL DEFAULT FALSE,
    title TEXT NOT NULL,
    carrier_partner_id BIGINT REFERENCES partners (id),
    -- data·inclusion codes separated by spaces (barriers addressed, publics).
    thematics TEXT NOT NULL DEFAULT '',
    publics TEXT NOT NULL DEFAULT '',
    starts_on DATE NOT NULL,
    ends_on DATE,
    planned_budget_cents BIGINT CHECK (planned_budget_cents >= 0),
    description TEXT,
    status TEXT NOT NULL CHECK (status IN ('draft', 'planned', 'running', 'done', 'cancelled')),
    results TEXT,
    capacity INTEGER CHECK (capacity > 0),
    priority_rule TEXT NOT NULL DEFAULT 'request_date'
        CHECK (priority_rule IN ('request_date', 'single_parent_first', 'qpv_resident_first')),
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    CONSTRAINT actions_title_unique UNIQUE (cite_id, title)
);
CREATE INDEX actions_cite ON actions (cite_id, status);

CREATE TABLE action_sessions (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    action_id BIGINT NOT NULL REFERENCES actions (id),
    kind TEXT NOT NULL CHECK (kind IN ('job_dating', 'cafe_emploi', 'atelier', 'information')),
    held_on DATE NOT NULL,
    place TEXT,
    -- People met without a file (aller-vers): counted, never named.
    anonymous_count INTEGER NOT NULL DEFAULT 0 CHECK (anonymous_count >= 0),
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX action_sessions_action ON action_sessions (action_id, held_on);

CREATE TABLE action_session_participants (
    session_id BIGINT NOT NULL REFERENCES action_sessions (id) ON DELETE CASCADE,
    participant_id BIGINT NOT NULL REFERENCES participants (id),
    PRIMARY KEY (session_id, participant_id)
);
CREATE INDEX action_session_participants_person ON action_session_participants (participant_id);

ALTER TABLE steps ADD COLUMN action_id BIGINT REFERENCES actions (id);
CREATE INDEX steps_action ON steps (action_id);

-- What the priority rule used is recorded at the request: the order shown
-- (and its reason) stays the one the rule decided, whatever later edits.
CREATE TABLE enrolments (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    action_id BIGINT NOT NULL REFERENCES actions (id),
    participant_id BIGINT NOT NULL REFERENCES participants (id),
    step_id BIGINT NOT NULL REFERENCES steps (id),
    status TEXT NOT NULL CHECK (status IN ('placed', 'waiting', 'released')),
    requested_on DATE NOT NULL,
    single_parent BOOLEAN NOT NULL,
    qpv_resident BOOLEAN NOT NULL,
    placed_on DATE,
    released_on DATE,
    created_by BIGINT REFERENCES users (id),
    created_at TIMESTAMPTZ NOT NULL
);
-- A person has at most one live enrolment (placed or waiting) per action.
CREATE UNIQUE INDEX enrolments_live_unique ON enrolments (action_id, participant_id)
    WHERE status IN ('placed', 'waiting');
CREATE INDEX enrolments_action ON enrolments (action_id, status);
CREATE INDEX enrolments_participant ON enrolments (participant_id);
