-- Calls for projects and the applications carriers send to them, with each
-- application's budget table: expense lines, and each funder's share of a
-- line. Amounts are integer cents; the deadline is a UTC instant.
CREATE TABLE calls (
    id INTEGER PRIMARY KEY,
    cite_id INTEGER NOT NULL REFERENCES cites (id),
    title TEXT NOT NULL,
    text TEXT NOT NULL,
    -- National axes' codes separated by commas; data·inclusion thematic
    -- codes (barriers sought) separated by spaces.
    axes TEXT NOT NULL DEFAULT '',
    thematics TEXT NOT NULL DEFAULT '',
    total_cents INTEGER NOT NULL CHECK (total_cents > 0),
    yearly_cents INTEGER NOT NULL CHECK (yearly_cents > 0),
    years INTEGER NOT NULL CHECK (years BETWEEN 1 AND 5),
    opens_on TEXT NOT NULL,
    deadline TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('draft', 'published', 'closed', 'instruction',
                                           'decided', 'agreements', 'reports', 'finished')),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX calls_cite ON calls (cite_id, status);

CREATE TABLE applications (
    id INTEGER PRIMARY KEY,
    call_id INTEGER NOT NULL REFERENCES calls (id),
    cite_id INTEGER NOT NULL REFERENCES cites (id),
    partner_id INTEGER NOT NULL REFERENCES partners (id),
    project_title TEXT NOT NULL,
    summary TEXT NOT NULL,
    target_public TEXT NOT NULL,
    -- QPV ids of the Cité separated by commas.
    qpv_ids TEXT NOT NULL DEFAULT '',
    axis TEXT NOT NULL CHECK (axis IN ('federate', 'reach_out', 'innovate')),
    thematics TEXT NOT NULL DEFAULT '',
    expected_participants INTEGER NOT NULL CHECK (expected_participants > 0),
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    asked_cents INTEGER NOT NULL CHECK (asked_cents >= 0),
    status TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'withdrawn')),
    submitted_at TEXT,
    created_by INTEGER REFERENCES users (id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX applications_call ON applications (call_id, status);
CREATE INDEX applications_partner ON applications (partner_id);

CREATE TABLE application_budget_lines (
    id INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    label TEXT NOT NULL,
    amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
    CONSTRAINT application_budget_lines_unique UNIQUE (application_id, position)
) STRICT;

CREATE TABLE application_budget_shares (
    line_id INTEGER NOT NULL REFERENCES application_budget_lines (id) ON DELETE CASCADE,
    funder TEXT NOT NULL CHECK (funder IN ('anct', 'fse_plus', 'departement', 'caf', 'commune', 'autre')),
    amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
    PRIMARY KEY (line_id, funder)
) STRICT;
