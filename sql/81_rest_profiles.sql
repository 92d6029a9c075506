--
-- 81_rest_profiles: seed 002, the REST profiles and contacts (rest_profile_* and
-- rest_contact_*): camelCase documents, validation with the SQLSTATEs the HTTP layer maps
-- (22023/22P02/22001 -> 400, 42501 -> 403, P0002 -> 404, 40001 -> 409), sort/filter/pagination
-- of the list, ownership, and the activities of contact changes.
--
\set padmin '''80000000-0000-4000-a000-000000000005'''
\set rep    '''80000000-0000-4000-a000-000000000001'''
\set head   '''80000000-0000-4000-a000-000000000002'''

-- A profile document without its generated or time-dependent values.
CREATE FUNCTION public.rest_doc(body jsonb) RETURNS jsonb
    LANGUAGE sql IMMUTABLE AS $fn$
    SELECT (body - 'profileId' - 'createTime' - 'updateTime' - 'contacts')
           || jsonb_build_object(
                'country', CASE WHEN jsonb_typeof(body->'country') = 'object'
                                THEN (body->'country') - 'countryId' - 'createTime' - 'updateTime'
                                ELSE body->'country' END,
                'contacts', (SELECT coalesce(jsonb_agg(c - 'contactId' - 'createTime' - 'updateTime'
                                                       ORDER BY c->>'key', c->>'value'), '[]')
                               FROM jsonb_array_elements(body->'contacts') AS x(c)))
$fn$;

-- One page of the list as "total=N: first names in order".
CREATE FUNCTION public.rest_page(lim integer, off integer, sort_by text, sort_order text, filters jsonb)
    RETURNS text LANGUAGE sql AS $fn$
    SELECT format('total=%s: %s', l.total,
                  (SELECT coalesce(string_agg(e->>'firstName', ',' ORDER BY n), '')
                     FROM jsonb_array_elements(l.body::jsonb) WITH ORDINALITY AS a(e, n)))
      FROM profiles.rest_profile_list(lim, off, sort_by, sort_order, filters) l
$fn$;

-- Profiles to list (as the superuser, with fixed timestamps so that the order is known).
-- Ties: Eve and Fay were created at the same time (the id breaks the tie).
INSERT INTO profiles.users (id, email, role) VALUES
    ('80000000-0000-4000-a000-000000000101', 'amy.listy@example.com', 'consumer'),
    ('80000000-0000-4000-a000-000000000102', 'cid.listy@example.com', 'consumer'),
    ('80000000-0000-4000-a000-000000000103', 'bea.listy@example.com', 'consumer'),
    ('80000000-0000-4000-a000-000000000104', 'dan.listy@example.com', 'consumer'),
    ('80000000-0000-4000-a000-000000000105', 'eve.listy@example.com', 'consumer'),
    ('80000000-0000-4000-a000-000000000106', 'fay.listy@example.com', 'consumer');
INSERT INTO profiles.profile (id, first_name, middle_name, last_name, enabled, uuid, created_at, updated_at) VALUES
    ('80000000-0000-4000-a000-000000000101', 'Amy', 'Zed', 'Listy', true,  'aaaaaaaa-0000-4000-8000-000000000101', '2020-01-01+00', '2020-01-06+00'),
    ('80000000-0000-4000-a000-000000000102', 'Cid', NULL,  'Listy', false, NULL,                                  '2020-01-02+00', '2020-01-05+00'),
    ('80000000-0000-4000-a000-000000000103', 'Bea', 'Ann', 'Listy', true,  NULL,                                  '2020-01-03+00', '2020-01-04+00'),
    ('80000000-0000-4000-a000-000000000104', 'Dan', NULL,  'Listy', true,  NULL,                                  '2020-01-04+00', '2020-01-03+00'),
    ('80000000-0000-4000-a000-000000000105', 'Eve', 'Max', 'Listy', false, NULL,                                  '2020-01-05+00', '2020-01-02+00'),
    ('80000000-0000-4000-a000-000000000106', 'Fay', 'Bo',  'Listy', true,  NULL,                                  '2020-01-05+00', '2020-01-01+00');
-- A table that a hostile sort_by would try to drop.
CREATE TABLE public.rest_canary (x int);
GRANT SELECT ON public.rest_canary TO PUBLIC;

SET SESSION AUTHORIZATION regress_shim;

--
-- Create (admin only): a new consumer user, its profile and its contacts.
--
BEGIN;
SELECT profiles.set_actor(:padmin, 's81', 'r81-create');
SELECT version, body::jsonb->>'profileId' AS mary_id, body::jsonb AS mary_body
  FROM profiles.rest_profile_create('{
    "contacts": [
      {"key": "email", "value": "client@email.com", "uuid": null},
      {"key": "phone", "value": "+9876543210", "uuid": "11111111-2222-4333-8444-555555555555"}
    ],
    "countryNumericCode": "840", "enabled": true, "firstName": "Mary", "middleName": "Jane",
    "lastName": "Smith", "uuid": null, "tags": ["blue", "green"]}') \gset
