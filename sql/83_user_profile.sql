--
-- 83_user_profile: seed 004, a user's profile attributes and time zone
-- (user_profile_get, user_profile_put): an upsert (created true the first time, then false),
-- attributes of any JSON type, IANA time zones only (22023), unknown fields refused (22023),
-- own or admin (42501), unknown user or profile (P0002).
--
-- Users of this file (created here, removed at the end):
--   ...0301 uma83   standard_user, no profile yet
--   ...0302 ulf83   standard_user, no profile yet
--
\set uma    '''80000000-0000-4000-a000-000000000301'''
\set ulf    '''80000000-0000-4000-a000-000000000302'''
\set padmin '''80000000-0000-4000-a000-000000000005'''
\set rep    '''80000000-0000-4000-a000-000000000001'''

INSERT INTO profiles.users (id, email, role) VALUES
    ('80000000-0000-4000-a000-000000000301', 'uma83@example.com', 'standard_user'),
    ('80000000-0000-4000-a000-000000000302', 'ulf83@example.com', 'standard_user');

SET SESSION AUTHORIZATION regress_shim;

-- The owner: no profile yet (P0002), then the first PUT creates it, later ones update it.
BEGIN;
SELECT profiles.set_actor(:uma, 's83', 'r83-owner');
SELECT public.try_sql(format('SELECT profiles.user_profile_get(%L)::text', :uma)) AS get_before;
SELECT created, body::jsonb - 'createdAt' - 'updatedAt' AS body,
       body::jsonb->>'createdAt' = body::jsonb->>'updatedAt' AS fresh
  FROM profiles.user_profile_put(:uma, '{"attributes": {"plan": "pro", "seats": 3, "flags": {"beta": true}}, "timezone": "Europe/Paris"}');
SELECT array(SELECT jsonb_object_keys(profiles.user_profile_get(:uma)::jsonb) ORDER BY 1) AS keys;
-- Any JSON value as attributes; fields left out keep their value.
SELECT created, body::jsonb->'attributes' AS attributes, body::jsonb->>'timezone' AS timezone
  FROM profiles.user_profile_put(:uma, '{"attributes": "a plain string"}');
SELECT created, body::jsonb->'attributes' AS attributes, body::jsonb->>'timezone' AS timezone
  FROM profiles.user_profile_put(:uma, '{"attributes": [1, "two", {"three": 3}, null]}');
SELECT created, body::jsonb->'attributes' AS attributes FROM profiles.user_profile_put(:uma, '{"attributes": 42}');
SELECT created, body::jsonb->'attributes' AS attributes FROM profiles.user_profile_put(:uma, '{"attributes": true}');
SELECT created, body::jsonb->'attributes' AS attributes, body::jsonb->>'timezone' AS timezone
  FROM profiles.user_profile_put(:uma, '{"timezone": "America/Argentina/Buenos_Aires"}');
-- An empty document changes nothing (same updatedAt); null clears a field.
SELECT p.body::jsonb->>'updatedAt' = g::jsonb->>'updatedAt' AS empty_put_keeps_updated_at
  FROM (SELECT profiles.user_profile_get(:uma) AS g) s,
       LATERAL profiles.user_profile_put(:uma, '{}') p;
SELECT created, body::jsonb->'attributes' AS attributes, body::jsonb->'timezone' AS timezone
  FROM profiles.user_profile_put(:uma, '{"attributes": null, "timezone": null}');
-- GET returns what PUT stored.
SELECT profiles.user_profile_get(:uma)::jsonb - 'createdAt' - 'updatedAt' AS stored;
COMMIT;

