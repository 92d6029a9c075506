-- Value domains: constraints live in the database, not only in code.
CREATE DOMAIN @extschema@.email AS text
    CHECK (length(VALUE) <= 254
           AND VALUE ~ '^[A-Za-z0-9.!#$%&''*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$');
COMMENT ON DOMAIN @extschema@.email IS 'An e-mail address (RFC 5322 dot-atom local part, DNS host name).';

CREATE DOMAIN @extschema@.e164 AS text CHECK (VALUE ~ '^\+[1-9][0-9]{1,14}$');
COMMENT ON DOMAIN @extschema@.e164 IS 'A phone number in E.164 format: +, country code, up to 15 digits.';

CREATE FUNCTION @extschema@.is_timezone(name text) RETURNS boolean
    LANGUAGE c STABLE STRICT PARALLEL SAFE
    AS 'MODULE_PATHNAME', 'profiles_is_timezone';
COMMENT ON FUNCTION @extschema@.is_timezone(text) IS
    'True when name is an IANA time zone known to this server (pg_timezone_names).';

CREATE FUNCTION @extschema@.full_name(first text, middle text, last text) RETURNS text
    LANGUAGE c IMMUTABLE PARALLEL SAFE
    AS 'MODULE_PATHNAME', 'profiles_full_name';
COMMENT ON FUNCTION @extschema@.full_name(text, text, text) IS
    'First, middle and last name joined by single spaces, empty parts skipped; NULL when all are empty.';
