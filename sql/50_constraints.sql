--
-- 50_constraints: what the database itself refuses, whoever writes: lengths, e-mail and
-- E.164 domains, IANA time zones, jsonb objects, tags, the country reference, the generated
-- full name. Checked through the API as an admin (SQL caller regress_admin); every attempt is
-- rolled back. Errors show their SQLSTATE (23514 check, 23502 not null, 23503 foreign key,
-- 22001 too long for the type, 22P02 bad input syntax).
--
CREATE FUNCTION public.patch_result(patch jsonb) RETURNS text LANGUAGE sql AS $fn$
    SELECT public.try_sql_rollback(format(
        'SELECT ''ok '' || (profiles.profile_update(%L, %L)::jsonb->>''version'')',
        '00000000-0000-4000-a000-000000000004', patch))
$fn$;

SET SESSION AUTHORIZATION regress_admin;
SELECT label, public.patch_result(patch::jsonb) AS result
  FROM (VALUES
    (1,  'first_name 255',            jsonb_build_object('first_name', repeat('a', 255))),
    (2,  'first_name 256',            jsonb_build_object('first_name', repeat('a', 256))),
    (3,  'middle_name 256',           jsonb_build_object('middle_name', repeat('a', 256))),
    (4,  'last_name 256',             jsonb_build_object('last_name', repeat('a', 256))),
    (5,  'display_name 256',          jsonb_build_object('display_name', repeat('a', 256))),
    (6,  'multibyte first_name 255',  jsonb_build_object('first_name', repeat('é', 255))),
    (7,  'company_name 256',          jsonb_build_object('company_name', repeat('a', 256))),
    (8,  'bio 4000',                  jsonb_build_object('bio', repeat('a', 4000))),
    (9,  'bio 4001',                  jsonb_build_object('bio', repeat('a', 4001))),
    (10, 'avatar_url 2049',           jsonb_build_object('avatar_url', repeat('a', 2049))),
    (11, 'postal_code 33',            jsonb_build_object('postal_code', repeat('1', 33))),
    (12, 'email ok',                  '{"email":"first.last+tag@mail.example.co.uk"}'),
    (13, 'email without @',           '{"email":"no-at-sign.example.com"}'),
    (14, 'email without a dot',       '{"email":"user@localhost"}'),
    (15, 'email, bad host',           '{"email":"user@-example.com"}'),
    (16, 'email, underscore host',    '{"email":"user@exa_mple.com"}'),
    (17, 'email with spaces',         '{"email":"user name@example.com"}'),
    (18, 'email 254 chars',           jsonb_build_object('email', repeat('a', 242) || '@example.com')),
    (18, 'email 255 chars',           jsonb_build_object('email', repeat('a', 243) || '@example.com')),
    (19, 'email null',                '{"email":null}'),
    (20, 'phone E.164',               '{"phone":"+14155550100"}'),
    (21, 'phone shortest',            '{"phone":"+12"}'),
    (22, 'phone 15 digits',           '{"phone":"+123456789012345"}'),
    (23, 'phone 16 digits',           '{"phone":"+1234567890123456"}'),
    (24, 'phone without +',           '{"phone":"14155550100"}'),
    (25, 'phone leading 0',           '{"phone":"+04155550100"}'),
    (26, 'phone with spaces',         '{"phone":"+1 415 555 0100"}'),
    (27, 'phone one digit',           '{"phone":"+1"}'),
    (28, 'timezone ok',               '{"timezone":"America/New_York"}'),
    (29, 'timezone UTC',              '{"timezone":"UTC"}'),
    (30, 'timezone unknown',          '{"timezone":"Mars/Olympus_Mons"}'),
    (31, 'timezone wrong case',       '{"timezone":"america/new_york"}'),
    (32, 'timezone empty',            '{"timezone":""}'),
    (33, 'timezone null',             '{"timezone":null}'),
    (34, 'preferences object',        '{"preferences":{"theme":"dark"}}'),
    (35, 'preferences array',         '{"preferences":[1,2]}'),
    (36, 'preferences string',        '{"preferences":"dark"}'),
    (37, 'preferences number',        '{"preferences":1}'),
    (38, 'preferences null',          '{"preferences":null}'),
    (39, 'external_ids array',        '{"external_ids":[]}'),
    (40, 'external_ids null',         '{"external_ids":null}'),
    (41, 'marketplace string',        '{"marketplace":"x"}'),
    (42, 'marketplace null',          '{"marketplace":null}'),
    (43, 'attributes array (seed 004 allows it)', '{"attributes":["a",1]}'),
    (44, 'tags list',                 '{"tags":["a","b"]}'),
    (45, 'tags empty',                '{"tags":[]}'),
    (46, 'tags a string',             '{"tags":"a"}'),
    (47, 'tags null',                 '{"tags":null}'),
    (48, 'tags 100',                  jsonb_build_object('tags', (SELECT jsonb_agg(i::text) FROM generate_series(1, 100) i))),
    (49, 'tags 101',                  jsonb_build_object('tags', (SELECT jsonb_agg(i::text) FROM generate_series(1, 101) i))),
    (50, 'country 840',               '{"country_numeric_code":"840"}'),
    (51, 'country 004',               '{"country_numeric_code":"004"}'),
    (52, 'country unknown',           '{"country_numeric_code":"999"}'),
    (53, 'country alpha-2',           '{"country_numeric_code":"US"}'),
    (54, 'country 4 chars',           '{"country_numeric_code":"8400"}'),
    (55, 'language en-US',            '{"language":"en-US"}'),
    (56, 'language en_US',            '{"language":"en_US"}'),
    (57, 'language one letter',       '{"language":"e"}'),
    (58, 'team_role member',          '{"team_role":"member"}'),
    (59, 'team_role boss',            '{"team_role":"boss"}'),
    (60, 'team_id unknown',           '{"team_id":"00000000-0000-4000-b000-0000000000ff"}'),
    (61, 'team_id malformed',         '{"team_id":"sales"}'),
    (62, 'uuid malformed',            '{"uuid":"nope"}'),
    (63, 'enabled a word',            '{"enabled":"maybe"}'),
    (64, 'enabled null',              '{"enabled":null}'),
    (65, 'enabled false',             '{"enabled":false}')
  ) AS t(ord, label, patch)
 ORDER BY ord;

