--
-- 86_bulk_drafts: seed 003 bulk writes (bulk_create, bulk_update, bulk_delete), duplicate and
-- drafts. Bulk: one result per item {index, success, profile_id, error{code, message}}, each
-- item in its own subtransaction (a bad item does not undo good ones), at most 1000 items
-- (22023), create for admins only (42501), per-item ownership for update and delete
-- (FORBIDDEN), an activity for every successful item and none for failed ones. Duplicate:
-- admins only, a new id, e-mail and phone cleared, last name ending in "(copy)", activities
-- profile_created + profile_duplicated. Drafts: version 1 on create, expected_version to
-- update, 40001 with the current version when stale, other users' drafts are not found.
--
-- Profiles of this file carry the tag seed86 (created here, removed at the end).
--
\set rep    '''80000000-0000-4000-a000-000000000001'''
\set head   '''80000000-0000-4000-a000-000000000002'''
\set padmin '''80000000-0000-4000-a000-000000000005'''
\set nopro  '''80000000-0000-4000-a000-000000000009'''
\set src    '''80000000-0000-4000-a000-000000000601'''
\set own    '''80000000-0000-4000-a000-000000000602'''
\set longn  '''80000000-0000-4000-a000-000000000603'''

-- A profile to duplicate (with identifying fields), one owned by a standard user, and one
-- whose last name has the maximum length.
INSERT INTO profiles.users (id, email, role, organization_id, department_id) VALUES
    ('80000000-0000-4000-a000-000000000601', 'src86@example.com', 'standard_user',
     '80000000-0000-4000-b000-000000000001', '80000000-0000-4000-d000-000000000002'),
    ('80000000-0000-4000-a000-000000000602', 'own86@example.com', 'standard_user', NULL, NULL),
    ('80000000-0000-4000-a000-000000000603', 'long86@example.com', 'consumer', NULL, NULL);
INSERT INTO profiles.profile (id, first_name, middle_name, last_name, email, phone, uuid, external_ids,
                              tags, city, team_id, company_name, attributes, request_limit) VALUES
    ('80000000-0000-4000-a000-000000000601', 'Sam', 'S', 'Source', 'src86@example.com', '+14155550601',
     '66666666-0000-4000-8000-000000000601', '{"crm": "C-601"}', '{seed86,vip}', 'Lyon',
     '80000000-0000-4000-d000-000000000002', 'Globex', '{"level": 3}', 10),
    ('80000000-0000-4000-a000-000000000602', 'Olly', NULL, 'Owner', 'own86@example.com', NULL,
     NULL, '{}', '{seed86}', NULL, NULL, NULL, NULL, NULL),
    ('80000000-0000-4000-a000-000000000603', 'Lon', NULL, repeat('L', 255), NULL, NULL,
     NULL, '{}', '{seed86}', NULL, NULL, NULL, NULL, NULL);

-- The per-item results in short: "index: ok" or "index: CODE message", with the profile id
-- shown as a fixture name, "new" (a generated id) or "-" (none).
CREATE FUNCTION public.bulk_summary(r jsonb) RETURNS TABLE (item int, result text, profile text)
    LANGUAGE sql IMMUTABLE AS $fn$
    SELECT (e->>'index')::int,
           CASE WHEN (e->>'success')::boolean AND e->'error' = 'null' THEN 'ok'
                WHEN NOT (e->>'success')::boolean THEN (e->'error'->>'code') || ': ' || (e->'error'->>'message')
                ELSE 'inconsistent: ' || e::text END,
           CASE WHEN e->>'profile_id' IS NULL THEN '-'
                WHEN e->>'profile_id' LIKE '80000000-%' OR e->>'profile_id' LIKE '00000000-%' THEN right(e->>'profile_id', 4)
                ELSE 'new' END
      FROM jsonb_array_elements(r->'results') e ORDER BY 1
$fn$;

SET SESSION AUTHORIZATION regress_shim;

