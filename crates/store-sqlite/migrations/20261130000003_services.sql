-- The territory's service catalogue (offre de service) in the data·inclusion v1
-- shape: structures and their services, per Cité. `catalogue_items` becomes
-- `services` (its `kind` goes: the Cité's actions get their own table) and
-- `steps.catalogue_item_id` becomes `steps.service_id`. SQLite cannot drop a
-- table constraint (the old unique name), so both tables are rebuilt.
-- Lists of data·inclusion codes are space-separated text in the given order
-- ('' when none): `' ' || thematics || ' ' LIKE '% code %'` finds a code.

CREATE TABLE structures (
    id INTEGER PRIMARY KEY,
    cite_id INTEGER NOT NULL REFERENCES cites (id),
    -- The Cité's partner this structure is, when it is one.
    partner_id INTEGER REFERENCES partners (id),
    source TEXT NOT NULL,
    source_id TEXT NOT NULL,
    name TEXT NOT NULL,
    updated_on TEXT NOT NULL,
    description TEXT,
    source_link TEXT,
    siret TEXT,
    commune TEXT,
    postal_code TEXT,
    insee_code TEXT,
    street TEXT,
    complement TEXT,
    longitude REAL,
    latitude REAL,
    phone TEXT,
    email TEXT,
    website TEXT,
    opening_hours TEXT,
    accessibility TEXT,
    networks TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CONSTRAINT structures_source_unique UNIQUE (cite_id, source, source_id)
) STRICT;
CREATE INDEX structures_partner ON structures (partner_id);

-- Offers recorded before: their partner becomes a structure, or the Cité when
-- they had none.
INSERT INTO structures (cite_id, partner_id, source, source_id, name, updated_on, siret, commune,
    postal_code, street, networks, created_at, updated_at)
SELECT p.cite_id, p.id, 'maillage', 'partenaire-' || p.id, p.name, date('now'), p.siret, p.city,
    p.postal_code, p.address, COALESCE(p.network, ''), strftime('%Y-%m-%dT%H:%M:%SZ', 'now'),
    strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
FROM partners p WHERE p.id IN (SELECT partner_id FROM catalogue_items);
INSERT INTO structures (cite_id, source, source_id, name, updated_on, created_at, updated_at)
SELECT c.id, 'maillage', 'cite-' || c.id, c.name, date('now'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now'),
    strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
FROM cites c WHERE c.id IN (SELECT cite_id FROM catalogue_items WHERE partner_id IS NULL);

CREATE TABLE services (
    id INTEGER PRIMARY KEY,
    cite_id INTEGER NOT NULL REFERENCES cites (id),
    structure_id INTEGER NOT NULL REFERENCES structures (id),
    source TEXT NOT NULL,
    source_id TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    source_link TEXT,
    updated_on TEXT NOT NULL,
    service_type TEXT,
    thematics TEXT NOT NULL DEFAULT '',
    fees TEXT,
    fees_details TEXT,
    publics TEXT NOT NULL DEFAULT '',
    publics_details TEXT,
    access_conditions TEXT,
    commune TEXT,
    postal_code TEXT,
    insee_code TEXT,
    street TEXT,
    complement TEXT,
    longitude REAL,
    latitude REAL,
    phone TEXT,
    email TEXT,
    reception_modes TEXT NOT NULL DEFAULT '',
    eligibility_zone TEXT NOT NULL DEFAULT '',
    contact_name TEXT,
    mobilisation_link TEXT,
    mobilisation_modes TEXT NOT NULL DEFAULT '',
    mobilisable_by TEXT NOT NULL DEFAULT '',
    mobilisation_details TEXT,
    weekly_hours REAL,
    weeks INTEGER,
    opening_hours TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CONSTRAINT services_source_unique UNIQUE (cite_id, source, source_id)
) STRICT;
CREATE INDEX services_cite ON services (cite_id, name);
CREATE INDEX services_structure ON services (structure_id);

INSERT INTO services (id, cite_id, structure_id, source, source_id, name, description, updated_on,
    created_at, updated_at)
SELECT i.id, i.cite_id, s.id, 'maillage', 'offre-' || i.id, i.name,
    'Offre du catalogue de la Cité : ' || i.name, date('now'), s.created_at, s.created_at
FROM catalogue_items i JOIN structures s ON s.cite_id = i.cite_id AND s.source = 'maillage'
    AND s.source_id = CASE WHEN i.partner_id IS NULL THEN 'cite-' || i.cite_id
        ELSE 'partenaire-' || i.partner_id END;

CREATE TABLE steps_new (
    id INTEGER PRIMARY KEY,
    participant_id INTEGER NOT NULL REFERENCES participants (id),
    service_id INTEGER REFERENCES services (id),
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
INSERT INTO steps_new SELECT id, participant_id, catalogue_item_id, label, partner_id, planned_on,
    started_on, ended_on, status, result, created_by, created_at FROM steps;
DROP TABLE steps;
ALTER TABLE steps_new RENAME TO steps;
CREATE INDEX steps_participant ON steps (participant_id);
CREATE INDEX steps_service ON steps (service_id);
DROP TABLE catalogue_items;

-- Free text, accent-insensitive: « creche » finds « crèche », and a service is
-- found by its structure's name too (« mission locale »). FTS5's external
-- content reads one table only, so the index keeps its own copy of the three
-- texts, kept by the triggers below; its rowid is the service's id.
CREATE VIRTUAL TABLE services_fts USING fts5 (
    name, structure_name, description,
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO services_fts (rowid, name, structure_name, description)
SELECT s.id, s.name, st.name, s.description FROM services s JOIN structures st ON st.id = s.structure_id;
CREATE TRIGGER services_fts_insert AFTER INSERT ON services BEGIN
    INSERT INTO services_fts (rowid, name, structure_name, description)
    VALUES (new.id, new.name, (SELECT name FROM structures WHERE id = new.structure_id), new.description);
END;
CREATE TRIGGER services_fts_delete AFTER DELETE ON services BEGIN
    DELETE FROM services_fts WHERE rowid = old.id;
END;
CREATE TRIGGER services_fts_update AFTER UPDATE OF name, description, structure_id ON services BEGIN
    UPDATE services_fts SET name = new.name, description = new.description,
        structure_name = (SELECT name FROM structures WHERE id = new.structure_id)
    WHERE rowid = new.id;
END;
CREATE TRIGGER services_fts_structure_rename AFTER UPDATE OF name ON structures BEGIN
    UPDATE services_fts SET structure_name = new.name
    WHERE rowid IN (SELECT id FROM services WHERE structure_id = new.id);
END;
