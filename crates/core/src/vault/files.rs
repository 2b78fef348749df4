//! The vault folder: files named by the SHA-256 of their bytes, written so that a crash or a
//! full disk never leaves a half file under a real name (temporary name, flush, verify, rename,
//! flush the folder), and read back only after their hash is checked.

use super::content::sha256_hex;
use crate::fs::atomic;
use crate::{Error, Result};
use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// What a temporary file's name contains while it is written (see `atomic::sibling`).
const TEMP_MARK: &str = ".writing-";

/// A temporary file older than this was left by a crash (an attach takes seconds at most).
const STALE_TEMP: Duration = Duration::from_secs(3600);

/// Puts `bytes` (whose hash is `sha256`) at `target` in the vault. Returns whether this call
/// created the file: `false` when a good copy was already there (the same document held by
/// another profile, or kept for an undo), which is then left as it is. A copy there whose bytes
/// no longer match is replaced with the good bytes.
pub(crate) fn place(target: &Path, sha256: &str, bytes: &[u8]) -> Result<bool> {
    if let Some(dir) = target.parent() {
        crate::fs::private::create_dir_all(dir).map_err(|source| Error::DataDir {
            path: dir.to_path_buf(),
            source,
        })?;
    }
    let existed = match std::fs::read(target) {
        Ok(found) if sha256_hex(&found) == sha256 => return Ok(false),
        Ok(_) => true,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => false,
        Err(source) => {
            return Err(Error::Io {
                path: target.to_path_buf(),
                source,
            })
        }
    };
    write_verified(target, sha256, bytes)?;
    Ok(!existed)
}

/// Writes `bytes` to `target` through a temporary file beside it: flushed to disk, read back
/// and hashed, and only then renamed over `target`. On any failure the temporary file is
/// removed and `target` is as it was.
pub(crate) fn write_verified(target: &Path, sha256: &str, bytes: &[u8]) -> Result<()> {
    // `<name>.writing-<pid>-<millis>`: see TEMP_MARK.
    let temp = atomic::sibling(target, "writing");
    let io = |path: &Path, source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let result = crate::fs::private::create_new_file(&temp)
        .and_then(|mut file| {
            file.write_all(bytes)?;
            file.sync_all()
        })
        .map_err(|source| io(&temp, source))
        .and_then(|()| {
            let written = std::fs::read(&temp).map_err(|source| io(&temp, source))?;
            if sha256_hex(&written) != sha256 {
                return Err(Error::VerificationFailed {
                    path: temp.clone(),
                    reason: crate::reason::Reason::said(
                        "读回的内容与写入的不一致",
                        "the bytes read back differ from those written",
                    ),
                });
            }
            atomic::rename(&temp, target)
        });
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

/// A vault file read back: its bytes when their hash is still the stored one.
pub(crate) enum Read {
    Good(Vec<u8>),
    Missing,
    Damaged,
}

pub(crate) fn read_checked(path: &Path, sha256: &str) -> Result<Read> {
    match std::fs::read(path) {
        Ok(bytes) if sha256_hex(&bytes) == sha256 => Ok(Read::Good(bytes)),
        Ok(_) => Ok(Read::Damaged),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Read::Missing),
        Err(source) => Err(Error::Io {
            path: path.to_path_buf(),
            source,
        }),
    }
}

/// Whether `name` is a vault file's name: 64 lower-case hex digits and one of our extensions.
pub(crate) fn hash_of_name(name: &str) -> Option<&str> {
    let (stem, extension) = name.split_once('.')?;
    let ours = ["pdf", "png", "jpg"].contains(&extension);
    let hex = stem.len() == 64
        && stem
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    (ours && hex).then_some(stem)
}

