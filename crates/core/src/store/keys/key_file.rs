//! The key file beside an encrypted database (`shebao.db.salt`) and the key derived through it.
//!
//! SQLCipher is given a raw 256-bit key, derived from the passphrase with Argon2id and a random
//! salt. The salt and the Argon2 settings are not secret; they live in this small JSON file so
//! that they can change (a new salt on every passphrase change, stronger settings later) and so
//! that a file without SQLite's header can be told apart: with this file beside it, it is an
//! encrypted database; without it, it is not a database of ours. The passphrase is never written
//! anywhere, and the key only to the OS keyring when the user asks (see `remember`).
//!
//! `previous` makes a passphrase change crash-safe. The database file and this file cannot be
//! replaced in one atomic step, so a change first writes `{kdf: new, previous: old}`, then swaps
//! the database, then drops `previous`. Whichever database a crash leaves, one of the two
//! settings opens it.

use super::passphrase::Passphrase;
use crate::fs::atomic;
use crate::{Error, Result};
use serde::{Deserialize, Serialize};
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use zeroize::Zeroizing;

const FORMAT: &str = "shebao-ledger-key";
const FORMAT_VERSION: u32 = 1;
const ALGORITHM: &str = "argon2id";
/// Argon2 version 1.3, the only one argon2id is specified with (RFC 9106).
const ARGON2_VERSION: u32 = 0x13;
const SALT_LEN: usize = 16;
pub(crate) const KEY_LEN: usize = 32;

/// Settings for new keys: Argon2id with 64 MiB and 3 passes, RFC 9106's second recommended
/// choice for machines without much memory to spare (single lane: we run one derivation per
/// open, and single-threaded it takes a fraction of a second). Stored per file, so raising
/// them later does not lock anyone out.
const NEW_M_COST_KIB: u32 = 64 * 1024;
const NEW_T_COST: u32 = 3;
const NEW_P_COST: u32 = 1;

/// Bounds on settings read from a file, so a tampered key file cannot make an open run for hours
/// or ask for more memory than a laptop has.
const MAX_M_COST_KIB: u32 = 1024 * 1024;
const MAX_T_COST: u32 = 64;
const MAX_P_COST: u32 = 16;

/// `shebao.db` → `shebao.db.salt`, in the same folder.
pub fn key_file_path(db: &Path) -> PathBuf {
    let mut name: OsString = db.file_name().unwrap_or_default().to_os_string();
    name.push(".salt");
    db.with_file_name(name)
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct KeyFile {
    format: String,
    version: u32,
    pub(crate) kdf: KdfSettings,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) previous: Option<KdfSettings>,
}

/// How a key is derived from a passphrase: the algorithm, its costs and the salt (hex).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct KdfSettings {
    algorithm: String,
    version: u32,
    m_cost_kib: u32,
    t_cost: u32,
    p_cost: u32,
    salt: String,
}

/// The raw SQLCipher key. Wiped from memory when dropped.
#[derive(Clone)]
pub(crate) struct RawKey(Zeroizing<[u8; KEY_LEN]>);

impl KeyFile {
    pub(crate) fn new(kdf: KdfSettings) -> KeyFile {
        KeyFile {
            format: FORMAT.into(),
            version: FORMAT_VERSION,
            kdf,
            previous: None,
        }
    }

    /// Reads the key file; `None` when there is none.
    pub(crate) fn read(path: &Path) -> Result<Option<KeyFile>> {
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(damaged(path, e.to_string())),
        };
        let file: KeyFile = serde_json::from_slice(&bytes)
            .map_err(|e| damaged(path, format!("not a key file: {e}")))?;
        if file.format != FORMAT {
            return Err(damaged(path, format!("unknown format {:?}", file.format)));
        }
        if file.version > FORMAT_VERSION {
            return Err(damaged(
                path,
                format!(
                    "written by a newer app (format version {}, this one reads {FORMAT_VERSION})",
                    file.version
                ),
            ));
        }
        for kdf in std::iter::once(&file.kdf).chain(&file.previous) {
            kdf.check().map_err(|reason| damaged(path, reason))?;
        }
        Ok(Some(file))
    }

    pub(crate) fn write(&self, path: &Path) -> Result<()> {
        let mut text = serde_json::to_string_pretty(self).expect("serialisable");
        text.push('\n');
        atomic::write_atomic(path, text.as_bytes())
    }

    /// Settings to try, newest first (see the module note on `previous`).
    pub(crate) fn candidates(&self) -> impl Iterator<Item = &KdfSettings> {
        std::iter::once(&self.kdf).chain(&self.previous)
    }
}

