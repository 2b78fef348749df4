//! The SQLite store: the one place that opens the database, its migrations, and its queries.
//!
//! Every connection is opened by [`Store::open`], so encryption (SQLCipher) can be added in one
//! place later. A file that is not ours, or that a newer app version wrote, is refused before
//! SQLite writes a byte to it.

mod balances;
mod contributions;
mod exports;
mod file_check;
mod migrate;
mod profile_trash;
mod profiles;
mod settings;
mod sources;
mod sql_types;

pub use contributions::{Revision, StoredContribution, WriteReport};
pub use migrate::{Migration, MIGRATIONS, SCHEMA_VERSION};
pub use profile_trash::ProfileSnapshot;

use crate::{Error, Result};
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How long a writer waits for another process (the CLI beside the app) to finish.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    ///
    /// Refused, with the file left byte-for-byte untouched: a file that is not an SQLite
    /// database, and a database whose schema version is newer than this app knows.
    pub fn open(path: impl AsRef<Path>) -> Result<Store> {
        Self::open_with(path.as_ref(), MIGRATIONS)
    }

    pub(crate) fn open_with(path: &Path, migrations: &[Migration]) -> Result<Store> {
        let supported = migrate::latest(migrations);
        file_check::check_existing(path, supported)?;
        ensure_parent_dir(path)?;

        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut conn = Connection::open_with_flags(path, flags).map_err(|e| open_error(path, e))?;
        conn.busy_timeout(BUSY_TIMEOUT)?;

        // Read before anything writes: the header check above can be stale when a newer app
        // left changes in the WAL, and this read is what SQLite itself believes.
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
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(|e| open_error(path, e))?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;

        migrate::migrate(&mut conn, path, migrations)?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |row| row.get(0))?)
    }
}

fn ensure_parent_dir(path: &Path) -> Result<()> {
    match path.parent().filter(|p| !p.as_os_str().is_empty()) {
        Some(dir) => std::fs::create_dir_all(dir).map_err(|source| Error::DataDir {
            path: dir.to_path_buf(),
            source,
        }),
        None => Ok(()),
    }
}

/// SQLite's own words for the two ways opening fails that a user can act on.
fn open_error(path: &Path, error: rusqlite::Error) -> Error {
    match error.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) => Error::NotADatabase {
            path: path.to_path_buf(),
        },
        Some(rusqlite::ErrorCode::CannotOpen | rusqlite::ErrorCode::ReadOnly) => Error::Io {
            path: path.to_path_buf(),
            source: std::io::Error::new(std::io::ErrorKind::PermissionDenied, error.to_string()),
        },
        _ => Error::Database(error),
    }
}

/// The time stamp stored with every write: UTC, RFC 3339, to the second.
pub(crate) fn now_text() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}
