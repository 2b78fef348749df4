//! The signed manifest that announces a rule-table release:
//!
//! ```json
//! {"format": 1, "version": "2027-01-15", "published": "2027-01-15T08:00:00Z",
//!  "files": [{"name": "national.json", "sha256": "…"}, {"name": "regions/beijing.json", …}],
//!  "signature": "…128 hex digits…"}
//! ```
//!
//! The Ed25519 signature covers a fixed text built from every other field ([`Manifest::signed_text`]),
//! not the JSON bytes: JSON has no one canonical spelling, and this way a reformatted manifest
//! still verifies while any change of meaning does not. Unknown fields are refused, so nothing
//! unsigned can ride along. The files' hashes tie the tables to the signature.

use super::hex;
use super::{RulesVersion, TrustedKeys};
use ed25519_dalek::{Signature, Signer, SigningKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::HashSet;

/// The manifest format this version reads.
pub const MANIFEST_FORMAT: u32 = 1;

/// The national table's file name; every release carries it.
pub const NATIONAL_FILE: &str = "national.json";

/// Bounds that keep a hostile server from making us hold or hash a lot: the real release is
/// eight files of a few kilobytes each.
pub const MAX_FILES: usize = 64;

/// The first line of the signed text, so a signature over anything else (another format, another
/// project using the same key) can never pass for a manifest's.
const DOMAIN: &str = "shebao-ledger rule tables manifest";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub format: u32,
    /// The version of the set; it must equal the newest `version` among the tables it lists.
    pub version: RulesVersion,
    /// When the release was signed, RFC 3339 (shown to the user; not compared).
    pub published: String,
    pub files: Vec<ManifestFile>,
    /// Ed25519 over [`Manifest::signed_text`], 64 bytes in lower-case hex.
    pub signature: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManifestFile {
    /// `national.json` or `regions/<id>.json`, relative to the manifest's own address.
    pub name: String,
    /// SHA-256 of the file's bytes, lower-case hex.
    pub sha256: String,
}

impl Manifest {
    /// Parses a manifest and checks its shape (not yet its signature): the format, the date, and
    /// that every name and hash is well formed and listed once.
    pub fn parse(text: &str) -> Result<Manifest, String> {
        #[derive(Deserialize)]
        struct Format {
            format: u32,
        }
        // Read the format first, so a newer manifest says "too new" rather than "unknown field".
        if let Ok(Format { format }) = serde_json::from_str(text) {
            if format > MANIFEST_FORMAT {
                return Err(format!(
                    "manifest format {format} is newer than this version reads ({MANIFEST_FORMAT}); update the app"
                ));
            }
        }
        let manifest: Manifest = serde_json::from_str(text).map_err(|e| e.to_string())?;
        manifest.check_shape()?;
        Ok(manifest)
    }

    fn check_shape(&self) -> Result<(), String> {
        if self.format != MANIFEST_FORMAT {
            return Err(format!(
                "format {}, expected {MANIFEST_FORMAT}",
                self.format
            ));
        }
        chrono::DateTime::parse_from_rfc3339(&self.published)
            .map_err(|_| format!("published {:?} is not an RFC 3339 time", self.published))?;
        if self.files.is_empty() || self.files.len() > MAX_FILES {
            return Err(format!(
                "{} files listed; expected 1 to {MAX_FILES}",
                self.files.len()
            ));
        }
        let mut names = HashSet::new();
        for file in &self.files {
            check_name(&file.name)?;
            if !names.insert(file.name.as_str()) {
                return Err(format!("{} is listed twice", file.name));
            }
            if hex::decode(&file.sha256).map(|b| b.len()) != Some(32) {
                return Err(format!(
                    "the sha256 of {} is not 64 lower-case hex digits",
                    file.name
                ));
            }
        }
        if !names.contains(NATIONAL_FILE) {
            return Err(format!("{NATIONAL_FILE} is not listed"));
        }
        if hex::decode(&self.signature).map(|b| b.len()) != Some(64) {
            return Err("the signature is not 128 lower-case hex digits".into());
        }
        Ok(())
    }

    /// The text the signature covers: one line per fact, in the manifest's own order.
    pub fn signed_text(&self) -> String {
        signed_text(self.format, self.version, &self.published, &self.files)
    }

    /// Whether one of `keys` signed this manifest.
    pub fn is_signed_by(&self, keys: &TrustedKeys) -> bool {
        let Some(bytes) = hex::decode(&self.signature).and_then(|b| <[u8; 64]>::try_from(b).ok())
        else {
            return false;
        };
        keys.verify(
            self.signed_text().as_bytes(),
            &Signature::from_bytes(&bytes),
        )
    }

    /// The publisher's side: a signed manifest for `files` given as `(name, bytes)`.
    pub fn sign(
        version: RulesVersion,
        published: &str,
        files: &[(&str, &[u8])],
        key: &SigningKey,
    ) -> Result<Manifest, String> {
        let files: Vec<ManifestFile> = files
            .iter()
            .map(|(name, bytes)| ManifestFile {
                name: name.to_string(),
                sha256: sha256_hex(bytes),
            })
            .collect();
        let text = signed_text(MANIFEST_FORMAT, version, published, &files);
        let manifest = Manifest {
            format: MANIFEST_FORMAT,
            version,
            published: published.to_string(),
            files,
            signature: hex::encode(&key.sign(text.as_bytes()).to_bytes()),
        };
        manifest.check_shape()?;
        Ok(manifest)
    }

    /// The hash this manifest gives for `name`.
    pub fn sha256_of(&self, name: &str) -> Option<&str> {
        self.files
            .iter()
            .find(|f| f.name == name)
            .map(|f| f.sha256.as_str())
    }
}

fn signed_text(
    format: u32,
    version: RulesVersion,
    published: &str,
    files: &[ManifestFile],
) -> String {
    let mut text = format!("{DOMAIN}\nformat {format}\nversion {version}\npublished {published}\n");
    for file in files {
        text.push_str(&format!("file {} sha256 {}\n", file.name, file.sha256));
    }
    text
}

/// SHA-256 in lower-case hex, as manifests write it.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(&Sha256::digest(bytes))
}

