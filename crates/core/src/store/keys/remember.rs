//! "Remember on this computer": the key of an encrypted database kept in the OS keyring, so
//! that it opens without the passphrase (and without Argon2's deliberate wait).
//!
//! What is kept is the raw SQLCipher key the passphrase derived, never the passphrase: the
//! passphrase may open other things too, and a key opens this database and nothing else. The
//! entry is named `db-key-` + SHA-256 of the database's absolute path (the keyring lists entry
//! names in the clear; a hash names no folder and no person), and holds one line:
//!
//! ```text
//! shebao-ledger-key/1 <fingerprint of the key file's settings, hex> <key, hex>
//! ```
//!
//! The fingerprint binds the key to the key file it was derived through (see `key_file`). A
//! passphrase change writes a new random salt, and decrypting removes the key file, so a key
//! remembered before either no longer matches and is refused as stale before SQLite is given
//! it. The caller then forgets it and asks for the passphrase. Who may use a remembered key,
//! and what that costs, is in docs/security.md.

use super::key_file::{KeyFile, RawKey, KEY_LEN};
use crate::reason::Reason;
use crate::secrets::{Secret, SecretError, SecretStore};
use crate::store::{connect, Access, Store, Unlocked};
use crate::{Error, Result};
use rusqlite::Connection;
use sha2::{Digest, Sha256};
use std::fmt;
use std::path::{Path, PathBuf};
use zeroize::Zeroizing;

/// Keyring entries of remembered database keys are named `db-key-<64 hex digits>`.
pub const ENTRY_PREFIX: &str = "db-key-";
/// The first word of an entry's value: what it is and the version of its layout.
const VALUE_TAG: &str = "shebao-ledger-key/1";
const VALUE_FAMILY: &str = "shebao-ledger-key/";
const FINGERPRINT_LEN: usize = 32;

/// A database key read back from the keyring, with the fingerprint of the key file settings it
/// was derived through. Wiped from memory when dropped; `Debug` never shows it.
#[derive(Clone)]
pub struct RememberedKey {
    key: RawKey,
    binding: [u8; FINGERPRINT_LEN],
}

impl fmt::Debug for RememberedKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("RememberedKey(…)")
    }
}

/// The keyring entry that holds the key remembered for the database at `db`. The same file
/// named by a relative path, through `..` or a symbolic link names the same entry.
pub fn remembered_entry_name(db: &Path) -> Result<String> {
    let path = canonical(db)?;
    let digest = Sha256::digest(path.as_os_str().as_encoded_bytes());
    let mut name = String::with_capacity(ENTRY_PREFIX.len() + 2 * digest.len());
    name.push_str(ENTRY_PREFIX);
    push_hex(&mut name, &digest);
    Ok(name)
}

/// Saves the key of the open encrypted `store` in `secrets`, replacing any key remembered for
/// its file before. Refused for an unencrypted store ([`Error::RememberNotEncrypted`]); a
/// machine without a keyring is [`Error::KeyringUnavailable`].
pub fn remember(store: &Store, secrets: &dyn SecretStore) -> Result<()> {
    let unlocked = store
        .key
        .as_ref()
        .ok_or_else(|| Error::RememberNotEncrypted {
            path: store.path().to_path_buf(),
        })?;
    let entry = remembered_entry_name(store.path())?;
    let value = encode(&unlocked.key, &unlocked.kdf.fingerprint());
    secrets.set(&entry, &value).map_err(keyring_error)
}

/// The key remembered for the database at `db`, if there is one. An entry that is not a key
/// this app wrote is [`Error::RememberedKeyInvalid`] (forget it). Whether the key still fits
/// the database is only known on opening it ([`Store::open_with_remembered`]).
pub fn remembered(db: &Path, secrets: &dyn SecretStore) -> Result<Option<RememberedKey>> {
    let entry = remembered_entry_name(db)?;
    match secrets.get(&entry).map_err(keyring_error)? {
        None => Ok(None),
        Some(value) => decode(&value)
            .map(Some)
            .map_err(|reason| Error::RememberedKeyInvalid {
                path: db.to_path_buf(),
                reason,
            }),
    }
}

/// Removes the key remembered for the database at `db`; returns whether there was one.
/// Forgetting where nothing is remembered is not an error.
pub fn forget(db: &Path, secrets: &dyn SecretStore) -> Result<bool> {
    let entry = remembered_entry_name(db)?;
    // Asked only to tell the caller; an entry that cannot even be read is deleted all the same.
    let there = matches!(secrets.get(&entry), Ok(Some(_)));
    secrets.delete(&entry).map_err(keyring_error)?;
    Ok(there)
}

