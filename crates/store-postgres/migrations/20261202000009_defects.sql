-- Counting the files of a QPV before removing it, and ending the files a
-- departing account led, without scanning every participant.
CREATE INDEX participants_qpv ON participants (qpv_id);
CREATE INDEX participants_lead_user ON participants (lead_user_id);
