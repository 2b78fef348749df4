//! Which rule tables are in use: the bundled ones, or a newer signed set that `rules update`
//! downloaded and stored beside the database (`shebao.db` → `shebao.db.rules.json`).
//!
//! The stored set is checked again every time it is loaded — signature, hashes, tables — because
//! a file on disk can be damaged or edited after it was downloaded. If it fails, or if the app has
//! since been upgraded to bundled tables at least as new, the bundled tables are used and
//! [`ActiveRules::set_aside`] says why; loading rules never fails.

use super::{Manifest, RuleSet, RulesError, RulesVersion, TrustedKeys, NATIONAL_FILE};
use crate::fs::atomic;
use crate::{Error, Lang, Result};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::ffi::OsString;
use std::ops::Deref;
use std::path::{Path, PathBuf};

/// Marks the stored file, so that another JSON file at that path is never taken for it.
const STORED_FORMAT: &str = "shebao-ledger-rules";

/// `shebao.db` → `shebao.db.rules.json`, in the same folder: a set of tables belongs with the
/// data it was used on (and `--db` elsewhere gets its own).
pub fn override_path(db: &Path) -> PathBuf {
    let mut name: OsString = db.file_name().unwrap_or_default().to_os_string();
    name.push(".rules.json");
    db.with_file_name(name)
}

/// Where the tables in use came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "origin", rename_all = "snake_case")]
pub enum Origin {
    Bundled,
    Updated {
        /// The manifest's address.
        source: String,
        /// When this app fetched it (RFC 3339).
        fetched_at: String,
        /// When it was signed, as the manifest says.
        published: String,
    },
}

/// Why a stored download is not in use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SetAside {
    /// It failed a check; the bundled tables are used instead.
    Damaged { path: PathBuf, problem: RulesError },
    /// The bundled tables (after an app upgrade) are at least as new.
    Superseded {
        downloaded: RulesVersion,
        bundled: RulesVersion,
    },
}

impl SetAside {
    pub fn code(&self) -> &'static str {
        match self {
            SetAside::Damaged { .. } => "rules_download_damaged",
            SetAside::Superseded { .. } => "rules_download_superseded",
        }
    }

    /// What the user can do about it: a damaged download is fetched again.
    pub fn remedy(&self) -> Option<crate::Remedy> {
        match self {
            SetAside::Damaged { .. } => Some(crate::Remedy::UpdateRules),
            SetAside::Superseded { .. } => None,
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (SetAside::Damaged { path, problem }, Lang::Zh) => format!(
                "下载的规则表 {} 已损坏（{}），现使用内置规则表",
                path.display(),
                problem.message(Lang::Zh)
            ),
            (SetAside::Damaged { path, problem }, Lang::En) => format!(
                "the downloaded rule tables in {} are damaged ({}); using the bundled tables instead",
                path.display(),
                problem.message(Lang::En)
            ),
            (SetAside::Superseded { downloaded, bundled }, Lang::Zh) => format!(
                "下载的规则表 {downloaded} 不比内置的 {bundled} 新，现使用内置规则表"
            ),
            (SetAside::Superseded { downloaded, bundled }, Lang::En) => format!(
                "the downloaded rule tables {downloaded} are not newer than the bundled {bundled}; using the bundled tables"
            ),
        }
    }
}

/// The rule tables in use, with where they came from. Dereferences to the [`RuleSet`].
#[derive(Debug, Clone)]
pub struct ActiveRules {
    rules: Cow<'static, RuleSet>,
    pub origin: Origin,
    pub set_aside: Option<SetAside>,
}

impl Deref for ActiveRules {
    type Target = RuleSet;

    fn deref(&self) -> &RuleSet {
        &self.rules
    }
}

impl ActiveRules {
    /// The bundled tables, with nothing downloaded.
    pub fn bundled() -> ActiveRules {
        ActiveRules {
            rules: Cow::Borrowed(RuleSet::bundled()),
            origin: Origin::Bundled,
            set_aside: None,
        }
    }

