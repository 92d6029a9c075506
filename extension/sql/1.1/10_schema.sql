-- 1.1: schema additions of seeds 001-004 (personas, credentials, drafts, exports, routes).
ALTER TABLE @extschema@.profile ADD COLUMN request_limit integer CHECK (request_limit >= 0);
COMMENT ON COLUMN @extschema@.profile.request_limit IS 'Requests per period this profile may make (seed 003).';
CREATE INDEX profile_tags_idx ON @extschema@.profile USING gin (tags);
-- The case-insensitive name filters of the REST list (seed 002).
CREATE INDEX profile_lower_last_name_idx ON @extschema@.profile (pg_catalog.lower(last_name));
CREATE INDEX profile_lower_first_name_idx ON @extschema@.profile (pg_catalog.lower(first_name));
CREATE INDEX profile_lower_name_idx ON @extschema@.profile (pg_catalog.lower(name));

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

SELECT pg_catalog.pg_extension_config_dump('@extschema@.persona', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.session', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.api_key', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.draft', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.export', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.export_chunk', '');
