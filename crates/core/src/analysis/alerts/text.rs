//! What each alert says, in 简体中文 and English: the explanation, what to do, and the rule used.
//! Written from the alert's facts only, so both languages say the same thing.

use super::due::DUE_SOON_DAYS;
use super::medical::Lapse;
use super::stale::allowed_days;
use super::{Alert, Facts};
use crate::analysis::standing::Years;
use crate::model::{Freshness, InsuranceKind, SourceKind, YearMonth};
use crate::vault::MaxAgeSetBy;
use crate::Lang;

/// Months as runs: `2023-04～2023-06、2023-09` / `2023-04 to 2023-06, 2023-09`.
pub fn months_text(months: &[YearMonth], lang: Lang) -> String {
    let mut runs: Vec<(YearMonth, YearMonth)> = Vec::new();
    for &m in months {
        match runs.last_mut() {
            Some((_, end)) if end.next() == Some(m) => *end = m,
            _ => runs.push((m, m)),
        }
    }
    runs.iter()
        .map(|&(a, b)| match (a == b, lang) {
            (true, _) => a.to_string(),
            (false, Lang::Zh) => format!("{a}～{b}"),
            (false, Lang::En) => format!("{a} to {b}"),
        })
        .collect::<Vec<_>>()
        .join(lang.pick("、", ", "))
}

fn subject(kind: Option<InsuranceKind>, lang: Lang) -> &'static str {
    match kind {
        Some(k) => k.label(lang),
        None => lang.pick("社保", "Social insurance"),
    }
}

fn plural(n: u32, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn freshness_zh(f: Freshness) -> &'static str {
    match f {
        Freshness::Realtime => "实时",
        Freshness::Daily => "每日",
        Freshness::Weekly => "每周",
    }
}