--
-- bulk_create (admins only)
--
BEGIN;
SELECT profiles.set_actor(:padmin, 's86', 'r86-create');
SELECT profiles.bulk_create(jsonb_build_object('profiles', '[
    {"email": "bulk1-86@example.com", "first_name": "Bea", "last_name": "Bulk", "tags": ["seed86"]},
    {"email": "not-an-email", "first_name": "Bad"},
    {"id": "80000000-0000-4000-a000-000000000009", "first_name": "Nora", "tags": ["seed86"]},
    {"id": "80000000-0000-4000-a000-000000000001", "first_name": "Again"},
    {"email": "bulk2-86@example.com", "first_name": "Unknown", "nickname": "x"},
    {"email": "taken80@example.com", "first_name": "Taken"},
    "not an object",
    {"email": "bulk3-86@example.com", "role": "Not A Role"},
    {"id": "80000000-0000-4000-a000-0000000006ff", "first_name": "Ghost"},
    {"id": "not-a-uuid"},
    {"email": "bulk4-86@example.com", "first_name": "Cal", "role": "consumer", "tags": ["seed86"], "country_numeric_code": "250"},
    {"email": "bulk5-86@example.com", "first_name": "Read", "version": 3}
  ]'::jsonb || jsonb_build_array(jsonb_build_object('email', 'bulk6-86@example.com', 'first_name', 'Long',
                                                    'last_name', repeat('x', 300)))))::jsonb AS created \gset
SELECT * FROM public.bulk_summary(:'created');
-- A failed create reports no generated id: the user it had begun to create was rolled back,
-- so such an id would point to nothing (only an id given in the item is echoed).
SELECT count(*) AS failed_items_with_dangling_generated_ids
  FROM jsonb_array_elements(:'created'::jsonb->'results') e
 WHERE NOT (e->>'success')::boolean AND e->>'profile_id' IS NOT NULL
   AND e->>'profile_id' NOT LIKE '80000000-%'
   AND NOT EXISTS (SELECT 1 FROM profiles.users u WHERE u.id = (e->>'profile_id')::uuid);
COMMIT;
RESET SESSION AUTHORIZATION;
-- What the good items created: users with the given e-mail and role, their profiles.
SELECT u.email, u.role, p.first_name, p.last_name, p.tags, p.country_numeric_code, p.version
  FROM profiles.profile p JOIN profiles.users u ON u.id = p.id
 WHERE p.tags @> '{seed86}' AND p.id NOT IN (:src, :own, :longn) ORDER BY u.email;
SELECT count(*) AS users_of_failed_items FROM profiles.users
 WHERE email IN ('bulk2-86@example.com', 'bulk3-86@example.com', 'bulk5-86@example.com', 'bulk6-86@example.com');
-- One profile_created per successful item, by the admin, none for the failed ones.
SELECT action, actor, real_actor, entity_id, count(*)
  FROM public.seed_activity WHERE request_id = 'r86-create' GROUP BY 1, 2, 3, 4 ORDER BY 4;
SET SESSION AUTHORIZATION regress_shim;

-- Request-level errors: the whole call fails.
BEGIN;
SELECT profiles.set_actor(:padmin, 's86', 'r86-create-invalid');
SELECT label, public.try_sql(stmt) AS result
  FROM (VALUES
    (1, 'create, 1001 items',      format('SELECT profiles.bulk_create(%L)::text', jsonb_build_object('profiles', (SELECT jsonb_agg(jsonb_build_object('first_name', 'x')) FROM generate_series(1, 1001))))),
    (2, 'update, 1001 items',      format('SELECT profiles.bulk_update(%L)::text', jsonb_build_object('profiles', (SELECT jsonb_agg(jsonb_build_object('profile_id', gen_random_uuid())) FROM generate_series(1, 1001))))),
    (3, 'delete, 1001 items',      format('SELECT profiles.bulk_delete(%L)::text', jsonb_build_object('profile_ids', (SELECT jsonb_agg(gen_random_uuid()) FROM generate_series(1, 1001))))),
    (4, 'delete, 1000 items (ok)', format('SELECT jsonb_array_length(profiles.bulk_delete(%L)::jsonb->''results'')', jsonb_build_object('profile_ids', (SELECT jsonb_agg(gen_random_uuid()) FROM generate_series(1, 1000))))),
    (5, 'create, no profiles key', $$SELECT profiles.bulk_create('{"items": []}')::text$$),
    (6, 'create, profiles not an array', $$SELECT profiles.bulk_create('{"profiles": {}}')::text$$),
    (7, 'create, not an object',   $$SELECT profiles.bulk_create('[]')::text$$),
    (8, 'create, NULL',            $$SELECT profiles.bulk_create(NULL)::text$$),
    (9, 'update, no profiles key', $$SELECT profiles.bulk_update('{}')::text$$),
    (10, 'delete, ids not an array', $$SELECT profiles.bulk_delete('{"profile_ids": "80000000-0000-4000-a000-000000000001"}')::text$$),
    (11, 'create, empty list (ok)', $$SELECT profiles.bulk_create('{"profiles": []}')::text$$)
  ) AS t(ord, label, stmt)
 ORDER BY ord;
