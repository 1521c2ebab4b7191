-- Counting the files of a QPV before removing it, and ending the files a
-- departing account led, without scanning every participant.
CREATE INDEX participants_qpv ON participants (qpv_id);
CREATE INDEX participants_lead_user ON participants (lead_user_id);

-- Refusals and failed sign-ins are written once per who, what, target and
-- minute (AuditEntry::once_a_minute): the bucket is unique, NULL elsewhere.
ALTER TABLE audit_log ADD COLUMN bucket TEXT;
CREATE UNIQUE INDEX audit_log_bucket ON audit_log (bucket);
