-- The national network (animation nationale): the national team's events
-- (café-cités webinars, thematic working groups) with the registrations
-- of the Cités' staff and their attendance, and the resources (links or
-- documents) shared with the network. The directory reads the accounts.
CREATE TABLE network_events (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('cafe_cites', 'working_group')),
    title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 150),
    theme TEXT NOT NULL CHECK (theme IN ('mobilite', 'garde_enfants', 'aller_vers', 'numerique',
        'entreprises', 'evaluation', 'gouvernance', 'jeunes', 'femmes', 'financements')),
    starts_at TEXT NOT NULL,
    ends_at TEXT NOT NULL,
    place TEXT NOT NULL DEFAULT '',
    video_url TEXT NOT NULL DEFAULT '',
    capacity INTEGER CHECK (capacity IS NULL OR capacity >= 1),
    -- When the national team recorded who came, once the event was held.
    attendance_recorded_at TEXT,
    created_by INTEGER REFERENCES users (id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK (ends_at > starts_at)
) STRICT;
CREATE INDEX network_events_start ON network_events (starts_at);

-- A staff member's registration, for the Cité they registered from.
-- `attended` is NULL until the attendance sheet is recorded.
CREATE TABLE network_registrations (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES network_events (id),
    user_id INTEGER NOT NULL REFERENCES users (id),
    cite_id INTEGER NOT NULL REFERENCES cites (id),
    registered_at TEXT NOT NULL,
    attended INTEGER CHECK (attended IN (0, 1)),
    CONSTRAINT network_registrations_once UNIQUE (event_id, user_id)
) STRICT;
CREATE INDEX network_registrations_user ON network_registrations (user_id);

-- A shared resource: a link, or a document kept with its SHA-256 like the
-- other documents. `cite_id` is the sharing coordinator's Cité, NULL for
-- the national team; `search_text` is its folded title and description.
CREATE TABLE network_resources (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 150),
    theme TEXT NOT NULL CHECK (theme IN ('mobilite', 'garde_enfants', 'aller_vers', 'numerique',
        'entreprises', 'evaluation', 'gouvernance', 'jeunes', 'femmes', 'financements')),
    description TEXT NOT NULL,
    url TEXT,
    name TEXT CHECK (name IS NULL OR length(name) BETWEEN 1 AND 200),
    kind TEXT CHECK (kind IS NULL OR kind IN ('pdf', 'docx', 'odt', 'xlsx', 'ods')),
    size INTEGER CHECK (size IS NULL OR size BETWEEN 1 AND 10485760),
    sha256 TEXT CHECK (sha256 IS NULL OR length(sha256) = 64),
    content BLOB,
    search_text TEXT NOT NULL,
    shared_by INTEGER NOT NULL REFERENCES users (id),
    cite_id INTEGER REFERENCES cites (id),
    shared_at TEXT NOT NULL,
    CHECK ((url IS NULL) <> (content IS NULL)),
    CHECK ((content IS NULL) = (name IS NULL) AND (content IS NULL) = (kind IS NULL)
        AND (content IS NULL) = (size IS NULL) AND (content IS NULL) = (sha256 IS NULL))
) STRICT;
CREATE INDEX network_resources_theme ON network_resources (theme, shared_at);