impl KdfSettings {
    /// Fresh settings for a new key, with a salt from the operating system's random source.
    pub(crate) fn generate() -> Result<KdfSettings> {
        let mut salt = [0u8; SALT_LEN];
        getrandom::fill(&mut salt).map_err(|e| Error::Io {
            path: PathBuf::new(),
            source: std::io::Error::other(format!("no random numbers from the system: {e}")),
        })?;
        Ok(KdfSettings {
            algorithm: ALGORITHM.into(),
            version: ARGON2_VERSION,
            m_cost_kib: NEW_M_COST_KIB,
            t_cost: NEW_T_COST,
            p_cost: NEW_P_COST,
            salt: to_hex(&salt),
        })
    }

    /// Settings cheap enough for unit tests about formats rather than about guessing.
    #[cfg(test)]
    pub(crate) fn cheap_for_tests() -> KdfSettings {
        KdfSettings {
            m_cost_kib: 64,
            t_cost: 1,
            ..KdfSettings::generate().expect("random salt")
        }
    }

    /// Derives the raw key. Slow on purpose: that is what makes guessing expensive.
    pub(crate) fn derive(&self, passphrase: &Passphrase) -> Result<RawKey> {
        let salt = from_hex(&self.salt).expect("checked on read or made here");
        let params = argon2::Params::new(self.m_cost_kib, self.t_cost, self.p_cost, Some(KEY_LEN))
            .map_err(|e| Error::KeyFile {
                path: PathBuf::new(),
                reason: e.to_string(),
            })?;
        let argon =
            argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
        let mut key = Zeroizing::new([0u8; KEY_LEN]);
        argon
            .hash_password_into(passphrase.as_bytes(), &salt, key.as_mut())
            .map_err(|e| Error::KeyFile {
                path: PathBuf::new(),
                reason: e.to_string(),
            })?;
        Ok(RawKey(key))
    }

    /// SHA-256 of the settings, salt included: names one derivation without repeating it. A
    /// remembered key carries this, so that a key file with a new salt (a changed passphrase)
    /// is seen not to be the one the key was derived through.
    pub(crate) fn fingerprint(&self) -> [u8; 32] {
        use sha2::Digest;
        let text = serde_json::to_vec(self).expect("serialisable");
        sha2::Sha256::digest(text).into()
    }

    /// Refuses settings a tampered file could use to stall an open or exhaust memory.
    pub(crate) fn check(&self) -> std::result::Result<(), String> {
        if self.algorithm != ALGORITHM || self.version != ARGON2_VERSION {
            return Err(format!(
                "unknown key derivation {} v{}",
                self.algorithm, self.version
            ));
        }
        let in_range = (8..=MAX_M_COST_KIB).contains(&self.m_cost_kib)
            && (1..=MAX_T_COST).contains(&self.t_cost)
            && (1..=MAX_P_COST).contains(&self.p_cost);
        if !in_range {
            return Err("key derivation costs out of range".into());
        }
        match from_hex(&self.salt) {
            Some(salt) if salt.len() >= 8 => Ok(()),
            _ => Err("the salt is not hex of at least 8 bytes".into()),
        }
    }
}

impl RawKey {
    pub(crate) fn from_bytes(bytes: Zeroizing<[u8; KEY_LEN]>) -> RawKey {
        RawKey(bytes)
    }

    pub(crate) fn as_bytes(&self) -> &[u8; KEY_LEN] {
        &self.0
    }

    /// SQLCipher's spelling of a raw key, `x'…'`: given this, it skips its own PBKDF2, since
    /// Argon2 has already done the slow part.
    pub(crate) fn sql_literal(&self) -> Zeroizing<String> {
        self.hex_between("x'", "'")
    }

    /// The statement that keys a connection with this key.
    pub(crate) fn pragma_key(&self) -> Zeroizing<String> {
        self.hex_between("PRAGMA key = \"x'", "'\";")
    }

    /// The key in hex between `before` and `after`, written into one buffer of the final size:
    /// `format!` and a collected string grow by reallocating, and the blocks they leave behind
    /// would hold the key unwiped.
    fn hex_between(&self, before: &str, after: &str) -> Zeroizing<String> {
        const DIGITS: &[u8; 16] = b"0123456789abcdef";
        let mut text = Zeroizing::new(String::with_capacity(
            before.len() + 2 * KEY_LEN + after.len(),
        ));
        text.push_str(before);
        for byte in self.0.iter() {
            text.push(char::from(DIGITS[usize::from(byte >> 4)]));
            text.push(char::from(DIGITS[usize::from(byte & 0xf)]));
        }
        text.push_str(after);
        text
    }

    /// The key's bytes, for the one other cipher that uses a derived key (WebDAV archives).
    pub(crate) fn bytes(&self) -> &[u8; KEY_LEN] {
        &self.0
    }
}