SELECT :version AS version, jsonb_pretty(public.rest_doc(:'mary_body')) AS created;
-- Every field of the Profile object, the Country object and the Contact object.
SELECT array(SELECT jsonb_object_keys(:'mary_body'::jsonb) ORDER BY 1) AS profile_keys;
SELECT array(SELECT jsonb_object_keys(:'mary_body'::jsonb->'country') ORDER BY 1) AS country_keys;
SELECT array(SELECT jsonb_object_keys(:'mary_body'::jsonb->'contacts'->0) ORDER BY 1) AS contact_keys;
-- Timestamps are ISO 8601 with an offset, ids are UUIDs.
SELECT (:'mary_body'::jsonb->>'createTime') ~ '^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+00:00$' AS iso_create_time,
       (:'mary_body'::jsonb->>'createTime') = (:'mary_body'::jsonb->>'updateTime') AS created_equals_updated,
       (:'mary_body'::jsonb->>'profileId')::uuid IS NOT NULL AS uuid_profile_id;
-- A minimal document: defaults (enabled, no tags, no country, no contacts).
SELECT version, jsonb_pretty(public.rest_doc(body::jsonb)) AS minimal, body::jsonb->>'profileId' AS minimal_id
  FROM profiles.rest_profile_create('{}') \gset
SELECT :version AS version, :'minimal' AS minimal;
COMMIT;

-- The user behind the new profile is a consumer; its activities (as the superuser).
RESET SESSION AUTHORIZATION;
SELECT u.role, u.email IS NULL AS no_email, u.db_role IS NULL AS no_db_role
  FROM profiles.users u WHERE u.id = :'mary_id';
SELECT a.action, a.entity, public.short_id(a.actor_id::text) AS actor,
       CASE coalesce(a.metadata->>'profile_id', a.entity_id::text)
            WHEN :'mary_id' THEN 'mary' WHEN :'minimal_id' THEN 'minimal' END AS profile,
       a.metadata - 'profile_id' AS metadata
  FROM profiles.activities a WHERE a.request_id = 'r81-create' ORDER BY 4, a.id;
SET SESSION AUTHORIZATION regress_shim;

-- Validation of a create: nothing is created when a request fails.
BEGIN;
SELECT profiles.set_actor(:padmin, 's81', 'r81-create-invalid');
SELECT count(*) AS profiles_before FROM profiles.profile \gset
SELECT label, public.try_sql(format('SELECT version FROM profiles.rest_profile_create(%L)', doc)) AS result
  FROM (VALUES
    (1,  'firstName 256 chars',       jsonb_build_object('firstName', repeat('x', 256))),
    (2,  'middleName 256 chars',      jsonb_build_object('middleName', repeat('x', 256))),
    (3,  'lastName 256 multibyte',    jsonb_build_object('lastName', repeat('é', 256))),
    (4,  'firstName 255 chars (ok)',  jsonb_build_object('firstName', repeat('x', 255))),
    (5,  'lastName 255 multibyte (ok)', jsonb_build_object('lastName', repeat('é', 255))),
    (6,  'firstName not a string',    '{"firstName": 1}'),
    (7,  'unknown countryNumericCode', '{"countryNumericCode": "999"}'),
    (8,  'countryNumericCode 2 digits', '{"countryNumericCode": "84"}'),
    (9,  'countryNumericCode alpha-2', '{"countryNumericCode": "US"}'),
    (10, 'countryNumericCode a number', '{"countryNumericCode": 840}'),
    (11, 'enabled not a boolean',     '{"enabled": "yes"}'),
    (12, 'uuid malformed',            '{"uuid": "not-a-uuid"}'),
    (13, 'uuid a number',             '{"uuid": 5}'),
    (14, 'tags not an array',         '{"tags": "blue"}'),
    (15, 'unknown field',             '{"firstName": "X", "nickname": "x"}'),
    (16, 'profileId is not writable', '{"profileId": "80000000-0000-4000-a000-000000000001"}'),
    (17, 'contacts not an array',     '{"contacts": {"key": "email"}}'),
    (18, 'contact not an object',     '{"contacts": ["a@example.com"]}'),
    (19, 'contact key unknown',       '{"contacts": [{"key": "fax", "value": "+14155550100"}]}'),
    (20, 'contact without key',       '{"contacts": [{"value": "a@example.com"}]}'),
    (21, 'contact bad e-mail',        '{"contacts": [{"key": "email", "value": "not-an-email"}]}'),
    (22, 'contact phone not E.164',   '{"contacts": [{"key": "phone", "value": "415-555-0100"}]}'),
    (23, 'contact unknown field',     '{"contacts": [{"key": "email", "value": "a@example.com", "label": "work"}]}'),
    (24, 'second contact bad',        '{"firstName": "Half", "contacts": [{"key": "email", "value": "ok@example.com"}, {"key": "phone", "value": "+0123"}]}'),
    (25, 'not an object',             '[]')
  ) AS t(ord, label, doc)
 ORDER BY ord;
SELECT public.try_sql($$SELECT version FROM profiles.rest_profile_create(NULL)$$) AS null_doc;
-- Only the two valid documents (255 characters) created a profile.
SELECT count(*) - :profiles_before AS created FROM profiles.profile;
ROLLBACK;

