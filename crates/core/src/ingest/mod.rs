//! Getting data in: file import (CSV/TSV in UTF-8, UTF-16 or GBK, XLSX/XLS, the app's own
//! JSON). Provider sync over HTTP and manual entry will live here too.
//!
//! The path of a file, one concept per module:
//! [`decode`] bytes → text and delimiter · [`table`] text or workbook → a grid of cells with
//! spreadsheet line numbers · [`header`] finds the header row by its words · [`vocab`] the
//! words for kinds, statuses, payers · [`rows`] rows → records and [`RowError`]s ·
//! [`person`] whose statement it is · [`ledger_json`] the app's own format ·
//! [`import`](mod@import) preview, then commit in one transaction.
//!
//! docs/import-formats.md is the user-facing description of what is recognised.

pub mod decode;
pub mod header;
pub mod import;
pub mod ledger_json;
pub mod person;
pub mod row_error;
pub mod rows;
pub mod table;
pub mod vocab;

pub use import::{
    check_writable, commit, import, plan, preview, Detected, FileFormat, ImportOptions,
    ImportPreview, ImportReport,
};
pub use person::PersonMismatch;
pub use row_error::{RowError, RowErrorReport, RowProblem};
