//! `shebao standing`: where a profile stands, with every figure's source. `--json` prints the
//! core's standing with the profile's `{id, name}` in front (docs/cli.md).

use super::{Output, ProfileRef};
use crate::args::StandingArgs;
use crate::remedy;
use crate::table;
use chrono::NaiveDate;
use serde::Serialize;
use shebao_core::analysis::standing::estimate::SCENARIO_INDEXES;
use shebao_core::analysis::standing::{
    BalanceStatus, Computed, Estimate, Input, Scenario, Standing, Years,
};
use shebao_core::model::Money;
use shebao_core::profile_analysis::profile_standing;
use shebao_core::{Lang, Result, Store};

#[derive(Serialize)]
struct StandingJson<'a> {
    profile: ProfileRef<'a>,
    #[serde(flatten)]
    standing: &'a Standing,
}

pub fn run(store: &Store, args: &StandingArgs, today: NaiveDate, out: Output) -> Result<()> {
    let profile = store.find_profile(&args.profile)?;
    let scenario = Scenario {
        index: args.index,
        until_age: args.until_age,
        benefit_base: args.benefit_base,
        ..Scenario::default()
    };
    let standing = profile_standing(store, &profile, today, scenario)?;
    if out.json {
        out.print_json(&StandingJson {
            profile: ProfileRef::from(&profile),
            standing: &standing,
        });
        return Ok(());
    }
    let lang = out.lang;
    let region = match lang {
        Lang::Zh => standing.region.name_zh.as_str(),
        Lang::En => standing.region.name_en.as_str(),
    };
    match lang {
        Lang::Zh => println!(
            "{}（编号 {}）· 截至 {today} · 地区规则：{region}",
            profile.name, profile.id
        ),
        Lang::En => println!(
            "{} (id {}) · as of {today} · regional rules: {region}",
            profile.name, profile.id
        ),
    }
    println!();
    print_years(&standing, lang);
    println!();
    print_retirement(&standing, lang);
    println!();
    print_account(&standing, lang);
    println!();
    print_estimate(&standing.estimate, lang);
    Ok(())
}

fn heading(zh: &str, en: &str, lang: Lang) {
    println!("{}", lang.pick(zh, en));
}

fn print_years(s: &Standing, lang: Lang) {
    heading("缴费年限", "Contribution years", lang);
    let header = [
        lang.pick("险种", "kind"),
        lang.pick("已缴月数", "months paid"),
        lang.pick("折合年", "years"),
        lang.pick("转移中", "pending"),
    ];
    let rows: Vec<Vec<String>> = s
        .kinds
        .iter()
        .map(|k| {
            vec![
                k.kind.label(lang).to_string(),
                k.months_paid.to_string(),
                k.years.to_string(),
                if k.months_pending == 0 {
                    "-".into()
                } else {
                    k.months_pending.to_string()
                },
            ]
        })
        .collect();
    println!("{}", indent(&table::render(&header, &rows)));
}

