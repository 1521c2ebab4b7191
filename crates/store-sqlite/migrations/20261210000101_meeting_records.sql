-- What happens around a meeting (séance): the members invited (convocation)
-- and what each answered, who was there (émargement), and the minutes
-- (compte rendu), kept revision by revision; the members read the revision
-- the coordinator published.
CREATE TABLE meeting_invitations (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings (id),
    member_id INTEGER NOT NULL REFERENCES committee_members (id),
    invited_at TEXT NOT NULL,
    reply TEXT CHECK (reply IN ('coming', 'excused', 'represented')),
    representative TEXT NOT NULL DEFAULT '',
    replied_by INTEGER REFERENCES users (id),
    replied_at TEXT,
    attendance TEXT CHECK (attendance IN ('present', 'excused', 'absent', 'represented')),
    CHECK ((reply = 'represented') = (representative <> '')),
    CONSTRAINT meeting_invitations_member UNIQUE (meeting_id, member_id)
) STRICT;
-- A member's invitations across meetings (attendance over the year).
CREATE INDEX meeting_invitations_of_member ON meeting_invitations (member_id);

CREATE TABLE meeting_minutes (
    meeting_id INTEGER NOT NULL REFERENCES meetings (id),
    revision INTEGER NOT NULL CHECK (revision >= 1),
    body TEXT NOT NULL,
    written_by INTEGER REFERENCES users (id),
    written_at TEXT NOT NULL,
    PRIMARY KEY (meeting_id, revision)
) STRICT;

ALTER TABLE meetings ADD COLUMN invited_at TEXT;
ALTER TABLE meetings ADD COLUMN minutes_published_revision INTEGER;
ALTER TABLE meetings ADD COLUMN minutes_published_at TEXT;

-- A private calendar feed per user and Cité: only the token's SHA-256.
CREATE TABLE calendar_feeds (
    user_id INTEGER NOT NULL REFERENCES users (id),
    cite_id INTEGER NOT NULL REFERENCES cites (id),
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    PRIMARY KEY (user_id, cite_id)
) STRICT;
