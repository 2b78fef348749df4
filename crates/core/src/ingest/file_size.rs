//! How big a file the import reads: one rule for the window and the CLI.
//!
//! An empty file is refused (it is a wrong pick, not an empty statement). A workbook is refused
//! past [`MAX_WORKBOOK_BYTES`]: no statement comes close, and a bigger one is a damaged or
//! hostile zip whose parts [`precheck`](super::precheck) would inflate further. Text (CSV, TSV,
//! the app's own JSON) is read in place and grows memory with its rows, not with a grid, so it may
//! be larger — a million-row history is about 140 MB, ten thousand employees' twenty years
//! (7.85 million rows) about 964 MB — up to [`MAX_TEXT_BYTES`], which still bounds what a
//! hostile or mistaken pick can make the import hold.
//! docs/import-formats.md states the rule.

use super::read::{OLE_MAGIC, ZIP_MAGIC};
use crate::{Error, Result};

/// The largest XLSX or XLS file read.
pub const MAX_WORKBOOK_BYTES: u64 = 64 << 20;
/// The largest text file (CSV, TSV, JSON) read; also the most read before the format is known.
/// 1 GiB: room for a 10,000-person, 20-year batch export (964 MB; docs/benchmarks.md,
/// Per-person import), not for anything unbounded.
pub const MAX_TEXT_BYTES: u64 = 1 << 30;

/// Checks a file of `size` bytes whose first bytes are `head` (`&[]` when not yet read: then
/// only the larger, text limit can be applied). Called before anything is parsed.
pub fn check_file_size(file_name: &str, head: &[u8], size: u64) -> Result<()> {
    if size == 0 {
        return Err(Error::ImportFileEmpty {
            file: file_name.to_string(),
        });
    }
    let workbook = head.starts_with(ZIP_MAGIC) || head.starts_with(OLE_MAGIC);
    let limit = if workbook {
        MAX_WORKBOOK_BYTES
    } else {
        MAX_TEXT_BYTES
    };
    if size > limit {
        return Err(Error::ImportFileTooLarge {
            file: file_name.to_string(),
            size,
            limit,
            workbook,
        });
    }
    Ok(())
}

/// [`check_file_size`] on bytes already read.
pub fn check_bytes(file_name: &str, bytes: &[u8]) -> Result<()> {
    check_file_size(file_name, bytes, bytes.len() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Lang;

    #[test]
    fn an_empty_file_is_refused_naming_it() {
        let err = check_bytes("明细.csv", b"").unwrap_err();
        assert_eq!(err.code(), "import_empty_file");
        assert_eq!(
            err.message(Lang::Zh),
            "明细.csv 是空文件（0 字节）；没有导入任何数据"
        );
        assert_eq!(
            err.message(Lang::En),
            "明细.csv is empty (0 bytes); nothing was imported"
        );
    }

    #[test]
    fn a_workbook_is_held_to_64_mb_and_text_to_1_gib() {
        let zip = b"PK\x03\x04rest";
        let ole = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
        assert!(check_file_size("a.xlsx", zip, 64 << 20).is_ok());
        assert!(check_file_size("a.xls", ole, 64 << 20).is_ok());
        let err = check_file_size("a.xlsx", zip, (64 << 20) + 1).unwrap_err();
        assert_eq!(err.code(), "import_file_too_large");
        let err = check_file_size("a.xls", ole, 70 << 20).unwrap_err();
        assert_eq!(
            err.message(Lang::En),
            "a.xls is 70 MB, more than the 64 MB a workbook may be; nothing was imported"
        );
        assert_eq!(
            err.message(Lang::Zh),
            "a.xls 有 70 MB，超过工作簿的上限 64 MB；没有导入任何数据"
        );
        // The 964 MB batch of 10,000 people × 20 years (docs/benchmarks.md) is read; past
        // 1 GiB text is not.
        assert!(check_file_size("big.csv", b"month,kind", 964_000_000).is_ok());
        assert!(check_file_size("big.csv", b"month,kind", 1 << 30).is_ok());
        let err = check_file_size("big.csv", b"month,kind", (1 << 30) + 1).unwrap_err();
        assert_eq!(
            err.message(Lang::En),
            "big.csv is 1073741825 bytes, more than the 1073741824 bytes a text file may be; nothing was imported"
        );
        // Before the file is read only the text limit can be judged.
        assert!(check_file_size("x", &[], 300 << 20).is_ok());
        assert!(check_file_size("x", &[], 1100 << 20).is_err());
    }
}
