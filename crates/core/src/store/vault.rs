//! The vault's rows: which documents each profile holds, and the certificate-age settings. The
//! files themselves are [`crate::vault`]'s business; this module only reads and writes rows —
//! its own, and, read-only, the rows of the other databases and backups in the same folder,
//! so that no file they still name is ever deleted (see [`Store::documents_named_elsewhere`]).

use super::file_life::file_check::{self, FileState};
use super::settings::SettingKey;
use super::{backup_dir, connect, now_text, Access, Store};
use crate::model::{DocumentId, DocumentType, MediaType, ProfileId, VaultDocument};
use crate::{Error, Result};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, OptionalExtension, Row};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

const COLUMNS: &str = "id, profile_id, doc_type, sha256, size_bytes, media_type, original_name, \
                       document_date, note, attached_at";

/// The key of the global certificate-age setting in `settings`.
const GLOBAL_MAX_AGE_KEY: SettingKey = SettingKey::CertificateMaxAgeDays;

/// A row to insert; the file named by `sha256` must already be in the vault.
#[derive(Debug, Clone)]
pub(crate) struct NewDocumentRow<'a> {
    pub profile: ProfileId,
    pub doc_type: DocumentType,
    pub sha256: &'a str,
    pub size: u64,
    pub media_type: MediaType,
    pub original_name: &'a str,
    pub document_date: Option<NaiveDate>,
    pub note: Option<&'a str>,
}

