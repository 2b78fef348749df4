//! `shebao import FILE --profile P [--dry-run] [--force] [--json]`: a statement into a
//! profile, whole or not at all. The JSON shape and exit statuses are in docs/cli.md.

use super::Output;
use crate::args::ImportArgs;
use serde::Serialize;
use shebao_core::ingest::{
    self, ColumnMapping, HeaderGiven, ImportPreview, MappingProblem, RowError,
};
use shebao_core::store::WriteReport;
use shebao_core::{Error, Lang, Result, Store};
use std::io::Read;
use std::path::Path;

/// The bytes to import, the name the source is recorded under, where they came from, and
/// the columns the user named (if any).
pub struct Input {
    bytes: Vec<u8>,
    name: String,
    location: Option<String>,
    mapping: Option<ColumnMapping>,
}

/// The source name of a table pasted on standard input.
const STDIN_NAME: &str = "stdin";

/// Reads the file (and the mapping file) before the database is opened, so that a missing
/// file never creates one.
pub fn read_input(args: &ImportArgs) -> Result<Input> {
    let (bytes, name, location) = read_file(&args.file)?;
    let mapping = match (&args.mapping, &args.mapping_file) {
        (Some(spec), _) => {
            let mut mapping = spec.mapping.clone();
            if spec.header == HeaderGiven::Guess {
                mapping.header_line = ingest::guess_header_for(&bytes, &name, &mapping)?;
            }
            Some(mapping)
        }
        (None, Some(path)) => Some(read_mapping_file(path)?),
        (None, None) => None,
    };
    Ok(Input {
        bytes,
        name,
        location,
        mapping,
    })
}

/// A file's bytes, its name and its absolute path; `-` is standard input.
pub fn read_file(file: &Path) -> Result<(Vec<u8>, String, Option<String>)> {
    if file.as_os_str() == "-" {
        // One byte past the largest file read is enough to refuse an endless pipe.
        let mut bytes = Vec::new();
        std::io::stdin()
            .take(ingest::file_size::MAX_TEXT_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|source| Error::Io {
                path: file.to_path_buf(),
                source,
            })?;
        ingest::check_file_bytes(STDIN_NAME, &bytes)?;
        return Ok((bytes, STDIN_NAME.into(), None));
    }
    let io = |source| Error::Io {
        path: file.to_path_buf(),
        source,
    };
    let name = file.file_name().map_or_else(
        || file.display().to_string(),
        |n| n.to_string_lossy().into(),
    );
    // The size first, so a huge file is refused before it is read into memory.
    let size = std::fs::metadata(file).map_err(io)?.len();
    ingest::check_file_size(&name, &[], size)?;
    let bytes = std::fs::read(file).map_err(io)?;
    ingest::check_file_bytes(&name, &bytes)?;
    let location = std::path::absolute(file)
        .unwrap_or_else(|_| file.to_path_buf())
        .display()
        .to_string();
    Ok((bytes, name, Some(location)))
}

fn read_mapping_file(path: &Path) -> Result<ColumnMapping> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    serde_json::from_str(&text).map_err(|e| Error::ImportMapping {
        file: path.display().to_string(),
        problem: MappingProblem::BadJson {
            reason: e.to_string(),
        },
    })
}

/// The documented `--json` shape; nothing more, so scripts can compare it whole.
#[derive(Serialize)]
struct JsonReport {
    added: usize,
    updated: usize,
    unchanged: usize,
    skipped_rows: usize,
    errors: Vec<JsonRowError>,
}

#[derive(Serialize)]
struct JsonRowError {
    line: usize,
    column: String,
    value: String,
    message: String,
}

pub fn run(store: &mut Store, args: &ImportArgs, input: Input, out: Output) -> Result<()> {
    let Some(query) = &args.profile else {
        // clap requires --profile without --per-person.
        return super::import_people::run(
            store,
            args,
            &input.bytes,
            &input.name,
            input.location.as_deref(),
            out,
        );
    };
    let profile = store.find_profile(query)?;
    let preview = match &input.mapping {
        Some(mapping) => {
            ingest::preview_with_mapping(&input.bytes, &input.name, &profile, mapping)?
        }
        None => ingest::preview_with_saved_mappings(store, &input.bytes, &input.name, &profile)?,
    };
    if !preview.errors.is_empty() {
        if out.json {
            out.print_json(&json_report(&preview, WriteReport::default(), out.lang));
        }
        // main prints the count and the first errors on stderr and exits 1.
        return ingest::check_writable(&preview, args.force);
    }
    ingest::check_writable(&preview, args.force)?;
    let (written, backup) = if args.dry_run {
        (ingest::plan(store, &preview)?, None)
    } else {
        let report = ingest::commit(store, &preview, input.location.as_deref(), args.force)?;
        let written = WriteReport {
            inserted: report.added,
            updated: report.updated,
            unchanged: report.unchanged,
        };
        (written, report.backup)
    };
    let remembered = match (args.save_mapping, args.dry_run) {
        (true, false) => ingest::saved_mappings::remember(store, &preview)?,
        _ => None,
    };
    if out.json {
        out.print_json(&json_report(&preview, written, out.lang));
    } else {
        print_text(&preview, written, &profile.name, args.dry_run, out.lang);
        print_mapping(&preview, remembered.is_some(), out.lang);
        if let Some(backup) = backup {
            println!(
                "{}{}",
                out.lang.pick(
                    "导入前已自动备份：",
                    "backed up automatically before the import: "
                ),
                backup.display()
            );
        }
    }
    Ok(())
}