fn print_retirement(s: &Standing, lang: Lang) {
    heading("退休与最低缴费年限", "Retirement and minimum years", lang);
    let Some(r) = &s.retirement else {
        let need: Vec<&str> = s
            .missing_profile_facts
            .iter()
            .map(|f| match (*f, lang) {
                ("sex", Lang::Zh) => "性别",
                ("sex", Lang::En) => "sex",
                (_, Lang::Zh) => "出生年月",
                (_, Lang::En) => "birth month",
            })
            .collect();
        match lang {
            Lang::Zh => println!(
                "  无法确定：成员资料缺少{}（shebao profile add 时用 --sex/--born 或 --id-number 填写）",
                need.join("和")
            ),
            Lang::En => println!(
                "  Unknown: the profile has no {} (give --sex/--born or --id-number when adding it)",
                need.join(" or ")
            ),
        }
        return;
    };
    let from_default =
        r.original_age_from == shebao_core::analysis::standing::OriginalAgeFrom::Default;
    match lang {
        Lang::Zh => {
            println!(
                "  法定退休时间：{}（{}），规则组 {}，原法定退休年龄 {} 岁{}",
                r.month,
                r.age.label(lang),
                r.group,
                r.original_age,
                if from_default {
                    "（默认值，可用 shebao profile set --original-age 设定）"
                } else {
                    "（成员资料）"
                }
            );
            println!(
                "  弹性退休：最早 {}，最晚 {}",
                r.earliest_flexible, r.latest_flexible
            );
        }
        Lang::En => {
            println!(
                "  Statutory retirement: {} (age {}), group {}, original age {}{}",
                r.month,
                r.age.label(lang),
                r.group,
                r.original_age,
                if from_default {
                    " (the default; set it with shebao profile set --original-age)"
                } else {
                    " (from the profile)"
                }
            );
            println!(
                "  Elastic retirement: earliest {}, latest {}",
                r.earliest_flexible, r.latest_flexible
            );
        }
    }
    if let Some(p) = &s.pension {
        let reach = match (p.reached_already, p.reached_in) {
            (true, Some(m)) => match lang {
                Lang::Zh => format!("已于 {m} 达到"),
                Lang::En => format!("reached in {m}"),
            },
            (false, Some(m)) => match lang {
                Lang::Zh => format!("还需 {} 个月；从本月起每月缴费，{m} 达到", p.months_still_needed),
                Lang::En => format!(
                    "{} months still needed; paying every month from now, reached in {m}",
                    p.months_still_needed
                ),
            },
            _ => match lang {
                Lang::Zh => format!(
                    "还需 {} 个月；即使每月缴费，到退休时仍差 {} 个月（{} 年）",
                    p.months_still_needed,
                    p.months_short,
                    Years(p.months_short)
                ),
                Lang::En => format!(
                    "{} months still needed; even paying every month, {} months ({} years) short at retirement",
                    p.months_still_needed,
                    p.months_short,
                    Years(p.months_short)
                ),
            },
        };
        match lang {
            Lang::Zh => println!(
                "  养老保险最低缴费年限：{} 年；已缴 {} 年（{} 个月）；{reach}",
                p.years_required, p.years_paid, p.months_paid
            ),
            Lang::En => println!(
                "  Minimum pension years: {}; paid {} years ({} months); {reach}",
                p.years_required, p.years_paid, p.months_paid
            ),
        }
        if p.months_pending > 0 {
            match lang {
                Lang::Zh => println!("  另有 {} 个月转移接续中，确认后计入", p.months_pending),
                Lang::En => println!(
                    "  {} more months are in transfer and count once confirmed",
                    p.months_pending
                ),
            }
        }
    }
    println!(
        "  {}{}",
        lang.pick("依据：", "Sources: "),
        r.schedule_source.label(lang)
    );
}

fn range(c: &Computed, lang: Lang) -> String {
    match c.high {
        Some(high) if high == c.low => c.low.to_string(),
        Some(high) => format!("{}{}{}", c.low, lang.pick("～", " to "), high),
        None => format!("≥ {}", c.low),
    }
}

