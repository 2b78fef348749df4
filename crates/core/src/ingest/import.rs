//! Preview, then commit: the two steps of a file import.
//!
//! [`preview`] reads a whole file into records and every row problem, writing nothing; the UI
//! shows it and `--dry-run` prints it. [`commit`] writes a clean preview in one transaction
//! (source, records, balances) or nothing at all, and refuses a preview with any row error or
//! one naming another person (unless forced). Records are unique per (profile, kind, month,
//! payer) and rewriting equal values changes nothing, so importing a file twice is a no-op.

use super::decode::{self, TextEncoding};
use super::header::{self, Shape};
use super::ledger_json::{self, LedgerJsonError};
use super::person::{self, PersonMismatch};
use super::row_error::RowError;
use super::rows;
use super::table::{self, Table};
use crate::model::{BalanceSnapshot, Contribution, Freshness, Profile, SourceId, SourceKind};
use crate::store::{NewSource, WriteReport};
use crate::{Error, Result, Store};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FileFormat {
    Csv,
    Tsv,
    Xlsx,
    Xls,
    Json,
}

/// What the reader found out about the file, for the preview.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Detected {
    pub format: FileFormat,
    pub encoding: Option<TextEncoding>,
    /// The sheet read, for workbooks.
    pub sheet: Option<String>,
    /// The header's 1-based line.
    pub header_line: Option<usize>,
    pub shape: Option<Shape>,
}

/// Everything a file would import, and every problem, before anything is written.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportPreview {
    pub file_name: String,
    pub records: Vec<Contribution>,
    pub balances: Vec<BalanceSnapshot>,
    pub errors: Vec<RowError>,
    pub skipped_rows: usize,
    pub detected: Detected,
    /// Set when the file names someone other than the profile.
    pub person_mismatch: Option<PersonMismatch>,
}

/// What an import did (or, for a dry run, would do).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImportReport {
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub skipped_rows: usize,
    pub detected: Detected,
    /// The file source the records were written under; `None` for a dry run.
    pub source: Option<SourceId>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportOptions {
    /// Parse and compare with the store, write nothing.
    pub dry_run: bool,
    /// Import even though the file names another person.
    pub force: bool,
}

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const OLE_MAGIC: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

/// Reads `bytes` (a file called `file_name`) for `profile`. Whole-file problems (not a table
/// we can read, no header) are errors; problems of single rows are in the preview.
pub fn preview(bytes: &[u8], file_name: &str, profile: &Profile) -> Result<ImportPreview> {
    let file = || file_name.to_string();
    if bytes.starts_with(ZIP_MAGIC) || bytes.starts_with(OLE_MAGIC) {
        let format = if bytes.starts_with(ZIP_MAGIC) {
            FileFormat::Xlsx
        } else {
            FileFormat::Xls
        };
        let tables = table::from_workbook(bytes).map_err(|reason| Error::ImportWorkbook {
            file: file(),
            reason,
        })?;
        return preview_first_table(tables, file_name, profile, format, None);
    }
    let (text, encoding) =
        decode::decode(bytes).ok_or_else(|| Error::ImportNotText { file: file() })?;
    let looks_json =
        text.trim_start().starts_with('{') || file_name.to_ascii_lowercase().ends_with(".json");
    if looks_json {
        return preview_json(&text, file_name, profile, encoding);
    }
    let delimiter = decode::detect_delimiter(&text);
    let format = match delimiter {
        decode::Delimiter::Comma => FileFormat::Csv,
        decode::Delimiter::Tab => FileFormat::Tsv,
    };
    let table =
        table::from_delimited(&text, delimiter).map_err(|reason| Error::ImportWorkbook {
            file: file(),
            reason,
        })?;
    preview_first_table(vec![table], file_name, profile, format, Some(encoding))
}

