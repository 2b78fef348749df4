//! The words of the pension estimate, in Chinese and English: what each input is called, where
//! it came from, and what is missing. Kept apart from the calculation in `estimate` so that
//! either can be read (and changed) without wading through the other.

use super::estimate::{
    Input, InputName, InputSource, InputValue, Missing, Note, RegionYears, WindowPoint,
};
use super::years::Years;
use crate::Lang;

impl Input {
    /// The value as a person reads it: money as ¥, months as years and months, the rest as
    /// numbers (an index 1.2, a divisor 139, a rate).
    pub fn shown_value(&self, lang: Lang) -> String {
        match self.value {
            InputValue::Money(money) => money.to_string(),
            InputValue::Months(months) => match lang {
                Lang::Zh => format!("{} 年（{months} 个月）", Years(months)),
                Lang::En => format!("{} years ({months} months)", Years(months)),
            },
            other => serde_json::to_value(other)
                .map(|v| v.to_string())
                .unwrap_or_default(),
        }
    }
}

impl InputName {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            InputName::BenefitBase => lang.pick("计发基数", "pension benefit base (计发基数)"),
            InputName::AverageIndex => lang.pick("平均缴费指数", "average contribution index"),
            InputName::ContributionMonths => lang.pick("缴费年限", "contribution years"),
            InputName::AccountBalance => {
                lang.pick("退休时个人账户储存额", "personal account at retirement")
            }
            InputName::PensionDivisor => lang.pick("计发月数", "pension divisor (计发月数)"),
            InputName::FutureIndex => lang.pick("今后的缴费指数", "future contribution index"),
            InputName::DeemedMonths => {
                lang.pick("视同缴费年限", "deemed contribution years (视同缴费年限)")
            }
            InputName::TransitionalCoefficient => {
                lang.pick("过渡系数", "transitional coefficient (过渡系数)")
            }
        }
    }
}

impl InputSource {
    pub fn label(&self, lang: Lang) -> String {
        match self {
            InputSource::Rule { citation, year } => match year {
                Some(y) => format!("{} · {y}", citation.label(lang)),
                None => citation.label(lang),
            },
            InputSource::Given => lang.pick("由你提供", "given by you").into(),
            InputSource::Entered { on } => match lang {
                Lang::Zh => format!("由你于 {on} 填写"),
                Lang::En => format!("entered by you on {on}"),
            },
            InputSource::Records { rules } => {
                let mut text = lang
                    .pick("按本地记录计算", "computed from your records")
                    .to_string();
                for rule in rules {
                    text.push_str(lang.pick("；", "; "));
                    text.push_str(&rule.label(lang));
                }
                text
            }
            InputSource::AccountProjection {
                now,
                as_of,
                future_months,
                monthly_credit,
                rules,
            } => {
                let mut text = match lang {
                    Lang::Zh => format!(
                        "{as_of} 账户余额（计算下限）{now} + 今后 {future_months} 个月 × 每月记入 {monthly_credit}，不含今后的利息"
                    ),
                    Lang::En => format!(
                        "the account on {as_of} (computed lower bound) {now} + {future_months} future months × {monthly_credit} credited a month, without future interest"
                    ),
                };
                for rule in rules {
                    text.push_str(lang.pick("；", "; "));
                    text.push_str(&rule.label(lang));
                }
                text
            }
        }
    }
}

impl Missing {
    /// The input the user can give instead, if any (each face names it its own way).
    pub fn remedy(&self) -> Option<crate::Remedy> {
        match self {
            Missing::BenefitBase { .. } => Some(crate::Remedy::GiveBenefitBase),
            Missing::FutureIndex { .. } | Missing::FutureBase => {
                Some(crate::Remedy::GiveFutureIndex)
            }
            Missing::AverageWage { .. } | Missing::Base { .. } => {
                Some(crate::Remedy::GiveAverageIndex)
            }
            _ => None,
        }
    }

    pub fn label(&self, lang: Lang) -> String {
        match (self, lang) {
            (Missing::Retirement { need }, Lang::Zh) => {
                let zh: Vec<&str> = need
                    .iter()
                    .map(|n| if *n == "sex" { "性别" } else { "出生年月" })
                    .collect();
                format!("成员资料缺少{}，无法确定退休时间", zh.join("和"))
            }
            (Missing::Retirement { need }, Lang::En) => format!(
                "the profile has no {}, so the retirement month is unknown",
                need.iter()
                    .map(|n| if *n == "sex" { "sex" } else { "birth month" })
                    .collect::<Vec<_>>()
                    .join(" or ")
            ),
            (Missing::BenefitBase { region }, Lang::Zh) => format!(
                "规则表中没有{region}的养老金计发基数"
            ),
            (Missing::BenefitBase { region }, Lang::En) => format!(
                "the rule tables have no pension benefit base (计发基数) for {region}"
            ),
            (Missing::AverageWage { regions }, Lang::Zh) => format!(
                "规则表中没有这些年份的平均工资，无法计算缴费指数：{}",
                regions_text(regions, "、")
            ),
            (Missing::AverageWage { regions }, Lang::En) => format!(
                "the rule tables have no average wage for these years, so the contribution index is unknown: {}",
                regions_text(regions, ", ")
            ),
            (Missing::Base { months }, Lang::Zh) => {
                format!("{months} 个已缴月份没有缴费基数")
            }
            (Missing::Base { months }, Lang::En) => {
                format!("{months} paid months have no contribution base")
            }
            (Missing::FutureBase, Lang::Zh) => {
                "无法确定今后的缴费基数：记录中没有缴费基数，或给了缴费指数但规则表中没有本地当前的平均工资".into()
            }
            (Missing::FutureBase, Lang::En) => {
                "the future base is unknown: no base on record, or an index was given but the tables have no current local average wage".into()
            }
            (Missing::FutureIndex { region }, Lang::Zh) => format!(
                "无法确定今后的缴费指数：规则表中没有{region}当前的平均工资"
            ),
            (Missing::FutureIndex { region }, Lang::En) => format!(
                "the future contribution index is unknown: the rule tables have no current average wage for {region}"
            ),
            (Missing::Credits { months }, Lang::Zh) => {
                format!("{months} 个已缴月份既没有记入个人账户的金额，也没有缴费基数")
            }
            (Missing::Credits { months }, Lang::En) => format!(
                "{months} paid months have neither a credited amount nor a base"
            ),
            (Missing::Divisor { age }, Lang::Zh) => {
                format!("没有 {} 的计发月数", age.label(lang))
            }
            (Missing::Divisor { age }, Lang::En) => {
                format!("no pension divisor (计发月数) for age {}", age.label(lang))
            }
        }
    }
}