/// Opens the encrypted database at `path` with a remembered key: only through the key file
/// setting the key is bound to, so a stale key is refused before SQLite sees it.
pub(crate) fn unlock(
    path: &Path,
    key_file: &KeyFile,
    remembered: &RememberedKey,
    access: Access,
) -> Result<(Connection, Unlocked)> {
    let stale = || Error::RememberedKeyStale {
        path: path.to_path_buf(),
    };
    let kdf = key_file
        .candidates()
        .find(|kdf| kdf.fingerprint() == remembered.binding)
        .ok_or_else(stale)?;
    match connect(path, Some(&remembered.key), access) {
        Ok(conn) => Ok((
            conn,
            Unlocked {
                key: remembered.key.clone(),
                kdf: kdf.clone(),
            },
        )),
        // Bound to the settings an interrupted passphrase change kept as `previous`, and the
        // database is already the new one: the passphrase was changed.
        Err(Error::WrongPassphrase { .. }) if *kdf != key_file.kdf => Err(stale()),
        // Bound to the current settings yet not opening: the entry was altered.
        Err(Error::WrongPassphrase { .. }) => Err(Error::RememberedKeyInvalid {
            path: path.to_path_buf(),
            reason: Reason::said("它打不开这个数据库", "it does not open the database"),
        }),
        Err(e) => Err(e),
    }
}

/// The absolute path with links resolved. Through the folder when the file is gone (forgetting
/// the key of a deleted database), and as it is when the folder is gone too.
fn canonical(db: &Path) -> Result<PathBuf> {
    if let Ok(path) = std::fs::canonicalize(db) {
        return Ok(path);
    }
    let absolute = std::path::absolute(db).map_err(|source| Error::Io {
        path: db.to_path_buf(),
        source,
    })?;
    Ok(match (absolute.parent(), absolute.file_name()) {
        (Some(dir), Some(name)) => std::fs::canonicalize(dir)
            .map(|dir| dir.join(name))
            .unwrap_or(absolute),
        _ => absolute,
    })
}

fn encode(key: &RawKey, binding: &[u8; FINGERPRINT_LEN]) -> Secret {
    // Sized up front, so the text holding the key is never reallocated (leaving a copy behind).
    let mut text = Zeroizing::new(String::with_capacity(
        VALUE_TAG.len() + 2 + 2 * (FINGERPRINT_LEN + KEY_LEN),
    ));
    text.push_str(VALUE_TAG);
    text.push(' ');
    push_hex(&mut text, binding);
    text.push(' ');
    push_hex(&mut text, key.as_bytes());
    Secret::new(std::mem::take(&mut *text))
}

fn decode(value: &Secret) -> std::result::Result<RememberedKey, Reason> {
    let not_ours = || {
        Reason::said(
            "钥匙串中的这一项不是本应用记住的密钥",
            "the keyring entry is not a key this app remembered",
        )
    };
    let mut words = value.expose().split(' ');
    let (Some(tag), Some(binding), Some(key), None) =
        (words.next(), words.next(), words.next(), words.next())
    else {
        return Err(not_ours());
    };
    if tag != VALUE_TAG {
        return Err(if tag.starts_with(VALUE_FAMILY) {
            Reason::said(
                "它是由更新版本的本应用记住的",
                "it was remembered by a newer version of the app",
            )
        } else {
            not_ours()
        });
    }
    let damaged = || Reason::said("钥匙串中的这一项已损坏", "the keyring entry is damaged");
    let mut fingerprint = [0u8; FINGERPRINT_LEN];
    fill_from_hex(binding, &mut fingerprint).ok_or_else(damaged)?;
    let mut bytes = Zeroizing::new([0u8; KEY_LEN]);
    fill_from_hex(key, bytes.as_mut()).ok_or_else(damaged)?;
    Ok(RememberedKey {
        key: RawKey::from_bytes(bytes),
        binding: fingerprint,
    })
}

fn keyring_error(error: SecretError) -> Error {
    match error {
        SecretError::Unavailable { reason } => Error::KeyringUnavailable { reason },
        SecretError::Failed { reason } => Error::KeyringFailed { reason },
    }
}

fn push_hex(text: &mut String, bytes: &[u8]) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    for byte in bytes {
        text.push(char::from(DIGITS[usize::from(byte >> 4)]));
        text.push(char::from(DIGITS[usize::from(byte & 0x0f)]));
    }
}