/// The first table (sheet) with a recognisable header is the one read.
fn preview_first_table(
    tables: Vec<Table>,
    file_name: &str,
    profile: &Profile,
    format: FileFormat,
    encoding: Option<TextEncoding>,
) -> Result<ImportPreview> {
    let (table, layout) = tables
        .into_iter()
        .find_map(|t| header::find(&t).map(|layout| (t, layout)))
        .ok_or_else(|| Error::ImportNoHeader {
            file: file_name.to_string(),
        })?;
    let parsed = rows::parse_rows(&table, &layout, profile);
    Ok(ImportPreview {
        file_name: file_name.to_string(),
        person_mismatch: person::check(&parsed.person, profile),
        records: parsed.records,
        balances: Vec::new(),
        errors: parsed.errors,
        skipped_rows: parsed.skipped_rows,
        detected: Detected {
            format,
            encoding,
            sheet: table.sheet,
            header_line: Some(layout.line),
            shape: Some(layout.shape),
        },
    })
}

fn preview_json(
    text: &str,
    file_name: &str,
    profile: &Profile,
    encoding: TextEncoding,
) -> Result<ImportPreview> {
    let contents = ledger_json::read(text, profile).map_err(|e| match e {
        LedgerJsonError::Syntax {
            line,
            column,
            reason,
        } => Error::ImportJson {
            file: file_name.to_string(),
            line,
            column,
            reason,
        },
        LedgerJsonError::NotOurs { found } => Error::ImportJsonFormat {
            file: file_name.to_string(),
            found,
        },
        LedgerJsonError::Newer { found } => Error::ImportJsonVersion {
            file: file_name.to_string(),
            found,
            supported: ledger_json::FORMAT_VERSION,
        },
    })?;
    Ok(ImportPreview {
        file_name: file_name.to_string(),
        person_mismatch: person::check(&contents.person, profile),
        records: contents.records,
        balances: contents.balances,
        errors: contents.errors,
        skipped_rows: 0,
        detected: Detected {
            format: FileFormat::Json,
            encoding: Some(encoding),
            sheet: None,
            header_line: None,
            shape: None,
        },
    })
}

/// Refuses a preview that must not be written: any row error, or another person's file
/// unless `force`.
pub fn check_writable(preview: &ImportPreview, force: bool) -> Result<()> {
    if !preview.errors.is_empty() {
        return Err(Error::ImportRows {
            file: preview.file_name.clone(),
            errors: preview.errors.clone(),
        });
    }
    match (&preview.person_mismatch, force) {
        (Some(mismatch), false) => Err(Error::PersonMismatch {
            file: preview.file_name.clone(),
            mismatch: mismatch.clone(),
        }),
        _ => Ok(()),
    }
}

/// What committing would do, compared with the store, without writing.
pub fn plan(store: &Store, preview: &ImportPreview) -> Result<WriteReport> {
    store.compare_contributions(&preview.records)
}

/// Writes a clean preview in one transaction. `location` is the file's path, kept with the
/// source so the user can see where the data came from.
pub fn commit(
    store: &mut Store,
    preview: &ImportPreview,
    location: Option<&str>,
    force: bool,
) -> Result<ImportReport> {
    check_writable(preview, force)?;
    let source = NewSource {
        kind: SourceKind::File,
        name: &preview.file_name,
        location,
        // Statements downloaded from portals lag the bureau by up to a week.
        freshness: Freshness::Weekly,
    };
    let (source, written) = store.commit_import(&source, &preview.records, &preview.balances)?;
    Ok(report(preview, written, Some(source)))
}

/// Preview and then commit (or, for a dry run, compare) in one call.
pub fn import(
    store: &mut Store,
    bytes: &[u8],
    file_name: &str,
    location: Option<&str>,
    profile: &Profile,
    options: ImportOptions,
) -> Result<ImportReport> {
    let preview = preview(bytes, file_name, profile)?;
    if options.dry_run {
        check_writable(&preview, options.force)?;
        let planned = plan(store, &preview)?;
        return Ok(report(&preview, planned, None));
    }
    commit(store, &preview, location, options.force)
}

fn report(preview: &ImportPreview, written: WriteReport, source: Option<SourceId>) -> ImportReport {
    ImportReport {
        added: written.inserted,
        updated: written.updated,
        unchanged: written.unchanged,
        skipped_rows: preview.skipped_rows,
        detected: preview.detected.clone(),
        source,
    }
}
