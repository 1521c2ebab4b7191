-- The network's barriers found and lifted each year (the indicators'
-- measures), read by Cité and date range rather than over every barrier.
CREATE INDEX barriers_identified ON barriers (cite_id, identified_on, participant_id);
CREATE INDEX barriers_lifted ON barriers (cite_id, lifted_on, participant_id);
