-- Optional demo data for `make run DEMO=1`: an organization with departments, 200 users with
-- profiles, subscriptions, call purchases and phone numbers. Idempotent; runs as the superuser.
INSERT INTO profiles.organization (id, name, city, region, website, sms_numbers, persona_override)
VALUES ('00000000-0000-4000-9000-000000000001', 'Acme Corp', 'Toronto', 'Ontario', 'https://acme.example',
        '{+14165550100}', true)
ON CONFLICT (id) DO NOTHING;
INSERT INTO profiles.department (id, organization_id, name)
VALUES ('00000000-0000-4000-9100-000000000001', '00000000-0000-4000-9000-000000000001', 'Sales'),
       ('00000000-0000-4000-9100-000000000002', '00000000-0000-4000-9000-000000000001', 'Support')
ON CONFLICT (id) DO NOTHING;
INSERT INTO profiles.users (id, email, role, organization_id, department_id)
SELECT ('00000000-0000-4000-a000-' || lpad(g::text, 12, '0'))::uuid, 'demo' || g || '@example.com',
       CASE WHEN g % 10 = 0 THEN 'consumer' ELSE 'standard_user' END,
       '00000000-0000-4000-9000-000000000001', ('00000000-0000-4000-9100-00000000000' || (1 + g % 2))::uuid
FROM generate_series(1, 200) g
ON CONFLICT (id) DO NOTHING;
INSERT INTO profiles.profile (id, first_name, last_name, email, city, country_numeric_code, team_id, team_role, tags)
SELECT u.id, (ARRAY['Mary','Alex','Sam','Chris','Dana','Lee'])[1 + g % 6],
       (ARRAY['Smith','Rep','Ivanov','Garcia','Chen','Okafor'])[1 + g % 6], u.email,
       (ARRAY['Toronto','Paris','Lagos','Tokyo'])[1 + g % 4], (ARRAY['124','250','566','392'])[1 + g % 4],
       u.department_id, 'member', ARRAY['demo']
FROM generate_series(1, 200) g
JOIN profiles.users u ON u.id = ('00000000-0000-4000-a000-' || lpad(g::text, 12, '0'))::uuid
ON CONFLICT (id) DO NOTHING;
INSERT INTO profiles.subscription (profile_id, plan, status)
SELECT p.id, 'pro', 'active' FROM profiles.profile p
WHERE p.email LIKE 'demo%' AND NOT EXISTS (SELECT 1 FROM profiles.subscription s WHERE s.profile_id = p.id);
INSERT INTO profiles.call_purchase (profile_id, minutes, amount_cents)
SELECT p.id, 100, 1500 FROM profiles.profile p
WHERE p.email LIKE 'demo%' AND NOT EXISTS (SELECT 1 FROM profiles.call_purchase c WHERE c.profile_id = p.id);