    /// The tables in use for the database at `db`: a stored download that verifies with `keys`
    /// and is newer than the bundled tables, else the bundled ones.
    pub fn load(db: &Path, keys: &TrustedKeys) -> ActiveRules {
        let path = override_path(db);
        let stored = match StoredTables::read(&path) {
            Ok(None) => return ActiveRules::bundled(),
            Ok(Some(stored)) => stored,
            Err(problem) => return ActiveRules::damaged(path, problem),
        };
        let rules = match stored.verify(&path, keys) {
            Ok(rules) => rules,
            Err(problem) => return ActiveRules::damaged(path, problem),
        };
        let bundled = RuleSet::bundled().version();
        if rules.version() <= bundled {
            return ActiveRules {
                set_aside: Some(SetAside::Superseded {
                    downloaded: rules.version(),
                    bundled,
                }),
                ..ActiveRules::bundled()
            };
        }
        ActiveRules {
            rules: Cow::Owned(rules),
            origin: Origin::Updated {
                source: stored.source,
                fetched_at: stored.fetched_at,
                published: stored.manifest.published,
            },
            set_aside: None,
        }
    }

    fn damaged(path: PathBuf, problem: RulesError) -> ActiveRules {
        ActiveRules {
            set_aside: Some(SetAside::Damaged { path, problem }),
            ..ActiveRules::bundled()
        }
    }

    /// The rule set itself.
    pub fn rules(&self) -> &RuleSet {
        &self.rules
    }
}

/// The file beside the database: the manifest as fetched and the tables' exact text, so that every
/// load can check the signature and hashes again.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct StoredTables {
    format: String,
    source: String,
    fetched_at: String,
    manifest: Manifest,
    /// In the manifest's order.
    files: Vec<StoredFile>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct StoredFile {
    name: String,
    text: String,
}

impl StoredTables {
    pub(super) fn new(
        source: &str,
        fetched_at: &str,
        manifest: Manifest,
        files: Vec<(String, String)>,
    ) -> StoredTables {
        StoredTables {
            format: STORED_FORMAT.into(),
            source: source.into(),
            fetched_at: fetched_at.into(),
            manifest,
            files: files
                .into_iter()
                .map(|(name, text)| StoredFile { name, text })
                .collect(),
        }
    }

    fn read(path: &Path) -> Result<Option<StoredTables>, RulesError> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(bad_manifest(path, e.to_string())),
        };
        let stored: StoredTables =
            serde_json::from_str(&text).map_err(|e| bad_manifest(path, e.to_string()))?;
        if stored.format != STORED_FORMAT {
            return Err(bad_manifest(
                path,
                format!("format {:?}, expected {STORED_FORMAT:?}", stored.format),
            ));
        }
        Ok(Some(stored))
    }

    /// Every check an update makes, again, on what is stored.
    fn verify(&self, path: &Path, keys: &TrustedKeys) -> Result<RuleSet, RulesError> {
        let manifest_text = serde_json::to_string(&self.manifest).expect("serialisable");
        Manifest::parse(&manifest_text).map_err(|reason| bad_manifest(path, reason))?;
        if !self.manifest.is_signed_by(keys) {
            return Err(RulesError::BadSignature {
                what: path.display().to_string(),
            });
        }
        let names: Vec<&str> = self.files.iter().map(|f| f.name.as_str()).collect();
        let listed: Vec<&str> = self
            .manifest
            .files
            .iter()
            .map(|f| f.name.as_str())
            .collect();
        if names != listed {
            return Err(bad_manifest(
                path,
                "the stored files are not the ones the manifest lists".into(),
            ));
        }
        let files: Vec<(&str, &[u8])> = self
            .files
            .iter()
            .map(|f| (f.name.as_str(), f.text.as_bytes()))
            .collect();
        verified_rule_set(&self.manifest, &files)
    }

    /// Writes the file whole or not at all: a crash mid-write leaves the previous tables.
    pub(super) fn write(&self, db: &Path) -> Result<()> {
        let path = override_path(db);
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            crate::fs::private::create_dir_all(dir).map_err(|source| Error::DataDir {
                path: dir.to_path_buf(),
                source,
            })?;
        }
        let json = serde_json::to_vec_pretty(self).expect("serialisable");
        atomic::write_atomic(&path, &json)
    }
}

