//! The words Chinese portals, 12333 and HR systems use for kinds, statuses and payers.
//!
//! Matching is on a normalised spelling (see [`normalize`]), so `基本养老保险（元）`,
//! `基本 养老保险` and `基本养老保险费` are one word. docs/import-formats.md lists every word.

use crate::model::{ContributionStatus, InsuranceKind, Payer};
use std::borrow::Cow;

/// Removes spaces (ASCII, full-width, no-break), unifies parentheses, drops a trailing
/// `(元)` unit and lower-cases ASCII, so spellings differing only in those compare equal.
/// Borrows when there is nothing to change — most cells of a statement — because every cell of
/// every row passes through here (the total and repeated-header checks), and a copy of each
/// was a fifth of a large import's parse (docs/benchmarks.md, Import).
pub fn normalize(text: &str) -> Cow<'_, str> {
    let changes = |c: char| {
        c.is_whitespace()
            || c.is_ascii_uppercase()
            || matches!(c, '（' | '【' | '[' | '）' | '】' | ']' | '：')
    };
    let mut out = if text.chars().any(changes) {
        Cow::Owned(
            text.chars()
                .filter(|c| !c.is_whitespace())
                .map(fold)
                .collect(),
        )
    } else {
        Cow::Borrowed(text)
    };
    for unit in ["(元)", "(元/月)", "(单位:元)", "(人民币元)"] {
        if let Some(kept) = out.strip_suffix(unit).map(str::len) {
            out = match out {
                Cow::Borrowed(text) => Cow::Borrowed(&text[..kept]),
                Cow::Owned(mut text) => {
                    text.truncate(kept);
                    Cow::Owned(text)
                }
            };
        }
    }
    out
}

/// How [`normalize`] spells one character it keeps.
fn fold(c: char) -> char {
    match c {
        '（' | '【' | '[' => '(',
        '）' | '】' | ']' => ')',
        '：' => ':',
        other => other.to_ascii_lowercase(),
    }
}

/// The character `normalize(text)` starts with, when that is not empty (`None` when `text` is
/// all spaces): a cheap first test before a cell is normalised and compared with a word.
pub fn normalized_first(text: &str) -> Option<char> {
    text.chars().find(|c| !c.is_whitespace()).map(fold)
}

/// What a kind cell or header names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KindWord {
    Tracked(InsuranceKind),
    /// A real scheme the app does not track (大额医疗, 长期护理, 企业年金 …): its rows are
    /// skipped, not errors, so a city's full statement still imports.
    Untracked,
}

const KIND_WORDS: &[(InsuranceKind, &[&str])] = &[
    (
        InsuranceKind::Pension,
        &[
            "养老",
            "养老保险",
            "基本养老保险",
            "企业职工基本养老保险",
            "城镇职工基本养老保险",
            "职工基本养老保险",
            "企业基本养老保险",
            "企业养老保险",
            "职工养老保险",
            "机关事业单位养老保险",
            "机关事业单位基本养老保险",
            "pension",
        ],
    ),
    (
        InsuranceKind::Medical,
        &[
            "医疗",
            "医疗保险",
            "医保",
            "基本医疗保险",
            "职工基本医疗保险",
            "城镇职工基本医疗保险",
            "职工医疗保险",
            "medical",
        ],
    ),
    (
        InsuranceKind::Unemployment,
        &["失业", "失业保险", "unemployment"],
    ),
    (
        InsuranceKind::WorkInjury,
        &["工伤", "工伤保险", "work_injury", "workinjury"],
    ),
    (InsuranceKind::Maternity, &["生育", "生育保险", "maternity"]),
    (
        InsuranceKind::HousingFund,
        &["公积金", "住房公积金", "housing_fund", "housingfund"],
    ),
];

/// Schemes paid alongside 社保 that are not one of our kinds. Checked before the tracked
/// words when searching inside a header, because `大额医疗保险` contains `医疗保险`.
const UNTRACKED_WORDS: &[&str] = &[
    "大额医疗",
    "大病医疗",
    "大病保险",
    "补充医疗",
    "医疗补助",
    "长期照护",
    "长期护理",
    "长护险",
    "企业年金",
    "职业年金",
    "残疾人就业保障金",
    "残保金",
];

/// Drops a trailing `费` (养老保险费) for lookup.
fn kind_key(text: &str) -> Cow<'_, str> {
    let n = normalize(text);
    match n.strip_suffix('费').map(str::len) {
        Some(kept) => match n {
            Cow::Borrowed(text) => Cow::Borrowed(&text[..kept]),
            Cow::Owned(mut text) => {
                text.truncate(kept);
                Cow::Owned(text)
            }
        },
        None => n,
    }
}

