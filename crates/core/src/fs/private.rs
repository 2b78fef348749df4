//! Files and folders only their owner can read: the data folder (0700) and everything holding
//! personal data or key material — the database and its journals, key file, backups, vault
//! files, exports while they are written, logs (0600).
//!
//! The standard library creates files 0666 and folders 0777 less the umask, which is usually
//! 022: readable by every account on the machine. Every place that creates such a file or
//! folder goes through here. On other systems these are the ordinary calls: Windows gives a
//! file in the user's profile the profile's access list, which already excludes other users.
//!
//! SQLite creates its own `-wal`, `-shm` and `-journal` files with the mode of the database file
//! they belong to, so a database created empty through [`create_new_file`] before SQLite opens
//! it keeps all of them private (store::connect does this; a test checks the journals).

use std::fs::{File, OpenOptions};
use std::io;
use std::path::Path;

/// Mode of the private files (owner read and write).
#[cfg(unix)]
pub const FILE_MODE: u32 = 0o600;
/// Mode of the private folders (owner read, write and enter).
#[cfg(unix)]
pub const DIR_MODE: u32 = 0o700;

/// Creates `dir` and any missing parents, each new one private. Folders already there keep
/// their mode: a data folder chosen by the user (`--db ~/shebao.db`) may be their home.
pub fn create_dir_all(dir: &Path) -> io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, DIR_MODE);
    builder.create(dir)
}

/// Creates the single folder `dir`, private; an error if it exists.
pub fn create_dir(dir: &Path) -> io::Result<()> {
    #[cfg_attr(not(unix), allow(unused_mut))] // only Unix sets a mode on it
    let mut builder = std::fs::DirBuilder::new();
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, DIR_MODE);
    builder.create(dir)
}

/// Creates `path` for writing, private; an error if something is already there (so a file
/// made by someone else, with their mode, is never written into).
pub fn create_new_file(path: &Path) -> io::Result<File> {
    options().create_new(true).open(path)
}

/// Opens `path` for writing, emptied, creating it private if it is missing. A file already
/// there keeps its mode.
pub fn create_file(path: &Path) -> io::Result<File> {
    options().create(true).truncate(true).open(path)
}

/// Opens `path` for appending, creating it private if it is missing.
pub fn append_file(path: &Path) -> io::Result<File> {
    options().create(true).append(true).open(path)
}

/// Makes an existing file private (a file another program created for us).
pub fn restrict(path: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(FILE_MODE))
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        Ok(())
    }
}

fn options() -> OpenOptions {
    let mut options = OpenOptions::new();
    options.write(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, FILE_MODE);
    options
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    // The test process's umask is 022 or 002 on every system we run on; either would leave
    // group or others able to read without the modes given here.
    #[test]
    fn files_and_folders_are_made_private_and_existing_folders_keep_their_mode() {
        let dir = tempfile::tempdir().unwrap();
        let existing = dir.path().join("home");
        std::fs::create_dir(&existing).unwrap();
        std::fs::set_permissions(&existing, std::fs::Permissions::from_mode(0o755)).unwrap();
        let nested = existing.join("a/b");
        create_dir_all(&nested).unwrap();
        assert_eq!(mode(&existing), 0o755);
        assert_eq!(mode(&existing.join("a")), 0o700);
        assert_eq!(mode(&nested), 0o700);
        create_dir(&nested.join("c")).unwrap();
        assert_eq!(mode(&nested.join("c")), 0o700);

        for (name, open) in [
            ("new", create_new_file as fn(&Path) -> io::Result<File>),
            ("created", create_file),
            ("appended", append_file),
        ] {
            let path = nested.join(name);
            open(&path).unwrap();
            assert_eq!(mode(&path), 0o600, "{name}");
        }
        assert!(create_new_file(&nested.join("new")).is_err());

        let other = nested.join("other");
        std::fs::write(&other, b"x").unwrap();
        std::fs::set_permissions(&other, std::fs::Permissions::from_mode(0o644)).unwrap();
        restrict(&other).unwrap();
        assert_eq!(mode(&other), 0o600);
    }
}