-- Tags are strings: other JSON values are refused, not converted or stored as NULL.
BEGIN;
SELECT profiles.set_actor(:padmin, 's81', 'r81-create-tags');
SELECT public.sqlstate_of($$SELECT profiles.rest_profile_create('{"tags": [1, 2]}')$$) AS number_tags,
       public.sqlstate_of($$SELECT profiles.rest_profile_create('{"tags": ["a", null]}')$$) AS null_tag;
ROLLBACK;

-- Non-admins cannot create profiles: 42501.
BEGIN;
SELECT profiles.set_actor(:rep, 's81', 'r81-create-rep');
SELECT public.try_sql($$SELECT version FROM profiles.rest_profile_create('{"firstName": "Sneaky"}')$$) AS rep_create;
ROLLBACK;

--
-- Get: own profile or any for admins.
--
BEGIN;
SELECT profiles.set_actor(:padmin, 's81', 'r81-get');
SELECT version, public.rest_doc(body::jsonb) = public.rest_doc(:'mary_body') AS same_as_created,
       body::jsonb->>'profileId' = :'mary_id' AS same_id
  FROM profiles.rest_profile_get(:'mary_id');
SELECT public.try_sql($$SELECT version FROM profiles.rest_profile_get('80000000-0000-4000-a000-0000000000ff')$$) AS unknown_profile,
       public.try_sql($$SELECT version FROM profiles.rest_profile_get('80000000-0000-4000-a000-000000000009')$$) AS user_without_profile,
       public.try_sql($$SELECT version FROM profiles.rest_profile_get(NULL)$$) AS null_id;
COMMIT;
BEGIN;
SELECT profiles.set_actor(:rep, 's81', 'r81-get-rep');
SELECT version, body::jsonb->>'name' AS name, body::jsonb->'tags' AS tags
  FROM profiles.rest_profile_get(:rep);
SELECT public.try_sql(format('SELECT version FROM profiles.rest_profile_get(%L)', :'mary_id')) AS other_profile,
       public.try_sql($$SELECT version FROM profiles.rest_profile_get('80000000-0000-4000-a000-0000000000ff')$$) AS unknown_profile;
COMMIT;

--
-- List: sort, filter and pagination. The fixtures above all have the last name "Listy".
--
BEGIN;
SELECT profiles.set_actor(:padmin, 's81', 'r81-list');
SELECT label, public.rest_page(lim, off, sort_by, sort_order, filters) AS page
  FROM (VALUES
    (1,  'default (createTime asc)',  20, 0, NULL,         NULL,   '{"lastName": "Listy"}'::jsonb),
    (2,  'createTime desc',           20, 0, 'createTime', 'desc', '{"lastName": "Listy"}'),
    (3,  'firstName asc',             20, 0, 'firstName',  'asc',  '{"lastName": "Listy"}'),
    (4,  'firstName desc',            20, 0, 'firstName',  'desc', '{"lastName": "Listy"}'),
    (5,  'middleName asc',            20, 0, 'middleName', 'asc',  '{"lastName": "Listy"}'),
    (6,  'middleName desc',           20, 0, 'middleName', 'desc', '{"lastName": "Listy"}'),
    (7,  'name asc',                  20, 0, 'name',       'asc',  '{"lastName": "Listy"}'),
    (8,  'name desc',                 20, 0, 'name',       'desc', '{"lastName": "Listy"}'),
    (9,  'enabled asc',               20, 0, 'enabled',    'asc',  '{"lastName": "Listy"}'),
    (10, 'enabled desc',              20, 0, 'enabled',    'desc', '{"lastName": "Listy"}'),
    (11, 'updateTime asc',            20, 0, 'updateTime', 'asc',  '{"lastName": "Listy"}'),
    (12, 'updateTime desc',           20, 0, 'updateTime', 'desc', '{"lastName": "Listy"}'),
    (13, 'profileId asc',             20, 0, 'profileId',  'asc',  '{"lastName": "Listy"}'),
    (14, 'profileId desc',            20, 0, 'profileId',  'desc', '{"lastName": "Listy"}'),
    (15, 'lastName asc (all tie)',    20, 0, 'lastName',   'asc',  '{"lastName": "Listy"}'),
    (16, 'page 1 of 3',               2,  0, 'firstName',  'asc',  '{"lastName": "Listy"}'),
    (17, 'page 2 of 3',               2,  2, 'firstName',  'asc',  '{"lastName": "Listy"}'),
    (18, 'page 3 of 3',               2,  4, 'firstName',  'asc',  '{"lastName": "Listy"}'),
    (19, 'past the end',              2,  6, 'firstName',  'asc',  '{"lastName": "Listy"}'),
    (20, 'desc, page 2',              4,  4, 'firstName',  'desc', '{"lastName": "Listy"}'),
    (21, 'filter[enabled]=1',         20, 0, 'firstName',  'asc',  '{"lastName": "Listy", "enabled": "1"}'),
    (22, 'filter[enabled]=0',         20, 0, 'firstName',  'asc',  '{"lastName": "Listy", "enabled": "0"}'),
    (23, 'filter[enabled]=true',      20, 0, 'firstName',  'asc',  '{"lastName": "Listy", "enabled": "true"}'),
    (24, 'filter[enabled]=false',     20, 0, 'firstName',  'asc',  '{"lastName": "Listy", "enabled": "false"}'),
    (25, 'filter enabled JSON false', 20, 0, 'firstName',  'asc',  '{"lastName": "Listy", "enabled": false}'),
    (26, 'filter enabled null',       20, 0, 'firstName',  'asc',  '{"lastName": "Listy", "enabled": null}'),
    (27, 'profileLastName, any case', 20, 0, 'firstName',  'asc',  '{"profileLastName": "LISTY"}'),
    (28, 'firstName',                 20, 0, 'firstName',  'asc',  '{"firstName": "bea"}'),
    (29, 'profileFirstName',          20, 0, 'firstName',  'asc',  '{"profileFirstName": "Bea"}'),
    (30, 'middleName',                20, 0, 'firstName',  'asc',  '{"lastName": "Listy", "middleName": "max"}'),
    (31, 'profileMiddleName',         20, 0, 'firstName',  'asc',  '{"profileMiddleName": "Zed"}'),
    (32, 'name (full name)',          20, 0, 'firstName',  'asc',  '{"name": "fay bo listy"}'),
    (33, 'name is not a prefix match', 20, 0, 'firstName', 'asc',  '{"name": "Fay"}'),
    (34, 'uuid',                      20, 0, 'firstName',  'asc',  '{"uuid": "aaaaaaaa-0000-4000-8000-000000000101"}'),
    (35, 'filters combine (AND)',     20, 0, 'firstName',  'asc',  '{"lastName": "Listy", "enabled": "0", "firstName": "Eve"}'),
    (36, 'no match',                  20, 0, 'firstName',  'asc',  '{"lastName": "Listy", "enabled": "1", "firstName": "Eve"}'),
    (37, 'injection as a value',      20, 0, 'firstName',  'asc',  '{"lastName": "Listy'' OR ''1''=''1"}'),
    (38, 'LIKE wildcard is literal',  20, 0, 'firstName',  'asc',  '{"lastName": "List%"}'),
    (39, 'limit 1',                   1,  0, 'createTime', 'asc',  '{"lastName": "Listy"}'),
    (40, 'NULL limit/offset = 20/0',  NULL, NULL, 'firstName', 'asc', '{"lastName": "Listy"}')
  ) AS t(ord, label, lim, off, sort_by, sort_order, filters)
 ORDER BY ord;
