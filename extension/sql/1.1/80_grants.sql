-- 1.1: privileges of the new objects. Nothing for PUBLIC, as in 1.0.
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA @extschema@ FROM PUBLIC;
REVOKE ALL ON ALL TABLES IN SCHEMA @extschema@ FROM PUBLIC;

GRANT EXECUTE ON FUNCTION @extschema@.set_actor(uuid, text, text, text),
                          @extschema@.set_actor_by_session(text, text, text),
                          @extschema@.set_actor_by_api_key(text, text, text)
    TO profiles_authenticator;
GRANT SELECT, INSERT, DELETE ON @extschema@.persona TO profiles_user;
GRANT UPDATE (data) ON @extschema@.persona TO profiles_user;
GRANT UPDATE (request_limit) ON @extschema@.profile TO profiles_user;
