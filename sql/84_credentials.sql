--
-- 84_credentials: sessions (better-auth.session_token cookie) and API keys (X-Api-Key).
-- create_session / create_api_key return the secret once and store only its sha256;
-- set_actor_by_session / set_actor_by_api_key set the actor of the transaction or raise 28000
-- (-> 401) for unknown, expired or revoked credentials; API users cannot read the hashes.
--
-- Users: ...0001 rep and ...0005 padmin (fixtures), ...0401 a disabled user (created here).
--
\set rep    '''80000000-0000-4000-a000-000000000001'''
\set padmin '''80000000-0000-4000-a000-000000000005'''
\set gone   '''80000000-0000-4000-a000-000000000401'''

INSERT INTO profiles.users (id, email, role, disabled) VALUES
    ('80000000-0000-4000-a000-000000000401', 'gone84@example.com', 'standard_user', true);

-- Secrets are created by the superuser (a DBA) and shown once.
SELECT profiles.create_session(:rep) AS rep_token,
       profiles.create_session(:padmin, '1 hour') AS admin_token,
       profiles.create_session(:rep, '-1 second') AS expired_token,
       profiles.create_session(:rep) AS revoked_token,
       profiles.create_session(:gone) AS disabled_token,
       profiles.create_api_key(:rep, 'ci') AS rep_key,
       profiles.create_api_key(:padmin, 'ops', '30 days') AS admin_key,
       profiles.create_api_key(:rep, 'old', '-1 second') AS expired_key,
       profiles.create_api_key(:rep, 'leaked') AS revoked_key \gset
UPDATE profiles.session SET revoked_at = now()
 WHERE token_hash = sha256(convert_to(:'revoked_token', 'UTF8'));
UPDATE profiles.api_key SET revoked_at = now()
 WHERE key_hash = sha256(convert_to(:'revoked_key', 'UTF8'));

-- What a secret looks like, and that only its hash is stored (not the secret itself).
SELECT length(:'rep_token') AS token_length, :'rep_token' ~ '^[0-9a-f]+$' AS token_hex,
       :'rep_token' <> :'revoked_token' AS tokens_differ,
       :'rep_key' ~ '^pgp_[0-9a-f]{64}$' AS key_format, :'rep_key' <> :'admin_key' AS keys_differ;
SELECT count(*) AS rep_sessions,
       count(*) FILTER (WHERE token_hash = sha256(convert_to(:'rep_token', 'UTF8'))) AS hash_of_token,
       count(*) FILTER (WHERE position(convert_to(:'rep_token', 'UTF8') IN token_hash) > 0
                           OR encode(token_hash, 'hex') = :'rep_token'
                           OR encode(token_hash, 'escape') LIKE '%' || :'rep_token' || '%') AS secret_stored,
       count(*) FILTER (WHERE expires_at <= now()) AS expired,
       count(*) FILTER (WHERE revoked_at IS NOT NULL) AS revoked
  FROM profiles.session WHERE user_id = :rep;
SELECT s.expires_at - s.created_at AS admin_session_ttl FROM profiles.session s WHERE s.user_id = :padmin;
SELECT name, key_hash = sha256(convert_to(:'rep_key', 'UTF8')) AS is_hash_of_ci_key,
       expires_at IS NULL AS never_expires, revoked_at IS NOT NULL AS revoked,
       expires_at <= now() AS expired
  FROM profiles.api_key WHERE user_id = :rep ORDER BY name;
-- No column of either table holds a secret in clear.
SELECT table_name, column_name, data_type FROM information_schema.columns
 WHERE table_schema = 'profiles' AND table_name IN ('session', 'api_key') ORDER BY table_name, ordinal_position;

SET SESSION AUTHORIZATION regress_shim;

-- A live session sets the actor (returns its role); the session id is the session row's id,
-- request id and client are recorded.
BEGIN;
SELECT profiles.set_actor_by_session(:'rep_token', 'r84-session', 'mcp') AS role;
SELECT profiles.current_actor() = :rep AS actor_is_rep, profiles.real_actor() = :rep AS real_actor_is_rep,
       profiles.is_admin() AS is_admin;
SELECT profiles.me_update('{"designation": "Via session"}')::jsonb->'user'->>'designation' AS designation;
SELECT profiles.profile_context()::jsonb->>'session_id' AS session_id \gset
COMMIT;
SELECT profiles.current_actor() IS NULL AS cleared_at_commit;
BEGIN;
SELECT profiles.set_actor_by_session(:'admin_token') AS role;
SELECT profiles.current_actor() = :padmin AS actor_is_padmin, profiles.is_admin() AS is_admin;
COMMIT;

-- API keys: the same; the session id of a key is "key:<key id>".
BEGIN;
SELECT profiles.set_actor_by_api_key(:'rep_key', 'r84-key', NULL) AS role;
SELECT profiles.current_actor() = :rep AS actor_is_rep;
SELECT profiles.me_update('{"designation": "Via key"}')::jsonb->'user'->>'designation' AS designation;
SELECT profiles.profile_context()::jsonb->>'session_id' AS key_session_id \gset
COMMIT;
BEGIN;
SELECT profiles.set_actor_by_api_key(:'admin_key') AS role, profiles.is_admin() AS is_admin;
COMMIT;

