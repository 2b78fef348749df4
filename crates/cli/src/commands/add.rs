//! `shebao add --profile P --month YYYY-MM --kind K --personal X …`: one payment entered by
//! hand, checked and written by the core (ingest::manual). The JSON shape is in docs/cli.md.

use super::{Output, ProfileRef};
use crate::args::AddArgs;
use serde_json::json;
use shebao_core::ingest::{self, ManualEntry, ManualOutcome, ManualReport};
use shebao_core::model::{Contribution, ContributionStatus, Money};
use shebao_core::store::{FieldChange, FieldValue};
use shebao_core::{Lang, Result, Store};

pub fn run(store: &mut Store, args: &AddArgs, today: chrono::NaiveDate, out: Output) -> Result<()> {
    let profile = store.find_profile(&args.profile)?;
    let entry = ManualEntry {
        kind: args.kind,
        month: args.month,
        payer: ingest::parse_payer(&args.payer),
        base: args.base,
        personal: args.personal,
        employer: args.employer.unwrap_or(Money::ZERO),
        to_account: args.to_account,
        status: args.status,
        region: args.region.clone(),
    };
    let report = ingest::add_manual(store, &profile, &entry, today)?;
    if out.json {
        out.print_json(&json!({
            "outcome": report.outcome,
            "profile": ProfileRef::from(&profile),
            "record": report.record,
            "changes": report.changes,
        }));
        return Ok(());
    }
    let lang = out.lang;
    println!("{}", headline(&report, &profile.name, lang));
    for change in &report.changes {
        println!("  {}", change_line(change, lang));
    }
    Ok(())
}

fn headline(report: &ManualReport, name: &str, lang: Lang) -> String {
    let what = record_text(&report.record.record, lang);
    match (report.outcome, lang) {
        (ManualOutcome::Added, Lang::Zh) => format!("已添加（手工录入）：{name} {what}"),
        (ManualOutcome::Added, Lang::En) => format!("Added (entered by hand): {name} {what}"),
        (ManualOutcome::Updated, Lang::Zh) => {
            format!("已更新（旧值保留在修改记录中）：{name} {what}")
        }
        (ManualOutcome::Updated, Lang::En) => {
            format!("Updated (old values kept in the history): {name} {what}")
        }
        (ManualOutcome::Unchanged, Lang::Zh) => {
            format!("没有变化，已有同样的记录：{name} {what}")
        }
        (ManualOutcome::Unchanged, Lang::En) => {
            format!("Unchanged, already recorded: {name} {what}")
        }
    }
}

/// `2026-11 养老保险 个人（灵活就业） 个人 ¥960.00 单位 ¥0.00 已缴`.
fn record_text(r: &Contribution, lang: Lang) -> String {
    let mut parts = vec![
        r.month.to_string(),
        r.kind.label(lang).to_string(),
        r.payer.display(lang),
    ];
    if let Some(base) = r.base {
        parts.push(format!("{} {base}", lang.pick("基数", "base")));
    }
    parts.push(format!("{} {}", lang.pick("个人", "personal"), r.personal));
    parts.push(format!("{} {}", lang.pick("单位", "employer"), r.employer));
    if let Some(credited) = r.credited {
        parts.push(format!(
            "{} {credited}",
            lang.pick("划入个人账户", "to account")
        ));
    }
    parts.push(r.status.label(lang).to_string());
    parts.join(" ")
}

fn change_line(c: &FieldChange, lang: Lang) -> String {
    let field = match (c.field, lang) {
        ("region", _) => lang.pick("参保地", "region"),
        ("base", _) => lang.pick("缴费基数", "base"),
        ("personal", _) => lang.pick("个人缴费", "personal"),
        ("employer", _) => lang.pick("单位缴费", "employer"),
        ("credited", _) => lang.pick("划入个人账户", "to account"),
        ("status", _) => lang.pick("状态", "status"),
        (other, _) => other,
    };
    let none = lang.pick("（无）", "(none)");
    // Statuses are stored as codes; show them as words.
    let value = |v: Option<&str>| match v {
        None => none.to_string(),
        Some(code) if c.field == "status" => code
            .parse::<ContributionStatus>()
            .map_or(code.to_string(), |s| s.label(lang).to_string()),
        Some(code) if c.field == "region" => super::profile::region_text(code, lang),
        Some(text) => text.to_string(),
    };
    format!(
        "{field}{}{} → {}",
        lang.pick("：", ": "),
        value(c.old.as_ref().map(FieldValue::to_plain).as_deref()),
        value(c.new.as_ref().map(FieldValue::to_plain).as_deref())
    )
}
