-- Uploaded documents, kept in the database so that a backup holds them
-- with the records they belong to. An owner is a kind and an id: a call
-- (its text, its templates), an application (a porteur's attachments),
-- later an agreement or a report. The SHA-256 is of `content`.
CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    cite_id INTEGER NOT NULL REFERENCES cites (id),
    owner_kind TEXT NOT NULL CHECK (owner_kind IN ('call', 'application', 'agreement', 'report')),
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
CREATE INDEX documents_owner ON documents (owner_kind, owner_id);