/// Fills `out` from exactly `2 * out.len()` hex digits, without an intermediate buffer.
fn fill_from_hex(text: &str, out: &mut [u8]) -> Option<()> {
    let digits = text.as_bytes();
    if digits.len() != 2 * out.len() {
        return None;
    }
    let value = |digit: u8| char::from(digit).to_digit(16).map(|v| v as u8);
    for (byte, pair) in out.iter_mut().zip(digits.chunks_exact(2)) {
        *byte = value(pair[0])? << 4 | value(pair[1])?;
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> RememberedKey {
        let mut bytes = Zeroizing::new([0u8; KEY_LEN]);
        for (i, byte) in bytes.iter_mut().enumerate() {
            *byte = (i * 7 + 3) as u8;
        }
        RememberedKey {
            key: RawKey::from_bytes(bytes),
            binding: [0xab; FINGERPRINT_LEN],
        }
    }

    #[test]
    fn a_key_round_trips_through_its_keyring_value_and_debug_never_shows_it() {
        let key = sample();
        let value = encode(&key.key, &key.binding);
        let text = value.expose();
        assert!(text.starts_with("shebao-ledger-key/1 abab"), "{text}");
        assert_eq!(text.len(), VALUE_TAG.len() + 2 + 128);
        let back = decode(&value).unwrap();
        assert_eq!(back.key.as_bytes(), key.key.as_bytes());
        assert_eq!(back.binding, key.binding);
        assert_eq!(format!("{back:?}"), "RememberedKey(…)");
    }

    #[test]
    fn a_value_that_is_not_a_key_of_ours_is_refused_with_a_reason() {
        let good = encode(&sample().key, &sample().binding)
            .expose()
            .to_string();
        let cases = [
            ("".to_string(), "not a key"),
            ("hunter2".to_string(), "not a key"),
            (good.replace("key/1", "key/2"), "newer version"),
            (good.replace("key/1", "other/1"), "not a key"),
            (format!("{good} extra"), "not a key"),
            (good[..good.len() - 2].to_string(), "damaged"),
            (good.replace(' ', "  "), "not a key"),
            (format!("{}zz", &good[..good.len() - 2]), "damaged"),
            (format!("{}é", &good[..good.len() - 2]), "damaged"),
        ];
        for (value, reason) in cases {
            let found = decode(&Secret::new(value.clone())).unwrap_err();
            assert!(found.to_string().contains(reason), "{value:?}: {found}");
        }
    }

    /// Through the same door as a passphrase: an older database is backed up and migrated, a
    /// newer one refused untouched.
    #[test]
    fn a_remembered_key_goes_through_the_same_checks_and_migrations() {
        use crate::store::{list_backups, Passphrase, MIGRATIONS, SCHEMA_VERSION};
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("shebao.db");
        let passphrase = Passphrase::new("升级也不用密码").unwrap();
        let keyring = crate::secrets::MemoryKeyring::default();
        let older = &MIGRATIONS[..MIGRATIONS.len() - 1];
        let store = Store::open_with(&db, Some(&passphrase), older).unwrap();
        assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION - 1);
        remember(&store, &keyring).unwrap();
        drop(store);

        let key = remembered(&db, &keyring).unwrap().unwrap();
        let store = Store::open_with_remembered(&db, &key).unwrap();
        assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
        let backups = list_backups(&db).unwrap();
        assert_eq!(backups.len(), 1, "backed up before the upgrade");
        crate::store::check(&backups[0].path, Some(&passphrase)).unwrap();

        store
            .conn
            .pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
        drop(store);
        let before = std::fs::read(&db).unwrap();
        let err = Store::open_with_remembered(&db, &key).unwrap_err();
        assert_eq!(err.code(), "newer_schema", "{err}");
        assert_eq!(std::fs::read(&db).unwrap(), before);
    }

    #[test]
    fn entry_names_name_the_file_not_the_spelling_and_not_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("shebao.db");
        std::fs::write(&db, b"").unwrap();
        let name = remembered_entry_name(&db).unwrap();
        assert!(name.starts_with(ENTRY_PREFIX));
        assert_eq!(name.len(), ENTRY_PREFIX.len() + 64);
        let folder = dir.path().file_name().unwrap().to_string_lossy();
        assert!(!name.contains(folder.as_ref()));

        let roundabout = dir.path().join("sub").join("..").join("shebao.db");
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        assert_eq!(remembered_entry_name(&roundabout).unwrap(), name);
        #[cfg(unix)]
        {
            let link = dir.path().join("link.db");
            std::os::unix::fs::symlink(&db, &link).unwrap();
            assert_eq!(remembered_entry_name(&link).unwrap(), name);
        }
        // A deleted file keeps its name, so its key can still be forgotten.
        std::fs::remove_file(&db).unwrap();
        assert_eq!(remembered_entry_name(&db).unwrap(), name);
        assert_ne!(
            remembered_entry_name(&dir.path().join("other.db")).unwrap(),
            name
        );
    }
}
