-- A version per Cité of the reference data its pages list on every request
-- (partners, their accounts, services and structures, actions and their
-- enrolment counts). Every change to those tables bumps it in the same
-- transaction, by trigger, so that a server process may keep the data in
-- memory and know, from the session query alone, whether its copy is current
-- — also when several processes share one database.
ALTER TABLE cites ADD COLUMN reference_version INTEGER NOT NULL DEFAULT 0;

CREATE TRIGGER partners_reference_insert AFTER INSERT ON partners BEGIN
    UPDATE cites SET reference_version = reference_version + 1 WHERE id = new.cite_id;
END;
CREATE TRIGGER partners_reference_update AFTER UPDATE ON partners BEGIN
    UPDATE cites SET reference_version = reference_version + 1 WHERE id IN (old.cite_id, new.cite_id);
END;
CREATE TRIGGER partners_reference_delete AFTER DELETE ON partners BEGIN
    UPDATE cites SET reference_version = reference_version + 1 WHERE id = old.cite_id;
END;

CREATE TRIGGER memberships_reference_insert AFTER INSERT ON memberships BEGIN
    UPDATE cites SET reference_version = reference_version + 1 WHERE id = new.cite_id;
END;
CREATE TRIGGER memberships_reference_update AFTER UPDATE ON memberships BEGIN
    UPDATE cites SET reference_version = reference_version + 1 WHERE id IN (old.cite_id, new.cite_id);
END;
CREATE TRIGGER memberships_reference_delete AFTER DELETE ON memberships BEGIN
    UPDATE cites SET reference_version = reference_version + 1 WHERE id = old.cite_id;
END;

CREATE TRIGGER structures_reference_insert AFTER INSERT ON structures BEGIN
    UPDATE cites SET reference_version = reference_version + 1 WHERE id = new.cite_id;
END;
CREATE TRIGGER structures_reference_update AFTER UPDATE ON structures BEGIN
    UPDATE cites SET reference_version = reference_version + 1 WHERE id IN (old.cite_id, new.cite_id);
END;
CREATE TRIGGER structures_reference_delete AFTER DELETE ON structures BEGIN
    UPDATE cites SET reference_version = reference_version + 1 WHERE id = old.cite_id;
END;

CREATE TRIGGER services_reference_insert AFTER INSERT ON services BEGIN
    UPDATE cites SET reference_version = reference_version + 1 WHERE id = new.cite_id;
END;
CREATE TRIGGER services_reference_update AFTER UPDATE ON services BEGIN
    UPDATE cites SET reference_version = reference_version + 1 WHERE id IN (old.cite_id, new.cite_id);
END;
CREATE TRIGGER services_reference_delete AFTER DELETE ON services BEGIN
    UPDATE cites SET reference_version = reference_version + 1 WHERE id = old.cite_id;
END;

CREATE TRIGGER actions_reference_insert AFTER INSERT ON actions BEGIN
    UPDATE cites SET reference_version = reference_version + 1 WHERE id = new.cite_id;
END;
CREATE TRIGGER actions_reference_update AFTER UPDATE ON actions BEGIN
    UPDATE cites SET reference_version = reference_version + 1 WHERE id IN (old.cite_id, new.cite_id);
END;
CREATE TRIGGER actions_reference_delete AFTER DELETE ON actions BEGIN
    UPDATE cites SET reference_version = reference_version + 1 WHERE id = old.cite_id;
END;

-- Enrolment counts show as places left and waiting lists.
CREATE TRIGGER enrolments_reference_insert AFTER INSERT ON enrolments BEGIN
    UPDATE cites SET reference_version = reference_version + 1
    WHERE id = (SELECT cite_id FROM actions WHERE id = new.action_id);
END;
CREATE TRIGGER enrolments_reference_update AFTER UPDATE ON enrolments BEGIN
    UPDATE cites SET reference_version = reference_version + 1
    WHERE id IN (SELECT cite_id FROM actions WHERE id IN (old.action_id, new.action_id));
END;
CREATE TRIGGER enrolments_reference_delete AFTER DELETE ON enrolments BEGIN
    UPDATE cites SET reference_version = reference_version + 1
    WHERE id = (SELECT cite_id FROM actions WHERE id = old.action_id);
END;

-- An account's name and whether it is active show in every Cité it belongs to.
CREATE TRIGGER users_reference_update AFTER UPDATE OF name, active, email ON users BEGIN
    UPDATE cites SET reference_version = reference_version + 1
    WHERE id IN (SELECT cite_id FROM memberships WHERE user_id = new.id);
END;
