//! Looks at an existing database file before SQLite opens it.
//!
//! SQLite would write to a file it opens (switching to WAL changes the header), so a file that
//! is not ours, or is from a newer app, is recognised from its first 100 bytes and refused
//! without ever being opened for writing.
//!
//! An encrypted database has no readable header at all: SQLCipher encrypts it with the rest.
//! It is recognised by the key file beside it (`shebao.db.salt`); a headerless file without
//! one is refused as not a database, exactly as before encryption existed.

use crate::store::keys::key_file::{key_file_path, KeyFile};
use crate::{Error, Result};
use std::io::Read;
use std::path::Path;

const MAGIC: &[u8; 16] = b"SQLite format 3\0";
const HEADER_LEN: usize = 100;
/// Offset of the 4-byte big-endian `user_version` in the database header.
const USER_VERSION_OFFSET: usize = 60;

/// What is at a database path before anything opens it.
#[derive(Debug)]
pub(crate) enum FileState {
    /// No file, or an empty one: SQLite will create a new database there.
    New,
    /// An SQLite database in the clear, of a schema this app knows.
    Plain,
    /// A file without SQLite's header and with a key file beside it.
    Encrypted(KeyFile),
}

pub(crate) fn inspect(path: &Path, supported: i64) -> Result<FileState> {
    let io_error = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let metadata = match std::fs::metadata(path) {
        Ok(metadata) => metadata,
        // Not there yet (or its folder cannot exist): nothing to check; creating the folder
        // reports the second case as a data-directory error.
        Err(e)
            if matches!(
                e.kind(),
                std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
            ) =>
        {
            return Ok(FileState::New)
        }
        Err(e) => return Err(io_error(e)),
    };
    if !metadata.is_file() {
        return Err(Error::NotADatabase {
            path: path.to_path_buf(),
        });
    }
    if metadata.len() == 0 {
        return Ok(FileState::New); // SQLite treats an empty file as a new database
    }
    let mut header = Vec::with_capacity(HEADER_LEN);
    std::fs::File::open(path)
        .and_then(|file| file.take(HEADER_LEN as u64).read_to_end(&mut header))
        .map_err(io_error)?;
    if header.len() < HEADER_LEN || &header[..MAGIC.len()] != MAGIC {
        // A key file left beside a plain database (a conversion stopped half-way) is ignored
        // above: the header decides. Here, without a header, the key file decides.
        return match KeyFile::read(&key_file_path(path))? {
            Some(key_file) => Ok(FileState::Encrypted(key_file)),
            None => Err(Error::NotADatabase {
                path: path.to_path_buf(),
            }),
        };
    }
    let bytes: [u8; 4] = header[USER_VERSION_OFFSET..USER_VERSION_OFFSET + 4]
        .try_into()
        .expect("four bytes");
    let found = i64::from(i32::from_be_bytes(bytes));
    if found > supported {
        return Err(Error::NewerSchema {
            path: path.to_path_buf(),
            found,
            supported,
        });
    }
    Ok(FileState::Plain)
}