pub(super) fn explanation(alert: &Alert, lang: Lang) -> String {
    let kind = subject(alert.kind, lang);
    let months = months_text(&alert.months, lang);
    let n = alert.months.len() as u32;
    match (&alert.facts, lang) {
        (Facts::Gap(g), Lang::Zh) => {
            let mut text = format!(
                "{kind}：{months} 共 {} 个月没有缴费记录（前后月份均已缴）",
                g.months
            );
            if g.owed > 0 {
                text.push_str(&format!("，其中 {} 个月标为欠费", g.owed));
            }
            text.push_str("。断缴的月份不计入缴费年限");
            if alert.kind == Some(InsuranceKind::Medical) {
                text.push_str("，医保断缴还可能带来待遇等待期");
            }
            text.push('。');
            text
        }
        (Facts::Gap(g), Lang::En) => {
            let mut text = format!(
                "{kind}: no paid record for {}, {months}, between paid months",
                plural(g.months, "month", "months")
            );
            if g.owed > 0 {
                text.push_str(&format!(" ({} marked owed)", g.owed));
            }
            text.push_str(". Months not paid do not count toward contribution years");
            if alert.kind == Some(InsuranceKind::Medical) {
                text.push_str(", and a medical gap can bring a waiting period");
            }
            text.push('.');
            text
        }
        (Facts::Owed, Lang::Zh) => {
            format!("{kind}：{months} 标为欠费（{n} 个月），欠费月份不计入缴费年限。")
        }
        (Facts::Owed, Lang::En) => format!(
            "{kind}: {} marked owed ({months}); owed months do not count toward contribution years.",
            plural(n, "month", "months")
        ),
        (Facts::TransferPending, Lang::Zh) => format!(
            "{kind}：{months} 正在办理转移接续（{n} 个月），转入地确认前暂不计入缴费年限，但不算断缴。"
        ),
        (Facts::TransferPending, Lang::En) => format!(
            "{kind}: {} in cross-province transfer (转移接续), {months}. They count once the new region confirms them, and are not gaps.",
            plural(n, "month", "months")
        ),
        (Facts::Due(d), Lang::Zh) => {
            let left = match d.days_left {
                0 => "今天截止".to_string(),
                days => format!("还有 {days} 天"),
            };
            format!(
                "{kind}：本月（{months}）的缴费还没有记录，截止日期是 {}（{left}）。",
                d.deadline
            )
        }
        (Facts::Due(d), Lang::En) => {
            let left = match d.days_left {
                0 => "today".to_string(),
                1 => "1 day left".to_string(),
                days => format!("{days} days left"),
            };
            format!(
                "{kind}: no payment recorded yet for this month ({months}); the deadline is {} ({left}).",
                d.deadline
            )
        }
        (Facts::Overdue(o), Lang::Zh) => {
            let mut text =
                format!("{kind}：{months} 没有缴费记录，已过缴费期限（{n} 个月）。");
            if let Some(last) = o.last_paid {
                text.push_str(&format!("最后一次缴费是 {last}。"));
            }
            text.push_str("漏缴的月份不计入缴费年限");
            if alert.kind != Some(InsuranceKind::Pension) {
                text.push_str("，医保还可能中断");
            }
            text.push('。');
            text
        }
        (Facts::Overdue(o), Lang::En) => {
            let mut text = format!(
                "{kind}: no payment recorded for {months} ({}), past the deadline.",
                plural(n, "month", "months")
            );
            if let Some(last) = o.last_paid {
                text.push_str(&format!(" Last paid: {last}."));
            }
            text.push_str(" Missed months do not count toward contribution years");
            if alert.kind != Some(InsuranceKind::Pension) {
                text.push_str(", and medical cover may lapse");
            }
            text.push('.');
            text
        }
        (Facts::DeadlineUnknown, Lang::Zh) => {
            "这个成员按灵活就业缴费，本月还没有缴费记录，但没有设定每月缴费截止日（各地规定不同，规则表中没有），因此无法判断是否即将到期或逾期。".into()
        }
        (Facts::DeadlineUnknown, Lang::En) => {
            "This profile pays as flexible employment and this month has no payment recorded yet, but no monthly deadline is set (deadlines are local and not in the rule tables), so the app cannot tell whether it is due soon or overdue.".into()
        }
        (Facts::MedicalLapse(l), _) => lapse_explanation(alert, l, lang),
        (Facts::MinYears(m), Lang::Zh) => {
            let mut text = format!(
                "养老保险：到法定退休时间 {} 需要缴费满 {} 年，目前已缴 {} 年（{} 个月）；即使从本月起每月缴费，到退休时也只有 {} 年，还差 {} 年（{} 个月）。",
                m.retirement,
                Years(m.months_required),
                Years(m.months_paid),
                m.months_paid,
                Years(m.months_at_retirement),
                Years(m.months_short),
                m.months_short
            );
            if m.default_original_age {
                text.push_str("退休时间按默认的原法定退休年龄计算，如不同请在成员资料中设定。");
            }
            text
        }
        (Facts::MinYears(m), Lang::En) => {
            let mut text = format!(
                "Pension: {} years are required by the statutory retirement month {}; {} years ({} months) are paid. Even paying every month from now, there will be {} years at retirement: {} years ({} months) short.",
                Years(m.months_required),
                m.retirement,
                Years(m.months_paid),
                m.months_paid,
                Years(m.months_at_retirement),
                Years(m.months_short),
                m.months_short
            );
            if m.default_original_age {
                text.push_str(" The retirement month uses the default original retirement age; set it on the profile if yours differs.");
            }
            text
        }
        (Facts::BaseOutOfRange(b), _) => {
            let e = &b.entries[0];
            match (b.below, lang) {
                (true, Lang::Zh) => format!(
                    "{kind}：{n} 个月的缴费基数低于当年下限（{months}），如 {} 基数 {}，{}下限 {}。",
                    e.month, e.base, e.region, e.limit
                ),
                (false, Lang::Zh) => format!(
                    "{kind}：{n} 个月的缴费基数高于当年上限（{months}），如 {} 基数 {}，{}上限 {}；超出部分通常不计入。",
                    e.month, e.base, e.region, e.limit
                ),
                (true, Lang::En) => format!(
                    "{kind}: the base of {} is below that year's floor ({months}), e.g. {}: {}, floor in {} {}.",
                    plural(n, "month", "months"),
                    e.month, e.base, e.region, e.limit
                ),
                (false, Lang::En) => format!(
                    "{kind}: the base of {} is above that year's ceiling ({months}), e.g. {}: {}, ceiling in {} {}; the excess is normally not counted.",
                    plural(n, "month", "months"),
                    e.month, e.base, e.region, e.limit
                ),
            }
        }
        (Facts::Stale(s), Lang::Zh) => match s.days {
            Some(days) => format!(
                "数据来源“{}”已 {days} 天没有更新（{}类来源超过 {} 天即视为过期），显示的记录可能不是最新的。",
                s.name,
                freshness_zh(s.freshness),
                allowed_days(s.freshness)
            ),
            None => format!("数据来源“{}”从未同步，显示的记录可能不是最新的。", s.name),
        },
        (Facts::Stale(s), Lang::En) => match s.days {
            Some(days) => format!(
                "The source “{}” was last brought up to date {} ago ({} sources are stale after {}); the records shown may be out of date.",
                s.name,
                plural(days as u32, "day", "days"),
                s.freshness,
                plural(allowed_days(s.freshness) as u32, "day", "days"),
            ),
            None => format!(
                "The source “{}” has never been synced; the records shown may be out of date.",
                s.name
            ),
        },
        (Facts::CertificateStale(c), Lang::Zh) => {
            let dated = if c.document_dated {
                format!("开具于 {}", c.dated)
            } else {
                format!("没有填写开具日期，按添加日期 {} 计算", c.dated)
            };
            format!(
                "文档库中最新的参保证明（文档 {}）{dated}，已有 {} 天，超过设定的 {} 天{}。租房、入学、签证等办事时通常需要近期开具的证明。",
                c.document,
                c.age_days,
                c.max_age_days,
                if c.far_over { "的两倍" } else { "" }
            )
        }
        (Facts::CertificateStale(c), Lang::En) => {
            let dated = if c.document_dated {
                format!("dated {}", c.dated)
            } else {
                format!("attached on {} (no issue date given)", c.dated)
            };
            format!(
                "The newest social insurance certificate (参保证明) in the vault, document {}, {dated}, is {} old: more than {}the {} allowed. Landlords, schools and visa offices usually ask for a recent one.",
                c.document,
                plural(c.age_days as u32, "day", "days"),
                if c.far_over { "twice " } else { "" },
                plural(c.max_age_days, "day", "days"),
            )
        }
        (Facts::BalanceMismatch(b), Lang::Zh) => {
            let range = match b.high {
                Some(high) => format!("应在 {}～{} 之间", b.low, high),
                None => format!("至少应有 {}", b.low),
            };
            let mut text = format!(
                "养老保险个人账户：{} 的对账余额为 {}，按记入金额和记账利率计算{range}，相差 {}（容差 {}）。",
                b.as_of, b.reported, b.difference, b.tolerance
            );
            text.push_str(if b.difference.fen() < 0 {
                "余额偏低的常见原因：换工作后留下了另一个账户，或有月份没有记入。"
            } else {
                "余额偏高可能是有本应用中没有的转入或补缴记录。"
            });
            if !b.provisional_years.is_empty() {
                text.push_str(&format!(
                    "（{} 年的记账利率为暂定值）",
                    years_list(&b.provisional_years, "、")
                ));
            }
            text
        }
        (Facts::BalanceMismatch(b), Lang::En) => {
            let range = match b.high {
                Some(high) => format!("between {} and {}", b.low, high),
                None => format!("at least {}", b.low),
            };
            let mut text = format!(
                "Pension personal account: the reported balance on {} is {}; computed from the credited amounts and crediting rates it should be {range}, a difference of {} (tolerance {}).",
                b.as_of, b.reported, b.difference, b.tolerance
            );
            text.push_str(if b.difference.fen() < 0 {
                " A lower balance often means a second account left behind after a job change, or months not credited."
            } else {
                " A higher balance may mean transfers or back payments that are not in the app's records."
            });
            if !b.provisional_years.is_empty() {
                text.push_str(&format!(
                    " (The {} rate is provisional.)",
                    years_list(&b.provisional_years, ", ")
                ));
            }
            text
        }
    }
}