fn damaged(path: &Path, reason: String) -> Error {
    Error::KeyFile {
        path: path.to_path_buf(),
        reason,
    }
}

fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn from_hex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pass(text: &str) -> Passphrase {
        Passphrase::new(text).unwrap()
    }

    /// Cheap settings: these tests are about the file and the derivation's inputs, not its cost.
    fn cheap(salt: &str) -> KdfSettings {
        KdfSettings {
            m_cost_kib: 64,
            t_cost: 1,
            salt: salt.into(),
            ..KdfSettings::generate().unwrap()
        }
    }

    #[test]
    fn key_file_sits_beside_the_database() {
        assert_eq!(
            key_file_path(Path::new("/data/shebao.db")),
            Path::new("/data/shebao.db.salt")
        );
    }

    #[test]
    fn every_new_key_file_has_its_own_random_salt() {
        let a = KdfSettings::generate().unwrap();
        let b = KdfSettings::generate().unwrap();
        assert_ne!(a.salt, b.salt);
        assert_eq!(from_hex(&a.salt).unwrap().len(), SALT_LEN);
    }

    #[test]
    fn the_key_depends_on_passphrase_and_salt_and_nothing_else() {
        let salt_a = "00112233445566778899aabbccddeeff";
        let salt_b = "ffeeddccbbaa99887766554433221100";
        let key = |salt, text| cheap(salt).derive(&pass(text)).unwrap().sql_literal();
        assert_eq!(*key(salt_a, "一二三"), *key(salt_a, "一二三"));
        assert_ne!(*key(salt_a, "一二三"), *key(salt_a, "一二四"));
        assert_ne!(*key(salt_a, "一二三"), *key(salt_b, "一二三"));
        let literal = key(salt_a, "一二三");
        assert!(literal.starts_with("x'") && literal.ends_with('\''));
        assert_eq!(literal.len(), 2 + 2 * KEY_LEN + 1);
    }

    #[test]
    fn the_key_in_sql_leaves_no_copy_behind() {
        let key = cheap("00112233445566778899aabbccddeeff")
            .derive(&pass("一二三"))
            .unwrap();
        // Half the key's hex: long enough to be no accident, short enough to catch a copy
        // left half-built in a string that grew.
        let hex: Vec<u8> = key.as_bytes()[..8]
            .iter()
            .flat_map(|b| format!("{b:02x}").into_bytes())
            .collect();
        assert!(!super::super::freed_memory::freed_holding(&hex, || {
            let literal = key.sql_literal();
            assert!(literal.contains(std::str::from_utf8(&hex).unwrap()));
        }));
        assert!(!super::super::freed_memory::freed_holding(&hex, || {
            let statement = key.pragma_key();
            assert!(statement.starts_with("PRAGMA key = \"x'"));
            assert!(statement.ends_with("'\";"));
        }));
    }

    #[test]
    fn the_fingerprint_changes_with_the_salt_and_the_costs() {
        let salt = "00112233445566778899aabbccddeeff";
        assert_eq!(cheap(salt).fingerprint(), cheap(salt).fingerprint());
        assert_ne!(
            cheap(salt).fingerprint(),
            cheap("ffeeddccbbaa99887766554433221100").fingerprint()
        );
        let costlier = KdfSettings {
            t_cost: 2,
            ..cheap(salt)
        };
        assert_ne!(cheap(salt).fingerprint(), costlier.fingerprint());
    }

    #[test]
    fn round_trips_through_the_file_and_refuses_damage() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("shebao.db.salt");
        assert_eq!(KeyFile::read(&path).unwrap(), None);

        let mut file = KeyFile::new(KdfSettings::generate().unwrap());
        file.previous = Some(KdfSettings::generate().unwrap());
        file.write(&path).unwrap();
        assert_eq!(KeyFile::read(&path).unwrap(), Some(file.clone()));
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temp left"
        );

        for bad in [
            "garbage".to_string(),
            serde_json::to_string(&file)
                .unwrap()
                .replace("argon2id", "pbkdf2"),
            serde_json::to_string(&file)
                .unwrap()
                .replace("key\",\"version\":1,", "key\",\"version\":9,"),
            serde_json::to_string(&file)
                .unwrap()
                .replace(&file.kdf.salt, "zz"),
            serde_json::to_string(&file)
                .unwrap()
                .replace("\"t_cost\":3", "\"t_cost\":100000"),
        ] {
            std::fs::write(&path, &bad).unwrap();
            let err = KeyFile::read(&path).unwrap_err();
            assert_eq!(err.code(), "key_file", "{bad}");
        }
    }
}