impl Note {
    /// The input the user can give to lift the assumption, if any.
    pub fn remedy(&self) -> Option<crate::Remedy> {
        match self {
            Note::IndexFromYears { .. } => Some(crate::Remedy::GiveAverageIndex),
            Note::FutureAtPastIndex | Note::BaseFromBenefitBase => {
                Some(crate::Remedy::GiveFutureIndex)
            }
            Note::BelowMinimumYears { .. } | Note::RetirementMonthOutsideWindow { .. } => None,
        }
    }

    pub fn label(&self, lang: Lang) -> String {
        let years = |m: u32| super::years::Years(m).to_string();
        match (self, lang) {
            (Note::IndexFromYears { years, lacking }, Lang::Zh) => {
                let mut text = format!("缴费指数仅按 {} 年计算", year_runs(years));
                if !lacking.is_empty() {
                    text.push_str(&format!("（规则表中没有平均工资：{}）", regions_text(lacking, "、")));
                }
                text
            }
            (Note::IndexFromYears { years, lacking }, Lang::En) => {
                let mut text = format!("index from {} only", year_runs(years));
                if !lacking.is_empty() {
                    text.push_str(&format!(
                        " (no average wage in the tables for {})",
                        regions_text(lacking, ", ")
                    ));
                }
                text
            }
            (Note::FutureAtPastIndex, Lang::Zh) => {
                "今后的月份按以往的平均缴费指数计算（没有今后的缴费指数）".into()
            }
            (Note::FutureAtPastIndex, Lang::En) => {
                "future months are counted at the past average index (no future index known)".into()
            }
            (Note::BaseFromBenefitBase, Lang::Zh) => {
                "规则表中没有本地当前的平均工资：今后的缴费基数按 缴费指数 × 计发基数 估算".into()
            }
            (Note::BaseFromBenefitBase, Lang::En) => {
                "the tables have no current local average wage: the future base is taken as index × benefit base".into()
            }
            (Note::BelowMinimumYears { months, required_months }, Lang::Zh) => format!(
                "缴费年限 {} 年，不足该年退休所需的最低 {} 年：补足之前不能按月领取",
                years(*months),
                years(*required_months)
            ),
            (Note::BelowMinimumYears { months, required_months }, Lang::En) => format!(
                "{} contribution years, below the {} required for retiring that year: no monthly pension until they are made up",
                years(*months),
                years(*required_months)
            ),
            (Note::RetirementMonthOutsideWindow { month, earliest, latest }, Lang::Zh) => format!(
                "你填写的退休时间 {month} 不在弹性退休范围 {earliest}–{latest} 内，按法定退休时间估算"
            ),
            (Note::RetirementMonthOutsideWindow { month, earliest, latest }, Lang::En) => format!(
                "the retirement month you entered, {month}, is outside the elastic window {earliest}–{latest}: the statutory month is used"
            ),
        }
    }
}

impl WindowPoint {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            WindowPoint::Earliest => lang.pick("最早", "earliest"),
            WindowPoint::Statutory => lang.pick("法定", "statutory"),
            WindowPoint::Latest => lang.pick("最晚", "latest"),
        }
    }
}

fn regions_text(regions: &[RegionYears], sep: &str) -> String {
    regions
        .iter()
        .map(|RegionYears { region, years }| format!("{region} {}", year_runs(years)))
        .collect::<Vec<_>>()
        .join(sep)
}

/// `2011–2017,2019`: consecutive years as runs.
pub fn year_runs(years: &[i32]) -> String {
    let mut runs: Vec<(i32, i32)> = Vec::new();
    for &y in years {
        match runs.last_mut() {
            Some((_, end)) if *end + 1 == y => *end = y,
            _ => runs.push((y, y)),
        }
    }
    runs.iter()
        .map(|&(a, b)| {
            if a == b {
                a.to_string()
            } else {
                format!("{a}–{b}")
            }
        })
        .collect::<Vec<_>>()
        .join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_print_as_runs() {
        assert_eq!(
            year_runs(&[2011, 2012, 2013, 2015, 2017, 2018]),
            "2011–2013,2015,2017–2018"
        );
        assert_eq!(year_runs(&[]), "");
    }
}
