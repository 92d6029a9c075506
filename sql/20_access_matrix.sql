--
-- 20_access_matrix: seed 000's access-control table through profiles.api(), as the shim
-- calls it (the shim's role, set_actor, one api call). Every cell is rolled back, so the
-- cells are independent.
--
--   | Action | Regular user (standard_user, consumer) | Admin (internal_*) |
--   | all    | No                                     | Yes                |
--   | list   | No                                     | Yes                |
--   | get    | Own profile only                       | Any profile        |
--   | create | No                                     | Yes                |
--   | update | Own profile only                       | Any profile        |
--   | delete | Own profile only                       | Any profile        |
--
-- "own" is the actor's own profile; "other" is somebody else's. For create, "own" is the
-- actor's own id (its profile exists: 23505 for an admin) and "other" is a user without a
-- profile (fresh, ...0011).
--
SET SESSION AUTHORIZATION regress_shim;

CREATE TEMP VIEW matrix_cells AS
SELECT a.ord AS actor_ord, a.actor, a.id AS actor_id, c.ord AS cell_ord, c.action, c.target,
       jsonb_strip_nulls(jsonb_build_object(
           'resource', 'profiles',
           'action', c.action,
           'id', CASE c.target WHEN 'own' THEN a.own::text
                               WHEN 'other' THEN (CASE c.action WHEN 'create' THEN '00000000-0000-4000-a000-000000000011'
                                                                ELSE a.other::text END) END,
           'data', CASE c.action
                       WHEN 'create' THEN jsonb_build_object('first_name', 'Matrix')
                       WHEN 'update' THEN jsonb_build_object('bio', 'updated by the matrix') END)) AS request
  FROM (VALUES (1, 'internal_admin', '00000000-0000-4000-a000-000000000001'::uuid,
                   '00000000-0000-4000-a000-000000000001'::uuid, '00000000-0000-4000-a000-000000000002'::uuid),
               (2, 'standard_user',  '00000000-0000-4000-a000-000000000002'::uuid,
                   '00000000-0000-4000-a000-000000000002'::uuid, '00000000-0000-4000-a000-000000000004'::uuid),
               (3, 'consumer',       '00000000-0000-4000-a000-000000000003'::uuid,
                   '00000000-0000-4000-a000-000000000003'::uuid, '00000000-0000-4000-a000-000000000002'::uuid),
               (4, 'no actor',       NULL,
                   '00000000-0000-4000-a000-000000000002'::uuid, '00000000-0000-4000-a000-000000000004'::uuid))
       AS a(ord, actor, id, own, other),
       (VALUES (1, 'all', '-'), (2, 'list', '-'),
               (3, 'get', 'own'), (4, 'get', 'other'),
               (5, 'create', 'own'), (6, 'create', 'other'),
               (7, 'update', 'own'), (8, 'update', 'other'),
               (9, 'delete', 'own'), (10, 'delete', 'other')) AS c(ord, action, target);

-- Actors set with set_actor (each call sets its own actor first).
SELECT actor, action, target, public.api_as(actor_id, request) AS result
  FROM matrix_cells WHERE actor_id IS NOT NULL
 ORDER BY actor_ord, cell_ord;

-- No actor: a separate statement (transaction) in which set_actor is never called.
SELECT actor, action, target, public.api_as(NULL, request) AS result
  FROM matrix_cells WHERE actor_id IS NULL
 ORDER BY actor_ord, cell_ord;

RESET SESSION AUTHORIZATION;
-- Nothing of the above was kept.
SELECT id, version, bio FROM profiles.profile ORDER BY id;
SELECT count(*) AS profile_of_fresh FROM profiles.profile WHERE id = '00000000-0000-4000-a000-000000000011';

-- The same rules for other role names: internal_support is an admin; internalx and
-- Internal_admin are not (they are regular users and may still read their own profile).
SET SESSION AUTHORIZATION regress_shim;
SELECT r.who, c.action, c.target,
       public.api_as(r.id, jsonb_strip_nulls(jsonb_build_object('resource', 'profiles', 'action', c.action,
                                                'id', CASE c.target WHEN 'own' THEN r.id::text
                                                                    WHEN 'other' THEN '00000000-0000-4000-a000-000000000002' END)))
           AS result
  FROM (VALUES (1, 'internal_support', '00000000-0000-4000-a000-000000000007'::uuid),
               (2, 'internalx',        '00000000-0000-4000-a000-000000000005'::uuid),
               (3, 'Internal_admin',   '00000000-0000-4000-a000-000000000006'::uuid)) AS r(ord, who, id),
       (VALUES (1, 'all', NULL), (2, 'list', NULL), (3, 'get', 'own'), (4, 'get', 'other')) AS c(ord, action, target)
 ORDER BY r.ord, c.ord;

-- Ownership is checked before existence: a regular user gets 42501 for any other id, an
-- admin gets P0002 for a missing profile; a regular user without a profile gets P0002 for
-- its own id; and a regular user cannot create even its own missing profile.
SELECT public.api_as('00000000-0000-4000-a000-000000000002', '{"resource":"profiles","action":"get","id":"00000000-0000-4000-a000-0000000000ff"}') AS user_get_missing_other;
SELECT public.api_as('00000000-0000-4000-a000-000000000002', '{"resource":"profiles","action":"update","id":"00000000-0000-4000-a000-0000000000ff","data":{"bio":"x"}}') AS user_update_missing_other;
SELECT public.api_as('00000000-0000-4000-a000-000000000002', '{"resource":"profiles","action":"delete","id":"00000000-0000-4000-a000-0000000000ff"}') AS user_delete_missing_other;
SELECT public.api_as('00000000-0000-4000-a000-000000000001', '{"resource":"profiles","action":"get","id":"00000000-0000-4000-a000-0000000000ff"}') AS admin_get_missing;
SELECT public.api_as('00000000-0000-4000-a000-000000000001', '{"resource":"profiles","action":"update","id":"00000000-0000-4000-a000-0000000000ff","data":{"bio":"x"}}') AS admin_update_missing;
SELECT public.api_as('00000000-0000-4000-a000-000000000001', '{"resource":"profiles","action":"delete","id":"00000000-0000-4000-a000-0000000000ff"}') AS admin_delete_missing;
SELECT public.api_as('00000000-0000-4000-a000-000000000010', '{"resource":"profiles","action":"get","id":"00000000-0000-4000-a000-000000000010"}') AS newbie_get_own_missing;
SELECT public.api_as('00000000-0000-4000-a000-000000000010', '{"resource":"profiles","action":"update","id":"00000000-0000-4000-a000-000000000010","data":{"bio":"x"}}') AS newbie_update_own_missing;
SELECT public.api_as('00000000-0000-4000-a000-000000000010', '{"resource":"profiles","action":"delete","id":"00000000-0000-4000-a000-000000000010"}') AS newbie_delete_own_missing;
SELECT public.api_as('00000000-0000-4000-a000-000000000010', '{"resource":"profiles","action":"create","data":{"id":"00000000-0000-4000-a000-000000000010"}}') AS newbie_create_own;
-- Access is checked before the request's content: a regular user's create with an invalid
-- document is still 42501.
SELECT public.api_as('00000000-0000-4000-a000-000000000002', '{"resource":"profiles","action":"create","data":{"id":"00000000-0000-4000-a000-000000000011","no_such_field":1}}') AS user_create_invalid;
RESET SESSION AUTHORIZATION;

-- The same matrix for SQL callers mapped with db_role (no set_actor), with the direct
-- functions. OWN stands for the caller's own id (alice's when it has none). Effects are
-- rolled back.
CREATE TEMP TABLE direct_cells (ord int, action text, stmt text);
INSERT INTO direct_cells VALUES
    (1,  'all',          'SELECT json_array_length(profiles.profile_all()->''data'')'),
    (2,  'list',         'SELECT profiles.profile_list(5, 0)->>''count'''),
    (3,  'get own',      'SELECT profiles.profile_get(''OWN'')->>''id'''),
    (4,  'get other',    'SELECT profiles.profile_get(''00000000-0000-4000-a000-000000000004'')->>''id'''),
    (5,  'create other', 'SELECT profiles.profile_create(''{"id":"00000000-0000-4000-a000-000000000011"}'')->>''id'''),
    (6,  'update own',   'SELECT profiles.profile_update(''OWN'', ''{"bio":"direct"}'')->>''version'''),
    (7,  'update other', 'SELECT profiles.profile_update(''00000000-0000-4000-a000-000000000004'', ''{"bio":"direct"}'')->>''version'''),
    (8,  'delete own',   'SELECT profiles.profile_delete(''OWN'')->>''deleted'''),
    (9,  'delete other', 'SELECT profiles.profile_delete(''00000000-0000-4000-a000-000000000004'')->>''deleted''');
