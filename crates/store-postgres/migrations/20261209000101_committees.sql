-- Committees (instances) of a Cité, their members and their meetings
-- (séances). A committee's rhythm is an RFC 5545 RRULE (NULL: no fixed
-- rhythm) from its anchor date, at a Paris wall-clock minute of the day;
-- meetings are generated from it or added by hand, and keep their own
-- times. A meeting changed or cancelled bumps its sequence, so that
-- calendars update the same event.
CREATE TABLE committees (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    cite_id BIGINT NOT NULL REFERENCES cites (id),
    kind TEXT NOT NULL CHECK (kind IN ('copil', 'cotech', 'comop', 'follow_up_committee',
        'strategic_committee', 'working_group', 'case_review', 'other')),
    name TEXT NOT NULL,
    rrule TEXT,
    anchor DATE NOT NULL,
    start_minute INTEGER NOT NULL CHECK (start_minute BETWEEN 0 AND 1439),
    duration_minutes INTEGER NOT NULL CHECK (duration_minutes BETWEEN 15 AND 600),
    place TEXT NOT NULL DEFAULT '',
    created_by BIGINT REFERENCES users (id),
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    CONSTRAINT committees_name UNIQUE (cite_id, name)
);

-- A member is an account or a partner (the organisation, whoever comes).
CREATE TABLE committee_members (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    committee_id BIGINT NOT NULL REFERENCES committees (id),
    user_id BIGINT REFERENCES users (id),
    partner_id BIGINT REFERENCES partners (id),
    role TEXT NOT NULL CHECK (role IN ('co_pilot', 'member', 'guest')),
    created_at TIMESTAMPTZ NOT NULL,
    CHECK ((user_id IS NULL) <> (partner_id IS NULL))
);
CREATE UNIQUE INDEX committee_members_user ON committee_members (committee_id, user_id)
    WHERE user_id IS NOT NULL;
CREATE UNIQUE INDEX committee_members_partner ON committee_members (committee_id, partner_id)
    WHERE partner_id IS NOT NULL;
CREATE INDEX committee_members_of_user ON committee_members (user_id) WHERE user_id IS NOT NULL;

CREATE TABLE meetings (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    committee_id BIGINT NOT NULL REFERENCES committees (id),
    cite_id BIGINT NOT NULL REFERENCES cites (id),
    starts_at TIMESTAMPTZ NOT NULL,
    ends_at TIMESTAMPTZ NOT NULL,
    place TEXT NOT NULL DEFAULT '',
    video_url TEXT NOT NULL DEFAULT '',
    cancelled BOOLEAN NOT NULL DEFAULT FALSE,
    sequence INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    CHECK (ends_at > starts_at),
    CONSTRAINT meetings_start UNIQUE (committee_id, starts_at)
);
-- The Cité's next meetings, by date.
CREATE INDEX meetings_cite ON meetings (cite_id, starts_at);
