use super::{Output, ProfileRef};
use crate::args::ExportArgs;
use serde_json::json;
use shebao_core::export::{export_all, export_to_file, BatchRequest, ExportRequest};
use shebao_core::{Lang, Result, Store};
use std::io::{IsTerminal, Write};

pub fn run(store: &mut Store, args: ExportArgs, out: Output) -> Result<()> {
    let Some(query) = args.profile.as_deref().filter(|_| !args.all) else {
        return run_all(store, &args, out);
    };
    let profile = store.find_profile(query)?;
    let request = ExportRequest {
        format: args.format,
        profile: profile.id,
        from: args.from,
        to: args.to,
        kinds: args.kinds,
        lang: out.lang,
        show_id: args.show_id,
        with_estimate: args.with_estimate,
    };
    let now = chrono::Local::now().fixed_offset();
    let exported = export_to_file(store, &request, &args.out, now)?;
    let record = &exported.record;
    if out.json {
        out.print_json(&json!({
            "format": record.format,
            "file": args.out,
            "file_sha256": record.file_sha256,
            "content_digest": record.content_digest,
            "profile": ProfileRef::from(&profile),
            "period": record.period,
            "kinds": record.kinds,
            "records": exported.records,
            "balances": exported.balances,
            "export_id": record.id,
        }));
        return Ok(());
    }
    let month = |m: Option<shebao_core::model::YearMonth>| m.map_or("-".into(), |m| m.to_string());
    let period = match (record.period.from, record.period.to) {
        (None, None) => out.lang.pick("无记录", "no records").to_string(),
        (from, to) => format!("{}~{}", month(from), month(to)),
    };
    let short = &record.content_digest[..16];
    match out.lang {
        Lang::Zh => println!(
            "已导出 {}：{}（{}，{} 条缴费记录，{}；内容摘要 {short}…）",
            record.format.as_str().to_uppercase(),
            args.out.display(),
            profile.name,
            exported.records,
            period
        ),
        Lang::En => println!(
            "exported {}: {} ({}, {} contribution records, {}; content digest {short}…)",
            record.format.as_str().to_uppercase(),
            args.out.display(),
            profile.name,
            exported.records,
            period
        ),
    }
    Ok(())
}

/// `--all`: every profile into the folder `--out`, with one progress line for the whole batch on
/// stderr when a person watches it (a terminal), never in a pipe or a log.
fn run_all(store: &mut Store, args: &ExportArgs, out: Output) -> Result<()> {
    let request = BatchRequest {
        format: args.format,
        from: args.from,
        to: args.to,
        kinds: args.kinds.clone(),
        lang: out.lang,
        show_id: args.show_id,
        with_estimate: args.with_estimate,
    };
    let now = chrono::Local::now().fixed_offset();
    let watched = std::io::stderr().is_terminal();
    let word = out.lang.pick("导出", "exporting");
    let batch = export_all(store, &request, &args.out, now, |done, total| {
        if watched {
            let mut err = std::io::stderr();
            let _ = write!(err, "\r{word} {done}/{total}");
            if done == total {
                let _ = writeln!(err);
            }
        }
    })?;
    if out.json {
        out.print_json(&json!({
            "dir": batch.dir,
            "manifest": batch.manifest,
            "files": batch.files,
        }));
        return Ok(());
    }
    let format = args.format.as_str().to_uppercase();
    let count = batch.files.len();
    match out.lang {
        Lang::Zh => println!(
            "已为 {count} 位成员各导出一份 {format} 到 {}；清单：{}",
            batch.dir.display(),
            batch.manifest.display()
        ),
        Lang::En => println!(
            "exported one {format} for each of {count} profiles into {}; manifest: {}",
            batch.dir.display(),
            batch.manifest.display()
        ),
    }
    Ok(())
}
