//! Bytes → what the file holds: the tables of a workbook or of delimited text, or the app's
//! own JSON. Shared by the preview (automatic or mapped) and the sample the mapping step
//! shows, so that all three read a file the same way.

use super::decode::{self, Delimiter, TextEncoding};
use super::file_size;
use super::header;
use super::import_preview::FileFormat;
use super::precheck;
use super::table::{self, Table};
use crate::{Error, Result};
use std::borrow::Cow;

pub(crate) const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
pub(crate) const OLE_MAGIC: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

pub(crate) enum Contents {
    Tables {
        /// Every sheet of a workbook in order; one table for text.
        tables: Vec<Table>,
        format: FileFormat,
        encoding: Option<TextEncoding>,
    },
    Json {
        text: String,
        encoding: TextEncoding,
    },
}

/// What a file is, before any table is built from it.
pub(crate) enum Classified<'a> {
    Workbook(FileFormat),
    Json {
        text: Cow<'a, str>,
        encoding: TextEncoding,
    },
    Delimited {
        text: Cow<'a, str>,
        delimiter: Delimiter,
        format: FileFormat,
        encoding: TextEncoding,
    },
}

/// Tells a workbook from JSON from delimited text, decoding text (UTF-8 borrowed, not copied).
/// An empty or oversized file is refused here, before anything is parsed.
pub(crate) fn classify<'a>(bytes: &'a [u8], file_name: &str) -> Result<Classified<'a>> {
    file_size::check_bytes(file_name, bytes)?;
    if bytes.starts_with(ZIP_MAGIC) {
        return Ok(Classified::Workbook(FileFormat::Xlsx));
    }
    if bytes.starts_with(OLE_MAGIC) {
        return Ok(Classified::Workbook(FileFormat::Xls));
    }
    let (text, encoding) = decode::decode(bytes).ok_or_else(|| Error::ImportNotText {
        file: file_name.to_string(),
    })?;
    let looks_json =
        text.trim_start().starts_with('{') || file_name.to_ascii_lowercase().ends_with(".json");
    if looks_json {
        return Ok(Classified::Json { text, encoding });
    }
    let delimiter = decode::detect_delimiter(&text);
    let format = match delimiter {
        Delimiter::Comma => FileFormat::Csv,
        Delimiter::Tab => FileFormat::Tsv,
    };
    Ok(Classified::Delimited {
        text,
        delimiter,
        format,
        encoding,
    })
}

/// Reads `bytes` (a file called `file_name`). Whole-file problems are errors.
pub(crate) fn read(bytes: &[u8], file_name: &str) -> Result<Contents> {
    match classify(bytes, file_name)? {
        Classified::Workbook(format) => {
            // Before calamine: it trusts sizes a hostile file declares (precheck.rs says how).
            let checked = match format {
                FileFormat::Xls => precheck::check_xls(bytes),
                _ => precheck::check_xlsx(bytes),
            };
            checked.map_err(|limit| Error::WorkbookTooLarge {
                file: file_name.to_string(),
                limit,
            })?;
            let tables = table::from_workbook(bytes).map_err(|e| unreadable(file_name, e))?;
            Ok(Contents::Tables {
                tables,
                format,
                encoding: None,
            })
        }
        Classified::Json { text, encoding } => Ok(Contents::Json {
            text: text.into_owned(),
            encoding,
        }),
        Classified::Delimited {
            text,
            delimiter,
            format,
            encoding,
        } => {
            let table =
                table::from_delimited(&text, delimiter).map_err(|e| unreadable(file_name, e))?;
            Ok(Contents::Tables {
                tables: vec![table],
                format,
                encoding: Some(encoding),
            })
        }
    }
}

/// A file that looked like a table but could not be read as one.
pub(crate) fn unreadable(file_name: &str, reason: String) -> Error {
    Error::ImportWorkbook {
        file: file_name.to_string(),
        reason,
    }
}

/// The table a column mapping applies to (and the mapping step samples): the first sheet
/// whose header is recognised, else the first with anything in it. A notes sheet in front
/// of the data is passed over, as in an automatic import.
pub(crate) fn table_to_map(tables: Vec<Table>) -> Table {
    let index = tables
        .iter()
        .position(|t| header::find(t).is_some())
        .or_else(|| {
            tables
                .iter()
                .position(|t| t.rows.iter().any(|r| !r.is_blank()))
        })
        .unwrap_or(0);
    tables.into_iter().nth(index).unwrap_or_default()
}