ROLLBACK;

-- Non-admins cannot create at all.
BEGIN;
SELECT profiles.set_actor(:rep, 's86', 'r86-create-rep');
SELECT public.try_sql($$SELECT profiles.bulk_create('{"profiles": [{"email": "sneaky86@example.com"}]}')::text$$) AS rep_bulk_create;
ROLLBACK;

--
-- bulk_update: own or admin per item.
--
BEGIN;
SELECT profiles.set_actor(:own, 's86', 'r86-update-own');
SELECT * FROM public.bulk_summary(profiles.bulk_update('{"profiles": [
    {"profile_id": "80000000-0000-4000-a000-000000000602", "city": "Nantes"},
    {"profile_id": "80000000-0000-4000-a000-000000000601", "city": "Hijacked"},
    {"city": "Nowhere"},
    {"profile_id": "80000000-0000-4000-a000-000000000602", "expected_version": 99, "city": "Stale"},
    {"profile_id": "80000000-0000-4000-a000-000000000602", "expected_version": 2, "bio": "second"},
    {"profile_id": "zz", "city": "x"},
    {"profile_id": "80000000-0000-4000-a000-000000000602", "name": "Read Only"},
    {"profile_id": "80000000-0000-4000-a000-000000000602", "shoe_size": 44},
    {"profile_id": "80000000-0000-4000-a000-000000000602", "id": "80000000-0000-4000-a000-000000000601"},
    {"profile_id": "80000000-0000-4000-a000-000000000602", "timezone": "Mars/Olympus"},
    {"profile_id": "80000000-0000-4000-a000-000000000602", "first_name": "Olivia"},
    [1]
  ]}')::jsonb);
COMMIT;
BEGIN;
SELECT profiles.set_actor(:padmin, 's86', 'r86-update-admin');
SELECT * FROM public.bulk_summary(profiles.bulk_update('{"profiles": [
    {"profile_id": "80000000-0000-4000-a000-000000000601", "city": "Marseille", "expected_version": 1},
    {"profile_id": "80000000-0000-4000-a000-000000000602", "city": "Brest"},
    {"profile_id": "80000000-0000-4000-a000-0000000006ff", "city": "Ghost"},
    {"profile_id": "80000000-0000-4000-a000-000000000009", "city": "No profile"},
    {"profile_id": "80000000-0000-4000-a000-000000000602", "city": "Brest"}
  ]}')::jsonb);
COMMIT;
RESET SESSION AUTHORIZATION;
SELECT right(id::text, 4) AS id, first_name, city, bio, version FROM profiles.profile WHERE id IN (:src, :own) ORDER BY id;
-- One activity per successful item (the last one changed nothing: none), by its actor.
SELECT request_id, action, actor, entity_id, metadata
  FROM public.seed_activity WHERE request_id LIKE 'r86-update-%' ORDER BY id;
SET SESSION AUTHORIZATION regress_shim;

--
-- bulk_delete: own or admin per item.
--
BEGIN;
SELECT profiles.set_actor(:own, 's86', 'r86-delete-own');
SELECT * FROM public.bulk_summary(profiles.bulk_delete('{"profile_ids": [
    "80000000-0000-4000-a000-000000000601", "not-a-uuid", 7, "80000000-0000-4000-a000-000000000602",
    "80000000-0000-4000-a000-000000000602"]}')::jsonb);
