//! The column mapping a preview was read with, and whether it was a remembered one
//! (`saved_mappings` finds and keeps them).

use super::header::Layout;
use super::mapping::{header_signature, name_pattern, ColumnMapping};
use super::table::Table;
use serde::Serialize;

/// The mapping a preview was read with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AppliedMapping {
    /// As applied: `header_line` is the line the header was found on in this file.
    pub mapping: ColumnMapping,
    /// The header row's words (empty without a header row).
    #[serde(skip)]
    pub signature: String,
    /// The file's name with its digits folded.
    pub name_pattern: String,
    /// The remembered mapping used, if it came from the database.
    pub saved: Option<SavedRef>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SavedRef {
    pub id: i64,
    pub label: String,
}

impl AppliedMapping {
    pub(crate) fn new(
        mapping: ColumnMapping,
        table: &Table,
        layout: &Layout,
        file_name: &str,
        saved: Option<SavedRef>,
    ) -> AppliedMapping {
        let signature = match layout.line {
            Some(_) => table
                .rows
                .get(layout.row_index)
                .map(header_signature)
                .unwrap_or_default(),
            None => String::new(),
        };
        AppliedMapping {
            mapping,
            signature,
            name_pattern: name_pattern(file_name),
            saved,
        }
    }
}