/// Moves `path` (a vault file) into `trash` under the same name. Its modification time is set
/// to now first, so that the trash's grace period counts from the removal, not from the day
/// the file was attached; a crash in between leaves it in the vault with a newer time only.
pub(crate) fn move_to_trash(path: &Path, trash: &Path) -> Result<PathBuf> {
    let io = |path: &Path, source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    crate::fs::private::create_dir_all(trash).map_err(|source| io(trash, source))?;
    std::fs::File::options()
        .write(true)
        .open(path)
        .and_then(|file| file.set_modified(SystemTime::now()))
        .map_err(|source| io(path, source))?;
    let target = trash.join(path.file_name().unwrap_or_default());
    atomic::rename(path, &target)?;
    Ok(target)
}

/// Puts a copy of `from` (a file of the old shared `vault/` folder, which another database
/// may still need there) at `target`: a hard link where the file system allows one (no second
/// copy on disk), else a copy of the bytes. Either is made under a temporary name and renamed,
/// so `target` is whole or absent; `from` is never changed.
pub(crate) fn link_or_copy(from: &Path, target: &Path) -> Result<()> {
    let temp = atomic::sibling(target, "writing");
    if std::fs::hard_link(from, &temp).is_ok() {
        return atomic::rename(&temp, target).inspect_err(|_| {
            let _ = std::fs::remove_file(&temp);
        });
    }
    let bytes = std::fs::read(from).map_err(|source| Error::Io {
        path: from.to_path_buf(),
        source,
    })?;
    write_verified(target, &sha256_hex(&bytes), &bytes)
}

/// Moves the files in `dir` that `keep` does not name into `trash`, and removes temporary
/// files a crash left behind; returns (moved to the trash, removed). Files not named as ours
/// are left alone.
pub(crate) fn trash_unreferenced(
    dir: &Path,
    trash: &Path,
    keep: &BTreeSet<String>,
) -> Result<(Vec<PathBuf>, Vec<PathBuf>)> {
    let mut trashed = Vec::new();
    let mut removed = Vec::new();
    for (path, name, age) in entries(dir)? {
        if hash_of_name(&name).is_some_and(|hash| !keep.contains(hash)) {
            trashed.push(move_to_trash(&path, trash)?);
        } else if name.contains(TEMP_MARK)
            && hash_of_name(name.split(TEMP_MARK).next().unwrap_or("")).is_some()
            && age.is_some_and(|age| age > STALE_TEMP)
        {
            atomic::remove_if_exists(&path)?;
            removed.push(path);
        }
    }
    trashed.sort();
    removed.sort();
    Ok((trashed, removed))
}

/// The vault files in `trash` that have been there longer than `grace`, with their hashes.
pub(crate) fn expired(trash: &Path, grace: Duration) -> Result<Vec<(PathBuf, String)>> {
    let mut found: Vec<_> = entries(trash)?
        .into_iter()
        .filter(|(_, _, age)| age.is_some_and(|age| age > grace))
        .filter_map(|(path, name, _)| Some((path, hash_of_name(&name)?.to_string())))
        .collect();
    found.sort();
    Ok(found)
}