ROLLBACK;
BEGIN;
SELECT profiles.set_actor(:padmin, 's86', 'r86-delete-admin');
SELECT * FROM public.bulk_summary(profiles.bulk_delete(jsonb_build_object('profile_ids', jsonb_build_array(
    :own, '80000000-0000-4000-a000-0000000006ff', :nopro, :own, null)))::jsonb);
COMMIT;
RESET SESSION AUTHORIZATION;
SELECT count(*) AS own_profile_left FROM profiles.profile WHERE id = :own;
SELECT count(*) AS own_user_left FROM profiles.users WHERE id = :own;
SELECT request_id, action, actor, entity_id FROM public.seed_activity WHERE request_id LIKE 'r86-delete-%' ORDER BY id;
SET SESSION AUTHORIZATION regress_shim;

--
-- duplicate_profile (admins only)
--
BEGIN;
SELECT profiles.set_actor(:rep, 's86', 'r86-duplicate-rep');
SELECT public.try_sql(format('SELECT profiles.duplicate_profile(%L)::text', :rep)) AS rep_duplicates_self,
       public.try_sql(format('SELECT profiles.duplicate_profile(%L)::text', :src)) AS rep_duplicates_other;
ROLLBACK;
BEGIN;
SELECT profiles.set_actor(:padmin, 's86', 'r86-duplicate');
SELECT profiles.duplicate_profile(:src)::jsonb AS dup \gset
SELECT (:'dup'::jsonb) - 'profile_id' AS result, (:'dup'::jsonb->>'profile_id') <> :src AS new_id,
       (:'dup'::jsonb->>'profile_id')::uuid IS NOT NULL AS is_uuid;
SELECT :'dup'::jsonb->>'profile_id' AS dup_id \gset
SELECT public.try_sql($$SELECT profiles.duplicate_profile('80000000-0000-4000-a000-0000000006ff')::text$$) AS unknown_profile,
       public.try_sql(format('SELECT profiles.duplicate_profile(%L)::text', :nopro)) AS user_without_profile,
       public.try_sql($$SELECT profiles.duplicate_profile(NULL)::text$$) AS null_id;
COMMIT;
RESET SESSION AUTHORIZATION;
-- The copy: same names and other fields, "(copy)" appended to the last name, e-mail, phone,
-- integration uuid and external ids cleared, a new user with the source's role and org.
SELECT s.first_name = c.first_name AS same_first_name, s.middle_name = c.middle_name AS same_middle_name,
       c.last_name, c.name, c.email, c.phone, c.uuid, c.external_ids, c.tags, c.city,
       c.team_id = s.team_id AS same_team, c.company_name, c.attributes, c.request_limit, c.version
  FROM profiles.profile s, profiles.profile c WHERE s.id = :src AND c.id = :'dup_id';
SELECT cu.role = su.role AS same_role, cu.organization_id = su.organization_id AS same_org,
       cu.email IS NULL AS no_email, cu.db_role IS NULL AS no_db_role
  FROM profiles.users su, profiles.users cu WHERE su.id = :src AND cu.id = :'dup_id';
SELECT action, entity, actor, entity_id = 'other' AS about_copy,
       metadata->>'source_profile_id' = :src AS source_in_metadata
  FROM public.seed_activity WHERE request_id = 'r86-duplicate' ORDER BY id;
SET SESSION AUTHORIZATION regress_shim;
-- A last name of the maximum length still ends in "(copy)" and fits in 255 characters.
BEGIN;
SELECT profiles.set_actor(:padmin, 's86', 'r86-duplicate-long');
SELECT profiles.duplicate_profile(:longn)::jsonb->>'profile_id' AS long_dup_id \gset
COMMIT;
RESET SESSION AUTHORIZATION;
SELECT length(last_name) <= 255 AS fits, last_name LIKE '%(copy)' AS marked_as_copy
  FROM profiles.profile WHERE id = :'long_dup_id';