-- Without filters, the total is every profile.
SELECT l.total = (SELECT count(*) FROM profiles.profile) AS total_is_all,
       jsonb_array_length(l.body::jsonb) AS page_rows
  FROM profiles.rest_profile_list(3, 0, 'createTime', 'asc', NULL) l;
SELECT l.total = (SELECT count(*) FROM profiles.profile) AS empty_filters_total_is_all
  FROM profiles.rest_profile_list(3, 0, 'createTime', 'asc', '{}') l;
-- The objects of a list are the same as those of get (contacts and country embedded).
SELECT e = (SELECT g.body::jsonb FROM profiles.rest_profile_get(:'mary_id') g) AS list_item_equals_get
  FROM profiles.rest_profile_list(1, 0, 'createTime', 'asc', jsonb_build_object('name', 'Mary Jane Smith')) l,
       jsonb_array_elements(l.body::jsonb) e;
-- Invalid parameters: 22023 (22P02 for a malformed uuid filter), and nothing is executed.
SELECT label, public.try_sql(stmt) AS result
  FROM (VALUES
    (1,  'hostile sort_by',     $$SELECT total FROM profiles.rest_profile_list(20, 0, 'name;drop table public.rest_canary', 'asc', NULL)$$),
    (2,  'sort_by with quote',  $$SELECT total FROM profiles.rest_profile_list(20, 0, 'name'') --', 'asc', NULL)$$),
    (3,  'sort_by a column',    $$SELECT total FROM profiles.rest_profile_list(20, 0, 'first_name', 'asc', NULL)$$),
    (4,  'sort_by qualified',   $$SELECT total FROM profiles.rest_profile_list(20, 0, 'p.name', 'asc', NULL)$$),
    (5,  'sort_by a number',    $$SELECT total FROM profiles.rest_profile_list(20, 0, '1', 'asc', NULL)$$),
    (6,  'sort_by empty',       $$SELECT total FROM profiles.rest_profile_list(20, 0, '', 'asc', NULL)$$),
    (7,  'hostile sort_order',  $$SELECT total FROM profiles.rest_profile_list(20, 0, 'name', 'asc; drop table public.rest_canary', NULL)$$),
    (8,  'sort_order sideways', $$SELECT total FROM profiles.rest_profile_list(20, 0, 'name', 'sideways', NULL)$$),
    (9,  'unknown filter',      $$SELECT total FROM profiles.rest_profile_list(20, 0, 'name', 'asc', '{"email": "x@example.com"}')$$),
    (10, 'filter a column name', $$SELECT total FROM profiles.rest_profile_list(20, 0, 'name', 'asc', '{"first_name": "Amy"}')$$),
    (11, 'filter[enabled]=yes', $$SELECT total FROM profiles.rest_profile_list(20, 0, 'name', 'asc', '{"enabled": "yes"}')$$),
    (12, 'filter[enabled]=2',   $$SELECT total FROM profiles.rest_profile_list(20, 0, 'name', 'asc', '{"enabled": "2"}')$$),
    (13, 'filter uuid malformed', $$SELECT total FROM profiles.rest_profile_list(20, 0, 'name', 'asc', '{"uuid": "x"}')$$),
    (14, 'filters not an object', $$SELECT total FROM profiles.rest_profile_list(20, 0, 'name', 'asc', '["enabled"]')$$),
    (15, 'limit 0',             $$SELECT total FROM profiles.rest_profile_list(0, 0, 'name', 'asc', NULL)$$),
    (16, 'limit 1001',          $$SELECT total FROM profiles.rest_profile_list(1001, 0, 'name', 'asc', NULL)$$),
    (17, 'limit -1',            $$SELECT total FROM profiles.rest_profile_list(-1, 0, 'name', 'asc', NULL)$$),
    (18, 'offset -1',           $$SELECT total FROM profiles.rest_profile_list(20, -1, 'name', 'asc', NULL)$$),
    (19, 'limit 1000 (ok)',     $$SELECT total > 0 FROM profiles.rest_profile_list(1000, 0, 'name', 'asc', NULL)$$)
  ) AS t(ord, label, stmt)
 ORDER BY ord;
