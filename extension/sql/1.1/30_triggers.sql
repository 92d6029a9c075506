-- 1.1: contacts get the same bookkeeping and activity log as profiles.
CREATE TRIGGER contact_touch BEFORE UPDATE ON @extschema@.contact
    FOR EACH ROW EXECUTE FUNCTION @extschema@.touch_row();
CREATE TRIGGER contact_activity AFTER INSERT OR UPDATE OR DELETE ON @extschema@.contact
    FOR EACH ROW EXECUTE FUNCTION @extschema@.log_activity('contact');

-- A profile's version (its ETag) follows its contacts, which its documents embed.
CREATE FUNCTION @extschema@.bump_profile_version() RETURNS trigger
    LANGUAGE c AS 'MODULE_PATHNAME', 'profiles_bump_profile_version';
COMMENT ON FUNCTION @extschema@.bump_profile_version() IS
    'AFTER INSERT/UPDATE/DELETE on a child table of profile: increments the profile''s version (no activity of its own).';
CREATE TRIGGER contact_bumps_profile AFTER INSERT OR UPDATE OR DELETE ON @extschema@.contact
    FOR EACH ROW EXECUTE FUNCTION @extschema@.bump_profile_version();

-- Contacts keep the order they were added in, also within one statement.
ALTER TABLE @extschema@.contact ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY;
COMMENT ON COLUMN @extschema@.contact.seq IS 'Insertion order of the contacts.';
