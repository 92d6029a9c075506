--
-- 30_crud: the profile actions and every validation error, with their SQLSTATEs.
-- Runs as the shim's role with set_actor, so row-level security applies as in production.
--
\set admin '''00000000-0000-4000-a000-000000000001'''
\set alice '''00000000-0000-4000-a000-000000000002'''
\set fresh '''00000000-0000-4000-a000-000000000011'''

SET SESSION AUTHORIZATION regress_shim;

-- The request envelope of profiles.api() (checked before anything else, even by an admin).
BEGIN;
SELECT profiles.set_actor(:admin, 'crud-session', 'crud-envelope');
SELECT label, public.try_sql(format('SELECT profiles.api(%L)::text', req)) AS result
  FROM (VALUES
    (1,  'not an object',        '[]'),
    (2,  'a scalar',             '"profiles"'),
    (3,  'no resource',          '{"action":"get"}'),
    (4,  'resource not a string', '{"resource":1,"action":"all"}'),
    (5,  'unknown resource',     '{"resource":"users","action":"all"}'),
    (6,  'no action',            '{"resource":"profiles"}'),
    (7,  'null action',          '{"resource":"profiles","action":null}'),
    (8,  'unknown action',       '{"resource":"profiles","action":"purge"}'),
    (9,  'action is case-sensitive', '{"resource":"profiles","action":"GET","id":"00000000-0000-4000-a000-000000000002"}'),
    (10, 'get without id',       '{"resource":"profiles","action":"get"}'),
    (11, 'get with empty id',    '{"resource":"profiles","action":"get","id":""}'),
    (12, 'get with null id',     '{"resource":"profiles","action":"get","id":null}'),
    (13, 'get with numeric id',  '{"resource":"profiles","action":"get","id":12}'),
    (14, 'get with malformed id', '{"resource":"profiles","action":"get","id":"not-a-uuid"}'),
    (15, 'get with braced id',   '{"resource":"profiles","action":"get","id":"{00000000-0000-4000-a000-000000000002}"}'),
    (16, 'get with padded id',   '{"resource":"profiles","action":"get","id":" 00000000-0000-4000-a000-000000000002"}'),
    (17, 'update without id',    '{"resource":"profiles","action":"update","data":{"bio":"x"}}'),
    (18, 'update without data',  '{"resource":"profiles","action":"update","id":"00000000-0000-4000-a000-000000000002"}'),
    (19, 'update, data an array', '{"resource":"profiles","action":"update","id":"00000000-0000-4000-a000-000000000002","data":[1]}'),
    (20, 'update, malformed id', '{"resource":"profiles","action":"update","id":"zzz","data":{"bio":"x"}}'),
    (21, 'update, version not an integer', '{"resource":"profiles","action":"update","id":"00000000-0000-4000-a000-000000000002","data":{"bio":"x"},"expected_version":"one"}'),
    (22, 'delete without id',    '{"resource":"profiles","action":"delete"}'),
    (23, 'delete, malformed id', '{"resource":"profiles","action":"delete","id":"00000000-0000-4000-a000-00000000000"}'),
    (24, 'create without data',  '{"resource":"profiles","action":"create","id":"00000000-0000-4000-a000-000000000011"}'),
    (25, 'create without any id', '{"resource":"profiles","action":"create","data":{"first_name":"X"}}'),
    (26, 'create, ids differ',   '{"resource":"profiles","action":"create","id":"00000000-0000-4000-a000-000000000011","data":{"id":"00000000-0000-4000-a000-000000000010"}}'),
    (27, 'create, malformed id', '{"resource":"profiles","action":"create","data":{"id":"nope"}}'),
    (28, 'list, limit 0',        '{"resource":"profiles","action":"list","limit":0}'),
    (29, 'list, limit 1001',     '{"resource":"profiles","action":"list","limit":1001}'),
    (30, 'list, limit -1',       '{"resource":"profiles","action":"list","limit":-1}'),
    (31, 'list, limit 2.5',      '{"resource":"profiles","action":"list","limit":2.5}'),
    (32, 'list, limit a word',   '{"resource":"profiles","action":"list","limit":"ten"}'),
    (33, 'list, limit huge',     '{"resource":"profiles","action":"list","limit":99999999999999999999}'),
    (34, 'list, offset -1',      '{"resource":"profiles","action":"list","offset":-1}'),
    (35, 'list, offset a bool',  '{"resource":"profiles","action":"list","offset":true}')
  ) AS t(ord, label, req)
 ORDER BY ord;