COMMIT;
-- The canary is still there.
SELECT count(*) AS canary_rows FROM public.rest_canary;

-- Names sort the way their filters compare, case-insensitively (the key order of the
-- profile_lower_*_idx indexes); nulls last ascending, first descending.
RESET SESSION AUTHORIZATION;
BEGIN;
INSERT INTO profiles.users (id, email, role) VALUES
    ('80000000-0000-4000-a000-000000000201', 'bea.sorty@example.com', 'consumer'),
    ('80000000-0000-4000-a000-000000000202', 'amy.sorty@example.com', 'consumer'),
    ('80000000-0000-4000-a000-000000000203', 'cid.sorty@example.com', 'consumer'),
    ('80000000-0000-4000-a000-000000000204', 'nil.sorty@example.com', 'consumer');
INSERT INTO profiles.profile (id, first_name, last_name) VALUES
    ('80000000-0000-4000-a000-000000000201', 'bea', 'Sorty'),
    ('80000000-0000-4000-a000-000000000202', 'Amy', 'sorty'),
    ('80000000-0000-4000-a000-000000000203', 'CID', 'SORTY'),
    ('80000000-0000-4000-a000-000000000204', NULL,  'Sorty');
SET LOCAL SESSION AUTHORIZATION regress_shim;
SELECT profiles.set_actor(:padmin, 's81', 'r81-list-case');
SELECT d.sort_by, d.sort_order,
       (SELECT string_agg(coalesce(e->>'firstName', '(null)'), ',' ORDER BY n)
          FROM jsonb_array_elements(l.body::jsonb) WITH ORDINALITY AS a(e, n)) AS first_names
  FROM (VALUES (1, 'firstName', 'asc'), (2, 'firstName', 'desc'), (3, 'lastName', 'asc'),
               (4, 'name', 'asc'), (5, 'name', 'desc')) AS d(ord, sort_by, sort_order),
       profiles.rest_profile_list(20, 0, d.sort_by, d.sort_order, '{"lastName": "sorty"}') l
 ORDER BY d.ord;
ROLLBACK;
SET SESSION AUTHORIZATION regress_shim;

-- Non-admins see only their own profile, whatever they ask for.
BEGIN;
SELECT profiles.set_actor(:rep, 's81', 'r81-list-rep');
SELECT label, public.rest_page(20, 0, sort_by, sort_order, filters) AS page
  FROM (VALUES
    (1, 'everything',             'createTime', 'asc',  NULL::jsonb),
    (2, 'desc',                   'name',       'desc', NULL),
    (3, 'own name',               'name',       'asc',  '{"firstName": "Rita"}'),
    (4, 'somebody else''s name',  'name',       'asc',  '{"lastName": "Listy"}'),
    (5, 'enabled=0',              'name',       'asc',  '{"enabled": "0"}')
  ) AS t(ord, label, sort_by, sort_order, filters)
 ORDER BY ord;
SELECT public.rest_page(20, 1, 'name', 'asc', NULL) AS offset_past_own;
COMMIT;

--
-- Update: partial, own or admin, optimistic concurrency with expected_version.
--
BEGIN;
SELECT profiles.set_actor(:padmin, 's81', 'r81-update');
-- Fields left out keep their value; the version goes up by one per real change.
SELECT version, jsonb_pretty(public.rest_doc(body::jsonb)) AS updated
  FROM profiles.rest_profile_update(:'mary_id', '{"firstName": "Maria", "middleName": null, "countryNumericCode": "250"}');
