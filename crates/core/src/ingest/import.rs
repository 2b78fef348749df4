//! Preview, then commit: the two steps of a file import.
//!
//! [`preview`] reads a whole file into records and every row problem, writing nothing; the UI
//! shows it and `--dry-run` prints it. [`commit`] writes a clean preview in one transaction
//! (source, records, balances) or nothing at all, and refuses a preview with any row error or
//! one naming another person (unless forced). Before a commit that would add or change
//! anything it takes an automatic, rotated backup of the database (`store::auto_backup`). Records are unique per (profile, kind, month,
//! payer) and rewriting equal values changes nothing, so importing a file twice is a no-op.

use super::applied_mapping::AppliedMapping;
use super::blocker::{self, ImportBlocker};
use super::decode::TextEncoding;
use super::header::{self, Layout};
use super::import_preview::{Detected, FileFormat, ImportPreview};
use super::ledger_json::{self, LedgerJsonError};
use super::mapping::{ColumnMapping, MappingProblem};
use super::person;
use super::read::{self, Classified, Contents};
use super::rows;
use super::saved_mappings;
use super::table::{DelimitedRows, Row, Table};
use crate::model::{Freshness, Profile, SourceId, SourceKind};
use crate::store::{self, NewSource, WriteReport};
use crate::{Error, Result, Store};
use serde::Serialize;
use std::ops::ControlFlow;
use std::path::PathBuf;

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
    /// The automatic backup taken just before writing (see [`crate::store::auto_backup`]);
    /// `None` for a dry run and for an import that changed nothing.
    pub backup: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportOptions {
    /// Parse and compare with the store, write nothing.
    pub dry_run: bool,
    /// Import even though the file names another person.
    pub force: bool,
}

/// Reads `bytes` (a file called `file_name`) for `profile`, finding the header by its words.
/// Whole-file problems (not a table we can read, no header) are errors; problems of single
/// rows are in the preview.
pub fn preview(bytes: &[u8], file_name: &str, profile: &Profile) -> Result<ImportPreview> {
    if let Some(streamed) = preview_streamed(bytes, file_name, profile)? {
        return Ok(streamed);
    }
    match read::read(bytes, file_name)? {
        Contents::Json { text, encoding } => preview_json(&text, file_name, profile, encoding),
        Contents::Tables {
            tables,
            format,
            encoding,
        } => {
            let (table, layout) = first_recognised(tables).ok_or_else(|| no_header(file_name))?;
            Ok(preview_table(
                &table, &layout, file_name, profile, format, encoding, None,
            ))
        }
    }
}

/// What the window and the CLI call: the header recognised by its words, else a column
/// mapping the user saved for this source (see [`saved_mappings`](super::saved_mappings)),
/// else [`Error::ImportNoHeader`] — and the window then offers the mapping step.
pub fn preview_with_saved_mappings(
    store: &Store,
    bytes: &[u8],
    file_name: &str,
    profile: &Profile,
) -> Result<ImportPreview> {
    if let Some(streamed) = preview_streamed(bytes, file_name, profile)? {
        return Ok(streamed);
    }
    let (tables, format, encoding) = match read::read(bytes, file_name)? {
        Contents::Json { text, encoding } => {
            return preview_json(&text, file_name, profile, encoding)
        }
        Contents::Tables {
            tables,
            format,
            encoding,
        } => (tables, format, encoding),
    };
    let recognised = tables
        .iter()
        .enumerate()
        .find_map(|(i, t)| header::find(t).map(|layout| (i, layout)));
    if let Some((index, layout)) = recognised {
        let table = tables.into_iter().nth(index).expect("found at this index");
        return Ok(preview_table(
            &table, &layout, file_name, profile, format, encoding, None,
        ));
    }
    let saved = store.import_mappings()?;
    let found =
        saved_mappings::find(&saved, tables, file_name).ok_or_else(|| no_header(file_name))?;
    Ok(preview_table(
        &found.table,
        &found.layout,
        file_name,
        profile,
        format,
        encoding,
        Some(found.applied),
    ))
}

