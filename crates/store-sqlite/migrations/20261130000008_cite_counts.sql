-- A barrier's and an outcome's Cité, copied from its person (a person never
-- changes Cité): a Cité's dashboard reads one range of an index instead of
-- looking up each of its thousands of persons' rows, and the national counts
-- group durable exits by Cité without visiting the persons.
-- SQLite cannot add a NOT NULL column to a filled table: the store always
-- sets it, and the conformance suite counts through it.
ALTER TABLE barriers ADD COLUMN cite_id INTEGER REFERENCES cites (id);
UPDATE barriers SET cite_id = (SELECT p.cite_id FROM participants p WHERE p.id = barriers.participant_id);
ALTER TABLE outcomes ADD COLUMN cite_id INTEGER REFERENCES cites (id);
UPDATE outcomes SET cite_id = (SELECT p.cite_id FROM participants p WHERE p.id = outcomes.participant_id);

CREATE INDEX barriers_cite ON barriers (cite_id, thematic, participant_id, lifted_on);
CREATE INDEX outcomes_cite ON outcomes (cite_id, checkpoint, outcome);
DROP INDEX outcomes_exit;
CREATE INDEX outcomes_exit ON outcomes (checkpoint, outcome, cite_id);
