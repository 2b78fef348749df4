//! `shebao retirement`: the statutory retirement month under the 2025 reform, from the rule
//! tables in use alone (bundled, or updated; no database). The JSON keys are a contract (docs/cli.md); the text says
//! which rule was used and where it comes from.

use super::Output;
use crate::args::RetirementArgs;
use serde::Serialize;
use shebao_core::model::{Sex, YearMonth};
use shebao_core::rules::{ActiveRules, Age, ContributionYears, Retirement, RuleSet, ScheduleGroup};
use shebao_core::{Lang, Result};

pub fn run(args: &RetirementArgs, active: &ActiveRules, out: Output) -> Result<()> {
    let rules: &RuleSet = active;
    let r = rules.retirement(args.born, args.sex, args.original_age)?;
    if out.json {
        out.print_json(&RetirementJson {
            retirement_month: r.retirement_month,
            age: r.age,
            original_age: r.original_age,
            min_contribution_years: r.min_contribution_years,
            earliest_flexible: r.earliest_flexible,
            latest_flexible: r.latest_flexible,
        });
        return Ok(());
    }
    for line in text(rules, &r, args.original_age.is_none(), out.lang) {
        println!("{line}");
    }
    Ok(())
}

/// The JSON contract of docs/cli.md, exactly these keys in this order; the core's
/// [`Retirement`] may grow without changing what scripts see.
#[derive(Serialize)]
struct RetirementJson {
    retirement_month: YearMonth,
    /// `{"years": 62, "months": 0}`
    age: Age,
    original_age: u32,
    /// A JSON number: `15`, `17.5`.
    min_contribution_years: ContributionYears,
    earliest_flexible: YearMonth,
    latest_flexible: YearMonth,
}

/// The text report, one line per fact, in `lang`.
fn text(rules: &RuleSet, r: &Retirement, defaulted: bool, lang: Lang) -> Vec<String> {
    let national = &rules.national;
    let schedule = &national.retirement_schedule;
    let group = schedule
        .group(r.sex, Some(r.original_age))
        .expect("the group that produced r");
    let min_rule = &national.min_pension_contribution;
    let base = min_rule.for_year(min_rule.last_base_year);
    let step = ContributionYears::from_months(min_rule.increase_months_per_year);
    let max = min_rule.for_year(min_rule.cap_year());
    let divisor = national.pension_divisor.divisor(r.age).ok();
    let year = r.retirement_month.year();
    // The elastic window is part of the 2025 reform; for earlier retirements it is only arithmetic.
    let before_reform = r.retirement_month < schedule.effective_from;
    // When the default group was taken, the other original age the user could have meant.
    let other_age = schedule
        .groups
        .iter()
        .find(|g| g.sex == r.sex && g.original_age != r.original_age)
        .map(|g| g.original_age)
        .filter(|_| defaulted);
    let mut lines = Vec::new();
    match lang {
        Lang::Zh => {
            lines.push(format!(
                "法定退休时间：{}（{}）",
                month(r.retirement_month, lang),
                r.age.label(lang)
            ));
            lines.push(format!("规则：{}", rule_zh(group, r)));
            if let Some(other) = other_age {
                lines.push(format!(
                    "说明：未指定原法定退休年龄，按 {} 岁计算（女性工人岗位）；干部/管理岗位请加 --original-age {other}",
                    r.original_age
                ));
            }
            lines.push(format!(
                "最低缴费年限：{} 年（{year} 年达到法定退休年龄；{} 年及以前 {base} 年，此后每年增加 {step} 年，最高 {max} 年）",
                r.min_contribution_years, min_rule.last_base_year
            ));
            lines.push(format!(
                "弹性退休：最早 {}（须已满最低缴费年限，且不早于原法定退休年龄），最晚 {}（须经单位同意）",
                month(r.earliest_flexible, lang),
                month(r.latest_flexible, lang)
            ));
            if before_reform {
                lines.push(format!(
                    "说明：这一时间早于改革施行（{}），弹性退休不适用，以上仅按公式推算",
                    month(schedule.effective_from, lang)
                ));
            }
            if let Some(d) = divisor {
                lines.push(format!("计发月数（{}）：{d}", r.age.label(lang)));
            }
            lines.push(format!("依据：{}", schedule.source.label(lang)));
            lines.push(format!(
                "　　　{}",
                national.pension_divisor.source.label(lang)
            ));
        }
        Lang::En => {
            lines.push(format!(
                "Statutory retirement: {} (age {})",
                month(r.retirement_month, lang),
                r.age.label(lang)
            ));
            lines.push(format!("Rule: {}", rule_en(group, r)));
            if let Some(other) = other_age {
                lines.push(format!(
                    "Note: no original age given, so {} (women in 工人 posts) was used; for 干部/管理 posts add --original-age {other}",
                    r.original_age
                ));
            }
            lines.push(format!(
                "Minimum contribution years: {} (statutory age reached in {year}; {base} through {}, then +{step} a year, at most {max})",
                r.min_contribution_years, min_rule.last_base_year
            ));
            lines.push(format!(
                "Elastic retirement: earliest {} (with the minimum years met, never before the original age), latest {} (with the employer's agreement)",
                month(r.earliest_flexible, lang),
                month(r.latest_flexible, lang)
            ));
            if before_reform {
                lines.push(format!(
                    "Note: this is before the reform took effect ({}); elastic retirement does not apply, the window above is only the formula",
                    schedule.effective_from
                ));
            }
            if let Some(d) = divisor {
                lines.push(format!(
                    "计发月数 (pension divisor) at {}: {d}",
                    r.age.label(lang)
                ));
            }
            lines.push(format!("Sources: {}", schedule.source.label(lang)));
            lines.push(format!(
                "         {}",
                national.pension_divisor.source.label(lang)
            ));
        }
    }
    lines
}

fn rule_zh(g: &ScheduleGroup, r: &Retirement) -> String {
    let sex = match r.sex {
        Sex::Male => "男性",
        Sex::Female => "女性",
    };
    let who = format!("{sex}，原法定退休年龄 {} 岁（{}）", g.original_age, g.id);
    if r.delay_months == 0 {
        return format!("{who}；{}以前出生，不延迟", month(g.start, Lang::Zh));
    }
    format!(
        "{who}；{}起出生的，每 {} 个月延迟 1 个月，最多 {} 个月；本人延迟 {} 个月",
        month(g.start, Lang::Zh),
        g.step_months,
        g.max_delay_months,
        r.delay_months
    )
}

fn rule_en(g: &ScheduleGroup, r: &Retirement) -> String {
    let sex = match r.sex {
        Sex::Male => "men",
        Sex::Female => "women",
    };
    let who = format!("{sex} with original age {} ({})", g.original_age, g.id);
    if r.delay_months == 0 {
        return format!("{who}; born before {}: no delay", g.start);
    }
    format!(
        "{who}; born {} or later: +1 month per {} birth months, at most {}; your delay: {} months",
        g.start, g.step_months, g.max_delay_months, r.delay_months
    )
}

/// `2034年12月` / `2034-12`.
fn month(m: YearMonth, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{}年{}月", m.year(), m.month()),
        Lang::En => m.to_string(),
    }
}