SET SESSION AUTHORIZATION regress_shim;

--
-- Drafts
--
BEGIN;
SELECT profiles.set_actor(:rep, 's86', 'r86-draft');
SELECT profiles.draft_patch('{"name": "Rita Draft", "request_limit": 5, "department_ids": ["80000000-0000-4000-d000-000000000002"]}')::jsonb AS d1 \gset
SELECT (:'d1'::jsonb) - 'draft_id' AS created, :'d1'::jsonb->>'draft_id' AS d1_id \gset
SELECT :'created'::jsonb AS created;
COMMIT;
BEGIN;
SELECT profiles.set_actor(:rep, 's86', 'r86-draft');
-- Update with the right version: merged into the form state, version 2.
SELECT (profiles.draft_patch(jsonb_build_object('input_draft_id', :'d1_id', 'expected_version', 1,
                                                'email', 'rita.draft@example.com', 'request_limit', 7))::jsonb) - 'draft_id' AS updated;
-- Stale, missing, malformed versions; then an update with version 2 succeeds (version 3).
SELECT public.try_sql_detail(format($$SELECT profiles.draft_patch('{"input_draft_id": "%s", "expected_version": 1, "name": "Stale"}')::text$$, :'d1_id')) AS stale,
       public.try_sql_detail(format($$SELECT profiles.draft_patch('{"input_draft_id": "%s", "expected_version": 5, "name": "Future"}')::text$$, :'d1_id')) AS future;
SELECT public.try_sql_detail(format($$SELECT profiles.draft_patch('{"input_draft_id": "%s", "name": "No version"}')::text$$, :'d1_id')) AS no_version,
       public.try_sql_detail(format($$SELECT profiles.draft_patch('{"input_draft_id": "%s", "expected_version": 0}')::text$$, :'d1_id')) AS version_zero,
       public.try_sql_detail(format($$SELECT profiles.draft_patch('{"input_draft_id": "%s", "expected_version": 2.5}')::text$$, :'d1_id')) AS version_fraction;
SELECT (profiles.draft_patch(jsonb_build_object('input_draft_id', :'d1_id', 'expected_version', 2, 'name', 'Rita Final'))::jsonb)->>'new_version' AS new_version;
COMMIT;
-- A second draft (another transaction, so it is the newest), for the head's profile: refused
-- for a non-admin; for its own profile with an explicit target it is fine.
BEGIN;
SELECT profiles.set_actor(:rep, 's86', 'r86-draft-2');
SELECT public.try_sql($$SELECT profiles.draft_patch('{"target_profile_id": "80000000-0000-4000-a000-000000000002", "name": "Not mine"}')::text$$) AS draft_of_other_profile;
SELECT (profiles.draft_patch(jsonb_build_object('target_profile_id', :rep, 'flag_id', 'f-1'))::jsonb)->>'new_version' AS second_draft_version;
COMMIT;
-- Validation.
BEGIN;
SELECT profiles.set_actor(:rep, 's86', 'r86-draft-invalid');
SELECT label, public.try_sql(format('SELECT profiles.draft_patch(%L)::text', doc)) AS result
  FROM (VALUES
    (1, 'unknown field',              '{"nickname": "x"}'::jsonb),
    (2, 'bad e-mail',                 '{"email": "nope"}'),
    (3, 'negative request_limit',     '{"request_limit": -1}'),
    (4, 'name 256 chars',             jsonb_build_object('name', repeat('n', 256))),
    (5, 'department_ids not array',   '{"department_ids": "80000000-0000-4000-d000-000000000002"}'),
    (6, 'input_draft_id malformed',   '{"input_draft_id": "draft-1", "expected_version": 1}'),
    (7, 'unknown draft',              '{"input_draft_id": "80000000-0000-4000-f000-0000000006ff", "expected_version": 1}'),
    (8, 'unknown target profile',     '{"target_profile_id": "80000000-0000-4000-a000-0000000006ff"}'),
    (9, 'not an object',              '["name"]')
  ) AS t(ord, label, doc)
 ORDER BY ord;
