//! The SQLite store: the one place that opens the database, its migrations, and its queries.
//!
//! Every connection is opened by [`connect`] here, so SQLCipher's key is always applied as the
//! first statement, before SQLite reads a page. A file that is not ours, or that a newer app
//! version wrote, is refused before SQLite writes a byte to it; so is an encrypted file opened
//! with a wrong passphrase or none, or with a remembered key that no longer fits it.
//!
//! Three jobs, three homes: the queries are the files here (one table or concept each);
//! `file_life` is the database file's life (local backups, rotation, restore, integrity,
//! encrypt/decrypt, the header check); `keys` is what opens an encrypted file (passphrase,
//! key file, remembered key). Backups on a WebDAV server are [`crate::webdav`].

mod acknowledgements;
mod balances;
mod contributions;
mod estimate_inputs;
mod exports;
mod file_life;
mod http_sources;
mod import_mappings;
mod imports;
mod keys;
mod manual;
mod migrate;
mod people_import;
mod profile_trash;
mod profiles;
mod settings;
mod sources;
mod sql_types;
mod sync_runs;
pub(crate) mod vault;

pub use acknowledgements::{is_fingerprint, Acknowledgement};
pub use contributions::{
    ContributionMonth, FieldChange, FieldValue, Revision, StoredContribution, WriteReport,
};
pub use file_life::backup::{auto_backup, Snapshot};
pub use file_life::backups_folder::{backup_dir, list_backups, BackupEntry, BackupKind};
pub use file_life::convert::{change_passphrase, decrypt, encrypt, Conversion};
#[doc(hidden)]
pub use file_life::convert::{convert_with_fault, Fault};
pub use file_life::integrity::{check, newest_good_backup, verify_backup, IntegrityReport};
pub use file_life::restore::{restore, RestoreReport};
pub use file_life::rotation::RotationPolicy;
pub use http_sources::{NewHttpSource, SavedHttpSource};
pub use import_mappings::{NewImportMapping, SavedMapping};
pub use imports::{ImportPlan, NewSource};
pub use keys::key_file::key_file_path;
pub(crate) use keys::key_file::{KdfSettings, RawKey};
pub use keys::passphrase::Passphrase;
pub use keys::remember::{forget, remember, remembered, remembered_entry_name, RememberedKey};
pub use migrate::{Migration, MIGRATIONS, SCHEMA_VERSION};
pub use people_import::PersonTarget;
pub use profile_trash::ProfileSnapshot;
pub use settings::SettingKey;

use crate::{Error, Result};
use file_life::file_check::{self, FileState};
use file_life::integrity;
use keys::key_file::{self, KeyFile};
use keys::remember;
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How long a writer waits for another process (the CLI beside the app) to finish.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: PathBuf,
    key: Option<Unlocked>,
}

/// Whether a database file is encrypted, as far as can be told without a passphrase.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EncryptionState {
    /// No database there yet: opening creates one (encrypted only if a passphrase is given).
    New,
    Plain,
    Encrypted,
}

/// Tells a caller whether to ask for a passphrase before opening. Refuses what `open` refuses
/// on sight: a file that is not a database, or one from a newer version.
pub fn encryption_state(path: &Path) -> Result<EncryptionState> {
    Ok(match file_check::inspect(path, SCHEMA_VERSION)? {
        FileState::New => EncryptionState::New,
        FileState::Plain => EncryptionState::Plain,
        FileState::Encrypted(_) => EncryptionState::Encrypted,
    })
}

/// The key an encrypted database was opened with, and the settings that derived it, so that
/// a backup can be written with the same key and its own copy of the key file.
#[derive(Clone)]
pub(crate) struct Unlocked {
    key: RawKey,
    kdf: KdfSettings,
}

impl std::fmt::Debug for Unlocked {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Unlocked(…)")
    }
}