SELECT version, body::jsonb->>'name' AS name, body::jsonb->>'updateTime' > body::jsonb->>'createTime' AS update_time_moved
  FROM profiles.rest_profile_update(:'mary_id', '{"enabled": false, "tags": ["red"], "uuid": "22222222-3333-4444-8555-666666666666"}', 2);
-- A stale expected_version: 40001, nothing changes.
SELECT public.try_sql(format($$SELECT version FROM profiles.rest_profile_update(%L, '{"firstName": "Stale"}', 2)$$, :'mary_id')) AS stale_version;
SELECT public.try_sql(format($$SELECT version FROM profiles.rest_profile_update(%L, '{"firstName": "Future"}', 99)$$, :'mary_id')) AS future_version;
-- Sending a fetched document back (read-only members included) changes nothing.
SELECT version AS version_after_round_trip
  FROM profiles.rest_profile_update(:'mary_id', (SELECT body::jsonb FROM profiles.rest_profile_get(:'mary_id')), 3);
-- Clearing the country, then an empty document (no change).
SELECT version, body::jsonb->'country' AS country, body::jsonb->>'countryNumericCode' AS code
  FROM profiles.rest_profile_update(:'mary_id', '{"countryNumericCode": null}');
SELECT version AS version_after_empty_update FROM profiles.rest_profile_update(:'mary_id', '{}');
-- Validation.
SELECT label, public.try_sql(format('SELECT version FROM profiles.rest_profile_update(%L, %L)', :'mary_id', doc)) AS result
  FROM (VALUES
    (1,  'firstName 256 chars',       jsonb_build_object('firstName', repeat('y', 256))),
    (2,  'lastName 256 chars',        jsonb_build_object('lastName', repeat('y', 256))),
    (3,  'unknown countryNumericCode', '{"countryNumericCode": "000"}'),
    (4,  'enabled not a boolean',     '{"enabled": 1}'),
    (5,  'enabled null',              '{"enabled": null}'),
    (6,  'uuid malformed',            '{"uuid": "123"}'),
    (7,  'unknown field',             '{"email": "m@example.com"}'),
    (8,  'profileId changed',         '{"profileId": "80000000-0000-4000-a000-000000000001"}'),
    (9,  'profileId malformed',       '{"profileId": "nope"}'),
    (10, 'not an object',             '"Maria"')
  ) AS t(ord, label, doc)
 ORDER BY ord;
SELECT public.try_sql($$SELECT version FROM profiles.rest_profile_update('80000000-0000-4000-a000-0000000000ff', '{"firstName": "Nobody"}')$$) AS unknown_profile,
       public.try_sql(format($$SELECT version FROM profiles.rest_profile_update(%L, NULL)$$, :'mary_id')) AS null_doc;
COMMIT;
-- The owner updates its own profile, not another one.
BEGIN;
SELECT profiles.set_actor(:rep, 's81', 'r81-update-rep');
SELECT version, body::jsonb->>'name' AS name FROM profiles.rest_profile_update(:rep, '{"middleName": "R."}', 1);
SELECT public.try_sql(format($$SELECT version FROM profiles.rest_profile_update(%L, '{"firstName": "Hijack"}')$$, :'mary_id')) AS other_profile;
ROLLBACK;

RESET SESSION AUTHORIZATION;
SELECT first_name, middle_name, last_name, name, enabled, tags, uuid, country_numeric_code, version
  FROM profiles.profile WHERE id = :'mary_id';
SELECT action, actor, metadata->'updated_fields' AS updated_fields
  FROM public.seed_activity WHERE request_id = 'r81-update' ORDER BY id;
SET SESSION AUTHORIZATION regress_shim;

--
-- Contacts: list, get, create, update, delete.
--
BEGIN;
SELECT profiles.set_actor(:padmin, 's81', 'r81-contacts');
SELECT jsonb_pretty(public.rest_doc(jsonb_build_object('contacts', profiles.rest_contact_list(:'mary_id')::jsonb))->'contacts') AS mary_contacts;
-- Create: uuid optional; the value is validated by key.
SELECT profiles.rest_contact_create(:'mary_id', '{"key": "email", "value": "mary.work@example.com"}')::jsonb AS work_contact \gset
SELECT :'work_contact'::jsonb - 'contactId' - 'createTime' - 'updateTime' AS created,
       (:'work_contact'::jsonb->>'createTime') = (:'work_contact'::jsonb->>'updateTime') AS same_times;
SELECT (:'work_contact'::jsonb)->>'contactId' AS work_id \gset
SELECT profiles.rest_contact_create(:'mary_id', '{"key": "phone", "value": "+442071838750", "uuid": "33333333-4444-4555-8666-777777777777"}')::jsonb
       - 'contactId' - 'createTime' - 'updateTime' AS created_with_uuid;
