-- Privileges: nothing for PUBLIC; the API for profiles_user; set_actor for the authenticator.
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA @extschema@ FROM PUBLIC;
REVOKE ALL ON ALL TABLES IN SCHEMA @extschema@ FROM PUBLIC;

GRANT USAGE ON SCHEMA @extschema@ TO profiles_user, profiles_authenticator;

GRANT EXECUTE ON FUNCTION
    @extschema@.current_actor(), @extschema@.real_actor(), @extschema@.is_admin(),
    @extschema@.is_timezone(text), @extschema@.full_name(text, text, text),
    @extschema@.profile_get(uuid), @extschema@.profile_all(), @extschema@.profile_list(integer, integer),
    @extschema@.profile_create(jsonb), @extschema@.profile_update(uuid, jsonb, integer),
    @extschema@.profile_delete(uuid), @extschema@.api(jsonb)
    TO profiles_user;
GRANT EXECUTE ON FUNCTION @extschema@.set_actor(uuid, text, text, text),
                          @extschema@.set_actor_by_session(text, text, text),
                          @extschema@.set_actor_by_api_key(text, text, text)
    TO profiles_authenticator;

GRANT SELECT ON @extschema@.country TO profiles_user;
GRANT SELECT ON @extschema@.organization, @extschema@.department, @extschema@.users,
                @extschema@.subscription, @extschema@.call_purchase, @extschema@.phone_subscription,
                @extschema@.emulation_grant, @extschema@.activities
    TO profiles_user;
GRANT SELECT, INSERT, DELETE ON @extschema@.profile, @extschema@.contact, @extschema@.persona TO profiles_user;
GRANT UPDATE (data) ON @extschema@.persona TO profiles_user;
-- Bookkeeping columns (id, version, timestamps) are maintained by triggers, not by callers.
GRANT UPDATE (first_name, middle_name, last_name, display_name, avatar_url, bio, enabled, tags, uuid,
              email, phone, address_line1, address_line2, city, state, postal_code,
              country_numeric_code, company_name, company_website, job_title, preferences,
              timezone, language, external_ids, marketplace, team_id, team_role, attributes,
              request_limit)
    ON @extschema@.profile TO profiles_user;
GRANT UPDATE (key, value, uuid) ON @extschema@.contact TO profiles_user;
GRANT INSERT, UPDATE, DELETE ON @extschema@.organization, @extschema@.department,
                                @extschema@.subscription, @extschema@.call_purchase,
                                @extschema@.phone_subscription
    TO profiles_user;