/// Which columns were read, when the header was not recognised by its words.
fn print_mapping(preview: &ImportPreview, remembered: bool, lang: Lang) {
    let Some(applied) = &preview.mapping else {
        return;
    };
    let from = match &applied.saved {
        Some(saved) => format!(
            "{}{}{}",
            lang.pick("（记住的列映射，来自 ", " (remembered from "),
            saved.label,
            lang.pick("）", ")")
        ),
        None => String::new(),
    };
    println!(
        "{}{}{from}",
        lang.pick("按列映射读取：", "read with the column mapping: "),
        applied.mapping.describe(lang)
    );
    if remembered {
        println!(
            "{}",
            lang.pick(
                "已记住这个列映射，下次导入同一来源的文件时自动使用（shebao mapping list）",
                "remembered this mapping for the next file from the same source (shebao mapping list)"
            )
        );
    }
}

/// Printed after "no header row found": the way forward.
pub const NO_HEADER_HINT: (&str, &str) = (
    "用 shebao columns FILE 查看各列，再用 --mapping month=A,kind=B,personal=D 指定各列（见 docs/cli.md；能自动识别的写法见 docs/import-formats.md）",
    "see the columns with shebao columns FILE, then name them with --mapping month=A,kind=B,personal=D (see docs/cli.md; what is recognised by itself: docs/import-formats.md)",
);

fn json_report(preview: &ImportPreview, written: WriteReport, lang: Lang) -> JsonReport {
    JsonReport {
        added: written.inserted,
        updated: written.updated,
        unchanged: written.unchanged,
        skipped_rows: preview.skipped_rows,
        errors: preview
            .errors
            .iter()
            .map(|e| JsonRowError {
                line: e.line,
                column: e.column.clone(),
                value: e.value.clone(),
                message: e.message(lang),
            })
            .collect(),
    }
}

fn print_text(
    preview: &ImportPreview,
    written: WriteReport,
    profile: &str,
    dry_run: bool,
    lang: Lang,
) {
    let counts = match lang {
        Lang::Zh => format!(
            "新增 {} 条，更新 {} 条，未变 {} 条；跳过 {} 行（标题、空行、合计等）",
            written.inserted, written.updated, written.unchanged, preview.skipped_rows
        ),
        Lang::En => format!(
            "{} added, {} updated, {} unchanged; {} rows skipped (titles, blank rows, totals)",
            written.inserted, written.updated, written.unchanged, preview.skipped_rows
        ),
    };
    let head = match (dry_run, lang) {
        (true, Lang::Zh) => format!("试导入 {} → {profile}（未写入任何数据）", preview.file_name),
        (true, Lang::En) => format!(
            "dry run of {} → {profile} (nothing written)",
            preview.file_name
        ),
        (false, Lang::Zh) => format!("已导入 {} → {profile}", preview.file_name),
        (false, Lang::En) => format!("imported {} → {profile}", preview.file_name),
    };
    println!("{head}{}{counts}", lang.pick("：", ": "));
    if preview.derived_records > 0 {
        println!(
            "  {}",
            match lang {
                Lang::Zh => format!(
                    "其中 {} 条由期间记录推算（每个期间逐月展开）",
                    preview.derived_records
                ),
                Lang::En => format!(
                    "{} of them derived from period rows (each spell month by month)",
                    preview.derived_records
                ),
            }
        );
    }
    for warning in &preview.warnings {
        println!(
            "  {}{}",
            lang.pick("注意：", "note: "),
            warning.describe(lang)
        );
    }
    if let Some(mismatch) = &preview.person_mismatch {
        println!(
            "{}{}",
            lang.pick(
                "注意（已用 --force 强制导入）：",
                "note (imported with --force): "
            ),
            mismatch.message(lang)
        );
    }
}

/// At most this many row errors are printed on stderr; the rest are counted.
const MAX_PRINTED_ERRORS: usize = 10;

/// The stderr lines for a file with row errors: a summary, then one line per error.
pub fn row_error_lines(file: &str, errors: &[RowError], lang: Lang) -> Vec<String> {
    let mut lines = vec![match lang {
        Lang::Zh => format!("{file}：有 {} 处问题，未导入任何数据", errors.len()),
        Lang::En => format!(
            "{file}: {} problem(s) found, nothing was imported",
            errors.len()
        ),
    }];
    lines.extend(
        errors
            .iter()
            .take(MAX_PRINTED_ERRORS)
            .map(|e| format!("  {}", e.describe(lang))),
    );
    if errors.len() > MAX_PRINTED_ERRORS {
        let more = errors.len() - MAX_PRINTED_ERRORS;
        lines.push(match lang {
            Lang::Zh => format!("  ……还有 {more} 处问题（用 --json 查看全部）"),
            Lang::En => format!("  … and {more} more (use --json to see all)"),
        });
    }
    lines
}
