-- Foundation: Cités, QPVs, partners, accounts, sessions, audit log.

CREATE TABLE cites (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code TEXT NOT NULL CONSTRAINT cites_code_unique UNIQUE,
    name TEXT NOT NULL,
    departement TEXT NOT NULL,
    epci TEXT,
    communes TEXT NOT NULL DEFAULT '',
    label_year INTEGER NOT NULL CHECK (label_year >= 2020),
    co_pilots TEXT,
    population BIGINT,
    unemployment_rate DOUBLE PRECISION,
    employment_rate DOUBLE PRECISION,
    poverty_rate DOUBLE PRECISION,
    defm_abc BIGINT,
    target_publics TEXT NOT NULL DEFAULT '',
    axes TEXT NOT NULL DEFAULT ''
);

CREATE TABLE qpvs (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    cite_id BIGINT NOT NULL REFERENCES cites (id),
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    communes TEXT NOT NULL DEFAULT '',
    population BIGINT,
    CONSTRAINT qpvs_code_unique UNIQUE (cite_id, code)
);

CREATE TABLE partners (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    cite_id BIGINT NOT NULL REFERENCES cites (id),
    name TEXT NOT NULL,
    category TEXT NOT NULL CHECK (category IN ('spe', 'etat', 'collectivite', 'entreprise', 'formation', 'habitants', 'associatif', 'social')),
    network TEXT,
    siret TEXT,
    address TEXT,
    postal_code TEXT,
    city TEXT,
    sensitive BOOLEAN NOT NULL DEFAULT FALSE,
    archived_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    CONSTRAINT partners_name_unique UNIQUE (cite_id, name)
);

CREATE TABLE users (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email TEXT NOT NULL CONSTRAINT users_email_unique UNIQUE,
    name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    national BOOLEAN NOT NULL DEFAULT FALSE,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE memberships (
    user_id BIGINT NOT NULL REFERENCES users (id),
    cite_id BIGINT NOT NULL REFERENCES cites (id),
    role TEXT NOT NULL CHECK (role IN ('pilote', 'coordinateur', 'referent', 'porteur')),
    partner_id BIGINT REFERENCES partners (id),
    CONSTRAINT memberships_pkey PRIMARY KEY (user_id, cite_id)
);
CREATE INDEX memberships_cite ON memberships (cite_id, role);
CREATE INDEX memberships_partner ON memberships (partner_id);

CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id),
    csrf_token TEXT NOT NULL,
    cite_id BIGINT REFERENCES cites (id),
    created_at TIMESTAMPTZ NOT NULL,
    last_seen_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE sign_in_attempts (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email TEXT NOT NULL,
    ip TEXT NOT NULL,
    success BOOLEAN NOT NULL,
    at TIMESTAMPTZ NOT NULL
);
CREATE INDEX sign_in_attempts_email ON sign_in_attempts (email, at);
CREATE INDEX sign_in_attempts_ip ON sign_in_attempts (ip, at);

CREATE TABLE audit_log (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at TIMESTAMPTZ NOT NULL,
    user_id BIGINT,
    organisation TEXT,
    cite_id BIGINT,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id BIGINT,
    person_id BIGINT,
    ip TEXT,
    request_id TEXT,
    detail TEXT
);
CREATE INDEX audit_log_cite ON audit_log (cite_id, id);
CREATE INDEX audit_log_person ON audit_log (person_id, id) WHERE person_id IS NOT NULL;

-- The audit log is append-only: no update ever, and no deletion before the
-- shortest retention a Cité may choose (6 months).
CREATE FUNCTION audit_log_guard() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        RAISE EXCEPTION 'le journal d''audit ne se modifie pas';
    END IF;
    IF OLD.at > now() - interval '6 months' THEN
        RAISE EXCEPTION 'le journal d''audit se conserve au moins 6 mois';
    END IF;
    RETURN OLD;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
FOR EACH ROW EXECUTE FUNCTION audit_log_guard();
