//! The official-document vault: 参保证明 and 个人权益记录单 (PDFs, or scans and photos) kept with a
//! profile, in `<database file name>.vault/` beside the database (see [`layout`] for the
//! folder, its trash and the migration from the old shared `vault/`).
//!
//! **Files by content.** Each file is named by the SHA-256 of its bytes (`<sha256>.pdf`), so
//! the same file attached twice is found at once, two family members holding the same file
//! share one copy, and every read can check the bytes are still the ones attached.
//!
//! **Order of writes.** Attaching writes the file first (temporary name, flush, read back and
//! hash, rename) and the row after it; if the row cannot be written, a file this attach created
//! is removed again, so a failed attach leaves neither. Removing deletes the row first and
//! moves the file to the trash after it, and only when no other row names it; a crash in
//! between leaves an unreferenced file, never a row without its file. Deleting a profile takes
//! its rows into the undo snapshot and leaves the files for the undo; [`prune`] moves files no
//! row names to the trash, and deletes from the trash only what no database or backup in the
//! folder names, after [`TRASH_GRACE`].
//!
//! **Not encrypted.** The files are kept as they were downloaded, also when the database is
//! encrypted (see docs/vault.md and docs/security.md).
//!
//! The module map: [`content`] what may go in (type by signature, size limit) · `files` the
//! files themselves · [`layout`] which folder, the trash and the migration · this file,
//! attach/list/open/export/remove/prune and the certificate age limit.

mod content;
mod files;
pub mod layout;

pub use content::{
    document_from_bytes, read_document, sha256_hex, sniff, DocumentFile, MAX_DOCUMENT_BYTES,
};

use crate::fs::atomic;
use crate::model::{DocumentId, DocumentType, ProfileId, VaultDocument};
use crate::store::vault::NewDocumentRow;
use crate::{Error, Result, Store};
use chrono::NaiveDate;
use files::Read;
pub use layout::{legacy_vault_dir, trash_dir, vault_dir, TRASH_GRACE};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// A certificate older than this many days is out of date, unless a setting says otherwise:
/// offices usually ask for one issued within the last three months.
pub const DEFAULT_CERTIFICATE_MAX_AGE_DAYS: u32 = 90;

/// The longest note kept with a document, in characters.
pub const MAX_NOTE_CHARS: usize = 1000;

/// Where a document's file lies (whether or not it is there).
pub fn document_path(store: &Store, document: &VaultDocument) -> PathBuf {
    vault_dir(store.path()).join(document.file_name())
}

/// What the user says about a document when attaching it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDocument {
    pub doc_type: DocumentType,
    /// The date it was issued, if known; not after today.
    pub document_date: Option<NaiveDate>,
    pub note: Option<String>,
}

/// Attaches a file read with [`read_document`] to `profile`. `today` bounds the document date.
///
/// Refused, with nothing written: an unknown profile, a file the profile already holds
/// ([`Error::DocumentDuplicate`]), a document date after today, a note longer than
/// [`MAX_NOTE_CHARS`].
pub fn attach(
    store: &mut Store,
    profile: ProfileId,
    file: &DocumentFile,
    new: &NewDocument,
    today: NaiveDate,
) -> Result<VaultDocument> {
    if let Some(date) = new.document_date.filter(|d| *d > today) {
        return Err(Error::InvalidField {
            field: "document_date",
            value: date.to_string(),
        });
    }
    let note = new.note.as_deref().map(str::trim).filter(|n| !n.is_empty());
    if let Some(note) = note.filter(|n| n.chars().count() > MAX_NOTE_CHARS) {
        return Err(Error::InvalidField {
            field: "note",
            value: format!("{}…", note.chars().take(20).collect::<String>()),
        });
    }
    // Checked before the disk is touched, so that a refused attach writes no file; the insert
    // checks again inside its transaction.
    if store.profile(profile)?.is_none() {
        return Err(Error::UnknownProfile {
            query: profile.to_string(),
        });
    }
    if let Some(id) = store.document_by_hash(profile, &file.sha256)? {
        return Err(Error::DocumentDuplicate { id });
    }
    let name = format!("{}.{}", file.sha256, file.media_type.extension());
    let target = vault_dir(store.path()).join(&name);
    // The same file removed earlier comes back from the trash rather than being written again.
    let trashed = trash_dir(store.path()).join(&name);
    if !target.is_file() && trashed.is_file() {
        atomic::rename(&trashed, &target)?;
    }
    let created = files::place(&target, &file.sha256, &file.bytes)?;
    let row = NewDocumentRow {
        profile,
        doc_type: new.doc_type,
        sha256: &file.sha256,
        size: file.size(),
        media_type: file.media_type,
        original_name: &file.original_name,
        document_date: new.document_date,
        note,
    };
    store.insert_document(&row).inspect_err(|_| {
        // Only a file this attach made, and only if no row names it meanwhile.
        if created && !store.document_hash_in_use(&file.sha256).unwrap_or(true) {
            let _ = atomic::remove_if_exists(&target);
        }
    })
}

