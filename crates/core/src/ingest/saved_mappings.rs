//! Column mappings remembered per source, and finding one again for a new file.
//!
//! A mapping is remembered under what identifies the source's files:
//!
//! - **its header's words** ([`header_signature`]), when the table has a header row: the next
//!   export of the same system has the same header whatever its file name, title rows or
//!   length, and the header is found again among the first rows of any sheet;
//! - **its file-name pattern** ([`name_pattern`], digits folded), when the table has no
//!   header row (a pasted table): there are no words to recognise, so the name decides.
//!
//! A remembered mapping is used only when the header is not recognised by its words: the
//! automatic reading, which knows every spelling in docs/import-formats.md, comes first.

use super::applied_mapping::{AppliedMapping, SavedRef};
use super::header::Layout;
use super::import_preview::ImportPreview;
use super::mapping::{header_signature, name_pattern, ColumnMapping};
use super::read;
use super::table::Table;
use crate::store::{NewImportMapping, SavedMapping};
use crate::{Result, Store};

/// How far down a sheet a remembered header is looked for (as for a recognised one).
const SEARCH_ROWS: usize = 50;

/// A remembered mapping that fits a file: the table it applies to and its layout.
pub(crate) struct Found {
    pub table: Table,
    pub layout: Layout,
    pub applied: AppliedMapping,
}

/// The remembered mapping for these tables: by header words first (any sheet, among the
/// first rows), else by file-name pattern for mappings without a header row. A remembered
/// mapping that no longer fits (a column beyond the table) is passed over.
pub(crate) fn find(saved: &[SavedMapping], tables: Vec<Table>, file_name: &str) -> Option<Found> {
    let by_header = tables.iter().find_map(|table| {
        table.rows.iter().take(SEARCH_ROWS).find_map(|row| {
            let signature = header_signature(row);
            if signature.is_empty() {
                return None;
            }
            let entry = saved.iter().find(|s| s.signature == signature)?;
            let mapping = ColumnMapping {
                header_line: Some(row.line),
                ..entry.mapping.clone()
            };
            fit(entry, mapping, table.clone(), file_name)
        })
    });
    if by_header.is_some() {
        return by_header;
    }
    let pattern = name_pattern(file_name);
    let entry = saved
        .iter()
        .find(|s| s.signature.is_empty() && s.name_pattern == pattern)?;
    let table = read::table_to_map(tables);
    fit(entry, entry.mapping.clone(), table, file_name)
}

fn fit(
    entry: &SavedMapping,
    mapping: ColumnMapping,
    table: Table,
    file_name: &str,
) -> Option<Found> {
    let layout = mapping.layout(&table).ok()?;
    let saved = SavedRef {
        id: entry.id,
        label: entry.label.clone(),
    };
    let applied = AppliedMapping::new(mapping, &table, &layout, file_name, Some(saved));
    Some(Found {
        table,
        layout,
        applied,
    })
}

/// Remembers the mapping a preview was read with, for the next file from the same source
/// (replacing what was remembered under the same header or name). `None` when the preview
/// needed no mapping.
pub fn remember(store: &Store, preview: &ImportPreview) -> Result<Option<SavedMapping>> {
    let Some(applied) = &preview.mapping else {
        return Ok(None);
    };
    let has_header = !applied.signature.is_empty();
    let saved = store.save_import_mapping(&NewImportMapping {
        label: &preview.file_name,
        // Each mapping is found by one of the two, so only that one is kept.
        signature: &applied.signature,
        name_pattern: if has_header {
            ""
        } else {
            &applied.name_pattern
        },
        mapping: &applied.mapping,
    })?;
    Ok(Some(saved))
}

/// Notes that a remembered mapping was used for an import (the list shows when).
pub fn mark_used(store: &Store, preview: &ImportPreview) -> Result<()> {
    if let Some(saved) = preview.mapping.as_ref().and_then(|m| m.saved.as_ref()) {
        store.mark_import_mapping_used(saved.id)?;
    }
    Ok(())
}
