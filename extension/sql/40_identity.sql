-- Identity: who is acting. Implemented in C++ (identity.cpp); no setting can forge it.
CREATE FUNCTION @extschema@.set_actor(user_id uuid, session_id text DEFAULT NULL, request_id text DEFAULT NULL)
    RETURNS text LANGUAGE c VOLATILE PARALLEL UNSAFE
    AS 'MODULE_PATHNAME', 'profiles_set_actor';
COMMENT ON FUNCTION @extschema@.set_actor(uuid, text, text) IS
    'Sets the acting user for the rest of the current transaction and returns its role. Raises 28000 for an unknown, disabled or deleted user. Only members of profiles_authenticator may call it.';

CREATE FUNCTION @extschema@.current_actor() RETURNS uuid
    LANGUAGE c STABLE PARALLEL RESTRICTED
    AS 'MODULE_PATHNAME', 'profiles_current_actor';
COMMENT ON FUNCTION @extschema@.current_actor() IS
    'The effective acting user of this transaction (the emulated user during emulation), or NULL.';

CREATE FUNCTION @extschema@.real_actor() RETURNS uuid
    LANGUAGE c STABLE PARALLEL RESTRICTED
    AS 'MODULE_PATHNAME', 'profiles_real_actor';
COMMENT ON FUNCTION @extschema@.real_actor() IS
    'The authenticated user of this transaction, even during emulation, or NULL.';

CREATE FUNCTION @extschema@.is_admin() RETURNS boolean
    LANGUAGE c STABLE PARALLEL RESTRICTED
    AS 'MODULE_PATHNAME', 'profiles_is_admin';
COMMENT ON FUNCTION @extschema@.is_admin() IS
    'True when the effective actor''s role starts with "internal_".';
