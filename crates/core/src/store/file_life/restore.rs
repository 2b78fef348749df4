//! Putting a backup back in the database's place.
//!
//! The backup is verified first (ours, whole, not from a newer version); then the current
//! database is itself backed up into `backups/` (a damaged one, which SQLite may be unable to
//! read through, is copied byte for byte instead); then the backup is copied beside the
//! database, verified again, and renamed over it. Until that rename the current database is
//! untouched, and after it the old one is still in `backups/`.
//!
//! The restored database is encrypted exactly as the backup was, with the passphrase it was
//! taken with.

use super::backup;
use super::backups_folder::{new_backup_path, BackupKind};
use super::file_check::{self, FileState};
use super::integrity::{self, verify_backup_with};
use super::swap;
use crate::fs::atomic;
use crate::store::keys::key_file::key_file_path;
use crate::store::keys::passphrase::Passphrase;
use crate::store::{open_existing, remove_database_files, Access, Unlock, SCHEMA_VERSION};
use crate::{Error, Result};
use rusqlite::Connection;
use serde::Serialize;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RestoreReport {
    pub path: PathBuf,
    pub restored_from: PathBuf,
    /// Where the database as it was before now lies (none if there was no database).
    pub previous_saved_as: Option<PathBuf>,
    pub encrypted: bool,
    pub schema_version: i64,
}

/// Replaces the database at `db` with the backup `file`. `current` opens the database now at
/// `db`, `backup_passphrase` the backup (each only needed if that one is encrypted).
pub fn restore(
    db: &Path,
    file: &Path,
    current: Option<&Passphrase>,
    backup_passphrase: Option<&Passphrase>,
) -> Result<RestoreReport> {
    if same_file(db, file) {
        return Err(Error::NotABackup {
            path: file.to_path_buf(),
            reason: crate::reason::Reason::said(
                "它就是正在使用的数据库本身",
                "it is the database itself",
            ),
        });
    }
    let of_backup = backup_passphrase.map(Unlock::Passphrase);
    let schema_version = verify_backup_with(file, of_backup)?;
    let (source, source_key) = open_existing(file, of_backup, Access::ReadOnly)?;

    let state = file_check::inspect(db, SCHEMA_VERSION)?;
    let (current_conn, previous_saved_as) = save_current(db, &state, current)?;

    let temp = atomic::sibling(db, "restoring");
    let result = backup::copy_and_verify(&source, source_key.as_ref(), &temp)
        .and_then(|()| {
            drop(source);
            match current_conn {
                Some(conn) => swap::release(conn, db),
                None => set_aside_journals(db),
            }
        })
        .and_then(|()| {
            let old = match &state {
                FileState::Encrypted(key_file) => Some(&key_file.kdf),
                _ => None,
            };
            swap::replace(db, &temp, old, source_key.as_ref().map(|k| &k.kdf))
        });
    if let Err(e) = result {
        remove_database_files(&temp);
        return Err(e);
    }
    Ok(RestoreReport {
        path: db.to_path_buf(),
        restored_from: file.to_path_buf(),
        previous_saved_as,
        encrypted: source_key.is_some(),
        schema_version,
    })
}

/// Backs up the current database (if any) into `backups/`; returns the connection still open
/// on it, to be released just before the swap, and where the backup went.
fn save_current(
    db: &Path,
    state: &FileState,
    passphrase: Option<&Passphrase>,
) -> Result<(Option<Connection>, Option<PathBuf>)> {
    if matches!(state, FileState::New) {
        return Ok((None, None));
    }
    let target = new_backup_path(db, BackupKind::BeforeRestore)?;
    let opened = open_existing(db, passphrase.map(Unlock::Passphrase), Access::ReadWrite);
    let copied = opened.and_then(|(conn, key)| {
        backup::write_verified(&conn, key.as_ref(), &target)?;
        Ok(conn)
    });
    match copied {
        Ok(conn) => Ok((Some(conn), Some(target))),
        // Restoring is the way back from damage: keep the damaged file as it is, bytes and all.
        Err(e) if integrity::is_damage(&e) => {
            copy_raw(db, &target)?;
            Ok((None, Some(target)))
        }
        Err(e) => Err(e),
    }
}

/// Copies the database file, its `-wal` and its key file as they are, into private files
/// (`std::fs::copy` would copy the mode too, and an old database may be readable by others).
fn copy_raw(db: &Path, target: &Path) -> Result<()> {
    let copy = |from: &Path, to: &Path| -> Result<()> {
        if from.exists() {
            std::fs::File::open(from)
                .and_then(|mut source| {
                    let mut copy = crate::fs::private::create_file(to)?;
                    std::io::copy(&mut source, &mut copy)?;
                    copy.sync_all()
                })
                .map_err(|source| Error::Io {
                    path: to.to_path_buf(),
                    source,
                })?;
        }
        Ok(())
    };
    copy(&key_file_path(db), &key_file_path(target))?;
    copy(&with_suffix(db, "-wal"), &with_suffix(target, "-wal"))?;
    copy(db, target)
}

/// A damaged database that could not be opened leaves its `-wal` (already copied by
/// `copy_raw`); it must not be replayed into the restored file.
fn set_aside_journals(db: &Path) -> Result<()> {
    for suffix in ["-wal", "-shm"] {
        atomic::remove_if_exists(&with_suffix(db, suffix))?;
    }
    Ok(())
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(suffix);
    PathBuf::from(name)
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}