-- The same rules hold for a create.
SELECT public.try_sql_rollback($$SELECT profiles.profile_create('{"id":"00000000-0000-4000-a000-000000000011","phone":"555-0100"}')::text$$) AS create_bad_phone;
SELECT public.try_sql_rollback($$SELECT profiles.profile_create('{"id":"00000000-0000-4000-a000-000000000011","preferences":[]}')::text$$) AS create_bad_preferences;
SELECT public.try_sql_rollback($$SELECT profiles.profile_create('{"id":"00000000-0000-4000-a000-000000000011","timezone":"Nowhere/City"}')::text$$) AS create_bad_timezone;
SELECT public.try_sql_rollback($$SELECT profiles.profile_create('{"id":"00000000-0000-4000-a000-000000000011","tags":null}')::json->>'tags'$$) AS create_null_tags_defaults;

RESET SESSION AUTHORIZATION;
DROP FUNCTION public.patch_result(jsonb);

-- Nothing was kept.
SELECT version, first_name, email, phone, timezone, tags FROM profiles.profile
 WHERE id = '00000000-0000-4000-a000-000000000004';
SELECT count(*) AS profile_of_fresh FROM profiles.profile WHERE id = '00000000-0000-4000-a000-000000000011';

-- The generated full name: parts joined by one space, empty parts skipped, NULL when none.
SELECT profiles.full_name('Ada', NULL, 'Lovelace') AS a, profiles.full_name('Ada', 'King', 'Lovelace') AS b,
       profiles.full_name('', '', 'Lovelace') AS c, profiles.full_name(NULL, NULL, NULL) IS NULL AS d,
       profiles.full_name('', '', '') IS NULL AS e;
BEGIN;
UPDATE profiles.profile SET first_name = NULL, middle_name = 'M', last_name = NULL
 WHERE id = '00000000-0000-4000-a000-000000000004' RETURNING name;
UPDATE profiles.profile SET first_name = NULL, middle_name = NULL, last_name = NULL
 WHERE id = '00000000-0000-4000-a000-000000000004' RETURNING name IS NULL AS name_is_null;
ROLLBACK;
-- The generated column cannot be written directly.
SELECT public.try_sql($$UPDATE profiles.profile SET name = 'x' WHERE id = '00000000-0000-4000-a000-000000000004' RETURNING name$$) AS write_name;

-- is_timezone: exact names of pg_timezone_names.
SELECT profiles.is_timezone('Europe/Paris') AS paris, profiles.is_timezone('UTC') AS utc,
       profiles.is_timezone('europe/paris') AS lower_case, profiles.is_timezone('') AS empty,
       profiles.is_timezone(NULL) IS NULL AS null_is_null;
SELECT count(*) = (SELECT count(*) FROM pg_timezone_names) AS every_zone_accepted
  FROM pg_timezone_names WHERE profiles.is_timezone(name);

-- The country reference: 249 ISO 3166-1 countries.
SELECT count(*) AS countries, count(DISTINCT numeric_code) AS numeric_codes,
       count(DISTINCT alpha2_code) AS alpha2, count(DISTINCT alpha3_code) AS alpha3,
       count(*) FILTER (WHERE numeric_code !~ '^[0-9]{3}$') AS bad_numeric,
       count(*) FILTER (WHERE alpha2_code !~ '^[A-Z]{2}$' OR alpha3_code !~ '^[A-Z]{3}$') AS bad_alpha,
       count(*) FILTER (WHERE region_numeric_code IS NULL) AS without_region
  FROM profiles.country;
