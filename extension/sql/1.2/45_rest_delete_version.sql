-- Seed 002's DELETE honours If-Match as its updates do: the version goes to the database, which
-- compares it under the row lock.
DROP FUNCTION @extschema@.rest_profile_delete(uuid);
CREATE FUNCTION @extschema@.rest_profile_delete(id uuid, expected_version integer DEFAULT NULL)
    RETURNS void
    LANGUAGE c VOLATILE PARALLEL UNSAFE AS 'MODULE_PATHNAME', 'profiles_rest_profile_delete';
COMMENT ON FUNCTION @extschema@.rest_profile_delete(uuid, integer) IS
    'Deletes a profile and its contacts; with expected_version, only while the profile is at that version (40001 otherwise).';
GRANT EXECUTE ON FUNCTION @extschema@.rest_profile_delete(uuid, integer) TO profiles_user;
