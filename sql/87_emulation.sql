--
-- 87_emulation: seed 003 emulate / unemulate. Admins only (42501); bound to a session (no
-- session id: allowed false); ttl_minutes 1..240 (22023); nesting up to
-- pg_profiles.max_emulation_depth (3) layers, popped one at a time; effective from the next
-- transaction of the same session (current_actor = target, real_actor = admin, is_admin of
-- the target), other sessions unaffected; expired grants ignored; activities record the
-- target as actor and the admin as real actor.
--
-- Users: ...0005 padmin, ...0008 support (fixtures, admins), and created here:
--   ...0701 tia87   standard_user with a profile (the main target)
--   ...0702 cal87   consumer with a profile
--   ...0703 dis87   standard_user, disabled
--   ...0704 ned87   standard_user with a profile
--
\set padmin  '''80000000-0000-4000-a000-000000000005'''
\set support '''80000000-0000-4000-a000-000000000008'''
\set rep     '''80000000-0000-4000-a000-000000000001'''
\set tia     '''80000000-0000-4000-a000-000000000701'''
\set cal     '''80000000-0000-4000-a000-000000000702'''
\set dis     '''80000000-0000-4000-a000-000000000703'''
\set ned     '''80000000-0000-4000-a000-000000000704'''

INSERT INTO profiles.users (id, email, role, disabled) VALUES
    ('80000000-0000-4000-a000-000000000701', 'tia87@example.com', 'standard_user', false),
    ('80000000-0000-4000-a000-000000000702', 'cal87@example.com', 'consumer', false),
    ('80000000-0000-4000-a000-000000000703', 'dis87@example.com', 'standard_user', true),
    ('80000000-0000-4000-a000-000000000704', 'ned87@example.com', 'standard_user', false);
INSERT INTO profiles.profile (id, first_name, last_name) VALUES
    ('80000000-0000-4000-a000-000000000701', 'Tia', 'Target'),
    ('80000000-0000-4000-a000-000000000702', 'Cal', 'Consumer'),
    ('80000000-0000-4000-a000-000000000704', 'Ned', 'Nested');

-- Who is acting in this transaction, in short.
CREATE FUNCTION public.who() RETURNS text LANGUAGE sql AS $fn$
    SELECT format('actor=%s real=%s admin=%s depth=%s emulating=%s',
                  public.short_id(profiles.current_actor()::text), public.short_id(profiles.real_actor()::text),
                  profiles.is_admin(), c->>'emulation_depth', c->>'is_emulation')
      FROM (SELECT profiles.profile_context()::jsonb AS c) s
$fn$;
-- An emulate() result without its generated id and time.
CREATE FUNCTION public.emulate_result(r jsonb) RETURNS text LANGUAGE sql IMMUTABLE AS $fn$
    SELECT format('allowed=%s reason=%s grant=%s expires=%s', r->>'allowed', coalesce(r->>'reason', '-'),
                  CASE WHEN r->>'grant_id' IS NULL THEN '-' ELSE 'yes' END,
                  CASE WHEN r->>'expires_at' IS NULL THEN '-' ELSE 'yes' END)
$fn$;

SET SESSION AUTHORIZATION regress_shim;

--
-- Who may emulate, and the request checks.
--
BEGIN;
SELECT profiles.set_actor(:rep, 's87-rep', 'r87-rep');
SELECT public.try_sql(format('SELECT profiles.emulate(%L)::text', :tia)) AS non_admin_emulate,
       public.try_sql($$SELECT profiles.unemulate()::text$$) AS non_admin_unemulate;
ROLLBACK;
BEGIN;
SELECT profiles.set_actor(:padmin, NULL, 'r87-no-session');
SELECT public.emulate_result(profiles.emulate(:tia)::jsonb) AS without_session,
       profiles.unemulate()::jsonb AS unemulate_without_session;
ROLLBACK;
BEGIN;
SELECT profiles.set_actor(:padmin, 's87-checks', 'r87-checks');
SELECT label, public.try_sql(stmt) AS result
  FROM (VALUES
    (1, 'ttl 0',             format('SELECT public.emulate_result(profiles.emulate(%L, 0)::jsonb)', :tia)),
    (2, 'ttl 241',           format('SELECT public.emulate_result(profiles.emulate(%L, 241)::jsonb)', :tia)),
    (3, 'ttl -5',            format('SELECT public.emulate_result(profiles.emulate(%L, -5)::jsonb)', :tia)),
    (4, 'no target',         $$SELECT public.emulate_result(profiles.emulate(NULL)::jsonb)$$),
    (5, 'unknown target',    $$SELECT public.emulate_result(profiles.emulate('80000000-0000-4000-a000-0000000007ff')::jsonb)$$),
    (6, 'disabled target',   format('SELECT public.emulate_result(profiles.emulate(%L)::jsonb)', :dis)),
    (7, 'deleted target',    $$SELECT public.emulate_result(profiles.emulate('00000000-0000-4000-a000-000000000009')::jsonb)$$),
    (8, 'oneself',           format('SELECT public.emulate_result(profiles.emulate(%L)::jsonb)', :padmin))
  ) AS t(ord, label, stmt)
 ORDER BY ord;
