//! What may go into the vault, decided before anything is written: an existing, non-empty file
//! no larger than [`MAX_DOCUMENT_BYTES`], whose bytes are a PDF (`%PDF-`), a PNG or a JPEG —
//! the official download, or a scan or photo of a paper one. The type is told by the bytes,
//! never by the name: a `.pdf` that is really a web page is refused.

use crate::model::MediaType;
use crate::{Error, Result};
use sha2::{Digest, Sha256};
use std::io::Read;
use std::path::{Path, PathBuf};

/// 50 MiB. An official certificate is well under 1 MB and a phone photo of a page a few MB; a
/// larger file is almost surely the wrong one, and the whole file is held in memory once.
pub const MAX_DOCUMENT_BYTES: u64 = 50 * 1024 * 1024;

/// A file read and checked for the vault, not yet attached.
#[derive(Debug, Clone)]
pub struct DocumentFile {
    pub(crate) bytes: Vec<u8>,
    pub sha256: String,
    pub media_type: MediaType,
    /// The file's own name, without its folder.
    pub original_name: String,
    /// Where it was read from.
    pub path: PathBuf,
}

impl DocumentFile {
    pub fn size(&self) -> u64 {
        self.bytes.len() as u64
    }
}

/// Reads `path` and checks it is a document the vault can keep.
pub fn read_document(path: &Path) -> Result<DocumentFile> {
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let metadata = match std::fs::metadata(path) {
        Ok(metadata) => metadata,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(Error::DocumentNotFound {
                path: path.to_path_buf(),
            })
        }
        Err(e) => return Err(io(e)),
    };
    if metadata.is_dir() {
        return Err(io(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "it is a folder, not a file",
        )));
    }
    check_size(path, metadata.len())?;
    // At most one byte beyond the limit: the file may have grown since its size was read.
    let mut bytes = Vec::with_capacity(metadata.len() as usize);
    std::fs::File::open(path)
        .and_then(|file| file.take(MAX_DOCUMENT_BYTES + 1).read_to_end(&mut bytes))
        .map_err(io)?;
    check_size(path, bytes.len() as u64)?;
    let media_type = sniff(&bytes).ok_or_else(|| Error::DocumentUnsupported {
        path: path.to_path_buf(),
    })?;
    let original_name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    Ok(DocumentFile {
        sha256: sha256_hex(&bytes),
        bytes,
        media_type,
        original_name,
        path: path.to_path_buf(),
    })
}

fn check_size(path: &Path, size: u64) -> Result<()> {
    if size == 0 {
        return Err(Error::DocumentEmpty {
            path: path.to_path_buf(),
        });
    }
    if size > MAX_DOCUMENT_BYTES {
        return Err(Error::DocumentTooLarge {
            path: path.to_path_buf(),
            size,
            limit: MAX_DOCUMENT_BYTES,
        });
    }
    Ok(())
}

/// The type of `bytes` by their signature: `%PDF-` (ISO 32000 §7.5.2), the 8-byte PNG
/// signature, or a JPEG's start-of-image marker followed by another marker.
pub fn sniff(bytes: &[u8]) -> Option<MediaType> {
    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n";
    if bytes.starts_with(b"%PDF-") {
        Some(MediaType::Pdf)
    } else if bytes.starts_with(PNG) {
        Some(MediaType::Png)
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(MediaType::Jpeg)
    } else {
        None
    }
}

/// SHA-256 of `bytes`, lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_are_told_by_the_bytes() {
        assert_eq!(sniff(b"%PDF-1.7\n..."), Some(MediaType::Pdf));
        assert_eq!(
            sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            Some(MediaType::Png)
        );
        assert_eq!(
            sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 16]),
            Some(MediaType::Jpeg)
        );
        for other in [
            &b"<!DOCTYPE html><title>%PDF-</title>"[..],
            b" %PDF-1.4",
            b"%PDF",
            b"\x89PNG",
            &[0xFF, 0xD8],
            b"PK\x03\x04",
            b"",
        ] {
            assert_eq!(sniff(other), None, "{other:?}");
        }
    }

    #[test]
    fn sha256_is_the_known_value() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
