//! The folder of local backups, `backups/` beside the database, and the names in it: kind and
//! UTC time, e.g. `auto-20261129-033000-123.db`; the time in the name (not the file's mtime,
//! which a copy changes) orders them. Writing a backup is `backup`; this file only names and
//! finds them, so rotation and integrity can list backups without depending on the writer.

use crate::store::keys::key_file::key_file_path;
use crate::{Error, Result};
use chrono::{DateTime, NaiveDateTime, Utc};
use serde::Serialize;
use std::path::{Path, PathBuf};

const STAMP_FORMAT: &str = "%Y%m%d-%H%M%S-%3f";
/// `20261129-033000-123`
const STAMP_LEN: usize = 19;
const EXTENSION: &str = ".db";

/// Why a backup was taken; its name starts with this.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BackupKind {
    /// `shebao backup` without `--out`. Kept until the user deletes it.
    Manual,
    /// Taken automatically before an import or a sync; rotated.
    Auto,
    /// The database as it was before `shebao restore` replaced it. Kept.
    BeforeRestore,
    /// The database before a schema upgrade from this version. Kept.
    BeforeUpgrade { from: i64 },
}

impl BackupKind {
    fn prefix(self) -> String {
        match self {
            BackupKind::Manual => "backup".into(),
            BackupKind::Auto => "auto".into(),
            BackupKind::BeforeRestore => "before-restore".into(),
            BackupKind::BeforeUpgrade { from } => format!("before-upgrade-v{from}"),
        }
    }

    fn from_prefix(prefix: &str) -> Option<BackupKind> {
        Some(match prefix {
            "backup" => BackupKind::Manual,
            "auto" => BackupKind::Auto,
            "before-restore" => BackupKind::BeforeRestore,
            other => BackupKind::BeforeUpgrade {
                from: other.strip_prefix("before-upgrade-v")?.parse().ok()?,
            },
        })
    }
}

/// One backup file found in `backups/`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BackupEntry {
    pub path: PathBuf,
    pub kind: BackupKind,
    pub taken_at: DateTime<Utc>,
    /// A key file lies beside it: opening it needs the passphrase it was taken with.
    pub encrypted: bool,
}

/// `<folder of the database>/backups`.
pub fn backup_dir(db: &Path) -> PathBuf {
    db.parent().unwrap_or(Path::new(".")).join("backups")
}

/// The backups in `backups/` beside `db`, newest first. Files not named as ours are ignored.
pub fn list_backups(db: &Path) -> Result<Vec<BackupEntry>> {
    let dir = backup_dir(db);
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => return Err(Error::Io { path: dir, source }),
    };
    let mut found: Vec<BackupEntry> = entries
        .filter_map(|entry| entry.ok())
        .filter_map(|entry| {
            let path = entry.path();
            let (kind, taken_at) = parse_name(path.file_name()?.to_str()?)?;
            let encrypted = key_file_path(&path).is_file();
            Some(BackupEntry {
                path,
                kind,
                taken_at,
                encrypted,
            })
        })
        .collect();
    found.sort_by(|a, b| b.taken_at.cmp(&a.taken_at).then(b.path.cmp(&a.path)));
    Ok(found)
}

/// A fresh name in `backups/` (created if needed) for a backup of `db` taken now.
pub(crate) fn new_backup_path(db: &Path, kind: BackupKind) -> Result<PathBuf> {
    let dir = backup_dir(db);
    crate::fs::private::create_dir_all(&dir).map_err(|source| Error::DataDir {
        path: dir.clone(),
        source,
    })?;
    let mut at = Utc::now();
    loop {
        let path = dir.join(format!(
            "{}-{}{EXTENSION}",
            kind.prefix(),
            at.format(STAMP_FORMAT)
        ));
        if !path.exists() {
            return Ok(path);
        }
        // Two backups in the same millisecond: the next free millisecond keeps names ordered.
        at += chrono::Duration::milliseconds(1);
    }
}

fn parse_name(name: &str) -> Option<(BackupKind, DateTime<Utc>)> {
    let stem = name.strip_suffix(EXTENSION)?;
    let split = stem.len().checked_sub(STAMP_LEN + 1)?;
    let (prefix, rest) = stem.split_at(split);
    let stamp = rest.strip_prefix('-')?;
    let kind = BackupKind::from_prefix(prefix)?;
    let taken_at = NaiveDateTime::parse_from_str(stamp, STAMP_FORMAT)
        .ok()?
        .and_utc();
    Some((kind, taken_at))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_foreign_files_are_ignored() {
        let at = NaiveDateTime::parse_from_str("20261129-033000-123", STAMP_FORMAT)
            .unwrap()
            .and_utc();
        for kind in [
            BackupKind::Manual,
            BackupKind::Auto,
            BackupKind::BeforeRestore,
            BackupKind::BeforeUpgrade { from: 12 },
        ] {
            let name = format!("{}-{}{EXTENSION}", kind.prefix(), at.format(STAMP_FORMAT));
            assert_eq!(parse_name(&name), Some((kind, at)), "{name}");
        }
        assert_eq!(
            parse_name("auto-20261129-033000-123.db"),
            Some((BackupKind::Auto, at))
        );
        for foreign in [
            "notes.txt",
            "auto-20261129-033000-123.db.salt",
            "auto-yesterday.db",
            "other-20261129-033000-123.db",
            "auto-20261129-033000-123.db.writing-1-2",
            ".db",
        ] {
            assert_eq!(parse_name(foreign), None, "{foreign}");
        }
    }
}
