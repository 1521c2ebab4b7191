-- Agreements (conventions) funding accepted applications: each calendar
-- year of the project is a commitment on the Cité's envelope; each year owes
-- a qualitative and a financial bilan (reports), whose figures and texts are
-- kept here. Amounts are integer cents.
CREATE TABLE agreements (
    id INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL UNIQUE REFERENCES applications (id),
    cite_id INTEGER NOT NULL REFERENCES cites (id),
    reference TEXT NOT NULL,
    advance_percent INTEGER NOT NULL CHECK (advance_percent BETWEEN 0 AND 100),
    drawn_on TEXT NOT NULL,
    signed_on TEXT,
    created_by INTEGER REFERENCES users (id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CONSTRAINT agreements_reference UNIQUE (cite_id, reference)
) STRICT;

CREATE TABLE agreement_years (
    agreement_id INTEGER NOT NULL REFERENCES agreements (id),
    year INTEGER NOT NULL,
    amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
    commitment_id INTEGER NOT NULL UNIQUE REFERENCES commitments (id),
    PRIMARY KEY (agreement_id, year)
) STRICT;

CREATE TABLE reports (
    id INTEGER PRIMARY KEY,
    agreement_id INTEGER NOT NULL REFERENCES agreements (id),
    cite_id INTEGER NOT NULL REFERENCES cites (id),
    year INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('qualitative', 'financial')),
    due_on TEXT NOT NULL,
    received_on TEXT,
    received_by INTEGER REFERENCES users (id),
    updated_at TEXT NOT NULL,
    CONSTRAINT reports_unique UNIQUE (agreement_id, year, kind)
) STRICT;
-- « À faire »: a Cité's bilans still awaited, by due date.
CREATE INDEX reports_awaited ON reports (cite_id, due_on) WHERE received_on IS NULL;

CREATE TABLE report_lines (
    report_id INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    label TEXT NOT NULL,
    budget_cents INTEGER NOT NULL CHECK (budget_cents >= 0),
    actual_cents INTEGER NOT NULL CHECK (actual_cents >= 0),
    PRIMARY KEY (report_id, position)
) STRICT;

CREATE TABLE report_sections (
    report_id INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    heading TEXT NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (report_id, position)
) STRICT;
