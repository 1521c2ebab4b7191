-- The Cité's money: each year's envelope by funder and line, the commitments
-- that spend it and the carry-overs of what is left to the next year.
-- Amounts are integer cents.
CREATE TABLE envelope_lines (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    cite_id BIGINT NOT NULL REFERENCES cites (id),
    year INTEGER NOT NULL,
    funder TEXT NOT NULL CHECK (funder IN ('anct', 'fse_plus', 'departement', 'caf', 'commune', 'autre')),
    line TEXT NOT NULL CHECK (line IN ('actions', 'ingenierie', 'autre')),
    amount_cents BIGINT NOT NULL CHECK (amount_cents >= 0),
    updated_at TIMESTAMPTZ NOT NULL,
    CONSTRAINT envelope_lines_unique UNIQUE (cite_id, year, funder, line)
);

CREATE TABLE commitments (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    envelope_line_id BIGINT NOT NULL REFERENCES envelope_lines (id),
    cite_id BIGINT NOT NULL REFERENCES cites (id),
    action_id BIGINT REFERENCES actions (id),
    label TEXT NOT NULL,
    amount_cents BIGINT NOT NULL CHECK (amount_cents > 0),
    committed_on DATE NOT NULL,
    created_by BIGINT REFERENCES users (id),
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX commitments_line ON commitments (envelope_line_id);
CREATE INDEX commitments_action ON commitments (action_id);

CREATE TABLE carry_overs (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    from_line_id BIGINT NOT NULL REFERENCES envelope_lines (id),
    to_line_id BIGINT NOT NULL REFERENCES envelope_lines (id),
    cite_id BIGINT NOT NULL REFERENCES cites (id),
    amount_cents BIGINT NOT NULL CHECK (amount_cents > 0),
    decision TEXT NOT NULL,
    decided_on DATE NOT NULL,
    created_by BIGINT REFERENCES users (id),
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX carry_overs_from ON carry_overs (from_line_id);
CREATE INDEX carry_overs_to ON carry_overs (to_line_id);
