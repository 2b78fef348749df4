//! The personal pension account (个人账户): what share of the base goes into it, and the national
//! crediting rate (记账利率) it earns each year since 2016.
//!
//! Before 2016 crediting rates were set per province, so there is deliberately no national value
//! for those years: `crediting_rate` answers `None` and the app asks for the official balance.

use super::{BasisPoints, Citation, Confidence};
use crate::model::YearMonth;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonalAccount {
    /// Share of an employee's base credited to the account, by period: unknown (provincial)
    /// before 1998, 11% from 1998 (国发〔1997〕26号) to 2005, 8% since 2006 (国发〔2005〕38号).
    pub employee_share: Vec<SharePeriod>,
    /// Flexible employment: the whole pension rate on the chosen base (20%)…
    pub flexible_total_rate_bp: BasisPoints,
    /// …and the part of it credited to the account (8%).
    pub flexible_account_share_bp: BasisPoints,
    pub source: Citation,
}

/// A rate that applies from one month to another; an open end is `None`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SharePeriod {
    pub from: Option<YearMonth>,
    pub to: Option<YearMonth>,
    /// `None`: no national share for these months (each province had its own).
    pub rate_bp: Option<BasisPoints>,
    /// The document setting this period's share, where it is not the table's own source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Citation>,
}

impl SharePeriod {
    fn contains(&self, month: YearMonth) -> bool {
        self.from.is_none_or(|from| from <= month) && self.to.is_none_or(|to| month <= to)
    }
}

impl PersonalAccount {
    /// The employee share credited for a contribution month; `None` where no national share
    /// applies (before 1998).
    pub fn employee_share(&self, month: YearMonth) -> Option<BasisPoints> {
        self.employee_share
            .iter()
            .find(|p| p.contains(month))
            .and_then(|p| p.rate_bp)
    }

    pub(crate) fn validate(&self) -> Result<(), String> {
        let periods = &self.employee_share;
        let (Some(first), Some(last)) = (periods.first(), periods.last()) else {
            return Err("employee_share is empty".into());
        };
        // Contiguous and open at both ends, so every month has exactly one share.
        if first.from.is_some() || last.to.is_some() {
            return Err("employee_share must be open at both ends".into());
        }
        for pair in periods.windows(2) {
            let joined = pair[0].to.and_then(YearMonth::next) == pair[1].from;
            if !joined || pair[1].from.is_none() {
                return Err("employee_share periods must follow each other without gaps".into());
            }
        }
        for period in periods {
            if let Some(source) = &period.source {
                source.validate()?;
            }
        }
        let all_rates = periods
            .iter()
            .filter_map(|p| p.rate_bp)
            .chain([self.flexible_total_rate_bp, self.flexible_account_share_bp]);
        if all_rates.into_iter().any(|r| r.bp() > BasisPoints::WHOLE) {
            return Err("a rate above 100%".into());
        }
        if self.flexible_account_share_bp > self.flexible_total_rate_bp {
            return Err("flexible_account_share_bp exceeds flexible_total_rate_bp".into());
        }
        self.source.validate()
    }
}

/// How firm a year's crediting rate is: announced nationally, or taken from other disclosures
/// and not yet confirmed against the announcement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RateStatus {
    Official,
    Provisional,
    Estimated,
}

impl RateStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            RateStatus::Official => "official",
            RateStatus::Provisional => "provisional",
            RateStatus::Estimated => "estimated",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreditingRates {
    pub source: Citation,
    pub rates: Vec<CreditingRate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreditingRate {
    pub year: i32,
    pub rate_bp: BasisPoints,
    pub status: RateStatus,
    /// This year's own grade; may be below the table's.
    pub confidence: Confidence,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl CreditingRates {
    /// The national rate for `year`, or `None` where there is none (before 2016, or not yet known).
    pub fn for_year(&self, year: i32) -> Option<&CreditingRate> {
        self.rates.iter().find(|r| r.year == year)
    }

    /// The first and last year with a rate.
    pub fn years(&self) -> Option<(i32, i32)> {
        Some((self.rates.first()?.year, self.rates.last()?.year))
    }

    pub(crate) fn validate(&self) -> Result<(), String> {
        if self.rates.is_empty() {
            return Err("rates is empty".into());
        }
        for pair in self.rates.windows(2) {
            if pair[1].year != pair[0].year + 1 {
                return Err(format!(
                    "rates must be consecutive years ({} then {})",
                    pair[0].year, pair[1].year
                ));
            }
        }
        if let Some(r) = self.rates.iter().find(|r| r.rate_bp.bp() > 2_000) {
            return Err(format!(
                "{}: a crediting rate above 20% is not plausible",
                r.year
            ));
        }
        self.source.validate()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::RuleSet;

    fn ym(y: i32, m: u32) -> YearMonth {
        YearMonth::new(y, m).unwrap()
    }

    #[test]
    fn the_share_drops_from_11_to_8_percent_in_2006() {
        let account = &RuleSet::bundled().national.personal_account;
        // 11% from 1998 (国发〔1997〕26号) to 2005, 8% since 2006; before 1998 provincial.
        assert_eq!(account.employee_share(ym(1997, 12)), None);
        assert_eq!(account.employee_share(ym(1990, 1)), None);
        assert_eq!(account.employee_share(ym(1998, 1)), Some(BasisPoints(1100)));
        assert_eq!(
            account.employee_share(ym(2005, 12)),
            Some(BasisPoints(1100))
        );
        assert_eq!(account.employee_share(ym(2006, 1)), Some(BasisPoints(800)));
        assert_eq!(account.employee_share(ym(2030, 6)), Some(BasisPoints(800)));
        assert_eq!(account.flexible_total_rate_bp, BasisPoints(2000));
        assert_eq!(account.flexible_account_share_bp, BasisPoints(800));
    }

    #[test]
    fn crediting_rates_are_the_checked_ones_with_their_grades() {
        let rates = &RuleSet::bundled().national.crediting_rates;
        let rate = |y| rates.for_year(y).map(|r| r.rate_bp.bp());
        assert_eq!(rates.years(), Some((2016, 2025)));
        assert_eq!(rate(2015), None, "provincial before 2016");
        assert_eq!(rate(2016), Some(831));
        assert_eq!(rate(2020), Some(604));
        assert_eq!(rate(2021), Some(669), "not the circulating 5.35%");
        assert_eq!(rate(2022), Some(612), "not the circulating 3.97%");
        assert_eq!(rate(2023), Some(397));
        assert_eq!(rate(2024), Some(262));
        assert_eq!(rate(2025), Some(150));
        assert_eq!(rate(2026), None);
        let r2025 = rates.for_year(2025).unwrap();
        assert_eq!(
            (r2025.status, r2025.confidence),
            (RateStatus::Provisional, Confidence::Medium)
        );
        assert_eq!(rates.for_year(2023).unwrap().status, RateStatus::Official);
    }
}
