//! `shebao columns FILE [--rows N] [--json]`: the first rows of a file with their line
//! numbers and column letters, and a suggested `--mapping`, for a file whose header is not
//! recognised. Reads the file only; never opens a database.

use super::import::read_file;
use super::Output;
use crate::args::ColumnsArgs;
use crate::table;
use shebao_core::ingest::{self, ColumnMapping, Field, SuggestedBy};
use shebao_core::{Lang, Result};

pub fn run(args: &ColumnsArgs, out: Output) -> Result<()> {
    let (bytes, name, _) = read_file(&args.file)?;
    let sample = ingest::table_sample(&bytes, &name, args.rows)?;
    if out.json {
        out.print_json(&sample);
        return Ok(());
    }
    let lang = out.lang;
    let mut header = vec![lang.pick("行", "line")];
    header.extend(sample.columns.iter().map(String::as_str));
    let rows: Vec<Vec<String>> = sample
        .rows
        .iter()
        .map(|row| {
            let mut cells = vec![row.line.to_string()];
            cells.extend(row.cells.iter().map(|c| c.replace(['\n', '\r'], " ")));
            cells
        })
        .collect();
    println!("{}", table::render(&header, &rows));
    if sample.total_rows > sample.rows.len() {
        let more = sample.total_rows - sample.rows.len();
        println!(
            "{}",
            match lang {
                Lang::Zh => format!("……还有 {more} 行"),
                Lang::En => format!("… and {more} more rows"),
            }
        );
    }
    println!();
    let said = match sample.suggested_by {
        SuggestedBy::Header => lang.pick(
            "表头已能自动识别，导入时不需要 --mapping；识别结果相当于：",
            "the header is recognised; no --mapping is needed. It amounts to:",
        ),
        SuggestedBy::Guess => lang.pick(
            "建议的列映射（请核对后使用）：",
            "suggested mapping (check it before use):",
        ),
    };
    println!("{said}");
    println!("  --mapping {}", spec(&sample.suggestion));
    Ok(())
}

/// A mapping as `--mapping` text: `month=A,kind=B,personal=D,header=3`.
fn spec(mapping: &ColumnMapping) -> String {
    let mut parts: Vec<String> = Field::ALL
        .iter()
        .filter_map(|field| {
            let column = mapping.columns.get(field)?;
            Some(format!(
                "{}={}",
                field.as_str(),
                ingest::mapping::column_letters(*column)
            ))
        })
        .collect();
    if let Some(kind) = mapping.kind {
        parts.push(format!("kind={kind}"));
    }
    parts.push(match mapping.header_line {
        Some(line) => format!("header={line}"),
        None => "header=none".into(),
    });
    parts.join(",")
}
