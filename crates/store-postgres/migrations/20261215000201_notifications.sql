-- Notifications: each user's choice per kind (immediately, in the daily
-- digest, never; none stored: the kind's default), and the notifications
-- themselves, written in the transaction of the event they tell (or by the
-- daily look at what falls due), then turned into messages by the worker.
CREATE TABLE notification_preferences (
    user_id BIGINT NOT NULL REFERENCES users (id),
    kind TEXT NOT NULL,
    frequency TEXT NOT NULL CHECK (frequency IN ('immediat', 'quotidien', 'jamais')),
    PRIMARY KEY (user_id, kind)
);

CREATE TABLE notifications (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id),
    kind TEXT NOT NULL,
    -- The page it links to, from the application's root.
    path TEXT NOT NULL,
    -- What it is about (`referral:12`, `check:40:six_months`): a user hears
    -- of one thing once.
    about TEXT NOT NULL,
    frequency TEXT NOT NULL CHECK (frequency IN ('immediat', 'quotidien')),
    created_at TIMESTAMPTZ NOT NULL,
    -- The message that told it (immediately or in a digest).
    outbox_id BIGINT REFERENCES outbox (id),
    UNIQUE (user_id, about)
);
CREATE INDEX notifications_pending ON notifications (frequency, created_at)
    WHERE outbox_id IS NULL;

ALTER TABLE outbox DROP CONSTRAINT outbox_kind_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_kind_check
    CHECK (kind IN ('password_reset', 'invitation', 'notification', 'digest'));

-- A meeting invitation's message carries its .ics (*invitation.ics*).
ALTER TABLE outbox ADD COLUMN calendar TEXT;
