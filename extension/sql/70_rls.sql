-- Row-level security: a direct SELECT obeys the same ownership as the API. Actor functions are
-- wrapped in scalar sub-selects so they run once per statement, not once per row.
ALTER TABLE @extschema@.users ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.users FORCE ROW LEVEL SECURITY;
CREATE POLICY users_read ON @extschema@.users FOR SELECT
    USING (id = (SELECT @extschema@.current_actor()) OR (SELECT @extschema@.is_admin()));
CREATE POLICY users_admin_write ON @extschema@.users FOR ALL
    USING ((SELECT @extschema@.is_admin())) WITH CHECK ((SELECT @extschema@.is_admin()));

ALTER TABLE @extschema@.profile ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.profile FORCE ROW LEVEL SECURITY;
CREATE POLICY profile_read ON @extschema@.profile FOR SELECT
    USING (id = (SELECT @extschema@.current_actor()) OR (SELECT @extschema@.is_admin()));
CREATE POLICY profile_insert ON @extschema@.profile FOR INSERT
    WITH CHECK ((SELECT @extschema@.is_admin()));
CREATE POLICY profile_update ON @extschema@.profile FOR UPDATE
    USING (id = (SELECT @extschema@.current_actor()) OR (SELECT @extschema@.is_admin()))
    WITH CHECK (id = (SELECT @extschema@.current_actor()) OR (SELECT @extschema@.is_admin()));
CREATE POLICY profile_delete ON @extschema@.profile FOR DELETE
    USING (id = (SELECT @extschema@.current_actor()) OR (SELECT @extschema@.is_admin()));

-- Child tables of a profile: the owner reads, admins write.
DO $child$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['subscription', 'call_purchase', 'phone_subscription'] LOOP
        EXECUTE pg_catalog.format('ALTER TABLE @extschema@.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE pg_catalog.format('ALTER TABLE @extschema@.%I FORCE ROW LEVEL SECURITY', t);
        EXECUTE pg_catalog.format(
            'CREATE POLICY %I ON @extschema@.%I FOR SELECT USING (profile_id = (SELECT @extschema@.current_actor()) OR (SELECT @extschema@.is_admin()))',
            t || '_read', t);
        EXECUTE pg_catalog.format(
            'CREATE POLICY %I ON @extschema@.%I FOR ALL USING ((SELECT @extschema@.is_admin())) WITH CHECK ((SELECT @extschema@.is_admin()))',
            t || '_admin_write', t);
    END LOOP;
END
$child$;

-- Contacts: the owner of the profile manages them.
ALTER TABLE @extschema@.contact ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.contact FORCE ROW LEVEL SECURITY;
CREATE POLICY contact_owner ON @extschema@.contact FOR ALL
    USING (profile_id = (SELECT @extschema@.current_actor()) OR (SELECT @extschema@.is_admin()))
    WITH CHECK (profile_id = (SELECT @extschema@.current_actor()) OR (SELECT @extschema@.is_admin()));

-- Organizations and departments: readable by any actor, written by admins.
DO $org$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['organization', 'department'] LOOP
        EXECUTE pg_catalog.format('ALTER TABLE @extschema@.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE pg_catalog.format('ALTER TABLE @extschema@.%I FORCE ROW LEVEL SECURITY', t);
        EXECUTE pg_catalog.format(
            'CREATE POLICY %I ON @extschema@.%I FOR SELECT USING ((SELECT @extschema@.current_actor()) IS NOT NULL)',
            t || '_read', t);
        EXECUTE pg_catalog.format(
            'CREATE POLICY %I ON @extschema@.%I FOR ALL USING ((SELECT @extschema@.is_admin())) WITH CHECK ((SELECT @extschema@.is_admin()))',
            t || '_admin_write', t);
    END LOOP;
END
$org$;

-- Emulation grants: visible to the admin who holds them; written only by the API (owner).
ALTER TABLE @extschema@.emulation_grant ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.emulation_grant FORCE ROW LEVEL SECURITY;
CREATE POLICY emulation_grant_read ON @extschema@.emulation_grant FOR SELECT
    USING (admin_id = (SELECT @extschema@.real_actor()));

-- Activities: read-only for the actor and the subject; written only by the trigger (owner).
ALTER TABLE @extschema@.activities ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.activities FORCE ROW LEVEL SECURITY;
CREATE POLICY activities_read ON @extschema@.activities FOR SELECT
    USING (actor_id = (SELECT @extschema@.current_actor())
           OR entity_id = (SELECT @extschema@.current_actor())
           OR (SELECT @extschema@.is_admin()));

-- Personas: the user and admins.
ALTER TABLE @extschema@.persona ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.persona FORCE ROW LEVEL SECURITY;
CREATE POLICY persona_owner ON @extschema@.persona FOR ALL
    USING (user_id = (SELECT @extschema@.current_actor()) OR (SELECT @extschema@.is_admin()))
    WITH CHECK (user_id = (SELECT @extschema@.current_actor()) OR (SELECT @extschema@.is_admin()));

-- Credential hashes: no policy, so nobody but the owner (a superuser) sees a row.
ALTER TABLE @extschema@.session ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.session FORCE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.api_key ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.api_key FORCE ROW LEVEL SECURITY;
