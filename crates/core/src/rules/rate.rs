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
