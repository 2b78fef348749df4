//! Versioned schema migrations: embedded `.sql` files applied in one transaction, with the
//! version in SQLite's `user_version`.
//!
//! Upgrading an existing database first writes a verified backup beside it: schema upgrades
//! that destroyed data are the most-reported disaster in desktop finance apps.

use super::backup::{new_backup_path, write_verified, BackupKind};
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
pub const MIGRATIONS: &[Migration] = &[Migration {
    version: 1,
    name: "initial",
    sql: include_str!("../../migrations/0001_initial.sql"),
}];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = 1;

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
    use crate::store::{list_backups, Passphrase, Store};

    #[test]
    fn schema_version_is_the_last_migration() {
        assert_eq!(latest(MIGRATIONS), SCHEMA_VERSION);
        for pair in MIGRATIONS.windows(2) {
            assert_eq!(
                pair[1].version,
                pair[0].version + 1,
                "versions are consecutive"
            );
        }
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
}
