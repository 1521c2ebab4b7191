-- A barrier's and an outcome's Cité, copied from its person (a person never
-- changes Cité): a Cité's dashboard reads one range of an index instead of
-- looking up each of its thousands of persons' rows, and the national counts
-- group durable exits by Cité without visiting the persons.
-- The constraints come after the copy: checked once per table, not per row.
-- On a large database, run VACUUM ANALYZE afterwards (the copy rewrites
-- every row; autovacuum would get there later).
ALTER TABLE barriers ADD COLUMN cite_id BIGINT;
UPDATE barriers b SET cite_id = p.cite_id FROM participants p WHERE p.id = b.participant_id;
ALTER TABLE barriers ALTER COLUMN cite_id SET NOT NULL,
    ADD CONSTRAINT barriers_cite_id_fkey FOREIGN KEY (cite_id) REFERENCES cites (id);
ALTER TABLE outcomes ADD COLUMN cite_id BIGINT;
UPDATE outcomes o SET cite_id = p.cite_id FROM participants p WHERE p.id = o.participant_id;
ALTER TABLE outcomes ALTER COLUMN cite_id SET NOT NULL,
    ADD CONSTRAINT outcomes_cite_id_fkey FOREIGN KEY (cite_id) REFERENCES cites (id);

CREATE INDEX barriers_cite ON barriers (cite_id, thematic, participant_id, lifted_on);
CREATE INDEX outcomes_cite ON outcomes (cite_id, checkpoint, outcome);
DROP INDEX outcomes_exit;
CREATE INDEX outcomes_exit ON outcomes (checkpoint, outcome, cite_id);