impl Store {
    /// Inserts a document row in one transaction: refused when the profile is unknown or
    /// already holds this file.
    pub(crate) fn insert_document(&mut self, row: &NewDocumentRow<'_>) -> Result<VaultDocument> {
        let tx = self.conn.transaction()?;
        let known: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM profiles WHERE id = ?1)",
            [row.profile],
            |r| r.get(0),
        )?;
        if !known {
            return Err(Error::UnknownProfile {
                query: row.profile.to_string(),
            });
        }
        if let Some(existing) = by_hash(&tx, row.profile, row.sha256)? {
            return Err(Error::DocumentDuplicate { id: existing });
        }
        tx.execute(
            "INSERT INTO vault_documents (profile_id, doc_type, sha256, size_bytes, media_type,
                 original_name, document_date, note, attached_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                row.profile,
                row.doc_type,
                row.sha256,
                row.size as i64,
                row.media_type,
                row.original_name,
                row.document_date.map(|d| d.format("%Y-%m-%d").to_string()),
                row.note,
                now_text(),
            ],
        )?;
        let id = tx.last_insert_rowid();
        tx.commit()?;
        Ok(self.document(id)?.expect("just inserted"))
    }

    pub fn document(&self, id: DocumentId) -> Result<Option<VaultDocument>> {
        Ok(self
            .conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM vault_documents WHERE id = ?1"),
                [id],
                from_row,
            )
            .optional()?)
    }

    /// A profile's documents, the most recent first (by document date, else the day attached).
    pub fn documents(&self, profile: ProfileId) -> Result<Vec<VaultDocument>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM vault_documents WHERE profile_id = ?1
             ORDER BY coalesce(document_date, substr(attached_at, 1, 10)) DESC, id DESC"
        ))?;
        let rows = stmt.query_map([profile], from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The id of the profile's document with this file, if it holds it.
    pub fn document_by_hash(&self, profile: ProfileId, sha256: &str) -> Result<Option<DocumentId>> {
        by_hash(&self.conn, profile, sha256)
    }

    /// Deletes a document's row; returns whether there was one.
    pub(crate) fn delete_document_row(&mut self, id: DocumentId) -> Result<bool> {
        Ok(self
            .conn
            .execute("DELETE FROM vault_documents WHERE id = ?1", [id])?
            > 0)
    }

    /// Whether any row (of any profile) names this file.
    pub(crate) fn document_hash_in_use(&self, sha256: &str) -> Result<bool> {
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM vault_documents WHERE sha256 = ?1)",
            [sha256],
            |r| r.get(0),
        )?)
    }

    /// Every file some row names.
    pub(crate) fn document_hashes(&self) -> Result<BTreeSet<String>> {
        let mut stmt = self
            .conn
            .prepare("SELECT DISTINCT sha256 FROM vault_documents")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every file some row names, with its type (which gives the file's extension).
    pub(crate) fn document_files(&self) -> Result<BTreeSet<(String, MediaType)>> {
        let mut stmt = self
            .conn
            .prepare("SELECT DISTINCT sha256, media_type FROM vault_documents")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The files named by the rows of every OTHER database in this database's folder and of
    /// every backup in its `backups/` folder (which may be this database's own older states,
    /// or another's: backups are not labelled with their database). Each is opened read-only
    /// and only `vault_documents` is read: nothing is migrated, created or written.
    ///
    /// An encrypted file is tried with this database's own key (its backups carry the same
    /// key); one that still cannot be read, or any file or folder that fails to open, is listed
    /// in [`NamedElsewhere::unreadable`]: what it names is unknown, and the caller must treat
    /// every file as possibly named. Files that are not SQLite databases are skipped.
    pub(crate) fn documents_named_elsewhere(&self) -> NamedElsewhere {
        let mut named = NamedElsewhere::default();
        let folder = match self.path.parent().filter(|d| !d.as_os_str().is_empty()) {
            Some(dir) => dir.to_path_buf(),
            None => PathBuf::from("."),
        };
        let me = std::fs::canonicalize(&self.path).unwrap_or_else(|_| self.path.clone());
        for dir in [folder, backup_dir(&self.path)] {
            let entries = match std::fs::read_dir(&dir) {
                Ok(entries) => entries,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                Err(_) => {
                    named.unreadable.push(dir);
                    continue;
                }
            };
            for entry in entries {
                let Ok(entry) = entry else {
                    named.unreadable.push(dir.clone());
                    continue;
                };
                let path = entry.path();
                let is_me = std::fs::canonicalize(&path).is_ok_and(|p| p == me);
                if is_me || !path.is_file() {
                    continue;
                }
                match self.hashes_in(&path) {
                    Ok(hashes) => named.hashes.extend(hashes),
                    Err(()) => named.unreadable.push(path),
                }
            }
        }
        named
    }

    /// The files `path`'s rows name: none when it is not an SQLite database (or one without a
    /// vault); `Err` when it is, or may be, one that cannot be read.
    fn hashes_in(&self, path: &Path) -> std::result::Result<BTreeSet<String>, ()> {
        let key = match file_check::inspect(path, i64::MAX) {
            Ok(FileState::New) | Err(Error::NotADatabase { .. }) => return Ok(BTreeSet::new()),
            Ok(FileState::Plain) => None,
            Ok(FileState::Encrypted(_)) => Some(self.key.as_ref().ok_or(())?),
            Err(_) => return Err(()),
        };
        let conn = connect(path, key.map(|k| &k.key), Access::ReadOnly).map_err(|_| ())?;
        let has_vault: bool = conn
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM sqlite_master
                                WHERE type = 'table' AND name = 'vault_documents')",
                [],
                |r| r.get(0),
            )
            .map_err(|_| ())?;
        if !has_vault {
            return Ok(BTreeSet::new());
        }
        let mut stmt = conn
            .prepare("SELECT DISTINCT sha256 FROM vault_documents")
            .map_err(|_| ())?;
        let rows = stmt.query_map([], |r| r.get(0)).map_err(|_| ())?;
        rows.collect::<rusqlite::Result<_>>().map_err(|_| ())
    }

    /// The certificate age limit set for `profile` (or, with `None`, the global one), if set.
    pub fn certificate_max_age_setting(&self, profile: Option<ProfileId>) -> Result<Option<u32>> {
        match profile {
            Some(profile) => Ok(self
                .conn
                .query_row(
                    "SELECT certificate_max_age_days FROM vault_settings WHERE profile_id = ?1",
                    [profile],
                    |r| r.get(0),
                )
                .optional()?),
            None => Ok(self
                .setting(GLOBAL_MAX_AGE_KEY)?
                .and_then(|text| text.parse().ok())),
        }
    }

    /// Sets (or with `None` clears) the certificate age limit for `profile`, or globally.
    /// `days` must be 1 to 3650.
    pub fn set_certificate_max_age(
        &self,
        profile: Option<ProfileId>,
        days: Option<u32>,
    ) -> Result<()> {
        if let Some(days) = days.filter(|d| !(1..=3650).contains(d)) {
            return Err(Error::InvalidField {
                field: "max_age_days",
                value: days.to_string(),
            });
        }
        match (profile, days) {
            (Some(profile), Some(days)) => {
                self.conn
                    .execute(
                        "INSERT INTO vault_settings (profile_id, certificate_max_age_days)
                         VALUES (?1, ?2)
                         ON CONFLICT (profile_id) DO UPDATE
                         SET certificate_max_age_days = excluded.certificate_max_age_days",
                        params![profile, days],
                    )
                    .map_err(|e| unknown_profile(e, profile))?;
            }
            (Some(profile), None) => {
                self.conn.execute(
                    "DELETE FROM vault_settings WHERE profile_id = ?1",
                    [profile],
                )?;
            }
            (None, Some(days)) => self.set_setting(GLOBAL_MAX_AGE_KEY, &days.to_string())?,
            (None, None) => {
                self.conn
                    .execute("DELETE FROM settings WHERE key = ?1", [GLOBAL_MAX_AGE_KEY])?;
            }
        }
        Ok(())
    }
}

