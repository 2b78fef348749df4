//! A calendar month — the unit social insurance is paid in. Not a date.
//!
//! Every common spelling is parsed here, at the edge, and nowhere else:
//! `202401`, `2024-01`, `2024/1`, `2024.1`, `2024年1月`, whole dates such as `2024-01-15` or
//! `20240115` (their month), full-width digits, and Excel date serials through
//! [`YearMonth::from_excel_serial`].

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// Years outside this range are typos, not contribution months. The one definition of the
/// range the app supports, for months and dates alike: whatever comes in (an import of any
/// format, a provider's answer, a manual entry) is checked against it at the edge, so that the
/// analysis can turn every date into its month.
pub const MIN_YEAR: i32 = 1900;
pub const MAX_YEAR: i32 = 2200;

/// Whether `date` lies in the supported years (its month is a [`YearMonth`]).
pub fn date_supported(date: NaiveDate) -> bool {
    YearMonth::of_date(date).is_some()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct YearMonth {
    year: i32,
    month: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a month: {0:?} (expected e.g. 2024-01, 202401, 2024/1 or 2024年1月)")]
pub struct YearMonthError(pub String);

impl YearMonth {
    pub fn new(year: i32, month: u32) -> Option<Self> {
        ((MIN_YEAR..=MAX_YEAR).contains(&year) && (1..=12).contains(&month))
            .then_some(Self { year, month })
    }

    pub fn year(self) -> i32 {
        self.year
    }

    pub fn month(self) -> u32 {
        self.month
    }

    /// Months since year 0; makes month arithmetic plain integer arithmetic.
    pub fn index(self) -> i64 {
        i64::from(self.year) * 12 + i64::from(self.month) - 1
    }

    pub fn from_index(index: i64) -> Option<Self> {
        let year = i32::try_from(index.div_euclid(12)).ok()?;
        Self::new(year, index.rem_euclid(12) as u32 + 1)
    }

    /// The month `n` months later (earlier for negative `n`); `None` outside the supported years.
    pub fn add_months(self, n: i64) -> Option<Self> {
        Self::from_index(self.index() + n)
    }

    pub fn next(self) -> Option<Self> {
        self.add_months(1)
    }

    /// Signed number of months from `self` to `other` (`other - self`).
    pub fn months_until(self, other: YearMonth) -> i64 {
        other.index() - self.index()
    }

    pub fn of_date(date: NaiveDate) -> Option<Self> {
        Self::new(date.year(), date.month())
    }

    /// The current month in local time.
    pub fn current() -> Self {
        Self::of_date(chrono::Local::now().date_naive()).expect("the clock is within 1900..2200")
    }

    /// An Excel date serial (1900 date system, as Excel and WPS store date cells) → its month.
    pub fn from_excel_serial(serial: f64) -> Option<Self> {
        if !serial.is_finite() || serial < 1.0 {
            return None;
        }
        // Excel counts from 1899-12-30 once its fictitious 1900-02-29 is accounted for.
        let epoch = NaiveDate::from_ymd_opt(1899, 12, 30)?;
        let date = epoch.checked_add_days(chrono::Days::new(serial.floor() as u64))?;
        Self::of_date(date)
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).expect("valid by construction")
    }
}

impl fmt::Display for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl FromStr for YearMonth {
    type Err = YearMonthError;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        parse(input).ok_or_else(|| YearMonthError(input.to_string()))
    }
}

/// Splits into digit runs and the separators between them, then accepts the shapes
/// `YYYYMM`, `YYYYMMDD`, `YYYY<sep>M[<sep>D]` with sep one of `- / .`, and `YYYY年M月[D日]`.
fn parse(input: &str) -> Option<YearMonth> {
    if let Some(canonical) = parse_canonical(input.as_bytes()) {
        return canonical;
    }
    parse_any(input)
}

/// `YYYY-MM`, the form the database stores and JSON carries, without the general parser's
/// allocations: the store reads one per record, millions for a dashboard of a thousand people.
/// `None` when the text is not in that form (the general parser then decides).
fn parse_canonical(bytes: &[u8]) -> Option<Option<YearMonth>> {
    let &[y1, y2, y3, y4, b'-', m1, m2] = bytes else {
        return None;
    };
    let digits = [y1, y2, y3, y4, m1, m2];
    if !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let [y1, y2, y3, y4, m1, m2] = digits.map(|d| u32::from(d - b'0'));
    let year = (y1 * 1000 + y2 * 100 + y3 * 10 + y4) as i32;
    Some(YearMonth::new(year, m1 * 10 + m2))
}

