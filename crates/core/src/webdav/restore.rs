//! Restoring from the server: download an archive, open it with the backup passphrase, write
//! the database it holds beside the local one, verify it (`integrity_check`, ours, not from a
//! newer version), and only then hand it to the local restore, which keeps the current
//! database as a backup before replacing it. Until that last step nothing local is touched;
//! a cut-off download, a wrong passphrase or a damaged archive ends before it.

use super::archive::{self, OpenError};
use super::client::DavClient;
use super::error::WebDavError;
use super::names::parse_archive_name;
use crate::fs::atomic;
use crate::store::{self, key_file_path, Passphrase};
use crate::{Error, Result};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// The largest archive a restore downloads (it is held in memory): far above any family's
/// records, far below what would exhaust a laptop.
pub const MAX_ARCHIVE_BYTES: u64 = 1024 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WebDavRestoreReport {
    /// The archive restored.
    pub name: String,
    /// The database it replaced.
    pub path: PathBuf,
    /// Where the database as it was before now lies (none if there was none).
    pub previous_saved_as: Option<PathBuf>,
    /// The restored database is encrypted (with the passphrase it had when backed up).
    pub encrypted: bool,
    pub schema_version: i64,
    /// When the archive was made.
    pub created_at: String,
}

/// Downloads the archive `name` (only names of our archives are asked for).
pub async fn download_async(client: &DavClient, name: &str) -> Result<Vec<u8>> {
    if parse_archive_name(name).is_none() {
        return Err(WebDavError::UnknownBackup {
            name: name.to_string(),
        }
        .into());
    }
    Ok(client.get(name, MAX_ARCHIVE_BYTES).await?)
}

/// Opens the downloaded archive `name` with the backup passphrase. Nothing is written; the
/// caller learns whether the database inside is encrypted (and so needs its own passphrase).
pub fn open_archive(
    name: &str,
    bytes: &[u8],
    archive_passphrase: &Passphrase,
) -> Result<archive::Contents> {
    archive::open(bytes, archive_passphrase).map_err(|e| open_error(name, e))
}

/// [`open_archive`] then [`restore_contents`].
pub fn restore_archive(
    db: &Path,
    name: &str,
    bytes: &[u8],
    archive_passphrase: &Passphrase,
    current: Option<&Passphrase>,
    database_passphrase: Option<&Passphrase>,
) -> Result<WebDavRestoreReport> {
    let contents = open_archive(name, bytes, archive_passphrase)?;
    restore_contents(db, name, &contents, current, database_passphrase)
}

/// Restores the database at `db` from the opened archive `name`. `current` opens the
/// database now at `db` and `database_passphrase` the one in the archive, each only if that
/// one is encrypted.
pub fn restore_contents(
    db: &Path,
    name: &str,
    contents: &archive::Contents,
    current: Option<&Passphrase>,
    database_passphrase: Option<&Passphrase>,
) -> Result<WebDavRestoreReport> {
    if let Some(dir) = db.parent().filter(|d| !d.as_os_str().is_empty()) {
        crate::fs::private::create_dir_all(dir).map_err(|source| Error::DataDir {
            path: dir.to_path_buf(),
            source,
        })?;
    }
    let folder = atomic::sibling(db, "webdav-restore");
    crate::fs::private::create_dir(&folder).map_err(|source| Error::DataDir {
        path: folder.clone(),
        source,
    })?;
    let result = (|| {
        let copy = folder.join("restoring.db");
        write(&copy, &contents.database)?;
        if let Some(key_file) = &contents.key_file {
            write(&key_file_path(&copy), key_file)?;
        }
        let name_it = |e: Error| rename_paths(e, &copy, name);
        store::verify_backup(&copy, database_passphrase).map_err(name_it)?;
        store::restore(db, &copy, current, database_passphrase).map_err(name_it)
    })();
    let _ = std::fs::remove_dir_all(&folder);
    let report = result?;
    Ok(WebDavRestoreReport {
        name: name.to_string(),
        path: report.path,
        previous_saved_as: report.previous_saved_as,
        encrypted: report.encrypted,
        schema_version: report.schema_version,
        created_at: contents.created_at.clone(),
    })
}

fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    std::fs::write(path, bytes).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// An error about the temporary copy names the archive instead (the copy is gone by the time
/// the user reads it).
fn rename_paths(error: Error, copy: &Path, name: &str) -> Error {
    let archive = PathBuf::from(name);
    let swap = |path: PathBuf| if path == copy { archive.clone() } else { path };
    match error {
        Error::WrongPassphrase { path } => Error::WrongPassphrase { path: swap(path) },
        Error::PassphraseRequired { path } => Error::PassphraseRequired { path: swap(path) },
        Error::NotABackup { path, reason } => Error::NotABackup {
            path: swap(path),
            reason,
        },
        Error::Corrupt {
            path,
            problem,
            backup,
        } => Error::Corrupt {
            path: swap(path),
            problem,
            backup,
        },
        Error::NewerSchema {
            path,
            found,
            supported,
        } => Error::NewerSchema {
            path: swap(path),
            found,
            supported,
        },
        other => other,
    }
}

fn open_error(name: &str, error: OpenError) -> Error {
    let name = name.to_string();
    match error {
        OpenError::NotAnArchive => WebDavError::NotAnArchive { name },
        OpenError::NewerVersion { found } => WebDavError::NewerArchive { name, found },
        OpenError::Truncated { expected, found } => WebDavError::ArchiveTruncated {
            name,
            expected,
            found,
        },
        OpenError::WrongPassphrase => WebDavError::WrongBackupPassphrase { name },
        OpenError::Damaged { reason } | OpenError::Kdf { reason } => {
            WebDavError::ArchiveDamaged { name, reason }
        }
    }
    .into()
}
