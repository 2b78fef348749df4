//! The backup archive sent to a WebDAV server: the database (and its key file, if it is
//! encrypted) sealed with a key derived from the backup passphrase. docs/webdav.md describes
//! the format byte by byte; in short:
//!
//! ```text
//! "SHEBAOBK"  version (u16 LE)  header length H (u32 LE)  header (H bytes of JSON)  sealed payload
//! ```
//!
//! The header holds the Argon2id settings and salt (the same KDF as the database's key file),
//! the two nonces, a passphrase check and the sealed payload's exact length. The payload is
//! sealed with XChaCha20-Poly1305 and everything before it as associated data, so a changed
//! header byte fails the seal as surely as a changed payload byte.
//!
//! The check is the tag of an empty message sealed with the same key: it tells a wrong
//! passphrase apart from a damaged archive, and the payload length tells a truncated one
//! apart from both, before anything is decrypted. The server, which holds the archive, learns
//! nothing but its size.

use crate::store::{KdfSettings, Passphrase, RawKey, Snapshot};
use crate::{Error, Result};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use zeroize::Zeroizing;

pub const MAGIC: &[u8; 8] = b"SHEBAOBK";
pub const FORMAT_VERSION: u16 = 1;
/// Magic, version and header length.
const PREAMBLE_LEN: usize = 8 + 2 + 4;
const NONCE_LEN: usize = 24;
const TAG_LEN: usize = 16;
/// A header is a few hundred bytes; anything much larger is not ours.
const MAX_HEADER_LEN: usize = 64 * 1024;
/// The most Argon2 work an archive's header may ask of a restore. The app seals with 64 MiB,
/// 3 passes and 1 lane; these caps leave room for a later version to raise that, and hold a
/// hostile server's archive to a few seconds and 256 MiB (the key file's own caps, meant for a
/// file on this computer, allow 1 GiB and 64 passes: minutes of work a server must not be
/// able to ask for). Checked on the header's numbers before anything is derived or allocated.
const MAX_M_COST_KIB: u32 = 256 * 1024;
const MAX_T_COST: u32 = 8;
const MAX_P_COST: u32 = 4;

/// What the passphrase check seals (nothing) is bound to this, so it can never be confused
/// with a payload.
const CHECK_AAD: &[u8] = b"shebao-ledger backup passphrase check v1";
const MANIFEST_FORMAT: &str = "shebao-ledger-backup";

/// Why an archive could not be opened. The caller names the archive in its error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OpenError {
    /// It does not start with [`MAGIC`].
    NotAnArchive,
    /// A format version this app does not read.
    NewerVersion { found: u16 },
    /// Shorter than its header says: a cut-off upload or download.
    Truncated { expected: u64, found: u64 },
    /// The passphrase check failed: the passphrase is not the one it was sealed with.
    WrongPassphrase,
    /// Anything else: a header that does not parse, a payload that fails its seal, a manifest
    /// that does not add up.
    Damaged { reason: String },
    /// The key could not be derived (the settings passed the check, so this is rare).
    Kdf { reason: String },
}

/// What an archive holds.
#[derive(Clone, PartialEq, Eq)]
pub struct Contents {
    /// The database file: a whole, self-contained SQLite (or SQLCipher) file.
    pub database: Zeroizing<Vec<u8>>,
    /// Its key file, when the database is encrypted with SQLCipher.
    pub key_file: Option<Zeroizing<Vec<u8>>>,
    /// When the archive was made (UTC, RFC 3339).
    pub created_at: String,
    pub schema_version: i64,
}

impl std::fmt::Debug for Contents {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Contents")
            .field("database_len", &self.database.len())
            .field("encrypted", &self.key_file.is_some())
            .field("created_at", &self.created_at)
            .field("schema_version", &self.schema_version)
            .finish()
    }
}

impl From<Snapshot> for Contents {
    fn from(snapshot: Snapshot) -> Contents {
        Contents {
            database: snapshot.database,
            key_file: snapshot.key_file,
            created_at: snapshot
                .taken_at
                .to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            schema_version: snapshot.schema_version,
        }
    }
}

#[derive(Debug, Serialize, Deserialize)]
struct Header {
    kdf: KdfSettings,
    /// Hex, 24 bytes each.
    nonce: String,
    check_nonce: String,
    /// Hex: the tag of the empty message sealed with `check_nonce`.
    check: String,
    /// Length of the sealed payload, tag included.
    payload_len: u64,
}

