-- Paying a commitment: its schedule of planned instalments and the payments
-- made. Amounts are integer cents; neither the schedule nor the payments
-- exceed the commitment (checked under the commitment's row lock).
CREATE TABLE payment_instalments (
    id INTEGER PRIMARY KEY,
    commitment_id INTEGER NOT NULL REFERENCES commitments (id),
    cite_id INTEGER NOT NULL REFERENCES cites (id),
    label TEXT NOT NULL,
    planned_on TEXT NOT NULL,
    amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
    created_by INTEGER REFERENCES users (id),
    created_at TEXT NOT NULL
) STRICT;
CREATE INDEX payment_instalments_commitment ON payment_instalments (commitment_id);
CREATE INDEX payment_instalments_cite ON payment_instalments (cite_id);

CREATE TABLE payments (
    id INTEGER PRIMARY KEY,
    commitment_id INTEGER NOT NULL REFERENCES commitments (id),
    cite_id INTEGER NOT NULL REFERENCES cites (id),
    instalment_id INTEGER REFERENCES payment_instalments (id),
    paid_on TEXT NOT NULL,
    amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
    created_by INTEGER REFERENCES users (id),
    created_at TEXT NOT NULL
) STRICT;
CREATE INDEX payments_commitment ON payments (commitment_id);
CREATE INDEX payments_cite ON payments (cite_id);
CREATE INDEX payments_instalment ON payments (instalment_id);