fn print_account(s: &Standing, lang: Lang) {
    heading("养老保险个人账户", "Pension personal account", lang);
    let a = &s.account;
    if !a.reconciliations.is_empty() {
        let header = [
            lang.pick("截至", "as of"),
            lang.pick("对账余额", "reported"),
            lang.pick("计算区间", "computed"),
            lang.pick("结果", "verdict"),
        ];
        let rows: Vec<Vec<String>> = a
            .reconciliations
            .iter()
            .map(|r| {
                let verdict = match (r.status, lang) {
                    (BalanceStatus::Consistent, _) => lang.pick("相符", "consistent").to_string(),
                    (BalanceStatus::Mismatch, Lang::Zh) => {
                        format!("余额不符（相差 {}）", r.difference.unwrap_or_default())
                    }
                    (BalanceStatus::Mismatch, Lang::En) => {
                        format!("mismatch ({})", r.difference.unwrap_or_default())
                    }
                    (BalanceStatus::Unknown, _) => unknown_reason(&r.computed, lang),
                };
                vec![
                    r.as_of.to_string(),
                    r.reported.to_string(),
                    range(&r.computed, lang),
                    verdict,
                ]
            })
            .collect();
        println!("{}", indent(&table::render(&header, &rows)));
    }
    let current = &a.current;
    let from = match (&current.from, lang) {
        (Some(anchor), Lang::Zh) => format!("自 {} 对账余额 {} 起算", anchor.as_of, anchor.amount),
        (Some(anchor), Lang::En) => {
            format!("from the reported {} on {}", anchor.amount, anchor.as_of)
        }
        (None, _) => lang.pick("按全部记录计算", "from all records").to_string(),
    };
    match lang {
        Lang::Zh => println!(
            "  当前（{}）：{}，{from}",
            current.as_of,
            range(current, lang)
        ),
        Lang::En => println!(
            "  Now ({}): {}, {from}",
            current.as_of,
            range(current, lang)
        ),
    }
    if !current.years_without_rate.is_empty() {
        println!("  {}", unknown_reason(current, lang));
    }
    if a.derived_months > 0 {
        match lang {
            Lang::Zh => println!(
                "  其中 {} 个月的记入金额按缴费基数 × 规则表中的记入比例推算",
                a.derived_months
            ),
            Lang::En => println!(
                "  {} months' credits were derived from the base × the share in the rule tables",
                a.derived_months
            ),
        }
    }
    println!(
        "  {}",
        lang.pick(
            "说明：年内记账利息的算法未找到出处，因此给出区间（当年记入金额不计息 ～ 计满一年）；请以个人权益记录单为准。",
            "Note: the in-year interest convention is unsourced, so a range is shown (the year's credits earn nothing … a full year); the 个人权益记录单 is authoritative."
        )
    );
}

fn unknown_reason(c: &Computed, lang: Lang) -> String {
    if !c.incomplete_months.is_empty() {
        return match lang {
            Lang::Zh => format!(
                "无法判断：{} 个月缺少记入金额和基数",
                c.incomplete_months.len()
            ),
            Lang::En => format!(
                "cannot judge: {} months lack a credited amount and a base",
                c.incomplete_months.len()
            ),
        };
    }
    if !c.years_without_rate.is_empty() {
        let years =
            shebao_core::analysis::standing::estimate_labels::year_runs(&c.years_without_rate);
        return match lang {
            Lang::Zh => format!("无法判断上限：{years} 年没有全国统一记账利率（2016 年前由各省规定）"),
            Lang::En => format!(
                "upper bound unknown: no national crediting rate for {years} (provincial before 2016)"
            ),
        };
    }
    lang.pick(
        "无法判断：可能包含本地记录以前的年份",
        "cannot judge: it may include years before the first stored record",
    )
    .to_string()
}

fn input_line(input: &Input, lang: Lang) -> String {
    let shown = input.shown_value(lang);
    let (name, source) = (input.name.label(lang), input.source.label(lang));
    match lang {
        Lang::Zh => format!("    {name}：{shown} —— {source}"),
        Lang::En => format!("    {name}: {shown} — {source}"),
    }
}