/// The header's Argon2 costs, read on their own so they are capped here, whatever the key
/// file's rules.
#[derive(Debug, Deserialize)]
struct HeaderCosts {
    kdf: KdfCosts,
}

#[derive(Debug, Deserialize)]
struct KdfCosts {
    m_cost_kib: u32,
    t_cost: u32,
    p_cost: u32,
}

impl KdfCosts {
    fn check(&self) -> std::result::Result<(), OpenError> {
        let within = self.m_cost_kib <= MAX_M_COST_KIB
            && self.t_cost <= MAX_T_COST
            && self.p_cost <= MAX_P_COST;
        if within {
            Ok(())
        } else {
            Err(damaged(format!(
                "its header asks for Argon2 costs of {} KiB, {} passes and {} lanes, above the {MAX_M_COST_KIB} KiB, {MAX_T_COST} passes and {MAX_P_COST} lanes an archive may ask for",
                self.m_cost_kib, self.t_cost, self.p_cost
            )))
        }
    }
}

#[derive(Debug, Serialize, Deserialize)]
struct Manifest {
    format: String,
    version: u16,
    created_at: String,
    schema_version: i64,
    database_len: u64,
    /// 0 when the database is not encrypted.
    key_file_len: u64,
}

/// Seals `contents` with a key derived from `passphrase` with fresh Argon2id settings.
pub fn seal(contents: &Contents, passphrase: &Passphrase) -> Result<Vec<u8>> {
    seal_with(contents, passphrase, KdfSettings::generate()?)
}

pub(crate) fn seal_with(
    contents: &Contents,
    passphrase: &Passphrase,
    kdf: KdfSettings,
) -> Result<Vec<u8>> {
    let key = kdf.derive(passphrase)?;
    let cipher = cipher(&key);
    let nonce = random_nonce()?;
    let check_nonce = random_nonce()?;
    let check = cipher
        .encrypt(
            &XNonce::from(check_nonce),
            Payload {
                msg: &[],
                aad: CHECK_AAD,
            },
        )
        .map_err(|_| sealing_failed())?;

    let plain = payload(contents);
    let header = Header {
        kdf,
        nonce: hex(&nonce),
        check_nonce: hex(&check_nonce),
        check: hex(&check),
        payload_len: (plain.len() + TAG_LEN) as u64,
    };
    let header_json = serde_json::to_vec(&header).expect("serialisable");
    let mut archive = Vec::with_capacity(PREAMBLE_LEN + header_json.len() + plain.len() + TAG_LEN);
    archive.extend_from_slice(MAGIC);
    archive.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    archive.extend_from_slice(&(header_json.len() as u32).to_le_bytes());
    archive.extend_from_slice(&header_json);
    let sealed = cipher
        .encrypt(
            &XNonce::from(nonce),
            Payload {
                msg: &plain,
                aad: &archive,
            },
        )
        .map_err(|_| sealing_failed())?;
    archive.extend_from_slice(&sealed);
    Ok(archive)
}

/// Opens an archive made by [`seal`]. Every way it can fail is an [`OpenError`]; nothing
/// here panics, whatever the bytes.
pub fn open(archive: &[u8], passphrase: &Passphrase) -> std::result::Result<Contents, OpenError> {
    let (header, body_start) = read_header(archive)?;
    let expected = body_start as u64 + header.payload_len;
    let found = archive.len() as u64;
    if found < expected {
        return Err(OpenError::Truncated { expected, found });
    }
    if found > expected {
        return Err(damaged(format!(
            "{} bytes more than its header says",
            found - expected
        )));
    }
    if let Err(reason) = header.kdf.check() {
        return Err(damaged(reason));
    }
    let nonce = nonce_of(&header.nonce)?;
    let check_nonce = nonce_of(&header.check_nonce)?;
    let check = unhex(&header.check).ok_or_else(|| damaged("the check is not hex".into()))?;

    let key = header.kdf.derive(passphrase).map_err(|e| OpenError::Kdf {
        reason: e.to_string(),
    })?;
    let cipher = cipher(&key);
    cipher
        .decrypt(
            &XNonce::from(check_nonce),
            Payload {
                msg: &check,
                aad: CHECK_AAD,
            },
        )
        .map_err(|_| OpenError::WrongPassphrase)?;
    let plain = Zeroizing::new(
        cipher
            .decrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: &archive[body_start..],
                    aad: &archive[..body_start],
                },
            )
            .map_err(|_| damaged("the contents fail their seal: changed or damaged".into()))?,
    );
    read_payload(&plain)
}

