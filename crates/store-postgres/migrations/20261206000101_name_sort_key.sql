-- The folded key persons are sorted by (domain::names::sort_key), written
-- by the store with every name. Rows written before it get theirs from the
-- store's Rust pass at open time (fill_sort_keys): SQL cannot fold accents
-- the way the domain does. "C": byte order, SQLite's own, whatever the
-- database's locale.
ALTER TABLE participants ADD COLUMN sort_key TEXT COLLATE "C" NOT NULL DEFAULT '';
CREATE INDEX participants_sort_key ON participants (cite_id, sort_key, id);
