//! A span of months, inclusive at both ends; either end may be open.

use super::YearMonth;
use crate::{Error, Result};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Period {
    pub from: Option<YearMonth>,
    pub to: Option<YearMonth>,
}

impl Period {
    /// A period whose start is not after its end.
    pub fn new(from: Option<YearMonth>, to: Option<YearMonth>) -> Result<Period> {
        if let (Some(from), Some(to)) = (from, to) {
            if from > to {
                return Err(Error::InvalidPeriod { from, to });
            }
        }
        Ok(Period { from, to })
    }

    /// Every month.
    pub const ALL: Period = Period {
        from: None,
        to: None,
    };

    pub fn contains(&self, month: YearMonth) -> bool {
        self.from.is_none_or(|from| month >= from) && self.to.is_none_or(|to| month <= to)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ym(text: &str) -> YearMonth {
        text.parse().unwrap()
    }

    #[test]
    fn bounds_are_inclusive_and_may_be_open() {
        let p = Period::new(Some(ym("2020-01")), Some(ym("2020-12"))).unwrap();
        assert!(p.contains(ym("2020-01")) && p.contains(ym("2020-12")));
        assert!(!p.contains(ym("2019-12")) && !p.contains(ym("2021-01")));
        assert!(Period::ALL.contains(ym("1990-05")));
        let open_end = Period::new(Some(ym("2020-01")), None).unwrap();
        assert!(open_end.contains(ym("2099-01")) && !open_end.contains(ym("2019-01")));
    }

    #[test]
    fn a_start_after_the_end_is_refused() {
        assert!(matches!(
            Period::new(Some(ym("2021-01")), Some(ym("2020-01"))),
            Err(Error::InvalidPeriod { .. })
        ));
    }
}