/// The kind a cell names exactly (after normalising), or `None` when unknown.
pub fn kind(text: &str) -> Option<KindWord> {
    let key = kind_key(text);
    if UNTRACKED_WORDS.iter().any(|w| key.contains(w)) {
        return Some(KindWord::Untracked);
    }
    let exact = KIND_WORDS
        .iter()
        .find(|(_, words)| words.contains(&&*key))
        .map(|(kind, _)| KindWord::Tracked(*kind));
    // A longer official name (城镇企业职工基本养老保险, 职工医保(统筹)) still names one kind,
    // except the residents' schemes (城乡居民…), which are not the employee insurance and
    // must not be counted as such silently.
    exact.or_else(|| {
        if key.contains("居民") {
            return None;
        }
        kind_within(&key)
            .filter(|(word, _)| matches!(word, KindWord::Tracked(_)))
            .map(|(w, _)| w)
    })
}

/// The kind named somewhere inside a header (`养老保险(个人)`, `医疗单位缴费`), and the
/// header with that word removed. The longest word wins (基本养老保险 over 养老).
pub fn kind_within(header: &str) -> Option<(KindWord, String)> {
    let key = normalize(header);
    if let Some(word) = UNTRACKED_WORDS.iter().find(|w| key.contains(*w)) {
        return Some((KindWord::Untracked, key.replacen(word, "", 1)));
    }
    KIND_WORDS
        .iter()
        .flat_map(|(kind, words)| words.iter().map(move |w| (*kind, *w)))
        .filter(|(_, word)| !word.is_ascii() && key.contains(word))
        .max_by_key(|(_, word)| word.chars().count())
        .map(|(kind, word)| (KindWord::Tracked(kind), key.replacen(word, "", 1)))
}

/// Reads a status cell; `None` when the word is unknown (a row error, not a guess).
pub fn status(text: &str) -> Option<ContributionStatus> {
    let key = normalize(text);
    // 补缴 and 转入 decide wherever they appear (已补缴, 跨省转入, 补缴到账).
    if key.contains("补缴") || key.contains("补收") || key == "back_paid" {
        return Some(ContributionStatus::BackPaid);
    }
    if key.contains("转入") || key == "transferred_in" {
        return Some(ContributionStatus::TransferredIn);
    }
    const PAID: &[&str] = &[
        "已实缴",
        "实缴",
        "已到账",
        "到账",
        "已到帐",
        "正常",
        "已缴费",
        "已缴",
        "已缴纳",
        "足额到账",
        "足额缴费",
        "已足额到账",
        "已结算",
        "正常缴费",
        "正常应缴",
        "缴费",
        "是",
        "y",
        "yes",
        "1",
        "paid",
    ];
    const OWED: &[&str] = &[
        "欠费",
        "欠缴",
        "未到账",
        "未到帐",
        "未缴费",
        "未缴",
        "未实缴",
        "未足额到账",
        "未缴纳",
        "否",
        "n",
        "no",
        "0",
        "owed",
    ];
    if PAID.contains(&&*key) {
        Some(ContributionStatus::Paid)
    } else if OWED.contains(&&*key) {
        Some(ContributionStatus::Owed)
    } else if key.contains('欠') || key.starts_with('未') || key.contains("中断") {
        // 欠费未缴, 未足额, 缴费中断 …
        Some(ContributionStatus::Owed)
    } else if ["已到账", "已实缴", "已缴", "足额", "已结算", "到账"]
        .iter()
        .any(|w| key.contains(w))
    {
        // 已足额到账, 正常已到账, 已缴费（到账）…
        Some(ContributionStatus::Paid)
    } else {
        None
    }
}

/// Reads a payment-type cell (缴费类型 / 征收类型): only 补缴 and 转入 change the status;
/// 正常应缴 and anything else leave it as the status column says.
pub fn payment_type(text: &str) -> Option<ContributionStatus> {
    let key = normalize(text);
    if key.contains("补缴") || key.contains("补收") {
        Some(ContributionStatus::BackPaid)
    } else if key.contains("转入") {
        Some(ContributionStatus::TransferredIn)
    } else {
        None
    }
}