SELECT numeric_code, alpha2_code, alpha3_code, name, region_numeric_code, region_name
  FROM profiles.country WHERE alpha2_code IN ('US', 'FR', 'DE', 'JP', 'BR', 'AQ', 'TW') ORDER BY numeric_code;
-- Everyone with profiles_user may read it; only the owner writes it.
SET SESSION AUTHORIZATION regress_alice;
SELECT count(*) AS countries_seen_by_alice FROM profiles.country;
SELECT public.try_sql($$INSERT INTO profiles.country (id, numeric_code, alpha2_code, alpha3_code, name) VALUES (gen_random_uuid(), '999', 'ZZ', 'ZZZ', 'Nowhere') RETURNING name$$) AS alice_inserts_country;
RESET SESSION AUTHORIZATION;

-- Constraints of other tables.
SELECT label, public.try_sql_rollback(stmt) AS result
  FROM (VALUES
    (1,  'users: bad email',        $$INSERT INTO profiles.users (email) VALUES ('nope') RETURNING 'ok'$$),
    (2,  'users: duplicate email',  $$INSERT INTO profiles.users (email) VALUES ('alice@example.com') RETURNING 'ok'$$),
    (3,  'users: role with space',  $$INSERT INTO profiles.users (role) VALUES ('internal admin') RETURNING 'ok'$$),
    (4,  'users: role digit first', $$INSERT INTO profiles.users (role) VALUES ('1admin') RETURNING 'ok'$$),
    (5,  'users: duplicate db_role', $$INSERT INTO profiles.users (db_role) VALUES ('regress_alice') RETURNING 'ok'$$),
    (6,  'users: bad phone',        $$INSERT INTO profiles.users (phone_number) VALUES ('12') RETURNING 'ok'$$),
    (7,  'users: bad access_role',  $$INSERT INTO profiles.users (access_role) VALUES ('KING') RETURNING 'ok'$$),
    (8,  'users: automations array', $$INSERT INTO profiles.users (automations) VALUES ('[]') RETURNING 'ok'$$),
    (9,  'users: defaults',         $$INSERT INTO profiles.users DEFAULT VALUES RETURNING role || ' ' || access_role || ' ' || disabled$$),
    (10, 'profile: no user',        $$INSERT INTO profiles.profile (id) VALUES ('00000000-0000-4000-a000-0000000000ff') RETURNING 'ok'$$),
    (11, 'contact: bad email',      $$INSERT INTO profiles.contact (profile_id, key, value) VALUES ('00000000-0000-4000-a000-000000000002', 'email', 'nope') RETURNING 'ok'$$),
    (12, 'contact: bad phone',      $$INSERT INTO profiles.contact (profile_id, key, value) VALUES ('00000000-0000-4000-a000-000000000002', 'phone', '555') RETURNING 'ok'$$),
    (13, 'contact: bad key',        $$INSERT INTO profiles.contact (profile_id, key, value) VALUES ('00000000-0000-4000-a000-000000000002', 'fax', '+14155550100') RETURNING 'ok'$$),
    (14, 'contact: ok',             $$INSERT INTO profiles.contact (profile_id, key, value) VALUES ('00000000-0000-4000-a000-000000000002', 'phone', '+14155550100') RETURNING 'ok'$$),
    (15, 'organization: sms numbers', $$INSERT INTO profiles.organization (name, sms_numbers) VALUES ('O', '{+14155550100,12}') RETURNING 'ok'$$),
    (16, 'organization: empty name', $$INSERT INTO profiles.organization (name) VALUES ('') RETURNING 'ok'$$),
    (17, 'subscription: bad status', $$INSERT INTO profiles.subscription (profile_id, plan, status) VALUES ('00000000-0000-4000-a000-000000000002', 'p', 'paused') RETURNING 'ok'$$),
    (18, 'call_purchase: 0 minutes', $$INSERT INTO profiles.call_purchase (profile_id, minutes, amount_cents) VALUES ('00000000-0000-4000-a000-000000000002', 0, 1) RETURNING 'ok'$$),
    (19, 'call_purchase: currency', $$INSERT INTO profiles.call_purchase (profile_id, minutes, amount_cents, currency) VALUES ('00000000-0000-4000-a000-000000000002', 1, 1, 'usd') RETURNING 'ok'$$),
    (20, 'phone_subscription: phone', $$INSERT INTO profiles.phone_subscription (profile_id, phone_number) VALUES ('00000000-0000-4000-a000-000000000002', 'x') RETURNING 'ok'$$),
    (21, 'emulation_grant: depth 0', $$INSERT INTO profiles.emulation_grant (admin_id, target_id, session_id, depth, expires_at) VALUES ('00000000-0000-4000-a000-000000000001', '00000000-0000-4000-a000-000000000002', 's', 0, now()) RETURNING 'ok'$$),
    (22, 'activities: id is generated', $$INSERT INTO profiles.activities (id, action, entity) VALUES (1, 'x', 'y') RETURNING 'ok'$$)
  ) AS t(ord, label, stmt)
 ORDER BY ord;
