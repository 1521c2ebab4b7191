-- The shared case file: cohorts, participants, consent and sharing, referrals,
-- barriers, pathway steps, outcomes, notes. Dates are ISO text (YYYY-MM-DD).

ALTER TABLE cites ADD COLUMN follow_up_months INTEGER NOT NULL DEFAULT 12;
ALTER TABLE cites ADD COLUMN referral_expiry_days INTEGER NOT NULL DEFAULT 30;

CREATE TABLE cohorts (
    id INTEGER PRIMARY KEY,
    cite_id INTEGER NOT NULL REFERENCES cites (id),
    name TEXT NOT NULL,
    year INTEGER NOT NULL,
    target_size INTEGER NOT NULL CHECK (target_size > 0),
    intake_start TEXT NOT NULL,
    intake_end TEXT NOT NULL,
    follow_up_months INTEGER NOT NULL CHECK (follow_up_months BETWEEN 1 AND 36),
    intake_closed_at TEXT,
    created_at TEXT NOT NULL,
    CONSTRAINT cohorts_name_unique UNIQUE (cite_id, name)
) STRICT;

CREATE TABLE participants (
    id INTEGER PRIMARY KEY,
    cite_id INTEGER NOT NULL REFERENCES cites (id),
    cohort_id INTEGER REFERENCES cohorts (id),
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    -- Lower case without accents, for search.
    search_name TEXT NOT NULL,
    birth_date TEXT NOT NULL,
    sex TEXT NOT NULL CHECK (sex IN ('f', 'm', 'x')),
    phone TEXT,
    email TEXT,
    address TEXT,
    qpv_id INTEGER REFERENCES qpvs (id),
    employment_status TEXT NOT NULL,
    education TEXT NOT NULL,
    rsa TEXT NOT NULL,
    single_parent TEXT NOT NULL,
    rqth TEXT NOT NULL,
    france_travail_id TEXT,
    lead_partner_id INTEGER NOT NULL REFERENCES partners (id),
    lead_user_id INTEGER REFERENCES users (id),
    status TEXT NOT NULL CHECK (status IN ('proposed', 'active', 'exited', 'not_admitted')),
    entry_date TEXT,
    exit_date TEXT,
    last_activity_at TEXT NOT NULL,
    created_at TEXT NOT NULL
) STRICT;
CREATE INDEX participants_cite ON participants (cite_id, status, last_name);
CREATE INDEX participants_lead ON participants (lead_partner_id);
CREATE INDEX participants_cohort ON participants (cohort_id);
CREATE INDEX participants_search ON participants (cite_id, search_name);

CREATE TABLE consents (
    id INTEGER PRIMARY KEY,
    participant_id INTEGER NOT NULL REFERENCES participants (id),
    given_on TEXT NOT NULL,
    method TEXT NOT NULL CHECK (method IN ('ecrit', 'oral', 'numerique')),
    recorded_by INTEGER REFERENCES users (id),
    withdrawn_at TEXT
) STRICT;
CREATE INDEX consents_participant ON consents (participant_id);

CREATE TABLE consent_partners (
    consent_id INTEGER NOT NULL REFERENCES consents (id),
    partner_id INTEGER NOT NULL REFERENCES partners (id),
    PRIMARY KEY (consent_id, partner_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX consent_partners_partner ON consent_partners (partner_id);

CREATE TABLE participant_shares (
    participant_id INTEGER NOT NULL REFERENCES participants (id),
    partner_id INTEGER NOT NULL REFERENCES partners (id),
    shared_by INTEGER REFERENCES users (id),
    shared_at TEXT NOT NULL,
    PRIMARY KEY (participant_id, partner_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX participant_shares_partner ON participant_shares (partner_id);

CREATE TABLE referrals (
    id INTEGER PRIMARY KEY,
    cite_id INTEGER NOT NULL REFERENCES cites (id),
    participant_id INTEGER NOT NULL REFERENCES participants (id),
    cohort_id INTEGER NOT NULL REFERENCES cohorts (id),
    from_partner_id INTEGER NOT NULL REFERENCES partners (id),
    proposed_by INTEGER REFERENCES users (id),
    proposed_on TEXT NOT NULL,
    motive TEXT,
    status TEXT NOT NULL CHECK (status IN ('proposed', 'accepted', 'refused')),
    decided_by INTEGER REFERENCES users (id),
    decided_on TEXT,
    refusal_reason TEXT
) STRICT;
CREATE INDEX referrals_cite ON referrals (cite_id, status);
CREATE INDEX referrals_partner ON referrals (from_partner_id, status);

CREATE TABLE barriers (
    id INTEGER PRIMARY KEY,
    participant_id INTEGER NOT NULL REFERENCES participants (id),
    thematic TEXT NOT NULL,
    identified_on TEXT NOT NULL,
    comment TEXT,
    lifted_on TEXT,
    lifted_by_step_id INTEGER
) STRICT;
CREATE INDEX barriers_participant ON barriers (participant_id);
CREATE INDEX barriers_thematic ON barriers (thematic, participant_id);

-- A minimal catalogue of the Cité's services and actions; a later issue enriches it.
CREATE TABLE catalogue_items (
    id INTEGER PRIMARY KEY,
    cite_id INTEGER NOT NULL REFERENCES cites (id),
    kind TEXT NOT NULL CHECK (kind IN ('service', 'action')),
    name TEXT NOT NULL,
    partner_id INTEGER REFERENCES partners (id),
    CONSTRAINT catalogue_items_name_unique UNIQUE (cite_id, name)
) STRICT;

CREATE TABLE steps (
    id INTEGER PRIMARY KEY,
    participant_id INTEGER NOT NULL REFERENCES participants (id),
    catalogue_item_id INTEGER REFERENCES catalogue_items (id),
    label TEXT NOT NULL,
    partner_id INTEGER REFERENCES partners (id),
    planned_on TEXT,
    started_on TEXT,
    ended_on TEXT,
    status TEXT NOT NULL CHECK (status IN ('planned', 'in_progress', 'done', 'dropped', 'cancelled')),
    result TEXT,
    created_by INTEGER REFERENCES users (id),
    created_at TEXT NOT NULL
) STRICT;
CREATE INDEX steps_participant ON steps (participant_id);

CREATE TABLE outcomes (
    id INTEGER PRIMARY KEY,
    participant_id INTEGER NOT NULL REFERENCES participants (id),
    checkpoint TEXT NOT NULL CHECK (checkpoint IN ('entry', 'exit', 'm6', 'm12')),
    outcome TEXT NOT NULL,
    recorded_on TEXT NOT NULL,
    recorded_by INTEGER REFERENCES users (id),
    CONSTRAINT outcomes_checkpoint_unique UNIQUE (participant_id, checkpoint)
) STRICT;

CREATE TABLE notes (
    id INTEGER PRIMARY KEY,
    participant_id INTEGER NOT NULL REFERENCES participants (id),
    author_id INTEGER NOT NULL REFERENCES users (id),
    -- The author's organisation: private notes are visible to it only.
    partner_id INTEGER REFERENCES partners (id),
    private INTEGER NOT NULL DEFAULT 0 CHECK (private IN (0, 1)),
    body TEXT NOT NULL,
    created_at TEXT NOT NULL
) STRICT;
CREATE INDEX notes_participant ON notes (participant_id);
