-- « À faire » reads, per Cité and status, the exits (checks, consents of
-- followed files), the last activity (idle files), each file's latest
-- consent, and the Cité's undecided proposals by date.
CREATE INDEX participants_cite_exit ON participants (cite_id, status, exit_date);
CREATE INDEX participants_cite_activity ON participants (cite_id, status, last_activity_at);
CREATE INDEX consents_participant_given ON consents (participant_id, given_on);
CREATE INDEX referrals_cite_proposed ON referrals (cite_id, status, proposed_on);
