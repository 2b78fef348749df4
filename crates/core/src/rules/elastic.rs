//! Elastic (flexible) retirement under the 2025 reform: a person may retire up to 3 years before
//! the statutory month (never below the original age, and only with the minimum years met) or up
//! to 3 years after it (with the employer's agreement).

use super::Citation;
use crate::model::YearMonth;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ElasticRule {
    pub earlier_max_months: u32,
    pub later_max_months: u32,
    /// Earlier retirement stops at the original age (60/55/50), whatever `earlier_max_months` says.
    pub not_below_original_age: bool,
    pub source: Citation,
}

impl ElasticRule {
    /// The window `[earliest, latest]` around `statutory`; `original` is the month the person
    /// reaches the original age. `None` only when a month falls outside the supported years.
    pub fn window(
        &self,
        statutory: YearMonth,
        original: YearMonth,
    ) -> Option<(YearMonth, YearMonth)> {
        let mut earliest = statutory.add_months(-i64::from(self.earlier_max_months))?;
        if self.not_below_original_age {
            earliest = earliest.max(original);
        }
        let latest = statutory.add_months(i64::from(self.later_max_months))?;
        Some((earliest, latest))
    }

    pub(crate) fn validate(&self) -> Result<(), String> {
        if self.earlier_max_months > 120 || self.later_max_months > 120 {
            return Err("elastic retirement beyond 10 years is not plausible".into());
        }
        self.source.validate()
    }
}