GRANT SELECT ON direct_cells TO PUBLIC;
CREATE FUNCTION public.run_cell(stmt text) RETURNS text LANGUAGE sql AS $fn$
    SELECT public.try_sql_rollback(replace(stmt, 'OWN',
        coalesce(profiles.current_actor(), '00000000-0000-4000-a000-000000000002')::text))
$fn$;

SET SESSION AUTHORIZATION regress_admin;
SELECT action, public.run_cell(stmt) AS admin FROM direct_cells ORDER BY ord;
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION regress_alice;
SELECT action, public.run_cell(stmt) AS standard_user FROM direct_cells ORDER BY ord;
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION regress_carol;
SELECT action, public.run_cell(stmt) AS consumer FROM direct_cells ORDER BY ord;
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION regress_unmapped;
SELECT action, public.run_cell(stmt) AS no_actor FROM direct_cells ORDER BY ord;
RESET SESSION AUTHORIZATION;
-- The superuser without a mapping has no actor either: the API's checks do not depend on
-- database privileges.
SELECT action, public.run_cell(stmt) AS superuser_no_actor FROM direct_cells ORDER BY ord;

DROP TABLE direct_cells;
DROP FUNCTION public.run_cell(text);
SELECT id, version, bio FROM profiles.profile ORDER BY id;