/// The rule set `files` make, once each file matches its hash in `manifest`, the files are exactly
/// those listed, the tables parse and validate, and their newest version is the manifest's.
pub(super) fn verified_rule_set(
    manifest: &Manifest,
    files: &[(&str, &[u8])],
) -> Result<RuleSet, RulesError> {
    let mut texts: Vec<(&str, &str)> = Vec::with_capacity(files.len());
    for (name, bytes) in files {
        let expected = manifest
            .sha256_of(name)
            .ok_or_else(|| RulesError::BadManifest {
                what: "manifest".into(),
                reason: format!("{name} is not listed"),
            })?;
        let found = super::sha256_hex(bytes);
        if found != expected {
            return Err(RulesError::BadHash {
                file: name.to_string(),
                expected: expected.to_string(),
                found,
            });
        }
        let text = std::str::from_utf8(bytes).map_err(|_| RulesError::InvalidTable {
            file: name.to_string(),
            reason: "not UTF-8 text".into(),
        })?;
        texts.push((name, text));
    }
    let national = texts
        .iter()
        .find(|(name, _)| *name == NATIONAL_FILE)
        .copied()
        .ok_or_else(|| RulesError::BadManifest {
            what: "manifest".into(),
            reason: format!("{NATIONAL_FILE} is missing"),
        })?;
    let regions: Vec<(&str, &str)> = texts
        .iter()
        .filter(|(name, _)| *name != NATIONAL_FILE)
        .copied()
        .collect();
    let rules = RuleSet::from_json(national, &regions)?;
    if rules.version() != manifest.version {
        return Err(RulesError::BadManifest {
            what: "manifest".into(),
            reason: format!(
                "it says version {}, but its newest table is {}",
                manifest.version,
                rules.version()
            ),
        });
    }
    Ok(rules)
}

fn bad_manifest(path: &Path, reason: String) -> RulesError {
    RulesError::BadManifest {
        what: path.display().to_string(),
        reason,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Release;
    use ed25519_dalek::SigningKey;

    #[test]
    fn a_download_no_newer_than_the_bundled_tables_is_set_aside() {
        // What an app upgrade leaves behind: a valid download of the version now bundled.
        let key = SigningKey::from_bytes(&[5; 32]);
        let files = RuleSet::bundled_files()
            .into_iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect();
        let release = Release::sign(files, "2026-11-29T00:00:00Z", &key).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("shebao.db");
        StoredTables::new(
            "http://x/m.json",
            "2026-11-30T00:00:00Z",
            release.manifest,
            release.files,
        )
        .write(&db)
        .unwrap();
        let active = ActiveRules::load(&db, &TrustedKeys::only([key.verifying_key()]));
        assert_eq!(active.origin, Origin::Bundled);
        let bundled = RuleSet::bundled().version();
        assert_eq!(
            active.set_aside,
            Some(SetAside::Superseded {
                downloaded: bundled,
                bundled
            })
        );
        assert_eq!(
            active.set_aside.unwrap().message(Lang::En),
            "the downloaded rule tables 2026-12-06 are not newer than the bundled 2026-12-06; using the bundled tables"
        );
    }

    #[test]
    fn the_override_sits_beside_the_database() {
        assert_eq!(
            override_path(Path::new("/data/shebao.db")),
            Path::new("/data/shebao.db.rules.json")
        );
    }
}
