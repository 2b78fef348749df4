//! Money as integer fen (分). Never f64: a sum of 180 months must be exact to the fen.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Neg, Sub};
use std::str::FromStr;

/// An amount of renminbi in fen. Serialises as the integer number of fen.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Money(i64);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not an amount of money: {0:?} (expected e.g. 1234.56, 1,234.56 or ¥1234.5)")]
pub struct MoneyError(pub String);

impl Money {
    pub const ZERO: Money = Money(0);

    pub const fn from_fen(fen: i64) -> Self {
        Money(fen)
    }

    pub const fn from_yuan(yuan: i64) -> Self {
        Money(yuan * 100)
    }

    pub const fn fen(self) -> i64 {
        self.0
    }

    /// `self × numerator ÷ denominator`, rounded half away from zero to the fen — how
    /// contribution amounts are computed from a base and a rate in basis points.
    pub fn scale(self, numerator: i64, denominator: i64) -> Money {
        assert!(denominator > 0, "denominator must be positive");
        let product = i128::from(self.0) * i128::from(numerator);
        let denominator = i128::from(denominator);
        let half = denominator / 2;
        let rounded = if product >= 0 {
            (product + half) / denominator
        } else {
            (product - half) / denominator
        };
        Money(i64::try_from(rounded).expect("amount within i64 fen"))
    }

    /// Plain decimal without currency sign or grouping, e.g. `-1234.50`: for CSV and inputs.
    pub fn to_plain(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        format!("{sign}{}.{:02}", abs / 100, abs % 100)
    }
}

/// `¥1,234.56`, with `-¥1,234.56` for negative amounts.
impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let yuan = (abs / 100).to_string();
        let mut grouped = String::with_capacity(yuan.len() + yuan.len() / 3);
        for (i, digit) in yuan.chars().enumerate() {
            if i > 0 && (yuan.len() - i).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(digit);
        }
        write!(f, "{sign}¥{grouped}.{:02}", abs % 100)
    }
}

impl FromStr for Money {
    type Err = MoneyError;

    /// Accepts `1234.56`, `1,234.56`, `¥1234.5`, `￥1,234`, `1234.56元`, `-12.3`, full-width
    /// digits. More than two decimals are accepted only when the extra digits are zeros.
    fn from_str(input: &str) -> Result<Self, Self::Err> {
        match parse_plain(input.trim().as_bytes()) {
            Some(money) => Ok(money),
            None => parse_general(input),
        }
    }
}

/// Every spelling [`Money::from_str`] accepts (see there).
fn parse_general(input: &str) -> Result<Money, MoneyError> {
    let error = || MoneyError(input.to_string());
    let mut text: String = input
        .trim()
        .chars()
        .filter(|c| !matches!(c, ',' | '，' | ' ' | '\u{a0}'))
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '．' => '.',
            '－' => '-',
            other => other,
        })
        .collect();
    let negative = text.starts_with('-');
    if negative {
        text.remove(0);
    }
    let text = text
        .trim_start_matches(['¥', '￥'])
        .trim_end_matches('元')
        .to_string();
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let all_digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    if whole.is_empty() && fraction.is_empty()
        || !all_digits(whole)
        || !all_digits(fraction)
        || whole.len() > 15
    {
        return Err(error());
    }
    let (cents, extra) = fraction.split_at(fraction.len().min(2));
    if extra.chars().any(|c| c != '0') {
        return Err(error());
    }
    let yuan: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().map_err(|_| error())?
    };
    let cents: i64 = format!("{cents:0<2}").parse().map_err(|_| error())?;
    let fen = yuan * 100 + cents;
    Ok(Money(if negative { -fen } else { fen }))
}

