-- Services and structures can be archived: kept for the steps and services
-- that point to them, left out of search, suggestions and exports.
ALTER TABLE structures ADD COLUMN archived_at TEXT;
ALTER TABLE services ADD COLUMN archived_at TEXT;