/// What opens an encrypted database: the passphrase (the key derived through the key file),
/// or a key remembered on this computer (derived before, and bound to the key file's settings).
#[derive(Debug, Clone, Copy)]
pub(crate) enum Unlock<'a> {
    Passphrase(&'a Passphrase),
    Remembered(&'a RememberedKey),
}

impl Store {
    /// Opens (creating if needed) the unencrypted database at `path` and brings its schema up
    /// to date. An encrypted database is refused with [`Error::PassphraseRequired`].
    ///
    /// Refused, with the file left byte-for-byte untouched: a file that is not an SQLite
    /// database, and a database whose schema version is newer than this app knows.
    pub fn open(path: impl AsRef<Path>) -> Result<Store> {
        Self::open_with(path.as_ref(), None, MIGRATIONS)
    }

    /// As [`Store::open`], with the passphrase of an encrypted database. A passphrase given for
    /// a database that does not exist yet creates it encrypted; one given for an unencrypted
    /// database is refused ([`Error::NotEncrypted`]) rather than silently ignored.
    pub fn open_with_passphrase(
        path: impl AsRef<Path>,
        passphrase: Option<&Passphrase>,
    ) -> Result<Store> {
        Self::open_with(path.as_ref(), passphrase, MIGRATIONS)
    }

    /// As [`Store::open_with_passphrase`], with a key remembered on this computer (see
    /// [`remembered`]) instead of the passphrase: no key derivation, so no wait. The same
    /// checks and migrations run. Refused, with nothing read or changed:
    /// [`Error::RememberedKeyStale`] when the database's key file is no longer the one the key
    /// was derived through (its passphrase was changed, or it was decrypted or replaced), and
    /// [`Error::RememberedKeyInvalid`] when the key does not open it. Either way the caller
    /// should [`forget`] the key and ask for the passphrase. A remembered key never creates a
    /// database: where there is none, the error is [`Error::Io`] (not found).
    pub fn open_with_remembered(path: impl AsRef<Path>, key: &RememberedKey) -> Result<Store> {
        Self::open_unlocking(path.as_ref(), Some(Unlock::Remembered(key)), MIGRATIONS)
    }

    pub(crate) fn open_with(
        path: &Path,
        passphrase: Option<&Passphrase>,
        migrations: &[Migration],
    ) -> Result<Store> {
        Self::open_unlocking(path, passphrase.map(Unlock::Passphrase), migrations)
    }

    fn open_unlocking(
        path: &Path,
        with: Option<Unlock<'_>>,
        migrations: &[Migration],
    ) -> Result<Store> {
        Self::open_checked(path, with, migrations)
            .map_err(|e| integrity::with_way_back(e, path, with))
    }

    fn open_checked(
        path: &Path,
        with: Option<Unlock<'_>>,
        migrations: &[Migration],
    ) -> Result<Store> {
        let supported = migrate::latest(migrations);
        let state = file_check::inspect(path, supported)?;

        let (mut conn, key) = match (state, with) {
            (FileState::New | FileState::Plain, None) => {
                ensure_parent_dir(path)?;
                (connect(path, None, Access::Create)?, None)
            }
            (FileState::Plain, Some(Unlock::Passphrase(_))) => {
                return Err(Error::NotEncrypted {
                    path: path.to_path_buf(),
                })
            }
            // Decrypted since the key was remembered: there is no key to fit any more.
            (FileState::Plain, Some(Unlock::Remembered(_))) => {
                return Err(Error::RememberedKeyStale {
                    path: path.to_path_buf(),
                })
            }
            (FileState::Encrypted(_), None) => {
                return Err(Error::PassphraseRequired {
                    path: path.to_path_buf(),
                })
            }
            (FileState::Encrypted(key_file), Some(with)) => {
                // `Create` although the file exists: an ATTACH inherits the main file's open
                // flags, and `convert` attaches a file that does not exist yet.
                let (conn, unlocked) = unlock(path, &key_file, with, Access::Create)?;
                (conn, Some(unlocked))
            }
            // A remembered key opens; it never creates (nor makes a folder).
            (FileState::New, Some(Unlock::Remembered(_))) => {
                return Err(Error::Io {
                    path: path.to_path_buf(),
                    source: std::io::Error::new(std::io::ErrorKind::NotFound, "no database here"),
                })
            }
            (FileState::New, Some(Unlock::Passphrase(passphrase))) => {
                ensure_parent_dir(path)?;
                // The key file first: a crash before the database exists leaves only a key
                // file, which the next creation replaces.
                let kdf = KdfSettings::generate()?;
                let key = kdf.derive(passphrase)?;
                KeyFile::new(kdf.clone()).write(&key_file::key_file_path(path))?;
                let conn = connect(path, Some(&key), Access::Create)?;
                (conn, Some(Unlocked { key, kdf }))
            }
        };

        // Read before anything writes: the header check above can be stale when a newer app
        // left changes in the WAL (and an encrypted file has no readable header), and this
        // read is what SQLite itself believes.
        let found: i64 = conn
            .query_row("PRAGMA user_version", [], |row| row.get(0))
            .map_err(|e| open_error(path, e))?;
        if found > supported {
            return Err(Error::NewerSchema {
                path: path.to_path_buf(),
                found,
                supported,
            });
        }

        // WAL lets the app read while the CLI writes; FULL makes a committed import survive a
        // power cut, not only a crash.
        enable_wal(&conn).map_err(|e| open_error(path, e))?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;

        migrate::migrate(&mut conn, path, key.as_ref(), migrations)?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            key,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn is_encrypted(&self) -> bool {
        self.key.is_some()
    }

    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |row| row.get(0))?)
    }
}