/// The regular files in `dir` (none if it does not exist): path, name, and age by
/// modification time (`None` when unknown or in the future: never old enough to delete).
fn entries(dir: &Path) -> Result<Vec<(PathBuf, String, Option<Duration>)>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => {
            return Err(Error::Io {
                path: dir.to_path_buf(),
                source,
            })
        }
    };
    Ok(entries
        .filter_map(|e| e.ok())
        .filter_map(|entry| {
            let path = entry.path();
            let name = path.file_name()?.to_str()?.to_string();
            let metadata = entry.metadata().ok().filter(|m| m.is_file())?;
            let age = metadata
                .modified()
                .ok()
                .and_then(|t| SystemTime::now().duration_since(t).ok());
            Some((path, name, age))
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    const HASH: &str = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    #[test]
    fn names_are_recognised_exactly() {
        assert_eq!(hash_of_name(&format!("{HASH}.pdf")), Some(HASH));
        assert_eq!(hash_of_name(&format!("{HASH}.jpg")), Some(HASH));
        for other in [
            format!("{HASH}.txt"),
            format!("{}.pdf", HASH.to_uppercase()),
            format!("{}.pdf", &HASH[1..]),
            format!("{HASH}.pdf.writing-1-2"),
            "notes.pdf".to_string(),
        ] {
            assert_eq!(hash_of_name(&other), None, "{other}");
        }
    }

    #[test]
    fn a_failed_write_leaves_no_temporary_file_and_the_target_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        // A folder where the file should go: the rename fails after the write.
        let target = dir.path().join(format!("{HASH}.pdf"));
        std::fs::create_dir(&target).unwrap();
        assert!(write_verified(&target, HASH, b"abc").is_err());
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, [std::ffi::OsString::from(format!("{HASH}.pdf"))]);
        assert!(target.is_dir());
    }

    #[test]
    fn pruning_trashes_unreferenced_files_and_removes_old_temporaries_only() {
        let dir = tempfile::tempdir().unwrap();
        let trash = dir.path().join("trash");
        let other = "0".repeat(64);
        let touch = |name: &str, age: Duration| {
            let file = std::fs::File::create(dir.path().join(name)).unwrap();
            file.set_modified(SystemTime::now() - age).unwrap();
        };
        let month = Duration::from_secs(40 * 24 * 3600);
        touch(&format!("{HASH}.pdf"), Duration::ZERO);
        touch(&format!("{other}.png"), month);
        touch(
            &format!("{other}.png.writing-12-1700000000000"),
            Duration::from_secs(7200),
        );
        touch(
            &format!("{HASH}.pdf.writing-13-1700000000000"),
            Duration::from_secs(60),
        );
        touch("notes.txt", Duration::from_secs(7200));
        let keep = BTreeSet::from([HASH.to_string()]);
        let (trashed, removed) = trash_unreferenced(dir.path(), &trash, &keep).unwrap();
        assert_eq!(trashed, [trash.join(format!("{other}.png"))]);
        assert_eq!(
            removed,
            [dir.path()
                .join(format!("{other}.png.writing-12-1700000000000"))]
        );
        let mut left: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(
            left,
            [
                format!("{HASH}.pdf"),
                format!("{HASH}.pdf.writing-13-1700000000000"),
                "notes.txt".to_string(),
                "trash".to_string(),
            ],
            "a referenced file, a temporary one still being written, a foreign file"
        );
        // The grace period counts from the move, not from the file's own (old) time.
        assert!(expired(&trash, Duration::from_secs(3600))
            .unwrap()
            .is_empty());
        assert_eq!(
            expired(&trash, Duration::ZERO).unwrap(),
            [(trash.join(format!("{other}.png")), other.clone())]
        );
        let none = dir.path().join("none");
        assert_eq!(
            trash_unreferenced(&none, &trash, &keep).unwrap(),
            (vec![], vec![])
        );
        assert!(expired(&none, Duration::ZERO).unwrap().is_empty());
    }

    #[test]
    fn a_linked_or_copied_file_leaves_its_source_alone() {
        let dir = tempfile::tempdir().unwrap();
        let from = dir.path().join("from.pdf");
        std::fs::write(&from, b"abc").unwrap();
        let target = dir.path().join(format!("{HASH}.pdf"));
        link_or_copy(&from, &target).unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"abc");
        assert_eq!(std::fs::read(&from).unwrap(), b"abc");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
    }

    #[test]
    fn a_damaged_copy_is_replaced_and_a_good_one_kept() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("vault").join(format!("{HASH}.pdf"));
        assert!(place(&target, HASH, b"abc").unwrap(), "created");
        assert!(!place(&target, HASH, b"abc").unwrap(), "already there");
        std::fs::write(&target, b"abd").unwrap();
        assert!(
            !place(&target, HASH, b"abc").unwrap(),
            "healed, not created"
        );
        assert_eq!(std::fs::read(&target).unwrap(), b"abc");
    }
}
