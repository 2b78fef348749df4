//! Putting a verified new database file in the place of the current one.
//!
//! The database and its key file are two files, and no file system replaces two files in one
//! step. So the order is chosen such that every state a crash can leave opens with a passphrase
//! the user knows (the file header decides whether the key file counts, see `file_check`):
//!
//! | change | step 1 | step 2 | step 3 |
//! |---|---|---|---|
//! | plain → encrypted | write key file (plain db ignores it) | rename db | — |
//! | encrypted → plain | rename db (the key file is now ignored) | remove key file | — |
//! | key A → key B | key file {B, previous A} | rename db | key file {B} |

use crate::fs::atomic;
use crate::store::keys::key_file::{key_file_path, KdfSettings, KeyFile};
use crate::{Error, Result};
use rusqlite::Connection;
use std::path::Path;

/// Takes the current database out of WAL mode and closes it, so no `-wal` file is left to be
/// replayed into the new file after the swap. Leaving WAL needs the only connection to the
/// file: if another program has it open, this fails and nothing is swapped.
pub(crate) fn release(conn: Connection, db: &Path) -> Result<()> {
    let in_use = || Error::InUse {
        path: db.to_path_buf(),
    };
    let mode: String = conn
        .query_row("PRAGMA journal_mode = DELETE", [], |row| row.get(0))
        .map_err(|e| match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => {
                in_use()
            }
            _ => Error::Database(e),
        })?;
    if !mode.eq_ignore_ascii_case("delete") {
        return Err(in_use());
    }
    conn.close().map_err(|(_, e)| Error::Database(e))?;
    let mut wal = db.as_os_str().to_os_string();
    wal.push("-wal");
    if Path::new(&wal).exists() {
        return Err(in_use());
    }
    Ok(())
}

/// Renames `new_file` over `db`, keeping the key file in step (see the table above).
/// `old` and `new` are the key settings of the current and the new file (`None`: plain).
pub(crate) fn replace(
    db: &Path,
    new_file: &Path,
    old: Option<&KdfSettings>,
    new: Option<&KdfSettings>,
) -> Result<()> {
    let key_path = key_file_path(db);
    match (old, new) {
        (_, None) => {
            atomic::rename(new_file, db)?;
            atomic::remove_if_exists(&key_path)
        }
        (None, Some(new)) => {
            KeyFile::new(new.clone()).write(&key_path)?;
            atomic::rename(new_file, db).inspect_err(|_| {
                // Harmless if it stayed (the plain header wins), but tidy.
                let _ = atomic::remove_if_exists(&key_path);
            })
        }
        (Some(old), Some(new)) => {
            let mut both = KeyFile::new(new.clone());
            both.previous = Some(old.clone());
            both.write(&key_path)?;
            atomic::rename(new_file, db).inspect_err(|_| {
                // The old key still opens the old file through `previous`; make it the only one.
                let _ = KeyFile::new(old.clone()).write(&key_path);
            })?;
            KeyFile::new(new.clone()).write(&key_path)
        }
    }
}
