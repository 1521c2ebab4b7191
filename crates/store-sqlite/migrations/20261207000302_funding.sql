-- The Cité's money: each year's envelope by funder and line, the commitments
-- that spend it and the carry-overs of what is left to the next year.
-- Amounts are integer cents.
CREATE TABLE envelope_lines (
    id INTEGER PRIMARY KEY,
    cite_id INTEGER NOT NULL REFERENCES cites (id),
    year INTEGER NOT NULL,
    funder TEXT NOT NULL CHECK (funder IN ('anct', 'fse_plus', 'departement', 'caf', 'commune', 'autre')),
    line TEXT NOT NULL CHECK (line IN ('actions', 'ingenierie', 'autre')),
    amount_cents INTEGER NOT NULL CHECK (amount_cents >= 0),
    updated_at TEXT NOT NULL,
    CONSTRAINT envelope_lines_unique UNIQUE (cite_id, year, funder, line)
) STRICT;

CREATE TABLE commitments (
    id INTEGER PRIMARY KEY,
    envelope_line_id INTEGER NOT NULL REFERENCES envelope_lines (id),
    cite_id INTEGER NOT NULL REFERENCES cites (id),
    action_id INTEGER REFERENCES actions (id),
    label TEXT NOT NULL,
    amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
    committed_on TEXT NOT NULL,
    created_by INTEGER REFERENCES users (id),
    created_at TEXT NOT NULL
) STRICT;
CREATE INDEX commitments_line ON commitments (envelope_line_id);
CREATE INDEX commitments_action ON commitments (action_id);

CREATE TABLE carry_overs (
    id INTEGER PRIMARY KEY,
    from_line_id INTEGER NOT NULL REFERENCES envelope_lines (id),
    to_line_id INTEGER NOT NULL REFERENCES envelope_lines (id),
    cite_id INTEGER NOT NULL REFERENCES cites (id),
    amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
    decision TEXT NOT NULL,
    decided_on TEXT NOT NULL,
    created_by INTEGER REFERENCES users (id),
    created_at TEXT NOT NULL
) STRICT;
CREATE INDEX carry_overs_from ON carry_overs (from_line_id);
CREATE INDEX carry_overs_to ON carry_overs (to_line_id);