/// A document as listed: the row, where its file is, and whether the file is there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ListedDocument {
    #[serde(flatten)]
    pub document: VaultDocument,
    pub file: PathBuf,
    /// False when the file was removed outside the app (or the database was restored from a
    /// backup older than the removal).
    pub present: bool,
}

/// A profile's documents, the most recent first. Checks that each file is there, not its hash
/// (that is done on open and export). A file found in the trash or the old shared folder is
/// first brought back (see [`layout`]).
pub fn list(store: &Store, profile: ProfileId) -> Result<Vec<ListedDocument>> {
    layout::settle(store)?;
    Ok(store
        .documents(profile)?
        .into_iter()
        .map(|document| {
            let file = document_path(store, &document);
            ListedDocument {
                present: file.is_file(),
                file,
                document,
            }
        })
        .collect())
}

/// The document's file, after checking it is there and unchanged: a path to open.
pub fn open(store: &Store, id: DocumentId) -> Result<PathBuf> {
    let document = find(store, id)?;
    layout::settle(store)?;
    let path = document_path(store, &document);
    checked_bytes(&document, &path)?;
    Ok(path)
}

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExportedDocument {
    pub id: DocumentId,
    pub path: PathBuf,
    pub sha256: String,
    pub size: u64,
}

/// Copies the document out to `out` (replaced if it exists): the vault file's hash is checked
/// before anything is written, and the copy is flushed, read back and checked before it takes
/// the name `out`. A failed export leaves `out` as it was.
pub fn export(store: &Store, id: DocumentId, out: &Path) -> Result<ExportedDocument> {
    let document = find(store, id)?;
    layout::settle(store)?;
    let bytes = checked_bytes(&document, &document_path(store, &document))?;
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|source| Error::Io {
            path: dir.to_path_buf(),
            source,
        })?;
    }
    files::write_verified(out, &document.sha256, &bytes)?;
    Ok(ExportedDocument {
        id,
        path: out.to_path_buf(),
        sha256: document.sha256,
        size: document.size,
    })
}

/// [`export`] into `folder` under the name [`crate::file_names::vault_copy_name`] gives it.
pub fn export_to_folder(store: &Store, id: DocumentId, folder: &Path) -> Result<ExportedDocument> {
    let name = crate::file_names::vault_copy_name(&find(store, id)?);
    export(store, id, &folder.join(name))
}

/// What a removal did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RemovedDocument {
    pub document: VaultDocument,
    /// Whether the file left the vault for its trash (it stays while another profile holds
    /// the same file).
    pub file_removed: bool,
}

/// Removes a document: its row, then moves its file to the trash unless another row names the
/// same file. The file is deleted only by a later [`prune`], after [`TRASH_GRACE`].
pub fn remove(store: &mut Store, id: DocumentId) -> Result<RemovedDocument> {
    let document = find(store, id)?;
    // Before the row goes: a file still in the old shared folder is this database's to trash.
    layout::settle(store)?;
    store.delete_document_row(id)?;
    let path = document_path(store, &document);
    let file_removed = !store.document_hash_in_use(&document.sha256)? && path.is_file();
    if file_removed {
        files::move_to_trash(&path, &trash_dir(store.path()))?;
    }
    Ok(RemovedDocument {
        document,
        file_removed,
    })
}