fn years_list(years: &[i32], sep: &str) -> String {
    years
        .iter()
        .map(i32::to_string)
        .collect::<Vec<_>>()
        .join(sep)
}

fn lapse_explanation(alert: &Alert, l: &super::medical::LapseFacts, lang: Lang) -> String {
    let first = alert.months.first().copied().unwrap_or(l.last_paid);
    let (region_zh, region_en) = (&l.region.0, &l.region.1);
    let g = l.gap_months;
    match (&l.situation, lang) {
        (Lapse::WithinWaiver { resume_by, waiting_after }, Lang::Zh) => format!(
            "医疗保险：自 {first} 起已 {g} 个月没有缴费记录。按{region_zh}的规定，最迟在 {resume_by} 恢复缴费可免等待期；超过后重新参保需等待 {waiting_after} 个月才能享受医保待遇，期间的医疗费用不能报销。"
        ),
        (Lapse::WithinWaiver { resume_by, waiting_after }, Lang::En) => format!(
            "Medical: no payment recorded for {} since {first}. Under {region_en}'s rule, resuming by {resume_by} at the latest avoids a waiting period; after that, cover returns only {waiting_after} months after re-enrolling, and medical costs in between are not reimbursed.",
            plural(g, "month", "months")
        ),
        (Lapse::Waiting { waiting_months }, Lang::Zh) => format!(
            "医疗保险：自 {first} 起已 {g} 个月没有缴费记录。按{region_zh}的规定，现在重新参保需等待 {waiting_months} 个月才能享受医保待遇，期间的医疗费用不能报销。"
        ),
        (Lapse::Waiting { waiting_months }, Lang::En) => format!(
            "Medical: no payment recorded for {} since {first}. Under {region_en}'s rule, re-enrolling now means a waiting period of {waiting_months} months before cover returns; medical costs in that time are not reimbursed.",
            plural(g, "month", "months")
        ),
        (Lapse::UnknownRule, Lang::Zh) => format!(
            "医疗保险：自 {first} 起已 {g} 个月没有缴费记录。规则表中没有{region_zh}职工医保断缴后等待期的规定；断缴可能导致重新参保后一段时间内不能享受待遇。"
        ),
        (Lapse::UnknownRule, Lang::En) => format!(
            "Medical: no payment recorded for {} since {first}. The rule tables have no waiting-period rule for employee medical insurance in {region_en}; a gap can mean a period without cover after re-enrolling.",
            plural(g, "month", "months")
        ),
        (Lapse::StillWaiting { resumed, until }, Lang::Zh) => format!(
            "医疗保险：{} 断缴 {g} 个月，{resumed} 恢复缴费。按{region_zh}现行规定，待遇等待期可能持续到 {until}，在此之前的医疗费用可能不能报销。",
            months_text(&alert.months, lang)
        ),
        (Lapse::StillWaiting { resumed, until }, Lang::En) => format!(
            "Medical: a gap of {} ({}), resumed in {resumed}. Under {region_en}'s current rule the waiting period may last until {until}; medical costs before then may not be reimbursed.",
            plural(g, "month", "months"),
            months_text(&alert.months, lang)
        ),
    }
}

