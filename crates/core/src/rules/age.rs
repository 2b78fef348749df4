//! An age in whole years and months — how the retirement reform and 计发月数 speak of age.
//! Never a fraction of a year: rounding 60y3m to 60 is a known calculator error.

use crate::Lang;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Age {
    pub years: u32,
    /// 0..=11
    pub months: u32,
}

impl Age {
    pub fn from_months(total: u32) -> Age {
        Age {
            years: total / 12,
            months: total % 12,
        }
    }

    pub fn years(years: u32) -> Age {
        Age { years, months: 0 }
    }

    pub fn total_months(self) -> u32 {
        self.years * 12 + self.months
    }

    /// "62岁0个月" / "62 years 0 months".
    pub fn label(self, lang: Lang) -> String {
        match lang {
            Lang::Zh => format!("{}岁{}个月", self.years, self.months),
            Lang::En => format!("{} years {} months", self.years, self.months),
        }
    }
}
