//! The publisher's side of `rules update`: turn a folder of tables into a signed release that the
//! app will accept — `manifest.json` beside `national.json` and `regions/*.json`. Used by the
//! `sign-rules` example (docs/rules.md, "Publishing an update") and by the tests, so a release is
//! made by the same code that checks one.

use super::{Manifest, RuleSet, RulesError, NATIONAL_FILE};
use crate::{Error, Result};
use ed25519_dalek::SigningKey;
use std::path::Path;

/// A signed set of tables, ready to serve.
#[derive(Debug, Clone)]
pub struct Release {
    pub manifest: Manifest,
    /// `(name, text)`, national first, as the manifest lists them.
    pub files: Vec<(String, String)>,
}

impl Release {
    /// Checks that `files` make a valid rule set and signs it; the version is that of the newest
    /// table. `published` is an RFC 3339 time.
    pub fn sign(
        files: Vec<(String, String)>,
        published: &str,
        key: &SigningKey,
    ) -> Result<Release, RulesError> {
        let national = files
            .iter()
            .find(|(name, _)| name == NATIONAL_FILE)
            .map(|(n, t)| (n.as_str(), t.as_str()))
            .ok_or_else(|| RulesError::InvalidTable {
                file: NATIONAL_FILE.into(),
                reason: "missing".into(),
            })?;
        let regions: Vec<(&str, &str)> = files
            .iter()
            .filter(|(name, _)| name != NATIONAL_FILE)
            .map(|(n, t)| (n.as_str(), t.as_str()))
            .collect();
        let version = RuleSet::from_json(national, &regions)?.version();
        let mut ordered: Vec<(String, String)> = files
            .iter()
            .filter(|(name, _)| name == NATIONAL_FILE)
            .cloned()
            .collect();
        ordered.extend(files.into_iter().filter(|(name, _)| name != NATIONAL_FILE));
        let listed: Vec<(&str, &[u8])> = ordered
            .iter()
            .map(|(n, t)| (n.as_str(), t.as_bytes()))
            .collect();
        let manifest = Manifest::sign(version, published, &listed, key).map_err(|reason| {
            RulesError::BadManifest {
                what: "manifest".into(),
                reason,
            }
        })?;
        Ok(Release {
            manifest,
            files: ordered,
        })
    }

    /// The manifest as served (pretty JSON).
    pub fn manifest_json(&self) -> String {
        serde_json::to_string_pretty(&self.manifest).expect("serialisable") + "\n"
    }

    /// Reads `national.json` and `regions/*.json` from a folder laid out like `assets/rules/`:
    /// the national default region first, then the others by name, as the app lists them.
    pub fn read_tables(dir: &Path) -> Result<Vec<(String, String)>> {
        let read = |path: &Path| {
            std::fs::read_to_string(path).map_err(|source| Error::Io {
                path: path.to_path_buf(),
                source,
            })
        };
        let mut files = vec![(NATIONAL_FILE.to_string(), read(&dir.join(NATIONAL_FILE))?)];
        let regions_dir = dir.join("regions");
        let entries = std::fs::read_dir(&regions_dir).map_err(|source| Error::Io {
            path: regions_dir.clone(),
            source,
        })?;
        let mut names: Vec<String> = entries
            .filter_map(|entry| entry.ok())
            .filter_map(|entry| entry.file_name().into_string().ok())
            .filter(|name| name.ends_with(".json"))
            .collect();
        names.sort_by_key(|name| (name != "national.json", name.clone()));
        for name in names {
            let text = read(&regions_dir.join(&name))?;
            files.push((format!("regions/{name}"), text));
        }
        Ok(files)
    }

    /// Writes `manifest.json` and the tables into `dir`, ready to upload as they are.
    pub fn write_to(&self, dir: &Path) -> Result<()> {
        let write = |path: &Path, text: &str| {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(|source| Error::Io {
                    path: parent.to_path_buf(),
                    source,
                })?;
            }
            std::fs::write(path, text).map_err(|source| Error::Io {
                path: path.to_path_buf(),
                source,
            })
        };
        for (name, text) in &self.files {
            write(&dir.join(name), text)?;
        }
        write(&dir.join("manifest.json"), &self.manifest_json())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::TrustedKeys;

    fn bundled() -> Vec<(String, String)> {
        RuleSet::bundled_files()
            .into_iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect()
    }

    #[test]
    fn the_bundled_tables_sign_as_their_own_version_and_verify() {
        let key = SigningKey::from_bytes(&[3; 32]);
        let release = Release::sign(bundled(), "2026-11-29T00:00:00Z", &key).unwrap();
        assert_eq!(release.manifest.version, RuleSet::bundled().version());
        assert_eq!(release.manifest.files.len(), 8);
        assert_eq!(release.manifest.files[0].name, "national.json");
        assert!(release
            .manifest
            .is_signed_by(&TrustedKeys::only([key.verifying_key()])));
        let back = Manifest::parse(&release.manifest_json()).unwrap();
        assert_eq!(back, release.manifest);
    }

    #[test]
    fn an_invalid_set_is_not_signed() {
        let key = SigningKey::from_bytes(&[3; 32]);
        let mut files = bundled();
        files.retain(|(n, _)| n != "regions/national.json");
        let error = Release::sign(files, "2026-11-29T00:00:00Z", &key).unwrap_err();
        assert!(error.to_string().contains("national default"), "{error}");
    }

    #[test]
    fn a_folder_round_trips() {
        let key = SigningKey::from_bytes(&[3; 32]);
        let dir = tempfile::tempdir().unwrap();
        let release = Release::sign(bundled(), "2026-11-29T00:00:00Z", &key).unwrap();
        release.write_to(dir.path()).unwrap();
        let read = Release::read_tables(dir.path()).unwrap();
        let again = Release::sign(read, "2026-11-29T00:00:00Z", &key).unwrap();
        let sorted = |m: &Manifest| {
            let mut f = m.files.clone();
            f.sort_by(|a, b| a.name.cmp(&b.name));
            f
        };
        assert_eq!(sorted(&again.manifest), sorted(&release.manifest));
    }
}
