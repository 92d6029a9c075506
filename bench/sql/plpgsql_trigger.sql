-- Workload 3's comparison: the activity trigger written the usual way in PL/pgSQL. It writes the
-- same activities row as the C++ trigger (profiles.log_activity): action <entity>_updated,
-- actor and real actor, request id, and metadata.updated_fields = the columns whose value
-- changed, except bookkeeping (version, updated_at, created_at) and generated columns; an update
-- that changes nothing logs nothing. The changed-field list is computed with jsonb.
-- Created disabled; run.sh enables it (and disables the C++ one) for its rounds.
CREATE OR REPLACE FUNCTION bench.log_activity_plpgsql() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    old_doc jsonb;
    new_doc jsonb;
    fields jsonb;
    entity text := TG_ARGV[0];
BEGIN
    IF TG_OP = 'UPDATE' THEN
        old_doc := to_jsonb(OLD);
        new_doc := to_jsonb(NEW);
        SELECT jsonb_agg(n.key) INTO fields
        FROM jsonb_each(new_doc) n
        WHERE n.key NOT IN ('version', 'updated_at', 'created_at', 'name')
          AND n.value IS DISTINCT FROM old_doc -> n.key;
        IF fields IS NULL THEN
            RETURN NULL;
        END IF;
        INSERT INTO profiles.activities (activity_type, action, entity, entity_id, actor_id,
                                         real_actor_id, request_id, session_id, metadata)
        VALUES ('user_action', entity || '_updated', entity, NEW.id, profiles.current_actor(),
                profiles.real_actor(), current_setting('bench.request_id', true), NULL,
                jsonb_build_object('updated_fields', fields));
    ELSE
        INSERT INTO profiles.activities (activity_type, action, entity, entity_id, actor_id,
                                         real_actor_id, request_id, session_id, metadata)
        VALUES ('user_action', entity || CASE TG_OP WHEN 'INSERT' THEN '_created' ELSE '_deleted' END,
                entity, CASE TG_OP WHEN 'INSERT' THEN NEW.id ELSE OLD.id END,
                profiles.current_actor(), profiles.real_actor(),
                current_setting('bench.request_id', true), NULL, '{}');
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER bench_activity_plpgsql AFTER INSERT OR UPDATE OR DELETE ON profiles.profile
    FOR EACH ROW EXECUTE FUNCTION bench.log_activity_plpgsql('profile');
ALTER TABLE profiles.profile DISABLE TRIGGER bench_activity_plpgsql;