/// A payer cell: 个人 / 灵活就业(人员) / 个体 mean the person paid; anything else names
/// an employer, kept as written.
pub fn payer(text: &str) -> Payer {
    let key = normalize(text);
    const SELF: &[&str] = &[
        "个人",
        "个人缴费",
        "自由职业者",
        "个体",
        "个体工商户",
        "self",
    ];
    if SELF.contains(&&*key) || key.contains("灵活就业") {
        Payer::SelfPaid
    } else {
        // Our CSV export quotes a name that starts like a formula; the quote is not the name's.
        Payer::Employer(crate::export::formula::restore(text.trim()).to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ContributionStatus::*;
    use InsuranceKind::*;

    #[test]
    fn normalising_borrows_unless_something_changes_and_strips_units_either_way() {
        assert!(matches!(
            normalize("企业职工基本养老保险"),
            Cow::Borrowed(_)
        ));
        assert!(matches!(normalize("1,234.56"), Cow::Borrowed(_)));
        assert!(matches!(
            normalize("缴费基数(元)"),
            Cow::Borrowed("缴费基数")
        ));
        assert_eq!(normalize(" 缴费基数（元） "), "缴费基数");
        assert_eq!(normalize("个人缴费【元/月】"), "个人缴费");
        assert_eq!(normalize("Pension ： X"), "pension:x");
        assert_eq!(kind_key("养老保险费"), "养老保险");
        assert_eq!(kind_key(" 养老保险费 "), "养老保险");
    }

    proptest::proptest! {
        /// The cheap first test never turns away a cell that normalises to a word.
        #[test]
        fn the_first_character_is_the_normalised_texts(s in "[ 　（【\\[A-Za-z:：元()/缴费基数]{0,12}") {
            if let Some(first) = normalize(&s).chars().next() {
                proptest::prop_assert_eq!(normalized_first(&s), Some(first));
            }
        }
    }

    #[test]
    fn kinds_in_every_listed_spelling() {
        for (text, expected) in [
            ("养老", Pension),
            ("企业职工基本养老保险", Pension),
            ("城镇职工基本养老保险", Pension),
            ("基本养老保险费", Pension),
            ("职工基本医疗保险", Medical),
            ("医疗 保险", Medical),
            ("失业", Unemployment),
            ("工伤保险", WorkInjury),
            ("生育", Maternity),
            ("公积金", HousingFund),
            ("住房公积金", HousingFund),
            ("pension", Pension),
            ("Housing_Fund", HousingFund),
        ] {
            assert_eq!(
                super::kind(text),
                Some(KindWord::Tracked(expected)),
                "{text}"
            );
        }
        assert_eq!(kind("大额医疗互助"), Some(KindWord::Untracked));
        assert_eq!(kind("长期照护保险"), Some(KindWord::Untracked));
        assert_eq!(kind("意外险"), None);
    }

    #[test]
    fn kinds_inside_wide_headers() {
        assert_eq!(
            kind_within("养老保险(个人)"),
            Some((KindWord::Tracked(Pension), "(个人)".into()))
        );
        assert_eq!(
            kind_within("基本医疗保险（单位）"),
            Some((KindWord::Tracked(Medical), "(单位)".into()))
        );
        assert_eq!(
            kind_within("大额医疗保险个人").map(|k| k.0),
            Some(KindWord::Untracked)
        );
        assert_eq!(kind_within("个人缴费"), None);
    }

    #[test]
    fn statuses_and_types() {
        for (text, expected) in [
            ("已实缴", Paid),
            ("已到账", Paid),
            ("正常", Paid),
            ("已缴费", Paid),
            ("足额到账", Paid),
            ("欠费", Owed),
            ("未到账", Owed),
            ("未缴费", Owed),
            ("补缴", BackPaid),
            ("已补缴", BackPaid),
            ("转入", TransferredIn),
            ("paid", Paid),
        ] {
            assert_eq!(status(text), Some(expected), "{text}");
        }
        assert_eq!(status("待审核"), None);
        assert_eq!(status("已足额到账"), Some(Paid));
        assert_eq!(status("欠费未缴"), Some(Owed));
        assert_eq!(
            super::kind("城镇企业职工基本养老保险"),
            Some(KindWord::Tracked(Pension))
        );
        assert_eq!(
            super::kind("职工医保(统筹)"),
            Some(KindWord::Tracked(Medical))
        );
        assert_eq!(
            super::kind("城乡居民基本养老保险"),
            None,
            "a different scheme"
        );
        assert_eq!(payment_type("补缴"), Some(BackPaid));
        assert_eq!(payment_type("正常应缴"), None);
    }

    #[test]
    fn payers() {
        assert_eq!(payer("个人"), Payer::SelfPaid);
        assert_eq!(payer("灵活就业人员"), Payer::SelfPaid);
        assert_eq!(payer("成都市灵活就业"), Payer::SelfPaid);
        assert_eq!(
            payer(" 成都某某有限公司 "),
            Payer::Employer("成都某某有限公司".into())
        );
    }
}
