--
-- 10_identity: who is acting. profiles.set_actor() (the shim's way, only for members of
-- profiles_authenticator), the db_role fallback for SQL callers, the admin rule, and the
-- actor's lifetime (one transaction).
--
\set admin   '''00000000-0000-4000-a000-000000000001'''
\set alice   '''00000000-0000-4000-a000-000000000002'''
\set carol   '''00000000-0000-4000-a000-000000000003'''
\set bob     '''00000000-0000-4000-a000-000000000004'''

-- The superuser (session_user postgres) is mapped to no user: no actor.
SELECT profiles.current_actor() IS NULL AS no_actor, profiles.real_actor() IS NULL AS no_real_actor,
       profiles.is_admin() AS is_admin;

-- set_actor returns the user's role and sets the actor for the rest of the transaction.
BEGIN;
SELECT profiles.set_actor(:alice, 'sess-1', 'req-1');
SELECT profiles.current_actor(), profiles.real_actor(), profiles.is_admin();
SELECT profiles.current_actor();   -- still set in the next statement of the transaction
COMMIT;
-- Cleared at commit.
SELECT profiles.current_actor() IS NULL AS cleared_after_commit;

BEGIN;
SELECT profiles.set_actor(:admin, NULL, NULL);
SELECT profiles.current_actor(), profiles.is_admin();
ROLLBACK;
-- Cleared at rollback.
SELECT profiles.current_actor() IS NULL AS cleared_after_rollback;

-- A set_actor in its own (autocommit) statement does not outlive that statement.
SELECT profiles.set_actor(:bob);
SELECT profiles.current_actor() IS NULL AS cleared_after_autocommit;

-- A later set_actor in the same transaction replaces the earlier one.
BEGIN;
SELECT profiles.set_actor(:alice);
SELECT profiles.set_actor(:admin);
SELECT profiles.current_actor() = :admin::uuid AS replaced, profiles.is_admin();
COMMIT;

-- Admins: a role that starts with "internal_" exactly (case-sensitive).
SELECT u.role,
       public.try_sql(format($$SELECT profiles.set_actor(%L) || ' ' || profiles.is_admin()$$, u.id)) AS set_actor_and_is_admin
  FROM profiles.users u
 WHERE u.id IN ('00000000-0000-4000-a000-000000000001', '00000000-0000-4000-a000-000000000002',
                '00000000-0000-4000-a000-000000000003', '00000000-0000-4000-a000-000000000005',
                '00000000-0000-4000-a000-000000000006', '00000000-0000-4000-a000-000000000007')
 ORDER BY u.id;

-- Unknown, disabled and deleted users, and a NULL id: 28000 (invalid credentials).
SELECT public.try_sql($$SELECT profiles.set_actor('00000000-0000-4000-a000-0000000000ff')$$) AS unknown_user;
SELECT public.try_sql($$SELECT profiles.set_actor('00000000-0000-4000-a000-000000000008')$$) AS disabled_user;
SELECT public.try_sql($$SELECT profiles.set_actor('00000000-0000-4000-a000-000000000009')$$) AS deleted_user;
SELECT public.try_sql($$SELECT profiles.set_actor(NULL)$$) AS null_user;
-- A failed set_actor leaves no actor behind.
BEGIN;
SELECT public.try_sql($$SELECT profiles.set_actor('00000000-0000-4000-a000-000000000008')$$) AS disabled_user;
SELECT profiles.current_actor() IS NULL AS still_no_actor;
COMMIT;
-- Over-long session or request ids are refused (22023).
SELECT public.try_sql(format($$SELECT profiles.set_actor(%L, %L)$$, :alice, repeat('s', 257))) AS long_session;
SELECT public.try_sql(format($$SELECT profiles.set_actor(%L, NULL, %L)$$, :alice, repeat('r', 129))) AS long_request;
SELECT public.try_sql(format($$SELECT profiles.set_actor(%L, %L, %L)$$, :alice, repeat('s', 256), repeat('r', 128))) AS longest_accepted;

