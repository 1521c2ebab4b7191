-- What a meeting records (relevé de décisions) and what is to follow it
-- (suites à donner). A decision is numbered per Cité, per year (the Paris
-- year of its meeting) and per kind of committee: 2026-COPIL-03. It may be
-- tied to an application, an action created or stopped, or a carry-over of
-- credits, all of the same Cité. A follow-up item is carried by an account
-- or a partner of the Cité, and closed as done or cancelled with a note.
CREATE TABLE committee_decisions (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    meeting_id BIGINT NOT NULL REFERENCES meetings (id),
    cite_id BIGINT NOT NULL REFERENCES cites (id),
    year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2999),
    kind TEXT NOT NULL CHECK (kind IN ('copil', 'cotech', 'comop', 'follow_up_committee',
        'strategic_committee', 'working_group', 'case_review', 'other')),
    rank INTEGER NOT NULL CHECK (rank >= 1),
    text TEXT NOT NULL,
    subject_kind TEXT NOT NULL CHECK (subject_kind IN ('none', 'application',
        'action_created', 'action_stopped', 'carry_over')),
    subject_id BIGINT,
    created_by BIGINT REFERENCES users (id),
    created_at TIMESTAMPTZ NOT NULL,
    CHECK ((subject_kind = 'none') = (subject_id IS NULL)),
    CONSTRAINT committee_decisions_number UNIQUE (cite_id, year, kind, rank)
);
-- The register by year is served by the unique index (cite_id, year, …).
CREATE INDEX committee_decisions_meeting ON committee_decisions (meeting_id);

CREATE TABLE follow_up_items (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    meeting_id BIGINT NOT NULL REFERENCES meetings (id),
    cite_id BIGINT NOT NULL REFERENCES cites (id),
    title TEXT NOT NULL,
    due_on DATE,
    owner_user_id BIGINT REFERENCES users (id),
    owner_partner_id BIGINT REFERENCES partners (id),
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'cancelled')),
    closing_note TEXT NOT NULL DEFAULT '',
    closed_by BIGINT REFERENCES users (id),
    closed_at TIMESTAMPTZ,
    created_by BIGINT REFERENCES users (id),
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    CHECK ((owner_user_id IS NULL) <> (owner_partner_id IS NULL)),
    CHECK ((status = 'open') = (closed_at IS NULL))
);
CREATE INDEX follow_up_items_meeting ON follow_up_items (meeting_id);
-- The Cité's list: open first, by due date.
CREATE INDEX follow_up_items_cite ON follow_up_items (cite_id, status, due_on);
CREATE INDEX follow_up_items_owner_user ON follow_up_items (owner_user_id, status)
    WHERE owner_user_id IS NOT NULL;
CREATE INDEX follow_up_items_owner_partner ON follow_up_items (owner_partner_id, status)
    WHERE owner_partner_id IS NOT NULL;

-- A funding decision points to the committee decision that took it.
ALTER TABLE application_decisions
    ADD COLUMN committee_decision_id BIGINT REFERENCES committee_decisions (id);
CREATE INDEX application_decisions_committee_decision
    ON application_decisions (committee_decision_id);