-- Unknown, expired, revoked, empty or NULL credentials, a credential of a disabled user, and
-- a session token used as an API key (or the reverse): 28000, and no actor afterwards.
SELECT label, public.try_sql(stmt) AS result
  FROM (VALUES
    (1,  'unknown session',          $$SELECT profiles.set_actor_by_session('0123456789abcdef0123456789abcdef')$$),
    (2,  'expired session',          format('SELECT profiles.set_actor_by_session(%L)', :'expired_token')),
    (3,  'revoked session',          format('SELECT profiles.set_actor_by_session(%L)', :'revoked_token')),
    (4,  'empty session token',      $$SELECT profiles.set_actor_by_session('')$$),
    (5,  'NULL session token',       $$SELECT profiles.set_actor_by_session(NULL)$$),
    (6,  'session of disabled user', format('SELECT profiles.set_actor_by_session(%L)', :'disabled_token')),
    (7,  'token with a suffix',      format('SELECT profiles.set_actor_by_session(%L)', :'rep_token' || 'x')),
    (8,  'token upper case',         format('SELECT profiles.set_actor_by_session(%L)', upper(:'rep_token'))),
    (9,  'the stored hash as token', format('SELECT profiles.set_actor_by_session(%L)', encode(sha256(convert_to(:'rep_token', 'UTF8')), 'hex'))),
    (10, 'API key as session',       format('SELECT profiles.set_actor_by_session(%L)', :'rep_key')),
    (11, 'unknown API key',          $$SELECT profiles.set_actor_by_api_key('pgp_0000')$$),
    (12, 'expired API key',          format('SELECT profiles.set_actor_by_api_key(%L)', :'expired_key')),
    (13, 'revoked API key',          format('SELECT profiles.set_actor_by_api_key(%L)', :'revoked_key')),
    (14, 'empty API key',            $$SELECT profiles.set_actor_by_api_key('')$$),
    (15, 'NULL API key',             $$SELECT profiles.set_actor_by_api_key(NULL)$$),
    (16, 'session token as API key', format('SELECT profiles.set_actor_by_api_key(%L)', :'rep_token')),
    (17, 'very long API key',        format('SELECT profiles.set_actor_by_api_key(%L)', repeat('k', 5000)))
  ) AS t(ord, label, stmt)
 ORDER BY ord;
BEGIN;
SELECT public.try_sql(format('SELECT profiles.set_actor_by_session(%L)', :'revoked_token')) AS revoked_in_transaction;
SELECT profiles.current_actor() IS NULL AS no_actor_after_failure;
SELECT public.try_sql($$SELECT profiles.me_get()::text$$) AS me_without_actor;
COMMIT;
-- A failed credential does not replace an actor that was set before it.
BEGIN;
SELECT profiles.set_actor_by_session(:'rep_token') AS role;
SELECT public.try_sql(format('SELECT profiles.set_actor_by_api_key(%L)', :'revoked_key')) AS revoked_key;
SELECT profiles.current_actor() = :rep AS still_rep;
COMMIT;
RESET SESSION AUTHORIZATION;

-- Sessions and API keys are separate session ids in activities; the client kind goes to the
-- metadata.
SELECT request_id, action, actor, session_id = :'session_id' AS session_of_token,
       session_id = :'key_session_id' AS session_of_key, metadata
  FROM public.seed_activity WHERE request_id IN ('r84-session', 'r84-key') ORDER BY id;
SELECT :'session_id' = (SELECT id::text FROM profiles.session WHERE token_hash = sha256(convert_to(:'rep_token', 'UTF8'))) AS session_id_is_row_id,
       :'key_session_id' = 'key:' || (SELECT id::text FROM profiles.api_key WHERE key_hash = sha256(convert_to(:'rep_key', 'UTF8'))) AS key_session_id_is_row_id;

-- API callers (profiles_user) can neither read the credential tables nor create or check
-- credentials themselves; only the authenticator may check them.
SET SESSION AUTHORIZATION regress_alice;
SELECT public.try_sql($$SELECT count(*) FROM profiles.session$$) AS read_sessions,
       public.try_sql($$SELECT count(*) FROM profiles.api_key$$) AS read_api_keys;
SELECT public.try_sql(format('SELECT profiles.create_session(%L)', :rep)) AS create_session,
       public.try_sql(format('SELECT profiles.create_api_key(%L)', :rep)) AS create_api_key;
SELECT public.try_sql(format('SELECT profiles.set_actor_by_session(%L)', :'rep_token')) AS by_session,
       public.try_sql(format('SELECT profiles.set_actor_by_api_key(%L)', :'rep_key')) AS by_api_key;
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION regress_shim;
BEGIN;
SELECT profiles.set_actor(:padmin, 's84', 'r84-admin-reads');
SELECT public.try_sql($$SELECT count(*) FROM profiles.session$$) AS admin_reads_sessions,
       public.try_sql($$SELECT count(*) FROM profiles.api_key$$) AS admin_reads_api_keys,
       public.try_sql($$UPDATE profiles.session SET revoked_at = NULL RETURNING 1$$) AS unrevoke;
COMMIT;
RESET SESSION AUTHORIZATION;
SELECT has_table_privilege('profiles_user', 'profiles.session', 'SELECT') AS user_select_session,
       has_table_privilege('profiles_authenticator', 'profiles.session', 'SELECT') AS authenticator_select_session,
       has_table_privilege('profiles_user', 'profiles.api_key', 'SELECT') AS user_select_api_key,
       has_function_privilege('profiles_user', 'profiles.create_session(uuid, interval)', 'EXECUTE') AS user_create_session,
       has_function_privilege('profiles_authenticator', 'profiles.create_api_key(uuid, text, interval)', 'EXECUTE') AS authenticator_create_key;

-- Clean up.
DELETE FROM profiles.session WHERE user_id IN (:rep, :padmin, :gone);
DELETE FROM profiles.api_key WHERE user_id IN (:rep, :padmin, :gone);
DELETE FROM profiles.activities WHERE request_id LIKE 'r84-%';
DELETE FROM profiles.users WHERE id = :gone;
UPDATE profiles.users SET designation = NULL, updated_at = created_at WHERE id = :rep;
