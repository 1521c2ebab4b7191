-- Notifications: each user's choice per kind (immediately, in the daily
-- digest, never; none stored: the kind's default), and the notifications
-- themselves, written in the transaction of the event they tell (or by the
-- daily look at what falls due), then turned into messages by the worker.
-- The outbox carries notifications and digests too (SQLite cannot widen a
-- CHECK: the table is copied).
CREATE TABLE outbox_new (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('password_reset', 'invitation', 'notification', 'digest')),
    to_address TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT,
    sent_at TEXT,
    last_error TEXT
) STRICT;
INSERT INTO outbox_new SELECT * FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE sent_at IS NULL;

CREATE TABLE notification_preferences (
    user_id INTEGER NOT NULL REFERENCES users (id),
    kind TEXT NOT NULL,
    frequency TEXT NOT NULL CHECK (frequency IN ('immediat', 'quotidien', 'jamais')),
    PRIMARY KEY (user_id, kind)
) STRICT, WITHOUT ROWID;

CREATE TABLE notifications (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id),
    kind TEXT NOT NULL,
    -- The page it links to, from the application's root.
    path TEXT NOT NULL,
    -- What it is about (`referral:12`, `check:40:six_months`): a user hears
    -- of one thing once.
    about TEXT NOT NULL,
    frequency TEXT NOT NULL CHECK (frequency IN ('immediat', 'quotidien')),
    created_at TEXT NOT NULL,
    -- The message that told it (immediately or in a digest).
    outbox_id INTEGER REFERENCES outbox (id),
    UNIQUE (user_id, about)
) STRICT;
CREATE INDEX notifications_pending ON notifications (frequency, created_at)
    WHERE outbox_id IS NULL;

-- A meeting invitation's message carries its .ics (*invitation.ics*).
ALTER TABLE outbox ADD COLUMN calendar TEXT;