pub(super) fn action(alert: &Alert, lang: Lang) -> String {
    let sync_hint = lang.pick(
        "若已缴，请同步或导入最新记录",
        "if already paid, sync or import the latest records",
    );
    match &alert.facts {
        Facts::Gap(_) => lang.pick(
            "核对这几个月是否确实未缴：若已缴，请导入或同步最新记录；若未缴，向参保地社保经办机构询问能否补缴（补缴政策各地不同）。",
            "Check whether these months were really unpaid: if paid, import or sync the latest records; if not, ask the local social insurance office whether they can be back-paid (rules differ by city).",
        ).into(),
        Facts::Owed => lang.pick(
            "尽快补缴欠费；灵活就业人员能补缴多久以前的月份由各地规定，请向参保地社保或税务部门确认。",
            "Pay the arrears soon; how far back flexible-employment months may be paid is set locally: ask the local social insurance or tax office.",
        ).into(),
        Facts::TransferPending => lang.pick(
            "在掌上12333或国家社会保险公共服务平台查询转移进度；转入地确认后更新记录。",
            "Track the transfer in 掌上12333 or on the national social insurance public service platform; update the records once the new region confirms.",
        ).into(),
        Facts::Due(_) => format!(
            "{}{sync_hint}{}",
            lang.pick(
                "在截止日前缴费（银行代扣请确认账户余额充足，或通过税务 App 缴纳）；",
                "Pay before the deadline (for a bank debit, make sure the account has funds; or pay in the tax bureau's app); ",
            ),
            lang.pick("。", ".")
        ),
        Facts::Overdue(_) => format!(
            "{}{sync_hint}{}",
            lang.pick("尽快缴费或补缴；", "Pay or back-pay as soon as possible; "),
            lang.pick(
                "。能补缴多久以前的月份由各地规定。",
                ". How far back you may pay is set locally.",
            )
        ),
        Facts::DeadlineUnknown => lang.pick(
            "在成员资料中设定每月缴费截止日：shebao profile set 成员 --deadline-day 日期",
            "Set the monthly deadline on the profile: shebao profile set P --deadline-day N",
        ).into(),
        Facts::MedicalLapse(l) => match &l.situation {
            Lapse::WithinWaiver { resume_by, .. } => match lang {
                Lang::Zh => format!("最迟在 {resume_by} 恢复缴纳医疗保险；{sync_hint}。"),
                Lang::En => format!("Resume medical payments by {resume_by}; {sync_hint}."),
            },
            Lapse::Waiting { .. } => lang.pick(
                "尽快恢复缴费；向医保经办机构询问补缴能否缩短等待期（各地规定不同）。",
                "Resume as soon as possible; ask the medical insurance office whether back payment shortens the wait (local rules).",
            ).into(),
            Lapse::UnknownRule => lang.pick(
                "尽快恢复缴费，并向当地医保经办机构确认断缴的后果和能否补缴。",
                "Resume payments soon, and ask the local medical insurance office what the gap means and whether it can be back-paid.",
            ).into(),
            Lapse::StillWaiting { .. } => lang.pick(
                "向医保经办机构确认等待期的起止时间；就医前先确认能否报销。",
                "Confirm the waiting period's dates with the medical insurance office; check cover before treatment.",
            ).into(),
        },
        Facts::MinYears(_) => lang.pick(
            "到法定退休年龄时可以继续缴费直到满最低年限（延长缴费）；补缴断缴月份也可能有帮助（各地规定不同）。请向社保经办机构咨询。",
            "At the statutory age you may keep paying until the minimum is reached (延长缴费); back-paying missed months may also help where allowed (local rules). Ask the social insurance office.",
        ).into(),
        Facts::BaseOutOfRange(b) if b.below => lang.pick(
            "核对记录中的缴费基数是否正确；若确实低于下限，向社保经办机构询问是否需要补差。",
            "Check the base in the record; if it really is below the floor, ask the social insurance office whether the difference must be made up.",
        ).into(),
        Facts::BaseOutOfRange(_) => lang.pick(
            "核对记录中的缴费基数；超过上限的部分通常按上限计算。",
            "Check the base in the record; above the ceiling the base is normally capped.",
        ).into(),
        Facts::Stale(s) if s.source_kind == SourceKind::Http => lang.pick(
            "同步这个数据来源。",
            "Sync this source.",
        ).into(),
        Facts::Stale(_) => lang.pick(
            "从官方渠道导出最新记录并导入。",
            "Export the latest records from the official channel and import them.",
        ).into(),
        Facts::CertificateStale(_) => lang.pick(
            "在国家社会保险公共服务平台或掌上12333下载新的参保证明，再添加到文档库：shebao vault add 文件 --profile 成员 --type certificate --date 开具日期；天数可用 shebao vault max-age 修改。",
            "Download a new certificate from the national social insurance public service platform or 掌上12333 and attach it: shebao vault add FILE --profile P --type certificate --date YYYY-MM-DD; change the number of days with shebao vault max-age.",
        ).into(),
        Facts::BalanceMismatch(_) => lang.pick(
            "对照个人权益记录单核对各年记入金额和利息；如有另一个账户，申请合并（转移接续）。",
            "Compare each year's credits and interest with your 个人权益记录单; if there is a second account, ask for it to be merged (转移接续).",
        ).into(),
    }
}

