//! File moves that survive a crash or a power cut: write beside, flush, rename, flush the folder.
//!
//! A rename within one folder is atomic: a reader sees the old file or the new one, never half
//! of either. Flushing the folder afterwards makes the rename itself durable on Unix.

use crate::{Error, Result};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path` so that `path` afterwards holds either its old content or all of the
/// new, whatever happens in between: a crash never leaves a half-written key file, rules file,
/// export or chart under the real name. The file is private (see `fs::private`) from its first
/// byte: what is written is personal data or key material, and an export's folder may be
/// readable by others. The one atomic write of the crate.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let temp = sibling(path, "writing");
    let written = crate::fs::private::create_file(&temp)
        .and_then(|mut file| {
            file.write_all(bytes)?;
            file.sync_all()
        })
        .map_err(|source| io(&temp, source));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&temp);
        return Err(e);
    }
    rename(&temp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&temp);
    })
}

/// Renames `from` over `to` (replacing it) and flushes the folder.
pub fn rename(from: &Path, to: &Path) -> Result<()> {
    std::fs::rename(from, to).map_err(|source| io(to, source))?;
    sync_dir(to);
    Ok(())
}

/// Removes `path` if it exists and flushes the folder.
pub fn remove_if_exists(path: &Path) -> Result<()> {
    match std::fs::remove_file(path) {
        Ok(()) => {
            sync_dir(path);
            Ok(())
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(source) => Err(io(path, source)),
    }
}

/// A name beside `path` for a file being prepared, unique to this process and moment, so two
/// runs never share one: `shebao.db` → `shebao.db.converting-1234-1732851000123`.
pub fn sibling(path: &Path, purpose: &str) -> PathBuf {
    let stamp = chrono::Utc::now().timestamp_millis();
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".{purpose}-{}-{stamp}", std::process::id()));
    path.with_file_name(name)
}

/// Makes renames and removals in `path`'s folder durable. Only Unix can open a folder to flush
/// it; elsewhere the file system journals the rename itself.
fn sync_dir(path: &Path) {
    #[cfg(unix)]
    {
        // A bare file name (`export.pdf`) lies in the current folder.
        let dir = match path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir,
            _ => Path::new("."),
        };
        if let Ok(dir) = std::fs::File::open(dir) {
            let _ = dir.sync_all();
        }
    }
    #[cfg(not(unix))]
    let _ = path;
}

fn io(path: &Path, source: std::io::Error) -> Error {
    Error::Io {
        path: path.to_path_buf(),
        source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(dir: &Path) -> usize {
        std::fs::read_dir(dir).unwrap().count()
    }

    #[test]
    fn a_write_replaces_the_whole_file_and_leaves_nothing_beside_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("statement.pdf");
        std::fs::write(&path, b"old content, longer than the new").unwrap();
        write_atomic(&path, b"new").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        assert_eq!(entries(dir.path()), 1, "no temporary file left beside it");
    }

    #[cfg(unix)]
    #[test]
    fn a_new_file_is_private_and_an_existing_one_becomes_private_by_replacement() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("rules.json");
        std::fs::write(&path, b"{}").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        write_atomic(&path, b"[]").unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }

    #[test]
    fn a_failed_write_names_the_path_and_leaves_the_old_file_whole() {
        let dir = tempfile::tempdir().unwrap();
        // A folder where the file should go: the temporary file is written, the rename fails.
        let path = dir.path().join("taken");
        std::fs::create_dir(&path).unwrap();
        std::fs::write(path.join("inside"), b"kept").unwrap();
        match write_atomic(&path, b"new") {
            Err(Error::Io { path: named, .. }) => assert_eq!(named, path),
            other => panic!("expected an I/O error naming the path, got {other:?}"),
        }
        assert_eq!(std::fs::read(path.join("inside")).unwrap(), b"kept");
        assert_eq!(entries(dir.path()), 1, "no temporary file left beside it");

        let missing = dir.path().join("no-folder/file");
        match write_atomic(&missing, b"new") {
            Err(Error::Io { path: named, .. }) => assert!(named.starts_with(dir.path())),
            other => panic!("expected an I/O error, got {other:?}"),
        }
        assert_eq!(entries(dir.path()), 1);
    }

    #[test]
    fn siblings_stay_in_the_folder_and_never_repeat_within_a_process() {
        let path = Path::new("/data/shebao.db");
        let a = sibling(path, "converting");
        std::thread::sleep(std::time::Duration::from_millis(2));
        let b = sibling(path, "converting");
        assert_eq!(a.parent(), path.parent());
        let name = a.file_name().unwrap().to_string_lossy().into_owned();
        let prefix = format!("shebao.db.converting-{}-", std::process::id());
        assert!(name.starts_with(&prefix), "{name}");
        assert_ne!(a, b);
    }
}
