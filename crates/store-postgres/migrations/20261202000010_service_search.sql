-- Catalogue search in French: `services.search` adds the labels of the
-- service's thematics (« permis » finds « Préparer un permis »). They live in
-- the binary's referential, so the store writes the document with each
-- service instead of a trigger, and rebuilds every document at open while
-- `service_search.version` is behind.
DROP TRIGGER services_search ON services;
DROP FUNCTION services_search_document();
DROP TRIGGER structures_search ON structures;
DROP FUNCTION structures_search_rename();
ALTER TABLE services ALTER COLUMN search SET DEFAULT ''::tsvector;
CREATE TABLE service_search (version BIGINT NOT NULL);
INSERT INTO service_search (version) VALUES (0);
-- Writing a service's search document changes nothing the pages list: it
-- must not bump the Cité's reference version (the rebuild at open would, once
-- per service, in one transaction).
DROP TRIGGER services_reference ON services;
CREATE TRIGGER services_reference AFTER INSERT OR DELETE ON services
    FOR EACH ROW EXECUTE FUNCTION bump_reference_version();
CREATE TRIGGER services_reference_update AFTER UPDATE ON services FOR EACH ROW
    WHEN ((to_jsonb(OLD) - 'search') IS DISTINCT FROM (to_jsonb(NEW) - 'search'))
    EXECUTE FUNCTION bump_reference_version();
