-- Committees (instances) of a Cité, their members and their meetings
-- (séances). A committee's rhythm is an RFC 5545 RRULE (NULL: no fixed
-- rhythm) from its anchor date, at a Paris wall-clock minute of the day;
-- meetings are generated from it or added by hand, and keep their own
-- times. A meeting changed or cancelled bumps its sequence, so that
-- calendars update the same event.
CREATE TABLE committees (
    id INTEGER PRIMARY KEY,
    cite_id INTEGER NOT NULL REFERENCES cites (id),
    kind TEXT NOT NULL CHECK (kind IN ('copil', 'cotech', 'comop', 'follow_up_committee',
        'strategic_committee', 'working_group', 'case_review', 'other')),
    name TEXT NOT NULL,
    rrule TEXT,
    anchor TEXT NOT NULL,
    start_minute INTEGER NOT NULL CHECK (start_minute BETWEEN 0 AND 1439),
    duration_minutes INTEGER NOT NULL CHECK (duration_minutes BETWEEN 15 AND 600),
    place TEXT NOT NULL DEFAULT '',
    created_by INTEGER REFERENCES users (id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CONSTRAINT committees_name UNIQUE (cite_id, name)
) STRICT;

-- A member is an account or a partner (the organisation, whoever comes).
CREATE TABLE committee_members (
    id INTEGER PRIMARY KEY,
    committee_id INTEGER NOT NULL REFERENCES committees (id),
    user_id INTEGER REFERENCES users (id),
    partner_id INTEGER REFERENCES partners (id),
    role TEXT NOT NULL CHECK (role IN ('co_pilot', 'member', 'guest')),
    created_at TEXT NOT NULL,
    CHECK ((user_id IS NULL) <> (partner_id IS NULL))
) STRICT;
CREATE UNIQUE INDEX committee_members_user ON committee_members (committee_id, user_id)
    WHERE user_id IS NOT NULL;
CREATE UNIQUE INDEX committee_members_partner ON committee_members (committee_id, partner_id)
    WHERE partner_id IS NOT NULL;
CREATE INDEX committee_members_of_user ON committee_members (user_id) WHERE user_id IS NOT NULL;

CREATE TABLE meetings (
    id INTEGER PRIMARY KEY,
    committee_id INTEGER NOT NULL REFERENCES committees (id),
    cite_id INTEGER NOT NULL REFERENCES cites (id),
    starts_at TEXT NOT NULL,
    ends_at TEXT NOT NULL,
    place TEXT NOT NULL DEFAULT '',
    video_url TEXT NOT NULL DEFAULT '',
    cancelled INTEGER NOT NULL DEFAULT 0 CHECK (cancelled IN (0, 1)),
    sequence INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK (ends_at > starts_at),
    CONSTRAINT meetings_start UNIQUE (committee_id, starts_at)
) STRICT;
-- The Cité's next meetings, by date.
CREATE INDEX meetings_cite ON meetings (cite_id, starts_at);
