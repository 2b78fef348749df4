//! Every profile at once: one file per person in a folder, then `manifest.csv` naming each file
//! with its SHA-256 and months, so the folder can be handed on whole and checked whole
//! ([`verify_batch`]).
//!
//! Each file is written and recorded exactly as a single export is ([`export_to_file`]), so each
//! also verifies on its own. The manifest is written last, atomically: a folder with a manifest
//! is a finished batch. The batch never replaces a user's file: a folder that already holds a
//! manifest (an earlier batch, whose manifest would then lie) or a file of the same name as one
//! it would write is refused before anything is written. When one profile fails, the files this
//! batch already wrote are removed again, so the folder is as it was; the error names the
//! profile.

use super::canonical::sha256_hex;
use super::verify::{verify, Verification};
use super::{export_to_file, formula, ExportRequest};
use crate::file_names::batch_export_file_name;
use crate::model::{ExportFormat, InsuranceKind, ProfileId, YearMonth};
use crate::{Error, Lang, Result, Store};
use chrono::{DateTime, FixedOffset};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// The manifest's name inside the folder.
pub const MANIFEST_NAME: &str = "manifest.csv";

/// The manifest's first line: the four columns the issue names, then the profile's id.
pub const MANIFEST_HEADER: &str = "profile,file,sha256,months,profile_id";

/// What every file of the batch holds: the same as [`ExportRequest`] less the profile.
#[derive(Debug, Clone)]
pub struct BatchRequest {
    pub format: ExportFormat,
    pub from: Option<YearMonth>,
    pub to: Option<YearMonth>,
    /// Empty means every kind.
    pub kinds: Vec<InsuranceKind>,
    pub lang: Lang,
    pub show_id: bool,
    /// PDF only: each statement ends with its person's pension estimate (see [`ExportRequest`]).
    pub with_estimate: bool,
}

/// One line of the manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ManifestEntry {
    pub profile_id: ProfileId,
    pub profile: String,
    /// The file's name inside the folder (never a path).
    pub file: String,
    pub sha256: String,
    /// How many months the file holds records for.
    pub months: usize,
}

/// A finished batch.
#[derive(Debug, Clone, Serialize)]
pub struct BatchExported {
    pub dir: PathBuf,
    pub manifest: PathBuf,
    pub files: Vec<ManifestEntry>,
}

/// Exports every profile into `dir` (made if missing), reporting `progress(done, total)` after
/// each file (and `(0, total)` before the first).
pub fn export_all(
    store: &mut Store,
    request: &BatchRequest,
    dir: &Path,
    generated_at: DateTime<FixedOffset>,
    mut progress: impl FnMut(usize, usize),
) -> Result<BatchExported> {
    let profiles = store.profiles()?;
    let manifest = dir.join(MANIFEST_NAME);
    let planned: Vec<(ProfileId, String, String)> = profiles
        .iter()
        .map(|p| {
            let file =
                batch_export_file_name(&p.name, p.id, request.format, request.lang, generated_at);
            (p.id, p.name.clone(), file)
        })
        .collect();
    refuse_existing(dir, &manifest, planned.iter().map(|(_, _, file)| file))?;
    crate::fs::private::create_dir_all(dir).map_err(|source| Error::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let total = planned.len();
    progress(0, total);
    let mut files = Vec::with_capacity(total);
    for (id, name, file) in planned {
        let single = ExportRequest {
            format: request.format,
            profile: id,
            from: request.from,
            to: request.to,
            kinds: request.kinds.clone(),
            lang: request.lang,
            show_id: request.show_id,
            with_estimate: request.with_estimate,
        };
        let path = dir.join(&file);
        match export_to_file(store, &single, &path, generated_at) {
            Ok(exported) => files.push(ManifestEntry {
                profile_id: id,
                profile: name,
                file,
                sha256: exported.record.file_sha256,
                months: exported.record.month_digests.len(),
            }),
            Err(source) => {
                remove_written(dir, &files);
                return Err(Error::BatchProfileFailed {
                    profile: name,
                    source: Box::new(source),
                });
            }
        }
        progress(files.len(), total);
    }
    if let Err(e) = crate::fs::atomic::write_atomic(&manifest, manifest_text(&files).as_bytes()) {
        remove_written(dir, &files);
        return Err(e);
    }
    Ok(BatchExported {
        dir: dir.to_path_buf(),
        manifest,
        files,
    })
}

/// Fails, naming the first, when the folder holds a manifest or any name the batch would write.
fn refuse_existing<'a>(
    dir: &Path,
    manifest: &Path,
    files: impl Iterator<Item = &'a String>,
) -> Result<()> {
    let taken = std::iter::once(manifest.to_path_buf())
        .chain(files.map(|file| dir.join(file)))
        .find(|path| path.symlink_metadata().is_ok());
    match taken {
        Some(file) => Err(Error::BatchFolderTaken {
            dir: dir.to_path_buf(),
            file,
        }),
        None => Ok(()),
    }
}

