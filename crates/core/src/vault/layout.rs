//! Where a database's vault files lie, and how they get there from the old layout and back
//! from the trash.
//!
//! **One folder per database: `<database file name>.vault/`** beside it (`shebao.db.vault/`),
//! named like the key file (`shebao.db.salt`). The whole file name, not the stem: `a.db` and
//! `a.sqlite` in one folder must not share a vault. Before, all databases in a folder shared
//! `vault/`, and one database's prune deleted the files of another (issue 14).
//!
//! **Trash: `<name>.vault/trash/`.** A removed document's file, and a file prune finds no row
//! naming, is moved there, not deleted; prune empties it only of files older than
//! [`TRASH_GRACE`] that no database or backup in the folder names.
//!
//! **Settling** ([`settle`], run before every vault operation): each file a row names that is
//! not in the vault folder is brought there — from the trash (an undo, a restored backup), or
//! from the old shared `vault/` folder (the migration). A file only this database names moves
//! by rename; one that another database or a backup names too (or might: one of them cannot be
//! read) is hard-linked or copied, so the old folder keeps it for them. Every step is a rename
//! of a whole file, so a crash loses nothing and the next operation finishes the work.

use super::files;
use crate::fs::atomic;
use crate::{Result, Store};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How long a file stays in the trash before prune may delete it: 30 days, long enough to
/// notice a wrong removal or to restore a backup taken before it.
pub const TRASH_GRACE: Duration = Duration::from_secs(30 * 24 * 3600);

/// `<folder of the database>/<database file name>.vault`.
pub fn vault_dir(db: &Path) -> PathBuf {
    let mut name = db.file_name().unwrap_or_default().to_os_string();
    name.push(".vault");
    db.with_file_name(name)
}

/// `<vault folder>/trash`.
pub fn trash_dir(db: &Path) -> PathBuf {
    vault_dir(db).join("trash")
}

/// The folder all databases in a folder shared before: `<folder of the database>/vault`.
pub fn legacy_vault_dir(db: &Path) -> PathBuf {
    db.parent().unwrap_or(Path::new(".")).join("vault")
}

/// Brings every file a row names into the vault folder, from the trash or the old shared
/// folder, where it is not there yet. Cheap when nothing is missing: one query and a look at
/// each file. Other databases are read only when a file comes from the old folder.
pub(crate) fn settle(store: &Store) -> Result<()> {
    let dir = vault_dir(store.path());
    let trash = trash_dir(store.path());
    let legacy = legacy_vault_dir(store.path());
    let mut from_legacy = Vec::new();
    for (sha256, media_type) in store.document_files()? {
        let name = format!("{sha256}.{}", media_type.extension());
        let target = dir.join(&name);
        if target.is_file() {
            continue;
        }
        if trash.join(&name).is_file() {
            atomic::rename(&trash.join(&name), &target)?;
        } else if legacy.join(&name).is_file() {
            from_legacy.push((sha256, name));
        }
    }
    if from_legacy.is_empty() {
        return Ok(());
    }
    crate::fs::private::create_dir_all(&dir).map_err(|source| crate::Error::DataDir {
        path: dir.clone(),
        source,
    })?;
    let elsewhere = store.documents_named_elsewhere();
    for (sha256, name) in from_legacy {
        let (from, target) = (legacy.join(&name), dir.join(&name));
        if elsewhere.unreadable.is_empty() && !elsewhere.hashes.contains(&sha256) {
            atomic::rename(&from, &target)?;
        } else {
            files::link_or_copy(&from, &target)?;
        }
    }
    Ok(())
}
