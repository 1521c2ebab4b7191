-- A barrier's and an outcome's Cité, copied from its person (a person never
-- changes Cité): a Cité's dashboard reads one range of an index instead of
-- looking up each of its thousands of persons' rows, and the national counts
-- group durable exits by Cité without visiting the persons.
ALTER TABLE barriers ADD COLUMN cite_id INTEGER REFERENCES cites (id);
UPDATE barriers SET cite_id = (SELECT p.cite_id FROM participants p WHERE p.id = barriers.participant_id);
ALTER TABLE outcomes ADD COLUMN cite_id INTEGER REFERENCES cites (id);
UPDATE outcomes SET cite_id = (SELECT p.cite_id FROM participants p WHERE p.id = outcomes.participant_id);

-- SQLite cannot add a NOT NULL column to a filled table: these triggers
-- refuse a row without its Cité, which the dashboards would not count.
CREATE TRIGGER barriers_cite_required BEFORE INSERT ON barriers WHEN NEW.cite_id IS NULL
BEGIN
    SELECT RAISE(ABORT, 'un frein porte la Cité de sa personne');
END;
CREATE TRIGGER outcomes_cite_required BEFORE INSERT ON outcomes WHEN NEW.cite_id IS NULL
BEGIN
    SELECT RAISE(ABORT, 'une situation porte la Cité de sa personne');
END;

CREATE INDEX barriers_cite ON barriers (cite_id, thematic, participant_id, lifted_on);
CREATE INDEX outcomes_cite ON outcomes (cite_id, checkpoint, outcome);
DROP INDEX outcomes_exit;
CREATE INDEX outcomes_exit ON outcomes (checkpoint, outcome, cite_id);
