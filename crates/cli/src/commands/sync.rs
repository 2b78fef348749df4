//! `shebao sync [--source S] [--force] [--full] [--json]`: every provider over HTTP (or one)
//! brought up to date, each in one transaction. Any failure: the report (with `--json`), then
//! a one-line reason on stderr and exit 1; a failed source keeps its last good data, and the
//! others are still synced.

use super::Output;
use crate::args::SyncArgs;
use crate::remedy;
use serde::Serialize;
use shebao_core::model::SyncOutcome;
use shebao_core::secrets;
use shebao_core::sync::{self, CancelFlag, SyncError, SyncOptions, SyncReport};
use shebao_core::{Error, Lang, Result, Store};
use std::process::ExitCode;

/// One source in the `--json` report (docs/cli.md); the same keys whatever the outcome.
#[derive(Serialize)]
struct SourceReport {
    source: String,
    profile: Option<String>,
    outcome: SyncOutcome,
    since: Option<String>,
    pages: u32,
    items: usize,
    added: usize,
    updated: usize,
    unchanged: usize,
    balances: usize,
    as_of: Option<String>,
    backup: Option<String>,
    error: Option<ErrorReport>,
}

#[derive(Serialize)]
struct ErrorReport {
    code: &'static str,
    message: String,
}

pub fn run(store: &mut Store, args: &SyncArgs, out: Output) -> Result<ExitCode> {
    let names: Vec<String> = match &args.source {
        Some(name) => {
            if store.http_source(name)?.is_none() {
                return Err(SyncError::UnknownSource { name: name.clone() }.into());
            }
            vec![name.clone()]
        }
        None => store
            .http_sources()?
            .into_iter()
            .map(|s| s.source.name)
            .collect(),
    };
    if names.is_empty() {
        return Err(SyncError::NoHttpSources.into());
    }
    let options = SyncOptions {
        force: args.force,
        full: args.full,
        ..SyncOptions::default()
    };
    let keyring = secrets::default_store();
    let mut reports = Vec::new();
    let mut failures: Vec<Error> = Vec::new();
    for name in &names {
        let result = sync::sync_source(
            store,
            name,
            keyring.as_ref(),
            &secrets::process_env,
            &options,
            &mut |_| {},
            &CancelFlag::new(),
        );
        let profile = store
            .http_source(name)?
            .and_then(|s| store.profile(s.profile).ok().flatten())
            .map(|p| p.name);
        match result {
            Ok(report) => {
                if !out.json {
                    print_done(&report, profile.as_deref().unwrap_or(""), out.lang);
                }
                reports.push(success(report, profile));
            }
            Err(error) => {
                if !out.json && names.len() > 1 {
                    let line = remedy::after_message(error.message(out.lang), &error, out.lang);
                    println!("{name}: {line}");
                }
                reports.push(failure(store, name, profile, &error, out.lang)?);
                failures.push(error);
            }
        }
    }
    if out.json {
        out.print_json(&serde_json::json!({ "sources": reports }));
    }
    let reason = match failures.as_slice() {
        [] => return Ok(ExitCode::SUCCESS),
        [only] => remedy::after_message(only.message(out.lang), only, out.lang),
        [first, ..] => {
            let first_line = remedy::after_message(first.message(out.lang), first, out.lang);
            match out.lang {
                Lang::Zh => format!("{} 个数据源同步失败；第一个：{first_line}", failures.len()),
                Lang::En => format!("{} sources failed; first: {first_line}", failures.len()),
            }
        }
    };
    eprintln!("shebao: {reason}");
    Ok(ExitCode::from(1))
}

fn success(report: SyncReport, profile: Option<String>) -> SourceReport {
    SourceReport {
        source: report.source,
        profile,
        outcome: SyncOutcome::Ok,
        since: report.since.map(|m| m.to_string()),
        pages: report.pages,
        items: report.items,
        added: report.added,
        updated: report.updated,
        unchanged: report.unchanged,
        balances: report.balances,
        as_of: Some(report.as_of),
        backup: report.backup.map(|p| p.display().to_string()),
        error: None,
    }
}

/// A failed source as its run was recorded: how far it got, and why it stopped.
fn failure(
    store: &Store,
    name: &str,
    profile: Option<String>,
    error: &Error,
    lang: Lang,
) -> Result<SourceReport> {
    let run = match store.http_source(name)? {
        Some(source) => store.sync_runs(source.source.id, 1)?.pop(),
        None => None,
    };
    Ok(SourceReport {
        source: name.to_string(),
        profile,
        outcome: match error {
            Error::Cancelled => SyncOutcome::Cancelled,
            _ => SyncOutcome::Failed,
        },
        since: run.as_ref().and_then(|r| r.since).map(|m| m.to_string()),
        pages: run.as_ref().map_or(0, |r| r.pages),
        items: run.as_ref().map_or(0, |r| r.items),
        added: 0,
        updated: 0,
        unchanged: 0,
        balances: 0,
        as_of: run.and_then(|r| r.provider_as_of),
        backup: None,
        error: Some(ErrorReport {
            code: error.code(),
            message: remedy::after_message(error.message(lang), error, lang),
        }),
    })
}

fn print_done(report: &SyncReport, profile: &str, lang: Lang) {
    let since = report.since.map(|m| m.to_string());
    let line = match lang {
        Lang::Zh => format!(
            "已同步 {} → {profile}：新增 {} 条，更新 {} 条，未变 {} 条；余额 {} 条（{}，{} 页；数据截至 {}）",
            report.source,
            report.added,
            report.updated,
            report.unchanged,
            report.balances,
            since.map_or("全部记录".into(), |m| format!("自 {m} 起")),
            report.pages,
            report.as_of
        ),
        Lang::En => format!(
            "synced {} → {profile}: {} added, {} updated, {} unchanged; {} balance(s) ({}, {} page(s); provider data as of {})",
            report.source,
            report.added,
            report.updated,
            report.unchanged,
            report.balances,
            since.map_or("whole history".into(), |m| format!("since {m}")),
            report.pages,
            report.as_of
        ),
    };
    println!("{line}");
    if let Some(mismatch) = &report.person_mismatch {
        println!(
            "{}{}",
            lang.pick(
                "注意（已用 --force 强制同步）：",
                "note (synced with --force): "
            ),
            sync::mismatch_text(mismatch, lang)
        );
    }
}
