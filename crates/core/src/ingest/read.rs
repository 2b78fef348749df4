//! Bytes → what the file holds: the tables of a workbook or of delimited text, or the app's
//! own JSON. Shared by the preview (automatic or mapped) and the sample the mapping step
//! shows, so that all three read a file the same way.

use super::decode::{self, TextEncoding};
use super::header;
use super::import::FileFormat;
use super::table::{self, Table};
use crate::{Error, Result};

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const OLE_MAGIC: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

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

/// Reads `bytes` (a file called `file_name`). Whole-file problems are errors.
pub(crate) fn read(bytes: &[u8], file_name: &str) -> Result<Contents> {
    let unreadable = |reason| Error::ImportWorkbook {
        file: file_name.to_string(),
        reason,
    };
    if bytes.starts_with(ZIP_MAGIC) || bytes.starts_with(OLE_MAGIC) {
        let format = if bytes.starts_with(ZIP_MAGIC) {
            FileFormat::Xlsx
        } else {
            FileFormat::Xls
        };
        let tables = table::from_workbook(bytes).map_err(unreadable)?;
        return Ok(Contents::Tables {
            tables,
            format,
            encoding: None,
        });
    }
    let (text, encoding) = decode::decode(bytes).ok_or_else(|| Error::ImportNotText {
        file: file_name.to_string(),
    })?;
    let looks_json =
        text.trim_start().starts_with('{') || file_name.to_ascii_lowercase().ends_with(".json");
    if looks_json {
        return Ok(Contents::Json { text, encoding });
    }
    let delimiter = decode::detect_delimiter(&text);
    let format = match delimiter {
        decode::Delimiter::Comma => FileFormat::Csv,
        decode::Delimiter::Tab => FileFormat::Tsv,
    };
    let table = table::from_delimited(&text, delimiter).map_err(unreadable)?;
    Ok(Contents::Tables {
        tables: vec![table],
        format,
        encoding: Some(encoding),
    })
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