/// The common spellings — ASCII digits, thousands commas, one `.` (`8,000.00`, `640.5`) —
/// read without the general parser's three allocations: an import reads three or four amounts
/// a row, millions for a large file (docs/benchmarks.md, Parse at 50 MB/s). `None` for anything
/// else, and for anything the general parser refuses, so that it decides (and words the error).
fn parse_plain(bytes: &[u8]) -> Option<Money> {
    let (mut yuan, mut cents) = (0i64, 0i64);
    let (mut whole_digits, mut fraction_digits, mut in_fraction) = (0usize, 0usize, false);
    for &b in bytes {
        match b {
            b'0'..=b'9' if !in_fraction => {
                whole_digits += 1;
                if whole_digits > 15 {
                    return None;
                }
                yuan = yuan * 10 + i64::from(b - b'0');
            }
            b'0'..=b'9' => {
                fraction_digits += 1;
                match fraction_digits {
                    1 | 2 => cents = cents * 10 + i64::from(b - b'0'),
                    _ if b != b'0' => return None,
                    _ => {}
                }
            }
            b',' => {}
            b'.' if !in_fraction => in_fraction = true,
            _ => return None,
        }
    }
    if whole_digits == 0 && fraction_digits == 0 {
        return None;
    }
    if fraction_digits == 1 {
        cents *= 10;
    }
    Some(Money(yuan * 100 + cents))
}

impl Add for Money {
    type Output = Money;
    fn add(self, rhs: Money) -> Money {
        Money(self.0 + rhs.0)
    }
}

impl AddAssign for Money {
    fn add_assign(&mut self, rhs: Money) {
        self.0 += rhs.0;
    }
}

impl Sub for Money {
    type Output = Money;
    fn sub(self, rhs: Money) -> Money {
        Money(self.0 - rhs.0)
    }
}

impl Neg for Money {
    type Output = Money;
    fn neg(self) -> Money {
        Money(-self.0)
    }
}

impl Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, Add::add)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_common_spellings() {
        let cases = [
            ("1,234.56", 123_456),
            ("¥1234.5", 123_450),
            ("￥1,234", 123_400),
            ("1234.56元", 123_456),
            ("0.5", 50),
            (".5", 50),
            ("12.", 1200),
            ("-12.30", -1230),
            ("12.300", 1230),
            (" 8 000.00 ", 800_000),
            ("１２３．４", 12_340),
        ];
        for (text, fen) in cases {
            assert_eq!(text.parse::<Money>(), Ok(Money::from_fen(fen)), "{text}");
        }
    }

    #[test]
    fn rejects_non_amounts() {
        for text in ["", "abc", "1.2.3", "12.345", "¥", "-", "1e5", "--1", "12a"] {
            assert!(
                text.parse::<Money>().is_err(),
                "{text:?} should be rejected"
            );
        }
    }

    #[test]
    fn displays_with_sign_and_grouping() {
        assert_eq!(Money::from_fen(123_456).to_string(), "¥1,234.56");
        assert_eq!(Money::from_fen(5).to_string(), "¥0.05");
        assert_eq!(Money::from_fen(-100_000_000).to_string(), "-¥1,000,000.00");
        assert_eq!(Money::from_fen(99_999).to_string(), "¥999.99");
        assert_eq!(Money::from_fen(-1230).to_plain(), "-12.30");
    }

    #[test]
    fn scale_rounds_half_away_from_zero() {
        // 8% of ¥3,333.33 = 266.6664 → ¥266.67
        assert_eq!(
            Money::from_fen(333_333).scale(800, 10_000),
            Money::from_fen(26_667)
        );
        assert_eq!(Money::from_fen(5).scale(1, 2), Money::from_fen(3));
        assert_eq!(Money::from_fen(-5).scale(1, 2), Money::from_fen(-3));
    }

    proptest! {
        #[test]
        fn display_and_plain_round_trip(fen in -10_000_000_000_000i64..10_000_000_000_000) {
            let money = Money::from_fen(fen);
            prop_assert_eq!(money.to_string().parse::<Money>(), Ok(money));
            prop_assert_eq!(money.to_plain().parse::<Money>(), Ok(money));
        }

        /// The allocation-free path gives what the general parser gives, wherever it answers.
        #[test]
        fn plain_spellings_read_as_the_general_parser_reads_them(s in "[0-9,.]{0,20}") {
            if let Some(money) = parse_plain(s.as_bytes()) {
                prop_assert_eq!(parse_general(&s), Ok(money));
            }
        }

        #[test]
        fn parser_never_panics(s in "\\PC{0,20}") {
            let _ = s.parse::<Money>();
        }
    }
}
