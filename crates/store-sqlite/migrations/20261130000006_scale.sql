-- National scale: indexes the national counts and the cohort lists need on
-- 500 000 persons and their outcomes.

-- Durable exits counted from the index alone, without visiting each person.
CREATE INDEX outcomes_exit ON outcomes (checkpoint, outcome, participant_id);

-- A cohort's members by status (cohort list, the person's file): counted
-- from the index; it replaces the index on cohort_id alone.
CREATE INDEX participants_cohort_status ON participants (cohort_id, status);
DROP INDEX participants_cohort;

-- « Qui a consulté ce dossier » reads a person's latest audit rows from the
-- index alone: every read adds a row, and a file read often has hundreds,
-- each on its own table page.
DROP INDEX audit_log_person;
CREATE INDEX audit_log_person ON audit_log (person_id, id, at, user_id, organisation, action)
    WHERE person_id IS NOT NULL;
