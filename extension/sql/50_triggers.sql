-- Triggers in C++: version/updated_at bookkeeping and the activity log.
CREATE FUNCTION @extschema@.touch_row() RETURNS trigger
    LANGUAGE c AS 'MODULE_PATHNAME', 'profiles_touch_row';
COMMENT ON FUNCTION @extschema@.touch_row() IS
    'BEFORE UPDATE: bumps version and updated_at when a column really changed; a no-op update keeps both.';

CREATE FUNCTION @extschema@.log_activity() RETURNS trigger
    LANGUAGE c AS 'MODULE_PATHNAME', 'profiles_log_activity';
COMMENT ON FUNCTION @extschema@.log_activity() IS
    'AFTER INSERT/UPDATE/DELETE: writes one activities row (<entity>_created/_updated/_deleted, updated_fields for updates) in the same transaction. Argument: the entity name.';

CREATE TRIGGER profile_touch BEFORE UPDATE ON @extschema@.profile
    FOR EACH ROW EXECUTE FUNCTION @extschema@.touch_row();
CREATE TRIGGER profile_activity AFTER INSERT OR UPDATE OR DELETE ON @extschema@.profile
    FOR EACH ROW EXECUTE FUNCTION @extschema@.log_activity('profile');

CREATE TRIGGER contact_touch BEFORE UPDATE ON @extschema@.contact
    FOR EACH ROW EXECUTE FUNCTION @extschema@.touch_row();
CREATE TRIGGER contact_activity AFTER INSERT OR UPDATE OR DELETE ON @extschema@.contact
    FOR EACH ROW EXECUTE FUNCTION @extschema@.log_activity('contact');
