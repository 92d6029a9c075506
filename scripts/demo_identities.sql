-- Demo identities printed by `make run`: an admin and a standard user, each with a profile.
-- Idempotent; runs as the superuser.
INSERT INTO profiles.users (id, email, role, full_name)
VALUES ('00000000-0000-4000-8000-000000000001', 'admin@example.com', 'internal_admin', 'Demo Admin'),
       ('00000000-0000-4000-8000-000000000002', 'user@example.com', 'standard_user', 'Demo User')
ON CONFLICT (id) DO NOTHING;
INSERT INTO profiles.profile (id, first_name, last_name, email, country_numeric_code, timezone)
VALUES ('00000000-0000-4000-8000-000000000001', 'Demo', 'Admin', 'admin@example.com', '840', 'America/New_York'),
       ('00000000-0000-4000-8000-000000000002', 'Demo', 'User', 'user@example.com', '250', 'Europe/Paris')
ON CONFLICT (id) DO NOTHING;
