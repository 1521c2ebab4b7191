-- The national network (animation nationale): the national team's events
-- (café-cités webinars, thematic working groups) with the registrations
-- of the Cités' staff and their attendance, and the resources (links or
-- documents) shared with the network. The directory reads the accounts.
CREATE TABLE network_events (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('cafe_cites', 'working_group')),
    title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 150),
    theme TEXT NOT NULL CHECK (theme IN ('mobilite', 'garde_enfants', 'aller_vers', 'numerique',
        'entreprises', 'evaluation', 'gouvernance', 'jeunes', 'femmes', 'financements')),
    starts_at TIMESTAMPTZ NOT NULL,
    ends_at TIMESTAMPTZ NOT NULL,
    place TEXT NOT NULL DEFAULT '',
    video_url TEXT NOT NULL DEFAULT '',
    capacity INTEGER CHECK (capacity IS NULL OR capacity >= 1),
    -- When the national team recorded who came, once the event was held.
    attendance_recorded_at TIMESTAMPTZ,
    created_by BIGINT REFERENCES users (id),
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    CHECK (ends_at > starts_at)
);
CREATE INDEX network_events_start ON network_events (starts_at);

-- A staff member's registration, for the Cité they registered from.
-- `attended` is NULL until the attendance sheet is recorded.
CREATE TABLE network_registrations (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id BIGINT NOT NULL REFERENCES network_events (id),
    user_id BIGINT NOT NULL REFERENCES users (id),
    cite_id BIGINT NOT NULL REFERENCES cites (id),
    registered_at TIMESTAMPTZ NOT NULL,
    attended BOOLEAN,
    CONSTRAINT network_registrations_once UNIQUE (event_id, user_id)
);
CREATE INDEX network_registrations_user ON network_registrations (user_id);

-- A shared resource: a link, or a document kept with its SHA-256 like the
-- other documents. `cite_id` is the sharing coordinator's Cité, NULL for
-- the national team; `search_text` is its folded title and description.
CREATE TABLE network_resources (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 150),
    theme TEXT NOT NULL CHECK (theme IN ('mobilite', 'garde_enfants', 'aller_vers', 'numerique',
        'entreprises', 'evaluation', 'gouvernance', 'jeunes', 'femmes', 'financements')),
    description TEXT NOT NULL,
    url TEXT,
    name TEXT CHECK (name IS NULL OR length(name) BETWEEN 1 AND 200),
    kind TEXT CHECK (kind IS NULL OR kind IN ('pdf', 'docx', 'odt', 'xlsx', 'ods')),
    size BIGINT CHECK (size IS NULL OR size BETWEEN 1 AND 10485760),
    sha256 TEXT CHECK (sha256 IS NULL OR length(sha256) = 64),
    content BYTEA,
    search_text TEXT NOT NULL,
    shared_by BIGINT NOT NULL REFERENCES users (id),
    cite_id BIGINT REFERENCES cites (id),
    shared_at TIMESTAMPTZ NOT NULL,
    CHECK ((url IS NULL) <> (content IS NULL)),
    CHECK ((content IS NULL) = (name IS NULL) AND (content IS NULL) = (kind IS NULL)
        AND (content IS NULL) = (size IS NULL) AND (content IS NULL) = (sha256 IS NULL))
);
CREATE INDEX network_resources_theme ON network_resources (theme, shared_at);
