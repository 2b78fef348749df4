-- Schema version 5: provider sync over HTTP (docs/provider-api.md). How each HTTP source is
-- reached, and the record of every sync run. The base URL is the source's `location`.
--
-- The token itself is never stored here: only where to find it, the name of an entry in the OS
-- keyring (a random name, not the token) and/or the name of an environment variable.

CREATE TABLE http_sources (
    source_id     INTEGER PRIMARY KEY REFERENCES sources (id) ON DELETE CASCADE,
    -- The profile whose records the provider serves: its person must match (docs/provider-api.md).
    profile_id    INTEGER NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    -- e.g. 'HR_TOKEN': read at each sync when the keyring has no token (or there is none).
    token_env     TEXT CHECK (token_env GLOB '[A-Za-z_]*' AND token_env NOT GLOB '*[^A-Za-z0-9_]*'),
    -- The keyring entry (service 'shebao-ledger') holding the token, when one could be stored.
    keyring_entry TEXT UNIQUE CHECK (keyring_entry GLOB 'provider-token-[0-9a-f]*'),
    created_at    TEXT NOT NULL,
    CHECK (token_env IS NOT NULL OR keyring_entry IS NOT NULL)
);

CREATE INDEX http_sources_by_profile ON http_sources (profile_id);

-- One row per sync run, whatever its outcome. A failed or cancelled run wrote nothing else: its
-- counts are what it had fetched, not what it wrote (added/updated/unchanged stay 0).
CREATE TABLE sync_runs (
    id             INTEGER PRIMARY KEY,
    source_id      INTEGER NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    started_at     TEXT NOT NULL,
    finished_at    TEXT NOT NULL,
    outcome        TEXT NOT NULL CHECK (outcome IN ('ok', 'failed', 'cancelled')),
    -- The `since` month asked for; NULL for a full sync.
    since          TEXT CHECK (since GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]'),
    pages          INTEGER NOT NULL DEFAULT 0 CHECK (pages >= 0),
    items          INTEGER NOT NULL DEFAULT 0 CHECK (items >= 0),
    added          INTEGER NOT NULL DEFAULT 0 CHECK (added >= 0),
    updated        INTEGER NOT NULL DEFAULT 0 CHECK (updated >= 0),
    unchanged      INTEGER NOT NULL DEFAULT 0 CHECK (unchanged >= 0),
    balances       INTEGER NOT NULL DEFAULT 0 CHECK (balances >= 0),
    -- The provider's own `as_of` (RFC 3339), when a reply was read.
    provider_as_of TEXT,
    -- The error's stable code and its English message (which never holds a token or an ID
    -- number); NULL when the run succeeded.
    error_code     TEXT,
    error_message  TEXT,
    CHECK ((outcome = 'ok') = (error_code IS NULL))
);

CREATE INDEX sync_runs_by_source ON sync_runs (source_id, id);
