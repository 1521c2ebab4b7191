-- Catalogue search in French: the index holds French stems, computed by the
-- store when it writes a service (maillage_domain::services::search), and
-- the labels of the service's thematics (« permis » finds « Préparer un
-- permis »). The triggers that copied the raw texts go. The store rebuilds
-- the whole index at open while `service_search.version` is behind.
DROP TRIGGER services_fts_insert;
DROP TRIGGER services_fts_update;
DROP TRIGGER services_fts_structure_rename;
DROP TRIGGER services_fts_delete;
DROP TABLE services_fts;
CREATE VIRTUAL TABLE services_fts USING fts5 (
    name, structure_name, thematics, description,
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER services_fts_delete AFTER DELETE ON services BEGIN
    DELETE FROM services_fts WHERE rowid = old.id;
END;
CREATE TABLE service_search (version INTEGER NOT NULL) STRICT;
INSERT INTO service_search (version) VALUES (0);
