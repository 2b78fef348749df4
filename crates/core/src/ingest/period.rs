//! Statements that list contribution spells, not months (参保证明, 缴费历史): one row per
//! spell — `险种, 起始年月, 截止年月, 月数, 缴费基数, 个人缴费合计, 单位名称`, or the span in one
//! cell (`起止年月` = `2015.01-2018.12`). Such a row stands for one record per month of its
//! span; this module reads the span and spreads a spell's total over its months. The row
//! reader ([`rows`](super::rows)) does the rest, as for any row.

use super::rows::read_month;
use super::table::Cell;
use crate::model::{Money, YearMonth};

/// The columns a period row adds to the usual ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodPart {
    Start,
    End,
    /// Start and end in one cell.
    Span,
    /// 月数: the months the statement says the spell has.
    Months,
    /// 个人缴费合计: the personal part of the whole spell.
    PersonalTotal,
    /// 单位缴费合计.
    EmployerTotal,
}

const PERIOD_WORDS: &[(PeriodPart, &[&str])] = &[
    (
        PeriodPart::Start,
        &[
            "起始年月",
            "开始年月",
            "起始时间",
            "缴费起始年月",
            "起始月份",
            "开始时间",
        ],
    ),
    (
        PeriodPart::End,
        &[
            "截止年月",
            "终止年月",
            "结束年月",
            "截止时间",
            "缴费截止年月",
            "截止月份",
            "结束时间",
        ],
    ),
    (
        PeriodPart::Span,
        &[
            "起止年月",
            "缴费起止年月",
            "起止时间",
            "起止日期",
            "缴费期间",
            "参保期间",
        ],
    ),
    (
        PeriodPart::Months,
        &["月数", "缴费月数", "实缴月数", "缴费月份数", "累计月数"],
    ),
    (
        PeriodPart::PersonalTotal,
        &[
            "个人缴费合计",
            "个人缴费总额",
            "个人合计",
            "个人缴纳合计",
            "个人缴费金额合计",
        ],
    ),
    (
        PeriodPart::EmployerTotal,
        &[
            "单位缴费合计",
            "单位缴费总额",
            "单位合计",
            "单位缴纳合计",
            "单位缴费金额合计",
        ],
    ),
];

/// The period column a header cell names exactly (after [`vocab::normalize`](super::vocab::normalize)).
pub fn part_of(normalized_header: &str) -> Option<PeriodPart> {
    PERIOD_WORDS
        .iter()
        .find(|(_, words)| words.contains(&normalized_header))
        .map(|(part, _)| *part)
}

/// The words between a span's two months; `-` is tried last, as months use it too.
const SPAN_SEPARATORS: &[&str] = &["至", "到", "—", "–", "~", "～", "－"];

/// Reads a span written in one cell: `2015.01-2018.12`, `2015-01至2018-12`,
/// `2015年1月—2018年12月`, `201501-201812`. `None` unless both ends are months and the start
/// is not after the end.
pub fn read_span(text: &str) -> Option<(YearMonth, YearMonth)> {
    let text = text.trim();
    let both = |a: &str, b: &str| -> Option<(YearMonth, YearMonth)> {
        let start: YearMonth = a.trim().parse().ok()?;
        let end: YearMonth = b.trim().parse().ok()?;
        (start <= end).then_some((start, end))
    };
    for sep in SPAN_SEPARATORS {
        if let Some((a, b)) = text.split_once(sep) {
            return both(a, b);
        }
    }
    // `2015-01-2018-12` has three hyphens: the one that leaves a month on each side splits.
    text.match_indices('-')
        .find_map(|(at, _)| both(&text[..at], &text[at + 1..]))
}

/// Start and end from their own cells (text or workbook dates).
pub fn read_ends(start: &Cell, end: &Cell) -> Option<(YearMonth, YearMonth)> {
    let (start, end) = (read_month(start)?, read_month(end)?);
    (start <= end).then_some((start, end))
}

/// The longest spell a row may state: 60 years, beyond any working life.
pub const MAX_SPELL_MONTHS: i64 = 720;
/// The most records one file's period rows may expand to (a 参保证明 lists a few dozen
/// spells; 2 million months is a thousand whole working lives).
pub const MAX_DERIVED_RECORDS: usize = 2_000_000;

/// Every month from `start` to `end`, both included.
pub fn months(start: YearMonth, end: YearMonth) -> Vec<YearMonth> {
    (0..=start.months_until(end))
        .filter_map(|n| start.add_months(n))
        .collect()
}

/// A spell's total spread over `months` months in whole fen: the same amount each month, the
/// remainder on the last. Also whether it divided evenly. `months` is at least 1.
pub fn spread(total: Money, months: usize) -> (Vec<Money>, bool) {
    let n = months.max(1) as i64;
    let each = total.fen() / n;
    let remainder = total.fen() - each * n;
    let mut amounts = vec![Money::from_fen(each); n as usize];
    if let Some(last) = amounts.last_mut() {
        *last = Money::from_fen(each + remainder);
    }
    (amounts, remainder == 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ym(text: &str) -> YearMonth {
        text.parse().unwrap()
    }

    #[test]
    fn spans_in_every_spelling() {
        let expected = Some((ym("2015-01"), ym("2018-12")));
        for text in [
            "2015.01-2018.12",
            "2015-01至2018-12",
            "2015年1月—2018年12月",
            "2015/01~2018/12",
            "201501-201812",
            "2015-01-2018-12",
            " 2015.01 - 2018.12 ",
        ] {
            assert_eq!(read_span(text), expected, "{text}");
        }
        assert_eq!(
            read_span("2018.12-2015.01"),
            None,
            "the start after the end"
        );
        assert_eq!(read_span("2015年"), None);
        assert_eq!(read_span("2015.01"), None);
    }

    #[test]
    fn months_of_a_span_include_both_ends() {
        let all = months(ym("2015-11"), ym("2016-02"));
        let texts: Vec<String> = all.iter().map(ToString::to_string).collect();
        assert_eq!(texts, ["2015-11", "2015-12", "2016-01", "2016-02"]);
        assert_eq!(months(ym("2015-01"), ym("2018-12")).len(), 48);
    }

    #[test]
    fn a_total_is_spread_in_whole_fen_with_the_remainder_last() {
        // ¥10,000.00 over 36 months: 1,000,000 fen / 36 = 27,777 fen, 28 fen left over, so
        // 35 × ¥277.77 and the last ¥277.77 + ¥0.28 = ¥278.05 (35 × 277.77 + 278.05 = 10,000).
        let (amounts, even) = spread(Money::from_yuan(10_000), 36);
        assert!(!even);
        assert_eq!(amounts.len(), 36);
        assert!(amounts[..35].iter().all(|m| m.fen() == 27_777));
        assert_eq!(amounts[35].fen(), 27_805);
        // ¥9,600.00 over 12 months: exactly ¥800.00 each.
        let (amounts, even) = spread(Money::from_yuan(9_600), 12);
        assert!(even);
        assert!(amounts.iter().all(|m| m.fen() == 80_000));
    }
}
