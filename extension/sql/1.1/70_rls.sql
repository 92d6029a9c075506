-- 1.1: row-level security of the new tables.
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
