-- Agreements (conventions) funding accepted applications: each calendar
-- year of the project is a commitment on the Cité's envelope; each year owes
-- a qualitative and a financial bilan (reports), whose figures and texts are
-- kept here. Amounts are integer cents.
CREATE TABLE agreements (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    application_id BIGINT NOT NULL UNIQUE REFERENCES applications (id),
    cite_id BIGINT NOT NULL REFERENCES cites (id),
    reference TEXT NOT NULL,
    advance_percent INTEGER NOT NULL CHECK (advance_percent BETWEEN 0 AND 100),
    drawn_on DATE NOT NULL,
    signed_on DATE,
    created_by BIGINT REFERENCES users (id),
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    CONSTRAINT agreements_reference UNIQUE (cite_id, reference)
);

CREATE TABLE agreement_years (
    agreement_id BIGINT NOT NULL REFERENCES agreements (id),
    year INTEGER NOT NULL,
    amount_cents BIGINT NOT NULL CHECK (amount_cents > 0),
    commitment_id BIGINT NOT NULL UNIQUE REFERENCES commitments (id),
    PRIMARY KEY (agreement_id, year)
);

CREATE TABLE reports (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    agreement_id BIGINT NOT NULL REFERENCES agreements (id),
    cite_id BIGINT NOT NULL REFERENCES cites (id),
    year INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('qualitative', 'financial')),
    due_on DATE NOT NULL,
    received_on DATE,
    received_by BIGINT REFERENCES users (id),
    updated_at TIMESTAMPTZ NOT NULL,
    CONSTRAINT reports_unique UNIQUE (agreement_id, year, kind)
);
-- « À faire »: a Cité's bilans still awaited, by due date.
CREATE INDEX reports_awaited ON reports (cite_id, due_on) WHERE received_on IS NULL;

CREATE TABLE report_lines (
    report_id BIGINT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    label TEXT NOT NULL,
    budget_cents BIGINT NOT NULL CHECK (budget_cents >= 0),
    actual_cents BIGINT NOT NULL CHECK (actual_cents >= 0),
    PRIMARY KEY (report_id, position)
);

CREATE TABLE report_sections (
    report_id BIGINT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    heading TEXT NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (report_id, position)
);
