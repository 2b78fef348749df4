//! `shebao rules show`: which rule tables are in use (bundled, or a signed update), their versions
//! and sources, and — just as visibly — what they do not know. `--json` prints the tables
//! themselves. `shebao rules update`: fetch a newer signed set (the checks are the core's).

use super::Output;
use serde_json::json;
use shebao_core::rules::{
    self, ActiveRules, Citation, Origin, RateStatus, RegionTable, RuleSet, TrustedKeys,
    UpdateOutcome, SCHEMA,
};
use shebao_core::{Lang, Result};
use std::path::Path;

pub fn show(active: &ActiveRules, out: Output) -> Result<()> {
    let rules: &RuleSet = active;
    if out.json {
        let (origin, source, published, fetched_at) = match &active.origin {
            Origin::Bundled => ("bundled", None, None, None),
            Origin::Updated {
                source,
                fetched_at,
                published,
            } => ("updated", Some(source), Some(published), Some(fetched_at)),
        };
        out.print_json(&json!({
            "origin": origin,
            "version": rules.version(),
            "source": source,
            "published": published,
            "fetched_at": fetched_at,
            "set_aside": active.set_aside.as_ref().map(|a| json!({
                "code": a.code(),
                "message": match a.remedy() {
                    Some(remedy) => crate::remedy::with_remedy(a.message(out.lang), &remedy, out.lang),
                    None => a.message(out.lang),
                },
            })),
            "schema": SCHEMA,
            "national": rules.national,
            "regions": rules.regions,
        }));
        return Ok(());
    }
    let lang = out.lang;
    for line in origin_lines(active, lang) {
        println!("{line}");
    }
    for line in national_lines(rules, lang) {
        println!("{line}");
    }
    println!("{}", lang.pick("地区规则", "Regional rules"));
    for region in &rules.regions {
        for line in region_lines(region, lang) {
            println!("{line}");
        }
    }
    Ok(())
}

/// Fetches and installs a newer signed set for the database at `db` (which need not exist).
pub fn update(db: &Path, url: Option<&str>, out: Output) -> Result<()> {
    let url = rules::update_url(url);
    let outcome = rules::update(db, &url, &TrustedKeys::project(), chrono::Utc::now())?;
    if out.json {
        let mut report = serde_json::to_value(&outcome).expect("serialisable");
        report["source"] = url.into();
        out.print_json(&report);
        return Ok(());
    }
    println!(
        "{}",
        match (&outcome, out.lang) {
            (UpdateOutcome::Updated { previous, version, files }, Lang::Zh) => format!(
                "规则表已更新：{previous} → {version}（{files} 个文件，签名和哈希值已验证），来源 {url}"
            ),
            (UpdateOutcome::Updated { previous, version, files }, Lang::En) => format!(
                "Rule tables updated: {previous} → {version} ({files} files, signature and hashes verified), from {url}"
            ),
            (UpdateOutcome::UpToDate { version }, Lang::Zh) => {
                format!("规则表已是最新：{version}（{url}）")
            }
            (UpdateOutcome::UpToDate { version }, Lang::En) => {
                format!("Rule tables are up to date: {version} ({url})")
            }
        }
    );
    Ok(())
}

/// Which set is in use and where it came from; a downloaded set not in use, and why.
fn origin_lines(active: &ActiveRules, lang: Lang) -> Vec<String> {
    let version = active.version();
    let mut lines = vec![match (&active.origin, lang) {
        (Origin::Bundled, Lang::Zh) => {
            format!("规则表：内置（随应用提供，离线可用），版本 {version}，格式 {SCHEMA}")
        }
        (Origin::Bundled, Lang::En) => format!(
            "Rule tables: bundled (ship with the app, work offline), version {version}, format {SCHEMA}"
        ),
        (Origin::Updated { .. }, Lang::Zh) => {
            format!("规则表：已更新，版本 {version}，格式 {SCHEMA}")
        }
        (Origin::Updated { .. }, Lang::En) => {
            format!("Rule tables: updated, version {version}, format {SCHEMA}")
        }
    }];
    if let Origin::Updated {
        source,
        fetched_at,
        published,
    } = &active.origin
    {
        lines.push(match lang {
            Lang::Zh => format!(
                "  来源 {source}（发布于 {published}，下载于 {fetched_at}）；每次使用前都重新验证签名和哈希值"
            ),
            Lang::En => format!(
                "  from {source} (published {published}, fetched {fetched_at}); signature and hashes checked again on every use"
            ),
        });
    }
    if let Some(aside) = &active.set_aside {
        let message = match aside.remedy() {
            Some(remedy) => crate::remedy::with_remedy(aside.message(lang), &remedy, lang),
            None => aside.message(lang),
        };
        lines.push(format!("{}{message}", lang.pick("注意：", "Note: ")));
    }
    lines
}