SELECT public.try_sql($$SELECT profiles.draft_patch(NULL)::text$$) AS null_doc;
ROLLBACK;
-- The drafts of the actor, newest first.
BEGIN;
SELECT profiles.set_actor(:rep, 's86', 'r86-drafts');
SELECT e->>'draft_version' AS version, right(e->>'target_profile_id', 4) AS target, e->'form_state' AS form_state,
       e->>'draft_id' = :'d1_id' AS is_first_draft
  FROM jsonb_array_elements(profiles.drafts()::jsonb->'entries') WITH ORDINALITY AS a(e, n) ORDER BY n;
SELECT array(SELECT jsonb_object_keys(profiles.drafts()::jsonb->'entries'->0) ORDER BY 1) AS entry_keys;
-- The profile with the draft's values over it.
SELECT s->>'draft_version' AS draft_version, s->'names'->>'name' AS name, s->'emails'->>'email' AS email,
       s->'request_limits'->>'request_limit' AS request_limit, right(s->>'profile_id', 4) AS profile
  FROM (SELECT profiles.profile_sections(NULL, :'d1_id')::jsonb AS s) t;
COMMIT;
-- Another user cannot see, read or update them: not found (P0002), never a silent overwrite.
BEGIN;
SELECT profiles.set_actor(:head, 's86', 'r86-draft-other');
SELECT jsonb_array_length(profiles.drafts()::jsonb->'entries') AS heads_drafts;
SELECT public.try_sql_detail(format($$SELECT profiles.draft_patch('{"input_draft_id": "%s", "expected_version": 3, "name": "Overwrite"}')::text$$, :'d1_id')) AS update_other_draft,
       public.try_sql(format('SELECT profiles.profile_sections(NULL, %L)::text', :'d1_id')) AS sections_with_other_draft;
SELECT count(*) AS drafts_visible_by_select FROM profiles.draft;
COMMIT;
-- Admins too: drafts belong to their owner.
BEGIN;
SELECT profiles.set_actor(:padmin, 's86', 'r86-draft-admin');
SELECT public.try_sql_detail(format($$SELECT profiles.draft_patch('{"input_draft_id": "%s", "expected_version": 3, "name": "Admin"}')::text$$, :'d1_id')) AS admin_updates_rep_draft;
-- An admin may draft edits of any profile.
SELECT profiles.draft_patch(jsonb_build_object('target_profile_id', :rep, 'name', 'By admin'))::jsonb AS admin_draft \gset
SELECT :'admin_draft'::jsonb->'form_state'->>'name' AS admin_draft_of_rep;
SELECT s->>'draft_version' AS draft_version, s->'names'->>'name' AS name, right(s->>'profile_id', 4) AS profile
  FROM (SELECT profiles.profile_sections(NULL, (:'admin_draft'::jsonb->>'draft_id')::uuid)::jsonb AS s) t;
-- A draft of one profile is never shown over another one: refused, or the other profile
-- shown as it is.
SELECT r ~ '^ERROR (22023|P0002|42501)' OR r = 'Hank Head' AS draft_not_applied_to_other_profile
  FROM (SELECT public.try_sql(format('SELECT profiles.profile_sections(%L, %L)::jsonb->''names''->>''name''',
                                     :head, :'admin_draft'::jsonb->>'draft_id')) AS r) t;
ROLLBACK;
RESET SESSION AUTHORIZATION;
SELECT version, form_state FROM profiles.draft WHERE id = :'d1_id';

-- Clean up (public.bulk_summary serves 86a_write_path too, which drops it).
DELETE FROM profiles.draft WHERE owner_id IN (:rep, :head, :padmin);
DELETE FROM profiles.profile WHERE id = :nopro;
DELETE FROM profiles.users WHERE id IN (:src, :own, :longn, :'dup_id', :'long_dup_id')
    OR email LIKE 'bulk%-86@example.com'
    OR (id IN (SELECT p.id FROM profiles.profile p WHERE p.tags @> '{seed86}')
        AND id::text NOT LIKE '80000000-0000-4000-a000-0000000000%');
DELETE FROM profiles.activities WHERE request_id LIKE 'r86-%';
