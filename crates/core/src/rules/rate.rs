//! Rates as exact integers of basis points (1 bp = 0.01%), never f64: 8.31% is 831 bp, and
//! `Money::scale(bp, 10_000)` applies one to an amount with exact rounding.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct BasisPoints(pub u32);

impl BasisPoints {
    /// 100% — the denominator to use with [`crate::model::Money::scale`].
    pub const WHOLE: u32 = 10_000;

    /// `1.2%` or `1.2` (a percentage either way), at most two decimals, above 0 and at most
    /// `max_percent`: how a person types a coefficient.
    pub fn parse_percent(text: &str, max_percent: u32) -> Option<BasisPoints> {
        let number = text.trim().trim_end_matches(['%', '％']).trim();
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        let (whole, fraction) = match number.split_once('.') {
            Some((whole, fraction)) if digits(fraction) => (whole, fraction),
            Some(_) => return None,
            None => (number, ""),
        };
        if !digits(whole) || fraction.len() > 2 {
            return None;
        }
        let whole: u32 = whole.parse().ok()?;
        let fraction: u32 = format!("{fraction:0<2}").parse().ok()?;
        let bp = whole.checked_mul(100)?.checked_add(fraction)?;
        (bp > 0 && bp <= max_percent.saturating_mul(100)).then_some(BasisPoints(bp))
    }

    pub fn bp(self) -> u32 {
        self.0
    }
}

/// `8%`, `8.31%`, `1.50%`: whole percentages without decimals, others with two, as announced.
impl fmt::Display for BasisPoints {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (whole, hundredths) = (self.0 / 100, self.0 % 100);
        if hundredths == 0 {
            write!(f, "{whole}%")
        } else {
            write!(f, "{whole}.{hundredths:02}%")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Money;

    #[test]
    fn percentages_parse_as_typed() {
        assert_eq!(
            BasisPoints::parse_percent("1.2%", 10),
            Some(BasisPoints(120))
        );
        assert_eq!(
            BasisPoints::parse_percent(" 1.4 ", 10),
            Some(BasisPoints(140))
        );
        assert_eq!(BasisPoints::parse_percent("1%", 10), Some(BasisPoints(100)));
        assert_eq!(
            BasisPoints::parse_percent("10", 10),
            Some(BasisPoints(1_000))
        );
        for bad in ["", "0", "12%", "1.234", "-1", "a", ".5", "1."] {
            assert_eq!(BasisPoints::parse_percent(bad, 10), None, "{bad}");
        }
    }

    #[test]
    fn displays_as_announced() {
        assert_eq!(BasisPoints(831).to_string(), "8.31%");
        assert_eq!(BasisPoints(150).to_string(), "1.50%");
        assert_eq!(BasisPoints(800).to_string(), "8%");
        assert_eq!(BasisPoints(5).to_string(), "0.05%");
    }

    #[test]
    fn applies_exactly_to_money() {
        // 8% of a ¥7,162 base is ¥572.96.
        let base = Money::from_yuan(7162);
        assert_eq!(
            base.scale(
                i64::from(BasisPoints(800).bp()),
                i64::from(BasisPoints::WHOLE)
            ),
            Money::from_fen(57_296)
        );
    }
}
