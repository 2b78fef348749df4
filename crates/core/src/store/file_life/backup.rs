//! Backups: verified copies of the database made with SQLite's online backup API.
//!
//! A copy is written under a temporary name, checked with `integrity_check`, and only then
//! given its real name, so a file in `backups/` is always a whole, good database. A backup of
//! an encrypted database is encrypted with the same key and carries its own copy of the key
//! file (`….db.salt`): backups must not be the way around encryption.
//! Where they live and how they are named: `backups_folder`. Only automatic ones are rotated
//! (see [`RotationPolicy`]).

use super::backups_folder::{new_backup_path, BackupKind};
use super::integrity::{self, user_version};
use super::rotation::RotationPolicy;
use crate::fs::atomic;
use crate::store::keys::key_file::{key_file_path, KeyFile};
use crate::store::{connect, remove_database_files, Access, Store, Unlocked};
use crate::{Error, Result};
use chrono::{DateTime, Utc};
use rusqlite::Connection;
use std::path::{Path, PathBuf};

/// A verified copy of the database held in memory; see [`Store::snapshot`].
pub struct Snapshot {
    pub database: zeroize::Zeroizing<Vec<u8>>,
    /// The key file, when the database is encrypted: the copy opens with the same passphrase.
    pub key_file: Option<zeroize::Zeroizing<Vec<u8>>>,
    pub schema_version: i64,
    pub taken_at: DateTime<Utc>,
}

impl std::fmt::Debug for Snapshot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Snapshot")
            .field("database_len", &self.database.len())
            .field("encrypted", &self.key_file.is_some())
            .field("schema_version", &self.schema_version)
            .finish()
    }
}

/// Takes an automatic backup into `backups/`, then removes the automatic backups that the
/// default [`RotationPolicy`] no longer keeps.
///
/// THE way back from a write that goes wrong in content rather than in form (the wrong
/// person's file, a provider sending nonsense): every write that brings data from outside
/// calls it first, and only when the write would change something, so re-running an import or
/// a sync that changes nothing does not push useful backups out of the rotation. Callers:
/// [`crate::ingest::commit_reporting`] (every file import) and the provider sync. A failed
/// backup is an error for the caller to stop on: the write must not go ahead without it.
pub fn auto_backup(store: &Store) -> Result<PathBuf> {
    let path = store.backup_into_dir(BackupKind::Auto)?;
    RotationPolicy::default().apply(store.path(), Utc::now())?;
    Ok(path)
}

impl Store {
    /// Writes a verified copy of the database to `target`, which must not exist yet. An
    /// encrypted database's copy is encrypted with the same key, with `target.salt` beside it.
    pub fn backup_to(&self, target: &Path) -> Result<()> {
        write_verified(&self.conn, self.key.as_ref(), target)
    }

    /// The database as one verified, self-contained file in memory (with its key file when
    /// encrypted), for sending elsewhere (a WebDAV backup). The copy is made beside the
    /// database, as a local backup is, read, and removed.
    pub fn snapshot(&self) -> Result<Snapshot> {
        let folder = atomic::sibling(&self.path, "snapshot");
        crate::fs::private::create_dir(&folder).map_err(|source| Error::DataDir {
            path: folder.clone(),
            source,
        })?;
        let read = |path: &Path| {
            std::fs::read(path)
                .map(zeroize::Zeroizing::new)
                .map_err(|source| Error::Io {
                    path: path.to_path_buf(),
                    source,
                })
        };
        let copy = folder.join("snapshot.db");
        let result = self.backup_to(&copy).and_then(|()| {
            Ok(Snapshot {
                database: read(&copy)?,
                key_file: match self.key {
                    Some(_) => Some(read(&key_file_path(&copy))?),
                    None => None,
                },
                schema_version: self.schema_version()?,
                taken_at: Utc::now(),
            })
        });
        let _ = std::fs::remove_dir_all(&folder);
        result
    }

    /// Writes a verified copy into `backups/` beside the database, named by kind and time.
    pub fn backup_into_dir(&self, kind: BackupKind) -> Result<PathBuf> {
        let target = new_backup_path(&self.path, kind)?;
        self.backup_to(&target)?;
        Ok(target)
    }
}

/// Copies the database behind `conn` to `target` through a temporary file, verifies the copy,
/// and only then names it `target` (and writes its key file first, if encrypted).
pub(crate) fn write_verified(
    conn: &Connection,
    key: Option<&Unlocked>,
    target: &Path,
) -> Result<()> {
    if target.exists() {
        return Err(Error::Io {
            path: target.to_path_buf(),
            source: std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                "a file is already there; choose another name",
            ),
        });
    }
    if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
        crate::fs::private::create_dir_all(dir).map_err(|source| Error::DataDir {
            path: dir.to_path_buf(),
            source,
        })?;
    }
    let temp = atomic::sibling(target, "writing");
    let result = copy_and_verify(conn, key, &temp).and_then(|()| {
        if let Some(unlocked) = key {
            KeyFile::new(unlocked.kdf.clone()).write(&key_file_path(target))?;
        }
        atomic::rename(&temp, target)
    });
    if result.is_err() {
        remove_database_files(&temp);
    }
    result
}

pub(crate) fn copy_and_verify(
    conn: &Connection,
    key: Option<&Unlocked>,
    temp: &Path,
) -> Result<()> {
    let raw = key.map(|unlocked| &unlocked.key);
    {
        let mut copy = connect(temp, raw, Access::Create)?;
        copy_all_pages(conn, &mut copy)?;
        // A backup is one self-contained file: no -wal beside it to lose when it is copied.
        copy.pragma_update(None, "journal_mode", "DELETE")?;
    }
    let expected = user_version(conn)?;
    let copy = connect(temp, raw, Access::ReadWrite)?;
    let problems = integrity::problems(&copy)?;
    if !problems.is_empty() {
        return Err(Error::VerificationFailed {
            path: temp.to_path_buf(),
            reason: crate::reason::Reason::system(format!(
                "integrity_check: {}",
                problems.join("; ")
            )),
        });
    }
    if user_version(&copy)? != expected {
        return Err(Error::VerificationFailed {
            path: temp.to_path_buf(),
            reason: crate::reason::Reason::said(
                "结构版本与原文件不同",
                "schema version differs from the original",
            ),
        });
    }
    Ok(())
}

/// SQLite's online backup, all pages in one step: the copy is one consistent snapshot even
/// while another process writes (a stepwise copy restarts whenever the source changes).
fn copy_all_pages(from: &Connection, to: &mut Connection) -> Result<()> {
    use rusqlite::backup::{Backup, StepResult};
    const RETRY: std::time::Duration = std::time::Duration::from_millis(20);
    const ATTEMPTS: u32 = 500; // ten seconds, as the busy timeout
    let backup = Backup::new(from, to)?;
    for _ in 0..ATTEMPTS {
        match backup.step(-1)? {
            StepResult::Done => return Ok(()),
            StepResult::More => continue,
            StepResult::Busy | StepResult::Locked => std::thread::sleep(RETRY),
            _ => std::thread::sleep(RETRY),
        }
    }
    Err(Error::Database(rusqlite::Error::SqliteFailure(
        rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
        Some("the database stayed busy during the backup".into()),
    )))
}
