-- Schema version 6: the official-document vault. Official 参保证明 (certificates of insurance)
-- and 个人权益记录单 (personal rights records) the user downloaded, kept with a profile.
--
-- The files themselves live in `vault/` beside the database, each named by the SHA-256 of its
-- bytes (`<sha256>.pdf|png|jpg`): the same file attached twice is one file, and a row finds
-- its file by the hash alone. A row is written only after its file is in place, and a file is
-- removed only after the last row naming it is gone (see crates/core/src/vault/).

CREATE TABLE vault_documents (
    -- AUTOINCREMENT: an id is never given to another document later, so `shebao vault remove
    -- ID` in a script can never hit a different document than the one it listed.
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    profile_id    INTEGER NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    doc_type      TEXT NOT NULL CHECK (doc_type IN ('certificate', 'rights_record', 'other')),
    -- SHA-256 of the exact bytes, lower-case hex; also the file's name in vault/.
    sha256        TEXT NOT NULL CHECK (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'),
    size_bytes    INTEGER NOT NULL CHECK (size_bytes > 0),
    -- What the bytes are (by their signature, not the name): the file's extension.
    media_type    TEXT NOT NULL CHECK (media_type IN ('pdf', 'png', 'jpeg')),
    -- The name the file had when attached (without its folder), for listings and export.
    original_name TEXT NOT NULL,
    -- The date the document was issued, when the user gave it (YYYY-MM-DD).
    document_date TEXT CHECK (document_date GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    note          TEXT,
    attached_at   TEXT NOT NULL,
    -- One profile holds a file once; two family members may hold the same file.
    UNIQUE (profile_id, sha256)
);

CREATE INDEX vault_documents_by_sha256 ON vault_documents (sha256);

-- After how many days a profile's newest certificate is out of date (`certificate_stale`),
-- when set for that profile; else the global setting `vault.certificate_max_age_days` in
-- `settings`; else the app's default.
CREATE TABLE vault_settings (
    profile_id               INTEGER PRIMARY KEY REFERENCES profiles (id) ON DELETE CASCADE,
    certificate_max_age_days INTEGER NOT NULL CHECK (certificate_max_age_days BETWEEN 1 AND 3650)
);