/// How a connection may use its file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Access {
    /// Create the file if it is missing (only `Store::open` and new copies do).
    Create,
    ReadWrite,
    /// Checks and verification: never writes to the file.
    ReadOnly,
}

/// Opens a connection: THE place connections are made. With a key, `PRAGMA key` is the first
/// statement; then one read of `sqlite_master` proves the key (SQLCipher checks nothing until
/// it reads a page), so a wrong key fails here, before any query could see a half-read page.
pub(crate) fn connect(path: &Path, key: Option<&RawKey>, access: Access) -> Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_NO_MUTEX
        | match access {
            Access::Create => OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE,
            Access::ReadWrite => OpenFlags::SQLITE_OPEN_READ_WRITE,
            Access::ReadOnly => OpenFlags::SQLITE_OPEN_READ_ONLY,
        };
    if access == Access::Create {
        create_private_if_missing(path)?;
    }
    let conn = Connection::open_with_flags(path, flags).map_err(|e| open_error(path, e))?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    // SQLCipher logs failed decryption to stderr by default (process-wide): that would break
    // the CLI's one-line errors, and logs belong to the app, not to a library.
    conn.query_row("PRAGMA cipher_log_level = NONE", [], |_| Ok(()))?;
    if let Some(key) = key {
        conn.execute_batch(&key.pragma_key())
            .map_err(|e| open_error(path, e))?;
    }
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |row| {
        row.get::<_, i64>(0)
    })
    .map_err(|e| match (key, e.sqlite_error_code()) {
        (Some(_), Some(rusqlite::ErrorCode::NotADatabase)) => Error::WrongPassphrase {
            path: path.to_path_buf(),
        },
        _ => open_error(path, e),
    })?;
    Ok(conn)
}

/// Returns the connection that `with` opens. A passphrase is tried through each setting the
/// key file offers (see `key_file` on `previous`); a remembered key only through the setting
/// it is bound to (see `remember`). Settles a key file left with two settings by an
/// interrupted passphrase change onto the one that worked.
pub(crate) fn unlock(
    path: &Path,
    key_file: &KeyFile,
    with: Unlock<'_>,
    access: Access,
) -> Result<(Connection, Unlocked)> {
    let opened = match with {
        Unlock::Passphrase(passphrase) => {
            unlock_with_passphrase(path, key_file, passphrase, access)
        }
        Unlock::Remembered(remembered) => remember::unlock(path, key_file, remembered, access),
    }?;
    if key_file.previous.is_some() && access != Access::ReadOnly {
        KeyFile::new(opened.1.kdf.clone()).write(&key_file::key_file_path(path))?;
    }
    Ok(opened)
}

fn unlock_with_passphrase(
    path: &Path,
    key_file: &KeyFile,
    passphrase: &Passphrase,
    access: Access,
) -> Result<(Connection, Unlocked)> {
    for kdf in key_file.candidates() {
        let key = kdf.derive(passphrase)?;
        match connect(path, Some(&key), access) {
            Ok(conn) => {
                return Ok((
                    conn,
                    Unlocked {
                        key,
                        kdf: kdf.clone(),
                    },
                ))
            }
            Err(Error::WrongPassphrase { .. }) => continue,
            Err(e) => return Err(e),
        }
    }
    Err(Error::WrongPassphrase {
        path: path.to_path_buf(),
    })
}