SELECT label, public.try_sql(format('SELECT profiles.rest_contact_create(%L, %L)::jsonb->>''value''', :'mary_id', doc)) AS result
  FROM (VALUES
    (1,  'bad e-mail',            '{"key": "email", "value": "mary@"}'),
    (2,  'e-mail without @',      '{"key": "email", "value": "mary.example.com"}'),
    (3,  'e-mail with a space',   '{"key": "email", "value": "ma ry@example.com"}'),
    (4,  'phone with spaces',     '{"key": "phone", "value": "+1 415 555 0100"}'),
    (5,  'phone without +',       '{"key": "phone", "value": "14155550100"}'),
    (6,  'phone starting +0',     '{"key": "phone", "value": "+04155550100"}'),
    (7,  'phone 16 digits',       '{"key": "phone", "value": "+1234567890123456"}'),
    (8,  'phone as an e-mail',    '{"key": "phone", "value": "mary@example.com"}'),
    (9,  'e-mail as a phone',     '{"key": "email", "value": "+14155550100"}'),
    (10, 'unknown key',           '{"key": "fax", "value": "+14155550100"}'),
    (11, 'key upper case',        '{"key": "EMAIL", "value": "mary@example.com"}'),
    (12, 'no key',                '{"value": "mary@example.com"}'),
    (13, 'no value',              '{"key": "email"}'),
    (14, 'value not a string',    '{"key": "phone", "value": 14155550100}'),
    (15, 'uuid malformed',        '{"key": "email", "value": "m2@example.com", "uuid": "zz"}'),
    (16, 'uuid a number',         '{"key": "email", "value": "m2@example.com", "uuid": 7}'),
    (17, 'unknown field',         '{"key": "email", "value": "m2@example.com", "primary": true}'),
    (18, 'not an object',         '[{"key": "email", "value": "m2@example.com"}]'),
    (19, 'phone 15 digits (ok)',  '{"key": "phone", "value": "+123456789012345"}')
  ) AS t(ord, label, doc)
 ORDER BY ord;
-- Unknown profile, unknown contact, and a contact that belongs to another profile: P0002.
SELECT public.try_sql(format($$SELECT profiles.rest_contact_create('80000000-0000-4000-a000-0000000000ff', '{"key": "email", "value": "x@example.com"}')::text$$)) AS create_unknown_profile,
       public.try_sql(format($$SELECT profiles.rest_contact_list('80000000-0000-4000-a000-0000000000ff')::text$$)) AS list_unknown_profile;
SELECT public.try_sql(format('SELECT profiles.rest_contact_get(%L, %L)::text', :'mary_id', '80000000-0000-4000-c000-0000000000ff')) AS unknown_contact,
       public.try_sql(format('SELECT profiles.rest_contact_get(%L, %L)::text', :'minimal_id', :'work_id')) AS get_via_other_profile,
       public.try_sql(format($$SELECT profiles.rest_contact_update(%L, %L, '{"value": "x@example.com"}')::text$$, :'minimal_id', :'work_id')) AS update_via_other_profile,
       public.try_sql(format('SELECT profiles.rest_contact_delete(%L, %L)::text', :'minimal_id', :'work_id')) AS delete_via_other_profile;
-- Get.
SELECT profiles.rest_contact_get(:'mary_id', :'work_id')::jsonb = :'work_contact'::jsonb AS get_equals_created;
-- Update: fields left out keep their value; the new value is validated against the key.
SELECT profiles.rest_contact_update(:'mary_id', :'work_id', '{"value": "mary.office@example.com"}')::jsonb
       - 'contactId' - 'createTime' - 'updateTime' AS value_changed;
SELECT profiles.rest_contact_update(:'mary_id', :'work_id', '{"uuid": "44444444-5555-4666-8777-888888888888"}')::jsonb
       - 'contactId' - 'createTime' - 'updateTime' AS uuid_set;
SELECT profiles.rest_contact_update(:'mary_id', :'work_id', '{"key": "phone", "value": "+14155550123", "uuid": null}')::jsonb
       - 'contactId' - 'createTime' - 'updateTime' AS switched_to_phone;
SELECT public.try_sql(format($$SELECT profiles.rest_contact_update(%L, %L, '{"key": "email"}')::text$$, :'mary_id', :'work_id')) AS key_without_matching_value,
       public.try_sql(format($$SELECT profiles.rest_contact_update(%L, %L, '{"value": "not a phone"}')::text$$, :'mary_id', :'work_id')) AS bad_value,
       public.try_sql(format($$SELECT profiles.rest_contact_update(%L, %L, '{"key": "sms"}')::text$$, :'mary_id', :'work_id')) AS bad_key;
-- A fetched contact sent back is accepted and keeps its id.
SELECT (profiles.rest_contact_update(:'mary_id', :'work_id', profiles.rest_contact_get(:'mary_id', :'work_id')::jsonb)::jsonb->>'contactId') = :'work_id' AS round_trip_keeps_id;
-- Delete, then it is gone.
SELECT public.sqlstate_of(format('SELECT profiles.rest_contact_delete(%L, %L)', :'mary_id', :'work_id')) AS deleted;
SELECT public.try_sql(format('SELECT profiles.rest_contact_get(%L, %L)::text', :'mary_id', :'work_id')) AS get_deleted,
       public.try_sql(format('SELECT profiles.rest_contact_delete(%L, %L)::text', :'mary_id', :'work_id')) AS delete_again;
SELECT jsonb_array_length(profiles.rest_contact_list(:'mary_id')::jsonb) AS contacts_left;
COMMIT;

