//! Words and figures as every export format writes them, in both languages: one place, so the
//! PDF, the workbook and the CSV say the same thing the same way.

use super::selection::Selection;
use crate::analysis::KindSummary;
use crate::model::{ContributionStatus, InsuranceKind, Period, Profile, SourceKind, YearMonth};
use crate::Lang;
use chrono::{DateTime, FixedOffset};

/// 183 months → "15年3个月" / "15 yr 3 mo".
pub fn years(months: u32, lang: Lang) -> String {
    let (y, m) = (months / 12, months % 12);
    match lang {
        Lang::Zh => format!("{y}年{m}个月"),
        Lang::En => format!("{y} yr {m} mo"),
    }
}

/// "2011-07 至 2026-10" / "2011-07 to 2026-10"; an open end reads "起" / "…".
pub fn period(period: Period, lang: Lang) -> String {
    match (period.from, period.to, lang) {
        (Some(from), Some(to), Lang::Zh) => format!("{from} 至 {to}"),
        (Some(from), Some(to), Lang::En) => format!("{from} to {to}"),
        (Some(from), None, Lang::Zh) => format!("{from} 起"),
        (Some(from), None, Lang::En) => format!("from {from}"),
        (None, Some(to), Lang::Zh) => format!("截至 {to}"),
        (None, Some(to), Lang::En) => format!("up to {to}"),
        (None, None, lang) => lang
            .pick("全部月份（无记录）", "all months (no records)")
            .into(),
    }
}

/// "养老保险、医疗保险" / "Pension, Medical"; every kind reads "全部险种" / "all kinds".
pub fn kinds(kinds: &[InsuranceKind], lang: Lang) -> String {
    if kinds.len() == InsuranceKind::ALL.len() {
        return lang
            .pick(
                "全部（养老、医疗、失业、工伤、生育、住房公积金）",
                "all (pension, medical, unemployment, work injury, maternity, housing fund)",
            )
            .into();
    }
    let labels: Vec<&str> = kinds.iter().map(|k| k.label(lang)).collect();
    labels.join(lang.pick("、", ", "))
}

/// The ID number as the user chose to show it: masked unless `show_id`; "未登记" if none.
pub fn id_number(profile: &Profile, show_id: bool, lang: Lang) -> String {
    match &profile.id_number {
        Some(id) if show_id => id.as_str().to_string(),
        Some(id) => id.masked(),
        None => lang.pick("未登记", "not recorded").into(),
    }
}

/// "2026-11-29 11:33（UTC+08:00）" / "2026-11-29 11:33 (UTC+08:00)".
pub fn time(at: DateTime<FixedOffset>, lang: Lang) -> String {
    let offset = at.format("%:z");
    match lang {
        Lang::Zh => format!("{}（UTC{offset}）", at.format("%Y-%m-%d %H:%M")),
        Lang::En => format!("{} (UTC{offset})", at.format("%Y-%m-%d %H:%M")),
    }
}

pub fn source_kind(kind: SourceKind, lang: Lang) -> &'static str {
    match kind {
        SourceKind::File => lang.pick("导入文件", "imported file"),
        SourceKind::Http => lang.pick("在线同步", "online sync"),
        SourceKind::Manual => lang.pick("手工录入", "entered by hand"),
    }
}

/// Where a kind stands at the end of the period, from its records:
/// - 无记录 when there is none;
/// - 欠费（自 M）when months after the last paid one are owed;
/// - 正常 when the last month of the period is paid;
/// - 停缴（自 M）when nothing was paid from M to the end of the period.
pub fn standing(summary: &KindSummary, selection: &Selection, lang: Lang) -> String {
    let kind = summary.kind;
    let last_record = selection.records_of(kind).map(|r| r.month).max();
    let Some(last_record) = last_record else {
        return lang.pick("无记录", "no records").into();
    };
    let first_owed_after = |after: Option<YearMonth>| {
        selection
            .records_of(kind)
            .filter(|r| r.status == ContributionStatus::Owed)
            .map(|r| r.month)
            .filter(|m| after.is_none_or(|after| *m > after))
            .min()
    };
    match summary.last {
        Some(last_paid) if last_paid < last_record => {
            let owed = first_owed_after(Some(last_paid)).unwrap_or(last_record);
            match lang {
                Lang::Zh => format!("欠费（自 {owed}）"),
                Lang::En => format!("owed since {owed}"),
            }
        }
        None => {
            let owed = first_owed_after(None).unwrap_or(last_record);
            match lang {
                Lang::Zh => format!("欠费（自 {owed}）"),
                Lang::En => format!("owed since {owed}"),
            }
        }
        Some(last_paid) if selection.period.to.is_none_or(|end| last_paid >= end) => {
            lang.pick("正常", "paying").into()
        }
        Some(last_paid) => {
            let since = last_paid.next().unwrap_or(last_paid);
            match lang {
                Lang::Zh => format!("停缴（自 {since}）"),
                Lang::En => format!("stopped since {since}"),
            }
        }
    }
}

/// "2023-04 至 2023-06（3个月）" for each gap, joined; "—" when there is none.
pub fn gaps(summary: &KindSummary, lang: Lang) -> String {
    if summary.gaps.is_empty() {
        return "—".into();
    }
    summary
        .gaps
        .iter()
        .map(|g| match (lang, g.from == g.to) {
            (Lang::Zh, true) => format!("{}（1个月）", g.from),
            (Lang::Zh, false) => format!("{} 至 {}（{}个月）", g.from, g.to, g.months),
            (Lang::En, true) => format!("{} (1 month)", g.from),
            (Lang::En, false) => format!("{} to {} ({} months)", g.from, g.to, g.months),
        })
        .collect::<Vec<_>>()
        .join(lang.pick("；", "; "))
}

/// The plain statement every export carries: local, from the user's records, not official,
/// and where an official certificate comes from.
pub fn not_official(lang: Lang) -> &'static str {
    lang.pick(
        "本记录由“社保账本”在用户本机根据其保存的缴费记录生成，不是社会保险经办机构出具的官方证明。如需官方参保证明，请通过国家社会保险公共服务平台、掌上12333 App 或当地社保经办机构开具。",
        "This record was generated locally by Shebao Ledger from the user's own saved records. It is NOT an official certificate from a social-insurance agency. For an official certificate of contributions (参保证明), use the National Social Insurance Public Service Platform (国家社会保险公共服务平台), the 掌上12333 app, or the local social-insurance office (当地社保经办机构).",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_and_periods_read_naturally() {
        assert_eq!(years(183, Lang::Zh), "15年3个月");
        assert_eq!(years(12, Lang::En), "1 yr 0 mo");
        let p = Period {
            from: "2011-07".parse().ok(),
            to: "2026-10".parse().ok(),
        };
        assert_eq!(period(p, Lang::Zh), "2011-07 至 2026-10");
        assert_eq!(period(p, Lang::En), "2011-07 to 2026-10");
    }
}