-- Validation: 22023 for a time zone that is not an IANA name, an unknown field, a body that is
-- not an object; nothing is written.
BEGIN;
SELECT profiles.set_actor(:uma, 's83', 'r83-invalid');
SELECT label, public.try_sql(format('SELECT created::text FROM profiles.user_profile_put(%L, %L)', :uma, doc)) AS result
  FROM (VALUES
    (1,  'Mars/Olympus',             '{"timezone": "Mars/Olympus"}'::jsonb),
    (2,  'lower-case zone',          '{"timezone": "europe/paris"}'),
    (3,  'UTC offset',               '{"timezone": "+02:00"}'),
    (4,  'empty zone',               '{"timezone": ""}'),
    (5,  'zone with SQL',            '{"timezone": "UTC''; DROP TABLE profiles.profile; --"}'),
    (6,  'zone not a string',        '{"timezone": 2}'),
    (7,  'zone an object',           '{"timezone": {"name": "UTC"}}'),
    (8,  'unknown field',            '{"attributes": {}, "locale": "fr"}'),
    (9,  'id is not writable',       '{"id": "80000000-0000-4000-a000-000000000301"}'),
    (10, 'userId is not writable',   '{"userId": "80000000-0000-4000-a000-000000000302"}'),
    (11, 'createdAt is not writable', '{"createdAt": "2020-01-01T00:00:00Z"}'),
    (12, 'an array body',            '[{"timezone": "UTC"}]'),
    (13, 'a string body',            '"UTC"'),
    (14, 'good attributes, bad zone', '{"attributes": {"x": 1}, "timezone": "Nowhere/Land"}')
  ) AS t(ord, label, doc)
 ORDER BY ord;
SELECT public.try_sql(format('SELECT created::text FROM profiles.user_profile_put(%L, NULL)', :uma)) AS null_doc,
       public.try_sql($$SELECT created::text FROM profiles.user_profile_put(NULL, '{}')$$) AS null_user,
       public.try_sql($$SELECT profiles.user_profile_get(NULL)::text$$) AS null_user_get;
SELECT profiles.user_profile_get(:uma)::jsonb->'attributes' AS attributes_unchanged;
COMMIT;

-- Ownership: another user's profile is refused (42501), even to create it.
BEGIN;
SELECT profiles.set_actor(:uma, 's83', 'r83-other');
SELECT public.try_sql(format('SELECT profiles.user_profile_get(%L)::text', :rep)) AS get_other,
       public.try_sql(format($$SELECT created::text FROM profiles.user_profile_put(%L, '{"attributes": {"x": 1}}')$$, :rep)) AS put_other,
       public.try_sql(format($$SELECT created::text FROM profiles.user_profile_put(%L, '{}')$$, :ulf)) AS create_other,
       public.try_sql($$SELECT created::text FROM profiles.user_profile_put('80000000-0000-4000-a000-0000000003ff', '{}')$$) AS put_unknown;
COMMIT;

-- Admins read and write anyone's; unknown or deleted users are P0002.
BEGIN;
SELECT profiles.set_actor(:padmin, 's83', 'r83-admin');
SELECT created, body::jsonb->'attributes' AS attributes, body::jsonb->>'timezone' AS timezone
  FROM profiles.user_profile_put(:ulf, '{"attributes": {"source": "admin"}, "timezone": "Asia/Tokyo"}');
SELECT created, body::jsonb->'attributes' AS attributes
  FROM profiles.user_profile_put(:ulf, '{"attributes": {"source": "admin", "again": true}}');
SELECT profiles.user_profile_get(:uma)::jsonb->>'userId' = :uma AS admin_reads_uma;
SELECT public.try_sql($$SELECT created::text FROM profiles.user_profile_put('80000000-0000-4000-a000-0000000003ff', '{}')$$) AS put_unknown_user,
       public.try_sql($$SELECT profiles.user_profile_get('80000000-0000-4000-a000-0000000003ff')::text$$) AS get_unknown_user,
       public.try_sql($$SELECT created::text FROM profiles.user_profile_put('00000000-0000-4000-a000-000000000009', '{}')$$) AS put_deleted_user,
       public.try_sql(format('SELECT profiles.user_profile_get(%L)::text', '80000000-0000-4000-a000-000000000009')) AS get_user_without_profile;
COMMIT;

-- The profile rows and the activities: profile_created for the first PUT, profile_updated with
-- the changed columns for the others, none for the ones that changed nothing or failed.
RESET SESSION AUTHORIZATION;
SELECT right(id::text, 4) AS id, attributes, timezone, version FROM profiles.profile WHERE id IN (:uma, :ulf) ORDER BY id;
SELECT request_id, action, entity_id, actor, metadata
  FROM public.seed_activity WHERE request_id LIKE 'r83-%' ORDER BY id;

-- Clean up.
DELETE FROM profiles.activities WHERE request_id LIKE 'r83-%';
DELETE FROM profiles.users WHERE id IN (:uma, :ulf);
