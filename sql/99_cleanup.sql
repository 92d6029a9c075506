--
-- 99_cleanup: drop what the suite created outside the test database's extension objects:
-- the helper functions and, above all, the cluster-wide roles, so the suite can run again.
--
DROP VIEW public.activity_log;
DROP FUNCTION public.try_sql(text), public.try_cmd(text), public.try_sql_rollback(text),
              public.api_as(uuid, jsonb), public.api_summary(jsonb);

-- Nothing of the helpers is left in public (objects of extensions such as pg_trgm aside).
SELECT count(*) AS leftover_objects_in_public
  FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace
   AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass
                   AND d.objid = p.oid AND d.deptype = 'e');
SELECT count(*) AS leftover_operators_in_public
  FROM pg_operator o WHERE o.oprnamespace = 'public'::regnamespace
   AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_operator'::regclass
                   AND d.objid = o.oid AND d.deptype = 'e');

DO $roles$
DECLARE
    r text;
BEGIN
    FOREACH r IN ARRAY ARRAY['regress_admin', 'regress_alice', 'regress_bob', 'regress_carol',
                             'regress_disabled', 'regress_unmapped', 'regress_nobody',
                             'regress_shim'] LOOP
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
            EXECUTE format('DROP OWNED BY %I', r);
            EXECUTE format('DROP ROLE %I', r);
        END IF;
    END LOOP;
END
$roles$;
SELECT count(*) AS regress_roles_left FROM pg_roles
 WHERE rolname IN ('regress_admin', 'regress_alice', 'regress_bob', 'regress_carol',
                   'regress_disabled', 'regress_unmapped', 'regress_nobody', 'regress_shim');