/// Opens whatever is at `path` (a database or a backup) with `with` if it is encrypted,
/// without migrating or creating anything: for checks, copies and verification.
pub(crate) fn open_existing(
    path: &Path,
    with: Option<Unlock<'_>>,
    access: Access,
) -> Result<(Connection, Option<Unlocked>)> {
    match file_check::inspect(path, i64::MAX)? {
        FileState::New => Err(Error::Io {
            path: path.to_path_buf(),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such file"),
        }),
        // A plain file needs nothing (a plain backup of a since-encrypted database is still
        // a way back).
        FileState::Plain => Ok((connect(path, None, access)?, None)),
        FileState::Encrypted(key_file) => {
            let with = with.ok_or_else(|| Error::PassphraseRequired {
                path: path.to_path_buf(),
            })?;
            let (conn, unlocked) = unlock(path, &key_file, with, access)?;
            Ok((conn, Some(unlocked)))
        }
    }
}

/// SQLite would create a missing database file readable by everyone (0644 less the umask).
/// Created empty and private first (SQLite takes an empty file for a new database), it stays
/// private, and so do the `-wal`, `-shm` and `-journal` files, which SQLite creates with the
/// database file's mode. Another process creating the same file at the same moment is fine.
pub(crate) fn create_private_if_missing(path: &Path) -> Result<()> {
    match crate::fs::private::create_new_file(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(source) => Err(Error::Io {
            path: path.to_path_buf(),
            source,
        }),
    }
}

/// Creates the data folder, private (see `fs::private`), if it is missing.
fn ensure_parent_dir(path: &Path) -> Result<()> {
    match path.parent().filter(|p| !p.as_os_str().is_empty()) {
        Some(dir) => crate::fs::private::create_dir_all(dir).map_err(|source| Error::DataDir {
            path: dir.to_path_buf(),
            source,
        }),
        None => Ok(()),
    }
}

/// Switches the database to WAL, waiting up to [`BUSY_TIMEOUT`] for other connections.
///
/// The switch reads the header and then upgrades to a write lock; SQLite never calls the busy
/// handler for such an upgrade (it could deadlock), so when another connection is switching the
/// same new file at the same moment it answers `SQLITE_BUSY` at once. Retrying here is what
/// lets the app and the CLI open a brand-new database together.
fn enable_wal(conn: &Connection) -> rusqlite::Result<()> {
    let deadline = Instant::now() + BUSY_TIMEOUT;
    loop {
        match conn.pragma_update(None, "journal_mode", "WAL") {
            Err(e)
                if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy)
                    && Instant::now() < deadline =>
            {
                std::thread::sleep(Duration::from_millis(10));
            }
            result => return result,
        }
    }
}

/// SQLite's own words for the two ways opening fails that a user can act on.
fn open_error(path: &Path, error: rusqlite::Error) -> Error {
    match error.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) => Error::NotADatabase {
            path: path.to_path_buf(),
        },
        Some(rusqlite::ErrorCode::DatabaseCorrupt) => Error::Corrupt {
            path: path.to_path_buf(),
            problem: error.to_string(),
            backup: None,
        },
        Some(rusqlite::ErrorCode::CannotOpen | rusqlite::ErrorCode::ReadOnly) => Error::Io {
            path: path.to_path_buf(),
            source: std::io::Error::new(std::io::ErrorKind::PermissionDenied, error.to_string()),
        },
        _ => Error::Database(error),
    }
}

/// Removes a half-made database file and any journal SQLite left beside it. Best effort: it
/// runs on a path that is already failing.
pub(crate) fn remove_database_files(path: &Path) {
    for suffix in ["", "-journal", "-wal", "-shm"] {
        let mut name = path.as_os_str().to_os_string();
        name.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(name));
    }
}

/// The time stamp stored with every write: UTC, RFC 3339, to the second.
pub(crate) fn now_text() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}