/// Reads `bytes` with the columns the user chose instead of a recognised header.
pub fn preview_with_mapping(
    bytes: &[u8],
    file_name: &str,
    profile: &Profile,
    mapping: &ColumnMapping,
) -> Result<ImportPreview> {
    let bad_mapping = |problem| Error::ImportMapping {
        file: file_name.to_string(),
        problem,
    };
    let (tables, format, encoding) = match read::read(bytes, file_name)? {
        Contents::Json { .. } => return Err(bad_mapping(MappingProblem::NotATable)),
        Contents::Tables {
            tables,
            format,
            encoding,
        } => (tables, format, encoding),
    };
    let table = read::table_to_map(tables);
    let layout = mapping.layout(&table).map_err(bad_mapping)?;
    let applied = AppliedMapping::new(mapping.clone(), &table, &layout, file_name, None);
    Ok(preview_table(
        &table,
        &layout,
        file_name,
        profile,
        format,
        encoding,
        Some(applied),
    ))
}

fn no_header(file_name: &str) -> Error {
    Error::ImportNoHeader {
        file: file_name.to_string(),
    }
}

/// The first table (sheet) with a recognisable header is the one read.
fn first_recognised(tables: Vec<Table>) -> Option<(Table, Layout)> {
    tables
        .into_iter()
        .find_map(|t| header::find(&t).map(|layout| (t, layout)))
}

fn preview_table(
    table: &Table,
    layout: &Layout,
    file_name: &str,
    profile: &Profile,
    format: FileFormat,
    encoding: Option<TextEncoding>,
    mapping: Option<AppliedMapping>,
) -> ImportPreview {
    let parsed = rows::parse_rows(table, layout, profile);
    let detected = Detected {
        format,
        encoding,
        sheet: table.sheet.clone(),
        header_line: layout.line,
        shape: Some(layout.shape),
    };
    preview_of(parsed, file_name, profile, detected, mapping)
}

fn preview_of(
    parsed: rows::Parsed,
    file_name: &str,
    profile: &Profile,
    detected: Detected,
    mapping: Option<AppliedMapping>,
) -> ImportPreview {
    ImportPreview {
        file_name: file_name.to_string(),
        person_mismatch: person::check(&parsed.person, profile),
        records: parsed.records,
        balances: Vec::new(),
        errors: parsed.errors,
        warnings: parsed.warnings,
        derived_records: parsed.derived_records,
        skipped_rows: parsed.skipped_rows,
        detected,
        mapping,
    }
}

/// How many rows are read before looking for the header: all that [`header::find`] looks at
/// (its search rows and the row below the last, for a two-row header).
const HEAD_ROWS: usize = header::SEARCH_ROWS + 1;

/// The preview of delimited text whose header is recognised by its words — the common case and
/// the one that can be large — parsed row by row, so the file's grid of cells is never in memory
/// whole (a million-row CSV would need gigabytes). `None` for anything else (a workbook, JSON,
/// a header only a column mapping can read), which the caller reads whole as before.
fn preview_streamed(
    bytes: &[u8],
    file_name: &str,
    profile: &Profile,
) -> Result<Option<ImportPreview>> {
    let Classified::Delimited {
        text,
        delimiter,
        format,
        encoding,
    } = read::classify(bytes, file_name)?
    else {
        return Ok(None);
    };
    let mut rows = DelimitedRows::new(&text, delimiter);
    let head = Table {
        sheet: None,
        rows: rows
            .by_ref()
            .take(HEAD_ROWS)
            .collect::<Result<Vec<Row>, String>>()
            .map_err(|e| read::unreadable(file_name, e))?,
    };
    let Some(layout) = header::find(&head) else {
        return Ok(None);
    };
    let parsed = rows::parse_streamed(
        &head.rows,
        |row| rows.next_into(row),
        &layout,
        profile,
        rows::Mode::OnePerson,
    )
    .map_err(|e| read::unreadable(file_name, e))?;
    let detected = Detected {
        format,
        encoding: Some(encoding),
        sheet: None,
        header_line: layout.line,
        shape: Some(layout.shape),
    };
    Ok(Some(preview_of(parsed, file_name, profile, detected, None)))
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
        warnings: Vec::new(),
        derived_records: 0,
        skipped_rows: 0,
        detected: Detected {
            format: FileFormat::Json,
            encoding: Some(encoding),
            sheet: None,
            header_line: None,
            shape: None,
        },
        mapping: None,
    })
}

