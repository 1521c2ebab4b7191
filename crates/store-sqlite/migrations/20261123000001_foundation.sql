-- Foundation: Cités, QPVs, partners, accounts, sessions, audit log.
-- Timestamps are RFC 3339 UTC text (sqlx's chrono encoding), which sorts in time order.

CREATE TABLE cites (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL CONSTRAINT cites_code_unique UNIQUE,
    name TEXT NOT NULL,
    departement TEXT NOT NULL,
    epci TEXT,
    communes TEXT NOT NULL DEFAULT '',
    label_year INTEGER NOT NULL CHECK (label_year >= 2020),
    co_pilots TEXT,
    population INTEGER,
    unemployment_rate REAL,
    employment_rate REAL,
    poverty_rate REAL,
    defm_abc INTEGER,
    target_publics TEXT NOT NULL DEFAULT '',
    axes TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE qpvs (
    id INTEGER PRIMARY KEY,
    cite_id INTEGER NOT NULL REFERENCES cites (id),
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    communes TEXT NOT NULL DEFAULT '',
    population INTEGER,
    CONSTRAINT qpvs_code_unique UNIQUE (cite_id, code)
) STRICT;

CREATE TABLE partners (
    id INTEGER PRIMARY KEY,
    cite_id INTEGER NOT NULL REFERENCES cites (id),
    name TEXT NOT NULL,
    category TEXT NOT NULL CHECK (category IN ('spe', 'etat', 'collectivite', 'entreprise', 'formation', 'habitants', 'associatif', 'social')),
    network TEXT,
    siret TEXT,
    address TEXT,
    postal_code TEXT,
    city TEXT,
    sensitive INTEGER NOT NULL DEFAULT 0 CHECK (sensitive IN (0, 1)),
    archived_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CONSTRAINT partners_name_unique UNIQUE (cite_id, name)
) STRICT;

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL CONSTRAINT users_email_unique UNIQUE,
    name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    national INTEGER NOT NULL DEFAULT 0 CHECK (national IN (0, 1)),
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at TEXT NOT NULL
) STRICT;

CREATE TABLE memberships (
    user_id INTEGER NOT NULL REFERENCES users (id),
    cite_id INTEGER NOT NULL REFERENCES cites (id),
    role TEXT NOT NULL CHECK (role IN ('pilote', 'coordinateur', 'referent', 'porteur')),
    partner_id INTEGER REFERENCES partners (id),
    CONSTRAINT memberships_pkey PRIMARY KEY (user_id, cite_id)
) STRICT;
CREATE INDEX memberships_cite ON memberships (cite_id, role);
CREATE INDEX memberships_partner ON memberships (partner_id);

CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id),
    csrf_token TEXT NOT NULL,
    cite_id INTEGER REFERENCES cites (id),
    created_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE sign_in_attempts (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL,
    ip TEXT NOT NULL,
    success INTEGER NOT NULL CHECK (success IN (0, 1)),
    at TEXT NOT NULL
) STRICT;
CREATE INDEX sign_in_attempts_email ON sign_in_attempts (email, at);
CREATE INDEX sign_in_attempts_ip ON sign_in_attempts (ip, at);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    user_id INTEGER,
    organisation TEXT,
    cite_id INTEGER,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id INTEGER,
    person_id INTEGER,
    ip TEXT,
    request_id TEXT,
    detail TEXT
) STRICT;
CREATE INDEX audit_log_cite ON audit_log (cite_id, id);
CREATE INDEX audit_log_person ON audit_log (person_id, id) WHERE person_id IS NOT NULL;

-- The audit log is append-only: no update ever, and no deletion before the
-- shortest retention a Cité may choose (6 months).
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'le journal d''audit ne se modifie pas');
END;
CREATE TRIGGER audit_log_no_early_delete BEFORE DELETE ON audit_log
WHEN old.at > strftime('%Y-%m-%dT%H:%M:%S', 'now', '-6 months')
BEGIN
    SELECT RAISE(ABORT, 'le journal d''audit se conserve au moins 6 mois');
END;