-- The activities of those contact changes: contact_created/updated/deleted, about the
-- contact, with the profile in the metadata.
RESET SESSION AUTHORIZATION;
SELECT action, entity, actor, metadata->>'profile_id' = :'mary_id' AS profile_in_metadata,
       metadata->'updated_fields' AS updated_fields, entity_id = 'other' AS about_a_contact
  FROM public.seed_activity WHERE request_id = 'r81-contacts' ORDER BY id;
SET SESSION AUTHORIZATION regress_shim;

-- A user manages the contacts of its own profile only: 42501 for another profile, P0002 for
-- a contact of another profile passed under its own.
RESET SESSION AUTHORIZATION;
INSERT INTO profiles.contact (id, profile_id, key, value) VALUES
    ('80000000-0000-4000-c000-000000000001', '80000000-0000-4000-a000-000000000002', 'email', 'hank.home@example.com');
SET SESSION AUTHORIZATION regress_shim;
BEGIN;
SELECT profiles.set_actor(:rep, 's81', 'r81-contacts-rep');
SELECT profiles.rest_contact_create(:rep, '{"key": "phone", "value": "+14155550199"}')::jsonb->>'value' AS own_contact;
SELECT jsonb_array_length(profiles.rest_contact_list(:rep)::jsonb) AS own_contacts;
SELECT public.try_sql(format('SELECT profiles.rest_contact_list(%L)::text', :head)) AS list_other,
       public.try_sql(format('SELECT profiles.rest_contact_get(%L, %L)::text', :head, '80000000-0000-4000-c000-000000000001')) AS get_other,
       public.try_sql(format($$SELECT profiles.rest_contact_create(%L, '{"key": "email", "value": "x@example.com"}')::text$$, :head)) AS create_other,
       public.try_sql(format($$SELECT profiles.rest_contact_update(%L, %L, '{"value": "x@example.com"}')::text$$, :head, '80000000-0000-4000-c000-000000000001')) AS update_other,
       public.try_sql(format('SELECT profiles.rest_contact_delete(%L, %L)::text', :head, '80000000-0000-4000-c000-000000000001')) AS delete_other;
SELECT public.try_sql(format('SELECT profiles.rest_contact_get(%L, %L)::text', :rep, '80000000-0000-4000-c000-000000000001')) AS get_under_own,
       public.try_sql(format($$SELECT profiles.rest_contact_update(%L, %L, '{"value": "x@example.com"}')::text$$, :rep, '80000000-0000-4000-c000-000000000001')) AS update_under_own,
       public.try_sql(format('SELECT profiles.rest_contact_delete(%L, %L)::text', :rep, '80000000-0000-4000-c000-000000000001')) AS delete_under_own;
ROLLBACK;
RESET SESSION AUTHORIZATION;
SELECT value FROM profiles.contact WHERE id = '80000000-0000-4000-c000-000000000001';
SET SESSION AUTHORIZATION regress_shim;

--
-- Delete: own or admin; the contacts go with the profile.
--
BEGIN;
SELECT profiles.set_actor(:rep, 's81', 'r81-delete-rep');
SELECT public.try_sql(format('SELECT profiles.rest_profile_delete(%L)::text', :'mary_id')) AS other_profile;
ROLLBACK;
BEGIN;
SELECT profiles.set_actor(:padmin, 's81', 'r81-delete');
SELECT public.sqlstate_of(format('SELECT profiles.rest_profile_delete(%L)', :'mary_id')) AS deleted;
SELECT public.try_sql(format('SELECT version FROM profiles.rest_profile_get(%L)', :'mary_id')) AS get_deleted,
       public.try_sql(format('SELECT profiles.rest_profile_delete(%L)::text', :'mary_id')) AS delete_again,
       public.try_sql(format('SELECT profiles.rest_contact_list(%L)::text', :'mary_id')) AS contacts_of_deleted,
       public.try_sql($$SELECT profiles.rest_profile_delete(NULL)::text$$) AS null_id;
COMMIT;
RESET SESSION AUTHORIZATION;
SELECT count(*) AS contacts_left FROM profiles.contact WHERE profile_id = :'mary_id';
SELECT a.action, public.short_id(a.actor_id::text) AS actor,
       coalesce(a.metadata->>'profile_id', a.entity_id::text) = :'mary_id' AS about_mary, count(*)
  FROM profiles.activities a WHERE a.request_id = 'r81-delete' GROUP BY 1, 2, 3 ORDER BY 1;

-- Clean up (as the superuser): the users created here and their activities.
DROP TABLE public.rest_canary;
DROP FUNCTION public.rest_doc(jsonb), public.rest_page(integer, integer, text, text, jsonb);
DELETE FROM profiles.users WHERE id IN (:'mary_id', :'minimal_id')
    OR id::text LIKE '80000000-0000-4000-a000-0000000001%';
DELETE FROM profiles.contact WHERE id = '80000000-0000-4000-c000-000000000001';
DELETE FROM profiles.activities WHERE request_id LIKE 'r81-%'
    OR entity_id::text LIKE '80000000-0000-4000-a000-0000000001%'
    OR entity_id = '80000000-0000-4000-c000-000000000001';