/// Refuses a preview that must not be written: any row error, or another person's file
/// unless `force`.
pub fn check_writable(preview: &ImportPreview, force: bool) -> Result<()> {
    // Several people's file: its rows of different people look like conflicting repeats,
    // so say what it is first — the way out is a per-person import.
    if let (Some(mismatch), false) = (&preview.person_mismatch, force) {
        if mismatch.several_people {
            return Err(Error::PersonMismatch {
                file: preview.file_name.clone(),
                mismatch: mismatch.clone(),
            });
        }
    }
    // The reasons the window reads from the summary, less "nothing to write": the CLI runs
    // an import that changes nothing and reports 0 added, 0 updated.
    for reason in blocker::remaining(&blocker::refusals(preview), force) {
        match (reason, &preview.person_mismatch) {
            (ImportBlocker::RowErrors, _) => {
                return Err(Error::ImportRows {
                    file: preview.file_name.clone(),
                    errors: preview.errors.clone(),
                })
            }
            (ImportBlocker::PersonMismatch, Some(mismatch)) => {
                return Err(Error::PersonMismatch {
                    file: preview.file_name.clone(),
                    mismatch: mismatch.clone(),
                })
            }
            _ => {}
        }
    }
    Ok(())
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
    commit_reporting(store, preview, location, force, &mut |_, _| {
        ControlFlow::Continue(())
    })
}

/// [`commit`], telling `progress` (records done, records in all) as the write goes on, for
/// a progress bar. `Break` cancels: nothing is written and [`Error::Cancelled`] returned.
pub fn commit_reporting(
    store: &mut Store,
    preview: &ImportPreview,
    location: Option<&str>,
    force: bool,
    progress: &mut dyn FnMut(usize, usize) -> ControlFlow<()>,
) -> Result<ImportReport> {
    check_writable(preview, force)?;
    let source = NewSource {
        kind: SourceKind::File,
        name: &preview.file_name,
        location,
        // Statements downloaded from portals lag the bureau by up to a week.
        freshness: Freshness::Weekly,
    };
    // The way back, taken before the write and only when the write changes something.
    let backup =
        match store.import_changes_anything(&source, &preview.records, &preview.balances)? {
            true => Some(store::auto_backup(store)?),
            false => None,
        };
    let total = preview.records.len();
    let (source, written) = store.commit_import_reporting(
        &source,
        &preview.records,
        &preview.balances,
        &mut |done| progress(done, total),
    )?;
    saved_mappings::mark_used(store, preview)?;
    Ok(ImportReport {
        backup,
        ..report(preview, written, Some(source))
    })
}

/// Preview (with remembered mappings) and then commit (or, for a dry run, compare) in one
/// call.
pub fn import(
    store: &mut Store,
    bytes: &[u8],
    file_name: &str,
    location: Option<&str>,
    profile: &Profile,
    options: ImportOptions,
) -> Result<ImportReport> {
    let preview = preview_with_saved_mappings(store, bytes, file_name, profile)?;
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
        backup: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::EmploymentCategory;

    fn profile() -> Profile {
        Profile {
            id: 1,
            name: "张三".into(),
            id_number: None,
            sex: None,
            birth: None,
            region: None,
            employment: EmploymentCategory::Employee,
            original_age: None,
            payment_deadline_day: None,
        }
    }

    /// The preview read row by row equals the preview of the whole table, for every delimited
    /// fixture (GBK with a title and 合计, UTF-8 with BOM, tab-separated pastes, wide, national
    /// pension detail, bad rows, several people, period rows); other files are left to the whole-table path.
    #[test]
    fn streamed_previews_equal_whole_table_previews() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/import");
        let mut streamed_files = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_str().unwrap().to_string();
            let bytes = std::fs::read(&path).unwrap();
            let streamed = preview_streamed(&bytes, &name, &profile()).unwrap();
            let whole = match read::read(&bytes, &name).unwrap() {
                Contents::Tables {
                    tables,
                    format,
                    encoding,
                } => first_recognised(tables).map(|(table, layout)| {
                    preview_table(&table, &layout, &name, &profile(), format, encoding, None)
                }),
                Contents::Json { .. } => None,
            };
            match (&streamed, &whole) {
                (Some(s), Some(w)) => {
                    assert_eq!(s, w, "{name}");
                    streamed_files += 1;
                }
                // Headers only a mapping can read, and JSON: neither path finds a header.
                (None, None) => {}
                (None, Some(_)) => assert!(name.ends_with(".xlsx"), "{name} was not streamed"),
                (Some(_), None) => panic!("{name}: streamed but has no header"),
            }
        }
        assert_eq!(streamed_files, 9); // with three_people.csv and period_rows.csv
    }
}
