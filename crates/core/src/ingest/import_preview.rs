//! What a file would import, before anything is written: the records, the problems, and what
//! the reader found out about the file. Its own file so that the reader, the remembered
//! mappings and the import can all use it without importing one another.

use super::applied_mapping::AppliedMapping;
use super::decode::TextEncoding;
use super::header::Shape;
use super::person::PersonMismatch;
use super::row_error::RowError;
use crate::model::{BalanceSnapshot, Contribution};
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
    /// Problems that do not stop the import, each on its row (a period row's 月数 that
    /// disagrees with its span, a total spread with a remainder).
    pub warnings: Vec<RowError>,
    /// How many of `records` were derived from a period row (a month of a spell).
    pub derived_records: usize,
    pub skipped_rows: usize,
    pub detected: Detected,
    /// Set when the file names someone other than the profile.
    pub person_mismatch: Option<PersonMismatch>,
    /// The column mapping read with, when the header was not recognised by its words.
    pub mapping: Option<AppliedMapping>,
}
