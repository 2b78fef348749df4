-- Schema version 3: the record of every export (PDF, CSV, XLSX, JSON), so that `verify` can
-- tell whether a file was produced by this app and whether the records it was made from have
-- changed since. Self-contained: it touches no other table.
--
-- No foreign key to profiles: an export record must outlive the profile it was made for (a
-- deleted profile makes its exports "changed", not "never produced"), and profile_name keeps
-- what the file was about.

CREATE TABLE exports (
    id             INTEGER PRIMARY KEY,
    created_at     TEXT NOT NULL,
    format         TEXT NOT NULL CHECK (format IN ('pdf', 'csv', 'xlsx', 'json')),
    -- SHA-256 of the exact bytes written, lower-case hex.
    file_sha256    TEXT NOT NULL CHECK (length(file_sha256) = 64),
    -- The file name only (never the folder): what the user called it, for listings.
    file_name      TEXT,
    profile_id     INTEGER NOT NULL,
    profile_name   TEXT NOT NULL,
    -- The months covered, inclusive; NULL only when the profile had no records to bound them.
    period_from    TEXT CHECK (period_from GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]'),
    period_to      TEXT CHECK (period_to GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]'),
    -- Comma-separated kind codes in the app's order, e.g. 'pension,medical'.
    kinds          TEXT NOT NULL,
    lang           TEXT NOT NULL CHECK (lang IN ('zh', 'en')),
    show_id        INTEGER NOT NULL CHECK (show_id IN (0, 1)),
    -- SHA-256 over the canonical content (docs/export-formats.md), lower-case hex.
    content_digest TEXT NOT NULL CHECK (length(content_digest) = 64),
    -- JSON object {"YYYY-MM": sha256 hex} of each month's canonical lines: lets `verify` name
    -- the months that changed without keeping a copy of the records.
    month_digests  TEXT NOT NULL
);

CREATE INDEX exports_by_file ON exports (file_sha256);
CREATE INDEX exports_by_profile ON exports (profile_id, created_at);
