//! Encrypting, decrypting and changing the passphrase of a database, in place and safely.
//!
//! The data is exported into a new file beside the database (`sqlcipher_export` into an
//! attached database with the new key), the new file is verified (opened with its new key,
//! `integrity_check`, the same schema version, the same row count in every table), and only
//! then renamed over the original (see `swap` for the order with the key file). If anything
//! fails before the rename, the new file is removed and the original was never written to:
//! the only copy is never half-converted.

use super::file_check::{self, FileState};
use super::{integrity, swap};
use crate::fs::atomic;
use crate::reason::Reason;
use crate::store::keys::key_file::{KdfSettings, RawKey};
use crate::store::keys::passphrase::Passphrase;
use crate::store::{connect, remove_database_files, Access, Store, SCHEMA_VERSION};
use crate::{Error, Result};
use rusqlite::Connection;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What a conversion did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Conversion {
    pub path: PathBuf,
    /// Whether the database is encrypted now.
    pub encrypted: bool,
    pub tables: usize,
    pub rows: u64,
}

/// A failure to inject on purpose, so tests can show what a failure half-way leaves behind.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    None,
    /// The new file is written but its verification fails.
    FailVerification,
}

/// Encrypts the unencrypted database at `db` with `new`.
pub fn encrypt(db: &Path, new: &Passphrase) -> Result<Conversion> {
    convert_with_fault(db, None, Some(new), Fault::None)
}

/// Decrypts the encrypted database at `db`, opened with `current`.
pub fn decrypt(db: &Path, current: &Passphrase) -> Result<Conversion> {
    convert_with_fault(db, Some(current), None, Fault::None)
}

/// Re-encrypts the database at `db` under `new`, with a new random salt.
pub fn change_passphrase(db: &Path, current: &Passphrase, new: &Passphrase) -> Result<Conversion> {
    convert_with_fault(db, Some(current), Some(new), Fault::None)
}

#[doc(hidden)]
pub fn convert_with_fault(
    db: &Path,
    from: Option<&Passphrase>,
    to: Option<&Passphrase>,
    fault: Fault,
) -> Result<Conversion> {
    match (file_check::inspect(db, SCHEMA_VERSION)?, from) {
        (FileState::New, _) => {
            return Err(Error::Io {
                path: db.to_path_buf(),
                source: std::io::Error::new(std::io::ErrorKind::NotFound, "no database here"),
            })
        }
        (FileState::Plain, Some(_)) => {
            return Err(Error::NotEncrypted {
                path: db.to_path_buf(),
            })
        }
        (FileState::Encrypted(_), None) => {
            return Err(Error::AlreadyEncrypted {
                path: db.to_path_buf(),
            })
        }
        _ => {}
    }
    // Opening brings the schema up to date first, so the export is of what this app writes.
    let store = Store::open_with_passphrase(db, from)?;
    let new_kdf = to.map(|_| KdfSettings::generate()).transpose()?;
    let new_key = match (&new_kdf, to) {
        (Some(kdf), Some(passphrase)) => Some(kdf.derive(passphrase)?),
        _ => None,
    };

    let temp = atomic::sibling(db, "converting");
    let written = export(&store.conn, &temp, new_key.as_ref())
        .and_then(|()| verify(&store.conn, &temp, new_key.as_ref(), fault));
    let counts = match written {
        Ok(counts) => counts,
        Err(e) => {
            remove_database_files(&temp);
            return Err(e);
        }
    };
    let old_kdf = store.key.as_ref().map(|unlocked| unlocked.kdf.clone());
    let swapped = swap::release(store.conn, db)
        .and_then(|()| swap::replace(db, &temp, old_kdf.as_ref(), new_kdf.as_ref()));
    if let Err(e) = swapped {
        remove_database_files(&temp);
        return Err(e);
    }
    Ok(Conversion {
        path: db.to_path_buf(),
        encrypted: new_kdf.is_some(),
        tables: counts.len(),
        rows: counts.values().sum(),
    })
}

/// Copies every table, index, trigger and view into a new file keyed with `key` (none: plain).
fn export(conn: &Connection, temp: &Path, key: Option<&RawKey>) -> Result<()> {
    let temp_text = temp.to_str().ok_or_else(|| Error::Io {
        path: temp.to_path_buf(),
        source: std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "the folder's name is not valid Unicode",
        ),
    })?;
    let key_text = key.map(RawKey::sql_literal);
    let key_param: &str = key_text.as_ref().map_or("", |k| k.as_str());
    // ATTACH would create the file readable by everyone; made private first, it stays so.
    crate::store::create_private_if_missing(temp)?;
    conn.execute(
        "ATTACH DATABASE ?1 AS converted KEY ?2",
        [temp_text, key_param],
    )?;
    let exported = (|| -> Result<()> {
        conn.query_row("SELECT sqlcipher_export('converted')", [], |_| Ok(()))?;
        // sqlcipher_export copies the schema and rows, not the header's user_version.
        let version = integrity::user_version(conn)?;
        conn.pragma_update(Some("converted"), "user_version", version)?;
        Ok(())
    })();
    let detached = conn.execute("DETACH DATABASE converted", []);
    exported?;
    detached?;
    // The database is always in WAL mode (see `Store::open`): set it now, so that the first
    // open after the swap has no reason to write.
    connect(temp, key, Access::ReadWrite)?.pragma_update(None, "journal_mode", "WAL")?;
    Ok(())
}

/// Opens the new file as the user will (with its key), and compares it with the original.
fn verify(
    original: &Connection,
    temp: &Path,
    key: Option<&RawKey>,
    fault: Fault,
) -> Result<BTreeMap<String, u64>> {
    let failed = |reason: Reason| Error::VerificationFailed {
        path: temp.to_path_buf(),
        reason,
    };
    let copy = connect(temp, key, Access::ReadWrite)?;
    if fault == Fault::FailVerification {
        return Err(failed(Reason::said(
            "测试注入的故障",
            "failure injected by a test",
        )));
    }
    let problems = integrity::problems(&copy)?;
    if !problems.is_empty() {
        return Err(failed(Reason::system(format!(
            "integrity_check: {}",
            problems.join("; ")
        ))));
    }
    if integrity::user_version(&copy)? != integrity::user_version(original)? {
        return Err(failed(Reason::said(
            "结构版本不同",
            "schema version differs",
        )));
    }
    let expected = row_counts(original)?;
    let found = row_counts(&copy)?;
    if found != expected {
        return Err(failed(Reason::said("记录条数不同", "row counts differ")));
    }
    Ok(found)
}

/// Rows per table, tables by name.
fn row_counts(conn: &Connection) -> Result<BTreeMap<String, u64>> {
    let names: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
        )?
        .query_map([], |row| row.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    names
        .into_iter()
        .map(|name| {
            let quoted = name.replace('"', "\"\"");
            let count: i64 =
                conn.query_row(&format!("SELECT count(*) FROM \"{quoted}\""), [], |row| {
                    row.get(0)
                })?;
            Ok((name, count as u64))
        })
        .collect()
}
