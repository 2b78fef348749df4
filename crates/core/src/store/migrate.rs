//! Versioned schema migrations: embedded `.sql` files applied in one transaction, with the
//! version in SQLite's `user_version`.
//!
//! Upgrading an existing database first writes a verified backup beside it: schema upgrades
//! that destroyed data are the most-reported disaster in desktop finance apps.

use crate::{Error, Result};
use rusqlite::{Connection, TransactionBehavior, MAIN_DB};
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
        name: "exports",
        sql: include_str!("../../migrations/0002_exports.sql"),
    },
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = 2;

pub(super) fn latest(migrations: &[Migration]) -> i64 {
    migrations.last().map_or(0, |m| m.version)
}

pub(super) fn migrate(conn: &mut Connection, path: &Path, migrations: &[Migration]) -> Result<()> {
    let target = latest(migrations);
    let current = user_version(conn)?;
    if current == target {
        return Ok(());
    }
    if current > 0 && current < target {
        backup_before_upgrade(conn, path, current)?;
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

/// Copies the database with SQLite's online backup API into `backups/` beside it, then checks
/// the copy with `integrity_check` before any migration may run.
fn backup_before_upgrade(conn: &Connection, path: &Path, version: i64) -> Result<PathBuf> {
    let dir = path.parent().unwrap_or(Path::new(".")).join("backups");
    std::fs::create_dir_all(&dir).map_err(|source| Error::DataDir {
        path: dir.clone(),
        source,
    })?;
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S");
    let target = dir.join(format!("before-upgrade-v{version}-{stamp}.db"));
    conn.backup(MAIN_DB, &target, None::<fn(rusqlite::backup::Progress)>)?;
    let check: String =
        Connection::open(&target)?.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    if check != "ok" {
        return Err(Error::Io {
            path: target,
            source: std::io::Error::other(format!("backup failed its integrity check: {check}")),
        });
    }
    Ok(target)
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