-- The shim's role (a member of profiles_authenticator) may call set_actor ...
SET SESSION AUTHORIZATION regress_shim;
SELECT session_user, current_user;
BEGIN;
SELECT profiles.set_actor(:carol, 'sess-2', 'req-2');
SELECT profiles.current_actor() = :carol::uuid AS is_carol, profiles.is_admin();
COMMIT;
-- ... and without set_actor it has no actor (its role is not mapped to a user).
SELECT profiles.current_actor() IS NULL AS no_actor;
SELECT public.try_sql($$SELECT profiles.api('{"resource":"profiles","action":"all"}')$$) AS api_without_actor;
RESET SESSION AUTHORIZATION;

-- SQL callers: a role listed in profiles.users.db_role acts as that user, without set_actor.
SET SESSION AUTHORIZATION regress_alice;
SELECT session_user, profiles.current_actor() = :alice::uuid AS is_alice,
       profiles.real_actor() = :alice::uuid AS real_is_alice, profiles.is_admin();
-- Only members of profiles_authenticator may call set_actor (EXECUTE is not granted to others).
SELECT public.try_sql(format($$SELECT profiles.set_actor(%L)$$, :admin)) AS alice_calls_set_actor;
SELECT profiles.is_admin() AS still_not_admin;
RESET SESSION AUTHORIZATION;

SET SESSION AUTHORIZATION regress_admin;
SELECT profiles.current_actor() = :admin::uuid AS is_admin_user, profiles.is_admin();
RESET SESSION AUTHORIZATION;

SET SESSION AUTHORIZATION regress_carol;
SELECT profiles.current_actor() = :carol::uuid AS is_carol, profiles.is_admin();
RESET SESSION AUTHORIZATION;

-- A mapped role of a disabled user has no actor.
SET SESSION AUTHORIZATION regress_disabled;
SELECT profiles.current_actor() IS NULL AS disabled_has_no_actor;
SELECT public.try_sql(format($$SELECT profiles.profile_get(%L)$$, '00000000-0000-4000-a000-000000000008')) AS disabled_get_own;
RESET SESSION AUTHORIZATION;

-- A member of profiles_user whose role is not mapped has no actor: the API refuses (42501).
SET SESSION AUTHORIZATION regress_unmapped;
SELECT profiles.current_actor() IS NULL AS no_actor;
SELECT public.try_sql(format($$SELECT profiles.profile_get(%L)$$, :alice)) AS unmapped_get;
SELECT public.try_sql($$SELECT profiles.api('{"resource":"profiles","action":"list"}')$$) AS unmapped_list;
RESET SESSION AUTHORIZATION;

-- SET ROLE does not change session_user: the superuser stays unmapped.
SET ROLE regress_alice;
SELECT session_user, current_user, profiles.current_actor() IS NULL AS no_actor;
RESET ROLE;

-- The mapping is read per transaction: remapping a role takes effect in the next one.
UPDATE profiles.users SET db_role = NULL WHERE id = :bob;
SET SESSION AUTHORIZATION regress_bob;
SELECT profiles.current_actor() IS NULL AS unmapped_bob_has_no_actor;
RESET SESSION AUTHORIZATION;
UPDATE profiles.users SET db_role = 'regress_bob' WHERE id = :bob;
SET SESSION AUTHORIZATION regress_bob;
SELECT profiles.current_actor() = :bob::uuid AS mapped_again;
RESET SESSION AUTHORIZATION;

-- set_actor wins over the db_role mapping (the shim may log in as a mapped role).
GRANT profiles_authenticator TO regress_bob;
SET SESSION AUTHORIZATION regress_bob;
BEGIN;
SELECT profiles.set_actor(:carol);
SELECT profiles.current_actor() = :carol::uuid AS acts_as_carol;
COMMIT;
SELECT profiles.current_actor() = :bob::uuid AS back_to_bob;
RESET SESSION AUTHORIZATION;
REVOKE profiles_authenticator FROM regress_bob;
