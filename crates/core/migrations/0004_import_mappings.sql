-- Schema version 4: column mappings the user chose in the import wizard (or with
-- `shebao import --mapping … --save-mapping`), remembered per source and used again for the
-- next file whose header is not recognised by its words.
--
-- A mapping is found again by exactly one of two keys: `signature`, the normalised words of
-- its header row (non-empty when the table has a header row), or, for a table without a
-- header row, `name_pattern`, the file name with its digits folded (the other is '').

CREATE TABLE import_mappings (
    id           INTEGER PRIMARY KEY,
    -- The file the mapping was made for, shown in the list of remembered mappings.
    label        TEXT NOT NULL,
    signature    TEXT NOT NULL,
    name_pattern TEXT NOT NULL,
    -- {"header_line": 3, "columns": {"month": "A", …}, "kind": "housing_fund"}
    mapping      TEXT NOT NULL CHECK (json_valid(mapping)),
    created_at   TEXT NOT NULL,
    last_used    TEXT,
    CHECK ((signature = '') <> (name_pattern = '')),
    UNIQUE (signature, name_pattern)
);
