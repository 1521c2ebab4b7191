-- The case review (commission de suivi des parcours): the persons a meeting
-- reviews, each under the pseudonym given when added (initials and a number
-- within the meeting), and what was decided about each, which belongs to
-- the person's file, not to the shared minutes.
CREATE TABLE case_reviews (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    meeting_id BIGINT NOT NULL REFERENCES meetings (id),
    cite_id BIGINT NOT NULL REFERENCES cites (id),
    participant_id BIGINT NOT NULL REFERENCES participants (id),
    number INTEGER NOT NULL CHECK (number >= 1),
    pseudonym TEXT NOT NULL,
    added_by BIGINT REFERENCES users (id),
    added_at TIMESTAMPTZ NOT NULL,
    CONSTRAINT case_reviews_person UNIQUE (meeting_id, participant_id),
    CONSTRAINT case_reviews_number UNIQUE (meeting_id, number)
);
-- The reviews of a person, on their file.
CREATE INDEX case_reviews_participant ON case_reviews (participant_id);

CREATE TABLE case_review_decisions (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_review_id BIGINT NOT NULL REFERENCES case_reviews (id),
    body TEXT NOT NULL,
    decided_by BIGINT REFERENCES users (id),
    decided_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX case_review_decisions_review ON case_review_decisions (case_review_id);