-- Boundaries that are accepted: limit 1 and 1000, limit given as a numeric string, an
-- upper-case id, an offset past the end.
SELECT public.api_summary(profiles.api('{"resource":"profiles","action":"list","limit":1}')::jsonb);
SELECT public.api_summary(profiles.api('{"resource":"profiles","action":"list","limit":1000}')::jsonb);
SELECT public.api_summary(profiles.api('{"resource":"profiles","action":"list","limit":"3","offset":"1"}')::jsonb);
SELECT public.api_summary(profiles.api('{"resource":"profiles","action":"list","limit":null,"offset":null}')::jsonb);
SELECT public.api_summary(profiles.api('{"resource":"profiles","action":"list","offset":100}')::jsonb);
SELECT public.api_summary(profiles.api('{"resource":"profiles","action":"get","id":"00000000-0000-4000-A000-000000000002"}')::jsonb);
COMMIT;

-- The direct functions validate their arguments the same way.
BEGIN;
SELECT profiles.set_actor(:admin, 'crud-session', 'crud-direct');
SELECT label, public.try_sql(stmt) AS result
  FROM (VALUES
    (1,  'get NULL',                 'SELECT profiles.profile_get(NULL)::text'),
    (2,  'update NULL id',           'SELECT profiles.profile_update(NULL, ''{}'')::text'),
    (3,  'update NULL patch',        'SELECT profiles.profile_update(''00000000-0000-4000-a000-000000000002'', NULL)::text'),
    (4,  'update array patch',       'SELECT profiles.profile_update(''00000000-0000-4000-a000-000000000002'', ''[]'')::text'),
    (5,  'delete NULL',              'SELECT profiles.profile_delete(NULL)::text'),
    (6,  'create NULL',              'SELECT profiles.profile_create(NULL)::text'),
    (7,  'create without id',        'SELECT profiles.profile_create(''{"first_name":"X"}'')::text'),
    (8,  'create array',             'SELECT profiles.profile_create(''[]'')::text'),
    (9,  'create malformed id',      'SELECT profiles.profile_create(''{"id":"123"}'')::text'),
    (10, 'create id not a string',   'SELECT profiles.profile_create(''{"id":123}'')::text'),
    (11, 'create for unknown user',  'SELECT profiles.profile_create(''{"id":"00000000-0000-4000-a000-0000000000ff"}'')::text'),
    (12, 'create existing profile',  'SELECT profiles.profile_create(''{"id":"00000000-0000-4000-a000-000000000002"}'')::text'),
    (13, 'create unknown field',     'SELECT profiles.profile_create(''{"id":"00000000-0000-4000-a000-000000000011","nickname":"x"}'')::text'),
    (14, 'create read-only version', 'SELECT profiles.profile_create(''{"id":"00000000-0000-4000-a000-000000000011","version":7}'')::text'),
    (15, 'create read-only name',    'SELECT profiles.profile_create(''{"id":"00000000-0000-4000-a000-000000000011","name":"X Y"}'')::text'),
    (16, 'list limit 0',             'SELECT profiles.profile_list(0, 0)::text'),
    (17, 'list limit 1001',          'SELECT profiles.profile_list(1001, 0)::text'),
    (18, 'list offset -5',           'SELECT profiles.profile_list(10, -5)::text'),
    (19, 'list NULLs = defaults',    'SELECT public.api_summary(profiles.profile_list(NULL, NULL)::jsonb)'),
    (20, 'list defaults',            'SELECT public.api_summary(profiles.profile_list()::jsonb)')
  ) AS t(ord, label, stmt)
 ORDER BY ord;
COMMIT;

