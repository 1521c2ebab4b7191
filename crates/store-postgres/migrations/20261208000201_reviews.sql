-- The instruction of a call: its review grid (weighted criteria, by
-- position), the reviewers the coordinator names, and each reviewer's
-- review of an application (a draft until submitted) with a score per
-- criterion.
CREATE TABLE call_criteria (
    call_id BIGINT NOT NULL REFERENCES calls (id),
    position INTEGER NOT NULL,
    label TEXT NOT NULL,
    weight INTEGER NOT NULL CHECK (weight >= 1),
    max_score INTEGER NOT NULL CHECK (max_score >= 1),
    PRIMARY KEY (call_id, position)
);

CREATE TABLE call_reviewers (
    call_id BIGINT NOT NULL REFERENCES calls (id),
    user_id BIGINT NOT NULL REFERENCES users (id),
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (call_id, user_id)
);
CREATE INDEX call_reviewers_user ON call_reviewers (user_id);

CREATE TABLE application_reviews (
    application_id BIGINT NOT NULL REFERENCES applications (id),
    reviewer_id BIGINT NOT NULL REFERENCES users (id),
    comment TEXT NOT NULL DEFAULT '',
    submitted_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (application_id, reviewer_id)
);

CREATE TABLE review_scores (
    application_id BIGINT NOT NULL,
    reviewer_id BIGINT NOT NULL,
    position INTEGER NOT NULL,
    score INTEGER NOT NULL CHECK (score >= 0),
    PRIMARY KEY (application_id, reviewer_id, position),
    FOREIGN KEY (application_id, reviewer_id)
        REFERENCES application_reviews (application_id, reviewer_id) ON DELETE CASCADE
);
