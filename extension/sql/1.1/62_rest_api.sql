-- Seed 002: REST profiles and contacts. Documents use the API's camelCase field names.
CREATE FUNCTION @extschema@.rest_profile_list("limit" integer DEFAULT 20, "offset" integer DEFAULT 0,
                                              sort_by text DEFAULT 'createTime', sort_order text DEFAULT 'asc',
                                              filters jsonb DEFAULT NULL, OUT total bigint, OUT body json)
    LANGUAGE c VOLATILE PARALLEL UNSAFE AS 'MODULE_PATHNAME', 'profiles_rest_profile_list';
COMMENT ON FUNCTION @extschema@.rest_profile_list(integer, integer, text, text, jsonb) IS
    'A page of Profile objects (body) and the total matching (total). sort_by: createTime, enabled, firstName, lastName, middleName, name, profileId, updateTime; sort_order asc|desc; filters: {enabled, profileFirstName|firstName, profileLastName|lastName, profileMiddleName|middleName, name, uuid}. Non-admins see only their own profile.';

CREATE FUNCTION @extschema@.rest_profile_get(id uuid, OUT version integer, OUT body json)
    LANGUAGE c VOLATILE PARALLEL UNSAFE AS 'MODULE_PATHNAME', 'profiles_rest_profile_get';
COMMENT ON FUNCTION @extschema@.rest_profile_get(uuid) IS
    'A Profile object with its contacts and country, and its version (the ETag). Own profile, or any for admins.';

CREATE FUNCTION @extschema@.rest_profile_create(doc jsonb, OUT version integer, OUT body json)
    LANGUAGE c VOLATILE PARALLEL UNSAFE AS 'MODULE_PATHNAME', 'profiles_rest_profile_create';
COMMENT ON FUNCTION @extschema@.rest_profile_create(jsonb) IS
    'Creates a client profile (and its user, role consumer) with contacts; admins only.';

CREATE FUNCTION @extschema@.rest_profile_update(id uuid, doc jsonb, expected_version integer DEFAULT NULL,
                                                OUT version integer, OUT body json)
    LANGUAGE c VOLATILE PARALLEL UNSAFE AS 'MODULE_PATHNAME', 'profiles_rest_profile_update';
COMMENT ON FUNCTION @extschema@.rest_profile_update(uuid, jsonb, integer) IS
    'Updates enabled, firstName, middleName, lastName, countryNumericCode, uuid, tags (fields left out keep their value). A stale expected_version raises 40001.';

CREATE FUNCTION @extschema@.rest_profile_delete(id uuid) RETURNS void
    LANGUAGE c VOLATILE PARALLEL UNSAFE AS 'MODULE_PATHNAME', 'profiles_rest_profile_delete';
COMMENT ON FUNCTION @extschema@.rest_profile_delete(uuid) IS 'Deletes a profile and its contacts.';

CREATE FUNCTION @extschema@.rest_contact_list(profile_id uuid) RETURNS json
    LANGUAGE c VOLATILE PARALLEL UNSAFE AS 'MODULE_PATHNAME', 'profiles_rest_contact_list';
COMMENT ON FUNCTION @extschema@.rest_contact_list(uuid) IS 'The Contact objects of a profile.';

CREATE FUNCTION @extschema@.rest_contact_get(profile_id uuid, contact_id uuid) RETURNS json
    LANGUAGE c VOLATILE PARALLEL UNSAFE AS 'MODULE_PATHNAME', 'profiles_rest_contact_get';
COMMENT ON FUNCTION @extschema@.rest_contact_get(uuid, uuid) IS 'One Contact object of a profile.';

CREATE FUNCTION @extschema@.rest_contact_create(profile_id uuid, doc jsonb) RETURNS json
    LANGUAGE c VOLATILE PARALLEL UNSAFE AS 'MODULE_PATHNAME', 'profiles_rest_contact_create';
COMMENT ON FUNCTION @extschema@.rest_contact_create(uuid, jsonb) IS
    'Adds a contact {key: email|phone, value, uuid}; the value is validated by key.';

CREATE FUNCTION @extschema@.rest_contact_update(profile_id uuid, contact_id uuid, doc jsonb) RETURNS json
    LANGUAGE c VOLATILE PARALLEL UNSAFE AS 'MODULE_PATHNAME', 'profiles_rest_contact_update';
COMMENT ON FUNCTION @extschema@.rest_contact_update(uuid, uuid, jsonb) IS
    'Updates a contact; fields left out keep their value.';

CREATE FUNCTION @extschema@.rest_contact_delete(profile_id uuid, contact_id uuid) RETURNS void
    LANGUAGE c VOLATILE PARALLEL UNSAFE AS 'MODULE_PATHNAME', 'profiles_rest_contact_delete';
COMMENT ON FUNCTION @extschema@.rest_contact_delete(uuid, uuid) IS 'Deletes a contact.';

GRANT EXECUTE ON FUNCTION
    @extschema@.rest_profile_list(integer, integer, text, text, jsonb), @extschema@.rest_profile_get(uuid),
    @extschema@.rest_profile_create(jsonb), @extschema@.rest_profile_update(uuid, jsonb, integer),
    @extschema@.rest_profile_delete(uuid), @extschema@.rest_contact_list(uuid),
    @extschema@.rest_contact_get(uuid, uuid), @extschema@.rest_contact_create(uuid, jsonb),
    @extschema@.rest_contact_update(uuid, uuid, jsonb), @extschema@.rest_contact_delete(uuid, uuid)
    TO profiles_user;
