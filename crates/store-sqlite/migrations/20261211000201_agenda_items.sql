-- A meeting's agenda (ordre du jour): items in the coordinator's order,
-- each a title, an optional text, and its attachments (documents owned by
-- an `agenda_item`). Positions may leave gaps once an item is removed: the
-- pages number items by their rank in that order.
CREATE TABLE agenda_items (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings (id),
    cite_id INTEGER NOT NULL REFERENCES cites (id),
    position INTEGER NOT NULL CHECK (position >= 1),
    title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 150),
    description TEXT NOT NULL DEFAULT '',
    created_by INTEGER REFERENCES users (id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX agenda_items_meeting ON agenda_items (meeting_id, position);

-- Documents may belong to an agenda item. SQLite cannot alter a CHECK: the
-- table is rebuilt (nothing references it), its rows and index kept.
CREATE TABLE documents_new (
    id INTEGER PRIMARY KEY,
    cite_id INTEGER NOT NULL REFERENCES cites (id),
    owner_kind TEXT NOT NULL CHECK (owner_kind IN ('call', 'application', 'agreement', 'report',
        'agenda_item')),
    owner_id INTEGER NOT NULL,
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    label TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL CHECK (kind IN ('pdf', 'docx', 'odt', 'xlsx', 'ods')),
    size INTEGER NOT NULL CHECK (size BETWEEN 1 AND 10485760),
    sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
    content BLOB NOT NULL,
    uploaded_by INTEGER REFERENCES users (id),
    uploaded_at TEXT NOT NULL
) STRICT;
INSERT INTO documents_new (id, cite_id, owner_kind, owner_id, name, label, kind, size, sha256,
                           content, uploaded_by, uploaded_at)
    SELECT id, cite_id, owner_kind, owner_id, name, label, kind, size, sha256,
           content, uploaded_by, uploaded_at
    FROM documents;
DROP TABLE documents;
ALTER TABLE documents_new RENAME TO documents;
CREATE INDEX documents_owner ON documents (owner_kind, owner_id);
