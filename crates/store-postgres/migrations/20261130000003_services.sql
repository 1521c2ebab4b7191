-- The territory's service catalogue (offre de service) in the data·inclusion v1
-- shape: structures and their services, per Cité. `catalogue_items` becomes
-- `services` (its `kind` goes: the Cité's actions get their own table) and
-- `steps.catalogue_item_id` becomes `steps.service_id`.
-- Lists of data·inclusion codes are space-separated text in the given order
-- ('' when none): `' ' || thematics || ' ' LIKE '% code %'` finds a code.

CREATE TABLE structures (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    cite_id BIGINT NOT NULL REFERENCES cites (id),
    -- The Cité's partner this structure is, when it is one.
    partner_id BIGINT REFERENCES partners (id),
    source TEXT NOT NULL,
    source_id TEXT NOT NULL,
    name TEXT NOT NULL,
    updated_on DATE NOT NULL,
    description TEXT,
    source_link TEXT,
    siret TEXT,
    commune TEXT,
    postal_code TEXT,
    insee_code TEXT,
    street TEXT,
    complement TEXT,
    longitude DOUBLE PRECISION,
    latitude DOUBLE PRECISION,
    phone TEXT,
    email TEXT,
    website TEXT,
    opening_hours TEXT,
    accessibility TEXT,
    networks TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    CONSTRAINT structures_source_unique UNIQUE (cite_id, source, source_id)
);
CREATE INDEX structures_partner ON structures (partner_id);

-- Offers recorded before: their partner becomes a structure, or the Cité when
-- they had none.
INSERT INTO structures (cite_id, partner_id, source, source_id, name, updated_on, siret, commune,
    postal_code, street, networks, created_at, updated_at)
SELECT p.cite_id, p.id, 'maillage', 'partenaire-' || p.id, p.name, CURRENT_DATE, p.siret, p.city,
    p.postal_code, p.address, COALESCE(p.network, ''), now(), now()
FROM partners p WHERE p.id IN (SELECT partner_id FROM catalogue_items);
INSERT INTO structures (cite_id, source, source_id, name, updated_on, created_at, updated_at)
SELECT c.id, 'maillage', 'cite-' || c.id, c.name, CURRENT_DATE, now(), now()
FROM cites c WHERE c.id IN (SELECT cite_id FROM catalogue_items WHERE partner_id IS NULL);

ALTER TABLE catalogue_items RENAME TO services;
ALTER TABLE services RENAME CONSTRAINT catalogue_items_pkey TO services_pkey;
-- Several structures may offer services of the same name.
ALTER TABLE services DROP CONSTRAINT catalogue_items_name_unique;
ALTER TABLE services DROP COLUMN kind;
ALTER TABLE services
    ADD COLUMN structure_id BIGINT REFERENCES structures (id),
    ADD COLUMN source TEXT,
    ADD COLUMN source_id TEXT,
    ADD COLUMN description TEXT,
    ADD COLUMN source_link TEXT,
    ADD COLUMN updated_on DATE,
    ADD COLUMN service_type TEXT,
    ADD COLUMN thematics TEXT NOT NULL DEFAULT '',
    ADD COLUMN fees TEXT,
    ADD COLUMN fees_details TEXT,
    ADD COLUMN publics TEXT NOT NULL DEFAULT '',
    ADD COLUMN publics_details TEXT,
    ADD COLUMN access_conditions TEXT,
    ADD COLUMN commune TEXT,
    ADD COLUMN postal_code TEXT,
    ADD COLUMN insee_code TEXT,
    ADD COLUMN street TEXT,
    ADD COLUMN complement TEXT,
    ADD COLUMN longitude DOUBLE PRECISION,
    ADD COLUMN latitude DOUBLE PRECISION,
    ADD COLUMN phone TEXT,
    ADD COLUMN email TEXT,
    ADD COLUMN reception_modes TEXT NOT NULL DEFAULT '',
    ADD COLUMN eligibility_zone TEXT NOT NULL DEFAULT '',
    ADD COLUMN contact_name TEXT,
    ADD COLUMN mobilisation_link TEXT,
    ADD COLUMN mobilisation_modes TEXT NOT NULL DEFAULT '',
    ADD COLUMN mobilisable_by TEXT NOT NULL DEFAULT '',
    ADD COLUMN mobilisation_details TEXT,
    ADD COLUMN weekly_hours DOUBLE PRECISION,
    ADD COLUMN weeks INTEGER,
    ADD COLUMN opening_hours TEXT,
    ADD COLUMN created_at TIMESTAMPTZ,
    ADD COLUMN updated_at TIMESTAMPTZ;
UPDATE services i SET structure_id = s.id, source = 'maillage', source_id = 'offre-' || i.id,
    description = 'Offre du catalogue de la Cité : ' || i.name, updated_on = CURRENT_DATE,
    created_at = now(), updated_at = now()
FROM structures s WHERE s.cite_id = i.cite_id AND s.source = 'maillage'
    AND s.source_id = CASE WHEN i.partner_id IS NULL THEN 'cite-' || i.cite_id
        ELSE 'partenaire-' || i.partner_id END;
ALTER TABLE services DROP COLUMN partner_id;
ALTER TABLE services
    ALTER COLUMN structure_id SET NOT NULL,
    ALTER COLUMN source SET NOT NULL,
    ALTER COLUMN source_id SET NOT NULL,
    ALTER COLUMN description SET NOT NULL,
    ALTER COLUMN updated_on SET NOT NULL,
    ALTER COLUMN created_at SET NOT NULL,
    ALTER COLUMN updated_at SET NOT NULL,
    ADD CONSTRAINT services_source_unique UNIQUE (cite_id, source, source_id);
CREATE INDEX services_cite ON services (cite_id, name);
CREATE INDEX services_structure ON services (structure_id);

ALTER TABLE steps RENAME COLUMN catalogue_item_id TO service_id;
ALTER TABLE steps RENAME CONSTRAINT steps_catalogue_item_id_fkey TO steps_service_id_fkey;
CREATE INDEX steps_service ON steps (service_id);

-- Free text, French and accent-insensitive: « creche » finds « crèche ». The
-- unaccent extension is trusted (PostgreSQL 13+): a database owner may
-- install it. Its dictionary is named with its schema, whatever the search path.
CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public;
CREATE TEXT SEARCH CONFIGURATION french_unaccent (COPY = pg_catalog.french);
ALTER TEXT SEARCH CONFIGURATION french_unaccent
    ALTER MAPPING FOR hword, hword_part, word WITH public.unaccent, french_stem;
-- A service is found by its structure's name too (« mission locale »): a
-- generated column cannot read another table, so triggers keep `search`.
CREATE FUNCTION services_search_document() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search := setweight(to_tsvector('french_unaccent', NEW.name), 'A')
        || setweight(to_tsvector('french_unaccent',
            COALESCE((SELECT name FROM structures WHERE id = NEW.structure_id), '')), 'B')
        || setweight(to_tsvector('french_unaccent', NEW.description), 'C');
    RETURN NEW;
END
$$;
ALTER TABLE services ADD COLUMN search tsvector;
CREATE TRIGGER services_search BEFORE INSERT OR UPDATE OF name, description, structure_id
    ON services FOR EACH ROW EXECUTE FUNCTION services_search_document();
-- Setting a column to itself fires the trigger above on the renamed
-- structure's services.
CREATE FUNCTION structures_search_rename() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE services SET name = name WHERE structure_id = NEW.id;
    RETURN NULL;
END
$$;
CREATE TRIGGER structures_search AFTER UPDATE OF name ON structures FOR EACH ROW
    WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION structures_search_rename();
UPDATE services SET name = name;
ALTER TABLE services ALTER COLUMN search SET NOT NULL;
CREATE INDEX services_search ON services USING GIN (search);
