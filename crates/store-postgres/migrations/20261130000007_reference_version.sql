-- A version per Cité of the reference data its pages list on every request
-- (partners, their accounts, services and structures, actions and their
-- enrolment counts). Every change to those tables bumps it in the same
-- transaction, by trigger, so that a server process may keep the data in
-- memory and know, from the session query alone, whether its copy is current
-- — also when several processes share one database.
ALTER TABLE cites ADD COLUMN reference_version BIGINT NOT NULL DEFAULT 0;

-- For tables with a cite_id column.
CREATE FUNCTION bump_reference_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE cites SET reference_version = reference_version + 1 WHERE id = NEW.cite_id;
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE cites SET reference_version = reference_version + 1 WHERE id = OLD.cite_id;
    ELSE
        UPDATE cites SET reference_version = reference_version + 1 WHERE id IN (OLD.cite_id, NEW.cite_id);
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER partners_reference AFTER INSERT OR UPDATE OR DELETE ON partners
    FOR EACH ROW EXECUTE FUNCTION bump_reference_version();
CREATE TRIGGER memberships_reference AFTER INSERT OR UPDATE OR DELETE ON memberships
    FOR EACH ROW EXECUTE FUNCTION bump_reference_version();
CREATE TRIGGER structures_reference AFTER INSERT OR UPDATE OR DELETE ON structures
    FOR EACH ROW EXECUTE FUNCTION bump_reference_version();
CREATE TRIGGER services_reference AFTER INSERT OR UPDATE OR DELETE ON services
    FOR EACH ROW EXECUTE FUNCTION bump_reference_version();
CREATE TRIGGER actions_reference AFTER INSERT OR UPDATE OR DELETE ON actions
    FOR EACH ROW EXECUTE FUNCTION bump_reference_version();

-- Enrolment counts show as places left and waiting lists.
CREATE FUNCTION bump_reference_version_of_action() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE cites SET reference_version = reference_version + 1
        WHERE id = (SELECT cite_id FROM actions WHERE id = NEW.action_id);
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE cites SET reference_version = reference_version + 1
        WHERE id = (SELECT cite_id FROM actions WHERE id = OLD.action_id);
    ELSE
        UPDATE cites SET reference_version = reference_version + 1
        WHERE id IN (SELECT cite_id FROM actions WHERE id IN (OLD.action_id, NEW.action_id));
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER enrolments_reference AFTER INSERT OR UPDATE OR DELETE ON enrolments
    FOR EACH ROW EXECUTE FUNCTION bump_reference_version_of_action();

-- An account's name and whether it is active show in every Cité it belongs to.
CREATE FUNCTION bump_reference_version_of_user() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE cites SET reference_version = reference_version + 1
    WHERE id IN (SELECT cite_id FROM memberships WHERE user_id = NEW.id);
    RETURN NULL;
END;
$$;
CREATE TRIGGER users_reference AFTER UPDATE OF name, active, email ON users
    FOR EACH ROW EXECUTE FUNCTION bump_reference_version_of_user();
