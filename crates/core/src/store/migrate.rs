//! Versioned schema migrations: embedded `.sql` files applied in one transaction, with the
//! version in SQLite's `user_version`.
//!
//! Upgrading an existing database first writes a verified backup beside it: schema upgrades
//! that destroyed data are the most-reported disaster in desktop finance apps.

use super::file_life::backup::write_verified;
use super::file_life::backups_folder::{new_backup_path, BackupKind};
use super::Unlocked;
use crate::{Error, Result};
use rusqlite::{Connection, TransactionBehavior};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy)]
pub struct Migration {
    pub version: i64,
    pub name: &'static str,
    pub sql: &'static str,
}

/// Every migration, in order. Append only: a released migration is never edited.
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "initial",
        sql: include_str!("../../migrations/0001_initial.sql"),
    },
    Migration {
        version: 2,
        name: "alerts",
        sql: include_str!("../../migrations/0002_alerts.sql"),
    },
    Migration {
        version: 3,
        name: "exports",
        sql: include_str!("../../migrations/0003_exports.sql"),
    },
    Migration {
        version: 4,
        name: "import_mappings",
        sql: include_str!("../../migrations/0004_import_mappings.sql"),
    },
    Migration {
        version: 5,
        name: "sync",
        sql: include_str!("../../migrations/0005_sync.sql"),
    },
    Migration {
        version: 6,
        name: "vault",
        sql: include_str!("../../migrations/0006_vault.sql"),
    },
    Migration {
        version: 7,
        name: "revision_fen",
        sql: include_str!("../../migrations/0007_revision_fen.sql"),
    },
    Migration {
        version: 8,
        name: "estimate_inputs",
        sql: include_str!("../../migrations/0008_estimate_inputs.sql"),
    },
    Migration {
        version: 9,
        name: "period_line",
        sql: include_str!("../../migrations/0009_period_line.sql"),
    },
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = 9;

pub(super) fn latest(migrations: &[Migration]) -> i64 {
    migrations.last().map_or(0, |m| m.version)
}

pub(super) fn migrate(
    conn: &mut Connection,
    path: &Path,
    key: Option<&Unlocked>,
    migrations: &[Migration],
) -> Result<()> {
    let target = latest(migrations);
    let current = user_version(conn)?;
    if current == target {
        return Ok(());
    }
    if current > 0 && current < target {
        backup_before_upgrade(conn, path, key, current)?;
    }

    // IMMEDIATE takes the write lock first, so two processes opening a new file at once
    // cannot both apply the same migration: the second waits, then sees the new version.
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let current = user_version(&tx)?;
    if current > target {
        return Err(Error::NewerSchema {
            path: path.to_path_buf(),
            found: current,
            supported: target,
        });
    }
    for migration in migrations.iter().filter(|m| m.version > current) {
        tx.execute_batch(migration.sql)?;
        tx.pragma_update(None, "user_version", migration.version)?;
    }
    tx.commit()?;
    Ok(())
}

fn user_version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |row| row.get(0))?)
}