/// Whether `bytes` start like an archive (for telling a stray file apart).
pub fn looks_like_archive(bytes: &[u8]) -> bool {
    bytes.starts_with(MAGIC)
}

/// The payload: manifest length (u32 LE), manifest JSON, database bytes, key file bytes.
fn payload(contents: &Contents) -> Zeroizing<Vec<u8>> {
    let key_file: &[u8] = contents.key_file.as_deref().map_or(&[], |k| k.as_slice());
    let manifest = Manifest {
        format: MANIFEST_FORMAT.into(),
        version: FORMAT_VERSION,
        created_at: contents.created_at.clone(),
        schema_version: contents.schema_version,
        database_len: contents.database.len() as u64,
        key_file_len: key_file.len() as u64,
    };
    let manifest = serde_json::to_vec(&manifest).expect("serialisable");
    let mut plain = Zeroizing::new(Vec::with_capacity(
        4 + manifest.len() + contents.database.len() + key_file.len(),
    ));
    plain.extend_from_slice(&(manifest.len() as u32).to_le_bytes());
    plain.extend_from_slice(&manifest);
    plain.extend_from_slice(&contents.database);
    plain.extend_from_slice(key_file);
    plain
}

fn read_payload(plain: &[u8]) -> std::result::Result<Contents, OpenError> {
    let manifest_len = plain
        .get(..4)
        .map(|b| u32::from_le_bytes(b.try_into().expect("4 bytes")) as usize)
        .ok_or_else(|| damaged("no manifest".into()))?;
    let manifest: Manifest = plain
        .get(4..4usize.saturating_add(manifest_len))
        .and_then(|bytes| serde_json::from_slice(bytes).ok())
        .ok_or_else(|| damaged("the manifest is unreadable".into()))?;
    if manifest.format != MANIFEST_FORMAT || manifest.version > FORMAT_VERSION {
        return Err(damaged(format!(
            "unknown manifest {:?} v{}",
            manifest.format, manifest.version
        )));
    }
    let rest = &plain[4 + manifest_len..];
    let sizes_add_up = manifest
        .database_len
        .checked_add(manifest.key_file_len)
        .is_some_and(|total| total == rest.len() as u64);
    if !sizes_add_up || manifest.database_len == 0 {
        return Err(damaged(
            "the manifest's sizes do not match its contents".into(),
        ));
    }
    let (database, key_file) = rest.split_at(manifest.database_len as usize);
    Ok(Contents {
        database: Zeroizing::new(database.to_vec()),
        key_file: (!key_file.is_empty()).then(|| Zeroizing::new(key_file.to_vec())),
        created_at: manifest.created_at,
        schema_version: manifest.schema_version,
    })
}

fn read_header(archive: &[u8]) -> std::result::Result<(Header, usize), OpenError> {
    if !archive.starts_with(MAGIC) {
        return Err(OpenError::NotAnArchive);
    }
    let preamble = archive.get(..PREAMBLE_LEN).ok_or(OpenError::Truncated {
        expected: PREAMBLE_LEN as u64,
        found: archive.len() as u64,
    })?;
    let version = u16::from_le_bytes([preamble[8], preamble[9]]);
    if version > FORMAT_VERSION || version == 0 {
        return Err(OpenError::NewerVersion { found: version });
    }
    let header_len = u32::from_le_bytes(preamble[10..14].try_into().expect("4 bytes")) as usize;
    if header_len > MAX_HEADER_LEN {
        return Err(damaged(format!("a header of {header_len} bytes")));
    }
    let body_start = PREAMBLE_LEN + header_len;
    let header_bytes = archive
        .get(PREAMBLE_LEN..body_start)
        .ok_or(OpenError::Truncated {
            expected: body_start as u64,
            found: archive.len() as u64,
        })?;
    let header: Header = serde_json::from_slice(header_bytes)
        .map_err(|e| damaged(format!("the header is unreadable: {e}")))?;
    serde_json::from_slice::<HeaderCosts>(header_bytes)
        .map_err(|e| damaged(format!("the header is unreadable: {e}")))?
        .kdf
        .check()?;
    if header.payload_len < TAG_LEN as u64 {
        return Err(damaged("the header gives no room for the contents".into()));
    }
    Ok((header, body_start))
}