/// `national.json` or `regions/<id>.json` with a lower-case ASCII id: names become URL paths and
/// message text, so nothing that could climb out of the folder (`..`, `/`) or break a line.
fn check_name(name: &str) -> Result<(), String> {
    let id_ok = |id: &str| {
        !id.is_empty()
            && id.len() <= 64
            && id
                .bytes()
                .all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'_' | b'-'))
    };
    let ok = name == NATIONAL_FILE
        || name
            .strip_prefix("regions/")
            .and_then(|rest| rest.strip_suffix(".json"))
            .is_some_and(id_ok);
    if ok {
        Ok(())
    } else {
        Err(format!(
            "file name {name:?} is not national.json or regions/<id>.json"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> SigningKey {
        SigningKey::from_bytes(&[7; 32])
    }

    fn sample() -> Manifest {
        Manifest::sign(
            "2027-01-15".parse().unwrap(),
            "2027-01-15T08:00:00Z",
            &[("national.json", b"{}"), ("regions/national.json", b"[]")],
            &key(),
        )
        .unwrap()
    }

    #[test]
    fn a_signed_manifest_verifies_and_survives_reformatting() {
        let manifest = sample();
        let trusted = TrustedKeys::only([key().verifying_key()]);
        assert!(manifest.is_signed_by(&trusted));
        let pretty = serde_json::to_string_pretty(&manifest).unwrap();
        let back = Manifest::parse(&pretty).unwrap();
        assert!(back.is_signed_by(&trusted));
        assert_eq!(
            back.sha256_of("national.json"),
            Some(sha256_hex(b"{}").as_str())
        );
    }

    #[test]
    fn any_change_of_meaning_breaks_the_signature() {
        let trusted = TrustedKeys::only([key().verifying_key()]);
        let edits: [fn(&mut Manifest); 5] = [
            |m| m.version = "2027-01-16".parse().unwrap(),
            |m| m.published = "2027-01-15T08:00:01Z".into(),
            |m| m.files[0].sha256 = sha256_hex(b"{ }"),
            |m| m.files[1].name = "regions/beijing.json".into(),
            |m| m.files.swap(0, 1),
        ];
        for edit in edits {
            let mut manifest = sample();
            edit(&mut manifest);
            assert!(!manifest.is_signed_by(&trusted), "{manifest:?}");
        }
        let other = TrustedKeys::only([SigningKey::from_bytes(&[8; 32]).verifying_key()]);
        assert!(!sample().is_signed_by(&other));
    }

    #[test]
    fn malformed_manifests_are_refused_with_a_reason() {
        let good = serde_json::to_value(sample()).unwrap();
        let with = |edit: &dyn Fn(&mut serde_json::Value)| {
            let mut v = good.clone();
            edit(&mut v);
            Manifest::parse(&v.to_string()).unwrap_err()
        };
        assert!(with(&|v| v["format"] = 2.into()).contains("newer"));
        assert!(with(&|v| v["extra"] = true.into()).contains("unknown field"));
        assert!(with(&|v| v["version"] = "next week".into()).contains("YYYY-MM-DD"));
        assert!(with(&|v| v["published"] = "yesterday".into()).contains("RFC 3339"));
        assert!(with(&|v| v["files"][1]["name"] = "../national.json".into()).contains("file name"));
        assert!(
            with(&|v| v["files"][1]["name"] = "regions/a\nb.json".into()).contains("file name")
        );
        assert!(with(&|v| v["files"][1]["name"] = "national.json".into()).contains("twice"));
        assert!(with(&|v| v["files"][0]["sha256"] = "ABC".into()).contains("sha256"));
        assert!(with(&|v| v["signature"] = "00".into()).contains("signature"));
        assert!(with(&|v| {
            v["files"].as_array_mut().unwrap().remove(0);
        })
        .contains("national.json is not listed"));
        assert!(Manifest::parse("<html>").is_err());
    }
}