fn print_estimate(e: &Estimate, lang: Lang) {
    heading("养老金估算（每月）", "Pension estimate (monthly)", lang);
    if let Some(sc) = &e.scenario {
        let base = sc
            .future_base
            .map(|b| b.to_string())
            .unwrap_or_else(|| lang.pick("未知", "unknown").to_string());
        let index = sc
            .future_index
            .map(|i| i.to_string())
            .unwrap_or_else(|| lang.pick("未知", "unknown").to_string());
        match lang {
            Lang::Zh => println!(
                "  情景：{}于 {}（{}）退休；此前 {} 个月每月缴费，基数 {base}，缴费指数 {index}",
                if sc.statutory { "按法定退休年龄" } else { "按指定年龄" },
                sc.retirement_month,
                sc.age.label(lang),
                sc.future_months
            ),
            Lang::En => println!(
                "  Scenario: retire at {} ({}, {}); pay each of the {} months before, base {base}, index {index}",
                sc.retirement_month,
                sc.age.label(lang),
                if sc.statutory { "statutory age" } else { "chosen age" },
                sc.future_months
            ),
        }
    }
    let money = |m: Option<Money>| {
        m.map(|m| m.to_string()).unwrap_or_else(|| {
            lang.pick("缺少输入，无法计算", "missing inputs, not computed")
                .to_string()
        })
    };
    println!(
        "  {}{}",
        lang.pick(
            "基础养老金 = 计发基数 × (1 + 平均缴费指数) ÷ 2 × 缴费年限 × 1%：",
            "Base part = benefit base × (1 + average index) ÷ 2 × years × 1%: "
        ),
        money(e.base_part)
    );
    println!(
        "  {}{}",
        lang.pick(
            "个人账户养老金 = 退休时个人账户储存额 ÷ 计发月数：",
            "Account part = account balance at retirement ÷ divisor: "
        ),
        money(e.account_part)
    );
    if let Some(part) = e.transitional_part {
        println!(
            "  {}{part}",
            lang.pick(
                "过渡性养老金 = 计发基数 × 平均缴费指数 × 视同缴费年限 × 过渡系数：",
                "Transitional part = benefit base × average index × deemed years × coefficient: "
            )
        );
    }
    println!("  {}{}", lang.pick("合计：", "Total: "), money(e.total));
    for note in &e.notes {
        let label = match note.remedy() {
            Some(remedy) => remedy::with_remedy(note.label(lang), &remedy, lang),
            None => note.label(lang),
        };
        println!("  {} {label}", lang.pick("注：", "Note:"));
    }
    if !e.inputs.is_empty() {
        println!("  {}", lang.pick("输入及来源：", "Inputs and sources:"));
        for input in &e.inputs {
            println!("{}", input_line(input, lang));
        }
    }
    if !e.missing.is_empty() {
        println!("  {}", lang.pick("缺少：", "Missing:"));
        for m in &e.missing {
            let label = match m.remedy() {
                Some(remedy) => remedy::with_remedy(m.label(lang), &remedy, lang),
                None => m.label(lang),
            };
            println!("    - {label}");
        }
    }
    print_scenarios(e, lang);
    println!(
        "  {}",
        lang.pick(
            "未包括：今后的记账利息（未来利率未知）；过渡性养老金只在填写视同缴费年限和过渡系数后计入。本估算按今天的数字计算，仅供参考。",
            "Not included: future interest (future rates are unknown); the transitional part only once deemed years and the coefficient are given. In today's figures, for orientation only."
        )
    );
}

/// The scenario table: a row per window month, a column per future index; `*` marks a total
/// below that year's minimum years.
fn print_scenarios(e: &Estimate, lang: Lang) {
    if e.scenarios.is_empty() {
        return;
    }
    println!(
        "  {}",
        lang.pick("情景对比（每月合计）：", "Scenarios (monthly total):")
    );
    let mut header = vec![lang.pick("退休", "retire").to_string()];
    for index in SCENARIO_INDEXES {
        header.push(format!("{} {index}", lang.pick("指数", "index")));
    }
    let mut rows: Vec<Vec<String>> = Vec::new();
    for cell in &e.scenarios {
        if cell.future_index == SCENARIO_INDEXES[0] {
            rows.push(vec![format!(
                "{} {} ({})",
                cell.retire.label(lang),
                cell.retirement_month,
                cell.age.label(lang)
            )]);
        }
        if let Some(row) = rows.last_mut() {
            let total = cell
                .total
                .map_or_else(|| "-".to_string(), |t| t.to_string());
            row.push(if cell.meets_min_years {
                total
            } else {
                format!("{total}*")
            });
        }
    }
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    println!("{}", indent(&indent(&table::render(&header, &rows))));
    if e.scenarios.iter().any(|c| !c.meets_min_years) {
        println!(
            "    {}",
            lang.pick(
                "* 缴费年限不足该年退休所需的最低年限",
                "* below the minimum contribution years for retiring that year"
            )
        );
    }
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|l| format!("  {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}
