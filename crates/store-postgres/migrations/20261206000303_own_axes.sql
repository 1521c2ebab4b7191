-- A Cité's own axes (one per line), and the one an action is filed under
-- besides its national axis.
ALTER TABLE cites ADD COLUMN own_axes TEXT NOT NULL DEFAULT '';
ALTER TABLE actions ADD COLUMN cite_axis TEXT;