-- Nothing was granted by the refused requests.
SELECT count(*) AS grants FROM profiles.emulation_grant WHERE session_id = 's87-checks';
ROLLBACK;
-- ttl boundaries 1 and 240, and the default (15 minutes).
BEGIN;
SELECT profiles.set_actor(:padmin, 's87-ttl', 'r87-ttl');
SELECT public.emulate_result(profiles.emulate(:tia, 1)::jsonb) AS ttl_1;
ROLLBACK;
BEGIN;
SELECT profiles.set_actor(:padmin, 's87-ttl', 'r87-ttl');
SELECT public.emulate_result(profiles.emulate(:tia, 240)::jsonb) AS ttl_240;
SELECT expires_at - created_at AS granted_for FROM profiles.emulation_grant WHERE session_id = 's87-ttl';
ROLLBACK;
BEGIN;
SELECT profiles.set_actor(:padmin, 's87-ttl', 'r87-ttl');
SELECT public.emulate_result(profiles.emulate(:tia)::jsonb) AS default_ttl;
SELECT expires_at - created_at AS granted_for FROM profiles.emulation_grant WHERE session_id = 's87-ttl';
ROLLBACK;

--
-- Emulate, then the next transaction of the same session acts as the target.
--
BEGIN;
SELECT profiles.set_actor(:padmin, 's87-main', 'r87-emulate-1');
SELECT profiles.emulate(:tia, 30)::jsonb AS grant1 \gset
SELECT public.emulate_result(:'grant1') AS emulate_tia;
-- The grant as stored: its id and expiry are those returned.
SELECT public.short_id(g.admin_id::text) AS admin, public.short_id(g.target_id::text) AS target, g.depth,
       g.id::text = :'grant1'::jsonb->>'grant_id' AS same_grant_id,
       g.expires_at - g.created_at AS granted_for, g.ended_at IS NULL AS live
  FROM profiles.emulation_grant g WHERE g.session_id = 's87-main';
-- Not yet in this transaction: the actor was resolved by set_actor.
SELECT public.who() AS same_transaction;
COMMIT;
BEGIN;
SELECT profiles.set_actor(:padmin, 's87-main', 'r87-as-tia') AS role_of_effective_actor;
SELECT public.who() AS next_transaction;
-- The target's permissions apply: its own profile, not another one, no admin actions.
SELECT profiles.me_update('{"designation": "Emulated edit"}')::jsonb->'user'->>'designation' AS own_update;
SELECT (profiles.profile_update(:tia, '{"city": "Emuville"}')::jsonb)->>'version' AS own_profile_update;
SELECT public.try_sql(format('SELECT profiles.profile_get(%L)::text', :ned)) AS other_profile,
       public.try_sql($$SELECT profiles.refresh_views()::text$$) AS admin_action,
       public.try_sql($$SELECT profiles.search_profiles('{}')::jsonb->>'total_count'$$) AS search_total;
-- The real actor is still an admin: it may emulate further or stop.
SELECT c->'role_artifacts' AS role_artifacts, c->>'role' AS role
  FROM (SELECT profiles.profile_context()::jsonb AS c) s;
COMMIT;
-- Another session of the same admin is not affected; nor is another admin.
BEGIN;
SELECT profiles.set_actor(:padmin, 's87-other', 'r87-other-session');
SELECT public.who() AS other_session;
COMMIT;
BEGIN;
SELECT profiles.set_actor(:support, 's87-main', 'r87-other-admin');
SELECT public.who() AS other_admin_same_session_id;
COMMIT;
-- Without a session id, no emulation applies.
BEGIN;
SELECT profiles.set_actor(:padmin, NULL, 'r87-no-session-2');
SELECT public.who() AS no_session;
COMMIT;

-- Activities during emulation: the target acts, the admin is the real actor.
RESET SESSION AUTHORIZATION;
SELECT request_id, action, entity, entity_id, actor, real_actor, session_id, metadata
  FROM public.seed_activity WHERE request_id IN ('r87-emulate-1', 'r87-as-tia') ORDER BY id;
SELECT a.entity_id::text = :'grant1'::jsonb->>'grant_id' AS entity_is_the_grant
  FROM profiles.activities a WHERE a.request_id = 'r87-emulate-1';
SET SESSION AUTHORIZATION regress_shim;

--
-- Nesting up to the depth limit, then popping one layer at a time.
--
BEGIN;
SELECT profiles.set_actor(:padmin, 's87-main', 'r87-nest-2');
SELECT public.emulate_result(profiles.emulate(:cal)::jsonb) AS depth_2;
COMMIT;
BEGIN;
SELECT profiles.set_actor(:padmin, 's87-main', 'r87-nest-3');
SELECT public.who() AS at_depth_2;
-- An admin may be emulated too (same rank as the real actor).
SELECT public.emulate_result(profiles.emulate(:support)::jsonb) AS depth_3;
COMMIT;
BEGIN;
SELECT profiles.set_actor(:padmin, 's87-main', 'r87-nest-4');
SELECT public.who() AS at_depth_3;
SELECT public.emulate_result(profiles.emulate(:ned)::jsonb) AS depth_4;
COMMIT;
RESET SESSION AUTHORIZATION;
SELECT g.depth, public.short_id(g.target_id::text) AS target, g.ended_at IS NULL AS live
  FROM profiles.emulation_grant g WHERE g.session_id = 's87-main' ORDER BY g.depth, g.created_at;
