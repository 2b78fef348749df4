//! Is the database whole? `PRAGMA integrity_check` on demand, and the way back when it is not.
//!
//! A damaged database is reported, never repaired or recreated behind the user's back: the
//! report names the newest backup that itself passes the check, to restore by hand.

use super::backups_folder::list_backups;
use crate::reason::Reason;
use crate::store::keys::passphrase::Passphrase;
use crate::store::{open_existing, Access, Unlock, SCHEMA_VERSION};
use crate::{Error, Result};
use rusqlite::Connection;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// Tables every database of ours has had since schema 1.
const OUR_TABLES: &[&str] = &["profiles", "contributions", "settings"];
/// Problems quoted in a message; `integrity_check` can list thousands.
const PROBLEMS_SHOWN: usize = 3;

/// A database that passed the check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IntegrityReport {
    pub path: PathBuf,
    pub encrypted: bool,
    pub schema_version: i64,
}

/// Runs `integrity_check` on the database at `db` (with `passphrase` if it is encrypted).
/// Damage is the error [`Error::Corrupt`], naming the newest good backup.
pub fn check(db: &Path, passphrase: Option<&Passphrase>) -> Result<IntegrityReport> {
    let result = (|| {
        let with = passphrase.map(Unlock::Passphrase);
        let (conn, unlocked) = open_existing(db, with, Access::ReadWrite)?;
        let problems = problems(&conn)?;
        if !problems.is_empty() {
            return Err(corrupt(db, &problems));
        }
        Ok(IntegrityReport {
            path: db.to_path_buf(),
            encrypted: unlocked.is_some(),
            schema_version: user_version(&conn)?,
        })
    })();
    result.map_err(|e| with_way_back(e, db, passphrase.map(Unlock::Passphrase)))
}

/// The newest backup of `db` in `backups/` that opens (with `passphrase` if encrypted) and
/// passes `integrity_check`. Backups that cannot be opened with it are passed over.
pub fn newest_good_backup(db: &Path, passphrase: Option<&Passphrase>) -> Option<PathBuf> {
    newest_opening_with(db, passphrase.map(Unlock::Passphrase))
}

/// The newest good backup that `with` opens (a remembered key opens the backups taken since
/// it was remembered: they carry the same key file settings).
fn newest_opening_with(db: &Path, with: Option<Unlock<'_>>) -> Option<PathBuf> {
    let backups = list_backups(db).ok()?;
    backups
        .into_iter()
        .find(|backup| verify_backup_with(&backup.path, with).is_ok())
        .map(|backup| backup.path)
}

/// Fills in the way back on a damage error from opening or checking `db`.
pub(crate) fn with_way_back(error: Error, db: &Path, with: Option<Unlock<'_>>) -> Error {
    match error {
        Error::Corrupt {
            path,
            problem,
            backup: None,
        } => Error::Corrupt {
            backup: newest_opening_with(db, with),
            path,
            problem,
        },
        other => other,
    }
}

/// Checks that `file` is a whole database of ours that this version can open; returns its
/// schema version. For restore, to find the newest good backup, and to check a backup that
/// came from elsewhere (WebDAV) before restoring it.
pub fn verify_backup(file: &Path, passphrase: Option<&Passphrase>) -> Result<i64> {
    verify_backup_with(file, passphrase.map(Unlock::Passphrase))
}

/// [`verify_backup`], unlocking with a passphrase or a remembered key.
pub(crate) fn verify_backup_with(file: &Path, with: Option<Unlock<'_>>) -> Result<i64> {
    let not_ours = |reason: Reason| Error::NotABackup {
        path: file.to_path_buf(),
        reason,
    };
    let (conn, _) = open_existing(file, with, Access::ReadOnly).map_err(|e| match e {
        Error::NotADatabase { .. } => not_ours(Reason::said(
            "不是 SQLite 数据库文件",
            "not an SQLite database",
        )),
        other => other,
    })?;
    let problems = problems(&conn)?;
    if !problems.is_empty() {
        return Err(corrupt(file, &problems));
    }
    let version = user_version(&conn)?;
    if version > SCHEMA_VERSION {
        return Err(Error::NewerSchema {
            path: file.to_path_buf(),
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    for table in OUR_TABLES {
        let present: bool = conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1)",
            [table],
            |row| row.get(0),
        )?;
        if version < 1 || !present {
            return Err(not_ours(Reason::said(
                "缺少社保账本的数据表",
                "it lacks the ledger's tables",
            )));
        }
    }
    Ok(version)
}

/// Whether `error` means the file is damaged (rather than, say, locked or unreadable).
pub(crate) fn is_damage(error: &Error) -> bool {
    match error {
        Error::Corrupt { .. } | Error::VerificationFailed { .. } => true,
        Error::Database(e) => matches!(
            e.sqlite_error_code(),
            Some(rusqlite::ErrorCode::DatabaseCorrupt)
        ),
        _ => false,
    }
}

/// The lines of `integrity_check` other than "ok". Reading a damaged page can also fail
/// outright (SQLCipher reports a page that fails its MAC as "not a database"): that is damage
/// too, since the key was already proven on opening.
pub(crate) fn problems(conn: &Connection) -> Result<Vec<String>> {
    match integrity_check(conn) {
        Ok(text) if text == "ok" => Ok(Vec::new()),
        Ok(text) => Ok(text.split("; ").map(str::to_owned).collect()),
        Err(Error::Database(e))
            if matches!(
                e.sqlite_error_code(),
                Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase)
            ) =>
        {
            Ok(vec![e.to_string()])
        }
        Err(e) => Err(e),
    }
}

fn corrupt(path: &Path, problems: &[String]) -> Error {
    let mut problem = problems
        .iter()
        .take(PROBLEMS_SHOWN)
        .cloned()
        .collect::<Vec<_>>()
        .join("; ");
    if problems.len() > PROBLEMS_SHOWN {
        problem.push_str(&format!("; … {} more", problems.len() - PROBLEMS_SHOWN));
    }
    Error::Corrupt {
        path: path.to_path_buf(),
        problem,
        backup: None,
    }
}

fn integrity_check(conn: &Connection) -> Result<String> {
    let mut statement = conn.prepare("PRAGMA integrity_check")?;
    let lines: Vec<String> = statement
        .query_map([], |row| row.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(lines.join("; "))
}

/// The schema version SQLite reads from the file behind `conn`.
pub(crate) fn user_version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |row| row.get(0))?)
}
