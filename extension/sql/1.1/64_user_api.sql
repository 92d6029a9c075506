-- Seed 001 (the acting user and persona) and seed 004 (a user's profile attributes).
CREATE FUNCTION @extschema@.me_get() RETURNS json
    LANGUAGE c VOLATILE PARALLEL UNSAFE AS 'MODULE_PATHNAME', 'profiles_me_get';
COMMENT ON FUNCTION @extschema@.me_get() IS
    'The acting user {user, persona}, without sensitive fields.';

CREATE FUNCTION @extschema@.me_update(doc jsonb) RETURNS json
    LANGUAGE c VOLATILE PARALLEL UNSAFE AS 'MODULE_PATHNAME', 'profiles_me_update';
COMMENT ON FUNCTION @extschema@.me_update(jsonb) IS
    'Updates the acting user: fullName, email (unique: 23505), phoneNumber (E.164; an organization SMS number: 23505), designation, sinchPhoneNumber, departmentId (of the user''s organization), accessRole (only admins change it, nobody raises their own: 42501), automations, callForwardingEnabled, notificationPreferences (booleans), persona (merged; businessHours/timezone need the organization override flag: 42501). One profile_updated activity.';

CREATE FUNCTION @extschema@.user_profile_get(user_id uuid) RETURNS json
    LANGUAGE c VOLATILE PARALLEL UNSAFE AS 'MODULE_PATHNAME', 'profiles_user_profile_get';
COMMENT ON FUNCTION @extschema@.user_profile_get(uuid) IS
    'A user''s {attributes, timezone, id, userId, createdAt, updatedAt}. Own, or any for admins.';

CREATE FUNCTION @extschema@.user_profile_put(user_id uuid, doc jsonb, OUT created boolean, OUT body json)
    LANGUAGE c VOLATILE PARALLEL UNSAFE AS 'MODULE_PATHNAME', 'profiles_user_profile_put';
COMMENT ON FUNCTION @extschema@.user_profile_put(uuid, jsonb) IS
    'Upsert of a user''s profile attributes (any JSON) and timezone (IANA; 22023 otherwise). created tells whether the profile row was new.';

CREATE TRIGGER persona_touch BEFORE UPDATE ON @extschema@.persona
    FOR EACH ROW EXECUTE FUNCTION @extschema@.touch_row();

GRANT EXECUTE ON FUNCTION @extschema@.me_get(), @extschema@.me_update(jsonb),
                          @extschema@.user_profile_get(uuid), @extschema@.user_profile_put(uuid, jsonb)
    TO profiles_user;