SET SESSION AUTHORIZATION regress_shim;
-- Each unemulate ends the innermost live layer; the next transaction resolves one less.
BEGIN;
SELECT profiles.set_actor(:padmin, 's87-main', 'r87-pop-1');
SELECT profiles.unemulate()::jsonb AS pop_1;
-- Still the same actor until the transaction ends.
SELECT public.who() AS after_pop_same_transaction;
COMMIT;
BEGIN;
SELECT profiles.set_actor(:padmin, 's87-main', 'r87-pop-2');
SELECT public.who() AS after_1_pop;
SELECT profiles.unemulate()::jsonb AS pop_2;
COMMIT;
BEGIN;
SELECT profiles.set_actor(:padmin, 's87-main', 'r87-pop-3');
SELECT public.who() AS after_2_pops;
SELECT profiles.unemulate()::jsonb AS pop_3;
COMMIT;
BEGIN;
SELECT profiles.set_actor(:padmin, 's87-main', 'r87-pop-4');
SELECT public.who() AS after_3_pops;
SELECT profiles.unemulate()::jsonb AS pop_4;
COMMIT;
RESET SESSION AUTHORIZATION;
SELECT g.depth, public.short_id(g.target_id::text) AS target, g.ended_at IS NOT NULL AS ended
  FROM profiles.emulation_grant g WHERE g.session_id = 's87-main' ORDER BY g.depth;
SELECT request_id, action, actor, real_actor, metadata->>'depth' AS depth,
       public.short_id(metadata->>'target_id') AS target
  FROM public.seed_activity WHERE request_id LIKE 'r87-nest-%' OR request_id LIKE 'r87-pop-%' ORDER BY id;

--
-- Expired grants are ignored (created directly, as the superuser).
--
INSERT INTO profiles.emulation_grant (admin_id, target_id, session_id, depth, created_at, expires_at) VALUES
    (:padmin, :ned, 's87-expired', 1, now() - interval '2 hours', now() - interval '1 hour');
INSERT INTO profiles.emulation_grant (admin_id, target_id, session_id, depth, created_at, expires_at) VALUES
    (:padmin, :tia, 's87-mixed', 1, now(), now() + interval '1 hour'),
    (:padmin, :ned, 's87-mixed', 2, now() - interval '2 hours', now() - interval '1 hour');
SET SESSION AUTHORIZATION regress_shim;
BEGIN;
SELECT profiles.set_actor(:padmin, 's87-expired', 'r87-expired');
SELECT public.who() AS only_expired_grant;
SELECT profiles.unemulate()::jsonb AS unemulate_expired;
-- A new grant takes the expired one's place (depth 1).
SELECT public.emulate_result(profiles.emulate(:cal)::jsonb) AS emulate_over_expired;
COMMIT;
BEGIN;
SELECT profiles.set_actor(:padmin, 's87-expired', 'r87-expired-2');
SELECT public.who() AS after_new_grant;
COMMIT;
BEGIN;
SELECT profiles.set_actor(:padmin, 's87-mixed', 'r87-mixed');
SELECT public.who() AS live_under_expired;
COMMIT;
RESET SESSION AUTHORIZATION;
SELECT g.session_id, g.depth, public.short_id(g.target_id::text) AS target,
       g.ended_at IS NULL AS live, g.ended_at = g.expires_at AS ended_at_expiry
  FROM profiles.emulation_grant g WHERE g.session_id IN ('s87-expired', 's87-mixed')
 ORDER BY g.session_id, g.depth, g.created_at;

-- Grants are visible (SELECT) only to the admin who holds them.
SET SESSION AUTHORIZATION regress_shim;
BEGIN;
SELECT profiles.set_actor(:padmin, 's87-read', 'r87-read');
SELECT count(*) > 0 AS padmin_sees_own_grants,
       count(*) FILTER (WHERE admin_id <> :padmin) AS others FROM profiles.emulation_grant;
COMMIT;
BEGIN;
SELECT profiles.set_actor(:support, 's87-read', 'r87-read');
SELECT count(*) AS support_sees FROM profiles.emulation_grant WHERE admin_id = :padmin;
SELECT public.try_sql($$DELETE FROM profiles.emulation_grant RETURNING 1$$) AS delete_grants;
COMMIT;
RESET SESSION AUTHORIZATION;

-- Clean up.
DROP FUNCTION public.who(), public.emulate_result(jsonb);
DELETE FROM profiles.emulation_grant WHERE session_id LIKE 's87-%';
DELETE FROM profiles.activities WHERE request_id LIKE 'r87-%';
DELETE FROM profiles.users WHERE id::text LIKE '80000000-0000-4000-a000-0000000007%';
