-- A meeting's agenda (ordre du jour): items in the coordinator's order,
-- each a title, an optional text, and its attachments (documents owned by
-- an `agenda_item`). Positions may leave gaps once an item is removed: the
-- pages number items by their rank in that order.
CREATE TABLE agenda_items (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    meeting_id BIGINT NOT NULL REFERENCES meetings (id),
    cite_id BIGINT NOT NULL REFERENCES cites (id),
    position INTEGER NOT NULL CHECK (position >= 1),
    title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 150),
    description TEXT NOT NULL DEFAULT '',
    created_by BIGINT REFERENCES users (id),
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX agenda_items_meeting ON agenda_items (meeting_id, position);

-- Documents may belong to an agenda item.
ALTER TABLE documents DROP CONSTRAINT documents_owner_kind_check;
ALTER TABLE documents ADD CONSTRAINT documents_owner_kind_check
    CHECK (owner_kind IN ('call', 'application', 'agreement', 'report', 'agenda_item'));
