//! Which automatic backups to keep: the newest few, and every one young enough.
//!
//! A count alone would lose last month's state to a busy afternoon of imports; an age alone
//! would keep nothing after a long holiday. So a backup goes only when it is both beyond the
//! newest `keep_newest` and older than `keep_for`. Manual, before-restore and before-upgrade
//! backups are never rotated: the user asked for them, or they are the way back from a change.

use super::backups_folder::{list_backups, BackupEntry, BackupKind};
use crate::fs::atomic;
use crate::store::keys::key_file::key_file_path;
use crate::Result;
use chrono::{DateTime, Duration, Utc};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RotationPolicy {
    pub keep_newest: usize,
    pub keep_for: Duration,
}

impl Default for RotationPolicy {
    fn default() -> Self {
        RotationPolicy {
            keep_newest: 10,
            keep_for: Duration::days(30),
        }
    }
}

impl RotationPolicy {
    /// The automatic backups among `backups` (any order) that this policy lets go at `now`.
    pub fn expired<'a>(
        &self,
        backups: &'a [BackupEntry],
        now: DateTime<Utc>,
    ) -> Vec<&'a BackupEntry> {
        let mut automatic: Vec<&BackupEntry> = backups
            .iter()
            .filter(|b| b.kind == BackupKind::Auto)
            .collect();
        automatic.sort_by_key(|b| std::cmp::Reverse(b.taken_at));
        automatic
            .into_iter()
            .skip(self.keep_newest)
            .filter(|b| now - b.taken_at > self.keep_for)
            .collect()
    }

    /// Removes the expired automatic backups of `db` (and their key files); returns them.
    pub fn apply(&self, db: &Path, now: DateTime<Utc>) -> Result<Vec<PathBuf>> {
        let backups = list_backups(db)?;
        let mut removed = Vec::new();
        for backup in self.expired(&backups, now) {
            // The key file goes after the database: never a backup without its key file.
            atomic::remove_if_exists(&backup.path)?;
            atomic::remove_if_exists(&key_file_path(&backup.path))?;
            removed.push(backup.path.clone());
        }
        Ok(removed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        "2026-11-29T12:00:00Z".parse().unwrap()
    }

    fn entry(kind: BackupKind, days_ago: i64, n: usize) -> BackupEntry {
        BackupEntry {
            path: PathBuf::from(format!("{kind:?}-{days_ago}-{n}.db")),
            kind,
            taken_at: now() - Duration::days(days_ago) - Duration::minutes(n as i64),
            encrypted: false,
        }
    }

    fn names(expired: Vec<&BackupEntry>) -> Vec<String> {
        let mut names: Vec<String> = expired
            .iter()
            .map(|b| b.path.display().to_string())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn keeps_everything_young_however_many() {
        let backups: Vec<_> = (0..50).map(|n| entry(BackupKind::Auto, 1, n)).collect();
        assert!(RotationPolicy::default()
            .expired(&backups, now())
            .is_empty());
    }

    #[test]
    fn keeps_the_newest_ten_however_old() {
        let backups: Vec<_> = (0..10).map(|n| entry(BackupKind::Auto, 400, n)).collect();
        assert!(RotationPolicy::default()
            .expired(&backups, now())
            .is_empty());
    }

    #[test]
    fn lets_go_only_what_is_both_beyond_the_count_and_old() {
        let mut backups: Vec<_> = (0..8).map(|n| entry(BackupKind::Auto, 2, n)).collect();
        backups.extend((0..5).map(|n| entry(BackupKind::Auto, 45, n)));
        // Newest 10: the 8 young ones and the two newest old ones; the other 3 old ones go.
        assert_eq!(
            names(RotationPolicy::default().expired(&backups, now())),
            ["Auto-45-2.db", "Auto-45-3.db", "Auto-45-4.db"]
        );
    }

    #[test]
    fn never_touches_backups_the_user_or_an_upgrade_made() {
        let mut backups: Vec<_> = (0..12).map(|n| entry(BackupKind::Auto, 1, n)).collect();
        for kind in [
            BackupKind::Manual,
            BackupKind::BeforeRestore,
            BackupKind::BeforeUpgrade { from: 1 },
        ] {
            backups.extend((0..20).map(|n| entry(kind, 900, n)));
        }
        assert!(RotationPolicy::default()
            .expired(&backups, now())
            .is_empty());
    }

    #[test]
    fn the_age_limit_is_exclusive_and_settable() {
        let policy = RotationPolicy {
            keep_newest: 1,
            keep_for: Duration::days(7),
        };
        let backups = vec![
            entry(BackupKind::Auto, 0, 0),
            BackupEntry {
                taken_at: now() - Duration::days(7),
                ..entry(BackupKind::Auto, 7, 0)
            },
            entry(BackupKind::Auto, 8, 0),
        ];
        assert_eq!(names(policy.expired(&backups, now())), ["Auto-8-0.db"]);
    }
}
