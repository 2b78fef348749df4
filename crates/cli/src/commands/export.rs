use super::{Output, ProfileRef};
use crate::args::ExportArgs;
use serde_json::json;
use shebao_core::export::{export_to_file, ExportRequest};
use shebao_core::{Lang, Result, Store};

pub fn run(store: &mut Store, args: ExportArgs, out: Output) -> Result<()> {
    let profile = store.find_profile(&args.profile)?;
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