-- create: an admin creates the profile of an existing user (fresh, ...0011).
BEGIN;
SELECT profiles.set_actor(:admin, 'crud-session', 'crud-create');
SELECT jsonb_pretty(profiles.api(jsonb_build_object(
           'resource', 'profiles', 'action', 'create',
           'data', jsonb_build_object(
               'id', '00000000-0000-4000-a000-000000000011',
               'first_name', 'Fred', 'middle_name', 'F', 'last_name', 'Fresh',
               'display_name', 'freddy', 'email', 'fred@example.com', 'phone', '+14155550100',
               'city', 'San Francisco', 'country_numeric_code', '840',
               'timezone', 'America/Los_Angeles', 'language', 'en-US',
               'tags', jsonb_build_array('beta', 'vip'),
               'preferences', jsonb_build_object('theme', 'dark'),
               'external_ids', jsonb_build_object('crm', 'C-1'),
               'attributes', jsonb_build_object('plan', 'pro'))))::jsonb
       #- '{data,created_at}' #- '{data,updated_at}');
-- Creating it again: 23505.
SELECT public.try_sql($$SELECT profiles.api('{"resource":"profiles","action":"create","data":{"id":"00000000-0000-4000-a000-000000000011"}}')::text$$) AS create_again;
COMMIT;

-- Defaults of a minimal create: only the id (given in the envelope).
BEGIN;
SELECT profiles.set_actor(:admin, 'crud-session', 'crud-create-min');
SELECT jsonb_pretty(jsonb_strip_nulls(r->'data') - 'created_at' - 'updated_at') AS created_without_nulls
  FROM (SELECT profiles.api('{"resource":"profiles","action":"create","id":"00000000-0000-4000-a000-000000000010","data":{}}')::jsonb AS r) s;
ROLLBACK;

-- get: the full profile object (keys) and the {"data": ...} envelope.
BEGIN;
SELECT profiles.set_actor(:admin, 'crud-session', 'crud-get');
SELECT array(SELECT jsonb_object_keys(profiles.api('{"resource":"profiles","action":"get","id":"00000000-0000-4000-a000-000000000011"}')::jsonb) ORDER BY 1) AS envelope_keys;
SELECT k AS profile_field
  FROM jsonb_object_keys(profiles.profile_get(:fresh)::jsonb) AS k ORDER BY k;
-- get through the API and through the function return the same document.
SELECT profiles.api('{"resource":"profiles","action":"get","id":"00000000-0000-4000-a000-000000000011"}')::jsonb->'data'
       = profiles.profile_get(:fresh)::jsonb AS same_document;
COMMIT;

-- update: a partial update changes only the given fields and bumps the version.
BEGIN;
SELECT profiles.set_actor(:admin, 'crud-session', 'crud-update-1');
SELECT r->'data'->>'version' AS version, r->'data'->>'city' AS city, r->'data'->>'first_name' AS first_name,
       r->'data'->>'name' AS name, r->'data'->'tags' AS tags, r->'data'->>'middle_name' AS middle_name
  FROM (SELECT profiles.api('{"resource":"profiles","action":"update","id":"00000000-0000-4000-a000-000000000011",
                              "data":{"city":"Oakland","middle_name":null}}')::jsonb AS r) s;
-- With the right expected_version.
SELECT (profiles.profile_update(:fresh, '{"bio":"hello"}', 2)::jsonb)->>'version' AS version;
-- With a stale one: 40001, nothing changes.
SELECT public.try_sql(format($$SELECT profiles.profile_update(%L, '{"bio":"stale"}', 2)::text$$, :fresh)) AS stale_direct;
SELECT public.try_sql($$SELECT profiles.api('{"resource":"profiles","action":"update","id":"00000000-0000-4000-a000-000000000011","data":{"bio":"stale"},"expected_version":1}')::text$$) AS stale_api;
-- An expected_version beyond the integer range never matches a real version.
-- (2^32 + 3 must not be taken for 3; the call is rolled back either way.)
SELECT public.try_sql_rollback($$SELECT profiles.api('{"resource":"profiles","action":"update","id":"00000000-0000-4000-a000-000000000011","data":{"bio":"overflow"},"expected_version":4294967299}')::text$$)
       ~ '^ERROR (40001|22023)' AS out_of_range_version_refused;
SELECT public.try_sql($$SELECT profiles.api('{"resource":"profiles","action":"update","id":"00000000-0000-4000-a000-000000000011","data":{"bio":"current"},"expected_version":3}')::jsonb->'data'->>'version'$$) AS current_api;
-- Fields that cannot be written, unknown fields and id changes: 22023.
SELECT label, public.try_sql(format('SELECT profiles.profile_update(%L, %L)::text', '00000000-0000-4000-a000-000000000011', patch)) AS result
  FROM (VALUES
    (1,  'unknown field',        '{"nickname":"x"}'),
    (2,  'unknown and valid',    '{"bio":"ok","favourite_color":"blue"}'),
    (3,  'version',              '{"version":99}'),
    (4,  'name (generated)',     '{"name":"Someone Else"}'),
    (5,  'role',                 '{"role":"internal_admin"}'),
    (6,  'created_at',           '{"created_at":"2020-01-01T00:00:00Z"}'),
    (7,  'updated_at',           '{"updated_at":"2020-01-01T00:00:00Z"}'),
    (8,  'subscription',         '{"subscription":null}'),
    (9,  'call_purchases',       '{"call_purchases":[]}'),
    (10, 'phone_subscriptions',  '{"phone_subscriptions":[]}'),
    (11, 'team',                 '{"team":null}'),
    (12, 'id change',            '{"id":"00000000-0000-4000-a000-000000000002"}'),
    (13, 'id not a string',      '{"id":11}'),
    (14, 'id malformed',         '{"id":"x"}')
  ) AS t(ord, label, patch)
 ORDER BY ord;
-- The same id in the patch is not a change.
SELECT (profiles.profile_update(:fresh, '{"id":"00000000-0000-4000-A000-000000000011","bio":"same id"}')::jsonb)->>'version' AS version;
-- The same through the API envelope.
SELECT public.try_sql($$SELECT profiles.api('{"resource":"profiles","action":"update","id":"00000000-0000-4000-a000-000000000011","data":{"version":1}}')::text$$) AS api_read_only;
SELECT public.try_sql($$SELECT profiles.api('{"resource":"profiles","action":"update","id":"00000000-0000-4000-a000-000000000011","data":{"id":"00000000-0000-4000-a000-000000000002"}}')::text$$) AS api_id_change;
SELECT public.try_sql($$SELECT profiles.api('{"resource":"profiles","action":"update","id":"00000000-0000-4000-a000-000000000011","data":{"shoe_size":44}}')::text$$) AS api_unknown_field;
COMMIT;

-- The profile after those updates (unchanged fields kept, the failed ones left no trace).
RESET SESSION AUTHORIZATION;
SELECT version, first_name, middle_name, last_name, name, city, bio, tags, preferences, email, phone,
       timezone, updated_at > created_at AS touched
  FROM profiles.profile WHERE id = :fresh;
SET SESSION AUTHORIZATION regress_shim;

-- An empty patch, or one repeating the current values, changes nothing: same version.
BEGIN;
SELECT profiles.set_actor(:admin, 'crud-session', 'crud-noop');
SELECT (profiles.profile_update(:fresh, '{}')::jsonb)->>'version' AS empty_patch;
SELECT (profiles.profile_update(:fresh, '{"city":"Oakland","tags":["beta","vip"],"preferences":{"theme":"dark"},"middle_name":null}')::jsonb)->>'version' AS same_values;
COMMIT;

-- list: basic fields, ordered by creation then id, paginated; count is the total.
BEGIN;
SELECT profiles.set_actor(:admin, 'crud-session', 'crud-list');
SELECT array(SELECT jsonb_object_keys(profiles.profile_list(2, 0)::jsonb) ORDER BY 1) AS list_keys;
SELECT array(SELECT jsonb_object_keys(profiles.profile_list(2, 0)::jsonb->'data'->0) ORDER BY 1) AS list_row_keys;
SELECT o AS "offset", (l->>'count')::int AS count, (l->>'limit')::int AS "limit",
       array(SELECT e->>'name' FROM jsonb_array_elements(l->'data') e) AS names
  FROM generate_series(0, 8, 3) AS o,
       LATERAL (SELECT profiles.profile_list(3, o)::jsonb AS l) s;
-- all: every profile with its joined data, ordered by id.
SELECT array(SELECT jsonb_object_keys(profiles.api('{"resource":"profiles","action":"all"}')::jsonb) ORDER BY 1) AS all_keys;
SELECT (r->>'count')::int AS count, jsonb_array_length(r->'data') AS rows,
       array(SELECT e->>'id' FROM jsonb_array_elements(r->'data') e) = array(SELECT id::text FROM profiles.profile ORDER BY id) AS ordered_by_id
  FROM (SELECT profiles.profile_all()::jsonb AS r) s;
COMMIT;

-- Joined data: subscriptions (the newest is "subscription"), call purchases, phone
-- subscriptions and the team, in get and in all.
RESET SESSION AUTHORIZATION;
INSERT INTO profiles.organization (id, name) VALUES ('00000000-0000-4000-b000-000000000001', 'Acme');
INSERT INTO profiles.department (id, organization_id, name)
    VALUES ('00000000-0000-4000-b000-000000000002', '00000000-0000-4000-b000-000000000001', 'Sales');
INSERT INTO profiles.subscription (id, profile_id, plan, status, created_at) VALUES
    ('00000000-0000-4000-c000-000000000001', :alice, 'starter', 'canceled', '2024-01-01+00'),
    ('00000000-0000-4000-c000-000000000002', :alice, 'pro', 'active', '2024-06-01+00');
INSERT INTO profiles.call_purchase (id, profile_id, minutes, amount_cents, purchased_at) VALUES
    ('00000000-0000-4000-c000-000000000011', :alice, 100, 1000, '2024-02-01+00'),
    ('00000000-0000-4000-c000-000000000012', :alice, 50, 600, '2024-03-01+00');
INSERT INTO profiles.phone_subscription (id, profile_id, phone_number, started_at) VALUES
    ('00000000-0000-4000-c000-000000000021', :alice, '+14155550111', '2024-04-01+00');
SET SESSION AUTHORIZATION regress_shim;
BEGIN;
SELECT profiles.set_actor(:admin, 'crud-session', 'crud-joined');
SELECT (profiles.profile_update(:alice, '{"team_id":"00000000-0000-4000-b000-000000000002","team_role":"member"}')::jsonb)->>'version' AS version;
SELECT d->'team' AS team, d->'subscription'->>'plan' AS plan, d->'subscription'->>'status' AS status,
       array(SELECT e->>'minutes' FROM jsonb_array_elements(d->'call_purchases') e) AS minutes,
       array(SELECT e->>'phone_number' FROM jsonb_array_elements(d->'phone_subscriptions') e) AS phones
  FROM (SELECT profiles.profile_get(:alice)::jsonb AS d) s;
SELECT e->>'id' AS id, e->'team'->>'name' AS team, e->'subscription'->>'plan' AS plan,
       jsonb_array_length(e->'call_purchases') AS call_purchases,
       jsonb_array_length(e->'phone_subscriptions') AS phone_subscriptions
  FROM jsonb_array_elements(profiles.profile_all()::jsonb->'data') e ORDER BY 1;
SELECT array(SELECT jsonb_object_keys(profiles.profile_get(:alice)::jsonb->'subscription') ORDER BY 1) AS subscription_keys;
COMMIT;
-- The owner sees the same joined data.
BEGIN;
SELECT profiles.set_actor(:alice, 'crud-session', 'crud-joined-own');
SELECT d->'team'->>'name' AS team, d->'subscription'->>'plan' AS plan,
       jsonb_array_length(d->'call_purchases') AS call_purchases,
       jsonb_array_length(d->'phone_subscriptions') AS phone_subscriptions
  FROM (SELECT profiles.profile_get(:alice)::jsonb AS d) s;
COMMIT;

-- delete: {"data":{"id":..,"deleted":true}}; then the profile is gone (P0002 for get,
-- update and a second delete).
BEGIN;
SELECT profiles.set_actor(:admin, 'crud-session', 'crud-delete');
SELECT profiles.api('{"resource":"profiles","action":"delete","id":"00000000-0000-4000-a000-000000000011"}');
SELECT public.try_sql($$SELECT profiles.api('{"resource":"profiles","action":"get","id":"00000000-0000-4000-a000-000000000011"}')::text$$) AS get_deleted;
SELECT public.try_sql($$SELECT profiles.api('{"resource":"profiles","action":"update","id":"00000000-0000-4000-a000-000000000011","data":{"bio":"x"}}')::text$$) AS update_deleted;
SELECT public.try_sql($$SELECT profiles.api('{"resource":"profiles","action":"delete","id":"00000000-0000-4000-a000-000000000011"}')::text$$) AS delete_deleted;
SELECT public.try_sql(format('SELECT profiles.profile_delete(%L)::text', :fresh)) AS delete_deleted_direct;
COMMIT;
-- The user itself is kept; its profile can be created again.
RESET SESSION AUTHORIZATION;
SELECT (SELECT count(*) FROM profiles.users WHERE id = :fresh) AS user_kept,
       (SELECT count(*) FROM profiles.profile WHERE id = :fresh) AS profile_gone;
-- A regular user deletes its own profile (then it is recreated by an admin for later files).
SET SESSION AUTHORIZATION regress_shim;
BEGIN;
SELECT profiles.set_actor('00000000-0000-4000-a000-000000000004', 'crud-session', 'crud-delete-own');
SELECT profiles.api('{"resource":"profiles","action":"delete","id":"00000000-0000-4000-a000-000000000004"}');
COMMIT;
BEGIN;
SELECT profiles.set_actor(:admin, 'crud-session', 'crud-recreate');
SELECT (profiles.profile_create('{"id":"00000000-0000-4000-a000-000000000004","first_name":"Bob","last_name":"Baker","email":"bob@example.com"}')::jsonb)->>'version' AS version;
COMMIT;
RESET SESSION AUTHORIZATION;
SELECT id, name, version FROM profiles.profile ORDER BY id;
