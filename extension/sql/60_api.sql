-- The SQL API: one function per action; the shim calls exactly these.
CREATE FUNCTION @extschema@.profile_get(id uuid) RETURNS json
    LANGUAGE c VOLATILE PARALLEL UNSAFE AS 'MODULE_PATHNAME', 'profiles_profile_get';
COMMENT ON FUNCTION @extschema@.profile_get(uuid) IS
    'A profile with subscription, call purchases, phone subscriptions and team. Own profile, or any for admins.';

CREATE FUNCTION @extschema@.profile_all() RETURNS json
    LANGUAGE c VOLATILE PARALLEL UNSAFE AS 'MODULE_PATHNAME', 'profiles_profile_all';
COMMENT ON FUNCTION @extschema@.profile_all() IS
    'Every profile with its joined data (admins only).';

CREATE FUNCTION @extschema@.profile_list("limit" integer DEFAULT 20, "offset" integer DEFAULT 0) RETURNS json
    LANGUAGE c VOLATILE PARALLEL UNSAFE AS 'MODULE_PATHNAME', 'profiles_profile_list';
COMMENT ON FUNCTION @extschema@.profile_list(integer, integer) IS
    'A page of profiles with basic fields (admins only): {data, count, limit, offset}. limit 1..1000.';

CREATE FUNCTION @extschema@.profile_create(doc jsonb) RETURNS json
    LANGUAGE c VOLATILE PARALLEL UNSAFE AS 'MODULE_PATHNAME', 'profiles_profile_create';
COMMENT ON FUNCTION @extschema@.profile_create(jsonb) IS
    'Creates the profile of an existing user (doc.id); admins only. 23505 when it exists.';

CREATE FUNCTION @extschema@.profile_update(id uuid, patch jsonb, expected_version integer DEFAULT NULL) RETURNS json
    LANGUAGE c VOLATILE PARALLEL UNSAFE AS 'MODULE_PATHNAME', 'profiles_profile_update';
COMMENT ON FUNCTION @extschema@.profile_update(uuid, jsonb, integer) IS
    'Partial update: only the given fields change; unknown fields and id changes are refused. With expected_version, a stale version raises 40001. Own profile, or any for admins.';

CREATE FUNCTION @extschema@.profile_delete(id uuid) RETURNS json
    LANGUAGE c VOLATILE PARALLEL UNSAFE AS 'MODULE_PATHNAME', 'profiles_profile_delete';
COMMENT ON FUNCTION @extschema@.profile_delete(uuid) IS
    'Deletes a profile. Own profile, or any for admins.';

CREATE FUNCTION @extschema@.api(request jsonb) RETURNS json
    LANGUAGE c VOLATILE PARALLEL UNSAFE AS 'MODULE_PATHNAME', 'profiles_api';
COMMENT ON FUNCTION @extschema@.api(jsonb) IS
    'Dispatches the action envelope {resource:"profiles", action, id, data, limit, offset}: all, list, get, create, update, delete.';
