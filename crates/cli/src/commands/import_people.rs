//! `shebao import FILE --per-person [--create-profiles] [--match-names] [--dry-run] [--json]`:
//! a file of many people (an HR batch, a family's records) as one import per person, all
//! written or none. The JSON shape and exit statuses are in docs/cli.md.

use super::Output;
use crate::args::ImportArgs;
use serde::Serialize;
use shebao_core::ingest::people::{self, PeopleReport, PersonOutcome};
use shebao_core::ingest::RowErrorReport;
use shebao_core::{Lang, Result, Store};
use std::io::{IsTerminal, Write};
use std::ops::ControlFlow;

/// The documented `--json` shape.
#[derive(Serialize)]
struct JsonReport<'a> {
    persons: &'a [PersonOutcome],
    skipped_rows: usize,
    /// Every row problem, in file order, also those of rows naming nobody.
    errors: Vec<RowErrorReport>,
}

pub fn run(
    store: &mut Store,
    args: &ImportArgs,
    bytes: &[u8],
    name: &str,
    location: Option<&str>,
    out: Output,
) -> Result<()> {
    let lang = out.lang;
    let preview = people::preview(store, bytes, name)?;
    if !preview.errors.is_empty() {
        if out.json {
            print_json(
                &people::unplanned(&preview, lang),
                &preview.errors,
                lang,
                out,
            );
        }
        // main prints the count and the first problems on stderr and exits 1.
        return Err(shebao_core::Error::ImportRows {
            file: preview.file_name.clone(),
            errors: preview.errors.clone(),
        });
    }
    let decisions = people::decide(&preview, args.create_profiles, args.match_names)?;
    let report = if args.dry_run {
        people::plan(store, &preview, &decisions, lang)?
    } else {
        let show = !out.json && std::io::stderr().is_terminal();
        let report = people::commit(
            store,
            &preview,
            &decisions,
            location,
            lang,
            &mut |done, all| {
                if show {
                    let mut err = std::io::stderr();
                    let _ = write!(err, "\r{} {done}/{all}", lang.pick("写入中", "writing"));
                    let _ = err.flush();
                }
                ControlFlow::Continue(())
            },
        )?;
        if show {
            eprintln!();
        }
        report
    };
    if out.json {
        print_json(&report, &[], lang, out);
    } else {
        print_text(&report, &preview.file_name, args.dry_run, lang);
    }
    Ok(())
}

fn print_json(
    report: &PeopleReport,
    errors: &[shebao_core::ingest::RowError],
    lang: Lang,
    out: Output,
) {
    out.print_json(&JsonReport {
        persons: &report.persons,
        skipped_rows: report.skipped_rows,
        errors: errors.iter().map(|e| e.report(lang)).collect(),
    });
}

fn print_text(report: &PeopleReport, file: &str, dry_run: bool, lang: Lang) {
    let created = report
        .persons
        .iter()
        .filter(|p| p.created || p.would_create)
        .count();
    let people = report.persons.len();
    let head = match (dry_run, lang) {
        (true, Lang::Zh) => format!("按人试导入 {file}（未写入任何数据）：{people} 人，将新建成员 {created} 人"),
        (true, Lang::En) => format!("dry run of {file} per person (nothing written): {people} people, {created} profile(s) would be created"),
        (false, Lang::Zh) => format!("已按人导入 {file}：{people} 人，新建成员 {created} 人"),
        (false, Lang::En) => format!("imported {file} per person: {people} people, {created} profile(s) created"),
    };
    println!("{head}");
    for person in &report.persons {
        println!("  {}", person_line(person, lang));
        for warning in &person.warnings {
            println!(
                "    {}{}",
                lang.pick("注意：第 ", "note: line "),
                warning_text(warning, lang)
            );
        }
    }
    println!(
        "{}",
        match lang {
            Lang::Zh => format!("跳过 {} 行（标题、空行、合计等）", report.skipped_rows),
            Lang::En => format!(
                "{} rows skipped (titles, blank rows, totals)",
                report.skipped_rows
            ),
        }
    );
    if let Some(backup) = &report.backup {
        println!(
            "{}{}",
            lang.pick(
                "导入前已自动备份：",
                "backed up automatically before the import: "
            ),
            backup.display()
        );
    }
}

fn warning_text(warning: &RowErrorReport, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!(
            "{} 行「{}」：{}",
            warning.line, warning.column, warning.message
        ),
        Lang::En => format!(
            "{}, column {:?}: {}",
            warning.line, warning.column, warning.message
        ),
    }
}

/// `王芳 1101**********002X → #1：新增 2 条，更新 0 条，未变 0 条；2 个月，养老`.
fn person_line(p: &PersonOutcome, lang: Lang) -> String {
    let who = [p.name.clone(), p.id_masked.clone()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    let target = match (p.profile_id, p.created, p.would_create, lang) {
        (Some(id), true, _, Lang::Zh) => format!("新建成员 #{id}"),
        (Some(id), true, _, Lang::En) => format!("new profile #{id}"),
        (_, _, true, Lang::Zh) => "将新建成员".to_string(),
        (_, _, true, Lang::En) => "a new profile".to_string(),
        (Some(id), _, _, _) => format!("#{id}"),
        (None, _, _, _) => "?".to_string(),
    };
    let kinds: Vec<&str> = p.kinds.iter().map(|k| k.label(lang)).collect();
    match lang {
        Lang::Zh => format!(
            "{who} → {target}：新增 {} 条，更新 {} 条，未变 {} 条；{} 个月，{}",
            p.new,
            p.updated,
            p.unchanged,
            p.months,
            kinds.join("、")
        ),
        Lang::En => format!(
            "{who} → {target}: {} added, {} updated, {} unchanged; {} months, {}",
            p.new,
            p.updated,
            p.unchanged,
            p.months,
            kinds.join(", ")
        ),
    }
}