fn cipher(key: &RawKey) -> XChaCha20Poly1305 {
    XChaCha20Poly1305::new(key.bytes().into())
}

fn random_nonce() -> Result<[u8; NONCE_LEN]> {
    let mut nonce = [0u8; NONCE_LEN];
    getrandom::fill(&mut nonce).map_err(|e| Error::Io {
        path: PathBuf::new(),
        source: std::io::Error::other(format!("no random numbers from the system: {e}")),
    })?;
    Ok(nonce)
}

fn nonce_of(text: &str) -> std::result::Result<[u8; NONCE_LEN], OpenError> {
    unhex(text)
        .and_then(|bytes| bytes.try_into().ok())
        .ok_or_else(|| damaged("a nonce is not 24 bytes of hex".into()))
}

fn sealing_failed() -> Error {
    Error::Io {
        path: PathBuf::new(),
        source: std::io::Error::other("the archive could not be sealed"),
    }
}

fn damaged(reason: String) -> OpenError {
    OpenError::Damaged { reason }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) || !text.is_ascii() {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pass(text: &str) -> Passphrase {
        Passphrase::new(text).unwrap()
    }

    fn contents(encrypted: bool) -> Contents {
        Contents {
            database: Zeroizing::new(b"SQLite format 3\0 and then some pages".to_vec()),
            key_file: encrypted
                .then(|| Zeroizing::new(br#"{"format":"shebao-ledger-key"}"#.to_vec())),
            created_at: "2026-11-29T03:30:00Z".into(),
            schema_version: 6,
        }
    }

    /// Cheap Argon2 settings: these tests are about the format, not the cost of guessing.
    fn sealed(contents: &Contents, passphrase: &str) -> Vec<u8> {
        seal_with(contents, &pass(passphrase), KdfSettings::cheap_for_tests()).unwrap()
    }

    #[test]
    fn round_trips_with_and_without_a_key_file() {
        for encrypted in [false, true] {
            let original = contents(encrypted);
            let archive = sealed(&original, "备份口令 backup");
            assert!(archive.starts_with(MAGIC));
            assert!(looks_like_archive(&archive));
            let opened = open(&archive, &pass("备份口令 backup")).unwrap();
            assert!(opened == original, "{opened:?}");
        }
    }

    #[test]
    fn the_contents_do_not_appear_in_the_archive() {
        let archive = sealed(&contents(false), "pw");
        let needle = b"SQLite format 3";
        assert!(!archive.windows(needle.len()).any(|w| w == needle));
        // Two archives of the same data differ everywhere after the preamble (fresh salt
        // and nonces).
        assert_ne!(sealed(&contents(false), "pw")[40..], archive[40..]);
    }

    #[test]
    fn a_wrong_passphrase_is_told_apart_from_damage_and_truncation() {
        let archive = sealed(&contents(true), "right");
        assert_eq!(
            open(&archive, &pass("wrong")).unwrap_err(),
            OpenError::WrongPassphrase
        );

        let mut flipped = archive.clone();
        let last = flipped.len() - 1;
        flipped[last] ^= 1;
        assert!(matches!(
            open(&flipped, &pass("right")).unwrap_err(),
            OpenError::Damaged { .. }
        ));

        for cut in [archive.len() - 1, archive.len() / 2, 20] {
            match open(&archive[..cut], &pass("right")).unwrap_err() {
                OpenError::Truncated { expected, found } => {
                    assert_eq!(found, cut as u64);
                    assert!(expected > found);
                }
                other => panic!("cut at {cut}: {other:?}"),
            }
        }
        let mut longer = archive.clone();
        longer.push(0);
        assert!(matches!(
            open(&longer, &pass("right")).unwrap_err(),
            OpenError::Damaged { .. }
        ));
    }

    #[test]
    fn a_changed_header_fails_even_where_it_still_parses() {
        let archive = sealed(&contents(false), "right");
        let text = String::from_utf8_lossy(&archive).to_string();
        // The header's payload length is authenticated: editing the nonce breaks the seal.
        let header_start = PREAMBLE_LEN;
        let nonce_at = text.find("\"nonce\":\"").unwrap() + 9;
        let mut changed = archive.clone();
        changed[nonce_at] = if changed[nonce_at] == b'0' {
            b'1'
        } else {
            b'0'
        };
        assert!(nonce_at > header_start);
        assert!(matches!(
            open(&changed, &pass("right")).unwrap_err(),
            OpenError::Damaged { .. }
        ));
    }

    #[test]
    fn foreign_and_future_files_are_refused_without_a_panic() {
        assert_eq!(
            open(b"PK\x03\x04 a zip file", &pass("x")).unwrap_err(),
            OpenError::NotAnArchive
        );
        assert_eq!(open(b"", &pass("x")).unwrap_err(), OpenError::NotAnArchive);
        let mut future = sealed(&contents(false), "x");
        future[8..10].copy_from_slice(&9u16.to_le_bytes());
        assert_eq!(
            open(&future, &pass("x")).unwrap_err(),
            OpenError::NewerVersion { found: 9 }
        );
        let mut huge_header = b"SHEBAOBK\x01\x00".to_vec();
        huge_header.extend_from_slice(&u32::MAX.to_le_bytes());
        assert!(matches!(
            open(&huge_header, &pass("x")).unwrap_err(),
            OpenError::Damaged { .. }
        ));
        // A header asking for an absurd Argon2 cost is refused before deriving anything.
        let archive = sealed(&contents(false), "x");
        let text = String::from_utf8_lossy(&archive).into_owned();
        let header_end =
            PREAMBLE_LEN + u32::from_le_bytes(archive[10..14].try_into().unwrap()) as usize;
        let header = &text[PREAMBLE_LEN..header_end];
        let costly = header.replacen("\"t_cost\":1", "\"t_cost\":9999", 1);
        assert_ne!(costly, header);
        let mut tampered = archive[..10].to_vec();
        tampered.extend_from_slice(&(costly.len() as u32).to_le_bytes());
        tampered.extend_from_slice(costly.as_bytes());
        tampered.extend_from_slice(&archive[header_end..]);
        assert!(matches!(
            open(&tampered, &pass("x")).unwrap_err(),
            OpenError::Damaged { .. }
        ));
    }

    /// `archive` with its header's `kdf` field `field` set to `value` (the header length
    /// fixed up).
    fn with_cost(archive: &[u8], field: &str, value: u32) -> Vec<u8> {
        let header_end =
            PREAMBLE_LEN + u32::from_le_bytes(archive[10..14].try_into().unwrap()) as usize;
        let mut header: serde_json::Value =
            serde_json::from_slice(&archive[PREAMBLE_LEN..header_end]).unwrap();
        header["kdf"][field] = value.into();
        let header = serde_json::to_vec(&header).unwrap();
        let mut changed = archive[..10].to_vec();
        changed.extend_from_slice(&(header.len() as u32).to_le_bytes());
        changed.extend_from_slice(&header);
        changed.extend_from_slice(&archive[header_end..]);
        changed
    }

    #[test]
    fn a_header_cannot_ask_for_more_memory_passes_or_lanes_than_an_archive_may() {
        let archive = sealed(&contents(false), "x");
        // Each within the key file's own caps (1 GiB, 64 passes, 16 lanes), each above an
        // archive's: refused before Argon2 runs or allocates, whatever the passphrase.
        for (field, value) in [
            ("m_cost_kib", MAX_M_COST_KIB + 1024),
            ("t_cost", MAX_T_COST + 1),
            ("p_cost", MAX_P_COST + 1),
        ] {
            let started = std::time::Instant::now();
            match open(&with_cost(&archive, field, value), &pass("x")).unwrap_err() {
                OpenError::Damaged { reason } => {
                    assert!(reason.contains("Argon2 costs"), "{field}: {reason}")
                }
                other => panic!("{field} = {value}: {other:?}"),
            }
            assert!(
                started.elapsed() < std::time::Duration::from_secs(1),
                "{field}"
            );
        }
        // The settings the app seals with are within.
        let own = serde_json::to_vec(&KdfSettings::generate().unwrap()).unwrap();
        serde_json::from_slice::<KdfCosts>(&own)
            .unwrap()
            .check()
            .unwrap();
    }
}