/// What [`prune`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PruneReport {
    /// Vault files no row of this database names, now in the trash.
    pub trashed: Vec<PathBuf>,
    /// Deleted for good: files in the trash for longer than [`TRASH_GRACE`] that no database or
    /// backup in the folder names, and temporary files a crash left.
    pub removed: Vec<PathBuf>,
    /// Databases and backups in the folder that could not be read (encrypted with another
    /// key, damaged, unreadable): while there is one, nothing is deleted from the trash.
    pub unreadable: Vec<PathBuf>,
}

/// Moves the vault files that no row names (left by deleted profiles once their undo is gone,
/// by restoring an older backup, or by a crash between a removal's two steps) to the trash,
/// removes temporary files a crash left, and empties the trash of files older than
/// [`TRASH_GRACE`] — but never of a file that another database in the folder, or a backup in
/// its `backups/`, still names, and of nothing at all while one of them cannot be read (it
/// might name any file). Call it only when no deleted profile may still be restored: the
/// desktop app keeps an undo until it closes.
pub fn prune(store: &Store) -> Result<PruneReport> {
    layout::settle(store)?;
    let named_here = store.document_hashes()?;
    let trash = trash_dir(store.path());
    let (trashed, mut removed) =
        files::trash_unreferenced(&vault_dir(store.path()), &trash, &named_here)?;
    let expired = files::expired(&trash, TRASH_GRACE)?;
    let mut unreadable = Vec::new();
    if !expired.is_empty() {
        let elsewhere = store.documents_named_elsewhere();
        if elsewhere.unreadable.is_empty() {
            for (path, sha256) in expired {
                if !named_here.contains(&sha256) && !elsewhere.hashes.contains(&sha256) {
                    atomic::remove_if_exists(&path)?;
                    removed.push(path);
                }
            }
        }
        unreadable = elsewhere.unreadable;
    }
    removed.sort();
    Ok(PruneReport {
        trashed,
        removed,
        unreadable,
    })
}

fn find(store: &Store, id: DocumentId) -> Result<VaultDocument> {
    store.document(id)?.ok_or(Error::UnknownDocument { id })
}

fn checked_bytes(document: &VaultDocument, path: &Path) -> Result<Vec<u8>> {
    match files::read_checked(path, &document.sha256)? {
        Read::Good(bytes) => Ok(bytes),
        Read::Missing => Err(Error::DocumentMissing {
            id: document.id,
            path: path.to_path_buf(),
        }),
        Read::Damaged => Err(Error::DocumentDamaged {
            id: document.id,
            path: path.to_path_buf(),
        }),
    }
}

/// Where a certificate age limit came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MaxAgeSetBy {
    Profile,
    Global,
    Default,
}

/// After how many days a profile's newest certificate is out of date, and who said so.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CertificateMaxAge {
    pub days: u32,
    pub set_by: MaxAgeSetBy,
}

impl Default for CertificateMaxAge {
    fn default() -> Self {
        CertificateMaxAge {
            days: DEFAULT_CERTIFICATE_MAX_AGE_DAYS,
            set_by: MaxAgeSetBy::Default,
        }
    }
}

/// The limit for `profile`: its own setting, else the global one, else the default.
pub fn certificate_max_age(store: &Store, profile: ProfileId) -> Result<CertificateMaxAge> {
    if let Some(days) = store.certificate_max_age_setting(Some(profile))? {
        return Ok(CertificateMaxAge {
            days,
            set_by: MaxAgeSetBy::Profile,
        });
    }
    Ok(match store.certificate_max_age_setting(None)? {
        Some(days) => CertificateMaxAge {
            days,
            set_by: MaxAgeSetBy::Global,
        },
        None => CertificateMaxAge::default(),
    })
}
