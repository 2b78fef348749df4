//! File moves that survive a crash or a power cut: write beside, flush, rename, flush the folder.
//!
//! A rename within one folder is atomic: a reader sees the old file or the new one, never half
//! of either. Flushing the folder afterwards makes the rename itself durable on Unix.

use crate::{Error, Result};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path` so that `path` afterwards holds either its old content or all of the
/// new, whatever happens in between. The file is private (see `fs_private`): it is a key file
/// or lies in the data folder.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let temp = sibling(path, "writing");
    let written = crate::fs_private::create_file(&temp)
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
pub(crate) fn rename(from: &Path, to: &Path) -> Result<()> {
    std::fs::rename(from, to).map_err(|source| io(to, source))?;
    sync_dir(to);
    Ok(())
}

/// Removes `path` if it exists and flushes the folder.
pub(crate) fn remove_if_exists(path: &Path) -> Result<()> {
    match std::fs::remove_file(path) {
        Ok(()) => {
            sync_dir(path);
            Ok(())
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(source) => Err(io(path, source)),
    }
}

/// Removes a half-made database file and any journal SQLite left beside it. Best effort: it
/// runs on a path that is already failing.
pub(super) fn remove_database_files(path: &Path) {
    for suffix in ["", "-journal", "-wal", "-shm"] {
        let mut name = path.as_os_str().to_os_string();
        name.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(name));
    }
}

/// A name beside `path` for a file being prepared, unique to this process and moment, so two
/// runs never share one: `shebao.db` → `shebao.db.converting-1234-1732851000123`.
pub(crate) fn sibling(path: &Path, purpose: &str) -> PathBuf {
    let stamp = chrono::Utc::now().timestamp_millis();
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".{purpose}-{}-{stamp}", std::process::id()));
    path.with_file_name(name)
}

/// Makes renames and removals in `path`'s folder durable. Only Unix can open a folder to flush
/// it; elsewhere the file system journals the rename itself.
fn sync_dir(path: &Path) {
    #[cfg(unix)]
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
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
