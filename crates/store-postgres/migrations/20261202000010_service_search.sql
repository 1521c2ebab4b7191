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
