-- Schema version 1: profiles, sources, contributions with their revision history, balances,
-- settings. Codes are checked here too, so that no writer can store a value the app cannot read.

CREATE TABLE profiles (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    id_number   TEXT UNIQUE,
    sex         TEXT CHECK (sex IN ('male', 'female')),
    birth_month TEXT CHECK (birth_month GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]'),
    region_code TEXT,
    employment  TEXT NOT NULL DEFAULT 'employee'
                CHECK (employment IN ('employee', 'flexible', 'other')),
    created_at  TEXT NOT NULL
);

CREATE TABLE sources (
    id        INTEGER PRIMARY KEY,
    kind      TEXT NOT NULL CHECK (kind IN ('file', 'http', 'manual')),
    name      TEXT NOT NULL,
    location  TEXT,
    freshness TEXT NOT NULL CHECK (freshness IN ('realtime', 'daily', 'weekly')),
    last_sync TEXT,
    UNIQUE (kind, name)
);

CREATE TABLE contributions (
    id           INTEGER PRIMARY KEY,
    profile_id   INTEGER NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    kind         TEXT NOT NULL CHECK (kind IN ('pension', 'medical', 'unemployment',
                                               'work_injury', 'maternity', 'housing_fund')),
    month        TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]'),
    region_code  TEXT,
    payer_type   TEXT NOT NULL CHECK (payer_type IN ('employer', 'self')),
    payer_name   TEXT NOT NULL DEFAULT '',
    base_fen     INTEGER,
    personal_fen INTEGER NOT NULL,
    employer_fen INTEGER NOT NULL,
    credited_fen INTEGER,
    status       TEXT NOT NULL CHECK (status IN ('paid', 'owed', 'back_paid', 'transferred_in')),
    source_id    INTEGER NOT NULL REFERENCES sources (id),
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    UNIQUE (profile_id, kind, month, payer_type, payer_name)
);

CREATE INDEX contributions_by_profile_month ON contributions (profile_id, month);

-- One row per changed field of a contribution: what it was, what it became, which source
-- brought the change and when.
CREATE TABLE contribution_revisions (
    id                 INTEGER PRIMARY KEY,
    contribution_id    INTEGER NOT NULL REFERENCES contributions (id) ON DELETE CASCADE,
    field              TEXT NOT NULL,
    old_value          TEXT,
    new_value          TEXT,
    previous_source_id INTEGER REFERENCES sources (id),
    source_id          INTEGER NOT NULL REFERENCES sources (id),
    changed_at         TEXT NOT NULL
);

CREATE INDEX contribution_revisions_by_contribution ON contribution_revisions (contribution_id);

CREATE TABLE balances (
    id          INTEGER PRIMARY KEY,
    profile_id  INTEGER NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('pension', 'medical', 'unemployment',
                                              'work_injury', 'maternity', 'housing_fund')),
    as_of       TEXT NOT NULL CHECK (as_of GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    amount_fen  INTEGER NOT NULL,
    origin      TEXT NOT NULL CHECK (origin IN ('reported', 'computed')),
    source_id   INTEGER NOT NULL REFERENCES sources (id),
    recorded_at TEXT NOT NULL,
    UNIQUE (profile_id, kind, as_of, origin)
);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
