-- 1.1: set_actor records the client kind; session cookies and API keys as credentials.
DROP FUNCTION @extschema@.set_actor(uuid, text, text);
CREATE FUNCTION @extschema@.set_actor(user_id uuid, session_id text DEFAULT NULL, request_id text DEFAULT NULL,
                                      client text DEFAULT NULL)
    RETURNS text LANGUAGE c VOLATILE PARALLEL UNSAFE
    AS 'MODULE_PATHNAME', 'profiles_set_actor';
COMMENT ON FUNCTION @extschema@.set_actor(uuid, text, text, text) IS
    'Sets the acting user for the rest of the current transaction and returns its role. session_id binds emulation grants; request_id and client (e.g. mcp) are recorded in activities. Raises 28000 for an unknown, disabled or deleted user. Only members of profiles_authenticator may call it.';

CREATE FUNCTION @extschema@.set_actor_by_session(token text, request_id text DEFAULT NULL, client text DEFAULT NULL)
    RETURNS text LANGUAGE c VOLATILE PARALLEL UNSAFE
    AS 'MODULE_PATHNAME', 'profiles_set_actor_by_session';
COMMENT ON FUNCTION @extschema@.set_actor_by_session(text, text, text) IS
    'Like set_actor, for the user of a live session token (better-auth.session_token cookie). Raises 28000 for an unknown, expired or revoked session.';

CREATE FUNCTION @extschema@.set_actor_by_api_key(api_key text, request_id text DEFAULT NULL, client text DEFAULT NULL)
    RETURNS text LANGUAGE c VOLATILE PARALLEL UNSAFE
    AS 'MODULE_PATHNAME', 'profiles_set_actor_by_api_key';
COMMENT ON FUNCTION @extschema@.set_actor_by_api_key(text, text, text) IS
    'Like set_actor, for the user an API key belongs to (X-Api-Key header). Raises 28000 for an unknown, expired or revoked key.';

-- DBA helpers: create a credential and return its secret once; only hashes are stored.
CREATE FUNCTION @extschema@.create_session(user_id uuid, ttl interval DEFAULT '7 days')
    RETURNS text LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE token text := pg_catalog.replace(pg_catalog.gen_random_uuid()::text || pg_catalog.gen_random_uuid()::text, '-', '');
BEGIN
    INSERT INTO @extschema@.session (user_id, token_hash, expires_at)
    VALUES (create_session.user_id, pg_catalog.sha256(pg_catalog.convert_to(token, 'UTF8')), pg_catalog.now() + ttl);
    RETURN token;
END
$fn$;
COMMENT ON FUNCTION @extschema@.create_session(uuid, interval) IS
    'Creates a session for a user and returns its token (for the better-auth.session_token cookie). Revoke with UPDATE profiles.session SET revoked_at = now().';

CREATE FUNCTION @extschema@.create_api_key(user_id uuid, name text DEFAULT '', ttl interval DEFAULT NULL)
    RETURNS text LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE secret text := 'pgp_' || pg_catalog.replace(pg_catalog.gen_random_uuid()::text || pg_catalog.gen_random_uuid()::text, '-', '');
BEGIN
    INSERT INTO @extschema@.api_key (user_id, name, key_hash, expires_at)
    VALUES (create_api_key.user_id, create_api_key.name, pg_catalog.sha256(pg_catalog.convert_to(secret, 'UTF8')),
            pg_catalog.now() + ttl);
    RETURN secret;
END
$fn$;
COMMENT ON FUNCTION @extschema@.create_api_key(uuid, text, interval) IS
    'Creates an API key for a user and returns it (for the X-Api-Key header). Revoke with UPDATE profiles.api_key SET revoked_at = now().';