/// Copies the database into `backups/` beside it (verified with `integrity_check`, and
/// encrypted with the same key if it is encrypted) before any migration may run.
fn backup_before_upgrade(
    conn: &Connection,
    path: &Path,
    key: Option<&Unlocked>,
    version: i64,
) -> Result<PathBuf> {
    let target = new_backup_path(path, BackupKind::BeforeUpgrade { from: version })?;
    write_verified(conn, key, &target)?;
    Ok(target)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ContributionStatus, InsuranceKind};
    use crate::store::{list_backups, Passphrase, Store};

    #[test]
    fn schema_version_is_the_last_migration() {
        assert_eq!(latest(MIGRATIONS), SCHEMA_VERSION);
        for pair in MIGRATIONS.windows(2) {
            assert!(
                pair[1].version == pair[0].version + 1,
                "versions are consecutive: {} then {}",
                pair[0].version,
                pair[1].version
            );
        }
    }

    /// Rows of `sql` as text, for comparing tables before and after a migration.
    fn dump(conn: &Connection, sql: &str) -> Vec<String> {
        let mut stmt = conn.prepare(sql).unwrap();
        let width = stmt.column_count();
        stmt.query_map([], |row| {
            (0..width)
                .map(|i| {
                    row.get::<_, rusqlite::types::Value>(i)
                        .map(|v| format!("{v:?}"))
                })
                .collect::<rusqlite::Result<Vec<_>>>()
                .map(|cells| cells.join("|"))
        })
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
    }

    /// The columns version 2 had (version 9 adds `period_line`).
    const CONTRIBUTIONS: &str = "SELECT id, profile_id, kind, month, region_code, payer_type,
         payer_name, base_fen, personal_fen, employer_fen, credited_fen, status, source_id,
         created_at, updated_at FROM contributions ORDER BY id";
    /// The columns version 1 had (version 7 adds the fen columns).
    const REVISIONS: &str = "SELECT id, contribution_id, field, old_value, new_value,
         previous_source_id, source_id, changed_at FROM contribution_revisions ORDER BY id";
    const BALANCES: &str = "SELECT * FROM balances ORDER BY id";

    #[test]
    fn version_2_rebuilds_contributions_keeping_every_row_id_and_revision() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("shebao.db");
        // A version-1 database with records, written the way version 1 wrote them; ids with
        // holes, so that keeping ids is not an accident of order.
        let v1 = Store::open_with(&path, None, &MIGRATIONS[..1]).unwrap();
        assert_eq!(v1.schema_version().unwrap(), 1);
        v1.conn
            .execute_batch(
                "INSERT INTO profiles (id, name, sex, employment, created_at)
                     VALUES (3, '甲', 'female', 'flexible', 't');
                 INSERT INTO sources (id, kind, name, freshness) VALUES (5, 'file', 'f', 'weekly');
                 INSERT INTO contributions (id, profile_id, kind, month, payer_type, payer_name,
                     base_fen, personal_fen, employer_fen, credited_fen, status, source_id,
                     created_at, updated_at)
                 VALUES (10, 3, 'pension', '2024-01', 'self', '', 500000, 100000, 0, 40000,
                         'paid', 5, 'a', 'b'),
                        (12, 3, 'pension', '2024-02', 'self', '', NULL, 100000, 0, NULL,
                         'owed', 5, 'a', 'b'),
                        (17, 3, 'medical', '2024-01', 'employer', '某公司', 500000, 10000,
                         40000, NULL, 'transferred_in', 5, 'a', 'b');
                 INSERT INTO contribution_revisions (id, contribution_id, field, old_value,
                     new_value, previous_source_id, source_id, changed_at)
                 VALUES (4, 12, 'status', 'paid', 'owed', 5, 5, 'c'),
                        (9, 10, 'region', '110100', '310100', NULL, 5, 'd');
                 INSERT INTO balances (profile_id, kind, as_of, amount_fen, origin, source_id,
                     recorded_at)
                 VALUES (3, 'pension', '2024-12-31', 123400, 'reported', 5, 'e');",
            )
            .unwrap();
        let before = (
            dump(&v1.conn, CONTRIBUTIONS),
            dump(&v1.conn, REVISIONS),
            dump(&v1.conn, BALANCES),
        );
        drop(v1);

        let store = Store::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
        let after = (
            dump(&store.conn, CONTRIBUTIONS),
            dump(&store.conn, REVISIONS),
            dump(&store.conn, BALANCES),
        );
        assert_eq!(after, before, "same rows, same ids, same values");
        assert!(dump(&store.conn, "PRAGMA foreign_key_check").is_empty());
        assert_eq!(
            dump(&store.conn, "PRAGMA integrity_check"),
            ["Text(\"ok\")"]
        );
        assert_eq!(
            dump(
                &store.conn,
                "SELECT name FROM sqlite_master WHERE name LIKE 'contributions%' ORDER BY name"
            ),
            [
                "Text(\"contributions\")",
                "Text(\"contributions_by_profile_month\")"
            ]
        );
        assert_eq!(
            store
                .revisions(12)
                .unwrap()
                .iter()
                .map(|r| r.field.as_str())
                .collect::<Vec<_>>(),
            ["status"]
        );
        let backups: Vec<_> = std::fs::read_dir(dir.path().join("backups"))
            .unwrap()
            .collect();
        assert_eq!(backups.len(), 1, "a verified backup was written first");

        // The new status is accepted, anything else still refused; the profile facts exist.
        store
            .conn
            .execute(
                "UPDATE contributions SET status = 'transfer_pending' WHERE id = 17",
                [],
            )
            .unwrap();
        let records = store.contributions(3).unwrap();
        let medical = records
            .iter()
            .find(|r| r.record.kind == InsuranceKind::Medical)
            .unwrap();
        assert_eq!(medical.record.status, ContributionStatus::TransferPending);
        assert!(store
            .conn
            .execute("UPDATE contributions SET status = 'lost' WHERE id = 17", [])
            .is_err());
        let profile = store.profile(3).unwrap().unwrap();
        assert_eq!(
            (profile.original_age, profile.payment_deadline_day),
            (None, None)
        );
        assert!(store
            .conn
            .execute(
                "UPDATE profiles SET payment_deadline_day = 32 WHERE id = 3",
                []
            )
            .is_err());
        // Deleting a record still takes its revisions with it: the foreign key points at the
        // rebuilt table.
        store
            .conn
            .execute("DELETE FROM contributions WHERE id = 12", [])
            .unwrap();
        assert_eq!(dump(&store.conn, REVISIONS).len(), 1);
    }

    #[test]
    fn version_7_turns_revision_amounts_from_yuan_text_into_exact_fen() {
        use crate::model::Money;
        use crate::store::FieldValue;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("shebao.db");
        // A version-6 database holding amounts as version 6 wrote them (Money::to_plain), and
        // text no release wrote but a hand-edited file might hold.
        let v6 = Store::open_with(&path, None, &MIGRATIONS[..6]).unwrap();
        assert_eq!(v6.schema_version().unwrap(), 6);
        v6.conn
            .execute_batch(
                "INSERT INTO profiles (id, name, sex, employment, created_at)
                     VALUES (3, '甲', 'female', 'flexible', 't');
                 INSERT INTO sources (id, kind, name, freshness) VALUES (5, 'file', 'f', 'weekly');
                 INSERT INTO contributions (id, profile_id, kind, month, payer_type, payer_name,
                     base_fen, personal_fen, employer_fen, credited_fen, status, source_id,
                     created_at, updated_at)
                 VALUES (10, 3, 'pension', '2024-01', 'self', '', 500000, 100000, 0, 40000,
                         'paid', 5, 'a', 'b');
                 INSERT INTO contribution_revisions (id, contribution_id, field, old_value,
                     new_value, previous_source_id, source_id, changed_at)
                 VALUES (1, 10, 'base', '4000.00', '5000.00', 5, 5, 'c'),
                        (2, 10, 'personal', '0.05', '-12.30', 5, 5, 'c'),
                        (3, 10, 'credited', NULL, '999999999999999.99', 5, 5, 'c'),
                        (4, 10, 'employer', '12.3', '1-2.00', 5, 5, 'c'),
                        (5, 10, 'status', 'owed', 'paid', 5, 5, 'c'),
                        (6, 10, 'region', '110100', '310100', 5, 5, 'c');",
            )
            .unwrap();
        drop(v6);

        let store = Store::open_with(&path, None, &MIGRATIONS[..7]).unwrap();
        assert_eq!(store.schema_version().unwrap(), 7);
        let fen = |f: i64| Some(FieldValue::Amount(Money::from_fen(f)));
        let text = |t: &str| Some(FieldValue::Text(t.into()));
        let values: Vec<_> = store
            .revisions(10)
            .unwrap()
            .into_iter()
            .map(|r| (r.field, r.old_value, r.new_value))
            .collect();
        assert_eq!(
            values,
            [
                ("base".into(), fen(400_000), fen(500_000)),
                ("personal".into(), fen(5), fen(-1_230)),
                ("credited".into(), None, fen(99_999_999_999_999_999)),
                // Not of the form Money::to_plain writes: kept as the text it was.
                ("employer".into(), text("12.3"), text("1-2.00")),
                ("status".into(), text("owed"), text("paid")),
                ("region".into(), text("110100"), text("310100")),
            ]
        );
        // The amounts are stored as integers, not as text that looks like one.
        assert_eq!(
            dump(
                &store.conn,
                "SELECT typeof(old_fen), typeof(new_fen), old_value FROM contribution_revisions WHERE id = 2"
            ),
            ["Text(\"integer\")|Text(\"integer\")|Null"]
        );
    }

    /// The shipped migrations plus one more, as the next release will have.
    fn with_next() -> Vec<Migration> {
        let mut all = MIGRATIONS.to_vec();
        all.push(Migration {
            version: SCHEMA_VERSION + 1,
            name: "test_next",
            sql: "CREATE TABLE test_next (id INTEGER PRIMARY KEY);",
        });
        all
    }

    #[test]
    fn an_upgrade_of_an_encrypted_database_first_writes_an_encrypted_verified_backup() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("shebao.db");
        let passphrase = Passphrase::new("升级前先备份").unwrap();
        drop(Store::open_with_passphrase(&db, Some(&passphrase)).unwrap());

        let store = Store::open_with(&db, Some(&passphrase), &with_next()).unwrap();
        assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION + 1);
        let backups = list_backups(&db).unwrap();
        assert_eq!(backups.len(), 1);
        assert_eq!(
            backups[0].kind,
            crate::store::BackupKind::BeforeUpgrade {
                from: SCHEMA_VERSION
            }
        );
        assert!(
            backups[0].encrypted,
            "the backup is no way around encryption"
        );
        let report = crate::store::check(&backups[0].path, Some(&passphrase)).unwrap();
        assert_eq!(report.schema_version, SCHEMA_VERSION, "as it was before");
    }

    /// Version 8 adds the estimate inputs to a version-7 file that has profiles: none has any,
    /// a value needs its date, and no float or negative amount gets in.
    #[test]
    fn version_8_adds_estimate_inputs_to_a_real_version_7_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("shebao.db");
        let v7 = Store::open_with(&path, None, &MIGRATIONS[..7]).unwrap();
        v7.conn
            .execute_batch(
                "INSERT INTO profiles (id, name, sex, employment, created_at)
                     VALUES (3, '甲', 'female', 'flexible', 't');",
            )
            .unwrap();
        drop(v7);
        let store = Store::open_with(&path, None, &MIGRATIONS[..8]).unwrap();
        assert_eq!(store.schema_version().unwrap(), 8);
        assert_eq!(
            store.given_inputs(3).unwrap(),
            crate::analysis::standing::given::GivenInputs::default()
        );
        let insert = |sql: &str| store.conn.execute(sql, []);
        assert!(
            insert(
                "INSERT INTO estimate_inputs (profile_id, benefit_base_fen) VALUES (3, 1230700)"
            )
            .is_err(),
            "no date"
        );
        assert!(insert("INSERT INTO estimate_inputs (profile_id, benefit_base_fen, benefit_base_at) VALUES (3, -1, '2026-12-01')").is_err());
        assert!(insert("INSERT INTO estimate_inputs (profile_id, average_index, average_index_at) VALUES (3, 0, '2026-12-01')").is_err());
        insert("INSERT INTO estimate_inputs (profile_id, benefit_base_fen, benefit_base_at) VALUES (3, 1230700, '2026-12-01')").unwrap();
        let given = store.given_inputs(3).unwrap();
        assert_eq!(given.benefit_base.map(|e| e.value.fen()), Some(1_230_700));
    }

    /// Version 9 gives every stored month an empty `period_line` (none was derived before it
    /// existed), keeps the rows as they were, and refuses a line that is not a line.
    #[test]
    fn version_9_adds_an_empty_period_line_to_a_real_version_8_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("shebao.db");
        let v8 = Store::open_with(&path, None, &MIGRATIONS[..8]).unwrap();
        v8.conn
            .execute_batch(
                "INSERT INTO profiles (id, name, sex, employment, created_at)
                     VALUES (3, '甲', 'female', 'flexible', 't');
                 INSERT INTO sources (id, kind, name, freshness) VALUES (5, 'file', 'f', 'weekly');
                 INSERT INTO contributions (id, profile_id, kind, month, payer_type, payer_name,
                     personal_fen, employer_fen, status, source_id, created_at, updated_at)
                     VALUES (7, 3, 'pension', '2020-01', 'self', '', 40000, 0, 'paid', 5, 't', 't');",
            )
            .unwrap();
        let before = dump(&v8.conn, CONTRIBUTIONS);
        drop(v8);
        let store = Store::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), 9);
        assert_eq!(dump(&store.conn, CONTRIBUTIONS), before);
        let stored = store.contributions(3).unwrap();
        assert_eq!(stored.len(), 1);
        assert_eq!(stored[0].record.period_line, None);
        let set = |line: i64| {
            store.conn.execute(
                "UPDATE contributions SET period_line = ?1 WHERE id = 7",
                [line],
            )
        };
        assert!(set(0).is_err(), "line numbers start at 1");
        set(12).unwrap();
        assert_eq!(
            store.contributions(3).unwrap()[0].record.period_line,
            Some(12)
        );
    }
}