pub(super) fn rule(alert: &Alert, lang: Lang) -> Option<String> {
    match &alert.facts {
        Facts::Gap(_) | Facts::Owed | Facts::TransferPending => None,
        Facts::Due(d) => Some(match lang {
            Lang::Zh => format!(
                "缴费截止日为成员资料中设定的每月 {} 日（各地规定不同，规则表中没有）；截止前 {DUE_SOON_DAYS} 天开始提醒",
                d.deadline.format("%-d")
            ),
            Lang::En => format!(
                "the deadline is the day of the month set on the profile ({}); deadlines are local and not in the rule tables; reminders start {DUE_SOON_DAYS} days before",
                d.deadline.format("%-d")
            ),
        }),
        Facts::Overdue(o) => Some(match (o.deadline, lang) {
            (Some(d), Lang::Zh) => format!(
                "本月截止日为成员资料中设定的每月 {} 日；本月以前的月份均已过期",
                d.format("%-d")
            ),
            (Some(d), Lang::En) => format!(
                "this month's deadline is the day set on the profile ({}); earlier months are past any monthly deadline",
                d.format("%-d")
            ),
            (None, _) => lang
                .pick(
                    "本月以前未缴的月份均已过缴费期限",
                    "unpaid months before this one are past any monthly deadline",
                )
                .into(),
        }),
        Facts::DeadlineUnknown => None,
        Facts::MedicalLapse(l) => Some(match &l.rule {
            Some(citation) => format!(
                "{}{}",
                citation.label(lang),
                lang.pick("（职工医保）", " (employee medical insurance)")
            ),
            None => lang
                .pick(
                    "规则表中没有该地区职工医保的等待期规定，也没有全国统一的规定",
                    "the tables have no employee-medical waiting-period rule for this region, and no national one was found",
                )
                .into(),
        }),
        Facts::MinYears(m) => Some(m.rule.label(lang)),
        Facts::BaseOutOfRange(b) => Some(
            b.sources
                .iter()
                .map(|c| c.label(lang))
                .collect::<Vec<_>>()
                .join(lang.pick("；", "; ")),
        ),
        Facts::Stale(_) => Some(
            lang.pick(
                "新鲜度：实时来源 1 天、每日来源 2 天、每周来源 8 天未更新即视为过期（本应用的设定）",
                "freshness: realtime sources are stale after 1 day, daily after 2, weekly after 8 (the app's own thresholds)",
            )
            .into(),
        ),
        Facts::CertificateStale(c) => {
            let set_by = match (c.set_by, lang) {
                (MaxAgeSetBy::Profile, Lang::Zh) => "成员的设定",
                (MaxAgeSetBy::Global, Lang::Zh) => "全局设定",
                (MaxAgeSetBy::Default, Lang::Zh) => "默认值",
                (MaxAgeSetBy::Profile, Lang::En) => "the profile's setting",
                (MaxAgeSetBy::Global, Lang::En) => "the global setting",
                (MaxAgeSetBy::Default, Lang::En) => "the default",
            };
            Some(match lang {
                Lang::Zh => format!(
                    "参保证明超过 {} 天视为过期（{set_by}），超过两倍为警告；这是本应用的设定，不是官方规定",
                    c.max_age_days
                ),
                Lang::En => format!(
                    "a certificate older than {} is out of date ({set_by}), older than twice that a warning; the app's own threshold, not an official rule",
                    plural(c.max_age_days, "day", "days")
                ),
            })
        }
        Facts::BalanceMismatch(b) => Some(format!(
            "{}{}",
            b.rule.label(lang),
            lang.pick(
                "；年内记账利息的算法未找到出处，按区间比较，容差为 1% 与 ¥10 中较大者",
                "; the in-year interest convention is unsourced, so the balance is compared with a range; tolerance the larger of 1% and ¥10",
            )
        )),
    }
}