/// What the other databases and backups beside a database name; see
/// [`Store::documents_named_elsewhere`].
#[derive(Debug, Default)]
pub(crate) struct NamedElsewhere {
    pub hashes: BTreeSet<String>,
    /// Databases and backups (or folders) that could not be read: they may name any file.
    pub unreadable: Vec<PathBuf>,
}

fn by_hash(
    conn: &rusqlite::Connection,
    profile: ProfileId,
    sha256: &str,
) -> Result<Option<DocumentId>> {
    Ok(conn
        .query_row(
            "SELECT id FROM vault_documents WHERE profile_id = ?1 AND sha256 = ?2",
            params![profile, sha256],
            |r| r.get(0),
        )
        .optional()?)
}

fn unknown_profile(error: rusqlite::Error, profile: ProfileId) -> Error {
    if error.sqlite_error_code() == Some(rusqlite::ErrorCode::ConstraintViolation) {
        return Error::UnknownProfile {
            query: profile.to_string(),
        };
    }
    Error::Database(error)
}

fn from_row(row: &Row<'_>) -> rusqlite::Result<VaultDocument> {
    let bad = |i: usize, e: Box<dyn std::error::Error + Send + Sync>| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, e)
    };
    let document_date: Option<String> = row.get(7)?;
    let attached_at: String = row.get(9)?;
    let size: i64 = row.get(4)?;
    Ok(VaultDocument {
        id: row.get(0)?,
        profile: row.get(1)?,
        doc_type: row.get(2)?,
        sha256: row.get(3)?,
        size: size as u64,
        media_type: row.get(5)?,
        original_name: row.get(6)?,
        document_date: document_date
            .map(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d"))
            .transpose()
            .map_err(|e| bad(7, Box::new(e)))?,
        note: row.get(8)?,
        attached_at: DateTime::parse_from_rfc3339(&attached_at)
            .map_err(|e| bad(9, Box::new(e)))?
            .with_timezone(&Utc),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::MIGRATIONS;

    #[test]
    fn a_version_4_database_gains_the_vault_and_keeps_its_profiles() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("shebao.db");
        let v4 = Store::open_with(&path, None, &MIGRATIONS[..4]).unwrap();
        v4.conn
            .execute_batch(
                "INSERT INTO profiles (id, name, employment, created_at)
                 VALUES (3, '甲', 'employee', 't')",
            )
            .unwrap();
        drop(v4);
        let mut store = Store::open(&path).unwrap();
        assert_eq!(
            store.schema_version().unwrap(),
            crate::store::SCHEMA_VERSION
        );
        assert!(store.documents(3).unwrap().is_empty());
        let row = NewDocumentRow {
            profile: 3,
            doc_type: DocumentType::Certificate,
            sha256: &"a".repeat(64),
            size: 10,
            media_type: MediaType::Pdf,
            original_name: "a.pdf",
            document_date: NaiveDate::from_ymd_opt(2026, 1, 2),
            note: None,
        };
        let document = store.insert_document(&row).unwrap();
        assert_eq!(store.documents(3).unwrap(), std::slice::from_ref(&document));
        assert!(matches!(
            store.insert_document(&row),
            Err(Error::DocumentDuplicate { id }) if id == document.id
        ));
        assert!(matches!(
            store.insert_document(&NewDocumentRow {
                profile: 9,
                ..row.clone()
            }),
            Err(Error::UnknownProfile { .. })
        ));
        // The table's own checks keep out what the code never writes.
        for bad in [
            "UPDATE vault_documents SET sha256 = 'ABC'",
            "UPDATE vault_documents SET doc_type = 'passport'",
            "UPDATE vault_documents SET size_bytes = 0",
            "UPDATE vault_documents SET document_date = '2026-1-2'",
        ] {
            assert!(store.conn.execute(bad, []).is_err(), "{bad}");
        }
    }
}
