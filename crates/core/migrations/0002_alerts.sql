-- Schema version 2: what the rules need to know about a person, months in cross-province
-- transfer, and acknowledged alerts.

-- 1. Profile facts. The original retirement age (women: 50 for 工人 posts, 55 for 干部/管理
--    posts) picks the retirement schedule group; the code checks it against the rule tables,
--    this CHECK only keeps out what no table could hold. The payment deadline day is the day of
--    the month by which a flexible-employment payment is due (a shorter month: its last day).
ALTER TABLE profiles ADD COLUMN original_age INTEGER
    CHECK (original_age BETWEEN 40 AND 70);
ALTER TABLE profiles ADD COLUMN payment_deadline_day INTEGER
    CHECK (payment_deadline_day BETWEEN 1 AND 31);

-- 2. A new contribution status, 'transfer_pending' (转移中): a month being carried over by
--    转移接续 and not yet confirmed by the new region; neither paid nor a gap. SQLite cannot
--    alter a CHECK constraint, so the table is rebuilt with the same columns, rows and ids.
--
--    Dropping the old table cascades to contribution_revisions when foreign keys are on (they
--    are, in Store::open), so the revisions are copied aside first and put back afterwards
--    with their own ids; emptying them explicitly makes the steps the same with foreign keys
--    off. Everything runs inside the migration's one transaction: all of it or none.
CREATE TEMP TABLE revisions_kept AS SELECT * FROM main.contribution_revisions;

CREATE TABLE contributions_v2 (
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
    status       TEXT NOT NULL CHECK (status IN ('paid', 'owed', 'back_paid', 'transferred_in',
                                                 'transfer_pending')),
    source_id    INTEGER NOT NULL REFERENCES sources (id),
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    UNIQUE (profile_id, kind, month, payer_type, payer_name)
);

INSERT INTO contributions_v2 (id, profile_id, kind, month, region_code, payer_type, payer_name,
        base_fen, personal_fen, employer_fen, credited_fen, status, source_id, created_at,
        updated_at)
    SELECT id, profile_id, kind, month, region_code, payer_type, payer_name, base_fen,
        personal_fen, employer_fen, credited_fen, status, source_id, created_at, updated_at
    FROM contributions;

DELETE FROM contribution_revisions;
DROP TABLE contributions;
ALTER TABLE contributions_v2 RENAME TO contributions;
CREATE INDEX contributions_by_profile_month ON contributions (profile_id, month);

INSERT INTO contribution_revisions (id, contribution_id, field, old_value, new_value,
        previous_source_id, source_id, changed_at)
    SELECT id, contribution_id, field, old_value, new_value, previous_source_id, source_id,
        changed_at
    FROM temp.revisions_kept;
DROP TABLE temp.revisions_kept;

-- 3. Acknowledged alerts. An alert is identified by its code, its insurance kind ('' when it
--    concerns no single kind: NULL would make the UNIQUE key never match) and a fingerprint of
--    the facts it states; when the facts change, so does the fingerprint, and the alert is new.
--    Codes are checked for shape only, so that a later alert code needs no table rebuild; the
--    app ignores a code it does not know.
CREATE TABLE alert_acknowledgements (
    id              INTEGER PRIMARY KEY,
    profile_id      INTEGER NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    code            TEXT NOT NULL CHECK (code GLOB '[a-z]*' AND code NOT GLOB '*[^a-z_]*'),
    kind            TEXT NOT NULL CHECK (kind IN ('', 'pension', 'medical', 'unemployment',
                                                  'work_injury', 'maternity', 'housing_fund')),
    fingerprint     TEXT NOT NULL CHECK (length(fingerprint) = 16
                                         AND fingerprint NOT GLOB '*[^0-9a-f]*'),
    acknowledged_at TEXT NOT NULL,
    UNIQUE (profile_id, code, kind, fingerprint)
);