/// Best effort: the batch failed, and its files must not stay looking like a finished one.
fn remove_written(dir: &Path, files: &[ManifestEntry]) {
    for entry in files {
        let _ = crate::fs::atomic::remove_if_exists(&dir.join(&entry.file));
    }
}

fn manifest_text(files: &[ManifestEntry]) -> String {
    let mut text = String::from(MANIFEST_HEADER);
    text.push_str("\r\n");
    for entry in files {
        let fields = [
            csv_field(&formula::neutralise(&entry.profile)),
            csv_field(&entry.file),
            entry.sha256.clone(),
            entry.months.to_string(),
            entry.profile_id.to_string(),
        ];
        text.push_str(&fields.join(","));
        text.push_str("\r\n");
    }
    text
}

/// RFC 4180: quoted when it holds a comma, quote or line break; quotes doubled.
fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

/// Is `bytes` a batch manifest? Its first line is [`MANIFEST_HEADER`] (an exported CSV's header
/// is in the user's language and never this).
pub fn is_manifest(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    bytes
        .split(|b| *b == b'\n')
        .next()
        .is_some_and(|line| line.strip_suffix(b"\r").unwrap_or(line) == MANIFEST_HEADER.as_bytes())
}

/// The manifest's lines; an error names the line and what is wrong with it.
pub fn read_manifest(path: &Path) -> Result<Vec<ManifestEntry>> {
    let bytes = std::fs::read(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let invalid = |line: u64, reason: &str| Error::ManifestInvalid {
        path: path.to_path_buf(),
        line,
        reason: reason.to_string(),
    };
    if !is_manifest(&bytes) {
        return Err(invalid(
            1,
            "the first line is not profile,file,sha256,months,profile_id",
        ));
    }
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(bytes.as_slice());
    let mut entries = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let line = index as u64 + 2;
        let record = record.map_err(|e| invalid(line, &e.to_string()))?;
        let [profile, file, sha256, months, profile_id] =
            [0, 1, 2, 3, 4].map(|i| record.get(i).map(str::to_string).unwrap_or_default());
        if record.len() != 5 {
            return Err(invalid(line, "it should have 5 fields"));
        }
        if file.is_empty() || file.contains(['/', '\\']) || file == "." || file == ".." {
            return Err(invalid(
                line,
                "the file must be a plain name inside the folder",
            ));
        }
        if sha256.len() != 64 || !sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(invalid(line, "sha256 must be 64 hexadecimal digits"));
        }
        let months = months
            .parse()
            .map_err(|_| invalid(line, "months must be a whole number"))?;
        let profile_id = profile_id
            .parse()
            .map_err(|_| invalid(line, "profile_id must be a whole number"))?;
        entries.push(ManifestEntry {
            profile_id,
            profile: formula::restore(&profile).to_string(),
            file,
            sha256: sha256.to_ascii_lowercase(),
            months,
        });
    }
    Ok(entries)
}

/// One file of a batch, checked.
#[derive(Debug, Clone, Serialize)]
pub struct BatchCheck {
    #[serde(flatten)]
    pub entry: ManifestEntry,
    /// The file is not in the folder.
    pub missing: bool,
    /// Its SHA-256 is the one the manifest lists.
    pub matches_manifest: bool,
    /// The normal check of the file, when it could be read.
    pub verification: Option<Verification>,
}

impl BatchCheck {
    pub fn passed(&self) -> bool {
        self.matches_manifest && self.verification.as_ref().is_some_and(|v| v.passed())
    }
}

/// Checks every file the manifest lists: present, with the SHA-256 the manifest says, and
/// passing [`verify`].
pub fn verify_batch(store: &Store, manifest: &Path) -> Result<Vec<BatchCheck>> {
    let dir = manifest.parent().unwrap_or(Path::new("."));
    let mut checks = Vec::new();
    for entry in read_manifest(manifest)? {
        let path = dir.join(&entry.file);
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                checks.push(BatchCheck {
                    entry,
                    missing: true,
                    matches_manifest: false,
                    verification: None,
                });
                continue;
            }
            Err(source) => return Err(Error::Io { path, source }),
        };
        let matches_manifest = sha256_hex(&bytes) == entry.sha256;
        let verification = Some(verify(store, &bytes)?);
        checks.push(BatchCheck {
            entry,
            missing: false,
            matches_manifest,
            verification,
        });
    }
    Ok(checks)
}
