//! `shebao rules show`: which rule tables this binary carries, their versions and sources, and
//! — just as visibly — what they do not know. `--json` prints the tables themselves.

use super::Output;
use serde_json::json;
use shebao_core::rules::{Citation, RateStatus, RegionTable, RuleSet, SCHEMA};
use shebao_core::{Lang, Result};

pub fn show(out: Output) -> Result<()> {
    let rules = RuleSet::bundled();
    if out.json {
        out.print_json(&json!({
            "origin": "bundled",
            "schema": SCHEMA,
            "national": rules.national,
            "regions": rules.regions,
        }));
        return Ok(());
    }
    let lang = out.lang;
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
    let mut lines = vec![
        match lang {
            Lang::Zh => format!("规则表（随应用内置，离线可用；格式 {SCHEMA}）"),
            Lang::En => format!("Rule tables (bundled, work offline; format {SCHEMA})"),
        },
        format!(
            "{} national.json{}{} {}",
            lang.pick("全国规则", "National rules"),
            lang.pick("，", ", "),
            lang.pick("版本", "version"),
            n.version
        ),
    ];
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
