-- A Cité's barrier vocabulary (« freins de la Cité »): its words, in its
-- order, each mapped to data·inclusion thematics or whole categories. A
-- code belongs to one word of a Cité at most; persons' barriers keep their
-- thematic and are read under the word that maps it.
CREATE TABLE barrier_words (
    id INTEGER PRIMARY KEY,
    cite_id INTEGER NOT NULL REFERENCES cites (id),
    label TEXT NOT NULL,
    -- Unique per Cité, folded (accents and case aside) by the domain.
    label_key TEXT NOT NULL,
    position INTEGER NOT NULL,
    CONSTRAINT barrier_words_label_unique UNIQUE (cite_id, label_key)
) STRICT;

CREATE TABLE barrier_word_thematics (
    word_id INTEGER NOT NULL REFERENCES barrier_words (id) ON DELETE CASCADE,
    cite_id INTEGER NOT NULL REFERENCES cites (id),
    thematic TEXT NOT NULL,
    CONSTRAINT barrier_word_thematics_unique UNIQUE (cite_id, thematic)
) STRICT;

CREATE INDEX barrier_word_thematics_word ON barrier_word_thematics (word_id);