fn parse_any(input: &str) -> Option<YearMonth> {
    let text: String = input.trim().chars().map(to_ascii_digit).collect();
    let mut numbers: Vec<&str> = Vec::new();
    let mut separators: Vec<String> = Vec::new();
    let mut rest = text.as_str();
    while !rest.is_empty() {
        let digits_end = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        if digits_end == 0 {
            return None; // must start with a digit run
        }
        numbers.push(&rest[..digits_end]);
        rest = &rest[digits_end..];
        let sep_end = rest
            .find(|c: char| c.is_ascii_digit())
            .unwrap_or(rest.len());
        separators.push(rest[..sep_end].trim().to_string());
        rest = &rest[sep_end..];
    }

    let (year, month, day) = match numbers.as_slice() {
        [all] if all.len() == 6 => (&all[..4], &all[4..], None),
        [all] if all.len() == 8 => (&all[..4], &all[4..6], Some(&all[6..])),
        [y, m] => (*y, *m, None),
        [y, m, d] => (*y, *m, Some(*d)),
        _ => return None,
    };
    let seps: Vec<&str> = separators.iter().map(String::as_str).collect();
    let shape_ok = match (numbers.len(), seps.as_slice()) {
        (1, [""]) => true,
        (2, [sep, end]) => matches!((*sep, *end), ("-" | "/" | "." | "年", "") | ("年", "月")),
        (3, ["年", "月", "日" | ""]) => true,
        (3, [a, b, ""]) => a == b && matches!(*a, "-" | "/" | "."),
        _ => false,
    };
    if !shape_ok || year.len() != 4 || month.is_empty() || month.len() > 2 {
        return None;
    }
    let ym = YearMonth::new(year.parse().ok()?, month.parse().ok()?)?;
    if let Some(day) = day {
        if day.is_empty() || day.len() > 2 {
            return None;
        }
        NaiveDate::from_ymd_opt(ym.year, ym.month, day.parse().ok()?)?;
    }
    Some(ym)
}

/// Full-width digits (０-９) as typed by Chinese input methods become ASCII digits.
fn to_ascii_digit(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        '／' => '/',
        '－' => '-',
        '．' => '.',
        other => other,
    }
}

impl Serialize for YearMonth {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for YearMonth {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ym(y: i32, m: u32) -> YearMonth {
        YearMonth::new(y, m).unwrap()
    }

    #[test]
    fn parses_every_common_spelling() {
        for text in [
            "202401",
            "2024-01",
            "2024-1",
            "2024/1",
            "2024/01",
            "2024.01",
            "2024年1月",
            "2024年01月",
            "2024年1",
            " 2024-01 ",
            "2024-01-15",
            "2024/1/5",
            "20240131",
            "2024年1月15日",
            "２０２４年１月",
        ] {
            assert_eq!(text.parse::<YearMonth>(), Ok(ym(2024, 1)), "{text}");
        }
    }

    #[test]
    fn rejects_what_is_not_a_month() {
        for text in [
            "",
            "2024",
            "202413",
            "202400",
            "24-01",
            "2024-13",
            "2024-001",
            "2024-01-32",
            "2024-02-30",
            "2024-01/15",
            "01/2024",
            "abc",
            "2024年",
            "2024 01",
            "1899-12",
            "2024-01x",
            "45292",
        ] {
            assert!(
                text.parse::<YearMonth>().is_err(),
                "{text:?} should be rejected"
            );
        }
    }

    #[test]
    fn excel_serials_are_months() {
        assert_eq!(YearMonth::from_excel_serial(45292.0), Some(ym(2024, 1))); // 2024-01-01
        assert_eq!(YearMonth::from_excel_serial(45322.75), Some(ym(2024, 1))); // 2024-01-31 18:00
        assert_eq!(YearMonth::from_excel_serial(45323.0), Some(ym(2024, 2)));
        assert_eq!(YearMonth::from_excel_serial(-3.0), None);
        assert_eq!(YearMonth::from_excel_serial(f64::NAN), None);
    }

    #[test]
    fn arithmetic_crosses_years() {
        assert_eq!(ym(2023, 12).next(), Some(ym(2024, 1)));
        assert_eq!(ym(2024, 1).add_months(-1), Some(ym(2023, 12)));
        assert_eq!(ym(2024, 1).add_months(25), Some(ym(2026, 2)));
        assert_eq!(ym(2023, 11).months_until(ym(2024, 2)), 3);
        assert!(ym(2023, 12) < ym(2024, 1));
    }

    #[test]
    fn serde_uses_the_display_form() {
        assert_eq!(serde_json::to_string(&ym(2024, 3)).unwrap(), "\"2024-03\"");
        let back: YearMonth = serde_json::from_str("\"2024年3月\"").unwrap();
        assert_eq!(back, ym(2024, 3));
    }

    proptest! {
        #[test]
        fn display_round_trips(y in MIN_YEAR..=MAX_YEAR, m in 1u32..=12) {
            let month = ym(y, m);
            prop_assert_eq!(month.to_string().parse::<YearMonth>(), Ok(month));
            prop_assert_eq!(format!("{y}{m:02}").parse::<YearMonth>(), Ok(month));
            prop_assert_eq!(format!("{y}年{m}月").parse::<YearMonth>(), Ok(month));
            prop_assert_eq!(format!("{y}/{m}").parse::<YearMonth>(), Ok(month));
        }

        #[test]
        fn add_months_inverts_and_agrees_with_months_until(
            y in 1950..=2100i32, m in 1u32..=12, n in -600i64..=600,
        ) {
            let start = ym(y, m);
            let moved = start.add_months(n).unwrap();
            prop_assert_eq!(start.months_until(moved), n);
            prop_assert_eq!(moved.add_months(-n), Some(start));
            prop_assert_eq!(moved > start, n > 0);
        }

        #[test]
        fn the_canonical_fast_path_agrees_with_the_general_parser(s in "[0-9]{4}-[0-9]{2}") {
            prop_assert_eq!(parse_canonical(s.as_bytes()), Some(parse_any(&s)));
        }

        #[test]
        fn parser_never_panics(s in "\\PC{0,16}") {
            let _ = s.parse::<YearMonth>();
        }
    }
}
