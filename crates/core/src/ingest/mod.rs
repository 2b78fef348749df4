//! Getting data in: file import (CSV/TSV in UTF-8, UTF-16 or GBK, XLSX/XLS, the app's own
//! JSON), and [`manual`] entry of one payment. Provider sync over HTTP lives in [`crate::sync`].
//!
//! The path of a file, one concept per module:
//! [`blocker`] whether a preview may be written · [`file_size`] an empty or oversized file refused · [`decode`] bytes → text and delimiter · [`precheck`] a workbook's sizes checked before it is parsed · [`table`] text or workbook → a grid of cells with
//! spreadsheet line numbers · [`header`] finds the header row by its words · [`vocab`] the
//! words for kinds, statuses, payers · [`rows`] rows → records and [`RowError`]s ·
//! [`person`] whose statement it is · [`ledger_json`] the app's own format ·
//! [`mapping`] the columns the user chose when the header is not recognised ·
//! [`saved_mappings`] those choices remembered per source, [`applied_mapping`] the one a
//! preview was read with · [`sample`] the first rows for the mapping step ·
//! [`import_preview`] what a file would import · [`import`](mod@import) preview, then commit
//! in one transaction ·
//! [`summary`] what a preview would do, for the window and `--json`.
//!
//! docs/import-formats.md is the user-facing description of what is recognised.

pub mod applied_mapping;
pub mod blocker;
pub mod decode;
pub mod file_size;
pub mod header;
pub mod import;
pub mod import_preview;
pub mod ledger_json;
pub mod manual;
pub mod mapping;
pub mod people;
pub mod period;
pub mod person;
pub mod precheck;
mod read;
pub mod row_error;
pub mod rows;
pub mod sample;
pub mod saved_mappings;
pub mod summary;
pub mod table;
pub mod vocab;

pub use applied_mapping::{AppliedMapping, SavedRef};
pub use blocker::ImportBlocker;
pub use file_size::{check_bytes as check_file_bytes, check_file_size};
pub use header::Field;
pub use import::{
    check_writable, commit, commit_reporting, import, plan, preview, preview_with_mapping,
    preview_with_saved_mappings, ImportOptions, ImportReport,
};
pub use import_preview::{Detected, FileFormat, ImportPreview};
pub use manual::{
    add_manual, parse_kind, parse_payer, ManualEntry, ManualOutcome, ManualReport,
    MANUAL_SOURCE_NAME,
};
pub use mapping::{ColumnMapping, HeaderGiven, MappingProblem};
pub use person::PersonMismatch;
pub use row_error::{RowError, RowErrorReport, RowProblem};
pub use sample::{guess_header_for, table_sample, SampleRow, SuggestedBy, TableSample};
pub use summary::{KindSpan, PreviewSummary};
