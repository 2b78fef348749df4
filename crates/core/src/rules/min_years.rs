//! Minimum pension contribution years (最低缴费年限): 15 years until 2029, then 6 months more each
//! year from 2030 up to 20 years, for the year the statutory retirement age is reached.
//!
//! Counted in months inside (the rule moves in 6-month steps, so years are exact halves) and
//! written as a plain number of years (15, 17.5) only at the edge.

use super::Citation;
use serde::{Deserialize, Serialize, Serializer};
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MinYearsRule {
    /// Required months while no increase applies (180 = 15 years).
    pub base_months: u32,
    /// The last year the base applies to (2029).
    pub last_base_year: i32,
    /// Months added for each year after `last_base_year` (6).
    pub increase_months_per_year: u32,
    /// The cap (240 = 20 years).
    pub max_months: u32,
    pub source: Citation,
}

impl MinYearsRule {
    /// The minimum for someone reaching the statutory age in `year`.
    pub fn for_year(&self, year: i32) -> ContributionYears {
        let steps = i64::from(year) - i64::from(self.last_base_year);
        let months = if steps <= 0 {
            u64::from(self.base_months)
        } else {
            let raised = u64::from(self.base_months)
                + steps as u64 * u64::from(self.increase_months_per_year);
            raised.min(u64::from(self.max_months))
        };
        ContributionYears::from_months(months as u32)
    }

    /// The first year the cap applies (2039).
    pub fn cap_year(&self) -> i32 {
        let gap = self.max_months - self.base_months;
        let steps = gap.div_ceil(self.increase_months_per_year.max(1));
        self.last_base_year + steps as i32
    }

    pub(crate) fn validate(&self) -> Result<(), String> {
        for (name, value) in [
            ("base_months", self.base_months),
            ("increase_months_per_year", self.increase_months_per_year),
            ("max_months", self.max_months),
        ] {
            // Half-year multiples keep every result an exact 15, 15.5, … 20.
            if value % 6 != 0 {
                return Err(format!("{name} {value} is not a multiple of 6 months"));
            }
        }
        if self.increase_months_per_year == 0 {
            return Err("increase_months_per_year must be > 0".into());
        }
        if self.max_months < self.base_months {
            return Err("max_months is below base_months".into());
        }
        self.source.validate()
    }
}

/// A number of contribution months meant to be read in years: 180 → 15, 210 → 17.5.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ContributionYears {
    months: u32,
}

impl ContributionYears {
    pub fn from_months(months: u32) -> Self {
        ContributionYears { months }
    }

    pub fn months(self) -> u32 {
        self.months
    }
}

/// `15`, `17.5`; other fractions (not produced by the rule) with two decimals, e.g. `15.25`.
impl fmt::Display for ContributionYears {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (years, rest) = (self.months / 12, self.months % 12);
        match rest {
            0 => write!(f, "{years}"),
            6 => write!(f, "{years}.5"),
            _ => write!(f, "{years}.{:02}", rest * 100 / 12),
        }
    }
}

/// A JSON number of years: an integer when whole (`15`), else a float. Months ÷ 12 is exact in
/// binary for every half year, so `17.5` is written exactly.
impl Serialize for ContributionYears {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.months.is_multiple_of(12) {
            s.serialize_u32(self.months / 12)
        } else {
            s.serialize_f64(f64::from(self.months) / 12.0)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_and_serialises_as_years() {
        let y = |m| ContributionYears::from_months(m);
        assert_eq!(y(180).to_string(), "15");
        assert_eq!(y(210).to_string(), "17.5");
        assert_eq!(y(183).to_string(), "15.25");
        assert_eq!(serde_json::to_string(&y(180)).unwrap(), "15");
        assert_eq!(serde_json::to_string(&y(210)).unwrap(), "17.5");
        assert_eq!(serde_json::to_string(&y(240)).unwrap(), "20");
    }
}
