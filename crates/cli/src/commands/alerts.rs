//! `shebao alerts` and `shebao alerts ack`. The JSON keys are a contract (docs/cli.md):
//! `{"alerts": [{"code", "kind", "severity", "months", "message", "acknowledged", "fingerprint"}]}`.

use super::{Output, ProfileRef};
use crate::args::AckArgs;
use chrono::NaiveDate;
use serde::Serialize;
use shebao_core::analysis::alerts::{months_text, Alert};
use shebao_core::model::{InsuranceKind, YearMonth};
use shebao_core::profile_analysis::{self as alerts, Selector};
use shebao_core::{Lang, Result, Store};

/// One alert as scripts see it: the five keys of the issue, plus whether it is acknowledged
/// and the fingerprint to acknowledge it by.
#[derive(Serialize)]
struct AlertJson<'a> {
    code: &'static str,
    kind: Option<InsuranceKind>,
    severity: &'static str,
    months: &'a [YearMonth],
    message: String,
    acknowledged: bool,
    fingerprint: &'a str,
}

#[derive(Serialize)]
struct AlertsJson<'a> {
    alerts: Vec<AlertJson<'a>>,
}

#[derive(Serialize)]
struct AcknowledgedJson<'a> {
    acknowledged: Vec<AlertJson<'a>>,
}

fn to_json(alert: &Alert, lang: Lang) -> AlertJson<'_> {
    AlertJson {
        code: alert.code.as_str(),
        kind: alert.kind,
        severity: alert.severity.as_str(),
        months: &alert.months,
        message: alert.message(lang),
        acknowledged: alert.acknowledged,
        fingerprint: &alert.fingerprint,
    }
}

pub fn list(store: &Store, query: &str, today: NaiveDate, out: Output) -> Result<()> {
    let profile = store.find_profile(query)?;
    let list = alerts::profile_alerts(store, &profile, today)?;
    if out.json {
        let alerts = list.iter().map(|a| to_json(a, out.lang)).collect();
        out.print_json(&AlertsJson { alerts });
        return Ok(());
    }
    let lang = out.lang;
    let acknowledged = list.iter().filter(|a| a.acknowledged).count();
    let who = ProfileRef::from(&profile);
    match lang {
        Lang::Zh => println!(
            "{}（编号 {}）：{} 条提醒，其中 {acknowledged} 条已确认（{today}）",
            who.name,
            who.id,
            list.len()
        ),
        Lang::En => println!(
            "{} (id {}): {} alert(s), {acknowledged} acknowledged ({today})",
            who.name,
            who.id,
            list.len()
        ),
    }
    if list.is_empty() {
        println!(
            "{}",
            lang.pick("没有需要注意的事项。", "Nothing needs attention.")
        );
    }
    for alert in &list {
        println!();
        print!("{}", describe(alert, lang));
    }
    Ok(())
}

/// A block of text for one alert: a title line, then explanation, advice, rule, fingerprint.
fn describe(alert: &Alert, lang: Lang) -> String {
    let mut title = format!("[{}] ", alert.severity.label(lang));
    if let Some(kind) = alert.kind {
        title.push_str(kind.label(lang));
        title.push_str(" · ");
    }
    title.push_str(alert.code.label(lang));
    if !alert.months.is_empty() {
        title.push(' ');
        title.push_str(&months_text(&alert.months, lang));
    }
    if alert.acknowledged {
        title.push_str(lang.pick("（已确认）", " (acknowledged)"));
    }
    let mut lines = vec![title, format!("  {}", alert.explanation(lang))];
    lines.push(format!(
        "  {}{}",
        lang.pick("建议：", "What to do: "),
        alert.action(lang)
    ));
    if let Some(rule) = alert.rule(lang) {
        lines.push(format!("  {}{}", lang.pick("依据：", "Rule: "), rule));
    }
    lines.push(format!(
        "  {}{} {}",
        lang.pick("代码：", "code: "),
        alert.code,
        alert.fingerprint
    ));
    lines.join("\n") + "\n"
}

pub fn ack(store: &mut Store, args: &AckArgs, today: NaiveDate, out: Output) -> Result<()> {
    let profile = store.find_profile(&args.profile)?;
    let selector = match (&args.code, &args.fingerprint) {
        (Some(code), _) => Selector::Code {
            code: *code,
            kind: args.kind,
        },
        (None, Some(fp)) => Selector::Fingerprint(fp.clone()),
        (None, None) => unreachable!("clap requires --code or --fingerprint"),
    };
    let done = alerts::acknowledge(store, &profile, today, &selector)?;
    if out.json {
        let acknowledged = done.iter().map(|a| to_json(a, out.lang)).collect();
        out.print_json(&AcknowledgedJson { acknowledged });
        return Ok(());
    }
    for alert in &done {
        let months = months_text(&alert.months, out.lang);
        match out.lang {
            Lang::Zh => println!(
                "已确认：{}{} {months}（{}）；事实有变化时会再次提醒",
                alert
                    .kind
                    .map(|k| format!("{} · ", k.label(out.lang)))
                    .unwrap_or_default(),
                alert.code.label(out.lang),
                alert.fingerprint
            ),
            Lang::En => println!(
                "acknowledged: {}{} {months} ({}); it comes back when its facts change",
                alert
                    .kind
                    .map(|k| format!("{} · ", k.label(out.lang)))
                    .unwrap_or_default(),
                alert.code.label(out.lang),
                alert.fingerprint
            ),
        }
    }
    Ok(())
}
