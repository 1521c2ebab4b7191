-- « Cité archivée »: a Cité that left the programme keeps its data, but its
-- memberships no longer open a session in it (the session query skips it).
ALTER TABLE cites ADD COLUMN archived_at TEXT;
