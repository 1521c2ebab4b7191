-- The yearly bilan (bilan annuel): what a Cité's coordinator writes for
-- each part of the year's report, or the national team for the network's
-- (cite_id NULL). One text per part and year; the figures are not kept
-- here, they are counted from the records when the document is made.
CREATE TABLE bilan_texts (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    cite_id BIGINT REFERENCES cites (id),
    year INTEGER NOT NULL CHECK (year BETWEEN 2020 AND 2100),
    part TEXT NOT NULL CHECK (part IN ('context', 'federate', 'reach_out', 'innovate',
        'cohort', 'money', 'outlook')),
    body TEXT NOT NULL CHECK (length(body) <= 10000),
    updated_by BIGINT NOT NULL REFERENCES users (id),
    updated_at TIMESTAMPTZ NOT NULL
);
-- The network's texts have no Cité: 0 stands for it in the key.
CREATE UNIQUE INDEX bilan_texts_key ON bilan_texts ((coalesce(cite_id, 0)), year, part);
