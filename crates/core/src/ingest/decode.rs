//! Bytes → text, and which character separates the columns.
//!
//! Excel and WPS on Chinese Windows save "CSV" as GBK; newer ones offer "CSV UTF-8", which
//! starts with a byte-order mark; Excel's "Unicode text" is UTF-16 with a BOM and tabs. So:
//! a BOM decides when there is one; otherwise strict UTF-8, and only when that fails GB18030
//! (a superset of GBK and GB2312). Valid GBK text is almost never valid UTF-8, so the order is
//! safe; the reverse order would happily misread UTF-8 as GBK mojibake.

use encoding_rs::{GB18030, UTF_16BE, UTF_16LE};
use serde::Serialize;
use std::borrow::Cow;

/// How the text of a file was encoded, as detected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum TextEncoding {
    #[serde(rename = "utf-8")]
    Utf8,
    #[serde(rename = "utf-8-bom")]
    Utf8Bom,
    #[serde(rename = "utf-16")]
    Utf16,
    #[serde(rename = "gb18030")]
    Gb18030,
}

impl TextEncoding {
    pub fn as_str(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "utf-8",
            TextEncoding::Utf8Bom => "utf-8-bom",
            TextEncoding::Utf16 => "utf-16",
            TextEncoding::Gb18030 => "gb18030",
        }
    }
}

/// Decodes `bytes` as text; `None` when it is no text we know (or holds NUL bytes, as a binary
/// file renamed to `.csv` would). UTF-8 is borrowed, not copied: a large file is not held twice.
pub fn decode(bytes: &[u8]) -> Option<(Cow<'_, str>, TextEncoding)> {
    let (text, encoding) = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        (
            Cow::Borrowed(std::str::from_utf8(rest).ok()?),
            TextEncoding::Utf8Bom,
        )
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        let text = UTF_16LE.decode_without_bom_handling_and_without_replacement(rest)?;
        (text, TextEncoding::Utf16)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        let text = UTF_16BE.decode_without_bom_handling_and_without_replacement(rest)?;
        (text, TextEncoding::Utf16)
    } else if let Ok(text) = std::str::from_utf8(bytes) {
        (Cow::Borrowed(text), TextEncoding::Utf8)
    } else {
        let text = GB18030.decode_without_bom_handling_and_without_replacement(bytes)?;
        (text, TextEncoding::Gb18030)
    };
    (!text.contains('\0')).then_some((text, encoding))
}

/// The column separator of delimited text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delimiter {
    Comma,
    Tab,
}

impl Delimiter {
    pub fn byte(self) -> u8 {
        match self {
            Delimiter::Comma => b',',
            Delimiter::Tab => b'\t',
        }
    }
}

/// How many non-blank lines to look at: enough to get past a title and a person line.
const SAMPLE_LINES: usize = 50;

/// Tab when at least as many of the first lines contain a tab as contain a comma. A table
/// copied from a web page or Excel is tab-separated and its amounts may carry thousands
/// separators (`1,234.56`), so a comma in a tabbed line does not make it CSV; a tab inside
/// real CSV is rare.
pub fn detect_delimiter(text: &str) -> Delimiter {
    let (mut tabs, mut commas) = (0, 0);
    for line in text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(SAMPLE_LINES)
    {
        tabs += usize::from(line.contains('\t'));
        commas += usize::from(line.contains(','));
    }
    if tabs > 0 && tabs >= commas {
        Delimiter::Tab
    } else {
        Delimiter::Comma
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(
            decode("月份,险种".as_bytes()),
            Some(("月份,险种".into(), TextEncoding::Utf8))
        );
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice("月份".as_bytes());
        assert_eq!(decode(&bom), Some(("月份".into(), TextEncoding::Utf8Bom)));
    }

    #[test]
    fn gbk_bytes_are_read_as_gb18030() {
        let (gbk, _, _) = GB18030.encode("费款所属期,养老保险");
        assert!(std::str::from_utf8(&gbk).is_err(), "not UTF-8");
        assert_eq!(
            decode(&gbk),
            Some(("费款所属期,养老保险".into(), TextEncoding::Gb18030))
        );
    }

    #[test]
    fn utf16_with_bom() {
        let mut bytes = b"\xFF\xFE".to_vec();
        for unit in "年月\t险种".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        assert_eq!(
            decode(&bytes),
            Some(("年月\t险种".into(), TextEncoding::Utf16))
        );
    }

    #[test]
    fn binary_is_not_text() {
        assert_eq!(decode(b"PK\x03\x04\0\0\x14\0"), None);
    }

    #[test]
    fn delimiter_tab_wins_even_with_thousands_separators() {
        assert_eq!(
            detect_delimiter("月份\t个人缴费\n2024-01\t1,234.56\n"),
            Delimiter::Tab
        );
        assert_eq!(
            detect_delimiter("标题\n月份,个人缴费\n2024-01,\"1,234.56\"\n"),
            Delimiter::Comma
        );
        assert_eq!(detect_delimiter("only one column\n"), Delimiter::Comma);
    }
}