fn national_lines(rules: &RuleSet, lang: Lang) -> Vec<String> {
    let n = &rules.national;
    let groups: Vec<&str> = n
        .retirement_schedule
        .groups
        .iter()
        .map(|g| g.id.as_str())
        .collect();
    let (first_age, last_age) = n.pension_divisor.range();
    let rate_years = n
        .crediting_rates
        .years()
        .map_or(String::new(), |(a, b)| format!("{a}–{b}"));
    let mut lines = vec![format!(
        "{} national.json{}{} {}",
        lang.pick("全国规则", "National rules"),
        lang.pick("，", ", "),
        lang.pick("版本", "version"),
        n.version
    )];
    let rows: [(String, &Citation); 7] = [
        (
            format!(
                "{} {}",
                lang.pick("法定退休年龄", "statutory retirement age"),
                groups.join("/")
            ),
            &n.retirement_schedule.source,
        ),
        (
            lang.pick("弹性退休", "elastic retirement").into(),
            &n.elastic_retirement.source,
        ),
        (
            lang.pick("最低缴费年限", "minimum contribution years")
                .into(),
            &n.min_pension_contribution.source,
        ),
        (
            match lang {
                Lang::Zh => format!("计发月数 {first_age}–{last_age} 岁"),
                Lang::En => format!("计发月数 (pension divisor), ages {first_age}–{last_age}"),
            },
            &n.pension_divisor.source,
        ),
        (
            lang.pick("计发月数按月插值", "计发月数 for extra months")
                .into(),
            &n.pension_divisor.interpolation,
        ),
        (
            lang.pick("个人账户比例", "personal account share").into(),
            &n.personal_account.source,
        ),
        (
            format!("{} {rate_years}", lang.pick("记账利率", "crediting rates")),
            &n.crediting_rates.source,
        ),
    ];
    for (what, citation) in rows {
        lines.push(format!("  {what}{}{}", colon(lang), citation.label(lang)));
    }
    for rate in &n.crediting_rates.rates {
        if rate.status != RateStatus::Official {
            lines.push(format!(
                "    {} {}{}{}",
                rate.year,
                rate.rate_bp,
                colon(lang),
                status(rate.status, lang),
            ));
        }
    }
    lines
}

fn region_lines(t: &RegionTable, lang: Lang) -> Vec<String> {
    let unknown = lang.pick("未知", "unknown");
    let name = lang.pick(&t.region.name_zh, &t.region.name_en);
    let code = t.region.code.as_deref().unwrap_or("-");
    let mut lines = vec![format!(
        "  {name} {code}{}{} {}",
        lang.pick("，", ", "),
        lang.pick("版本", "version"),
        t.version
    )];
    let yearly =
        |rows: Vec<(i32, &Citation)>| yearly_summary(&rows, lang).unwrap_or(unknown.into());
    let single = |c: Option<&Citation>| c.map_or(unknown.to_string(), |c| c.label(lang));
    let facts = [
        (
            lang.pick("缴费基数", "contribution bases"),
            yearly(
                t.contribution_bases
                    .iter()
                    .map(|b| (b.year, &b.source))
                    .collect(),
            ),
        ),
        (
            lang.pick("养老金计发基数", "pension benefit base"),
            yearly(
                t.pension_benefit_base
                    .iter()
                    .map(|b| (b.year, &b.source))
                    .collect(),
            ),
        ),
        (
            lang.pick("灵活就业", "flexible employment"),
            single(t.flexible_employment.as_ref().map(|f| &f.source)),
        ),
        (
            lang.pick("职工医保最低缴费年限", "employee medical minimum years"),
            single(t.employee_medical_min_years.as_ref().map(|m| &m.source)),
        ),
        (
            lang.pick("医保等待期", "medical waiting period"),
            if t.medical_waiting.is_empty() {
                unknown.to_string()
            } else {
                t.medical_waiting
                    .iter()
                    .map(|w| w.source.label(lang))
                    .collect::<Vec<_>>()
                    .join(lang.pick("；", "; "))
            },
        ),
    ];
    for (what, value) in facts {
        lines.push(format!("    {what}{}{value}", colon(lang)));
    }
    for note in &t.not_included {
        lines.push(format!(
            "    {}{}{note}",
            lang.pick("未收录", "not included"),
            colon(lang)
        ));
    }
    lines
}

/// Years with their sources, compressed: `2020–2025 Shanghai annual notice (…)（可信度 M）`.
/// Rows sharing a document are listed once; `None` when there are no rows (unknown).
fn yearly_summary(rows: &[(i32, &Citation)], lang: Lang) -> Option<String> {
    let (first, last) = (rows.first()?.0, rows.last()?.0);
    let years = if first == last {
        first.to_string()
    } else if (last - first) as usize + 1 == rows.len() {
        format!("{first}–{last}")
    } else {
        rows.iter()
            .map(|(y, _)| y.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut documents: Vec<String> = Vec::new();
    for (_, c) in rows {
        let doc = c.document.clone().unwrap_or_else(|| c.title.clone());
        if !documents.contains(&doc) {
            documents.push(doc);
        }
    }
    let lowest = rows.iter().map(|(_, c)| c.confidence).min()?;
    Some(match lang {
        Lang::Zh => format!("{years} {}（可信度 {lowest}）", documents.join("；")),
        Lang::En => format!("{years} {} (confidence {lowest})", documents.join("; ")),
    })
}

fn colon(lang: Lang) -> &'static str {
    lang.pick("：", ": ")
}

fn status(s: RateStatus, lang: Lang) -> &'static str {
    match s {
        RateStatus::Official => lang.pick("正式公布", "official"),
        RateStatus::Provisional => lang.pick(
            "暂定，未与正式公布核对",
            "provisional, not checked against the announcement",
        ),
        RateStatus::Estimated => lang.pick("估计值", "estimated"),
    }
}
