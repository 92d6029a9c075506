-- Group roles. profiles_user holds what SQL callers of the API need (EXECUTE, and the table
-- privileges that row-level security narrows); profiles_authenticator is the group of the
-- shim's login role, the only one allowed to set the actor.
DO $roles$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'profiles_user') THEN
        CREATE ROLE profiles_user NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'profiles_authenticator') THEN
        CREATE ROLE profiles_authenticator NOLOGIN;
    END IF;
    IF NOT pg_catalog.pg_has_role('profiles_authenticator', 'profiles_user', 'MEMBER') THEN
        GRANT profiles_user TO profiles_authenticator;
    END IF;
END
$roles$;
