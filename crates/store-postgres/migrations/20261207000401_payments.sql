-- Paying a commitment: its schedule of planned instalments and the payments
-- made. Amounts are integer cents; neither the schedule nor the payments
-- exceed the commitment (checked under the commitment's row lock).
CREATE TABLE payment_instalments (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    commitment_id BIGINT NOT NULL REFERENCES commitments (id),
    cite_id BIGINT NOT NULL REFERENCES cites (id),
    label TEXT NOT NULL,
    planned_on DATE NOT NULL,
    amount_cents BIGINT NOT NULL CHECK (amount_cents > 0),
    created_by BIGINT REFERENCES users (id),
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX payment_instalments_commitment ON payment_instalments (commitment_id);
CREATE INDEX payment_instalments_cite ON payment_instalments (cite_id);

CREATE TABLE payments (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    commitment_id BIGINT NOT NULL REFERENCES commitments (id),
    cite_id BIGINT NOT NULL REFERENCES cites (id),
    instalment_id BIGINT REFERENCES payment_instalments (id),
    paid_on DATE NOT NULL,
    amount_cents BIGINT NOT NULL CHECK (amount_cents > 0),
    created_by BIGINT REFERENCES users (id),
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX payments_commitment ON payments (commitment_id);
CREATE INDEX payments_cite ON payments (cite_id);
CREATE INDEX payments_instalment ON payments (instalment_id);
