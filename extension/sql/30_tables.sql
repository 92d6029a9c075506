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
    -- request limit (seed 003)
    request_limit        integer CHECK (request_limit >= 0),
    -- bookkeeping
    version              integer NOT NULL DEFAULT 1,
    created_at           timestamptz NOT NULL DEFAULT pg_catalog.now(),
    updated_at           timestamptz NOT NULL DEFAULT pg_catalog.now()
);
CREATE INDEX profile_team_idx ON @extschema@.profile (team_id);
CREATE INDEX profile_tags_idx ON @extschema@.profile USING gin (tags);
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

CREATE TABLE @extschema@.persona (
    id         uuid PRIMARY KEY DEFAULT pg_catalog.gen_random_uuid(),
    user_id    uuid NOT NULL UNIQUE REFERENCES @extschema@.users (id) ON DELETE CASCADE,
    data       jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(data) = 'object'),
    created_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
    updated_at timestamptz NOT NULL DEFAULT pg_catalog.now()
);
COMMENT ON TABLE @extschema@.persona IS
    'The persona linked to a user: free-form fields (position, region, timezone, businessHours, ...), merged key by key.';

-- Credentials other than JWTs. Only hashes are stored; the secrets are shown once at creation.
CREATE TABLE @extschema@.session (
    id         uuid PRIMARY KEY DEFAULT pg_catalog.gen_random_uuid(),
    user_id    uuid NOT NULL REFERENCES @extschema@.users (id) ON DELETE CASCADE,
    token_hash bytea NOT NULL UNIQUE,
    expires_at timestamptz NOT NULL,
    revoked_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT pg_catalog.now()
);
CREATE INDEX session_user_idx ON @extschema@.session (user_id);
COMMENT ON TABLE @extschema@.session IS
    'Browser sessions (better-auth.session_token cookie): sha256 of the token, expiry, revocation.';

CREATE TABLE @extschema@.api_key (
    id         uuid PRIMARY KEY DEFAULT pg_catalog.gen_random_uuid(),
    user_id    uuid NOT NULL REFERENCES @extschema@.users (id) ON DELETE CASCADE,
    name       text NOT NULL DEFAULT '' CHECK (length(name) <= 255),
    key_hash   bytea NOT NULL UNIQUE,
    expires_at timestamptz,
    revoked_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT pg_catalog.now()
);
CREATE INDEX api_key_user_idx ON @extschema@.api_key (user_id);
COMMENT ON TABLE @extschema@.api_key IS 'API keys (X-Api-Key header): sha256 of the key, each bound to a user.';

CREATE TABLE @extschema@.draft (
    id                uuid PRIMARY KEY DEFAULT pg_catalog.gen_random_uuid(),
    owner_id          uuid NOT NULL REFERENCES @extschema@.users (id) ON DELETE CASCADE,
    target_profile_id uuid REFERENCES @extschema@.profile (id) ON DELETE CASCADE,
    version           integer NOT NULL DEFAULT 1 CHECK (version >= 1),
    form_state        jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(form_state) = 'object'),
    created_at        timestamptz NOT NULL DEFAULT pg_catalog.now(),
    updated_at        timestamptz NOT NULL DEFAULT pg_catalog.now()
);
CREATE INDEX draft_owner_idx ON @extschema@.draft (owner_id, updated_at DESC);
COMMENT ON TABLE @extschema@.draft IS
    'Unsaved profile edits of a user; version guards against concurrent overwrites.';

CREATE TABLE @extschema@.export (
    id                uuid PRIMARY KEY DEFAULT pg_catalog.gen_random_uuid(),
    creator_id        uuid REFERENCES @extschema@.users (id) ON DELETE SET NULL,
    profile_export_id text CHECK (length(profile_export_id) <= 255),
    file_name         text NOT NULL,
    row_count         bigint NOT NULL DEFAULT 0,
    byte_count        bigint NOT NULL DEFAULT 0,
    status            text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'done')),
    created_at        timestamptz NOT NULL DEFAULT pg_catalog.now(),
    finished_at       timestamptz
);
CREATE INDEX export_creator_idx ON @extschema@.export (creator_id, created_at DESC);
COMMENT ON TABLE @extschema@.export IS 'CSV exports of profiles, downloadable later by their creator or an admin.';

CREATE TABLE @extschema@.export_chunk (
    export_id uuid NOT NULL REFERENCES @extschema@.export (id) ON DELETE CASCADE,
    seq       integer NOT NULL,
    data      text NOT NULL,
    PRIMARY KEY (export_id, seq)
);
COMMENT ON TABLE @extschema@.export_chunk IS 'The CSV of an export in ordered chunks, so it streams in bounded memory.';

CREATE TABLE @extschema@.api_operation (
    seed        text NOT NULL,
    method      text NOT NULL,
    path        text NOT NULL,
    function    text NOT NULL,
    roles       text NOT NULL,
    description text NOT NULL,
    PRIMARY KEY (method, path)
);
COMMENT ON TABLE @extschema@.api_operation IS
    'The HTTP route table: every operation of the HTTP API and the SQL function behind it.';

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
SELECT pg_catalog.pg_extension_config_dump('@extschema@.persona', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.session', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.api_key', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.draft', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.export', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.export_chunk', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.activities', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.activities_id_seq', '');
